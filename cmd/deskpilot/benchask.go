package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"deskpilot/assistant"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// askBench is what `deskpilot bench ask` measures.
type askBench struct {
	Questions int                        `json:"questions"`
	P50ms     float64                    `json:"p50_ms"`
	P99ms     float64                    `json:"p99_ms"`
	Decisions map[assistant.Decision]int `json:"decisions"`
	Drafter   string                     `json:"drafter"`
}

// runBenchAsk times the assistant on questions of the desk's own tickets,
// as requesters would ask them: triage, retrieval, the draft, the
// decision. Run it on a loaded desk (`deskpilot demo --no-serve` first).
func (m *Main) runBenchAsk(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("bench ask", "llm")
	n := fs.Int("questions", 500, "how many questions to time")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	if err := parse(args); err != nil {
		return err
	}
	if *n < 1 || fs.NArg() > 0 {
		return usagef("want --questions >= 1")
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
	list, err := st.ListTickets(ctx, tickets.TicketFilter{Limit: 10_000})
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("the desk has no tickets to take questions from: load one first (deskpilot demo --no-serve)")
	}
	r := rand.New(rand.NewPCG(1, 2))
	out := askBench{Decisions: map[assistant.Decision]int{}, Drafter: "extractive"}
	lat := make([]time.Duration, 0, *n)
	for range *n {
		t, err := st.GetTicket(ctx, list[r.IntN(len(list))].ID)
		if err != nil {
			return err
		}
		start := time.Now()
		ans, err := asst.Answer(ctx, assistant.Request{Text: t.Question()})
		if err != nil {
			return err
		}
		lat = append(lat, time.Since(start))
		out.Decisions[ans.Decision]++
		if ans.Drafter == "llm" {
			out.Drafter = "llm"
		}
	}
	out.Questions, out.P50ms, out.P99ms = len(lat), retrieval.PercentileMS(lat, 0.5), retrieval.PercentileMS(lat, 0.99)
	if *asJSON {
		return writeJSON(m.Stdout, out)
	}
	fmt.Fprintf(m.Stdout, "%d questions, %s drafts: p50 %.1f ms, p99 %.1f ms; decisions %v\n", out.Questions, out.Drafter, out.P50ms, out.P99ms, out.Decisions)
	return nil
}
