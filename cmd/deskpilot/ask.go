package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
)

// askOutput is `ask --json`: formats.md's fields first (citations are ids
// as imported; category, team and priority the predicted values), then the
// details.
type askOutput struct {
	Decision    assistant.Decision   `json:"decision"`
	Confidence  float64              `json:"confidence"`
	Reason      assistant.Reason     `json:"reason"`
	Draft       string               `json:"draft"`
	Citations   []string             `json:"citations"`
	Category    string               `json:"category"`
	Team        string               `json:"team"`
	Priority    string               `json:"priority"`
	Language    string               `json:"language"`
	Explanation string               `json:"explanation"`
	Message     string               `json:"message,omitempty"`
	Sources     []assistant.Citation `json:"sources"`
	Triage      assistant.Triage     `json:"triage"`
	Rule        assistant.Rule       `json:"rule"`
	RuleOn      string               `json:"rule_category,omitempty"`
	Drafter     string               `json:"drafter,omitempty"`
	Fallback    string               `json:"fallback,omitempty"`
	Signals     assistant.Signals    `json:"signals"`
	Usage       assistant.Usage      `json:"usage"`
	LatencyMS   float64              `json:"latency_ms"`
}

func newAskOutput(a *assistant.Answer, took time.Duration) askOutput {
	ids := make([]string, len(a.Citations))
	for i, c := range a.Citations {
		ids[i] = c.ID
	}
	return askOutput{
		Decision: a.Decision, Confidence: round3(a.Confidence), Reason: a.Reason, Draft: a.Draft, Citations: ids,
		Category: a.Triage.Category.Value, Team: a.Triage.Team.Value, Priority: a.Triage.Priority.Value,
		Language: a.Language, Explanation: a.Explanation, Message: a.Message, Sources: a.Citations, Triage: a.Triage,
		Rule: a.Rule, RuleOn: a.RuleCategory, Drafter: a.Drafter, Fallback: a.Fallback, Signals: a.Signals, Usage: a.Usage,
		LatencyMS: float64(took.Microseconds()) / 1000,
	}
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

func (m *Main) runAsk(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("ask", "llm")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	as := fs.String("as", "requester", "who asks: requester (self-service, public articles only) or agent (a suggestion)")
	lang := fs.String("language", "", "the user's language (default: detected)")
	name := fs.String("name", "", "the requester's name, for the greeting")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("want a question")
	}
	aud := assistant.Audience(*as)
	if aud != assistant.Requester && aud != assistant.Agent {
		return usagef("--as %q: want requester or agent", *as)
	}
	log := m.logger(cfg)
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	kn, err := openKnowledgeWith(ctx, cfg, st, log, knowledgeOptions{lockWait: cliLockWait})
	if err != nil {
		return err
	}
	defer kn.Close()
	asst, err := openAssistant(ctx, cfg, st, kn, log)
	if err != nil {
		return err
	}
	start := time.Now()
	ans, err := asst.Answer(ctx, assistant.Request{Text: strings.Join(fs.Args(), " "), Audience: aud, Language: *lang, Name: *name})
	if err != nil {
		return err
	}
	out := newAskOutput(ans, time.Since(start))
	if *asJSON {
		return writeJSON(m.Stdout, out)
	}
	printAnswer(m.Stdout, &out)
	return nil
}

// printAnswer writes an answer for a person at a terminal.
func printAnswer(w io.Writer, a *askOutput) {
	fmt.Fprintf(w, "Decision:    %s", a.Decision)
	if a.Reason != "" {
		fmt.Fprintf(w, " (%s)", a.Reason)
	}
	fmt.Fprintf(w, ": %s\nConfidence:  %.2f\n", a.Explanation, a.Confidence)
	fmt.Fprintf(w, "Triage:      %s · %s · %s · language %s\n",
		guessText("category", a.Triage.Category), guessText("team", a.Triage.Team), guessText("priority", a.Triage.Priority), a.Language)
	if a.Message != "" {
		fmt.Fprintf(w, "To the user: %s\n", a.Message)
	}
	if a.Draft != "" {
		drafter := a.Drafter
		if a.Fallback != "" {
			drafter += ", " + a.Fallback
		}
		fmt.Fprintf(w, "\nDraft (%s):\n", drafter)
		for _, line := range strings.Split(a.Draft, "\n") {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	if len(a.Sources) > 0 {
		fmt.Fprintln(w, "\nCitations:")
		for _, c := range a.Sources {
			fmt.Fprintf(w, "  [%d] %s %s  %s\n", c.Marker, c.Kind, c.ID, c.Title)
		}
	}
	if a.Usage.Calls > 0 {
		fmt.Fprintf(w, "\nLLM: %d calls, %d+%d tokens, $%.5f\n", a.Usage.Calls, a.Usage.PromptTokens, a.Usage.CompletionTokens, a.Usage.CostUSD)
	}
	fmt.Fprintf(w, "(%.1f ms)\n", a.LatencyMS)
}

func guessText(label string, g triage.Guess) string {
	switch {
	case g.Value == "":
		return label + " -"
	case g.Abstain:
		return fmt.Sprintf("%s %s? (%.2f, unsure)", label, g.Value, g.Confidence)
	}
	return fmt.Sprintf("%s %s (%.2f)", label, g.Value, g.Confidence)
}
