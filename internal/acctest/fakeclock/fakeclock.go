// Package fakeclock is the clock that tests of time rules (rotate_after,
// password_older_than) give the provider and the mock alike, and move
// between steps instead of waiting.
package fakeclock

import (
	"sync"
	"time"
)

// Clock is a time that moves only when the test advances it. It is safe for
// concurrent use: the provider and the mock read it from their goroutines.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock set to the real time, to the second (as
// rotation_due_at shows times).
func New() *Clock { return &Clock{now: time.Now().UTC().Truncate(time.Second)} }

// Now is the clock's time; pass the method value as a func() time.Time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
