package mockserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFaultThrottle(t *testing.T) {
	s, admin := startServer(t, Options{})
	s.SetFaults(Faults{ThrottleUntil: time.Now().Add(time.Hour), ThrottleRetryAfter: 1500 * time.Millisecond})
	for _, path := range []string{RouteUsers, RouteAuth, "/api/v1.0/nothing"} {
		resp, _ := admin.do(http.MethodGet, path, nil)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" {
			t.Fatalf("GET %s: %d Retry-After=%q, want 429 and 2", path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	// Without ThrottleRetryAfter the wait is the rest of the throttle window.
	s.SetFaults(Faults{ThrottleUntil: time.Now().Add(90 * time.Second)})
	resp, _ := admin.do(http.MethodGet, RouteUsers, nil)
	if wait, _ := strconv.Atoi(resp.Header.Get("Retry-After")); resp.StatusCode != http.StatusTooManyRequests || wait < 89 || wait > 90 {
		t.Fatalf("%d Retry-After=%q, want about 90", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// A window that has passed throttles nothing.
	s.SetFaults(Faults{ThrottleUntil: time.Now().Add(-time.Second)})
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	if got := s.FaultCounts()["429"]; got != 4 {
		t.Fatalf("429 count %d, want 4", got)
	}
}

func TestFaultRateLimit(t *testing.T) {
	s, admin := startServer(t, Options{})
	s.SetFaults(Faults{RateLimit: 2})
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
	if limited < 3 || s.FaultCounts()["429"] != limited {
		t.Fatalf("%d of 6 rapid requests limited at 2/s (counted %d)", limited, s.FaultCounts()["429"])
	}
	s.SetFaults(Faults{})
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteGroups, nil)
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
	s, admin := startServer(t, Options{})
	s.SetFaults(Faults{Latency: 100 * time.Millisecond, SpikeRate: 1, SpikeLatency: 100 * time.Millisecond})
	start := time.Now()
	admin.wantStatus(http.StatusOK, http.MethodGet, RouteUsers, nil)
	if took := time.Since(start); took < 200*time.Millisecond {
		t.Fatalf("answered in %v, want at least 200ms", took)
	}
	// The store is not locked while a request sleeps.
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = admin.do(http.MethodGet, RouteUsers, nil)
	}()
	time.Sleep(20 * time.Millisecond)
	lockedFor := time.Now()
	s.Users()
	if d := time.Since(lockedFor); d > 50*time.Millisecond {
		t.Fatalf("Users waited %v behind a sleeping request", d)
	}
	<-done
	if got := s.FaultCounts()["spike"]; got != 2 {
		t.Fatalf("spike count %d", got)
	}
}

// TestFaultDrop: the sync is applied, then the connection closes unanswered.
func TestFaultDrop(t *testing.T) {
	s, admin := startServer(t, Options{Faults: Faults{DropRate: 1}})
	body := strings.NewReader(`[{"method":"ADD","userLoginId":"dropped-but-done","firstName":"D","lastName":"W"}]`)
	req, _ := http.NewRequest(http.MethodPut, s.URL()+RouteSync, body)
	req.Header.Set(tokenHeader, admin.token)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got an answer (%d), want a dropped connection", resp.StatusCode)
	}
	if _, ok := s.User("dropped-but-done"); !ok {
		t.Fatalf("the dropped sync was not applied")
	}
	// A rejected sync is answered: only applied syncs are dropped.
	if applied, _ := admin.sync(addPerson("x")); applied {
		t.Fatalf("invalid sync applied")
	}
	// The server counts the request after closing the connection: wait for it.
	deadline := time.Now().Add(2 * time.Second)
	for s.metrics.sum(http.MethodPut, RouteSync, "dropped") != 1 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
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
