// Package mockserver is an in-memory, strict implementation of the Users API
// (shared/API.md, Parts A and B, or Part A alone: Options.Protocol) with
// fault injection and Prometheus metrics.
// It stands in for a real server in tests and demos; it is written against
// API.md alone, never against the client, so that the two check each other.
package mockserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// Server is one mock backend. It is safe for concurrent use.
type Server struct {
	opts      Options
	branchSet map[int64]bool
	now       func() time.Time

	mu           sync.Mutex // guards st, signingKey and opaqueTokens; never held while sleeping
	st           *store
	signingKey   []byte
	opaqueTokens map[string]opaqueToken // by token; the documented protocol's tokens (tokens.go)

	faults  *faultInjector
	metrics *metrics
	logins  loginThrottle

	mux       *http.ServeMux
	byPattern map[string]*route // the routes of mux, by pattern

	httpServer *http.Server
	listener   net.Listener
}

// New builds a server from opts, loading opts.StateFile when it exists. It
// does not listen yet: call Start, or serve Handler yourself.
func New(opts Options) (*Server, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	s := &Server{
		opts:         opts,
		branchSet:    make(map[int64]bool, len(opts.Branches)),
		now:          time.Now,
		faults:       newFaultInjector(opts.Faults),
		opaqueTokens: map[string]opaqueToken{},
		metrics:      newMetrics(),
	}
	if opts.Now != nil {
		s.now = opts.Now
	}
	s.mux = s.newMux()
	for _, id := range opts.Branches {
		if id <= 0 {
			return nil, fmt.Errorf("branch %d: branch numbers must be positive", id)
		}
		s.branchSet[id] = true
	}
	loaded, err := s.loadState()
	if err != nil {
		return nil, err
	}
	if !loaded {
		if err := s.initialize(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// initialize creates the initial data of API.md: the admin person holding
// account_admin, and a fresh signing key.
func (s *Server) initialize() error {
	key, err := newSigningKey()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signingKey, s.st = key, newStore()
	admin := SeedUser{UserRecord: UserRecord{
		UserID: s.opts.AdminUsername, FirstName: "Account", LastName: "Admin", GroupID: groupAdmin,
	}}
	if err := s.seedLocked(admin); err != nil {
		return fmt.Errorf("creating the admin user: %w", err)
	}
	// The admin's password is the operator's choice, not subject to the
	// policy syncs enforce (the default "Admin-Passw0rd1" contains "admin").
	stored, _ := s.st.user(admin.UserID)
	if err := setPassword(stored, s.opts.AdminPassword, s.now()); err != nil {
		return err
	}
	s.st.assignRole(RoleAccountAdmin, admin.UserID)
	return s.saveLocked()
}

// Start listens on Options.Listen and serves in the background.
func (s *Server) Start() error {
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", s.opts.Listen, err)
	}
	s.listener = ln
	s.httpServer = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.httpServer.Serve(ln) }()
	return nil
}

// TB is what Start needs of a test: testing.TB satisfies it. Start takes
// this rather than testing.TB so that the command, which links this package,
// does not link the testing package.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// Start builds and starts a server for a test and closes it when the test ends.
func Start(t TB, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("mockserver.New: %v", err)
	}
	if err := s.Start(); err != nil {
		t.Fatalf("mockserver.Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// URL is the base address, e.g. "http://127.0.0.1:PORT" (without /api/v1.0).
func (s *Server) URL() string {
	if s.listener == nil {
		return ""
	}
	return "http://" + s.listener.Addr().String()
}

// Handler serves the whole API, for use without Start (e.g. httptest).
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Close stops listening and closes open connections.
func (s *Server) Close() error {
	if s.httpServer == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.httpServer.Shutdown(ctx); err != nil {
		return s.httpServer.Close()
	}
	return nil
}

// AdminUsername is the admin's login id.
func (s *Server) AdminUsername() string { return s.opts.AdminUsername }

// AdminPassword is the admin's initial password (a loaded state file keeps
// whatever password the admin had when it was saved).
func (s *Server) AdminPassword() string { return s.opts.AdminPassword }

// maxBodyBytes bounds request bodies; a sync of thousands of users fits.
const maxBodyBytes = 8 << 20

// serveHTTP serves a request through the mux and counts it under the
// template its route sets (routes.go), or as unmatched.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w, route: routeUnmatched}
	defer func() { s.metrics.count(r.Method, rec.route, rec.codeLabel()) }()
	if !isCleanPath(r.URL.Path) {
		// The mux would redirect it (307 keeps a PUT's method and body),
		// which no Users API server does: a strict stand-in answers 404.
		writeNoRoute(rec, r, false)
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// isCleanPath reports whether p is a path the mux serves without a redirect:
// no empty, "." or ".." segment (a trailing slash is a segment of its own,
// which no route has, so it reaches a 404 through the mux).
func isCleanPath(p string) bool {
	return p == "/" || path.Clean(p) == strings.TrimSuffix(p, "/")
}

// statusRecorder remembers the route and the status code for the request counter.
type statusRecorder struct {
	http.ResponseWriter
	route   string // template, or routeUnmatched
	code    int
	dropped bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (DropRate).
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// codeLabel is the code label of the request counter; "dropped" when the
// connection was closed without an answer.
func (w *statusRecorder) codeLabel() string {
	switch {
	case w.dropped:
		return "dropped"
	case w.code == 0:
		return "200"
	}
	return fmt.Sprint(w.code)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "encoding the answer: %v", err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

type errorBody struct {
	Error string `json:"error"`
}

// writeError answers API.md's error body {"error": "<reason>"}.
func writeError(w http.ResponseWriter, code int, format string, args ...any) {
	writeJSON(w, code, errorBody{Error: fmt.Sprintf(format, args...)})
}

// decodeJSONBody decodes a small request body strictly (unknown fields, trailing data).
func decodeJSONBody(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}
