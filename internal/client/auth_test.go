package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// runConcurrently calls fn from n goroutines at once and returns their errors.
func runConcurrently(n int, fn func() error) []error {
	errs := make([]error, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			errs[i] = fn()
		}()
	}
	start.Done()
	done.Wait()
	return errs
}

func TestAuthSendsCredentialsAndToken(t *testing.T) {
	f := newFakeAPI(t)
	var authHeaders http.Header
	f.handle("GET /api/v1.0/roles", func(w http.ResponseWriter, r *http.Request) {
		authHeaders = r.Header.Clone()
		writeJSON(w, http.StatusOK, []map[string]string{{"roleId": "api_default", "name": "API default role"}})
	})
	c := f.client(func(cfg *Config) { cfg.AppName = "my-integration" })
	for range 3 {
		if _, err := c.ListRoles(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.count(routeAuth); got != 1 {
		t.Errorf("/auth called %d times for 3 calls with a valid token, want 1 (the token is cached)", got)
	}
	if authHeaders.Get("Authtoken") == "" || authHeaders.Get("password") != "" {
		t.Errorf("API call headers: Authtoken %q, password present %v", authHeaders.Get("Authtoken"), authHeaders.Get("password") != "")
	}
}

// TestConcurrentRenewalBeforeExpiryAuthenticatesOnce runs on synctest's fake
// clock, which starts on a whole second: the token's iat and exp (seconds)
// are exact, so the renewal moment is too.
func TestConcurrentRenewalBeforeExpiryAuthenticatesOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(t)
		f.tokenTTL.Store(int64(2 * time.Second)) // renewed 200ms (10%) before exp, at 1.8s
		f.handle(routeUsers, usersHandler())
		c := f.client()
		ctx := t.Context()
		if _, err := c.ListUsers(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1799 * time.Millisecond) // just before the renewal margin
		if _, err := c.ListUsers(ctx); err != nil {
			t.Fatal(err)
		}
		if got := f.count(routeAuth); got != 1 {
			t.Errorf("/auth called %d times before the renewal margin, want 1", got)
		}
		time.Sleep(100 * time.Millisecond) // inside the renewal margin, token still valid
		for _, err := range runConcurrently(50, func() error { _, err := c.ListUsers(ctx); return err }) {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := f.count(routeAuth); got != 2 {
			t.Errorf("/auth called %d times, want 2: one at start, one shared renewal for 50 callers", got)
		}
		if got := f.count(routeUsers); got != 52 {
			t.Errorf("/users called %d times, want 52 (no 401 round trips)", got)
		}
	})
}

func TestConcurrent401sShareOneAuthentication(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, usersHandler())
	c := f.client()
	ctx := context.Background()
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	f.revokeTokens() // e.g. the server restarted: every token is refused
	for _, err := range runConcurrently(50, func() error { _, err := c.ListUsers(ctx); return err }) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := f.count(routeAuth); got != 2 {
		t.Errorf("/auth called %d times, want 2: 50 callers hitting 401 together share one authentication", got)
	}
}

func TestPersistent401IsRetriedOnceNotLooped(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "token refused"})
	})
	_, err := f.client().ListUsers(context.Background())
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
	if a, u := f.count(routeAuth), f.count(routeUsers); a != 2 || u != 2 {
		t.Errorf("/auth %d times, /users %d times; want 2 and 2 (one re-authentication, one repeat)", a, u)
	}
	if !strings.Contains(err.Error(), "token refused") || !strings.Contains(err.Error(), "freshly issued token") {
		t.Errorf("message %q should give the server's reason and say a new token was refused too", err)
	}
}

func TestRefusedCredentials(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, usersHandler())
	c := f.client(func(cfg *Config) { cfg.Password = "Wrong-Passw0rd-123" })
	_, err := c.ListUsers(context.Background())
	var apiErr *APIError
	if !errors.Is(err, ErrUnauthorized) || !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError matching ErrUnauthorized", err)
	}
	if apiErr.Path != "/auth" || !strings.Contains(err.Error(), "not ACTIVE") || strings.Contains(err.Error(), "Wrong-Passw0rd-123") {
		t.Errorf("message %q should name /auth, mention inactive users and never the password", err)
	}
	if got := f.count(routeAuth); got != 1 {
		t.Errorf("/auth called %d times, want 1: a 401 from /auth is final", got)
	}
	if got := f.count(routeUsers); got != 0 {
		t.Errorf("/users called %d times without a token", got)
	}
}

// TestAuthenticateGetsTheTokenLaterCallsUse: Authenticate is the one GET
// /auth; calling it again, and the calls after it, use the same token.
func TestAuthenticateGetsTheTokenLaterCallsUse(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, usersHandler())
	c := f.client()
	ctx := context.Background()
	for range 2 {
		if err := c.Authenticate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.count(routeAuth); got != 1 {
		t.Errorf("/auth called %d times for two Authenticate and one ListUsers, want 1", got)
	}
}

func TestAuthenticateRefusedCredentials(t *testing.T) {
	f := newFakeAPI(t)
	const wrong = "Wrong-Passw0rd-123"
	err := f.client(func(cfg *Config) { cfg.Password = wrong }).Authenticate(context.Background())
	var apiErr *APIError
	if !errors.Is(err, ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Path != authPath {
		t.Fatalf("err = %v, want an *APIError of GET /auth matching ErrUnauthorized", err)
	}
	if msg := err.Error(); !strings.Contains(msg, `user "admin"`) || !strings.Contains(msg, "not ACTIVE") || strings.Contains(msg, wrong) {
		t.Errorf("message %q should name the user and inactive users, and never the password", msg)
	}
	if got := f.count(routeAuth); got != 1 {
		t.Errorf("/auth called %d times, want 1: a 401 from /auth is final", got)
	}
}

func TestAuthenticateUnreachable(t *testing.T) {
	endpoint := closedEndpoint(t)
	err := clientFor(t, endpoint, func(cfg *Config) { cfg.MaxRetries = 1 }).Authenticate(context.Background())
	if want := "GET /auth: connection refused at " + endpoint + "; tried 2 times"; err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, ErrUnauthorized) {
		t.Errorf("err %v should match ECONNREFUSED and not ErrUnauthorized", err)
	}
}

func TestRenewalTime(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	sign := func(claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("k"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name  string
		token string
		want  time.Time
	}{
		{"long lifetime renews 30s early", sign(jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(15 * time.Minute).Unix()}), now.Add(15*time.Minute - 30*time.Second)},
		{"short lifetime renews 10% early", sign(jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(100 * time.Second).Unix()}), now.Add(90 * time.Second)},
		{"no exp relies on 401", sign(jwt.MapClaims{"sub": "x"}), time.Time{}},
		{"already expired (clock skew) relies on 401", sign(jwt.MapClaims{"exp": now.Add(-time.Minute).Unix()}), time.Time{}},
		{"opaque token relies on 401", "not-a-jwt", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renewalTime(tt.token, now); !got.Equal(tt.want) {
				t.Errorf("renewalTime = %v, want %v", got, tt.want)
			}
		})
	}
}
