package connectors

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ClientOptions configures a Client. Zero fields take the defaults named.
type ClientOptions struct {
	// HTTP sends the requests (default: a client with a 60 s timeout).
	HTTP *http.Client
	// Authorize sets the credentials on each request (an Authorization
	// header). The client never logs headers.
	Authorize func(*http.Request)
	// UserAgent names deskpilot to the API (default "deskpilot").
	UserAgent string
	// Retries is how many times a request is retried after a network
	// error, a 5xx, a 408 or a malformed body (default 5).
	Retries int
	// RateLimitRetries is how many 429 answers one request may wait out
	// (default 20).
	RateLimitRetries int
	// MinBackoff and MaxBackoff bound the exponential backoff between
	// retries (defaults 1 s and 1 min); each wait is jittered.
	MinBackoff, MaxBackoff time.Duration
	// MaxWait is the longest Retry-After or rate-limit reset honoured;
	// a longer one fails the request (default 15 min).
	MaxWait time.Duration
	// Clock reads the time and waits (default SystemClock).
	Clock Clock
	// Jitter spreads a backoff d (default: uniform in [d/2, d]).
	Jitter func(d time.Duration) time.Duration
	// RateLimitWait reads an API's own rate-limit headers on any answer
	// and returns how long to pause before the next request, 0 for none.
	RateLimitWait func(h http.Header) time.Duration
	// ErrorMessage extracts the API's explanation from an error body.
	ErrorMessage func(body []byte) string
	// MaxBodyBytes caps a response body (default 64 MiB).
	MaxBodyBytes int64
	// Log receives retries and rate-limit waits (default: discarded).
	Log *slog.Logger
}

// Client is the HTTP client sources share: it retries network errors and
// 5xx answers with exponential backoff and jitter, waits out 429 answers
// for as long as Retry-After says (seconds or an HTTP date), pauses when an
// API's rate-limit headers say its budget is spent, and stops as soon as
// its context is done.
type Client struct {
	o ClientOptions

	mu        sync.Mutex
	notBefore time.Time // no request before this, by the rate-limit headers
}

// NewClient returns a client with o's settings.
func NewClient(o ClientOptions) *Client {
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 60 * time.Second}
	}
	if o.UserAgent == "" {
		o.UserAgent = "deskpilot"
	}
	if o.Retries <= 0 {
		o.Retries = 5
	}
	if o.RateLimitRetries <= 0 {
		o.RateLimitRetries = 20
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 15 * time.Minute
	}
	if o.Clock == nil {
		o.Clock = SystemClock{}
	}
	if o.Jitter == nil {
		o.Jitter = func(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 64 << 20
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Client{o: o}
}

// GetJSON fetches url and decodes its JSON body into v, retrying as the
// client's options say. A body that is not such JSON, even after retries,
// is a *PageError; an answer not retried, or still failing after the
// retries, is an *HTTPError.
func (c *Client) GetJSON(ctx context.Context, url string, v any) error {
	var tries, limited int
	for {
		body, err := c.attempt(ctx, http.MethodGet, url, nil)
		if err == nil {
			if err = json.Unmarshal(body, v); err == nil {
				return nil
			}
			err = &PageError{URL: url, Err: err}
		}
		wait, ok := c.retry(err, &tries, &limited)
		if !ok {
			return unwrapAttempt(err)
		}
		c.o.Log.Info("connector request retried", "url", url, "error", unwrapAttempt(err).Error(),
			"wait_ms", wait.Milliseconds(), "attempt", tries+limited)
		if err := c.o.Clock.Sleep(ctx, wait); err != nil {
			return fmt.Errorf("GET %s: %w", url, err)
		}
	}
}

// statusError is a non-2xx answer with its Retry-After, if any.
type statusError struct {
	http  *HTTPError
	after time.Duration
}

func (e *statusError) Error() string { return e.http.Error() }

// netError is a failure to get an answer at all.
type netError struct{ err error }

func (e *netError) Error() string { return e.err.Error() }

func unwrapAttempt(err error) error {
	var se *statusError
	if errors.As(err, &se) {
		return se.http
	}
	var ne *netError
	if errors.As(err, &ne) {
		return ne.err
	}
	return err
}

// retry decides whether err is worth another attempt, and after how long.
func (c *Client) retry(err error, tries, limited *int) (time.Duration, bool) {
	var se *statusError
	var ne *netError
	var pe *PageError
	switch {
	case errors.As(err, &se) && se.http.Status == http.StatusTooManyRequests:
		if *limited >= c.o.RateLimitRetries {
			return 0, false
		}
		*limited++
		wait := se.after
		if wait <= 0 {
			wait = c.backoff(*limited - 1)
		}
		return wait, wait <= c.o.MaxWait
	case errors.As(err, &se) && se.http.Temporary(), errors.As(err, &ne), errors.As(err, &pe):
		if *tries >= c.o.Retries {
			return 0, false
		}
		*tries++
		wait := c.backoff(*tries - 1)
		if se != nil && se.after > wait {
			wait = se.after // a 503 may say when to come back
		}
		return wait, wait <= c.o.MaxWait
	}
	return 0, false
}

// backoff is the n-th (from 0) exponential wait, capped and jittered.
func (c *Client) backoff(n int) time.Duration {
	d := c.o.MinBackoff
	for i := 0; i < n && d < c.o.MaxBackoff; i++ {
		d *= 2
	}
	return c.o.Jitter(min(d, c.o.MaxBackoff))
}

// attempt sends one request (with body, when not nil, as JSON) and reads
// its answer.
func (c *Client) attempt(ctx context.Context, method, url string, body []byte) ([]byte, error) {
	if err := c.waitTurn(ctx); err != nil {
		return nil, err
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.o.UserAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.o.Authorize != nil {
		c.o.Authorize(req)
	}
	start := c.o.Clock.Now()
	resp, err := c.o.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s %s: %w", method, url, ctx.Err())
		}
		return nil, &netError{err}
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, c.o.MaxBodyBytes+1))
	c.noteRateLimit(resp.Header)
	c.o.Log.Debug("connector request", "method", method, "url", url, "status", resp.StatusCode,
		"duration_ms", c.o.Clock.Now().Sub(start).Milliseconds())
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s %s: %w", method, url, ctx.Err())
		}
		return nil, &netError{fmt.Errorf("%s %s: read body: %w", method, url, err)}
	}
	if int64(len(answer)) > c.o.MaxBodyBytes {
		return nil, &HTTPError{Method: method, URL: url, Status: resp.StatusCode, Message: fmt.Sprintf("body over %d bytes", c.o.MaxBodyBytes)}
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return answer, nil
	}
	he := &HTTPError{Method: method, URL: url, Status: resp.StatusCode}
	if c.o.ErrorMessage != nil {
		he.Message = c.o.ErrorMessage(answer)
	}
	return nil, &statusError{http: he, after: RetryAfter(resp.Header.Get("Retry-After"), c.o.Clock.Now())}
}

// noteRateLimit pauses the next request when the API's headers say so.
func (c *Client) noteRateLimit(h http.Header) {
	if c.o.RateLimitWait == nil {
		return
	}
	wait := min(c.o.RateLimitWait(h), c.o.MaxWait)
	if wait <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if until := c.o.Clock.Now().Add(wait); until.After(c.notBefore) {
		c.notBefore = until
	}
}

// waitTurn waits until the rate-limit pause, if any, is over.
func (c *Client) waitTurn(ctx context.Context) error {
	c.mu.Lock()
	wait := c.notBefore.Sub(c.o.Clock.Now())
	c.mu.Unlock()
	if wait <= 0 {
		return nil
	}
	c.o.Log.Info("connector paused by the API's rate limit", "wait_ms", wait.Milliseconds())
	return c.o.Clock.Sleep(ctx, wait)
}

// RetryAfter reads a Retry-After value: a number of seconds or an HTTP
// date, taken relative to now. It returns 0 when v is empty or unreadable.
func RetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if !(secs > 0) { // also NaN
			return 0
		}
		return time.Duration(min(secs, 1e7) * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
