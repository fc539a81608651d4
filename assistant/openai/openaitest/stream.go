package openaitest

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// systemFingerprint is what the fake reports as its backend configuration.
const systemFingerprint = "fp_openaitest"

type usageWire struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

func (u Usage) wire() *usageWire {
	return &usageWire{PromptTokens: u.PromptTokens, CompletionTokens: u.CompletionTokens,
		TotalTokens: u.PromptTokens + u.CompletionTokens}
}

// chatCompletion is the non-streamed answer, object "chat.completion".
type chatCompletion struct {
	ID                string             `json:"id"`
	Object            string             `json:"object"`
	Created           int64              `json:"created"`
	Model             string             `json:"model"`
	SystemFingerprint string             `json:"system_fingerprint"`
	Choices           []completionChoice `json:"choices"`
	Usage             *usageWire         `json:"usage"`
}

type completionChoice struct {
	Index        int             `json:"index"`
	Message      responseMessage `json:"message"`
	Logprobs     any             `json:"logprobs"`
	FinishReason string          `json:"finish_reason"`
}

type responseMessage struct {
	Role      string         `json:"role"`
	Content   *string        `json:"content"` // null when the model only called tools
	Refusal   *string        `json:"refusal"`
	ToolCalls []toolCallWire `json:"tool_calls,omitempty"`
}

// chunk is one event of a streamed answer, object "chat.completion.chunk".
type chunk struct {
	ID                string        `json:"id"`
	Object            string        `json:"object"`
	Created           int64         `json:"created"`
	Model             string        `json:"model"`
	SystemFingerprint string        `json:"system_fingerprint"`
	Choices           []chunkChoice `json:"choices"`
	// Usage is absent unless stream_options.include_usage; then it is null
	// in every chunk but the last, which has no choices.
	Usage json.RawMessage `json:"usage,omitempty"`
}

type chunkChoice struct {
	Index        int     `json:"index"`
	Delta        delta   `json:"delta"`
	Logprobs     any     `json:"logprobs"`
	FinishReason *string `json:"finish_reason"`
}

type delta struct {
	Role      string         `json:"role,omitempty"`
	Content   *string        `json:"content,omitempty"`
	ToolCalls []toolCallWire `json:"tool_calls,omitempty"`
}

// complete answers a non-streamed request.
func (s *Server) complete(w http.ResponseWriter, a answer) {
	msg := responseMessage{Role: "assistant"}
	if a.Content != "" || len(a.ToolCalls) == 0 {
		msg.Content = &a.Content
	}
	for _, tc := range a.ToolCalls {
		msg.ToolCalls = append(msg.ToolCalls, toolCallWire{ID: tc.ID, Type: "function",
			Function: functionWire{Name: tc.Name, Arguments: tc.Arguments}})
	}
	resp := chatCompletion{ID: a.id, Object: "chat.completion", Created: a.created, Model: a.model,
		SystemFingerprint: systemFingerprint, Usage: a.usage.wire(),
		Choices: []completionChoice{{Index: 0, Message: msg, FinishReason: a.FinishReason}}}
	if a.FailAfterChunks <= 0 {
		writeJSON(w, http.StatusOK, resp)
		return
	}
	body, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body[:len(body)/2])
	w.(http.Flusher).Flush()
	panic(http.ErrAbortHandler)
}

// stream answers a streamed request with server-sent events: a role chunk,
// content deltas, tool call deltas, a finish_reason chunk, a usage chunk
// when asked for, then "data: [DONE]".
func (s *Server) stream(w *statusWriter, r *http.Request, a answer) {
	events := a.events()
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	w.Flush()
	for i, ev := range events {
		if a.FailAfterChunks > 0 && i == a.FailAfterChunks {
			panic(http.ErrAbortHandler)
		}
		if !s.wait(r.Context(), a.ChunkDelay) {
			return
		}
		writeEvent(w, ev)
	}
	if a.FailAfterChunks > 0 {
		panic(http.ErrAbortHandler)
	}
	writeEvent(w, []byte("[DONE]"))
}

func writeEvent(w *statusWriter, data []byte) {
	var b bytes.Buffer
	b.WriteString("data: ")
	b.Write(data)
	b.WriteString("\n\n")
	_, _ = w.Write(b.Bytes())
	w.Flush()
}

// events returns the JSON of each chunk of the answer, in order.
func (a answer) events() [][]byte {
	var out [][]byte
	add := func(d delta, finish *string, usage json.RawMessage, noChoices bool) {
		c := chunk{ID: a.id, Object: "chat.completion.chunk", Created: a.created, Model: a.model,
			SystemFingerprint: systemFingerprint, Choices: []chunkChoice{{Delta: d, FinishReason: finish}}}
		if a.usageOn {
			c.Usage = json.RawMessage("null")
		}
		if noChoices {
			c.Choices, c.Usage = []chunkChoice{}, usage
		}
		b, _ := json.Marshal(c)
		out = append(out, b)
	}
	empty := ""
	role := delta{Role: "assistant"}
	if len(a.ToolCalls) == 0 {
		role.Content = &empty
	}
	add(role, nil, nil, false)
	for _, piece := range a.Chunks {
		add(delta{Content: &piece}, nil, nil, false)
	}
	for i, tc := range a.ToolCalls {
		idx := i
		add(delta{ToolCalls: []toolCallWire{{Index: &idx, ID: tc.ID, Type: "function",
			Function: functionWire{Name: tc.Name}}}}, nil, nil, false)
		for _, piece := range splitArguments(tc.Arguments) {
			add(delta{ToolCalls: []toolCallWire{{Index: &idx, Function: functionWire{Arguments: piece}}}}, nil, nil, false)
		}
	}
	finish := a.FinishReason
	add(delta{}, &finish, nil, false)
	if a.usageOn {
		u, _ := json.Marshal(a.usage.wire())
		add(delta{}, nil, u, true)
	}
	return out
}

// splitArguments cuts JSON arguments into pieces of a few characters, as
// the API streams them; a client must concatenate them.
func splitArguments(args string) []string {
	const size = 8
	var out []string
	start := 0
	for i := range args { // i walks rune starts, so no piece splits a rune
		if i-start >= size {
			out = append(out, args[start:i])
			start = i
		}
	}
	if start < len(args) {
		out = append(out, args[start:])
	}
	return out
}
