package openai

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults for the zero values of Config.
const (
	DefaultBaseURL        = "https://api.openai.com/v1"
	DefaultEmbeddingModel = "text-embedding-3-small"
	DefaultChatModel      = "gpt-4o-mini"
	DefaultBatchSize      = 256
	// DefaultMaxBatchChars keeps a request under the API's 300,000 tokens
	// per embeddings request even for text of one token per character.
	DefaultMaxBatchChars = 300_000
	DefaultTimeout       = 30 * time.Second
	DefaultMaxRetries    = 4
	// DefaultBreakerFailures and DefaultBreakerCooldown: after 5 calls in
	// a row fail, calls fail at once for 30 s.
	DefaultBreakerFailures = 5
	DefaultBreakerCooldown = 30 * time.Second
)

// maxBatchSize is the API's limit on the inputs of one request.
const maxBatchSize = 2048

// Config says which server to use and how. Zero values take the defaults
// above; cmd/deskpilot fills it from flags and the environment.
type Config struct {
	// APIKey is sent as "Authorization: Bearer <key>"; empty sends none, as
	// local servers (Ollama, vLLM) need. It is never put in an error.
	APIKey string
	// BaseURL is the API root with its version, such as
	// https://api.openai.com/v1 or http://localhost:11434/v1 for Ollama.
	BaseURL string
	// EmbeddingModel names the embedding model on that server.
	EmbeddingModel string
	// ChatModel names the chat model on that server.
	ChatModel string
	// Dimensions is the length of the vectors. When set it is sent as the
	// request's "dimensions" (text-embedding-3 models shorten their vectors
	// to it) and every vector must have it. Leave it 0 for a model that
	// takes no such parameter: the length is then learned from the first
	// answer, and Dimensions() is 0 until then.
	Dimensions int
	// BatchSize caps the inputs of one request (default 256, at most 2048).
	BatchSize int
	// MaxBatchChars caps the characters of one request (default 300,000);
	// a single longer input is sent alone.
	MaxBatchChars int
	// Timeout bounds each request, including reading its answer.
	Timeout time.Duration
	// MaxRetries is how many times a failed request is tried again: 0 means
	// DefaultMaxRetries, a negative value none.
	MaxRetries int
	// HTTPClient sends the requests; nil uses a new http.Client. Its own
	// Timeout, if any, applies on top of Timeout.
	HTTPClient *http.Client
	// BreakerFailures is how many calls in a row may fail for want of a
	// usable server (network errors, timeouts, 429 and 5xx answers still
	// failing after the retries; a refused key or an exhausted quota)
	// before the circuit breaker opens: calls then fail at once with
	// ErrCircuitOpen, sending nothing, for BreakerCooldown; after it one
	// call probes the server, and its success closes the circuit. 0 means
	// DefaultBreakerFailures, a negative value turns the breaker off. Chat
	// and Embedder each have their own.
	BreakerFailures int
	// BreakerCooldown is how long the circuit stays open (default
	// DefaultBreakerCooldown).
	BreakerCooldown time.Duration
	// Now reads the breaker's clock (default time.Now); tests move it on
	// instead of waiting out a cool-down.
	Now func() time.Time
	// Sleep waits between retries: d, or until ctx ends, returning ctx's
	// error then (default: a timer). Tests make it return at once.
	Sleep func(ctx context.Context, d time.Duration) error
	// Logger receives the breaker's changes of state (default: discarded).
	// Neither prompts nor keys are logged.
	Logger *slog.Logger
}

// withDefaults checks cfg and fills its zero values.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return cfg, errors.New("openai: base URL must be an absolute http or https URL")
	}
	if cfg.APIKey == "" && u.Hostname() == "api.openai.com" {
		return cfg, errors.New("openai: an API key is required for api.openai.com")
	}
	if cfg.EmbeddingModel == "" {
		cfg.EmbeddingModel = DefaultEmbeddingModel
	}
	if cfg.ChatModel == "" {
		cfg.ChatModel = DefaultChatModel
	}
	switch {
	case cfg.Dimensions < 0:
		return cfg, fmt.Errorf("openai: dimensions %d: must not be negative", cfg.Dimensions)
	case cfg.BatchSize < 0 || cfg.BatchSize > maxBatchSize:
		return cfg, fmt.Errorf("openai: batch size %d: must be between 1 and %d", cfg.BatchSize, maxBatchSize)
	case cfg.MaxBatchChars < 0:
		return cfg, fmt.Errorf("openai: max batch chars %d: must not be negative", cfg.MaxBatchChars)
	case cfg.Timeout < 0:
		return cfg, fmt.Errorf("openai: timeout %s: must not be negative", cfg.Timeout)
	case cfg.BreakerCooldown < 0:
		return cfg, fmt.Errorf("openai: breaker cool-down %s: must not be negative", cfg.BreakerCooldown)
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.MaxBatchChars == 0 {
		cfg.MaxBatchChars = DefaultMaxBatchChars
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	cfg.MaxRetries = max(cfg.MaxRetries, 0)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	if cfg.BreakerFailures == 0 {
		cfg.BreakerFailures = DefaultBreakerFailures
	}
	if cfg.BreakerCooldown == 0 {
		cfg.BreakerCooldown = DefaultBreakerCooldown
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, nil
}
