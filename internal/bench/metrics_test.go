package bench

import (
	"strings"
	"testing"
)

func TestParseRequestCounts(t *testing.T) {
	const text = `# HELP apiusers_mock_requests_total Requests the mock answered.
# TYPE apiusers_mock_requests_total counter
apiusers_mock_requests_total{code="200",method="GET",route="/api/v1.0/users"} 3
apiusers_mock_requests_total{code="429",method="PUT",route="/api/v1.0/users/sync"} 2
apiusers_mock_requests_total{code="200",method="PUT",route="/api/v1.0/users/sync"} 5
apiusers_mock_requests_total{code="200",method="GET",route="/metrics"} 1
go_goroutines 7
`
	counts, err := ParseRequestCounts(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	byRoute := counts.ByRoute()
	if byRoute["GET /users"] != 3 || byRoute["PUT /users/sync"] != 7 || len(byRoute) != 2 {
		t.Errorf("ByRoute() = %v; want GET /users 3, PUT /users/sync 7, /metrics left out", byRoute)
	}
	if got := counts.Code("429"); got != 2 {
		t.Errorf("Code(429) = %v, want 2", got)
	}
	earlier := RequestCounts{{"GET", "/api/v1.0/users", "200"}: 1}
	if got := counts.Since(earlier).ByRoute()["GET /users"]; got != 2 {
		t.Errorf("Since: GET /users = %v, want 2", got)
	}
}

func TestParseRequestCountsRejectsPagesWithoutTheCounter(t *testing.T) {
	if _, err := ParseRequestCounts(strings.NewReader("go_goroutines 7\n")); err == nil {
		t.Error("no error for a page without apiusers_mock_requests_total; a renamed metric would go unnoticed")
	}
	if _, err := ParseRequestCounts(strings.NewReader(requestsMetric + `{code="200"} x` + "\n")); err == nil {
		t.Error("no error for a malformed value")
	}
}
