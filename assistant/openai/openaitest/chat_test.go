package openaitest_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"deskpilot/assistant/openai/openaitest"
)

// completion is the non-streamed answer's shape, decoded strictly.
type completion struct {
	ID                string `json:"id"`
	Object            string `json:"object"`
	Created           int64  `json:"created"`
	Model             string `json:"model"`
	SystemFingerprint string `json:"system_fingerprint"`
	Choices           []struct {
		Index   int `json:"index"`
		Message struct {
			Role      string  `json:"role"`
			Content   *string `json:"content"`
			Refusal   *string `json:"refusal"`
			ToolCalls []struct {
				ID       string `json:"id"`
				Type     string `json:"type"`
				Function struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"message"`
		Logprobs     any    `json:"logprobs"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
		TotalTokens      int `json:"total_tokens"`
	} `json:"usage"`
}

func decodeCompletion(t *testing.T, b []byte) completion {
	t.Helper()
	var c completion
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.DisallowUnknownFields()
	if err := d.Decode(&c); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return c
}

func TestChatCompletionWireFormat(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Chat(func(req openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Content: "Restart the VPN client.",
			Usage: &openaitest.Usage{PromptTokens: 11, CompletionTokens: 5}}
	})
	resp, b := mustPost(t, s, "/chat/completions",
		`{"model":"gpt-4o-mini","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"vpn down"}]}`)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d type %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	c := decodeCompletion(t, b)
	if c.Object != "chat.completion" || !strings.HasPrefix(c.ID, "chatcmpl-") || c.Model != "gpt-4o-mini" ||
		c.Created == 0 || c.SystemFingerprint == "" || len(c.Choices) != 1 {
		t.Fatalf("completion = %+v", c)
	}
	ch := c.Choices[0]
	if ch.Index != 0 || ch.Message.Role != "assistant" || ch.Message.Content == nil ||
		*ch.Message.Content != "Restart the VPN client." || ch.FinishReason != "stop" || ch.Logprobs != nil {
		t.Errorf("choice = %+v", ch)
	}
	choice := mustObject(t, b)["choices"].([]any)[0].(map[string]any)
	if got := keys(choice); !slices.Equal(got, []string{"finish_reason", "index", "logprobs", "message"}) {
		t.Errorf("choice keys = %v", got)
	}
	if u := c.Usage; u.PromptTokens != 11 || u.CompletionTokens != 5 || u.TotalTokens != 16 {
		t.Errorf("usage = %+v", u)
	}
}

func TestChatToolCalls(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Chat(func(req openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{ToolCalls: []openaitest.ToolCall{{Name: "lookup_kb", Arguments: `{"q":"vpn"}`}}}
	})
	_, b := mustPost(t, s, "/chat/completions", `{"model":"m","messages":[{"role":"user","content":"x"}],
		"tools":[{"type":"function","function":{"name":"lookup_kb","description":"search","parameters":{"type":"object"}}}],
		"tool_choice":"auto"}`)
	ch := decodeCompletion(t, b).Choices[0]
	if ch.Message.Content != nil || ch.FinishReason != "tool_calls" || len(ch.Message.ToolCalls) != 1 {
		t.Fatalf("choice = %+v", ch)
	}
	tc := ch.Message.ToolCalls[0]
	if !strings.HasPrefix(tc.ID, "call_") || tc.Type != "function" || tc.Function.Name != "lookup_kb" ||
		tc.Function.Arguments != `{"q":"vpn"}` {
		t.Errorf("tool call = %+v", tc)
	}
	req := s.Requests()[0].Chat
	if len(req.Tools) != 1 || req.Tools[0].Name != "lookup_kb" || string(req.ToolChoice) != `"auto"` {
		t.Errorf("recorded tools %+v choice %s", req.Tools, req.ToolChoice)
	}
}

func TestChatDefaultEchoesAndReadsContentParts(t *testing.T) {
	s := openaitest.NewServer(t)
	_, b := mustPost(t, s, "/chat/completions", `{"model":"m","messages":[
		{"role":"user","content":[{"type":"text","text":"printer "},{"type":"text","text":"jammed"}]}]}`)
	if got := *decodeCompletion(t, b).Choices[0].Message.Content; got != "echo: printer jammed" {
		t.Errorf("content = %q", got)
	}
}

func TestChatValidation(t *testing.T) {
	const user = `{"role":"user","content":"hello"}`
	tests := []struct {
		name, body string
		wantParam  any
	}{
		{"not JSON", `[`, nil},
		{"no model", `{"messages":[` + user + `]}`, nil},
		{"no messages", `{"model":"m","messages":[]}`, "messages"},
		{"bad role", `{"model":"m","messages":[{"role":"robot","content":"x"}]}`, "messages.[0].role"},
		{"stream_options without stream", `{"model":"m","messages":[` + user + `],"stream_options":{"include_usage":true}}`,
			"stream_options"},
		{"json_object without the word", `{"model":"m","messages":[` + user + `],"response_format":{"type":"json_object"}}`,
			"messages"},
		{"json_schema without name", `{"model":"m","messages":[` + user +
			`],"response_format":{"type":"json_schema","json_schema":{"schema":{}}}}`, "response_format.json_schema.name"},
		{"unknown format", `{"model":"m","messages":[` + user + `],"response_format":{"type":"yaml"}}`,
			"response_format.type"},
	}
	s := openaitest.NewServer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := mustPost(t, s, "/chat/completions", tt.body)
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status = %d: %s", resp.StatusCode, b)
			}
			if e := checkErrorBody(t, b); e["param"] != tt.wantParam || e["type"] != "invalid_request_error" {
				t.Errorf("error = %v, want param %v", e, tt.wantParam)
			}
		})
	}
}

func TestChatResponseFormatRecorded(t *testing.T) {
	s := openaitest.NewServer(t)
	mustPost(t, s, "/chat/completions", `{"model":"m","messages":[{"role":"user","content":"answer in JSON"}],
		"response_format":{"type":"json_object"}}`)
	resp, b := mustPost(t, s, "/chat/completions", `{"model":"m","messages":[{"role":"user","content":"triage"}],
		"response_format":{"type":"json_schema","json_schema":{"name":"triage","strict":true,
		"schema":{"type":"object","properties":{"team":{"type":"string"}}}}},"max_completion_tokens":50,"temperature":0}`)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("json_schema request: %d %s", resp.StatusCode, b)
	}
	got := s.Requests()
	if rf := got[0].Chat.ResponseFormat; got[0].Status != http.StatusOK || rf == nil || rf.Type != "json_object" {
		t.Errorf("json_object: status %d format %+v", got[0].Status, rf)
	}
	req := got[1].Chat
	rf := req.ResponseFormat
	if rf == nil || rf.Type != "json_schema" || rf.Name != "triage" || !rf.Strict ||
		!strings.Contains(string(rf.Schema), `"team"`) {
		t.Errorf("json_schema format = %+v", rf)
	}
	if req.MaxTokens != 50 || req.Temperature == nil || *req.Temperature != 0 {
		t.Errorf("max tokens %d temperature %v", req.MaxTokens, req.Temperature)
	}
}

func TestChatReplyErr(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Err: &openaitest.Error{Status: http.StatusBadRequest, Code: "context_length_exceeded",
			Param: "messages", Message: "too long"}}
	})
	resp, b := mustPost(t, s, "/chat/completions", `{"model":"m","messages":[{"role":"user","content":"x"}]}`)
	e := checkErrorBody(t, b)
	if resp.StatusCode != http.StatusBadRequest || e["code"] != "context_length_exceeded" || e["param"] != "messages" ||
		e["message"] != "too long" || e["type"] != "invalid_request_error" {
		t.Errorf("answer = %d %v", resp.StatusCode, e)
	}
}

func TestChatNonStreamedCutHalfway(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Chat(func(openaitest.ChatRequest) openaitest.ChatReply {
		return openaitest.ChatReply{Content: "a long answer", FailAfterChunks: 1}
	})
	resp, b, err := do(t, t.Context(), http.MethodPost, s.URL()+"/chat/completions", "",
		`{"model":"m","messages":[{"role":"user","content":"x"}]}`)
	if err == nil {
		t.Fatalf("read whole body %q, want a transport error", b)
	}
	if resp.StatusCode != http.StatusOK || json.Valid(b) {
		t.Errorf("status %d, body %q: want 200 and a truncated body", resp.StatusCode, b)
	}
}
