package openai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

// retryPolicy decides whether and when a failed request is tried again.
// Its clock, sleeper and jitter are fields so that tests replace them.
type retryPolicy struct {
	retries    int
	base       time.Duration // first backoff, doubled at each attempt
	maxBackoff time.Duration
	maxWait    time.Duration // cap on a server's Retry-After
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
	jitter     func() float64 // in [0, 1)
}

func defaultRetryPolicy(retries int) retryPolicy {
	return retryPolicy{
		retries:    retries,
		base:       500 * time.Millisecond,
		maxBackoff: 20 * time.Second,
		maxWait:    time.Minute,
		sleep:      sleepContext,
		now:        time.Now,
		jitter:     rand.Float64,
	}
}

// retryPolicyOf is the default policy with cfg's retries and sleeper.
func retryPolicyOf(cfg Config) retryPolicy {
	p := defaultRetryPolicy(cfg.MaxRetries)
	if cfg.Sleep != nil {
		p.sleep = cfg.Sleep
	}
	return p
}

// do runs call until it succeeds, fails for good, runs out of retries or
// ctx ends. call gets a context that carries the hint of its answer.
func (p retryPolicy) do(ctx context.Context, call func(ctx context.Context) error) error {
	for attempt := 0; ; attempt++ {
		h := &answerHint{}
		err := call(context.WithValue(ctx, hintKey{}, h))
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return fmt.Errorf("stopped: %w", context.Cause(ctx))
		case !retryable(err):
			return err
		case attempt >= p.retries:
			return fmt.Errorf("giving up after %d attempts: %w", attempt+1, err)
		}
		if err := p.sleep(ctx, p.wait(attempt, h)); err != nil {
			return fmt.Errorf("waiting to retry: %w", err)
		}
	}
}

// wait is how long to wait before the retry that follows attempt: what
// the server asked for, capped by maxWait, or else an exponential backoff
// of which the upper half is random, so that clients spread out.
func (p retryPolicy) wait(attempt int, h *answerHint) time.Duration {
	if d, ok := h.delay(p.now()); ok {
		return min(d, p.maxWait)
	}
	d := p.maxBackoff
	if attempt < 30 {
		d = min(p.base<<attempt, p.maxBackoff)
	}
	half := d / 2
	return half + time.Duration(p.jitter()*float64(d-half))
}

// retryable tells errors worth another try: rate limits, conflicts and
// timeouts answered by the server, server errors, and failures to reach
// the server or read its answer. Other 4xx (bad request, auth, not found)
// and an exhausted quota will fail the same way again.
func retryable(err error) bool {
	var reqErr *goopenai.RequestError
	var apiErr *goopenai.APIError
	switch {
	case errors.As(err, &reqErr) && reqErr.HTTPStatusCode != 0:
		return retryableStatus(reqErr.HTTPStatusCode, nil)
	case errors.As(err, &apiErr) && apiErr.HTTPStatusCode != 0:
		return retryableStatus(apiErr.HTTPStatusCode, apiErr.Code)
	}
	var urlErr *url.Error
	var netErr net.Error
	return errors.As(err, &urlErr) || errors.As(err, &netErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded)
}

func retryableStatus(status int, code any) bool {
	switch {
	case status == http.StatusTooManyRequests:
		return code != "insufficient_quota"
	case status == http.StatusRequestTimeout, status == http.StatusConflict:
		return true
	}
	return status >= 500
}

// hintKey carries an *answerHint in a request's context.
type hintKey struct{}

// answerHint is what an answer said about when to try again.
type answerHint struct {
	retryAfter   string // Retry-After: seconds or an HTTP date
	retryAfterMS string // retry-after-ms, sent by some OpenAI-compatible servers
}

// delay is the wait the hint asks for, if it asks for one.
func (h *answerHint) delay(now time.Time) (time.Duration, bool) {
	if ms, err := strconv.ParseFloat(strings.TrimSpace(h.retryAfterMS), 64); err == nil && ms >= 0 && ms < 1e9 {
		return time.Duration(ms * float64(time.Millisecond)), true
	}
	return parseRetryAfter(h.retryAfter, now)
}

// parseRetryAfter reads a Retry-After value, seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || math.IsNaN(secs) {
			return 0, false
		}
		return time.Duration(min(secs, 1e9) * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// hintDoer sends requests with an http.Client and notes, in the hint the
// request's context carries, what the answer said about retrying: go-openai
// returns errors without the response headers.
type hintDoer struct{ client *http.Client }

// Do sends req and records the answer's retry headers.
func (d hintDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.client.Do(req)
	if h, ok := req.Context().Value(hintKey{}).(*answerHint); ok && resp != nil {
		h.retryAfter = resp.Header.Get("Retry-After")
		h.retryAfterMS = resp.Header.Get("Retry-After-Ms")
	}
	return resp, err
}

// sleepContext waits d, or less if ctx ends first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
