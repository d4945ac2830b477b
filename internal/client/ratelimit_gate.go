package client

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rateLimitGate is shared by every request of one Client. When the server
// answers 429 with Retry-After, the gate closes until then: instead of every
// request retrying on its own (and each earning another 429), all of them
// wait, and when the time is up a single request probes the server. Its
// answer opens the gate for everyone or closes it again.
type rateLimitGate struct {
	mu      sync.Mutex
	closed  bool
	until   time.Time
	probing bool
	changed chan struct{} // closed and replaced whenever the state changes
}

// gateTooLongError is returned by wait when the gate stays closed longer
// than the caller may wait.
type gateTooLongError struct {
	until      time.Time
	retryAfter string
}

func (e *gateTooLongError) Error() string {
	return "rate limited until " + e.until.UTC().Format(time.RFC3339)
}

// wait blocks until the caller may send. It returns a function that the
// caller must call with the response status (0 for a transport error) once
// the attempt is over. maxWait is the longest the caller accepts to wait;
// the context's deadline is honoured too.
func (g *rateLimitGate) wait(ctx context.Context, maxWait time.Duration) (done func(status int, retryAfter string), err error) {
	for {
		g.mu.Lock()
		if !g.closed {
			g.mu.Unlock()
			return g.observe, nil
		}
		now := time.Now()
		remaining := g.until.Sub(now)
		if remaining <= 0 && !g.probing {
			g.probing = true
			g.mu.Unlock()
			return g.finishProbe, nil
		}
		changed, until := g.changed, g.until
		g.mu.Unlock()

		if remaining > maxWait || exceedsDeadline(ctx, remaining) {
			return nil, &gateTooLongError{until: until, retryAfter: strconv.Itoa(int(remaining.Round(time.Second) / time.Second))}
		}
		if err := sleepUntilChange(ctx, remaining, changed); err != nil {
			return nil, err
		}
	}
}

// sleepUntilChange waits for the gate to change or for remaining (plus
// jitter, which spreads the waiters so that one of them clearly probes first)
// to pass. remaining <= 0 means a probe is under way: wait for its answer.
func sleepUntilChange(ctx context.Context, remaining time.Duration, changed <-chan struct{}) error {
	var timeout <-chan time.Time
	if remaining > 0 {
		t := time.NewTimer(remaining + gateJitter(remaining))
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-changed:
	case <-timeout:
	}
	return nil
}

// observe handles the answer of a request sent while the gate was open.
func (g *rateLimitGate) observe(status int, retryAfter string) {
	if status == http.StatusTooManyRequests {
		g.closeUntil(retryAfter)
	}
}

// finishProbe handles the answer of the probing request.
func (g *rateLimitGate) finishProbe(status int, retryAfter string) {
	g.mu.Lock()
	g.probing = false
	if status != http.StatusTooManyRequests && status != 0 {
		g.closed = false
	}
	g.broadcastLocked()
	g.mu.Unlock()
	if status == http.StatusTooManyRequests {
		g.closeUntil(retryAfter)
	}
}

func (g *rateLimitGate) closeUntil(retryAfter string) {
	wait, ok := parseRetryAfter(retryAfter, time.Now())
	if !ok {
		return // without Retry-After each request backs off on its own
	}
	until := time.Now().Add(wait)
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.closed || until.After(g.until) {
		g.closed = true
		g.until = until
		g.broadcastLocked()
	}
}

func (g *rateLimitGate) broadcastLocked() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// gateJitter is up to 10% of the wait, at most 250ms.
func gateJitter(wait time.Duration) time.Duration {
	limit := min(wait/10, 250*time.Millisecond)
	if limit <= 0 {
		return 0
	}
	return rand.N(limit) //nolint:gosec // jitter spreads retries; it needs no unpredictability
}

// exceedsDeadline reports whether waiting d would run past ctx's deadline.
func exceedsDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Now().Add(d).After(deadline)
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date. It is
// written here because go-retryablehttp does not export its own parser, and
// the gate, backoff and retryAfterFits all need the wait it gives.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	// A wait too long for a Duration (or for an int64, which ParseInt
	// reports as ErrRange with the largest value) is the longest Duration:
	// multiplied out it would wrap to a negative wait, retried at once.
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case secs < 0:
			return 0, false
		case secs > int64(math.MaxInt64/time.Second):
			return math.MaxInt64, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
