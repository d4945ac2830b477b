package faults_test

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/apiusers/terraform-provider-apiusers/internal/mockserver"
)

// mockHost serves a mockserver through an http.Server of its own, so that
// every request is recorded (time, route, status, authentications in flight)
// and the server can be restarted on the same address from its state file.
type mockHost struct {
	t    *testing.T
	opts mockserver.Options
	addr string
	// conns hands the connections of the one listener the host keeps to
	// the http.Server of the moment.
	conns    *connDispatcher
	rec      *recorder
	mu       sync.Mutex
	srv      *mockserver.Server
	http     *http.Server
	previous []*mockserver.Server // instances before restarts, for their counters
	injected map[string]int       // faults the harness injects itself: restart, sigint, revoke
	// syncsToRevoke is how many of the next syncs find every token revoked
	// as they arrive; see revokeTokensBeforeSyncs.
	syncsToRevoke atomic.Int64
}

// noteFault counts a fault the test injects from outside the mock.
func (h *mockHost) noteFault(kind string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.injected[kind]++
}

// startMock starts a mock that allows any number of active API users and
// keeps its state in a file, so that restartMock can bring it back.
func startMock(t *testing.T, opts mockserver.Options) *mockHost {
	t.Helper()
	if opts.MaxActiveAPIUsers == 0 {
		opts.MaxActiveAPIUsers = -1
	}
	if opts.StateFile == "" {
		opts.StateFile = filepath.Join(t.TempDir(), "mock-state.json")
	}
	h := &mockHost{t: t, opts: opts, injected: map[string]int{}}
	h.rec = newRecorder(h.userExists)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.addr = ln.Addr().String()
	h.conns = dispatch(ln)
	h.serve()
	t.Cleanup(func() { h.stop(); _ = ln.Close() })
	return h
}

func (h *mockHost) serve() {
	srv, err := mockserver.New(h.opts)
	if err != nil {
		h.t.Fatalf("mockserver.New: %v", err)
	}
	hs := &http.Server{Handler: h.rec.wrap(h.revokeBeforeSync(srv.Handler())), ReadHeaderTimeout: 10 * time.Second}
	h.mu.Lock()
	h.srv, h.http = srv, hs
	h.mu.Unlock()
	go func() { _ = hs.Serve(h.conns.listener()) }()
}

func (h *mockHost) stop() {
	h.mu.Lock()
	hs := h.http
	h.mu.Unlock()
	_ = hs.Close()
}

// restart stops the server abruptly (open connections are cut, as in a
// crash) and starts a new one on the same address from the state file.
// The address stays bound: binding it again could race with the OS or with
// another process taking the port.
func (h *mockHost) restart() {
	h.noteFault("restart")
	h.stop()
	h.mu.Lock()
	faults := h.opts.Faults
	h.previous = append(h.previous, h.srv)
	h.mu.Unlock()
	h.opts.Faults = faults
	h.serve()
}

// connDispatcher accepts on one listener and hands each connection to
// whichever of its listener views is open, so that servers can come and go
// on one address.
type connDispatcher struct {
	addr  net.Addr
	conns chan net.Conn
}

func dispatch(ln net.Listener) *connDispatcher {
	d := &connDispatcher{addr: ln.Addr(), conns: make(chan net.Conn)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return // the host's listener is closed
			}
			d.conns <- c
		}
	}()
	return d
}

// listener is a view for one http.Server; closing it leaves the address
// bound for the next.
func (d *connDispatcher) listener() net.Listener {
	return &connView{d: d, closed: make(chan struct{})}
}

type connView struct {
	d      *connDispatcher
	closed chan struct{}
	once   sync.Once
}

func (v *connView) Accept() (net.Conn, error) {
	select {
	case <-v.closed:
		return nil, net.ErrClosed
	case c := <-v.d.conns:
		select {
		case <-v.closed: // closed meanwhile: the connection is the next server's
			go func() { v.d.conns <- c }()
			return nil, net.ErrClosed
		default:
			return c, nil
		}
	}
}

func (v *connView) Close() error {
	v.once.Do(func() { close(v.closed) })
	return nil
}

func (v *connView) Addr() net.Addr { return v.d.addr }

// revokeTokensBeforeSyncs makes the next n syncs arrive with a revoked
// token, so that each is answered 401 and the client must authenticate
// again and repeat it. Unlike a revocation on a timer, this cannot miss a
// fast apply.
func (h *mockHost) revokeTokensBeforeSyncs(n int) {
	h.syncsToRevoke.Store(int64(n))
}

func (h *mockHost) revokeBeforeSync(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if routeOf(req.URL.Path) == mockserver.RouteSync && h.syncsToRevoke.Add(-1) >= 0 {
			h.server().ExpireTokens()
			h.noteFault("revoke")
		}
		next.ServeHTTP(w, req)
	})
}

// server is the current mockserver instance.
func (h *mockHost) server() *mockserver.Server {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.srv
}

// userExists reports whether the current instance has the user; the
// recorder uses it to spot an ADD of a user that already exists.
func (h *mockHost) userExists(loginID string) bool {
	_, ok := h.server().User(loginID)
	return ok
}

func (h *mockHost) URL() string { return "http://" + h.addr }

// setFaults changes the faults of the current instance and of any instance
// a restart starts later.
func (h *mockHost) setFaults(f mockserver.Faults) {
	h.mu.Lock()
	h.opts.Faults = f
	h.mu.Unlock()
	h.server().SetFaults(f)
}

// faultCounts adds up FaultCounts over every instance this host ran, with
// the faults the harness injected and the 401s the mock answered.
func (h *mockHost) faultCounts() map[string]int {
	h.mu.Lock()
	all := append(append([]*mockserver.Server(nil), h.previous...), h.srv)
	total := maps.Clone(h.injected)
	h.mu.Unlock()
	if n := h.rec.count(func(q recordedRequest) bool { return q.status == http.StatusUnauthorized }); n > 0 {
		total["401"] = n
	}
	for _, s := range all {
		for k, v := range s.FaultCounts() {
			total[k] += v
		}
	}
	return total
}

// recorder remembers every request the mock answered.
type recorder struct {
	userExists func(loginID string) bool

	mu           sync.Mutex
	addsSent     int             // ADD operations in sync bodies
	duplicateAdd []string        // ADDs of users that already existed when the sync arrived
	tokens       map[string]bool // every Authtoken header seen, for the leak test
	requests     []recordedRequest
	authInFlight int
	maxAuth      int // most GET /auth in flight at once
}

type recordedRequest struct {
	at     time.Time // when the request arrived
	method string
	route  string // the mock's route template
	status int    // 0: the connection was dropped or cut
}

func newRecorder(userExists func(string) bool) *recorder {
	return &recorder{userExists: userExists, tokens: map[string]bool{}}
}

func (r *recorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		entry := recordedRequest{at: time.Now(), method: req.Method, route: routeOf(req.URL.Path)}
		if tok := req.Header.Get("Authtoken"); tok != "" {
			r.mu.Lock()
			r.tokens[tok] = true
			r.mu.Unlock()
		}
		isAuth := entry.route == mockserver.RouteAuth
		if entry.route == mockserver.RouteSync {
			r.inspectSync(req)
		}
		if isAuth {
			r.mu.Lock()
			r.authInFlight++
			r.maxAuth = max(r.maxAuth, r.authInFlight)
			r.mu.Unlock()
		}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			r.mu.Lock()
			if isAuth {
				r.authInFlight--
			}
			entry.status = sw.status
			r.requests = append(r.requests, entry)
			r.mu.Unlock()
		}()
		next.ServeHTTP(sw, req)
	})
}

// inspectSync counts the ADD operations of a sync body, and those whose user
// already exists: a client that re-sends an applied ADD after an ambiguous
// failure, instead of reading back, shows up here.
func (r *recorder) inspectSync(req *http.Request) {
	data, err := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return
	}
	var ops []struct {
		Method      string `json:"method"`
		UserLoginID string `json:"userLoginId"`
	}
	if json.Unmarshal(data, &ops) != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, op := range ops {
		if op.Method != "ADD" {
			continue
		}
		r.addsSent++
		if r.userExists(op.UserLoginID) {
			r.duplicateAdd = append(r.duplicateAdd, op.UserLoginID)
		}
	}
}

// seenTokens are the tokens clients sent.
func (r *recorder) seenTokens() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Collect(maps.Keys(r.tokens))
}

// adds is how many ADD operations were sent.
func (r *recorder) adds() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.addsSent
}

// duplicateAdds are the ADDs sent for users that already existed.
func (r *recorder) duplicateAdds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.duplicateAdd...)
}

// excuseRefusedAdds takes one ADD of each of loginIDs out of duplicateAdds:
// an ADD a scenario provoked on purpose by making terraform create a user
// beside the one it replaces (create_before_destroy), which the server
// refused. It duplicated nothing; every other ADD of an existing user still
// counts.
func (r *recorder) excuseRefusedAdds(loginIDs ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, id := range loginIDs {
		if i := slices.Index(r.duplicateAdd, id); i >= 0 {
			r.duplicateAdd = slices.Delete(r.duplicateAdd, i, i+1)
		}
	}
}

// snapshot returns the requests recorded so far, in arrival order.
func (r *recorder) snapshot() []recordedRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := append([]recordedRequest(nil), r.requests...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

func (r *recorder) maxAuthInFlight() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.maxAuth
}

// count counts recorded requests that match.
func (r *recorder) count(match func(recordedRequest) bool) int {
	n := 0
	for _, q := range r.snapshot() {
		if match(q) {
			n++
		}
	}
	return n
}

// byRoute counts requests by "METHOD route".
func (r *recorder) byRoute() map[string]int {
	counts := map[string]int{}
	for _, q := range r.snapshot() {
		counts[q.method+" "+strings.TrimPrefix(q.route, "/api/v1.0")]++
	}
	return counts
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets the mock hijack the connection to drop it (Faults.DropRate).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

var routeTemplates = []string{
	mockserver.RouteAuth, mockserver.RouteUsers, mockserver.RouteSync, mockserver.RouteUser,
	mockserver.RouteRoles, mockserver.RouteRoleUsers, mockserver.RouteRoleUser,
	mockserver.RouteProjects, mockserver.RouteProjectPrivileges, mockserver.RouteProjectUserPrivileges,
	mockserver.RouteBranches, mockserver.RouteGroups, mockserver.RouteMetrics,
}

// routeOf maps a path to the mock's route template ({x} matches one
// segment); literal templates come first in routeTemplates, so /users/sync
// is not taken for /users/{userID}.
func routeOf(path string) string {
	segs := strings.Split(path, "/")
	for _, tmpl := range routeTemplates {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		match := true
		for i := range ts {
			if !strings.HasPrefix(ts[i], "{") && ts[i] != segs[i] {
				match = false
				break
			}
		}
		if match {
			return tmpl
		}
	}
	return "unmatched"
}
