package mockserver

import (
	"net/http"
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	s, admin := startServer(t, Options{})
	other := Start(t, Options{}) // a second server in the same process has its own counts
	admin.wantStatus(http.StatusOK, http.MethodGet, "/api/v1.0/users/admin", nil)
	admin.wantStatus(http.StatusNotFound, http.MethodGet, "/api/v1.0/users/ghost", nil)
	admin.wantStatus(http.StatusNotFound, http.MethodGet, "/nowhere", nil)

	text := string((&apiCaller{t: t, base: s.URL()}).wantStatus(http.StatusOK, http.MethodGet, RouteMetrics, nil))
	for _, want := range []string{
		"# TYPE apiusers_mock_requests_total counter",
		`apiusers_mock_requests_total{code="200",method="GET",route="/api/v1.0/users/{userID}"} 1`,
		`apiusers_mock_requests_total{code="404",method="GET",route="/api/v1.0/users/{userID}"} 1`,
		`apiusers_mock_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`apiusers_mock_requests_total{code="200",method="GET",route="/api/v1.0/auth"} 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s:\n%s", want, text)
		}
	}
	if strings.Contains(text, "/api/v1.0/users/admin") {
		t.Errorf("metrics label a concrete path instead of the template")
	}
	if got := s.Requests(http.MethodGet, RouteUser); got != 2 {
		t.Fatalf("Requests(GET, RouteUser) = %d, want 2", got)
	}
	if got := other.Requests(http.MethodGet, RouteUser); got != 0 {
		t.Fatalf("the other server counted %d", got)
	}
	s.ResetRequests()
	if got := s.Requests(http.MethodGet, RouteUser); got != 0 {
		t.Fatalf("after ResetRequests: %d", got)
	}
}
