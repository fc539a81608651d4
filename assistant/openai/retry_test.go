package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/assistant/openai/openaitest"
)

func TestRetryAfterIsHonoured(t *testing.T) {
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		retryAfter string
		want       time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"zero", "0", 0},
		{"HTTP date", now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second},
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"capped", "3600", time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.FailNext(1, http.StatusTooManyRequests, tt.retryAfter)
			e, log := MustEmbedder(t, s, Config{})
			e.retry.now = func() time.Time { return now }
			if _, err := e.Embed(t.Context(), []string{"a"}); err != nil {
				t.Fatal(err)
			}
			if waits := log.all(); len(waits) != 1 || waits[0] != tt.want {
				t.Errorf("waits = %v, want [%s]", waits, tt.want)
			}
			if n := len(s.Requests()); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}

func TestTransientFailuresRetriedWithBackoff(t *testing.T) {
	tests := []struct {
		name   string
		status int
	}{
		{"server error", http.StatusInternalServerError},
		{"bad gateway", http.StatusBadGateway},
		{"overloaded", http.StatusServiceUnavailable},
		{"rate limited without Retry-After", http.StatusTooManyRequests},
		{"connection cut", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.FailNext(2, tt.status, "")
			e, log := MustEmbedder(t, s, Config{})
			got, err := e.Embed(t.Context(), []string{"a", "b"})
			if err != nil {
				t.Fatal(err)
			}
			assertUnitVectorsOf(t, got, []string{"a", "b"}, openaitest.DefaultDimensions)
			if n := len(s.Requests()); n != 3 {
				t.Errorf("%d requests, want 3", n)
			}
			waits := log.all()
			base := e.retry.base
			if len(waits) != 2 || waits[0] < base/2 || waits[0] > base || waits[1] < base || waits[1] > 2*base {
				t.Errorf("waits = %v, want one in [%s, %s] then one in [%s, %s]", waits, base/2, base, base, 2*base)
			}
		})
	}
}

func TestPermanentFailuresNotRetried(t *testing.T) {
	tests := []struct {
		name   string
		key    string // the embedder's; the server wants "sk-right-key-0000"
		answer *openaitest.Error
	}{
		{"bad request", "sk-right-key-0000", &openaitest.Error{Status: http.StatusBadRequest, Param: "input"}},
		{"wrong key", "sk-wrong-key-1111", nil},
		{"no key", "", nil},
		{"unknown model", "sk-right-key-0000", &openaitest.Error{Status: http.StatusNotFound, Code: "model_not_found",
			Message: "The model `nope` does not exist"}},
		{"quota exhausted", "sk-right-key-0000", &openaitest.Error{Status: http.StatusTooManyRequests,
			Type: "insufficient_quota", Code: "insufficient_quota", Message: "You exceeded your current quota."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-right-key-0000"))
			if tt.answer != nil {
				s.Embeddings(func(openaitest.EmbeddingRequest) ([][]float32, error) { return nil, tt.answer })
			}
			e, log := MustEmbedder(t, s, Config{APIKey: tt.key})
			_, err := e.Embed(t.Context(), []string{"a"})
			if err == nil || !strings.HasPrefix(err.Error(), "openai: embed batch 1/1") {
				t.Fatalf("err = %v", err)
			}
			if n := len(s.Requests()); n != 1 || len(log.all()) != 0 {
				t.Errorf("%d requests and %d waits, want 1 and none", n, len(log.all()))
			}
		})
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	s := openaitest.NewServer(t)
	s.FailNext(10, http.StatusServiceUnavailable, "1")
	e, log := MustEmbedder(t, s, Config{MaxRetries: 2})
	_, err := e.Embed(t.Context(), []string{"a"})
	if err == nil || !strings.Contains(err.Error(), "giving up after 3 attempts") || !strings.Contains(err.Error(), "503") {
		t.Fatalf("err = %v", err)
	}
	if n := len(s.Requests()); n != 3 || len(log.all()) != 2 {
		t.Errorf("%d requests and %d waits, want 3 and 2", n, len(log.all()))
	}

	s.FailNext(1, http.StatusInternalServerError, "")
	once, _ := MustEmbedder(t, s, Config{MaxRetries: -1})
	if _, err := once.Embed(t.Context(), []string{"a"}); err == nil {
		t.Error("with MaxRetries -1 a failure was retried")
	}
}

func TestTimeoutPerRequest(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Delay(time.Minute) // far past Timeout: every attempt times out
	e, log := MustEmbedder(t, s, Config{Timeout: 20 * time.Millisecond, MaxRetries: 2})
	_, err := e.Embed(t.Context(), []string{"a"})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Fatalf("err = %v, want deadline exceeded after 3 attempts", err)
	}
	if n := len(s.Requests()); n != 3 || len(log.all()) != 2 {
		t.Errorf("%d requests and %d waits, want 3 and 2", n, len(log.all()))
	}
}

func TestCancellationStopsRetries(t *testing.T) {
	s := openaitest.NewServer(t)
	s.FailNext(5, http.StatusServiceUnavailable, "")
	e, _ := MustEmbedder(t, s, Config{})
	ctx, cancel := context.WithCancel(t.Context())
	e.retry.sleep = func(ctx context.Context, d time.Duration) error {
		cancel() // the caller gives up while the embedder waits to retry
		return sleepContext(ctx, d)
	}
	_, err := e.Embed(ctx, []string{"a"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want canceled", err)
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestRealSleeperEndsWithContext(t *testing.T) {
	s := openaitest.NewServer(t)
	s.FailNext(1, http.StatusTooManyRequests, "30")
	e, err := NewEmbedder(Config{BaseURL: s.URL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if _, err := e.Embed(ctx, []string{"a"}); !errors.Is(err, context.DeadlineExceeded) ||
		!strings.Contains(err.Error(), "waiting to retry") {
		t.Fatalf("err = %v, want the 30 s wait cut by the deadline", err)
	}
}

func TestAPIKeyNeverInErrors(t *testing.T) {
	const key = "sk-secret-0123456789abcdefXYZ"
	tests := []struct {
		name  string
		setup func(s *openaitest.Server)
	}{
		{"server echoes the key", func(s *openaitest.Server) {
			s.Embeddings(func(openaitest.EmbeddingRequest) ([][]float32, error) {
				return nil, &openaitest.Error{Status: http.StatusBadRequest, Message: "bad header Bearer " + key}
			})
		}},
		{"retries exhausted on an echo", func(s *openaitest.Server) {
			s.FailNext(5, http.StatusBadGateway, "")
			s.Embeddings(func(openaitest.EmbeddingRequest) ([][]float32, error) { return nil, fmt.Errorf("proxy saw %s", key) })
		}},
		{"network failure", func(s *openaitest.Server) { s.FailNext(5, 0, "") }},
		{"timeout", func(s *openaitest.Server) { s.Delay(time.Minute) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			tt.setup(s)
			e, _ := MustEmbedder(t, s, Config{APIKey: key, Timeout: 20 * time.Millisecond, MaxRetries: 1})
			_, err := e.Embed(t.Context(), []string{"a"})
			if err == nil {
				t.Fatal("Embed succeeded, want an error")
			}
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				if strings.Contains(text, key) {
					t.Fatalf("the API key is in the error: %s", text)
				}
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"12", 12 * time.Second, true},
		{" 1.5 ", 1500 * time.Millisecond, true},
		{"-3", 0, false},
		{"NaN", 0, false},
		{"soon", 0, false},
		{"Tue, 04 Mar 2025 10:00:09 GMT", 9 * time.Second, true},
		{"Monday, 03-Mar-25 10:00:00 GMT", 0, true}, // RFC 850, in the past
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.value, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tt.value, got, ok, tt.want, tt.wantOK)
		}
	}
	h := &answerHint{retryAfter: "9", retryAfterMS: "250"}
	if d, ok := h.delay(now); !ok || d != 250*time.Millisecond {
		t.Errorf("retry-after-ms first: %s %v", d, ok)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	p := defaultRetryPolicy(10)
	for _, jitter := range []float64{0, 0.999} {
		p.jitter = func() float64 { return jitter }
		prev := time.Duration(0)
		for attempt := range 40 {
			d := p.wait(attempt, &answerHint{})
			if d < prev || d > p.maxBackoff || d < p.base/2 {
				t.Fatalf("jitter %v attempt %d: wait %s after %s", jitter, attempt, d, prev)
			}
			prev = d
		}
		if prev < p.maxBackoff/2 {
			t.Errorf("jitter %v: backoff stopped at %s, below half the cap", jitter, prev)
		}
	}
}

func TestRetryableStatus(t *testing.T) {
	tests := []struct {
		status int
		code   any
		want   bool
	}{
		{400, nil, false}, {401, "invalid_api_key", false}, {403, nil, false}, {404, "model_not_found", false},
		{408, nil, true}, {409, nil, true}, {422, nil, false}, {429, "rate_limit_exceeded", true},
		{429, "insufficient_quota", false}, {500, nil, true}, {502, nil, true}, {503, nil, true}, {504, nil, true},
	}
	for _, tt := range tests {
		if got := retryableStatus(tt.status, tt.code); got != tt.want {
			t.Errorf("retryableStatus(%d, %v) = %v", tt.status, tt.code, got)
		}
	}
}
