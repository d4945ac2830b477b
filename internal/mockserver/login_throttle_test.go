package mockserver

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// tryLogin calls GET /auth and returns the status and Retry-After.
func tryLogin(t *testing.T, s *Server, username, password string) (int, string) {
	t.Helper()
	resp, err := loginAttempt(s, username, password)
	if err != nil {
		t.Fatalf("GET /auth: %v", err)
	}
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// loginAttempt is tryLogin for goroutines, which must not stop the test.
func loginAttempt(s *Server, username, password string) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(authRequest(s, username, password))
	if err != nil {
		return nil, err
	}
	return resp, resp.Body.Close()
}

// failLogins makes n failed logins for username and wants each answered 401.
func failLogins(t *testing.T, s *Server, username string, n int) {
	t.Helper()
	for i := range n {
		if code, _ := tryLogin(t, s, username, "Wrong-Passw0rd-1"); code != http.StatusUnauthorized {
			t.Fatalf("failed login %d of %s: %d, want 401", i+1, username, code)
		}
	}
}

// wantThrottled wants a login for username, even with the right password,
// answered 429 with Retry-After retryAfter (seconds).
func wantThrottled(t *testing.T, s *Server, username, password string, retryAfter int) {
	t.Helper()
	if code, after := tryLogin(t, s, username, password); code != http.StatusTooManyRequests || after != strconv.Itoa(retryAfter) {
		t.Fatalf("login of %s: %d Retry-After %q, want 429 Retry-After %d", username, code, after, retryAfter)
	}
}

// TestLoginThrottlePerUser: the failures of one login id within the window
// are answered 401 up to the threshold (well above the few a provider
// configured with a wrong password makes), then 429 until the oldest leaves
// the window; the password is not tried meanwhile, and others log in.
func TestLoginThrottlePerUser(t *testing.T) {
	s, admin, clock := startServerWithClock(t, Options{})
	admin.mustSync(addAPIUser("svc-a"), addAPIUser("svc-b"))

	failLogins(t, s, "svc-a", 5)
	clock.Advance(30 * time.Second)
	failLogins(t, s, "SVC-A", LoginThrottlePerUser-5) // login ids regardless of case
	wantThrottled(t, s, "svc-a", testPassword, 30)
	login(t, s, "svc-b", testPassword)

	clock.Advance(29 * time.Second)
	wantThrottled(t, s, "svc-a", testPassword, 1)
	clock.Advance(time.Second) // the first five leave the window
	failLogins(t, s, "svc-a", 5)
	wantThrottled(t, s, "svc-a", "Wrong-Passw0rd-1", 30)
	clock.Advance(30 * time.Second)
	login(t, s, "svc-a", testPassword)
}

// TestLoginThrottleResetBySuccess: a successful login clears its login id's
// failures, so a user who mistypes now and then is never throttled.
func TestLoginThrottleResetBySuccess(t *testing.T) {
	s, admin, _ := startServerWithClock(t, Options{})
	admin.mustSync(addAPIUser("svc-typo"))
	for range 2 { // within the address's threshold too
		failLogins(t, s, "svc-typo", LoginThrottlePerUser-1)
		login(t, s, "svc-typo", testPassword)
	}
	failLogins(t, s, "svc-typo", LoginThrottlePerUser)
	wantThrottled(t, s, "svc-typo", testPassword, 60)
}

// TestLoginThrottlePerAddress: one address guessing many login ids, each
// below its own threshold, is throttled for all of them, and a successful
// login to an account of its own does not lift that.
func TestLoginThrottlePerAddress(t *testing.T) {
	s, admin, clock := startServerWithClock(t, Options{})
	admin.mustSync(addAPIUser("svc-own"))
	perName := LoginThrottlePerUser - 1
	for i := 0; i < LoginThrottlePerAddress; i += perName {
		clock.Advance(time.Second)
		failLogins(t, s, "guess-"+strconv.Itoa(i), min(perName, LoginThrottlePerAddress-i))
	}
	// The first name's failures, a second in, leave the window first.
	wantThrottled(t, s, "svc-own", testPassword, 60-3)
	wantThrottled(t, s, "never-tried", "Wrong-Passw0rd-1", 60-3)
	clock.Advance(57 * time.Second)
	login(t, s, "svc-own", testPassword)
	failLogins(t, s, "guess-x", perName)
	wantThrottled(t, s, "guess-y", "Wrong-Passw0rd-1", 1)
}

// TestLoginThrottleForgets: names tried once are forgotten after the window,
// so that a long-running mock does not keep every name it was ever sent.
func TestLoginThrottleForgets(t *testing.T) {
	s, _, clock := startServerWithClock(t, Options{})
	for i := range 20 {
		failLogins(t, s, "once-"+strconv.Itoa(i), 1)
	}
	clock.Advance(LoginThrottleWindow)
	failLogins(t, s, "later", 1)
	s.logins.mu.Lock()
	defer s.logins.mu.Unlock()
	if n := len(s.logins.failures); n != 2 { // "later" and the address
		t.Fatalf("%d keys kept after the window, want 2: %v", n, s.logins.failures)
	}
}

// TestLoginThrottleConcurrent: guesses sent at once cannot all pass the
// check while the first are still hashing: no more than the threshold get
// their password tried.
func TestLoginThrottleConcurrent(t *testing.T) {
	s, _, _ := startServerWithClock(t, Options{})
	const guesses = 2 * LoginThrottlePerUser
	codes := make(chan int, guesses)
	for range guesses {
		go func() {
			resp, err := loginAttempt(s, s.AdminUsername(), "Wrong-Passw0rd-1")
			if err != nil {
				codes <- 0
				return
			}
			codes <- resp.StatusCode
		}()
	}
	count := map[int]int{}
	for range guesses {
		count[<-codes]++
	}
	if count[http.StatusUnauthorized] != LoginThrottlePerUser || count[http.StatusTooManyRequests] != guesses-LoginThrottlePerUser {
		t.Fatalf("answers %v, want %d times 401 and the rest 429", count, LoginThrottlePerUser)
	}
}
