package client

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/apiusers/terraform-provider-apiusers/internal/memnet"
)

// fakeAPI is a small Users API for edge cases the full mock does not stage
// on demand: it issues real JWTs, counts requests per route, and lets each
// test install its own handlers. It serves in memory (internal/memnet), so a
// test may run it and its client inside a testing/synctest bubble: then
// every wait is on the fake clock. Create it inside the bubble.
type fakeAPI struct {
	t   *testing.T
	net *memnet.Listener
	mux *http.ServeMux

	tokenTTL atomic.Int64 // nanoseconds
	epoch    atomic.Int64 // tokens of an older epoch are refused

	mu     sync.Mutex
	counts map[string]int
	times  map[string][]time.Time
}

const (
	fakeEndpoint = "http://localhost" // any address: the Dialer connects to the fake
	fakeUser     = "admin"
	fakePassword = "Sup3r-Secret-Passw0rd"
	fakeKey      = "test-signing-key"
)

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{t: t, mux: http.NewServeMux(), counts: map[string]int{}, times: map[string][]time.Time{}}
	f.tokenTTL.Store(int64(15 * time.Minute))
	f.mux.HandleFunc("GET /api/v1.0/auth", f.handleAuth)
	f.net = memnet.Serve(t, http.HandlerFunc(f.serve))
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	_, pattern := f.mux.Handler(r)
	f.mu.Lock()
	f.counts[pattern]++
	f.times[pattern] = append(f.times[pattern], time.Now())
	f.mu.Unlock()
	if !strings.HasSuffix(r.URL.Path, "/auth") && !f.tokenValid(r.Header.Get("Authtoken")) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "token missing, malformed or expired"})
		return
	}
	f.mux.ServeHTTP(w, r)
}

func (f *fakeAPI) handleAuth(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("username") != fakeUser || r.Header.Get("password") != fakePassword || r.Header.Get("appName") == "" {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"AuthenticationToken": "", "Status": "401"})
		return
	}
	now := time.Now()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": fakeUser, "app": r.Header.Get("appName"), "epoch": f.epoch.Load(),
		"iat": now.Unix(), "exp": now.Add(time.Duration(f.tokenTTL.Load())).Unix(),
		"jti": now.UnixNano(), // distinct tokens even within one second
	})
	signed, err := tok.SignedString([]byte(fakeKey))
	if err != nil {
		f.t.Errorf("signing: %v", err)
	}
	writeJSON(w, http.StatusOK, map[string]string{"AuthenticationToken": signed, "Status": "200"})
}

func (f *fakeAPI) tokenValid(s string) bool {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(s, claims, func(*jwt.Token) (any, error) { return []byte(fakeKey), nil })
	if err != nil {
		return false
	}
	epoch, _ := claims["epoch"].(float64)
	return int64(epoch) == f.epoch.Load()
}

// revokeTokens makes every token issued so far invalid.
func (f *fakeAPI) revokeTokens() { f.epoch.Add(1) }

func (f *fakeAPI) handle(pattern string, h http.HandlerFunc) { f.mux.HandleFunc(pattern, h) }

func (f *fakeAPI) count(pattern string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.counts[pattern]
}

func (f *fakeAPI) arrivals(pattern string) []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.times[pattern]...)
}

// client returns a Client for the fake with short waits; edit adjusts the
// configuration.
func (f *fakeAPI) client(edit ...func(*Config)) *Client {
	f.t.Helper()
	cfg := Config{
		Endpoint: fakeEndpoint, Dialer: f.net, Username: fakeUser, Password: fakePassword,
		Version: "1.2.3", MaxRetries: 3,
		RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 2 * time.Second,
	}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		f.t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

const (
	routeAuth  = "GET /api/v1.0/auth"
	routeUsers = "GET /api/v1.0/users"
	routeSync  = "PUT /api/v1.0/users/sync"
)

// usersHandler answers GET /users with users.
func usersHandler(users ...map[string]any) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if users == nil {
			users = []map[string]any{}
		}
		writeJSON(w, http.StatusOK, users)
	}
}
