package mockserver

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// The throttle, rate limit and latency tests run in synctest bubbles
// against the handler in memory: the clock stands still unless every
// goroutine waits, so Retry-After values, the limited count and the added
// latency are exact.

func TestFaultThrottle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, admin := startInMemory(t, Options{})
		s.SetFaults(Faults{ThrottleUntil: time.Now().Add(time.Hour), ThrottleRetryAfter: 1500 * time.Millisecond})
		for _, path := range []string{RouteUsers, RouteAuth, "/api/v1.0/nothing"} {
			resp, _ := admin.do(http.MethodGet, path, nil)
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
				t.Fatalf("GET %s: %d Retry-After=%q, want 429 and 2", path, resp.StatusCode, resp.Header.Get("Retry-After"))
			}
		}
		// Without ThrottleRetryAfter the wait is the rest of the throttle window.
		s.SetFaults(Faults{ThrottleUntil: time.Now().Add(90 * time.Second)})
		time.Sleep(30 * time.Second)
		resp, _ := admin.do(http.MethodGet, RouteUsers, nil)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "60" {
			t.Fatalf("%d Retry-After=%q, want 60", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		// A window that has passed throttles nothing.
		time.Sleep(60 * time.Second)
		admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
		if got := s.FaultCounts()["429"]; got != 4 {
			t.Fatalf("429 count %d, want 4", got)
		}
	})
}

func TestFaultRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, admin := startInMemory(t, Options{})
		s.SetFaults(Faults{RateLimit: 2})
		// At 2/s with a burst of 2, six requests in the same instant: two
		// pass, four are limited.
		limited := 0
		for range 6 {
			resp, _ := admin.do(http.MethodGet, RouteGroups, nil)
			switch resp.StatusCode {
			case http.StatusTooManyRequests:
				limited++
				if resp.Header.Get("Retry-After") != "1" {
					t.Fatalf("Retry-After %q, want 1", resp.Header.Get("Retry-After"))
				}
			case http.StatusOK:
			default:
				t.Fatalf("status %d", resp.StatusCode)
			}
		}
		if limited != 4 || s.FaultCounts()["429"] != 4 {
			t.Fatalf("%d of 6 requests in one instant limited at 2/s (counted %d), want 4", limited, s.FaultCounts()["429"])
		}
		// Half a second later the bucket holds one token again.
		time.Sleep(500 * time.Millisecond)
		admin.wantStatus(http.StatusOK, http.MethodGet, RouteGroups, nil)
		admin.wantStatus(http.StatusTooManyRequests, http.MethodGet, RouteGroups, nil)
		s.SetFaults(Faults{})
		admin.wantStatus(http.StatusOK, http.MethodGet, RouteGroups, nil)
	})
}

func TestFaultErrorRates(t *testing.T) {
	s, admin := startServer(t, Options{})
	s.SetFaults(Faults{ErrorRate: 1})
	admin.wantError(http.StatusServiceUnavailable, "unavailable", http.MethodGet, RouteUsers, nil)
	s.SetFaults(Faults{InternalErrorRate: 1})
	admin.wantError(http.StatusInternalServerError, "internal", http.MethodPut, RouteSync, []op{addPerson("never")})
	if _, ok := s.User("never"); ok {
		t.Fatalf("a 500 before handling applied the sync")
	}
	if c := s.FaultCounts(); c["503"] != 1 || c["500"] != 1 {
		t.Fatalf("counts %v", c)
	}
}

func TestFaultLatencyAndSpikes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s, admin := startInMemory(t, Options{})
		s.SetFaults(Faults{Latency: 100 * time.Millisecond, SpikeRate: 1, SpikeLatency: 100 * time.Millisecond})
		start := time.Now()
		admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
		if took := time.Since(start); took != 200*time.Millisecond {
			t.Fatalf("answered in %v, want 200ms", took)
		}
		// The store is not locked while a request sleeps: with one asleep,
		// Users answers in the same instant. (Were it locked, Users would
		// wait on a mutex, which synctest cannot see past: the test would
		// hang until go test's timeout.)
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = admin.do(http.MethodGet, RouteUsers, nil)
		}()
		synctest.Wait() // the request sleeps
		start = time.Now()
		s.Users()
		if d := time.Since(start); d != 0 {
			t.Fatalf("Users waited %v behind a sleeping request", d)
		}
		select {
		case <-done:
			t.Fatal("the request did not sleep")
		default:
		}
		<-done
		if got := s.FaultCounts()["spike"]; got != 2 {
			t.Fatalf("spike count %d", got)
		}
	})
}

// hijackable is a ResponseRecorder whose connection can be taken over, as
// dropConnection does: the handler gets one end of an in-memory pipe, peer
// is the client's.
type hijackable struct {
	*httptest.ResponseRecorder
	peer net.Conn
}

func (h *hijackable) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, peer := net.Pipe()
	h.peer = peer
	return conn, bufio.NewReadWriter(bufio.NewReader(conn), bufio.NewWriter(conn)), nil
}

// TestFaultDrop: the sync is applied, then the connection closes unanswered.
// The handler is called directly, so the request is counted when it returns.
func TestFaultDrop(t *testing.T) {
	s, admin := startInMemory(t, Options{Faults: Faults{DropRate: 1}})
	body := strings.NewReader(`[{"method":"ADD","userLoginId":"dropped-but-done","firstName":"D","lastName":"W"}]`)
	req := httptest.NewRequest(http.MethodPut, RouteSync, body)
	req.Header.Set(tokenHeader, admin.token)
	w := &hijackable{ResponseRecorder: httptest.NewRecorder()}
	s.Handler().ServeHTTP(w, req)
	if w.peer == nil {
		t.Fatalf("got an answer (%d), want a dropped connection", w.Code)
	}
	if data, err := io.ReadAll(w.peer); err != nil || len(data) != 0 {
		t.Fatalf("the client end read %q, %v; want the connection closed unanswered", data, err)
	}
	if _, ok := s.User("dropped-but-done"); !ok {
		t.Fatalf("the dropped sync was not applied")
	}
	// A rejected sync is answered: only applied syncs are dropped.
	if applied, _ := admin.sync(addPerson("x")); applied {
		t.Fatalf("invalid sync applied")
	}
	if s.FaultCounts()["drop"] != 1 || s.metrics.sum(http.MethodPut, RouteSync, "dropped") != 1 {
		t.Fatalf("drop counts %v, dropped requests %d", s.FaultCounts(), s.metrics.sum(http.MethodPut, RouteSync, "dropped"))
	}
}

func TestFaultCorruptUsers(t *testing.T) {
	s, admin := startServer(t, Options{})
	for _, mode := range []string{CorruptGarbage, CorruptHTML, CorruptTruncated, CorruptWrongTypes} {
		t.Run(mode, func(t *testing.T) {
			s.SetFaults(Faults{CorruptUsers: mode})
			admin.t = t
			resp, body := admin.do(http.MethodGet, RouteUsers, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			var users []userJSON
			err := json.Unmarshal(body, &users)
			if err == nil {
				t.Fatalf("corrupt body decodes: %s", body)
			}
			switch mode {
			case CorruptHTML:
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<html>") {
					t.Fatalf("html: %s %s", resp.Header.Get("Content-Type"), body)
				}
			case CorruptTruncated:
				if !strings.HasPrefix(string(body), `[{"key":1001`) {
					t.Fatalf("truncated body does not start as the real one: %s", body)
				}
			case CorruptWrongTypes:
				var loose []map[string]any
				if err := json.Unmarshal(body, &loose); err != nil || loose[0]["key"] != "1001" {
					t.Fatalf("wrongtypes: key is not the string \"1001\": %s", body)
				}
			}
		})
	}
	// Other routes are not corrupted.
	admin.t = t
	admin.wantStatus(http.StatusOK, http.MethodGet, "/api/v1.0/users/admin", nil)
	if got := s.FaultCounts()["corrupt"]; got != 4 {
		t.Fatalf("corrupt count %d", got)
	}
}

func TestMetricsAreNotFaulted(t *testing.T) {
	s := Start(t, Options{Faults: Faults{ErrorRate: 1}})
	(&apiCaller{t: t, base: s.URL()}).wantStatus(http.StatusOK, http.MethodGet, RouteMetrics, nil)
}

// TestFaultFailListsAfterSync: each sync answered true makes the next N
// GET /users answer 503 without Retry-After; other syncs and routes do not.
func TestFaultFailListsAfterSync(t *testing.T) {
	s, admin := startServer(t, Options{Faults: Faults{FailListsAfterSync: 2}})
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil) // nothing armed before a sync
	admin.mustSync(addPerson("after-sync"))
	for range 2 {
		resp, _ := admin.do(http.MethodGet, RouteUsers, nil)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "" {
			t.Fatalf("GET /users after a sync: %d Retry-After=%q, want 503 without", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	if _, ok := s.User("after-sync"); !ok {
		t.Fatalf("the sync was not applied")
	}
	// A rejected sync arms nothing, and other routes do not use up the failures.
	if applied, _ := admin.sync(addPerson("x")); applied {
		t.Fatal("invalid sync applied")
	}
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	admin.mustSync(addPerson("second"), addPerson("third"))
	admin.wantStatus(http.StatusOK, http.MethodGet, "/api/v1.0/users/second", nil)
	admin.wantError(http.StatusServiceUnavailable, "lost", http.MethodGet, RouteUsers, nil)
	// Changing another fault keeps the armed failure; turning this one off ends it.
	s.SetFaults(Faults{FailListsAfterSync: 2, Latency: time.Millisecond})
	admin.wantStatus(http.StatusServiceUnavailable, http.MethodGet, RouteUsers, nil)
	admin.mustSync(addPerson("fourth"))
	s.SetFaults(Faults{})
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	if got := s.FaultCounts()["lost-list"]; got != 4 {
		t.Fatalf("lost-list count %d, want 4", got)
	}
}

// TestFaultHideUsers: GET /users leaves out the hidden login ids (any case);
// the users still exist and GET /users/{userID} finds them.
func TestFaultHideUsers(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addAPIUser("svc-a"), addAPIUser("svc-b"))
	hidden := []string{"SVC-A", "nobody"}
	s.SetFaults(Faults{HideUsers: hidden})
	hidden[0] = "svc-b" // SetFaults keeps its own copy
	var listed []string
	for _, u := range admin.users() {
		listed = append(listed, u.UserID)
	}
	if strings.Join(listed, ",") != "admin,svc-b" {
		t.Fatalf("listed %v, want admin and svc-b", listed)
	}
	admin.wantStatus(http.StatusOK, http.MethodGet, "/api/v1.0/users/svc-a", nil)
	if applied, _ := admin.sync(addPerson("SVC-a")); applied {
		t.Fatalf("a hidden user's login id was free again")
	}
	// An answer that hides no one is not counted.
	s.SetFaults(Faults{HideUsers: []string{"nobody"}})
	if got := len(admin.users()); got != 3 {
		t.Fatalf("%d users listed, want 3", got)
	}
	if got := s.FaultCounts()["hidden"]; got != 1 {
		t.Fatalf("hidden count %d, want 1", got)
	}
}

// TestFaultHideInLists: a single partial answer, then full ones again.
func TestFaultHideInLists(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addAPIUser("svc-a"))
	s.SetFaults(Faults{HideUsers: []string{"svc-a"}, HideInLists: 1})
	for i, want := range []int{1, 2, 2} {
		if got := len(admin.users()); got != want {
			t.Fatalf("list %d: %d users, want %d", i+1, got, want)
		}
	}
}

// TestResetPassword: an administrator's reset moves passwordChangedAt and
// only the new password works.
func TestResetPassword(t *testing.T) {
	s, admin := startServer(t, Options{})
	admin.mustSync(addAPIUser("svc-a"))
	before, _ := s.User("svc-a")
	s.now = func() time.Time { return before.PasswordChangedAt.Add(time.Minute) }
	if err := s.ResetPassword("svc-a", "Reset-Passw0rd"); err != nil {
		t.Fatal(err)
	}
	after, _ := s.User("svc-a")
	if !after.PasswordChangedAt.After(before.PasswordChangedAt) || !s.CheckPassword("svc-a", "Reset-Passw0rd") || s.CheckPassword("svc-a", testPassword) {
		t.Fatalf("after the reset: changed at %v (before %v), new password works %t, old works %t",
			after.PasswordChangedAt, before.PasswordChangedAt, s.CheckPassword("svc-a", "Reset-Passw0rd"), s.CheckPassword("svc-a", testPassword))
	}
	if err := s.ResetPassword("nobody", "Reset-Passw0rd"); err == nil {
		t.Fatal("reset of a missing user succeeded")
	}
}

// TestFaultCorruptUsersDocumented: corrupt answers of a documented server
// are made of documented fields only.
func TestFaultCorruptUsersDocumented(t *testing.T) {
	s, admin := startServer(t, Options{Protocol: ProtocolDocumented})
	for _, mode := range []string{CorruptTruncated, CorruptWrongTypes} {
		s.SetFaults(Faults{CorruptUsers: mode})
		_, body := admin.do(http.MethodGet, RouteUsers, nil)
		for _, extension := range []string{"branchIds", "groupId", "status", "apiUser", "description"} {
			if strings.Contains(string(body), `"`+extension+`"`) {
				t.Errorf("%s: body has %s: %s", mode, extension, body)
			}
		}
		if !strings.Contains(string(body), `"key"`) {
			t.Errorf("%s: body %s", mode, body)
		}
	}
}

// TestFaultAppliedSyncStatus: an applied sync is answered with the
// configured status and no body, as a gateway answering in the server's
// place would; a rejected one still answers 200 false.
func TestFaultAppliedSyncStatus(t *testing.T) {
	s, admin := startServer(t, Options{})
	for _, status := range []int{http.StatusCreated, http.StatusAccepted, http.StatusNoContent} {
		s.SetFaults(Faults{AppliedSyncStatus: status})
		login := fmt.Sprintf("gateway-%d", status)
		resp, body := admin.do(http.MethodPut, RouteSync, []op{addPerson(login)})
		if resp.StatusCode != status || len(body) != 0 {
			t.Fatalf("answered %d %q, want %d without a body", resp.StatusCode, body, status)
		}
		if _, ok := s.User(login); !ok {
			t.Fatalf("the sync answered %d was not applied", status)
		}
		if applied, _ := admin.sync(addPerson(login)); applied { // exists already: rejected
			t.Fatal("a rejected sync applied")
		}
	}
	if got := s.FaultCounts()["gateway"]; got != 3 {
		t.Fatalf("gateway count %d, want 3", got)
	}
}
