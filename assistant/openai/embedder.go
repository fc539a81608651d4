package openai

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"
	"unicode/utf8"

	goopenai "github.com/sashabaranov/go-openai"

	"deskpilot/retrieval"
)

// Embedder turns texts into unit vectors with an embeddings endpoint. It is
// safe for concurrent use.
type Embedder struct {
	client   *goopenai.Client
	model    string
	sendDims int          // Config.Dimensions, sent with each request
	dims     atomic.Int64 // Config.Dimensions, or learned from the first answer
	tokens   atomic.Int64
	batch    int
	maxChars int
	timeout  time.Duration
	retry    retryPolicy
	breaker  *breaker
	secret   string // the API key, only to scrub it from errors
}

var _ retrieval.Embedder = (*Embedder)(nil)

// NewEmbedder checks cfg and returns an Embedder; it sends no request.
func NewEmbedder(cfg Config) (*Embedder, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	cc := goopenai.DefaultConfig(cfg.APIKey)
	cc.BaseURL = cfg.BaseURL
	cc.HTTPClient = hintDoer{cfg.HTTPClient}
	e := &Embedder{
		client:   goopenai.NewClientWithConfig(cc),
		model:    cfg.EmbeddingModel,
		sendDims: cfg.Dimensions,
		batch:    cfg.BatchSize,
		maxChars: cfg.MaxBatchChars,
		timeout:  cfg.Timeout,
		retry:    retryPolicyOf(cfg),
		breaker:  newBreaker("embeddings", cfg),
		secret:   cfg.APIKey,
	}
	e.dims.Store(int64(cfg.Dimensions))
	return e, nil
}

// Dimensions is the length of the vectors: Config.Dimensions when it was
// set, else the length of the first vectors the server returned, and 0
// before any answer.
func (e *Embedder) Dimensions() int { return int(e.dims.Load()) }

// Model names the embedder as "openai:<model>:<dimensions>".
func (e *Embedder) Model() string { return fmt.Sprintf("openai:%s:%d", e.model, e.Dimensions()) }

// Usage is the number of tokens the server reported for every answered
// request so far, including those whose vectors were then refused.
func (e *Embedder) Usage() (tokens int64) { return e.tokens.Load() }

// Embed returns one unit vector per text, in the order of texts. Texts are
// sent in batches of at most Config.BatchSize inputs and MaxBatchChars
// characters, one request at a time; each request is retried on rate
// limits, server errors, timeouts and network failures. An empty text is
// an error, as the API refuses it.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	for i, t := range texts {
		if t == "" {
			return nil, fmt.Errorf("openai: embed: text %d is empty", i)
		}
	}
	spans := batches(texts, e.batch, e.maxChars)
	out := make([][]float32, 0, len(texts))
	for i, sp := range spans {
		part := texts[sp.start:sp.end]
		resp, err := e.create(ctx, part)
		if err == nil {
			e.tokens.Add(int64(usedTokens(resp.Usage)))
			var vecs [][]float32
			if vecs, err = e.vectors(resp, len(part)); err == nil {
				out = append(out, vecs...)
				continue
			}
		}
		return nil, fmt.Errorf("openai: embed batch %d/%d (%d texts): %w", i+1, len(spans), len(part), e.scrub(err))
	}
	return out, nil
}

// span is the half-open range [start, end) of texts sent in one request.
type span struct{ start, end int }

// batches cuts texts into consecutive spans of at most maxItems texts and
// maxChars characters, but never fewer than one text.
func batches(texts []string, maxItems, maxChars int) []span {
	var out []span
	start, chars := 0, 0
	for i, t := range texts {
		n := utf8.RuneCountInString(t)
		if i > start && (i-start >= maxItems || chars+n > maxChars) {
			out = append(out, span{start, i})
			start, chars = i, 0
		}
		chars += n
	}
	if start < len(texts) {
		out = append(out, span{start, len(texts)})
	}
	return out
}

// Circuit reports where the embedder's circuit breaker stands.
func (e *Embedder) Circuit() Circuit { return e.breaker.circuit() }

// create sends one embeddings request, retrying as the policy allows, or
// fails at once while the circuit breaker is open.
func (e *Embedder) create(ctx context.Context, texts []string) (goopenai.EmbeddingResponse, error) {
	var resp goopenai.EmbeddingResponse
	probe, err := e.breaker.allow()
	if err != nil {
		return resp, err
	}
	req := goopenai.EmbeddingRequestStrings{Input: texts, Model: goopenai.EmbeddingModel(e.model), Dimensions: e.sendDims}
	err = e.retry.do(ctx, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, e.timeout)
		defer cancel()
		var err error
		resp, err = e.client.CreateEmbeddings(ctx, req)
		return err
	})
	e.breaker.done(ctx, probe, err)
	return resp, err
}

func usedTokens(u goopenai.Usage) int {
	if u.PromptTokens > 0 {
		return u.PromptTokens
	}
	return u.TotalTokens
}

// vectors places the answer's vectors by their index, checks their length
// and scales them to unit length.
func (e *Embedder) vectors(resp goopenai.EmbeddingResponse, n int) ([][]float32, error) {
	if len(resp.Data) != n {
		return nil, fmt.Errorf("answer has %d vectors for %d texts", len(resp.Data), n)
	}
	out := make([][]float32, n)
	for _, d := range resp.Data {
		if d.Index < 0 || d.Index >= n || out[d.Index] != nil {
			return nil, fmt.Errorf("answer has a bad or repeated index %d", d.Index)
		}
		if err := e.checkDims(len(d.Embedding)); err != nil {
			return nil, err
		}
		if err := normalize(d.Embedding); err != nil {
			return nil, fmt.Errorf("vector %d: %w", d.Index, err)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}

// checkDims learns the length from the first vector when none was
// configured, and refuses any vector of another length.
func (e *Embedder) checkDims(n int) error {
	if n == 0 {
		return errors.New("answer has an empty vector")
	}
	e.dims.CompareAndSwap(0, int64(n))
	if want := e.dims.Load(); int64(n) != want {
		return fmt.Errorf("vector has %d dimensions, want %d", n, want)
	}
	return nil
}

// normalize scales v to unit length in place.
func normalize(v []float32) error {
	var sum float64
	for _, f := range v {
		sum += float64(f) * float64(f)
	}
	if sum == 0 || math.IsInf(sum, 0) || math.IsNaN(sum) {
		return errors.New("vector has no direction (zero, infinite or NaN)")
	}
	inv := 1 / math.Sqrt(sum)
	for i, f := range v {
		v[i] = float32(float64(f) * inv)
	}
	return nil
}
