package mockserver

import (
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// This file slows down repeated failed logins at GET /auth. A real server
// does, and a stand-in that let a client guess passwords at full speed would
// teach it bad habits (retrying bad credentials in a loop).
//
// Within any LoginThrottleWindow, after LoginThrottlePerUser failed logins
// for one login id, or LoginThrottlePerAddress from one remote address (of
// any login ids), GET /auth answers 429 with Retry-After, without checking
// the password, until enough failures have left the window. A successful
// login clears its login id's failures (not its address's: a guesser who
// owns one account must not clear the address by logging in to it). The
// thresholds leave a client that retries a wrong password a few times,
// such as Terraform configuring a provider once per command, its 401s.
const (
	LoginThrottleWindow     = time.Minute
	LoginThrottlePerUser    = 10
	LoginThrottlePerAddress = 30
)

// loginThrottle counts failed logins by login id and by remote address. It
// counts an attempt when it begins and forgets it when it succeeds, so that
// concurrent guesses cannot all pass the check while the first is hashing.
type loginThrottle struct {
	mu       sync.Mutex
	failures map[throttleKey][]time.Time // oldest first, none older than the window
}

type throttleKey struct {
	address bool   // false: by login id
	name    string // loginKey of the login id, or the remote IP
}

// begin checks whether an attempt for username from r may go ahead. If so it
// counts the attempt as failed, until succeeded says otherwise; if not it
// returns how long until one may.
func (lt *loginThrottle) begin(username string, r *http.Request, now time.Time) (wait time.Duration, throttled bool) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	if lt.failures == nil {
		lt.failures = map[throttleKey][]time.Time{}
	}
	lt.expire(now)
	keys := loginKeys(username, r)
	limits := [2]int{LoginThrottlePerUser, LoginThrottlePerAddress}
	for i, key := range keys {
		if recent := lt.failures[key]; len(recent) >= limits[i] {
			// The attempt may go ahead once the failure that keeps the
			// count at the limit leaves the window.
			wait = max(wait, recent[len(recent)-limits[i]].Add(LoginThrottleWindow).Sub(now))
		}
	}
	if wait > 0 {
		return wait, true
	}
	for _, key := range keys {
		lt.failures[key] = append(lt.failures[key], now)
	}
	return 0, false
}

// succeeded forgets the login id's failures and the address's count of the
// attempt begun at began.
func (lt *loginThrottle) succeeded(username string, r *http.Request, began time.Time) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	keys := loginKeys(username, r)
	delete(lt.failures, keys[0])
	byAddress := lt.failures[keys[1]]
	if i := slices.Index(byAddress, began); i >= 0 {
		lt.failures[keys[1]] = slices.Delete(byAddress, i, i+1)
	}
}

// expire drops the failures that have left the window, and the keys left
// with none, so that the map holds no more than a window's worth of names.
func (lt *loginThrottle) expire(now time.Time) {
	for key, times := range lt.failures {
		first := 0
		for first < len(times) && !times[first].After(now.Add(-LoginThrottleWindow)) {
			first++
		}
		if first == len(times) {
			delete(lt.failures, key)
		} else {
			lt.failures[key] = times[first:]
		}
	}
}

// loginKeys are the keys an attempt counts under: its login id (compared as
// login ids are, regardless of case) and its remote IP.
func loginKeys(username string, r *http.Request) [2]throttleKey {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return [2]throttleKey{{name: loginKey(username)}, {address: true, name: ip}}
}
