package openai

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"deskpilot/assistant"
)

// Chat completes chats with a chat completions endpoint. It is safe for
// concurrent use.
type Chat struct {
	client  *goopenai.Client
	model   string
	timeout time.Duration
	retry   retryPolicy
	breaker *breaker
	secret  string
}

var _ assistant.ChatModel = (*Chat)(nil)

// NewChat checks cfg and returns a Chat; it sends no request.
func NewChat(cfg Config) (*Chat, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	cc := goopenai.DefaultConfig(cfg.APIKey)
	cc.BaseURL = cfg.BaseURL
	cc.HTTPClient = hintDoer{cfg.HTTPClient}
	return &Chat{
		client: goopenai.NewClientWithConfig(cc), model: cfg.ChatModel, timeout: cfg.Timeout,
		retry: retryPolicyOf(cfg), breaker: newBreaker("chat", cfg), secret: cfg.APIKey,
	}, nil
}

// Circuit reports where the chat's circuit breaker stands.
func (c *Chat) Circuit() Circuit { return c.breaker.circuit() }

// Model names the chat model.
func (c *Chat) Model() string { return c.model }

// schemaJSON lets a raw schema be sent as go-openai's json.Marshaler.
type schemaJSON json.RawMessage

// MarshalJSON returns the schema as it is.
func (s schemaJSON) MarshalJSON() ([]byte, error) { return s, nil }

func (c *Chat) request(req assistant.ChatRequest, stream bool) goopenai.ChatCompletionRequest {
	r := goopenai.ChatCompletionRequest{
		Model: c.model, MaxCompletionTokens: req.MaxTokens, Temperature: float32(req.Temperature), Stream: stream,
	}
	for _, m := range req.Messages {
		r.Messages = append(r.Messages, goopenai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
	}
	if len(req.Schema) > 0 {
		name := req.SchemaName
		if name == "" {
			name = "answer"
		}
		r.ResponseFormat = &goopenai.ChatCompletionResponseFormat{
			Type:       goopenai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &goopenai.ChatCompletionResponseFormatJSONSchema{Name: name, Schema: schemaJSON(req.Schema), Strict: true},
		}
	}
	if stream {
		r.StreamOptions = &goopenai.StreamOptions{IncludeUsage: true}
	}
	return r
}

// Chat returns the whole reply, retrying rate limits, server errors,
// timeouts and network failures. While the circuit breaker is open it
// fails at once with ErrCircuitOpen.
func (c *Chat) Chat(ctx context.Context, req assistant.ChatRequest) (*assistant.ChatResponse, error) {
	probe, err := c.breaker.allow()
	if err != nil {
		return nil, fmt.Errorf("openai: chat: %w", err)
	}
	var resp goopenai.ChatCompletionResponse
	err = c.retry.do(ctx, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, c.timeout)
		defer cancel()
		var err error
		resp, err = c.client.CreateChatCompletion(ctx, c.request(req, false))
		return err
	})
	c.breaker.done(ctx, probe, err)
	if err != nil {
		return nil, fmt.Errorf("openai: chat: %w", c.scrub(err))
	}
	if len(resp.Choices) == 0 {
		return nil, errors.New("openai: chat: the answer has no choices")
	}
	return &assistant.ChatResponse{
		Content: resp.Choices[0].Message.Content, Model: resp.Model,
		Usage: assistant.Usage{Calls: 1, PromptTokens: resp.Usage.PromptTokens, CompletionTokens: resp.Usage.CompletionTokens},
	}, nil
}

// ChatStream streams the reply to delta. Opening the stream is retried
// like Chat; once a piece of the reply was delivered, a failure is
// returned as it is, since the caller has already shown that piece.
// While the circuit breaker is open it fails at once with ErrCircuitOpen.
func (c *Chat) ChatStream(ctx context.Context, req assistant.ChatRequest, delta func(string) error) (*assistant.ChatResponse, error) {
	probe, err := c.breaker.allow()
	if err != nil {
		return nil, fmt.Errorf("openai: chat stream: %w", err)
	}
	tctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var stream *goopenai.ChatCompletionStream
	err = c.retry.do(tctx, func(ctx context.Context) error {
		var err error
		stream, err = c.client.CreateChatCompletionStream(ctx, c.request(req, true))
		return err
	})
	if err != nil {
		c.breaker.done(ctx, probe, err)
		return nil, fmt.Errorf("openai: chat stream: %w", c.scrub(err))
	}
	defer stream.Close()
	out, serverErr, err := c.receive(stream, delta)
	c.breaker.done(ctx, probe, serverErr)
	return out, err
}

// receive reads a stream to its end. serverErr is the server's part in a
// failure (a cut stream), nil when the reply came whole or only delta
// failed.
func (c *Chat) receive(stream *goopenai.ChatCompletionStream, delta func(string) error) (out *assistant.ChatResponse, serverErr, err error) {
	out = &assistant.ChatResponse{Model: c.model, Usage: assistant.Usage{Calls: 1}}
	var text strings.Builder
	finished := false
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if !finished {
				err = errors.New("openai: chat stream: the stream ended without a finish reason")
				return out, io.ErrUnexpectedEOF, err
			}
			break
		}
		if err != nil {
			return out, err, fmt.Errorf("openai: chat stream: %w", c.scrub(err))
		}
		if chunk.Usage != nil {
			out.Usage.PromptTokens, out.Usage.CompletionTokens = chunk.Usage.PromptTokens, chunk.Usage.CompletionTokens
		}
		if chunk.Model != "" {
			out.Model = chunk.Model
		}
		for _, ch := range chunk.Choices {
			if ch.FinishReason != "" {
				finished = true
			}
			if d := ch.Delta.Content; d != "" && ch.Index == 0 {
				text.WriteString(d)
				if err := delta(d); err != nil {
					return out, nil, err
				}
			}
		}
		out.Content = text.String()
	}
	out.Content = text.String()
	return out, nil, nil
}

// scrub removes the API key from an error's text.
func (c *Chat) scrub(err error) error { return scrubSecret(err, c.secret) }
