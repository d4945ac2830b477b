package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// answerFirst answers the first n requests with status (and Retry-After when
// retryAfter is not empty), then serves next.
func answerFirst(n int32, status int, retryAfter string, next http.HandlerFunc) http.HandlerFunc {
	var seen atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if seen.Add(1) <= n {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			writeJSON(w, status, map[string]string{"error": http.StatusText(status)})
			return
		}
		next(w, r)
	}
}

// TestRetryAfterIsHonoured runs on synctest's fake clock: the retry waits
// exactly the Retry-After, which is longer than the backoff.
func TestRetryAfterIsHonoured(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFakeAPI(t)
				f.handle(routeUsers, answerFirst(1, status, "1", usersHandler()))
				if _, err := f.client().ListUsers(t.Context()); err != nil {
					t.Fatal(err)
				}
				at := f.arrivals(routeUsers)
				if len(at) != 2 {
					t.Fatalf("%d attempts, want 2", len(at))
				}
				if gap := at[1].Sub(at[0]); gap != time.Second {
					t.Errorf("retried after %v, want the Retry-After of 1s", gap)
				}
			})
		})
	}
}

func TestTransientFailuresAreRetried(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusTooManyRequests} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFakeAPI(t)
				f.handle(routeUsers, answerFirst(2, status, "", usersHandler(map[string]any{"key": 1, "userID": "admin"})))
				users, err := f.client().ListUsers(t.Context())
				if err != nil || len(users) != 1 {
					t.Fatalf("users=%v err=%v", users, err)
				}
				if got := f.count(routeUsers); got != 3 {
					t.Errorf("%d attempts, want 3", got)
				}
			})
		})
	}
}

func TestRetriesExhaustedGiveTheLastAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(t)
		f.handle(routeUsers, answerFirst(100, http.StatusServiceUnavailable, "", usersHandler()))
		_, err := f.client().ListUsers(t.Context())
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("err = %v, want a 503 *APIError", err)
		}
		if got := f.count(routeUsers); got != 4 {
			t.Errorf("%d attempts, want 1 + MaxRetries(3)", got)
		}
	})
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	tests := []struct {
		status   int
		sentinel error
	}{
		{http.StatusBadRequest, ErrBadRequest},
		{http.StatusForbidden, ErrForbidden},
		{http.StatusNotFound, ErrNotFound},
		{http.StatusConflict, nil},
		{http.StatusInternalServerError, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle("GET /api/v1.0/users/{id}", answerFirst(100, tt.status, "", nil))
			_, err := f.client().GetUser(context.Background(), "jdoe")
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("err = %v, want *APIError %d", err, tt.status)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.sentinel)
			}
			if got := f.count("GET /api/v1.0/users/{id}"); got != 1 {
				t.Errorf("%d attempts, want 1: %d is not retried", got, tt.status)
			}
			want := fmt.Sprintf("GET /users/jdoe: the server answered %d", tt.status)
			if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), http.StatusText(tt.status)) {
				t.Errorf("message %q, want it to contain %q and the server's reason", err, want)
			}
		})
	}
}

// TestRetryAfterBeyondLimitFailsFast: a wait beyond RetryWaitMax is too
// long, also one so long that it overflows a time.Duration or an int64: it
// must never wrap into a negative wait retried at once.
func TestRetryAfterBeyondLimitFailsFast(t *testing.T) {
	for _, retryAfter := range []string{"120", "9223372037", "99999999999999999999"} {
		t.Run(retryAfter, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFakeAPI(t)
				f.handle(routeUsers, answerFirst(100, http.StatusTooManyRequests, retryAfter, nil))
				c := f.client() // RetryWaitMax 2s
				start := time.Now()
				_, err := c.ListUsers(t.Context())
				if elapsed := time.Since(start); elapsed != 0 {
					t.Errorf("waited %v; a Retry-After beyond RetryWaitMax must fail at once", elapsed)
				}
				var apiErr *APIError
				if !errors.Is(err, ErrRateLimited) || !errors.As(err, &apiErr) {
					t.Fatalf("err = %v, want an *APIError matching ErrRateLimited", err)
				}
				if !strings.Contains(err.Error(), "Retry-After: "+retryAfter) || !strings.Contains(err.Error(), "lifts at") || !apiErr.ResetAt.After(start.Add(119*time.Second)) {
					t.Errorf("message %q should give the Retry-After and the reset time (ResetAt %v)", err, apiErr.ResetAt)
				}
				if retryAfter == "120" && !apiErr.ResetAt.Equal(start.Add(120*time.Second)) {
					t.Errorf("ResetAt %v, want 120s from now", apiErr.ResetAt)
				}
				if got := f.count(routeUsers); got != 1 {
					t.Errorf("%d attempts, want 1", got)
				}

				// The shared gate now stays closed: the next call fails without asking.
				_, err = c.ListRoles(t.Context())
				if !errors.Is(err, ErrRateLimited) {
					t.Fatalf("second call err = %v, want ErrRateLimited from the shared gate", err)
				}
				if got := f.count("GET /api/v1.0/roles"); got != 0 {
					t.Errorf("GET /roles reached the server %d times while the rate limit holds", got)
				}
			})
		})
	}
}

func TestRetryAfterBeyondDeadlineFailsFast(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(t)
		f.handle(routeUsers, answerFirst(100, http.StatusTooManyRequests, "1", nil))
		ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := f.client().ListUsers(ctx)
		if !errors.Is(err, ErrRateLimited) {
			t.Fatalf("err = %v, want ErrRateLimited", err)
		}
		if elapsed := time.Since(start); elapsed != 0 {
			t.Errorf("waited %v; waiting past the deadline is pointless, fail at once", elapsed)
		}
		if got := f.count(routeUsers); got != 1 {
			t.Errorf("%d attempts, want 1", got)
		}
	})
}

// TestSharedRateLimitGateSendsFewProbes runs on synctest's fake clock, so
// the probes can be counted exactly.
func TestSharedRateLimitGateSendsFewProbes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(t)
		throttledUntil := time.Now().Add(1500 * time.Millisecond)
		var throttled atomic.Int32
		f.handle(routeUsers, func(w http.ResponseWriter, r *http.Request) {
			if time.Now().Before(throttledUntil) {
				throttled.Add(1)
				w.Header().Set("Retry-After", "1")
				writeJSON(w, http.StatusTooManyRequests, map[string]string{"error": "slow down"})
				return
			}
			usersHandler()(w, r)
		})
		c := f.client(func(cfg *Config) { cfg.MaxRetries = 10 })
		ctx := t.Context()
		if _, err := c.auth.current(ctx); err != nil {
			t.Fatal(err)
		}
		first := make(chan error, 1)
		go func() { _, err := c.ListUsers(ctx); first <- err }()
		synctest.Wait() // the first 429 closed the gate; its caller waits out the Retry-After
		if got := throttled.Load(); got != 1 {
			t.Fatalf("%d throttled answers before the others start, want 1", got)
		}
		for _, err := range runConcurrently(20, func() error { _, err := c.ListUsers(ctx); return err }) {
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		// One 429 closed the gate, one probe at 1s found it still closed; the
		// probe at 2s opened it for all. Without the gate, 21 callers would
		// each have probed.
		if got := throttled.Load(); got != 2 {
			t.Errorf("%d requests were sent while throttled, want 2", got)
		}
		if got := f.count(routeUsers); got != 23 {
			t.Errorf("%d requests in all, want 2 throttled + 21 successes", got)
		}
	})
}

// TestMaxRequestsPerSecondPacesEveryRequest runs on synctest's fake clock:
// at 20 requests a second with burst 1, each request arrives exactly 50ms
// after the one before.
func TestMaxRequestsPerSecondPacesEveryRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(t)
		f.handle(routeUsers, usersHandler())
		c := f.client(func(cfg *Config) { cfg.MaxRequestsPerSecond = 20 })
		ctx := t.Context()
		runConcurrently(8, func() error { _, err := c.ListUsers(ctx); return err })
		at := append(f.arrivals(routeAuth), f.arrivals(routeUsers)...)
		if len(at) != 9 {
			t.Fatalf("%d requests, want 9", len(at))
		}
		slices.SortFunc(at, time.Time.Compare)
		for i := 1; i < len(at); i++ {
			if gap := at[i].Sub(at[i-1]); gap != 50*time.Millisecond {
				t.Errorf("request %d came %v after the one before, want 50ms", i, gap)
			}
		}
	})
}

// TestRequestTimeoutIsPerAttempt runs on synctest's fake clock: the hung
// first attempt ends after exactly request_timeout, and the retry follows
// after one backoff.
func TestRequestTimeoutIsPerAttempt(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeAPI(t)
		var calls atomic.Int32
		f.handle(routeUsers, func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				<-r.Context().Done() // the first attempt hangs until the client gives up
				return
			}
			usersHandler()(w, r)
		})
		c := f.client(func(cfg *Config) { cfg.RequestTimeout = 200 * time.Millisecond })
		if _, err := c.ListUsers(t.Context()); err != nil {
			t.Fatalf("a hung first attempt should time out and be retried: %v", err)
		}
		if got := calls.Load(); got != 2 {
			t.Fatalf("%d attempts, want 2", got)
		}
		// The first backoff is RetryWaitMin (10ms) with equal jitter: 5-10ms.
		at := f.arrivals(routeUsers)
		if gap := at[1].Sub(at[0]); gap < 205*time.Millisecond || gap > 210*time.Millisecond {
			t.Errorf("the retry came %v after the first attempt, want request_timeout (200ms) plus one backoff (5-10ms)", gap)
		}
	})
}

func TestCheckRetryForSyncRetriesOnlyUnsentFailures(t *testing.T) {
	c, err := New(Config{Endpoint: "https://x.example.com", Username: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	dialErr := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	resp := func(status int) *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(""))}
	}
	tests := []struct {
		name   string
		policy retryPolicy
		wrote  bool
		resp   *http.Response
		err    error
		want   bool
	}{
		{"sync dial error", retryUnsent, false, nil, dialErr, true},
		{"sync reset after writing", retryUnsent, true, nil, io.ErrUnexpectedEOF, false},
		{"sync 429", retryUnsent, true, resp(429), nil, true},
		{"sync 503", retryUnsent, true, resp(503), nil, false},
		{"sync 502", retryUnsent, true, resp(502), nil, false},
		{"get reset after writing", retryIdempotent, true, nil, io.ErrUnexpectedEOF, true},
		{"get 503", retryIdempotent, true, resp(503), nil, true},
		{"get 500", retryIdempotent, true, resp(500), nil, false},
		{"get 401", retryIdempotent, true, resp(401), nil, false},
		{"gate refused", retryIdempotent, false, nil, &APIError{StatusCode: 429}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &requestState{policy: tt.policy}
			st.wrote.Store(tt.wrote)
			got, err := c.checkRetry(withRequestState(context.Background(), st), tt.resp, tt.err)
			if got != tt.want || err != nil {
				t.Errorf("checkRetry = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{"soon", 0, false},
		{"9223372036", 9223372036 * time.Second, true}, // the longest that fits
		{"9223372037", math.MaxInt64, true},            // would wrap to a negative wait
		{"99999999999999999999", math.MaxInt64, true},  // beyond an int64
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoffIsCappedAndJittered(t *testing.T) {
	for attempt := range 40 {
		got := backoff(100*time.Millisecond, time.Second, attempt, nil)
		want := min(100*time.Millisecond<<min(attempt, 30), time.Second)
		if got < want/2 || got > want {
			t.Errorf("attempt %d: backoff %v outside [%v, %v]", attempt, got, want/2, want)
		}
	}
}
