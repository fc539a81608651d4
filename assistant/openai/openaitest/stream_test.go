package openaitest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	goopenai "github.com/sashabaranov/go-openai"

	"deskpilot/assistant/openai/openaitest"
)

// streamChunk is a chunk's shape, decoded strictly.
type streamChunk struct {
	ID                string `json:"id"`
	Object            string `json:"object"`
	Created           int64  `json:"created"`
	Model             string `json:"model"`
	SystemFingerprint string `json:"system_fingerprint"`
	Choices           []struct {
		Index int `json:"index"`
		Delta struct {
			Role      string  `json:"role"`
			Content   *string `json:"content"`
			ToolCalls []struct {
				Index    *int   `json:"index"`
				ID       string `json:"id"`
				Type     string `json:"type"`
				Function struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"delta"`
		Logprobs     any     `json:"logprobs"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	} `json:"usage"`
}

// openStream posts a streaming chat request and returns the response with
// its body still open.
func openStream(t *testing.T, s *openaitest.Server, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL()+"/chat/completions", strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("status %d type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return resp
}

// decodeChunks decodes every event but a final [DONE], checking each is a
// chunk of the same completion; it reports whether [DONE] ended the stream.
func decodeChunks(t *testing.T, events []string) ([]streamChunk, bool) {
	t.Helper()
	done := len(events) > 0 && events[len(events)-1] == "[DONE]"
	if done {
		events = events[:len(events)-1]
	}
	var out []streamChunk
	for i, ev := range events {
		var c streamChunk
		d := json.NewDecoder(strings.NewReader(ev))
		d.DisallowUnknownFields()
		if err := d.Decode(&c); err != nil {
			t.Fatalf("event %d %s: %v", i, ev, err)
		}
		if c.Object != "chat.completion.chunk" || (i > 0 && (c.ID != out[0].ID || c.Created != out[0].Created)) {
			t.Fatalf("event %d is not a chunk of the same completion: %s", i, ev)
		}
		out = append(out, c)
	}
	return out, done
}

func TestStreamWireFormat(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Chunks: []string{"Hello", ", ", "world"}, Usage: &openaitest.Usage{PromptTokens: 7, CompletionTokens: 3}}
	})
	resp := openStream(t, s, `{"model":"m","stream":true,"stream_options":{"include_usage":true},
		"messages":[{"role":"user","content":"hi"}]}`)
	events, err := readEvents(t, resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	chunks, done := decodeChunks(t, events)
	if !done || len(chunks) != 6 {
		t.Fatalf("%d chunks, done %v: %q", len(chunks), done, events)
	}
	first := chunks[0].Choices[0]
	if first.Delta.Role != "assistant" || first.Delta.Content == nil || *first.Delta.Content != "" || first.FinishReason != nil {
		t.Errorf("first chunk = %s, want the role delta", events[0])
	}
	var text strings.Builder
	for _, c := range chunks[1:4] {
		if c.Choices[0].Delta.Role != "" || c.Choices[0].FinishReason != nil {
			t.Errorf("content chunk carries more than content: %+v", c)
		}
		text.WriteString(*c.Choices[0].Delta.Content)
	}
	if text.String() != "Hello, world" {
		t.Errorf("content = %q", text.String())
	}
	if fin := chunks[4].Choices[0]; fin.FinishReason == nil || *fin.FinishReason != "stop" || fin.Delta.Content != nil {
		t.Errorf("finish chunk = %s", events[4])
	}
	last := chunks[5]
	if len(last.Choices) != 0 || last.Usage == nil || last.Usage.TotalTokens != 10 || last.Usage.PromptTokens != 7 {
		t.Errorf("usage chunk = %s, want empty choices and the usage", events[5])
	}
	if !strings.Contains(events[5], `"choices":[]`) {
		t.Errorf("usage chunk choices must be an empty array: %s", events[5])
	}
	for i, ev := range events[:5] {
		if !strings.Contains(ev, `"usage":null`) {
			t.Errorf("chunk %d lacks usage:null under include_usage: %s", i, ev)
		}
	}
}

func TestStreamWithoutUsageHasNoUsageKey(t *testing.T) {
	s := openaitest.NewServer(t)
	resp := openStream(t, s, `{"model":"m","stream":true,"messages":[{"role":"user","content":"hi there"}]}`)
	events, err := readEvents(t, resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	chunks, done := decodeChunks(t, events)
	if !done {
		t.Fatal("stream did not end with [DONE]")
	}
	var text strings.Builder
	for i, c := range chunks {
		if strings.Contains(events[i], `"usage"`) {
			t.Errorf("chunk %d has a usage key: %s", i, events[i])
		}
		if len(c.Choices) == 1 && c.Choices[0].Delta.Content != nil {
			text.WriteString(*c.Choices[0].Delta.Content)
		}
	}
	if text.String() != "echo: hi there" {
		t.Errorf("streamed text = %q", text.String())
	}
}

func TestStreamToolCalls(t *testing.T) {
	const args = `{"query":"réinitialiser le mot de passe","top_k":3}`
	s := openaitest.NewServer(t)
	s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{ToolCalls: []openaitest.ToolCall{{ID: "call_1", Name: "search_kb", Arguments: args}}}
	})
	resp := openStream(t, s, `{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}`)
	events, err := readEvents(t, resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	chunks, _ := decodeChunks(t, events)
	var got strings.Builder
	var ids, names []string
	for _, c := range chunks {
		for _, tc := range c.Choices[0].Delta.ToolCalls {
			if tc.Index == nil || *tc.Index != 0 {
				t.Fatalf("tool call delta without index 0: %+v", tc)
			}
			if tc.ID != "" {
				ids, names = append(ids, tc.ID), append(names, tc.Function.Name)
			}
			got.WriteString(tc.Function.Arguments)
		}
	}
	if !slices.Equal(ids, []string{"call_1"}) || !slices.Equal(names, []string{"search_kb"}) || got.String() != args {
		t.Errorf("ids %v names %v arguments %q", ids, names, got.String())
	}
	if fin := chunks[len(chunks)-1].Choices[0].FinishReason; fin == nil || *fin != "tool_calls" {
		t.Errorf("finish_reason = %v", fin)
	}
}

func TestStreamFailAfterChunks(t *testing.T) {
	tests := []struct {
		name       string
		failAfter  int
		wantEvents int
	}{
		{"after the role and one delta", 2, 2},
		{"after every chunk, before DONE", 100, 5}, // role, 3 words, finish
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
				return openaitest.ChatReply{Content: "one two three", FailAfterChunks: tt.failAfter}
			})
			resp := openStream(t, s, `{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}`)
			events, err := readEvents(t, resp.Body)
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("read error = %v, want unexpected EOF", err)
			}
			if _, done := decodeChunks(t, events); done || len(events) != tt.wantEvents {
				t.Errorf("got %d events (done %v), want %d and no [DONE]", len(events), done, tt.wantEvents)
			}
		})
	}
}

// TestGoOpenAIReadsTheFake checks the fake against a real client library,
// besides the raw assertions above.
func TestGoOpenAIReadsTheFake(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-lib"))
	s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Content: "first part, second part"}
	})
	s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{ToolCalls: []openaitest.ToolCall{{Name: "f", Arguments: `{"a":1,"b":"two"}`}}}
	})
	cfg := goopenai.DefaultConfig("sk-lib")
	cfg.BaseURL = s.URL()
	c := goopenai.NewClientWithConfig(cfg)
	ctx := context.Background()
	req := goopenai.ChatCompletionRequest{Model: "m", Stream: true, StreamOptions: &goopenai.StreamOptions{IncludeUsage: true},
		Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "x"}}}
	text, usage := streamText(t, c, req)
	if text != "first part, second part" || usage == nil || usage.TotalTokens == 0 {
		t.Errorf("streamed %q usage %+v", text, usage)
	}
	req.Stream, req.StreamOptions = false, nil
	resp, err := c.CreateChatCompletion(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if tc := resp.Choices[0].Message.ToolCalls; len(tc) != 1 || tc[0].Function.Arguments != `{"a":1,"b":"two"}` ||
		resp.Choices[0].FinishReason != goopenai.FinishReasonToolCalls {
		t.Errorf("tool calls %+v finish %q", tc, resp.Choices[0].FinishReason)
	}
	emb, err := c.CreateEmbeddings(ctx, goopenai.EmbeddingRequestStrings{Model: "e", Input: []string{"a", "b"},
		Dimensions: 4, EncodingFormat: goopenai.EmbeddingEncodingFormatBase64})
	if err != nil {
		t.Fatal(err)
	}
	if len(emb.Data) != 2 || !slices.Equal(emb.Data[1].Embedding, openaitest.HashVector("b", 4)) {
		t.Errorf("embeddings = %+v", emb.Data)
	}
}

func streamText(t *testing.T, c *goopenai.Client, req goopenai.ChatCompletionRequest) (string, *goopenai.Usage) {
	t.Helper()
	st, err := c.CreateChatCompletionStream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var b strings.Builder
	var usage *goopenai.Usage
	for {
		r, err := st.Recv()
		if errors.Is(err, io.EOF) {
			return b.String(), usage
		}
		if err != nil {
			t.Fatal(err)
		}
		if r.Usage != nil {
			usage = r.Usage
		}
		if len(r.Choices) > 0 {
			b.WriteString(r.Choices[0].Delta.Content)
		}
	}
}
