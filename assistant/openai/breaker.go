package openai

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

// ErrCircuitOpen is the error of a call refused without a request because
// the server failed too many calls in a row (see Config.BreakerFailures).
// Callers fall back at once instead of waiting for the server again.
var ErrCircuitOpen = errors.New("circuit open")

// States of a circuit breaker, as Circuit reports them.
const (
	CircuitClosed   = "closed"    // calls go through
	CircuitOpen     = "open"      // calls fail at once until the cool-down ends
	CircuitHalfOpen = "half_open" // one call probes the server; the others fail at once
)

// Circuit is where a breaker stands, for metrics and status pages.
type Circuit struct {
	State string
	// Failures counts the calls failed in a row; Opens counts how many
	// times the circuit opened since start.
	Failures int
	Opens    int
}

// breaker stops calls to a server that keeps failing: after threshold
// failures in a row it opens for cooldown, during which calls fail at once
// with ErrCircuitOpen; then one call at a time probes the server (half
// open), and the first that succeeds closes the circuit. A nil breaker lets
// every call through.
type breaker struct {
	name      string // the endpoint, for logs: chat or embeddings
	threshold int
	cooldown  time.Duration
	now       func() time.Time
	log       *slog.Logger
	secret    string // the API key, scrubbed from what is logged

	mu        sync.Mutex
	state     string
	failures  int
	openUntil time.Time
	probing   bool
	opens     int
}

// newBreaker returns the breaker cfg asks for, nil when it is off.
func newBreaker(name string, cfg Config) *breaker {
	if cfg.BreakerFailures < 0 {
		return nil
	}
	return &breaker{name: name, threshold: cfg.BreakerFailures, cooldown: cfg.BreakerCooldown, now: cfg.Now,
		log: cfg.Logger, secret: cfg.APIKey, state: CircuitClosed}
}

// circuitError is ErrCircuitOpen with what the caller may tell its user.
type circuitError struct {
	failures int
	wait     time.Duration // until the next probe; 0 while one is under way
}

func (e *circuitError) Error() string {
	if e.wait <= 0 {
		return fmt.Sprintf("%s: the server failed %d calls in a row; a probe is under way", ErrCircuitOpen, e.failures)
	}
	return fmt.Sprintf("%s: the server failed %d calls in a row; next try in %s", ErrCircuitOpen, e.failures,
		e.wait.Round(time.Second))
}

// Is makes errors.Is(err, ErrCircuitOpen) true.
func (e *circuitError) Is(target error) bool { return target == ErrCircuitOpen }

// allow asks to make a call. It returns an error while the circuit is
// open, and whether the call is the probe of a half-open circuit; the
// caller reports how the call ended with done.
func (b *breaker) allow() (probe bool, err error) {
	if b == nil {
		return false, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case CircuitClosed:
		return false, nil
	case CircuitOpen:
		now := b.now()
		if now.Before(b.openUntil) {
			return false, &circuitError{failures: b.failures, wait: b.openUntil.Sub(now)}
		}
		b.state = CircuitHalfOpen
		b.log.Info("openai: circuit half-open: probing the server", "endpoint", b.name)
	}
	if b.probing {
		return false, &circuitError{failures: b.failures}
	}
	b.probing = true
	return true, nil
}

// done records how an allowed call ended. err is the call's error before
// any rewording; ctx is the caller's: a call its caller gave up on says
// nothing about the server.
func (b *breaker) done(ctx context.Context, probe bool, err error) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	}
	switch {
	case err != nil && ctx.Err() != nil:
		return // neither proof of health nor of failure; a half-open circuit probes again
	case err == nil || !unusable(err):
		if b.state != CircuitClosed {
			b.log.Info("openai: circuit closed: the server answers again", "endpoint", b.name)
		}
		b.state, b.failures = CircuitClosed, 0
		return
	}
	b.failures++
	if probe || (b.state == CircuitClosed && b.failures >= b.threshold) {
		b.state, b.openUntil = CircuitOpen, b.now().Add(b.cooldown)
		b.opens++
		b.log.Warn("openai: circuit open: calls fail at once until the cool-down ends", "endpoint", b.name,
			"failures", b.failures, "cooldown", b.cooldown.String(), "error", scrubSecret(err, b.secret).Error())
	}
}

// circuit reports the breaker's state; an open circuit whose cool-down
// has ended shows as half open, since the next call will probe.
func (b *breaker) circuit() Circuit {
	if b == nil {
		return Circuit{State: CircuitClosed}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	c := Circuit{State: b.state, Failures: b.failures, Opens: b.opens}
	if c.State == CircuitOpen && !b.now().Before(b.openUntil) {
		c.State = CircuitHalfOpen
	}
	return c
}

// unusable tells the failures that say the server cannot serve any call
// now, as opposed to refusing this one: what the retries could not get
// through (network errors, timeouts, rate limits, server errors), a key
// refused, an exhausted quota. A bad request proves the server answers.
func unusable(err error) bool {
	if retryable(err) {
		return true
	}
	var reqErr *goopenai.RequestError
	var apiErr *goopenai.APIError
	status := 0
	switch {
	case errors.As(err, &apiErr):
		if apiErr.Code == "insufficient_quota" {
			return true
		}
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	return status == http.StatusUnauthorized || status == http.StatusForbidden
}

// ErrorKind sorts an error of Chat or Embedder into a few kinds, for
// metrics: circuit_open, canceled, timeout, rate_limited, server_error,
// unreachable, auth, bad_request or other.
func ErrorKind(err error) string {
	var reqErr *goopenai.RequestError
	var apiErr *goopenai.APIError
	status := 0
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrCircuitOpen):
		return "circuit_open"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &apiErr):
		status = apiErr.HTTPStatusCode
	case errors.As(err, &reqErr):
		status = reqErr.HTTPStatusCode
	}
	switch {
	case status == http.StatusTooManyRequests:
		return "rate_limited"
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "auth"
	case status >= 500:
		return "server_error"
	case status >= 400:
		return "bad_request"
	case status == 0 && retryable(err):
		return "unreachable"
	}
	return "other"
}
