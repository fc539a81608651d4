package assistant

import (
	"context"
	"errors"
	"log/slog"
	"strings"
)

// draft writes the reply: with the LLM when there is one, extractively
// when there is none or it fails; said is the question without its
// pleasantries. emit, when not nil, receives the reply as it is written.
func (a *Assistant) draft(ctx context.Context, req Request, said string, ev *evidence, ans *Answer, emit func(StreamEvent) error) error {
	if ans.Rule.Mode == ModeOff || len(ev.cited) == 0 {
		return nil
	}
	if req.Audience == Requester && (ans.Signals.AskedForHuman || ans.Signals.Sensitive) {
		return nil // a person takes over: nothing to draft for the requester
	}
	out := &emitter{emit: emit}
	if a.cfg.Chat != nil {
		err := a.llmDraft(ctx, req, ev, ans, out)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		ans.Fallback = "llm: " + err.Error()
		ans.Signals.LLM, ans.Signals.LLMAnswered, ans.Signals.LLMSupported = false, false, -1
		a.cfg.Logger.WarnContext(ctx, "assistant: LLM draft failed, using the extractive draft", slog.String("error", err.Error()))
		if err := out.reset(); err != nil {
			return err
		}
	}
	text, cites := extractive(req, said, ans.Language, ev)
	ans.Draft, ans.Citations, ans.Drafter = text, nonNil(cites), "extractive"
	ans.Signals.Cited = len(cites)
	if text != "" {
		return out.write(text)
	}
	return nil
}

func nonNil(cs []Citation) []Citation {
	if cs == nil {
		return []Citation{}
	}
	return cs
}

// llmDraft drafts with the model, streaming when there is someone to
// stream to, then checks the citations and, when configured, asks the
// model to check its own reply.
func (a *Assistant) llmDraft(ctx context.Context, req Request, ev *evidence, ans *Answer, out *emitter) error {
	chat, err := a.draftRequest(req, ans.Language, ev.cited)
	if err != nil {
		return err
	}
	var resp *ChatResponse
	if out.emit != nil {
		f := &citationFilter{passages: ev.cited, out: out}
		resp, err = a.cfg.Chat.ChatStream(ctx, chat, f.write)
		if err == nil {
			err = f.flush()
		}
	} else {
		resp, err = a.cfg.Chat.Chat(ctx, chat)
	}
	if resp != nil {
		ans.Usage.Add(a.cfg.Prices.Cost(resp.Usage))
	}
	if err != nil {
		return err
	}
	r := parseReply(resp.Content, ev.cited)
	if !r.declined && len(r.cites) == 0 {
		return errors.New("the reply cites no retrieved passage")
	}
	ans.Signals.LLM, ans.Signals.LLMAnswered, ans.Signals.LLMSupported = true, !r.declined, -1
	ans.Signals.LLMOutOfScope = r.outOfScope
	ans.Draft, ans.Citations, ans.Drafter = r.text, nonNil(r.cites), "llm"
	ans.Signals.Cited = len(r.cites)
	if r.declined || !a.cfg.SelfCheck {
		return nil
	}
	sup, err := a.selfCheck(ctx, req.Text, r.text, ev.cited, &ans.Usage)
	if err != nil {
		// The draft stands; only the extra evidence is missing.
		a.cfg.Logger.WarnContext(ctx, "assistant: LLM self-check failed", slog.String("error", err.Error()))
		return nil
	}
	ans.Signals.LLMSupported = sup
	return nil
}

// emitter forwards draft text to a stream, remembering whether anything
// went out so that a failure can withdraw it.
type emitter struct {
	emit    func(StreamEvent) error
	emitted bool
}

func (e *emitter) write(s string) error {
	if e.emit == nil || s == "" {
		return nil
	}
	e.emitted = true
	return e.emit(StreamEvent{Text: s})
}

func (e *emitter) reset() error {
	if e.emit == nil || !e.emitted {
		return nil
	}
	e.emitted = false
	return e.emit(StreamEvent{Reset: true})
}

// citationFilter passes a streamed reply on while it arrives, holding back
// only what it cannot judge yet: the start, until it is clear the reply is
// not a sentinel, and an open "[", until its marker is complete and can be
// kept or dropped. So a requester never sees NO_ANSWER or a citation of a
// passage that was not retrieved, even mid-stream.
type citationFilter struct {
	passages []Passage
	out      *emitter
	pending  strings.Builder
	started  bool
}

func (f *citationFilter) write(delta string) error {
	f.pending.WriteString(delta)
	s := f.pending.String()
	if !f.started {
		t := strings.TrimLeft(s, " \n")
		if isSentinelPrefix(t) {
			return nil
		}
		f.started = true
		s = t
	}
	// Hold back an unfinished marker, and the spaces before it or at the
	// end, which go if the marker is dropped.
	cut := len(s)
	if i := strings.LastIndexByte(s, '['); i >= 0 && !strings.Contains(s[i:], "]") && len(s)-i < 16 {
		cut = i
	}
	cut = len(strings.TrimRight(s[:cut], " \t"))
	ready, rest := s[:cut], s[cut:]
	f.pending.Reset()
	f.pending.WriteString(rest)
	if ready == "" {
		return nil
	}
	text, _ := checkCitations(ready, f.passages)
	return f.out.write(text)
}

func (f *citationFilter) flush() error {
	s := f.pending.String()
	f.pending.Reset()
	if !f.started {
		s = strings.TrimSpace(s)
		if isSentinelPrefix(s) {
			return nil
		}
	}
	text, _ := checkCitations(strings.TrimRight(s, " \n\t"), f.passages)
	return f.out.write(text)
}

// isSentinelPrefix reports whether t could still become a sentinel.
func isSentinelPrefix(t string) bool {
	for _, s := range []string{sentinelNoAnswer, sentinelOutOfScope} {
		if strings.HasPrefix(s, t) || strings.HasPrefix(t, s) {
			return true
		}
	}
	return false
}
