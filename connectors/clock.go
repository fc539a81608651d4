package connectors

import (
	"context"
	"time"
)

// Clock is the time the sync engine and the HTTP client read and wait on.
// Tests give a fake one, so that no test waits out a backoff or a
// Retry-After for real.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx is done, and then returns ctx's error.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx is done.
func (SystemClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
