package mockserver

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestAuthCredentials(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addAPIUser("svc-ok"), with(addAPIUser("svc-off"), "status", "INACTIVE"),
		with(addAPIUser("svc-bin"), "status", "TRASH"), addPerson("nopass"))
	cases := []struct {
		name, user, password string
		want                 int
	}{
		{"admin", s.AdminUsername(), s.AdminPassword(), http.StatusOK},
		{"login id in other case", "SVC-OK", testPassword, http.StatusOK},
		{"wrong password", "svc-ok", testPassword + "x", http.StatusUnauthorized},
		{"unknown user", "nobody", testPassword, http.StatusUnauthorized},
		{"inactive", "svc-off", testPassword, http.StatusUnauthorized},
		{"trash", "svc-bin", testPassword, http.StatusUnauthorized},
		{"user without password", "nopass", "", http.StatusUnauthorized},
		{"no headers", "", "", http.StatusUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, token := authenticateHTTP(t, s, tc.user, tc.password)
			if code != tc.want || (code == http.StatusOK) != (token != "") {
				t.Fatalf("code %d token empty=%v, want %d", code, token == "", tc.want)
			}
		})
	}
}

// TestAuthTokenClaims checks the JWT: HS256 with sub, app, iat, exp, and a
// lifetime of the user's tokenExpires when set.
func TestAuthTokenClaims(t *testing.T) {
	s, _ := startServer(t, Options{TokenTTL: 7 * time.Minute})
	if err := s.SeedUser(SeedUser{UserRecord: UserRecord{UserID: "short-lived", FirstName: "S", LastName: "L",
		APIUser: true, TokenExpires: 60}, Password: testPassword}); err != nil {
		t.Fatal(err)
	}
	for user, ttl := range map[string]time.Duration{s.AdminUsername(): 7 * time.Minute, "short-lived": time.Minute} {
		password := testPassword
		if user == s.AdminUsername() {
			password = s.AdminPassword()
		}
		c := login(t, s, user, password)
		var claims tokenClaims
		tok, err := jwt.ParseWithClaims(c.token, &claims, func(*jwt.Token) (any, error) { return s.signingKey, nil })
		if err != nil || tok.Method.Alg() != "HS256" {
			t.Fatalf("%s: token does not verify as HS256: %v", user, err)
		}
		if claims.Subject != user || claims.App != "mockserver-test" || claims.IssuedAt == nil ||
			claims.ExpiresAt.Sub(claims.IssuedAt.Time) != ttl {
			t.Fatalf("%s: claims %+v, want lifetime %v", user, claims, ttl)
		}
	}
}

// TestAuthRejectedTokens: every bad token gets 401 {"error": ...}.
func TestAuthRejectedTokens(t *testing.T) {
	s, admin := startServer(t, Options{})
	sign := func(method jwt.SigningMethod, key any, iat, exp time.Time) string {
		tok, err := jwt.NewWithClaims(method, tokenClaims{App: "x", RegisteredClaims: jwt.RegisteredClaims{
			Subject: s.AdminUsername(), IssuedAt: jwt.NewNumericDate(iat), ExpiresAt: jwt.NewNumericDate(exp),
		}}).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	now := time.Now()
	noExp, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": s.AdminUsername(), "app": "x", "iat": now.Unix()}).SignedString(s.signingKey)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ token, want string }{
		"missing":     {"", "missing Authtoken"},
		"malformed":   {"not.a.jwt", "invalid"},
		"expired":     {sign(jwt.SigningMethodHS256, s.signingKey, now.Add(-time.Hour), now.Add(-time.Minute)), "expired"},
		"alg none":    {sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, now, now.Add(time.Hour)), "invalid"},
		"other key":   {sign(jwt.SigningMethodHS256, []byte("another-key-another-key-another!"), now, now.Add(time.Hour)), "invalid"},
		"HS512":       {sign(jwt.SigningMethodHS512, s.signingKey, now, now.Add(time.Hour)), "invalid"},
		"no exp":      {noExp, "invalid"},
		"future iat":  {sign(jwt.SigningMethodHS256, s.signingKey, now.Add(time.Hour), now.Add(2*time.Hour)), "invalid"},
		"valid admin": {admin.token, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := &apiCaller{t: t, base: s.URL(), token: tc.token}
			if tc.want == "" {
				c.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
				return
			}
			c.wantError(http.StatusUnauthorized, tc.want, http.MethodGet, RouteUsers, nil)
			if strings.Contains(tc.token, ".") {
				_, body := c.do(http.MethodGet, RouteUsers, nil)
				if strings.Contains(string(body), tc.token) {
					t.Fatalf("error body echoes the token")
				}
			}
		})
	}
}

// TestAuthSubjectMustStayActive: a token dies with its user's ACTIVE status.
func TestAuthSubjectMustStayActive(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addAPIUser("svc-a"), addAPIUser("svc-b"))
	a, b := login(t, s, "svc-a", testPassword), login(t, s, "svc-b", testPassword)
	a.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	admin.mustSync(op{"method": "MODIFY", "userLoginId": "svc-a", "status": "INACTIVE"}, op{"method": "DELETE", "userLoginId": "svc-b"})
	a.wantError(http.StatusUnauthorized, "not ACTIVE", http.MethodGet, RouteUsers, nil)
	b.wantError(http.StatusUnauthorized, "no longer exists", http.MethodGet, RouteUsers, nil)
}

// TestAuthWritesNeedAccountAdmin: reads work with any token; every write
// route answers 403 without account_admin, and works once it is assigned.
func TestAuthWritesNeedAccountAdmin(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addAPIUser("svc-reader"))
	reader := login(t, s, "svc-reader", testPassword)
	for _, path := range []string{RouteUsers, "/api/v1.0/users/svc-reader", RouteRoles, "/api/v1.0/roles/read_only/users",
		RouteProjects, "/api/v1.0/projects/badges/privileges", RouteBranches, RouteGroups, RouteLimits} {
		reader.wantStatus(http.StatusOK, http.MethodGet, path, nil)
	}
	writes := []struct {
		method, path string
		body         any
	}{
		{http.MethodPut, RouteSync, []op{addPerson("sneaky")}},
		{http.MethodPut, "/api/v1.0/roles/account_admin/users/svc-reader", nil},
		{http.MethodDelete, "/api/v1.0/roles/account_admin/users/admin", nil},
		{http.MethodPut, "/api/v1.0/projects/badges/privileges/svc-reader", map[string]any{"privileges": []string{"access_producer"}}},
		{http.MethodDelete, "/api/v1.0/projects/badges/privileges/svc-reader", nil},
	}
	for _, w := range writes {
		reader.wantError(http.StatusForbidden, RoleAccountAdmin, w.method, w.path, w.body)
	}
	if _, ok := s.User("sneaky"); ok || len(s.RoleHolders(RoleAccountAdmin)) != 1 {
		t.Fatalf("a forbidden write changed something")
	}
	admin.wantStatus(http.StatusNoContent, http.MethodPut, "/api/v1.0/roles/account_admin/users/svc-reader", nil)
	reader.mustSync(addPerson("allowed"))
}

// TestExpireTokens: every earlier token answers 401; new logins work.
func TestExpireTokens(t *testing.T) {
	s, admin := startServer(t, Options{})
	s.ExpireTokens()
	admin.wantError(http.StatusUnauthorized, "invalid", http.MethodGet, RouteUsers, nil)
	login(t, s, s.AdminUsername(), s.AdminPassword()).wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
}

// TestAuthBodyShape checks the 401 body of GET /auth exactly.
func TestAuthBodyShape(t *testing.T) {
	s := Start(t, Options{})
	resp, body := (&apiCaller{t: t, base: s.URL()}).do(http.MethodGet, RouteAuth, nil)
	var got map[string]any
	if err := json.Unmarshal(body, &got); err != nil || resp.StatusCode != http.StatusUnauthorized ||
		len(got) != 2 || got["AuthenticationToken"] != "" || got["Status"] != "401" {
		t.Fatalf("GET /auth without credentials: %d %s", resp.StatusCode, body)
	}
}
