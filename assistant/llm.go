package assistant

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"deskpilot/retrieval"
)

// ChatModel is an LLM that completes chats; assistant/openai implements it
// for any OpenAI-compatible server.
type ChatModel interface {
	// Chat returns the whole reply.
	Chat(ctx context.Context, req ChatRequest) (*ChatResponse, error)
	// ChatStream calls delta with each piece of the reply as it arrives,
	// and returns the whole reply at the end. An error after some deltas
	// means the reply was cut.
	ChatStream(ctx context.Context, req ChatRequest, delta func(string) error) (*ChatResponse, error)
}

// ChatMessage is one message of a chat: role system, user or assistant.
type ChatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// ChatRequest is a chat to complete.
type ChatRequest struct {
	Messages    []ChatMessage
	MaxTokens   int
	Temperature float64
	// Schema, when set, asks for JSON output matching it (structured
	// output), named SchemaName.
	Schema     json.RawMessage
	SchemaName string
}

// ChatResponse is a completed chat.
type ChatResponse struct {
	Content string
	Model   string
	Usage   Usage
}

// Usage counts LLM calls, tokens and their cost.
type Usage struct {
	Calls            int     `json:"calls"`
	PromptTokens     int     `json:"prompt_tokens"`
	CompletionTokens int     `json:"completion_tokens"`
	CostUSD          float64 `json:"cost_usd"`
}

// Add adds u2 to u.
func (u *Usage) Add(u2 Usage) {
	u.Calls += u2.Calls
	u.PromptTokens += u2.PromptTokens
	u.CompletionTokens += u2.CompletionTokens
	u.CostUSD += u2.CostUSD
}

// Prices are what an LLM provider charges, in US dollars per million
// tokens.
type Prices struct {
	PromptPerMillion     float64 `json:"prompt_per_million"`
	CompletionPerMillion float64 `json:"completion_per_million"`
}

// Cost returns u with its cost computed from its tokens.
func (p Prices) Cost(u Usage) Usage {
	u.CostUSD = (float64(u.PromptTokens)*p.PromptPerMillion + float64(u.CompletionTokens)*p.CompletionPerMillion) / 1e6
	return u
}

// Sentinels the system prompt asks the model to answer with.
const (
	sentinelNoAnswer   = "NO_ANSWER"
	sentinelOutOfScope = "OUT_OF_SCOPE"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

var prompts = template.Must(template.ParseFS(promptFS, "prompts/*.tmpl"))

var languageNames = map[string]string{
	"en": "English", "fr": "French", "de": "German", "es": "Spanish", "nl": "Dutch", "it": "Italian", "pt": "Portuguese",
}

// delimiterRE finds anything in retrieved text that could close or open
// the prompt's data blocks.
var delimiterRE = regexp.MustCompile(`(?i)<\s*/?\s*(passages?|question|reply|system|assistant|user)\b[^>]*>`)

// asData makes retrieved or user text safe to place inside a prompt's
// delimiters: it cannot close them or open new ones.
func asData(s string) string {
	return delimiterRE.ReplaceAllStringFunc(s, func(m string) string {
		return "(" + strings.Trim(m, "<>/ ") + ")"
	})
}

// promptPassage is a passage as a prompt shows it.
type promptPassage struct {
	Marker      int
	Title, Text string
}

func promptPassages(ps []Passage) []promptPassage {
	out := make([]promptPassage, len(ps))
	for i, p := range ps {
		text := p.Text
		if p.Kind == retrieval.KindTicket {
			text = "A past ticket and the answer that solved it:\n" + text
		}
		out[i] = promptPassage{Marker: p.Marker, Title: strings.ReplaceAll(asData(p.Title), `"`, "'"), Text: asData(text)}
	}
	return out
}

func render(name string, data any) (string, error) {
	var b strings.Builder
	if err := prompts.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("assistant: prompt %s: %w", name, err)
	}
	return b.String(), nil
}

// draftRequest builds the chat that drafts a reply. The question is
// redacted: no e-mail address, phone or card number reaches the model.
func (a *Assistant) draftRequest(req Request, lang string, ps []Passage) (ChatRequest, error) {
	name := languageNames[lang]
	if name == "" {
		name = "the language of the question"
	}
	sys, err := render("system.tmpl", map[string]any{"Company": a.cfg.Company, "ForAgent": req.Audience == Agent, "Language": name})
	if err != nil {
		return ChatRequest{}, err
	}
	q, _ := retrieval.Redact(req.Text)
	user, err := render("user.tmpl", map[string]any{"Passages": promptPassages(ps), "Question": asData(q)})
	if err != nil {
		return ChatRequest{}, err
	}
	return ChatRequest{
		Messages:  []ChatMessage{{Role: "system", Content: sys}, {Role: "user", Content: user}},
		MaxTokens: 700, Temperature: 0.2,
	}, nil
}

// llmReply is a parsed draft from the model.
type llmReply struct {
	text       string
	declined   bool // NO_ANSWER
	outOfScope bool
	cites      []Citation
}

// parseReply reads the model's draft: a sentinel, or text whose citation
// markers are kept only when they name a passage that was given.
func parseReply(content string, ps []Passage) llmReply {
	t := strings.TrimSpace(content)
	switch {
	case strings.HasPrefix(t, sentinelNoAnswer):
		return llmReply{declined: true}
	case strings.HasPrefix(t, sentinelOutOfScope):
		return llmReply{declined: true, outOfScope: true}
	}
	text, cites := checkCitations(t, ps)
	return llmReply{text: strings.TrimSpace(text), cites: cites}
}

// citationGroupRE finds citation markers such as [1], [1, 3] or [2][4].
var citationGroupRE = regexp.MustCompile(`[ \t]*\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\]`)

// checkCitations removes markers that name no given passage and returns
// the text and the citations it keeps, in order of first use.
func checkCitations(text string, ps []Passage) (string, []Citation) {
	byMarker := make(map[int]*Passage, len(ps))
	for i := range ps {
		byMarker[ps[i].Marker] = &ps[i]
	}
	var cites []Citation
	used := map[int]bool{}
	filter := func(m string) string {
		var keep []string
		lead := m[:strings.IndexByte(m, '[')]
		for _, f := range strings.FieldsFunc(strings.Trim(m, "[] \t"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			n, err := strconv.Atoi(f)
			p := byMarker[n]
			if err != nil || p == nil {
				continue
			}
			keep = append(keep, f)
			if !used[n] {
				used[n] = true
				cites = append(cites, p.citation())
			}
		}
		if len(keep) == 0 {
			return ""
		}
		return lead + "[" + strings.Join(keep, ", ") + "]"
	}
	// A marker removed can join what was around it into a new one ("[[9]1]"
	// becomes "[1]"): filter until nothing changes. A pass that changes
	// more than spacing removes a '[', so this ends.
	for {
		out := citationGroupRE.ReplaceAllStringFunc(text, filter)
		if out == text {
			return out, cites
		}
		text = out
	}
}

// selfCheck asks the model whether its draft is supported by the passages
// and returns its confidence that it is, from 0 to 1.
func (a *Assistant) selfCheck(ctx context.Context, question, reply string, ps []Passage, usage *Usage) (float64, error) {
	q, _ := retrieval.Redact(question)
	prompt, err := render("selfcheck.tmpl", map[string]any{"Passages": promptPassages(ps), "Question": asData(q), "Reply": asData(reply)})
	if err != nil {
		return 0, err
	}
	resp, err := a.cfg.Chat.Chat(ctx, ChatRequest{
		Messages: []ChatMessage{{Role: "user", Content: prompt}}, MaxTokens: 60,
		Schema: selfCheckSchema, SchemaName: "self_check",
	})
	if err != nil {
		return 0, err
	}
	usage.Add(a.cfg.Prices.Cost(resp.Usage))
	var v struct {
		Supported  *bool    `json:"supported"`
		Confidence *float64 `json:"confidence"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(resp.Content)), &v); err != nil || v.Supported == nil {
		return 0, errors.New("assistant: self-check answer is not the JSON asked for")
	}
	if !*v.Supported {
		return 0, nil
	}
	if v.Confidence == nil {
		return 1, nil
	}
	return min(max(*v.Confidence, 0), 1), nil
}

var selfCheckSchema = json.RawMessage(`{"type":"object","properties":{"supported":{"type":"boolean"},"confidence":{"type":"number"}},"required":["supported","confidence"],"additionalProperties":false}`)
