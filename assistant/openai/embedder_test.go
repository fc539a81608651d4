package openai

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"deskpilot/assistant/openai/openaitest"
)

// sleepLog replaces the retry sleeper: it records each wait and returns at
// once, so no test sleeps.
type sleepLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (l *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits = append(l.waits, d)
	return ctx.Err()
}

func (l *sleepLog) all() []time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.waits)
}

// MustEmbedder returns an Embedder on s with cfg and a recording sleeper.
func MustEmbedder(tb testing.TB, s *openaitest.Server, cfg Config) (*Embedder, *sleepLog) {
	tb.Helper()
	cfg.BaseURL = s.URL()
	e, err := NewEmbedder(cfg)
	if err != nil {
		tb.Fatalf("NewEmbedder: %v", err)
	}
	log := &sleepLog{}
	e.retry.sleep = log.sleep
	return e, log
}

func texts(n int, format string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i)
	}
	return out
}

func assertUnitVectorsOf(t *testing.T, got [][]float32, inputs []string, dims int) {
	t.Helper()
	if len(got) != len(inputs) {
		t.Fatalf("%d vectors for %d inputs", len(got), len(inputs))
	}
	for i, v := range got {
		want := openaitest.HashVector(inputs[i], dims)
		if len(v) != dims {
			t.Fatalf("vector %d has %d dimensions, want %d", i, len(v), dims)
		}
		for j := range v {
			if math.Abs(float64(v[j]-want[j])) > 1e-6 {
				t.Fatalf("vector %d is not the vector of %q", i, inputs[i])
			}
		}
	}
}

func TestEmbedBatchesAndKeepsOrder(t *testing.T) {
	s := openaitest.NewServer(t)
	s.ReverseEmbeddings(true) // vectors must be placed by index, not answer order
	e, _ := MustEmbedder(t, s, Config{EmbeddingModel: "text-embedding-3-small"})
	in := texts(600, "ticket %d: printer on floor 3 is jammed")
	got, err := e.Embed(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	assertUnitVectorsOf(t, got, in, openaitest.DefaultDimensions)
	var sizes []int
	var next int
	for _, r := range s.Requests() {
		sizes = append(sizes, len(r.Embedding.Input))
		if r.Embedding.Model != "text-embedding-3-small" || r.Embedding.Dimensions != 0 || r.Embedding.InputIsString {
			t.Errorf("request = %+v", r.Embedding)
		}
		if !slices.Equal(r.Embedding.Input, in[next:next+len(r.Embedding.Input)]) {
			t.Errorf("request at %d does not carry the next texts in order", next)
		}
		next += len(r.Embedding.Input)
	}
	if !slices.Equal(sizes, []int{256, 256, 88}) {
		t.Errorf("batch sizes = %v, want [256 256 88]", sizes)
	}
	if e.Dimensions() != openaitest.DefaultDimensions || e.Model() != "openai:text-embedding-3-small:64" {
		t.Errorf("learned Dimensions %d Model %q", e.Dimensions(), e.Model())
	}
}

func TestEmbedRespectsMaxBatchChars(t *testing.T) {
	s := openaitest.NewServer(t)
	e, _ := MustEmbedder(t, s, Config{MaxBatchChars: 250, BatchSize: 100})
	in := texts(5, "%03d"+strings.Repeat("x", 97)) // 100 characters each
	in = append(in, strings.Repeat("long ", 100))  // 500 characters: alone
	if _, err := e.Embed(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, r := range s.Requests() {
		sizes = append(sizes, len(r.Embedding.Input))
	}
	if !slices.Equal(sizes, []int{2, 2, 1, 1}) {
		t.Errorf("batch sizes = %v, want [2 2 1 1]", sizes)
	}
}

func TestBatches(t *testing.T) {
	tests := []struct {
		name      string
		lens      []int
		items     int
		chars     int
		wantSpans []span
	}{
		{"empty", nil, 2, 10, nil},
		{"by count", []int{1, 1, 1, 1, 1}, 2, 100, []span{{0, 2}, {2, 4}, {4, 5}}},
		{"by characters", []int{4, 4, 4}, 10, 8, []span{{0, 2}, {2, 3}}},
		{"oversized text alone", []int{2, 20, 2}, 10, 8, []span{{0, 1}, {1, 2}, {2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in []string
			for _, n := range tt.lens {
				in = append(in, strings.Repeat("é", n)) // characters, not bytes
			}
			if got := batches(in, tt.items, tt.chars); !slices.Equal(got, tt.wantSpans) {
				t.Errorf("batches = %v, want %v", got, tt.wantSpans)
			}
		})
	}
}

func TestEmbedNormalises(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Embeddings(func(openaitest.EmbeddingRequest) ([][]float32, error) { return [][]float32{{3, 4}, {0, -2}}, nil })
	e, _ := MustEmbedder(t, s, Config{})
	got, err := e.Embed(t.Context(), []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got[0], []float32{0.6, 0.8}) || !slices.Equal(got[1], []float32{0, -1}) {
		t.Errorf("vectors = %v", got)
	}
}

func TestEmbedRefusesBadAnswers(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		answer  [][]float32
		wantErr string
	}{
		{"wrong dimensions configured", Config{Dimensions: 4}, [][]float32{{1, 2, 3}, {1, 2, 3}}, "3 dimensions, want 4"},
		{"dimensions differ within an answer", Config{}, [][]float32{{1, 2}, {1, 2, 3}}, "3 dimensions, want 2"},
		{"too few vectors", Config{}, [][]float32{{1, 2}}, "1 vectors for 2 texts"},
		{"zero vector", Config{}, [][]float32{{0, 0}, {1, 0}}, "no direction"},
		{"empty vector", Config{}, [][]float32{{}, {}}, "empty vector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.Embeddings(func(openaitest.EmbeddingRequest) ([][]float32, error) { return tt.answer, nil })
			e, log := MustEmbedder(t, s, tt.cfg)
			_, err := e.Embed(t.Context(), []string{"a", "b"})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "openai: ") {
				t.Fatalf("err = %v, want one about %q", err, tt.wantErr)
			}
			if n := len(s.Requests()); n != 1 || len(log.all()) != 0 {
				t.Errorf("%d requests, %d waits: a bad answer is not retried", n, len(log.all()))
			}
		})
	}
}

func TestDimensionsSentAndLearned(t *testing.T) {
	s := openaitest.NewServer(t)
	e, _ := MustEmbedder(t, s, Config{Dimensions: 32, EmbeddingModel: "text-embedding-3-large"})
	if _, err := e.Embed(t.Context(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if got := s.Requests()[0].Embedding.Dimensions; got != 32 {
		t.Errorf("dimensions sent = %d, want 32", got)
	}
	if e.Model() != "openai:text-embedding-3-large:32" {
		t.Errorf("Model = %q", e.Model())
	}

	learner, _ := MustEmbedder(t, s, Config{})
	if learner.Dimensions() != 0 {
		t.Errorf("Dimensions before any answer = %d, want 0", learner.Dimensions())
	}
	if _, err := learner.Embed(t.Context(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	s.Embeddings(func(openaitest.EmbeddingRequest) ([][]float32, error) { return [][]float32{{1, 2}}, nil })
	if _, err := learner.Embed(t.Context(), []string{"b"}); err == nil || !strings.Contains(err.Error(), "2 dimensions, want 64") {
		t.Errorf("err = %v, want the learned 64 enforced", err)
	}
}

func TestEmbedEmptyInput(t *testing.T) {
	s := openaitest.NewServer(t)
	e, _ := MustEmbedder(t, s, Config{})
	if got, err := e.Embed(t.Context(), nil); err != nil || len(got) != 0 {
		t.Errorf("Embed(nil) = %v, %v", got, err)
	}
	if _, err := e.Embed(t.Context(), []string{"a", ""}); err == nil || !strings.Contains(err.Error(), "text 1 is empty") {
		t.Errorf("err = %v", err)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestUsageIsCumulativeAndConcurrencySafe(t *testing.T) {
	s := openaitest.NewServer(t)
	e, _ := MustEmbedder(t, s, Config{BatchSize: 3})
	in := texts(10, "reset the password of account %d")
	var want int64
	for _, text := range in {
		want += int64(openaitest.EstimateTokens(text))
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := e.Embed(context.Background(), in); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := e.Usage(); got != 4*want {
		t.Errorf("Usage = %d, want %d", got, 4*want)
	}
}

func TestAuthorizationSent(t *testing.T) {
	const key = "sk-proj-abcdefghijklmnop"
	s := openaitest.NewServer(t, openaitest.WithAPIKey(key))
	e, _ := MustEmbedder(t, s, Config{APIKey: key, BatchSize: 1})
	if _, err := e.Embed(t.Context(), []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	for i, r := range s.Requests() {
		if got := r.Header.Get("Authorization"); got != "Bearer "+key || r.Status != http.StatusOK {
			t.Errorf("request %d: Authorization %q status %d", i, got, r.Status)
		}
	}

	local := openaitest.NewServer(t)
	noKey, _ := MustEmbedder(t, local, Config{})
	if _, err := noKey.Embed(t.Context(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	if got := local.Requests()[0].Header.Get("Authorization"); got != "" {
		t.Errorf("without a key, Authorization = %q, want none", got)
	}
}

func TestNewEmbedder(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"defaults need a key for OpenAI", Config{}, "API key is required"},
		{"relative URL", Config{BaseURL: "localhost:11434/v1"}, "absolute http or https"},
		{"other scheme", Config{BaseURL: "ftp://example.com/v1"}, "absolute http or https"},
		{"negative dimensions", Config{APIKey: "k", Dimensions: -1}, "dimensions -1"},
		{"batch over the API limit", Config{APIKey: "k", BatchSize: 3000}, "batch size 3000"},
		{"negative characters", Config{APIKey: "k", MaxBatchChars: -5}, "max batch chars -5"},
		{"negative timeout", Config{APIKey: "k", Timeout: -time.Second}, "timeout -1s"},
		{"local server without key", Config{BaseURL: "http://localhost:11434/v1/"}, ""},
		{"OpenAI with key", Config{APIKey: "k"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := NewEmbedder(tt.cfg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if e.Model() != "openai:text-embedding-3-small:0" || e.retry.retries != DefaultMaxRetries ||
					e.batch != DefaultBatchSize || e.timeout != DefaultTimeout {
					t.Errorf("defaults not applied: %q %d %d %s", e.Model(), e.retry.retries, e.batch, e.timeout)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "openai: ") {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}
