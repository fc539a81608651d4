package openai

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/openai/openaitest"
	"deskpilot/retrieval"
)

// MustChat returns a Chat on s with a recording sleeper.
func MustChat(tb testing.TB, s *openaitest.Server, cfg Config) (*Chat, *sleepLog) {
	tb.Helper()
	cfg.BaseURL = s.URL()
	cfg.APIKey = "sk-test"
	c, err := NewChat(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	log := &sleepLog{}
	c.retry.sleep = log.sleep
	return c, log
}

func chatRequest() assistant.ChatRequest {
	return assistant.ChatRequest{Messages: []assistant.ChatMessage{{Role: "system", Content: "be brief"}, {Role: "user", Content: "hello"}}, MaxTokens: 50}
}

func TestChatSendsTheRequestAndCountsUsage(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test"))
	var got openaitest.ChatRequest
	s.Chat(func(req openaitest.ChatRequest) openaitest.ChatReply {
		got = req
		return openaitest.ChatReply{Content: "hi there", Usage: &openaitest.Usage{PromptTokens: 12, CompletionTokens: 3}}
	})
	c, _ := MustChat(t, s, Config{ChatModel: "small-model"})
	resp, err := c.Chat(context.Background(), chatRequest())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Content != "hi there" || resp.Usage != (assistant.Usage{Calls: 1, PromptTokens: 12, CompletionTokens: 3}) {
		t.Errorf("response %+v", resp)
	}
	if got.Model != "small-model" || len(got.Messages) != 2 || got.Messages[0].Role != "system" || got.MaxTokens != 50 || got.Stream {
		t.Errorf("request %+v", got)
	}
}

func TestChatStructuredOutput(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test"))
	var format *openaitest.ResponseFormat
	s.Chat(func(req openaitest.ChatRequest) openaitest.ChatReply {
		format = req.ResponseFormat
		return openaitest.ChatReply{Content: `{"supported":true,"confidence":0.7}`}
	})
	c, _ := MustChat(t, s, Config{})
	req := chatRequest()
	req.Schema, req.SchemaName = json.RawMessage(`{"type":"object","properties":{"supported":{"type":"boolean"}},"required":["supported"],"additionalProperties":false}`), "check"
	if _, err := c.Chat(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if format == nil || format.Type != "json_schema" || format.Name != "check" || !format.Strict {
		t.Errorf("response_format %+v", format)
	}
}

func TestChatRetriesRateLimitsAndServerErrors(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test"))
	s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply { return openaitest.ChatReply{Content: "ok"} })
	s.FailNext(1, http.StatusTooManyRequests, "7")
	s.FailNext(1, http.StatusInternalServerError, "")
	c, log := MustChat(t, s, Config{})
	resp, err := c.Chat(context.Background(), chatRequest())
	if err != nil || resp.Content != "ok" {
		t.Fatalf("%v %+v", err, resp)
	}
	waits := log.all()
	if len(waits) != 2 || waits[0] != 7*time.Second {
		t.Errorf("waits %v, want 7s then a backoff", waits)
	}
}

func TestChatStreamDeliversDeltasAndUsage(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test"))
	s.Chat(func(req openaitest.ChatRequest) openaitest.ChatReply {
		if !req.Stream || !req.IncludeUsage {
			t.Errorf("stream %v include_usage %v", req.Stream, req.IncludeUsage)
		}
		return openaitest.ChatReply{Chunks: []string{"Open ", "the ", "portal."}, Usage: &openaitest.Usage{PromptTokens: 40, CompletionTokens: 3}}
	})
	c, _ := MustChat(t, s, Config{})
	var pieces []string
	resp, err := c.ChatStream(context.Background(), chatRequest(), func(d string) error {
		pieces = append(pieces, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(pieces, "|") != "Open |the |portal." || resp.Content != "Open the portal." || resp.Usage.PromptTokens != 40 {
		t.Errorf("pieces %q response %+v", pieces, resp)
	}
}

func TestChatStreamCutMidwayIsAnError(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test"))
	s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Chunks: []string{"Open ", "the ", "portal."}, FailAfterChunks: 2}
	})
	c, _ := MustChat(t, s, Config{})
	var got strings.Builder
	_, err := c.ChatStream(context.Background(), chatRequest(), func(d string) error {
		got.WriteString(d)
		return nil
	})
	if err == nil {
		t.Fatalf("no error for a cut stream; got %q", got.String())
	}
	if strings.Contains(err.Error(), "sk-test") {
		t.Errorf("error leaks the key: %v", err)
	}
}

// kbSearcher returns its chunks that pass the filter, in order.
type kbSearcher []retrieval.Chunk

func (k kbSearcher) Search(_ context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	var hits []retrieval.Hit
	for i, c := range k {
		if q.Filter.Allows(&c) {
			hits = append(hits, retrieval.Hit{Chunk: c, Score: 1 / float64(i+1), LexicalRank: len(hits) + 1, VectorRank: len(hits) + 1})
		}
	}
	return hits, nil
}

func kb() kbSearcher {
	return kbSearcher{
		{Kind: retrieval.KindArticle, DocumentID: 1, ExternalID: "kb-1", Heading: []string{"Réinitialiser son mot de passe"},
			Text: "Pour réinitialiser votre mot de passe :\n1. Ouvrez Passport.\n2. Cliquez sur Mot de passe oublié.", Visibility: retrieval.Public, Language: "fr", Source: "kb"},
		{Kind: retrieval.KindArticle, DocumentID: 2, ExternalID: "kb-2", Heading: []string{"Admin reset"},
			Text: "Internal: reset it in the directory console with the break-glass account.", Visibility: retrieval.Internal, Language: "en", Source: "kb"},
	}
}

func TestAssistantOverTheWire(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("sk-test"))
	var prompt string
	s.Chat(func(req openaitest.ChatRequest) openaitest.ChatReply {
		prompt = req.Messages[len(req.Messages)-1].Content
		if req.Stream {
			return openaitest.ChatReply{Chunks: []string{"Bonjour, ", "ouvrez Passport [1] "}, FailAfterChunks: 2}
		}
		return openaitest.ChatReply{Content: "Bonjour ! Ouvrez Passport puis cliquez sur « Mot de passe oublié » [1][2]."}
	})
	chat, _ := MustChat(t, s, Config{})
	a, err := assistant.New(assistant.Config{Searcher: kb(), Chat: chat, Policy: assistant.StaticPolicy(assistant.Policy{Default: assistant.Rule{Mode: assistant.ModeAuto, Threshold: 0.01}})})
	if err != nil {
		t.Fatal(err)
	}
	q := assistant.Request{Text: "J'ai oublié mon mot de passe, comment le réinitialiser ?"}
	ans, err := a.Answer(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Language != "fr" || ans.Drafter != "llm" || !strings.HasPrefix(ans.Draft, "Bonjour") {
		t.Errorf("language %q drafter %q draft %q", ans.Language, ans.Drafter, ans.Draft)
	}
	if strings.Contains(ans.Draft, "[2]") || len(ans.Citations) != 1 || ans.Citations[0].ID != "kb-1" {
		t.Errorf("a passage never retrieved for a requester is cited: %q %+v", ans.Draft, ans.Citations)
	}
	if strings.Contains(prompt, "break-glass") {
		t.Errorf("an internal article reached the requester's prompt")
	}
	if !strings.Contains(prompt, "French") && !strings.Contains(string(s.Requests()[0].Body), "French") {
		t.Errorf("the prompt does not ask for French")
	}
	// The stream is cut: the requester ends with the extractive draft.
	var shown strings.Builder
	ans, err = a.Stream(context.Background(), q, func(e assistant.StreamEvent) error {
		if e.Reset {
			shown.Reset()
		}
		shown.WriteString(e.Text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Drafter != "extractive" || ans.Fallback == "" || shown.String() != ans.Draft || !strings.Contains(ans.Draft, "Ouvrez Passport") {
		t.Errorf("drafter %q fallback %q shown %q draft %q", ans.Drafter, ans.Fallback, shown.String(), ans.Draft)
	}
}
