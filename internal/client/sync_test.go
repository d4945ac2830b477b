package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// syncStore is the user list behind a fake PUT /users/sync; tests decide per
// call which operations to apply and how to answer.
type syncStore struct {
	mu     sync.Mutex
	users  []map[string]any
	bodies [][]map[string]any // every sync body received, as wire JSON
}

func newSyncStore(users ...map[string]any) *syncStore { return &syncStore{users: users} }

func (s *syncStore) serveUsers(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.users)
}

// record decodes and stores a sync body, returning its operations.
func (s *syncStore) record(t *testing.T, r *http.Request) []map[string]any {
	var ops []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&ops); err != nil {
		t.Errorf("sync body is not a JSON array: %v", err)
	}
	s.mu.Lock()
	s.bodies = append(s.bodies, ops)
	s.mu.Unlock()
	return ops
}

// apply performs ADD and MODIFY of firstName/lastName, and whole DELETE.
func (s *syncStore) apply(ops ...map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, op := range ops {
		login := op["userLoginId"].(string)
		switch op["method"] {
		case "ADD":
			s.users = append(s.users, map[string]any{"key": 100 + len(s.users), "userID": login,
				"firstName": op["firstName"], "lastName": op["lastName"]})
		case "MODIFY":
			for _, u := range s.users {
				if strings.EqualFold(u["userID"].(string), login) {
					for _, f := range []string{"firstName", "lastName"} {
						if v, ok := op[f]; ok {
							u[f] = v
						}
					}
				}
			}
		case "DELETE":
			for i, u := range s.users {
				if strings.EqualFold(u["userID"].(string), login) {
					s.users = append(s.users[:i], s.users[i+1:]...)
					break
				}
			}
		}
	}
}

// newJDoeFake is a fakeAPI whose GET /users serves a store holding one user,
// John Doe, under the given login id.
func newJDoeFake(t *testing.T, login string) (*fakeAPI, *syncStore) {
	f := newFakeAPI(t)
	store := newSyncStore(map[string]any{"key": 7, "userID": login, "firstName": "John", "lastName": "Doe"})
	f.handle(routeUsers, store.serveUsers)
	return f, store
}

// applyFirstThenDrop, on the first sync request, applies only its first
// operation and drops the connection: the caller cannot know what happened,
// and a read-back shows the ADD but not the MODIFY. It reports whether it
// answered.
func (s *syncStore) applyFirstThenDrop(t *testing.T, w http.ResponseWriter, ops []map[string]any) bool {
	if len(s.sent()) != 1 {
		return false
	}
	s.apply(ops[0])
	dropConnection(t, w)
	return true
}

func (s *syncStore) sent() [][]map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]map[string]any(nil), s.bodies...)
}

// dropConnection closes the connection without an answer, as a crashed
// proxy or a network failure after the server acted would.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	conn.Close()
}

func answerSync(w http.ResponseWriter, applied bool, syncError string) {
	if syncError != "" {
		w.Header().Set("X-Sync-Error", syncError)
	}
	writeJSON(w, http.StatusOK, applied)
}

const newUserPassword = "N3w-User-Passw0rd"

func addAndModifyOps() []SyncOperation {
	pw := newUserPassword
	return []SyncOperation{
		{Method: SyncAdd, UserLoginID: "svc-new", FirstName: ptr("Svc"), LastName: ptr("New"), UserPassword: &pw, APIUser: ptr(true)},
		{Method: SyncModify, UserLoginID: "jdoe", FirstName: ptr("Johnny")},
	}
}

func TestSyncAfterDroppedConnectionResendsOnlyWhatIsMissing(t *testing.T) {
	f, store := newJDoeFake(t, "JDoe")
	f.handle(routeSync, func(w http.ResponseWriter, r *http.Request) {
		ops := store.record(t, r)
		if store.applyFirstThenDrop(t, w, ops) {
			return
		}
		store.apply(ops...)
		answerSync(w, true, "")
	})
	if err := f.client().TrySync(context.Background(), addAndModifyOps()); err != nil {
		t.Fatal(err)
	}
	bodies := store.sent()
	if len(bodies) != 2 {
		t.Fatalf("%d sync requests, want 2 (the first, then the missing part once)", len(bodies))
	}
	resent := bodies[1]
	if len(resent) != 1 || resent[0]["method"] != "MODIFY" || resent[0]["userLoginId"] != "jdoe" || resent[0]["firstName"] != "Johnny" {
		t.Errorf("re-sent %v, want only the MODIFY of jdoe", resent)
	}
	if got := f.count(routeUsers); got != 1 {
		t.Errorf("%d read-backs, want 1", got)
	}
	if wire := bodies[0][0]; wire["userPassword"] != newUserPassword || wire["apiUser"] != true {
		t.Errorf("ADD on the wire: %v", wire)
	}
}

func TestSyncAppliedBeforeFailureIsNotResent(t *testing.T) {
	failures := map[string]func(*testing.T, http.ResponseWriter){
		"dropped connection": dropConnection,
		"502": func(_ *testing.T, w http.ResponseWriter) {
			writeJSON(w, http.StatusBadGateway, map[string]string{"error": "upstream"})
		},
		"500": func(_ *testing.T, w http.ResponseWriter) {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "oops"})
		},
		"504": func(_ *testing.T, w http.ResponseWriter) {
			writeJSON(w, http.StatusGatewayTimeout, map[string]string{"error": "timeout"})
		},
		// Gateways that answer in the server's place: a success code
		// without true or false says nothing of what was applied.
		"201": func(_ *testing.T, w http.ResponseWriter) { w.WriteHeader(http.StatusCreated) },
		"202": func(_ *testing.T, w http.ResponseWriter) {
			writeJSON(w, http.StatusAccepted, map[string]string{"status": "accepted"})
		},
		"204":       func(_ *testing.T, w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) },
		"200 empty": func(_ *testing.T, w http.ResponseWriter) { w.WriteHeader(http.StatusOK) },
		// A redirect is never followed (it would carry the token
		// elsewhere), and a 303 says the request was handled.
		"303": func(_ *testing.T, w http.ResponseWriter) {
			w.Header().Set("Location", "/api/v1.0/users")
			w.WriteHeader(http.StatusSeeOther)
		},
		"307": func(_ *testing.T, w http.ResponseWriter) {
			w.Header().Set("Location", "https://elsewhere.example/api/v1.0/users/sync")
			w.WriteHeader(http.StatusTemporaryRedirect)
		},
		"520": func(_ *testing.T, w http.ResponseWriter) { w.WriteHeader(520) }, // a CDN's "unknown error" from the origin
	}
	for name, fail := range failures {
		t.Run(name, func(t *testing.T) {
			f, store := newJDoeFake(t, "jdoe")
			f.handle(routeSync, func(w http.ResponseWriter, r *http.Request) {
				store.apply(store.record(t, r)...)
				fail(t, w)
			})
			if err := f.client().TrySync(context.Background(), addAndModifyOps()); err != nil {
				t.Fatal(err)
			}
			if got := len(store.sent()); got != 1 {
				t.Errorf("%d sync requests, want 1: the read-back shows everything applied", got)
			}
		})
	}
}

// TestSyncAnsweredWithoutTrueOrFalseIsReadBack: a gateway's 204 for a sync
// the server did not apply is not "nothing applied, stop": the client reads
// the users back, finds the operations missing and sends them again.
func TestSyncAnsweredWithoutTrueOrFalseIsReadBack(t *testing.T) {
	f, store := newJDoeFake(t, "jdoe")
	f.handle(routeSync, func(w http.ResponseWriter, r *http.Request) {
		ops := store.record(t, r)
		if len(store.sent()) == 1 {
			w.WriteHeader(http.StatusNoContent) // not applied
			return
		}
		store.apply(ops...)
		answerSync(w, true, "")
	})
	if err := f.client().TrySync(context.Background(), addAndModifyOps()); err != nil {
		t.Fatal(err)
	}
	if s, u := len(store.sent()), f.count(routeUsers); s != 2 || u != 1 {
		t.Errorf("%d sync requests and %d read-backs, want 2 and 1", s, u)
	}
}

func TestSyncNeverLoopsOnRepeatedAmbiguousFailures(t *testing.T) {
	f, store := newJDoeFake(t, "jdoe")
	f.handle(routeSync, func(w http.ResponseWriter, r *http.Request) {
		store.record(t, r)
		dropConnection(t, w) // never applied
	})
	err := f.client().TrySync(context.Background(), addAndModifyOps())
	if err == nil {
		t.Fatal("want an error")
	}
	// The fake client has MaxRetries 3: one send and three re-sends, each
	// after a read-back, then a readable error rather than a loop.
	if got := len(store.sent()); got != 4 {
		t.Errorf("%d sync requests, want 4 (1 + MaxRetries)", got)
	}
	if msg := err.Error(); !strings.Contains(msg, "ADD svc-new, MODIFY jdoe") || strings.Contains(msg, newUserPassword) {
		t.Errorf("message %q should list the unconfirmed operations and never the password", msg)
	}
}

func TestSyncRetriesRateLimitWithoutReadBack(t *testing.T) {
	f := newFakeAPI(t)
	store := newSyncStore()
	f.handle(routeUsers, store.serveUsers)
	f.handle(routeSync, answerFirst(1, http.StatusTooManyRequests, "0", func(w http.ResponseWriter, r *http.Request) {
		store.apply(store.record(t, r)...)
		answerSync(w, true, "")
	}))
	ops := addAndModifyOps()[:1]
	if err := f.client().TrySync(context.Background(), ops); err != nil {
		t.Fatal(err)
	}
	if s, u := f.count(routeSync), f.count(routeUsers); s != 2 || u != 0 {
		t.Errorf("%d sync requests and %d read-backs; want 2 and 0 (a 429 applied nothing)", s, u)
	}
}

func TestSyncBadRequestIsFinal(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeSync, answerFirst(100, http.StatusBadRequest, "", nil))
	err := f.client().TrySync(context.Background(), addAndModifyOps())
	if !errors.Is(err, ErrBadRequest) {
		t.Fatalf("err = %v, want ErrBadRequest", err)
	}
	if s, u := f.count(routeSync), f.count(routeUsers); s != 1 || u != 0 {
		t.Errorf("%d sync requests, %d read-backs; want 1 and 0", s, u)
	}
}

func TestTrySyncFalseUsesXSyncError(t *testing.T) {
	f := newFakeAPI(t)
	store := newSyncStore()
	f.handle(routeUsers, store.serveUsers)
	f.handle(routeSync, func(w http.ResponseWriter, r *http.Request) {
		store.record(t, r)
		answerSync(w, false, "1: user jdoe does not exist")
	})
	err := f.client().TrySync(context.Background(), addAndModifyOps())
	var syncErr *SyncError
	if !errors.As(err, &syncErr) {
		t.Fatalf("err = %v, want *SyncError", err)
	}
	if syncErr.Index != 1 || syncErr.Reason != "user jdoe does not exist" || syncErr.Detail != "" {
		t.Errorf("SyncError = %+v", syncErr)
	}
	if f.count(routeUsers) != 0 {
		t.Error("TrySync read the users back")
	}
	if syncErr.Operations[0].UserPassword != nil || strings.Contains(err.Error(), newUserPassword) {
		t.Error("the password leaked into the SyncError")
	}
}

// TestTrySyncFalseWithoutReason: a server that gives no reason leaves the
// index unknown; the error still names what was sent, and the client does
// not read the users back (the store explains from its own read-back).
func TestTrySyncFalseWithoutReason(t *testing.T) {
	f := newFakeAPI(t)
	store := newSyncStore(map[string]any{"key": 1003, "userID": "SVC-NEW", "firstName": "S", "lastName": "N"})
	f.handle(routeUsers, store.serveUsers)
	f.handle(routeSync, func(w http.ResponseWriter, r *http.Request) {
		store.record(t, r)
		answerSync(w, false, "") // a real server gives no reason
	})
	err := f.client().TrySync(context.Background(), addAndModifyOps())
	var syncErr *SyncError
	if !errors.As(err, &syncErr) {
		t.Fatalf("err = %v, want *SyncError", err)
	}
	if syncErr.Index != -1 || syncErr.Detail != "" {
		t.Errorf("Index = %d, Detail = %q; want -1 and none without X-Sync-Error", syncErr.Index, syncErr.Detail)
	}
	if !strings.Contains(err.Error(), "Operations sent: ADD svc-new, MODIFY jdoe.") {
		t.Errorf("message %q does not name the operations sent", err)
	}
	if n := f.count(routeUsers); n != 0 {
		t.Errorf("%d read-backs, want none", n)
	}
}

func TestSyncErrorIndexPointsIntoCallerOperationsAfterResend(t *testing.T) {
	f, store := newJDoeFake(t, "jdoe")
	f.handle(routeSync, func(w http.ResponseWriter, r *http.Request) {
		ops := store.record(t, r)
		if store.applyFirstThenDrop(t, w, ops) {
			return
		}
		answerSync(w, false, "0: first name rejected")
	})
	err := f.client().TrySync(context.Background(), addAndModifyOps())
	var syncErr *SyncError
	if !errors.As(err, &syncErr) || syncErr.Index != 1 || len(syncErr.Sent) != 1 || syncErr.Sent[0] != "MODIFY jdoe" {
		t.Fatalf("err = %v (%+v); want Index 1 (the MODIFY in the caller's list) and Sent [MODIFY jdoe]", err, syncErr)
	}
}

func TestEmptySyncSendsNothing(t *testing.T) {
	f := newFakeAPI(t)
	if err := f.client().TrySync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if f.count(routeSync)+f.count(routeAuth) != 0 {
		t.Error("an empty sync reached the server")
	}
}

func TestParseSyncErrorHeader(t *testing.T) {
	for _, tt := range []struct {
		in     string
		index  int
		reason string
		ok     bool
	}{
		{"2: password too weak", 2, "password too weak", true},
		{"0:x: y", 0, "x: y", true},
		{"", 0, "", false},
		{"abc: def", 0, "", false},
		{"-1: no", 0, "", false},
	} {
		index, reason, ok := parseSyncErrorHeader(tt.in)
		if index != tt.index || reason != tt.reason || ok != tt.ok {
			t.Errorf("parseSyncErrorHeader(%q) = %d, %q, %v", tt.in, index, reason, ok)
		}
	}
}
