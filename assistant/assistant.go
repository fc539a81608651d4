package assistant

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"deskpilot/assistant/triage"
	"deskpilot/retrieval"
)

// Audience is who a reply is for.
type Audience string

// Audiences: the requester in self-service sees answers built from public
// articles only; an agent's suggestion may use internal articles and past
// tickets.
const (
	Requester Audience = "requester"
	Agent     Audience = "agent"
)

// Decision is what the assistant does with a question.
type Decision string

// Decisions, as the simulation's tickets.csv writes them.
const (
	DecisionAuto    Decision = "auto"    // answer the requester directly
	DecisionSuggest Decision = "suggest" // give the draft to an agent
	DecisionHandoff Decision = "handoff" // a person takes it from here
)

// Reason is why a question was handed off.
type Reason string

// Handoff reasons: the fixed list reports count.
const (
	ReasonMissingKnowledge Reason = "missing_knowledge"
	ReasonAskedForHuman    Reason = "asked_for_human"
	ReasonOutOfScope       Reason = "out_of_scope"
	ReasonSensitive        Reason = "sensitive" // a sensitive topic, or the policy is off
	ReasonLowConfidence    Reason = "low_confidence"
	ReasonFrustrated       Reason = "frustrated_user"
)

// Reasons lists every handoff reason in report order.
var Reasons = []Reason{ReasonMissingKnowledge, ReasonAskedForHuman, ReasonOutOfScope, ReasonSensitive, ReasonLowConfidence, ReasonFrustrated}

// Request is a question to answer.
type Request struct {
	// Text is the question: a chat message, or a ticket's subject and
	// first message.
	Text     string
	Audience Audience // default Requester
	// Language is the user's language; "" detects it from Text.
	Language string
	// Name is the requester's first name for the greeting; "" greets
	// without one.
	Name string
	// AsOf and Exclude restrict the knowledge, for the simulation: only
	// what existed before AsOf, never the excluded documents.
	AsOf    time.Time
	Exclude []retrieval.DocRef
}

// Citation is a source a draft cites, as [Marker] in its text.
type Citation struct {
	Marker int            `json:"marker"`
	ID     string         `json:"id"` // the external id, as imported
	Kind   retrieval.Kind `json:"kind"`
	Title  string         `json:"title"`
	URL    string         `json:"url,omitempty"`
	Source string         `json:"source"`
	// Public is set for a public article: only those may reach a
	// requester unchecked.
	Public bool `json:"public"`
}

// Answer is what the assistant would do with a question.
type Answer struct {
	Decision Decision `json:"decision"`
	// Reason is the handoff reason; "" unless Decision is handoff.
	Reason Reason `json:"reason,omitempty"`
	// Explanation says in a sentence why the decision was taken.
	Explanation string `json:"explanation"`
	// Message is what a requester is told on a handoff, in their language.
	Message string `json:"message,omitempty"`
	// Confidence is the estimated probability that Draft resolves the
	// question, from 0 to 1.
	Confidence float64 `json:"confidence"`
	// Rule is the policy rule applied and RuleCategory the category it was
	// set on ("" for the default rule).
	Rule         Rule   `json:"rule"`
	RuleCategory string `json:"rule_category,omitempty"`
	// Draft is the reply, "" when there is nothing to say; its citations
	// are [n] markers listed in Citations.
	Draft     string     `json:"draft"`
	Citations []Citation `json:"citations"`
	// Drafter is "llm" or "extractive"; Fallback says why an LLM draft was
	// replaced by an extractive one.
	Drafter  string `json:"drafter,omitempty"`
	Fallback string `json:"fallback,omitempty"`
	Language string `json:"language"`
	// Triage holds the predicted labels; empty without a classifier.
	Triage   Triage    `json:"triage"`
	Signals  Signals   `json:"signals"`
	Passages []Passage `json:"passages,omitempty"`
	Usage    Usage     `json:"usage"`
}

// Triage is the classification of a question.
type Triage struct {
	Category   triage.Guess `json:"category"`
	Team       triage.Guess `json:"team"`
	Priority   triage.Guess `json:"priority"`
	Frustrated bool         `json:"frustrated"`
	Sentiment  float64      `json:"sentiment"`
	// CategoryBy says who chose the category when it was not the
	// classifier alone.
	CategoryBy string `json:"category_by,omitempty"`
}

// Classifier predicts a question's labels; *triage.Model is one.
type Classifier interface {
	Predict(text string) triage.Prediction
}

// Searcher finds chunks; *retrieval.Searcher is one.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error)
}

// Config wires an Assistant. Searcher is required.
type Config struct {
	Searcher Searcher
	// Classifier triages questions; nil leaves triage empty (and the
	// default rule of the policy applies).
	Classifier Classifier
	// Categories, when set, is the admin's taxonomy: a predicted category
	// outside it is dropped, never shown.
	Categories []string
	// Chat drafts with an LLM; nil drafts extractively.
	Chat ChatModel
	// SelfCheck asks the LLM whether its own draft is supported by the
	// passages, and folds the answer into the confidence.
	SelfCheck bool
	// Policy is the rollout policy; nil means DefaultPolicy.
	Policy PolicyStore
	// Calibration maps evidence to confidence; nil uses DefaultCalibration.
	Calibration *Calibration
	// Prices turn LLM tokens into cost.
	Prices Prices
	// Passages is how many passages a draft may draw on (default 6).
	Passages int
	// Company names the desk in prompts (default "the IT service desk").
	Company string
	Logger  *slog.Logger
}

// Assistant answers questions. It is safe for concurrent use.
type Assistant struct {
	cfg        Config
	categories map[string]bool
}

// New returns an assistant.
func New(cfg Config) (*Assistant, error) {
	if cfg.Searcher == nil {
		return nil, errors.New("assistant: a searcher is required")
	}
	if cfg.Policy == nil {
		cfg.Policy = StaticPolicy(DefaultPolicy())
	}
	if cfg.Calibration == nil {
		cfg.Calibration = DefaultCalibration()
	}
	if cfg.Passages <= 0 {
		cfg.Passages = 6
	}
	if cfg.Company == "" {
		cfg.Company = "the IT service desk"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	a := &Assistant{cfg: cfg}
	if len(cfg.Categories) > 0 {
		a.categories = make(map[string]bool, len(cfg.Categories))
		for _, c := range cfg.Categories {
			a.categories[c] = true
		}
	}
	return a, nil
}

// Answer works out what the assistant does with req: triage, retrieval, a
// draft, its confidence and the decision under the policy.
func (a *Assistant) Answer(ctx context.Context, req Request) (*Answer, error) {
	return a.answer(ctx, req, nil)
}

// Stream is Answer with the draft streamed as it is written: emit receives
// each piece of text, and Reset when text already emitted is withdrawn (an
// LLM failing mid-stream is replaced by the extractive draft). The returned
// Answer's Draft is the final text, with unsupported citations removed.
func (a *Assistant) Stream(ctx context.Context, req Request, emit func(StreamEvent) error) (*Answer, error) {
	if emit == nil {
		return nil, errors.New("assistant: stream needs an emit function")
	}
	return a.answer(ctx, req, emit)
}

// StreamEvent is one piece of a streamed draft.
type StreamEvent struct {
	Text  string `json:"text,omitempty"`
	Reset bool   `json:"reset,omitempty"` // drop what was emitted so far
}

func (a *Assistant) answer(ctx context.Context, req Request, emit func(StreamEvent) error) (*Answer, error) {
	if req.Audience == "" {
		req.Audience = Requester
	}
	if req.Audience != Requester && req.Audience != Agent {
		return nil, errors.New("assistant: audience must be requester or agent")
	}
	req.Text = strings.TrimSpace(req.Text)
	if req.Text == "" {
		return nil, errors.New("assistant: empty question")
	}
	ans := &Answer{Citations: []Citation{}, Language: req.Language}
	if ans.Language == "" {
		ans.Language, _ = retrieval.DetectLanguage(req.Text)
	}
	ans.Triage = a.triage(req.Text)
	a.refineCategory(ctx, req.Text, &ans.Triage, &ans.Usage)
	// Search and evidence look at what the message says, without its
	// greeting and signature; the guards and the LLM see all of it.
	say := req
	say.Text = retrieval.StripPleasantries(req.Text)
	ev, err := a.gather(ctx, say, ans.Language)
	if err != nil {
		return nil, err
	}
	folded := fold(req.Text)
	ans.Signals = ev.signals(say.Text, ans.Triage)
	ans.Signals.AskedForHuman = askedForHuman(folded)
	ans.Signals.Sensitive = sensitive(folded)
	ans.Signals.ITVocabulary = itVocabulary(folded)
	ans.Passages = ev.cited
	pol, err := a.cfg.Policy.Policy(ctx)
	if err != nil {
		return nil, err
	}
	category := ""
	if !ans.Triage.Category.Abstain {
		category = ans.Triage.Category.Value
	}
	ans.Rule, ans.RuleCategory = pol.Rule(category)
	if emit != nil && req.Audience == Requester && !a.mayStream(ans) {
		emit = nil // the draft goes to an agent first, if anywhere
	}
	if err := a.draft(ctx, req, say.Text, ev, ans, emit); err != nil {
		return nil, err
	}
	ans.Confidence = a.cfg.Calibration.Confidence(&ans.Signals)
	decide(ans)
	if emit != nil && req.Audience == Requester && ans.Decision != DecisionAuto && ans.Draft != "" {
		// Streamed in the hope of an automatic answer that did not come.
		if err := emit(StreamEvent{Reset: true}); err != nil {
			return nil, err
		}
	}
	return ans, nil
}

// mayStream reports whether a requester's draft can be shown while it is
// written: only when, before drafting, the answer already looks automatic.
// Otherwise the draft goes to an agent and the requester sees the handoff.
func (a *Assistant) mayStream(ans *Answer) bool {
	trial := *ans
	trial.Draft = "?"
	trial.Citations = []Citation{{Public: true}}
	trial.Confidence = a.cfg.Calibration.Confidence(&trial.Signals)
	decide(&trial)
	return trial.Decision == DecisionAuto
}

// triage classifies text, keeping only categories of the taxonomy.
func (a *Assistant) triage(text string) Triage {
	if a.cfg.Classifier == nil {
		return Triage{}
	}
	p := a.cfg.Classifier.Predict(text)
	t := Triage{
		Category: p.Labels[triage.LabelCategory], Team: p.Labels[triage.LabelTeam],
		Priority: p.Labels[triage.LabelPriority], Frustrated: p.Frustrated, Sentiment: p.Sentiment,
	}
	if a.categories != nil && t.Category.Value != "" && !a.categories[t.Category.Value] {
		t.Category = triage.Guess{Abstain: true}
	}
	return t
}
