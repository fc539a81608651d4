package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// ChatRequest is a decoded POST /v1/chat/completions body.
type ChatRequest struct {
	Model    string
	Messages []Message
	Stream   bool
	// IncludeUsage is stream_options.include_usage.
	IncludeUsage   bool
	ResponseFormat *ResponseFormat // nil when not sent
	Tools          []Tool
	ToolChoice     json.RawMessage // as sent; nil when not sent
	Temperature    *float64
	// MaxTokens is max_completion_tokens, or else the older max_tokens; 0
	// when neither was sent.
	MaxTokens int
}

// Message is one message of the conversation. Content sent as an array of
// parts is the concatenation of its text parts.
type Message struct {
	Role       string
	Content    string
	Name       string
	ToolCallID string
	ToolCalls  []ToolCall
}

// ResponseFormat is the response_format a request asked for.
type ResponseFormat struct {
	Type   string          // "text", "json_object" or "json_schema"
	Name   string          // json_schema.name
	Schema json.RawMessage // json_schema.schema
	Strict bool            // json_schema.strict
}

// Tool is a function the request offered the model.
type Tool struct {
	Name        string
	Description string
	Parameters  json.RawMessage
}

// ToolCall is a function call by the model; Arguments is JSON text. An empty
// ID in a ChatReply is filled in.
type ToolCall struct {
	ID        string
	Name      string
	Arguments string
}

// Usage is the token usage of an answer.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
}

// ChatReply scripts the answer to one chat request, streamed or not.
type ChatReply struct {
	Content   string
	ToolCalls []ToolCall
	// FinishReason defaults to "tool_calls" when ToolCalls is set, else
	// "stop".
	FinishReason string
	// Usage defaults to EstimateTokens of the messages and of the reply.
	Usage *Usage
	// Chunks are the content deltas of a streamed answer, by default Content
	// split after each space. When Content is empty it is their
	// concatenation.
	Chunks []string
	// FailAfterChunks, when above 0, cuts the connection after that many
	// data events of a stream (the role chunk is the first), always before
	// [DONE]. A non-streamed answer is cut halfway through its body.
	FailAfterChunks int
	// ChunkDelay is waited before each event of a stream.
	ChunkDelay time.Duration
	// Err, when set, answers the request with that error instead.
	Err *Error
}

type chatWire struct {
	Model         string        `json:"model"`
	Messages      []messageWire `json:"messages"`
	Stream        bool          `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	ResponseFormat *struct {
		Type       string `json:"type"`
		JSONSchema *struct {
			Name   string          `json:"name"`
			Schema json.RawMessage `json:"schema"`
			Strict bool            `json:"strict"`
		} `json:"json_schema"`
	} `json:"response_format"`
	Tools []struct {
		Type     string `json:"type"`
		Function struct {
			Name        string          `json:"name"`
			Description string          `json:"description"`
			Parameters  json.RawMessage `json:"parameters"`
		} `json:"function"`
	} `json:"tools"`
	ToolChoice          json.RawMessage `json:"tool_choice"`
	Temperature         *float64        `json:"temperature"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
}

type messageWire struct {
	Role       string          `json:"role"`
	Content    json.RawMessage `json:"content"`
	Name       string          `json:"name"`
	ToolCallID string          `json:"tool_call_id"`
	ToolCalls  []toolCallWire  `json:"tool_calls"`
}

// toolCallWire is a tool call in a message, or a piece of one in a stream
// delta, where index says which call it continues.
type toolCallWire struct {
	Index    *int         `json:"index,omitempty"`
	ID       string       `json:"id,omitempty"`
	Type     string       `json:"type,omitempty"`
	Function functionWire `json:"function"`
}

type functionWire struct {
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments"`
}

func decodeChatRequest(body []byte) (ChatRequest, error) {
	req, _, err := parseChatRequest(body)
	return req, err
}

func parseChatRequest(body []byte) (ChatRequest, chatWire, error) {
	var w chatWire
	if err := json.Unmarshal(body, &w); err != nil {
		return ChatRequest{}, w, badJSON
	}
	req := ChatRequest{Model: w.Model, Stream: w.Stream, ToolChoice: w.ToolChoice, Temperature: w.Temperature}
	req.IncludeUsage = w.StreamOptions != nil && w.StreamOptions.IncludeUsage
	if w.MaxCompletionTokens != nil {
		req.MaxTokens = *w.MaxCompletionTokens
	} else if w.MaxTokens != nil {
		req.MaxTokens = *w.MaxTokens
	}
	if rf := w.ResponseFormat; rf != nil {
		req.ResponseFormat = &ResponseFormat{Type: rf.Type}
		if rf.JSONSchema != nil {
			req.ResponseFormat.Name, req.ResponseFormat.Schema = rf.JSONSchema.Name, rf.JSONSchema.Schema
			req.ResponseFormat.Strict = rf.JSONSchema.Strict
		}
	}
	for _, t := range w.Tools {
		req.Tools = append(req.Tools, Tool{Name: t.Function.Name, Description: t.Function.Description,
			Parameters: t.Function.Parameters})
	}
	for i, m := range w.Messages {
		content, err := messageText(m.Content)
		if err != nil {
			return req, w, invalid(fmt.Sprintf("messages.[%d].content", i), err.Error())
		}
		msg := Message{Role: m.Role, Content: content, Name: m.Name, ToolCallID: m.ToolCallID}
		for _, tc := range m.ToolCalls {
			msg.ToolCalls = append(msg.ToolCalls, ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments})
		}
		req.Messages = append(req.Messages, msg)
	}
	return req, w, nil
}

// messageText reads content sent as null, a string or an array of parts.
func messageText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", fmt.Errorf("content must be a string or an array of content parts")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" {
			b.WriteString(p.Text)
		}
	}
	return b.String(), nil
}

var roles = []string{"system", "developer", "user", "assistant", "tool", "function"}

// validateChat applies the API's checks on a chat request.
func validateChat(r ChatRequest, w chatWire) *Error {
	if r.Model == "" {
		return invalid("", "you must provide a model parameter")
	}
	if len(r.Messages) == 0 {
		return invalid("messages", "[] is too short - 'messages'")
	}
	for i, m := range r.Messages {
		if !slices.Contains(roles, m.Role) {
			return invalid(fmt.Sprintf("messages.[%d].role", i), fmt.Sprintf("Invalid value: '%s'.", m.Role))
		}
	}
	if w.StreamOptions != nil && !r.Stream {
		return invalid("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.")
	}
	return validateResponseFormat(r)
}

func validateResponseFormat(r ChatRequest) *Error {
	rf := r.ResponseFormat
	if rf == nil {
		return nil
	}
	switch rf.Type {
	case "text":
	case "json_object":
		mentions := slices.ContainsFunc(r.Messages, func(m Message) bool {
			return strings.Contains(strings.ToLower(m.Content), "json")
		})
		if !mentions {
			return invalid("messages", "'messages' must contain the word 'json' in some form, "+
				"to use 'response_format' of type 'json_object'.")
		}
	case "json_schema":
		if rf.Name == "" {
			return invalid("response_format.json_schema.name",
				"Missing required parameter: 'response_format.json_schema.name'.")
		}
	default:
		return invalid("response_format.type", fmt.Sprintf("Invalid value: '%s'. Supported values are: "+
			"'text', 'json_object' and 'json_schema'.", rf.Type))
	}
	return nil
}

func (s *Server) serveChat(w *statusWriter, r *http.Request, body []byte) {
	req, wire, err := parseChatRequest(body)
	if err != nil {
		writeError(w, scriptError(err))
		return
	}
	if e := validateChat(req, wire); e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	var fn func(ChatRequest) ChatReply
	if len(s.chats) > 0 {
		fn, s.chats = s.chats[0], s.chats[1:]
	}
	s.mu.Unlock()
	if fn == nil {
		fn = echo
	}
	reply := fn(req)
	if reply.Err != nil {
		writeError(w, reply.Err)
		return
	}
	a := s.newAnswer(req, reply)
	if req.Stream {
		s.stream(w, r, a)
		return
	}
	s.complete(w, a)
}

// echo is the default chat behaviour.
func echo(req ChatRequest) ChatReply {
	last := ""
	for _, m := range req.Messages {
		if m.Role == "user" {
			last = m.Content
		}
	}
	return ChatReply{Content: "echo: " + last}
}

// answer is a reply with its defaults filled in.
type answer struct {
	ChatReply
	id      string
	created int64
	model   string
	usage   Usage
	stream  bool
	usageOn bool // stream_options.include_usage
}

func (s *Server) newAnswer(req ChatRequest, reply ChatReply) answer {
	a := answer{ChatReply: reply, id: fmt.Sprintf("chatcmpl-fake%d", s.nextID()), created: time.Now().Unix(),
		model: req.Model, stream: req.Stream, usageOn: req.IncludeUsage}
	if a.Content == "" && len(a.Chunks) > 0 {
		a.Content = strings.Join(a.Chunks, "")
	}
	if a.Chunks == nil && a.Content != "" {
		a.Chunks = strings.SplitAfter(a.Content, " ")
	}
	a.ToolCalls = slices.Clone(a.ToolCalls)
	for i := range a.ToolCalls {
		if a.ToolCalls[i].ID == "" {
			a.ToolCalls[i].ID = fmt.Sprintf("call_fake%d_%d", s.nextID(), i)
		}
	}
	if a.FinishReason == "" {
		a.FinishReason = "stop"
		if len(a.ToolCalls) > 0 {
			a.FinishReason = "tool_calls"
		}
	}
	if reply.Usage != nil {
		a.usage = *reply.Usage
	} else {
		a.usage = estimateUsage(req, a.ChatReply)
	}
	return a
}

func estimateUsage(req ChatRequest, reply ChatReply) Usage {
	var u Usage
	for _, m := range req.Messages {
		u.PromptTokens += EstimateTokens(m.Content)
	}
	if reply.Content != "" {
		u.CompletionTokens = EstimateTokens(reply.Content)
	}
	for _, tc := range reply.ToolCalls {
		u.CompletionTokens += EstimateTokens(tc.Name + tc.Arguments)
	}
	return u
}
