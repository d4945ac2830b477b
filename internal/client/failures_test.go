package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

// closedEndpoint is an endpoint on this machine where nothing listens, so
// every connection is refused at once.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return endpoint
}

// clientFor is a Client for endpoint with the fake's short waits.
func clientFor(t *testing.T, endpoint string, edit ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Endpoint: endpoint, Username: fakeUser, Password: fakePassword, MaxRetries: 3,
		RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 100 * time.Millisecond,
	}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// withToken gives c a token, as if it had authenticated before the server
// went away, so that a test reaches the request it is about.
func withToken(c *Client) *Client {
	c.auth.mu.Lock()
	defer c.auth.mu.Unlock()
	c.auth.generation++
	c.auth.token = "token-from-before"
	return c
}

func requireTexts(t *testing.T, err error, want, not []string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
	for _, n := range not {
		if strings.Contains(msg, n) {
			t.Errorf("message %q contains %q", msg, n)
		}
	}
}

func TestClassifyFailure(t *testing.T) {
	refused := &url.Error{Op: "Put", URL: "http://127.0.0.1:1/api/v1.0/users/sync", Err: &net.OpError{
		Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED},
	}}
	tests := []struct {
		name  string
		err   error
		cause failureCause
		sent  bool // may have reached the server
	}{
		{"connection refused", fmt.Errorf("PUT /users/sync: %w", &transportError{attempts: 4, err: refused}), causeRefused, false},
		{"no such host", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "users.invalid"}}, causeUnreachable, false},
		{"proxy refused", &net.OpError{Op: "proxyconnect", Net: "tcp", Err: errors.New("EOF")}, causeUnreachable, false},
		{"reset after sending", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, causeOther, true},
		{"answer cut off", io.ErrUnexpectedEOF, causeOther, true},
		// The cause is told by type, never by text.
		{"a text that only looks refused", errors.New("dial tcp: connect: connection refused"), causeOther, true},
		{"interrupted", fmt.Errorf("waiting: %w", context.Canceled), causeInterrupted, true},
		{"interrupted while dialling", &net.OpError{Op: "dial", Net: "tcp", Err: context.Canceled}, causeInterrupted, false},
		{"request_timeout", &requestTimeoutError{timeout: time.Second, err: context.DeadlineExceeded}, causeTimeout, true},
		{"the caller's deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), causeDeadline, true},
		{"no token", &unsentError{err: errors.New("GET /auth: 503"), noToken: true}, causeOther, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classifyFailure(tt.err); got != tt.cause {
				t.Errorf("classifyFailure = %v, want %v", got, tt.cause)
			}
			if got := neverSent(tt.err); got == tt.sent {
				t.Errorf("neverSent = %v, want %v", got, !tt.sent)
			}
		})
	}
	if !errors.Is(&requestTimeoutError{}, context.DeadlineExceeded) {
		t.Error("a request_timeout error must still match context.DeadlineExceeded")
	}
}

// TestSyncThatNeverReachedTheServerAppliedNothing: connection refused on
// every try means nothing was sent, so the error must say that nothing was
// applied, not that it may have been, and needs no read-back.
func TestSyncThatNeverReachedTheServerAppliedNothing(t *testing.T) {
	endpoint := closedEndpoint(t)
	t.Run("token held", func(t *testing.T) {
		err := withToken(clientFor(t, endpoint)).TrySync(context.Background(), addAndModifyOps())
		requireTexts(t, err,
			[]string{"PUT /users/sync could not reach the server (connection refused at " + endpoint + "; tried 4 times)",
				"nothing was sent and none of these operations was applied: ADD svc-new, MODIFY jdoe"},
			[]string{"may or may not", "leaves open", "read back", newUserPassword})
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("errors.Is(%v, ECONNREFUSED) = false", err)
		}
		if errors.Is(err, ErrSyncOutcomeUnknown) {
			t.Error("a sync that never reached the server matches ErrSyncOutcomeUnknown")
		}
	})
	t.Run("no token yet", func(t *testing.T) {
		err := clientFor(t, endpoint).TrySync(context.Background(), addAndModifyOps())
		requireTexts(t, err,
			[]string{"PUT /users/sync was not sent because the client could not get a token (GET /auth: connection refused at " + endpoint,
				"none of these operations was applied"},
			[]string{"may or may not", newUserPassword, fakePassword})
		if errors.Is(err, ErrSyncOutcomeUnknown) {
			t.Error("a sync that was never sent matches ErrSyncOutcomeUnknown")
		}
	})
}

// hang holds a request until the client gives up on it. The body is read
// first: only then does the server notice the client hanging up. The timer
// only keeps a broken test from hanging the server's Close.
func hang(_ http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

func TestTimeoutsNameRequestTimeout(t *testing.T) {
	t.Run("no answer", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle(routeUsers, hang)
			_, err := f.client(func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond; cfg.MaxRetries = 1 }).ListUsers(context.Background())
			requireTexts(t, err, []string{"GET /users: the server did not answer within request_timeout (50ms); tried 2 times"},
				[]string{"interrupted", "deadline passed"})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("errors.Is(%v, DeadlineExceeded) = false", err)
			}
		})
	})
	t.Run("answer cut short", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle(routeUsers, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `[{"key": 1,`)
				w.(http.Flusher).Flush()
				hang(w, r)
			})
			_, err := f.client(func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond }).ListUsers(context.Background())
			requireTexts(t, err, []string{"GET /users: reading the answer: the server did not finish its answer within request_timeout (50ms)"}, []string{"interrupted"})
		})
	})
	t.Run("sync", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle(routeSync, hang)
			f.handle(routeUsers, answerFirst(100, http.StatusInternalServerError, "", nil))
			err := f.client(func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond }).TrySync(context.Background(), addAndModifyOps())
			requireTexts(t, err,
				[]string{"PUT /users/sync: the server did not answer within request_timeout (100ms)", "may or may not have been applied",
					"reading the users back to find out failed too (GET /users: the server answered 500", "Operations sent: ADD svc-new, MODIFY jdoe"},
				[]string{"interrupted", newUserPassword})
			if !errors.Is(err, ErrSyncOutcomeUnknown) || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err %v should match ErrSyncOutcomeUnknown and DeadlineExceeded", err)
			}
		})
	})
}

// TestInterruptedCallsSayInterrupted: a cancelled context (Terraform got
// SIGINT) is an interruption, never a timeout, and a sync interrupted
// before anything was sent applied nothing.
func TestInterruptedCallsSayInterrupted(t *testing.T) {
	interruptOnArrival := func(f *fakeAPI, route string) context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		f.handle(route, func(w http.ResponseWriter, r *http.Request) {
			cancel()
			hang(w, r)
		})
		return ctx
	}
	t.Run("read", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := newFakeAPI(t)
			ctx := interruptOnArrival(f, routeUsers)
			_, err := f.client().ListUsers(ctx)
			requireTexts(t, err, []string{"GET /users: interrupted before the server answered (context canceled)"}, []string{"request_timeout", "deadline"})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("errors.Is(%v, Canceled) = false", err)
			}
		})
	})
	t.Run("sync after sending", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := newFakeAPI(t)
			ctx := interruptOnArrival(f, routeSync)
			err := f.client().TrySync(ctx, addAndModifyOps())
			requireTexts(t, err,
				[]string{"PUT /users/sync was interrupted (context canceled) after it was sent and before the server answered",
					"may or may not have been applied, and the users could not be read back to find out", "ADD svc-new, MODIFY jdoe"},
				[]string{"request_timeout", "deadline", newUserPassword})
			if !errors.Is(err, ErrSyncOutcomeUnknown) || !errors.Is(err, context.Canceled) {
				t.Errorf("err %v should match ErrSyncOutcomeUnknown and Canceled", err)
			}
			if n := f.count(routeUsers); n != 0 {
				t.Errorf("%d read-backs after the interruption, want none", n)
			}
		})
	})
	t.Run("sync before sending", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			f := newFakeAPI(t)
			c := f.client()
			if err := c.Authenticate(context.Background()); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := c.TrySync(ctx, addAndModifyOps())
			requireTexts(t, err,
				[]string{"PUT /users/sync was interrupted (context canceled) before it was sent, so none of these operations was applied"},
				[]string{"may or may not", "request_timeout"})
			if errors.Is(err, ErrSyncOutcomeUnknown) {
				t.Error("a sync interrupted before it was sent matches ErrSyncOutcomeUnknown")
			}
			if n := f.count(routeSync); n != 0 {
				t.Errorf("the server saw %d syncs", n)
			}
		})
	})
}

// TestErrSyncOutcomeUnknown: the sentinel matches exactly the failures
// after which some operation may have been applied.
func TestErrSyncOutcomeUnknown(t *testing.T) {
	tests := []struct {
		name    string
		sync    func(t *testing.T, f *fakeAPI, store *syncStore) http.HandlerFunc
		users   http.HandlerFunc // nil: the store's
		unknown bool
		not     []string // texts the error must not contain
		applied string   // the operation the error must name as applied before
	}{
		{"rejected with false", func(t *testing.T, _ *fakeAPI, s *syncStore) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) { s.record(t, r); answerSync(w, false, "") }
		}, nil, false, nil, ""},
		{"400", func(*testing.T, *fakeAPI, *syncStore) http.HandlerFunc {
			return answerFirst(100, http.StatusBadRequest, "", nil)
		}, nil, false, nil, ""},
		// A 403 is about the caller's rights: nothing about active users.
		{"403", func(*testing.T, *fakeAPI, *syncStore) http.HandlerFunc {
			return answerFirst(100, http.StatusForbidden, "", nil)
		}, nil, false, []string{"ACTIVE", "slot", "deactivate"}, ""},
		{"dropped each time, read-back shows nothing applied", func(t *testing.T, _ *fakeAPI, s *syncStore) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) { s.record(t, r); dropConnection(t, w) }
		}, nil, false, nil, ""},
		{"dropped, read-back failed", func(t *testing.T, _ *fakeAPI, s *syncStore) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) { s.record(t, r); dropConnection(t, w) }
		}, answerFirst(100, http.StatusInternalServerError, "", nil), true, nil, ""},
		{"part applied, then 403", func(t *testing.T, _ *fakeAPI, s *syncStore) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				ops := s.record(t, r)
				if s.applyFirstThenDrop(t, w, ops) {
					return
				}
				writeJSON(w, http.StatusForbidden, map[string]string{"error": "not an account_admin"})
			}
		}, nil, true, nil, "showed these operations applied: ADD svc-new"},
		{"part applied, then false", func(t *testing.T, _ *fakeAPI, s *syncStore) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				ops := s.record(t, r)
				if s.applyFirstThenDrop(t, w, ops) {
					return
				}
				answerSync(w, false, "")
			}
		}, nil, true, nil, "showed the other operations applied: ADD svc-new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			store := newSyncStore(map[string]any{"key": 7, "userID": "jdoe", "firstName": "John", "lastName": "Doe"})
			users := tt.users
			if users == nil {
				users = store.serveUsers
			}
			f.handle(routeUsers, users)
			f.handle(routeSync, tt.sync(t, f, store))
			c := f.client()
			err := c.TrySync(context.Background(), addAndModifyOps())
			if err == nil {
				t.Fatal("want an error")
			}
			if got := errors.Is(err, ErrSyncOutcomeUnknown); got != tt.unknown {
				t.Errorf("errors.Is(ErrSyncOutcomeUnknown) = %v, want %v for %v", got, tt.unknown, err)
			}
			var want []string
			if tt.applied != "" {
				want = append(want, tt.applied)
			}
			requireTexts(t, err, want, append(tt.not, newUserPassword))
		})
	}
}

// TestTLSFailureNamesTheCertificate: a certificate the client does not
// trust is said to be one, once, without the noise of the request URL.
func TestTLSFailureNamesTheCertificate(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	err := clientFor(t, srv.URL).Authenticate(context.Background())
	requireTexts(t, err, []string{"GET /auth: the TLS connection to " + srv.URL + " failed: tls: failed to verify certificate: x509:"},
		[]string{"no answer", "/api/v1.0/auth"})
}
