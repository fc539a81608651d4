package connectors_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// step is a scripted answer: serve answers the n-th request (from 0) with
// steps[n], and with the last step after that.
type step struct {
	status int
	header map[string]string
	body   string
}

func serve(t *testing.T, steps ...step) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1))-1, len(steps)-1)
		for k, v := range steps[i].header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(steps[i].status)
		w.Write([]byte(steps[i].body))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// errorMessage reads {"error": ..., "description": ...}.
func errorMessage(body []byte) string {
	var e struct{ Error, Description string }
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	return strings.Trim(e.Error+": "+e.Description, ": ")
}

// newClient returns a client on clock whose backoffs have no jitter, for
// the test to check them.
func newClient(clock connectors.Clock, o connectors.ClientOptions) *connectors.Client {
	o.Clock = clock
	o.Jitter = func(d time.Duration) time.Duration { return d }
	return connectors.NewClient(o)
}

func TestClientRetries(t *testing.T) {
	ok := step{200, nil, `{"n": 1}`}
	tests := []struct {
		name      string
		steps     []step
		wantSlept []time.Duration
		wantCalls int32
		wantErr   string // "" for success
	}{
		{"success", []step{ok}, nil, 1, ""},
		{"429 retry-after seconds", []step{{429, map[string]string{"Retry-After": "7"}, ""}, ok}, []time.Duration{7 * time.Second}, 2, ""},
		{"429 retry-after date", []step{{429, map[string]string{"Retry-After": t0.Add(90 * time.Second).Format(http.TimeFormat)}, ""}, ok},
			[]time.Duration{90 * time.Second}, 2, ""},
		{"429 without retry-after backs off", []step{{429, nil, ""}, {429, nil, ""}, ok}, []time.Duration{time.Second, 2 * time.Second}, 3, ""},
		{"500 then success", []step{{500, nil, "oops"}, {502, nil, ""}, ok}, []time.Duration{time.Second, 2 * time.Second}, 3, ""},
		{"503 with retry-after", []step{{503, map[string]string{"Retry-After": "30"}, ""}, ok}, []time.Duration{30 * time.Second}, 2, ""},
		{"500 until retries are spent", []step{{500, nil, `{"error":"Boom","description":"try later"}`}},
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, 4, "HTTP 500: Boom: try later"},
		{"404 not retried", []step{{404, nil, `{"error":"RecordNotFound","description":"Not found"}`}}, nil, 1, "HTTP 404: RecordNotFound: Not found"},
		{"401 not retried", []step{{401, nil, `{"error":"Couldn't authenticate you"}`}}, nil, 1, "HTTP 401"},
		{"retry-after too long", []step{{429, map[string]string{"Retry-After": "3600"}, ""}}, nil, 1, "HTTP 429"},
		{"malformed body retried", []step{{200, nil, `{"n": `}, ok}, []time.Duration{time.Second}, 2, ""},
		{"malformed body until retries are spent", []step{{200, nil, `{"n": `}},
			[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, 4, "malformed page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := serve(t, tt.steps...)
			clock := synctest.NewClock(t0)
			c := newClient(clock, connectors.ClientOptions{Retries: 3, MaxWait: 10 * time.Minute, ErrorMessage: errorMessage})
			var v struct{ N int }
			err := c.GetJSON(context.Background(), srv.URL+"/x", &v)
			switch {
			case tt.wantErr == "" && (err != nil || v.N != 1):
				t.Fatalf("GetJSON: %v, %+v", err, v)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("GetJSON error: %v, want it to contain %q", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.wantSlept, clock.Slept()); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("requests: %d, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestClientErrorTypes(t *testing.T) {
	srv, _ := serve(t, step{404, nil, `nope`})
	c := newClient(synctest.NewClock(t0), connectors.ClientOptions{})
	var he *connectors.HTTPError
	if err := c.GetJSON(context.Background(), srv.URL, &struct{}{}); !errors.As(err, &he) || he.Status != 404 || he.URL != srv.URL {
		t.Fatalf("404: %v, want an *HTTPError with its status and URL", err)
	}
	srv, _ = serve(t, step{200, nil, `[`})
	c = newClient(synctest.NewClock(t0), connectors.ClientOptions{Retries: 1})
	var pe *connectors.PageError
	if err := c.GetJSON(context.Background(), srv.URL+"/page?n=2", &struct{}{}); !errors.As(err, &pe) || pe.URL != srv.URL+"/page?n=2" {
		t.Fatalf("malformed body: %v, want a *PageError naming the page", err)
	}
}

// TestClientRateLimitHeaders: a spent budget pauses the next request until
// the reset the headers give.
func TestClientRateLimitHeaders(t *testing.T) {
	srv, _ := serve(t, step{200, map[string]string{"X-Budget": "0"}, `{}`}, step{200, nil, `{}`})
	clock := synctest.NewClock(t0)
	c := newClient(clock, connectors.ClientOptions{RateLimitWait: func(h http.Header) time.Duration {
		if h.Get("X-Budget") == "0" {
			return 40 * time.Second
		}
		return 0
	}})
	for range 3 {
		if err := c.GetJSON(context.Background(), srv.URL, &struct{}{}); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff([]time.Duration{40 * time.Second}, clock.Slept()); diff != "" {
		t.Fatalf("waits (-want +got):\n%s", diff)
	}
}

// TestClientCancel: a cancelled context ends the wait for a retry.
func TestClientCancel(t *testing.T) {
	srv, calls := serve(t, step{500, nil, ""})
	ctx, cancel := context.WithCancel(context.Background())
	clock := &cancellingClock{Clock: synctest.NewClock(t0), cancel: cancel}
	c := newClient(clock, connectors.ClientOptions{Retries: 10})
	err := c.GetJSON(ctx, srv.URL, &struct{}{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("GetJSON with a context cancelled during the backoff: %v", err)
	}
	if calls.Load() != 1 {
		t.Fatalf("%d requests after the cancel, want 1", calls.Load())
	}
}

// cancellingClock cancels its context when asked to wait.
type cancellingClock struct {
	*synctest.Clock
	cancel context.CancelFunc
}

func (c *cancellingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.cancel()
	return c.Clock.Sleep(ctx, d)
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"0", 0}, {"12", 12 * time.Second}, {"1.5", 1500 * time.Millisecond}, {"-3", 0}, {"NaN", 0}, {"soon", 0},
		{t0.Add(time.Minute).Format(http.TimeFormat), time.Minute}, {t0.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		if got := connectors.RetryAfter(tt.in, t0); got != tt.want {
			t.Errorf("RetryAfter(%q): %v, want %v", tt.in, got, tt.want)
		}
	}
}
