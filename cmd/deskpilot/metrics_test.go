package main

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/metrics"
	"deskpilot/web"
)

func TestObservabilitySettings(t *testing.T) {
	const token = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
	cases := []struct {
		name     string
		env      map[string]string
		wantCode int
		want     []string // patterns in stdout, or stderr on failure
		notOut   string
	}{
		{"defaults", nil, 0, []string{`DESKPILOT_LLM_BREAKER_FAILURES\s+-\s+5\n`, `DESKPILOT_LLM_BREAKER_COOLDOWN\s+-\s+30s\n`}, ""},
		{"metrics token masked", map[string]string{"DESKPILOT_METRICS_TOKEN": token}, 0, []string{`\*{8}b1a0`}, token},
		{"metrics token too short", map[string]string{"DESKPILOT_METRICS_TOKEN": "secret"}, 1, []string{"DESKPILOT_METRICS_TOKEN: at least 16 characters"}, ""},
		{"breaker needs a positive count", map[string]string{"DESKPILOT_LLM_BREAKER_FAILURES": "0"}, 1, []string{"DESKPILOT_LLM_BREAKER_FAILURES"}, ""},
		{"cool-down is a duration", map[string]string{"DESKPILOT_LLM_BREAKER_COOLDOWN": "soon"}, 1, []string{"DESKPILOT_LLM_BREAKER_COOLDOWN"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := run(t, tc.env, "config")
			got := out
			if code != 0 {
				got = stderr
			}
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d: %s%s", code, tc.wantCode, out, stderr)
			}
			for _, w := range tc.want {
				if !regexp.MustCompile(w).MatchString(got) {
					t.Errorf("missing %q in\n%s", w, got)
				}
			}
			if tc.notOut != "" && strings.Contains(out+stderr, tc.notOut) {
				t.Error("the secret was printed")
			}
		})
	}
}

func TestDeskMetricsReadAtScrape(t *testing.T) {
	reg := metrics.NewRegistry()
	dm := newDeskMetrics(reg, time.Now)
	cfg := DefaultConfig()
	cfg.DataDir = t.TempDir()
	st, err := openStore(context.Background(), &cfg, discardLog())
	must(t, err)
	defer st.Close()
	sims := &simJobs{live: &simJob{SimulationRun: web.SimulationRun{ID: "x", Status: web.SimRunning, Done: 30, Total: 120}}}
	kn := &knowledge{}
	kn.health.caughtUp(time.Now().Add(-90*time.Second), 7)
	kn.health.failed(errors.New("bleve: disk full"))
	dm.collect(st, kn, sims)
	for _, ans := range []*assistant.Answer{
		{Decision: assistant.DecisionSuggest, Drafter: "llm"},
		{Decision: assistant.DecisionSuggest, Drafter: "extractive", Fallback: "llm: openai: chat: circuit open: the server failed 5 calls in a row; next try in 30s"},
		{Decision: assistant.DecisionHandoff, Reason: assistant.ReasonMissingKnowledge, Drafter: "extractive", Fallback: "llm: the reply cites no retrieved passage"},
	} {
		dm.answered(ans, nil)
	}
	dm.answered(nil, errors.New("store down"))
	scrape := func() string {
		var b strings.Builder
		must(t, reg.WriteText(context.Background(), &b))
		return b.String()
	}
	m := scrape()
	wantMetrics(t, m, map[string]float64{
		`deskpilot_simulation_active`:                                                       1,
		`deskpilot_simulation_done_tickets`:                                                 30,
		`deskpilot_simulation_total_tickets`:                                                120,
		`deskpilot_simulation_progress_ratio`:                                               0.25,
		`deskpilot_index_records`:                                                           7,
		`deskpilot_index_catchup_failures`:                                                  1,
		`deskpilot_copilot_jobs{status="queued"}`:                                           0,
		`deskpilot_copilot_jobs{status="failed"}`:                                           0,
		`deskpilot_assistant_answers_total{decision="suggest",reason="none",drafter="llm"}`: 1,
		`deskpilot_assistant_answers_total{decision="handoff",reason="missing_knowledge",drafter="extractive"}`: 1,
		`deskpilot_assistant_answers_total{decision="error",reason="none",drafter="none"}`:                      1,
		`deskpilot_assistant_fallbacks_total{cause="circuit_open"}`:                                             1,
		`deskpilot_assistant_fallbacks_total{cause="llm_reply"}`:                                                1,
	})
	if lag, _ := metricValue(m, `deskpilot_index_catchup_lag_seconds`); lag < 90 || lag > 3600 {
		t.Errorf("index lag %v, want the 90 s since the last catch-up", lag)
	}
	sims.live = nil
	wantMetrics(t, scrape(), map[string]float64{`deskpilot_simulation_active`: 0, `deskpilot_simulation_total_tickets`: 0})
	// Commands without metrics share the code: a nil *deskMetrics records nothing.
	var none *deskMetrics
	none.answered(&assistant.Answer{}, nil)
	none.llmCall("chat", time.Now(), nil, errors.New("x"), assistant.Prices{})
	none.embedCall("query", time.Now(), 1, nil)
	none.caughtUp(nil)
	none.setReady("store", true)
	none.storeError("ping")
	none.searchedLexicalOnly()
	none.watchCircuit("chat", nil)
}
