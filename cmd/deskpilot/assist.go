package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/openai"
	"deskpilot/assistant/triage"
	"deskpilot/connectors"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// Files of the assistant's derived state in the index folder.
const (
	triageFile    = "triage.bin"
	triageKeyFile = "triage.key"
)

// triageMaxAge is how old a cached model may get before it is retrained
// even though the tickets look the same (labels edited in place).
const triageMaxAge = 24 * time.Hour

// openAssistant wires the assistant over a desk's knowledge: the triage
// model (trained on the stored tickets, cached in the index folder), the
// taxonomy, the stored rollout policy and, when configured, the LLM.
func openAssistant(ctx context.Context, cfg *Config, st store, kn *knowledge, log *slog.Logger) (*assistant.Assistant, error) {
	return openAssistantWith(ctx, cfg, st, kn, log, llmOptions{})
}

// llmOptions are what serve adds to the assistant's LLM: the clock of its
// retries and circuit breaker, and metrics.
type llmOptions struct {
	clock   connectors.Clock // nil: the system clock
	metrics *deskMetrics
}

func openAssistantWith(ctx context.Context, cfg *Config, st store, kn *knowledge, log *slog.Logger, o llmOptions) (*assistant.Assistant, error) {
	model, err := loadTriage(ctx, st, kn, log)
	if err != nil {
		return nil, err
	}
	cats, err := st.ListCategories(ctx)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(cats))
	for i, c := range cats {
		paths[i] = c.Path
	}
	ac := assistant.Config{
		Searcher: kn.searcher, Categories: paths, Policy: st, Logger: log,
		Prices: assistant.Prices{PromptPerMillion: cfg.PromptPrice, CompletionPerMillion: cfg.CompletionPrice},
	}
	if model != nil {
		ac.Classifier = model
	}
	if cfg.useLLM() {
		chat, err := newChat(cfg, log, o.clock)
		if err != nil {
			return nil, err
		}
		ac.Chat, ac.SelfCheck = chat, true
		if o.metrics != nil {
			o.metrics.watchCircuit("chat", chat.Circuit)
			ac.Chat = meteredChat{inner: chat, m: o.metrics, prices: ac.Prices}
		}
	}
	return assistant.New(ac)
}

// newChat is the chat model of cfg behind its circuit breaker, whose
// retries and cool-down go by clock (nil: the system clock).
func newChat(cfg *Config, log *slog.Logger, clock connectors.Clock) (*openai.Chat, error) {
	oc := openai.Config{APIKey: cfg.OpenAIAPIKey, BaseURL: cfg.OpenAIBaseURL, ChatModel: cfg.ChatModel, Timeout: cfg.LLMTimeout,
		BreakerFailures: cfg.LLMBreakerFailures, BreakerCooldown: cfg.LLMBreakerCooldown, Logger: log}
	if clock != nil {
		oc.Now, oc.Sleep = clock.Now, clock.Sleep
	}
	chat, err := openai.NewChat(oc)
	if err != nil {
		return nil, fmt.Errorf("chat model (DESKPILOT_LLM, OPENAI_BASE_URL): %w", err)
	}
	return chat, nil
}

// triageKey fingerprints the tickets a model learns from: their number
// and the newest one.
type triageKey struct {
	Tickets  int       `json:"tickets"`
	NewestID int64     `json:"newest_id"`
	Trained  time.Time `json:"trained"`
}

// loadTriage returns the cached triage model when the tickets did not
// change since it was trained, and trains a new one otherwise. It returns
// nil when no ticket has a label to learn.
func loadTriage(ctx context.Context, st store, kn *knowledge, log *slog.Logger) (*triage.Model, error) {
	n, err := st.CountTickets(ctx, tickets.TicketFilter{})
	if err != nil {
		return nil, err
	}
	newest, err := st.ListTickets(ctx, tickets.TicketFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	want := triageKey{Tickets: n}
	if len(newest) > 0 {
		want.NewestID = newest[0].ID
	}
	var have triageKey
	if b, err := os.ReadFile(kn.path(triageKeyFile)); err == nil && json.Unmarshal(b, &have) == nil &&
		have.Tickets == want.Tickets && have.NewestID == want.NewestID && time.Since(have.Trained) < triageMaxAge {
		if b, err := os.ReadFile(kn.path(triageFile)); err == nil {
			m := &triage.Model{}
			if err := m.UnmarshalBinary(b); err == nil {
				return m, nil
			}
			log.Warn("triage model unreadable: retraining", "error", err)
		}
	}
	start := time.Now()
	examples, err := trainingExamples(ctx, st)
	if err != nil {
		return nil, err
	}
	m, err := triage.Train(examples, triage.Options{})
	if errors.Is(err, triage.ErrNoExamples) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("train triage: %w", err)
	}
	log.Info("triage model trained", "tickets", len(examples), "duration_ms", time.Since(start).Milliseconds())
	want.Trained = time.Now().UTC()
	b, err := m.MarshalBinary()
	if err == nil {
		err = retrieval.WriteFileAtomic(kn.path(triageFile), b)
	}
	if err == nil {
		key, _ := json.Marshal(want) // plain data: cannot fail
		err = retrieval.WriteFileAtomic(kn.path(triageKeyFile), key)
	}
	if err != nil {
		log.Warn("triage model not cached", "error", err)
	}
	return m, nil
}

// trainingExamples reads every labelled ticket's question and labels.
func trainingExamples(ctx context.Context, st store) ([]triage.Example, error) {
	var out []triage.Example
	f := tickets.TicketFilter{Limit: 1000}
	for {
		page, err := st.ListTickets(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, t := range page {
			if t.Category == "" && t.Team == "" && t.Priority == "" {
				continue
			}
			full, err := st.GetTicket(ctx, t.ID)
			if errors.Is(err, tickets.ErrNotFound) {
				continue // deleted meanwhile
			}
			if err != nil {
				return nil, err
			}
			out = append(out, triage.FromTicket(full))
		}
		if len(page) < f.Limit {
			return out, nil
		}
		f.AfterID = page[len(page)-1].ID
	}
}
