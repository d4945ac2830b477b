package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
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

func TestRetryAfterIsHonoured(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle(routeUsers, answerFirst(1, status, "1", usersHandler()))
			if _, err := f.client().ListUsers(context.Background()); err != nil {
				t.Fatal(err)
			}
			at := f.arrivals(routeUsers)
			if len(at) != 2 {
				t.Fatalf("%d attempts, want 2", len(at))
			}
			if gap := at[1].Sub(at[0]); gap < time.Second {
				t.Errorf("retried after %v, want at least the Retry-After of 1s", gap)
			}
		})
	}
}

func TestTransientFailuresAreRetried(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusTooManyRequests} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f := newFakeAPI(t)
			f.handle(routeUsers, answerFirst(2, status, "", usersHandler(map[string]any{"key": 1, "userID": "admin"})))
			users, err := f.client().ListUsers(context.Background())
			if err != nil || len(users) != 1 {
				t.Fatalf("users=%v err=%v", users, err)
			}
			if got := f.count(routeUsers); got != 3 {
				t.Errorf("%d attempts, want 3", got)
			}
		})
	}
}

func TestRetriesExhaustedGiveTheLastAnswer(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, answerFirst(100, http.StatusServiceUnavailable, "", usersHandler()))
	_, err := f.client().ListUsers(context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("err = %v, want a 503 *APIError", err)
	}
	if got := f.count(routeUsers); got != 4 {
		t.Errorf("%d attempts, want 1 + MaxRetries(3)", got)
	}
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

func TestRetryAfterBeyondLimitFailsFast(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, answerFirst(100, http.StatusTooManyRequests, "120", nil))
	c := f.client() // RetryWaitMax 2s
	start := time.Now()
	_, err := c.ListUsers(context.Background())
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("took %v; a Retry-After beyond RetryWaitMax must fail at once", elapsed)
	}
	var apiErr *APIError
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError matching ErrRateLimited", err)
	}
	if !strings.Contains(err.Error(), "Retry-After: 120") || !strings.Contains(err.Error(), "lifts at") || apiErr.ResetAt.IsZero() {
		t.Errorf("message %q should give the Retry-After and the reset time", err)
	}
	if got := f.count(routeUsers); got != 1 {
		t.Errorf("%d attempts, want 1", got)
	}

	// The shared gate now stays closed: the next call fails without asking.
	_, err = c.ListRoles(context.Background())
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("second call err = %v, want ErrRateLimited from the shared gate", err)
	}
	if got := f.count("GET /api/v1.0/roles"); got != 0 {
		t.Errorf("GET /roles reached the server %d times while the rate limit holds", got)
	}
}

func TestRetryAfterBeyondDeadlineFailsFast(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, answerFirst(100, http.StatusTooManyRequests, "1", nil))
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := f.client().ListUsers(ctx)
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want ErrRateLimited", err)
	}
	if elapsed := time.Since(start); elapsed > 300*time.Millisecond {
		t.Errorf("took %v; waiting past the deadline is pointless, fail at once", elapsed)
	}
}

func TestSharedRateLimitGateSendsFewProbes(t *testing.T) {
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
	ctx := context.Background()
	if _, err := c.auth.current(ctx); err != nil {
		t.Fatal(err)
	}
	first := make(chan error, 1)
	go func() { _, err := c.ListUsers(ctx); first <- err }()
	time.Sleep(150 * time.Millisecond) // the first 429 closes the gate
	for _, err := range runConcurrently(20, func() error { _, err := c.ListUsers(ctx); return err }) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	// One 429 closed the gate, one probe at ~1s found it still closed; the
	// probe at ~2s opened it for all. Without the gate, 21 callers would each
	// have probed.
	if got := throttled.Load(); got > 3 {
		t.Errorf("%d requests were sent while throttled, want at most 3", got)
	}
	if got := f.count(routeUsers); got != int(throttled.Load())+21 {
		t.Errorf("%d requests in all, want %d throttled + 21 successes", got, throttled.Load())
	}
}

func TestMaxRequestsPerSecondPacesEveryRequest(t *testing.T) {
	f := newFakeAPI(t)
	f.handle(routeUsers, usersHandler())
	c := f.client(func(cfg *Config) { cfg.MaxRequestsPerSecond = 20 })
	ctx := context.Background()
	runConcurrently(8, func() error { _, err := c.ListUsers(ctx); return err })
	at := append(f.arrivals(routeAuth), f.arrivals(routeUsers)...)
	if len(at) != 9 {
		t.Fatalf("%d requests, want 9", len(at))
	}
	first, last := at[0], at[0]
	for _, a := range at {
		first = minTime(first, a)
		last = maxTime(last, a)
	}
	// 9 requests at 20/s with burst 1 span at least 8 intervals of 50ms.
	if span := last.Sub(first); span < 350*time.Millisecond {
		t.Errorf("9 requests took %v, want >= ~400ms at 20 requests/second", span)
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func TestRequestTimeoutIsPerAttempt(t *testing.T) {
	f := newFakeAPI(t)
	var calls atomic.Int32
	f.handle(routeUsers, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select { // the first attempt hangs
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			return
		}
		usersHandler()(w, r)
	})
	c := f.client(func(cfg *Config) { cfg.RequestTimeout = 200 * time.Millisecond })
	if _, err := c.ListUsers(context.Background()); err != nil {
		t.Fatalf("a hung first attempt should time out and be retried: %v", err)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("%d attempts, want 2", got)
	}
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
