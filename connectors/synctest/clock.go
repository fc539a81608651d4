package synctest

import (
	"context"
	"sync"
	"time"

	"deskpilot/connectors"
)

// Clock is a connectors.Clock for tests: Sleep returns at once, moving the
// time on and recording the wait, so that backoffs and Retry-After waits
// are checked without being waited out.
type Clock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

var _ connectors.Clock = (*Clock)(nil)

// NewClock returns a clock at now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep records d and moves the clock by it, unless ctx is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.slept = append(c.slept, d)
	c.now = c.now.Add(d)
	return nil
}

// Advance moves the clock by d without recording a wait.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Slept returns the waits so far and forgets them.
func (c *Clock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.slept
	c.slept = nil
	return out
}
