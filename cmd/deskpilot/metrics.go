package main

import (
	"context"
	"strings"
	"sync"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/openai"
	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
	"deskpilot/metrics"
	"deskpilot/retrieval"
)

// deskMetrics are the metrics of `deskpilot serve` beyond the web's own
// (deskpilot_http_*). Every label takes values from a short fixed list or
// from the configuration (connector names): never from requests. Its
// methods do nothing on a nil *deskMetrics, so that commands without
// metrics share the code.
type deskMetrics struct {
	reg *metrics.Registry
	now func() time.Time

	llmCalls, llmErrors, llmTokens, llmCost *metrics.Counter
	llmDuration                             *metrics.Histogram
	circuitState                            *metrics.Gauge
	circuitOpens                            *metrics.Counter

	embedCalls, embedTexts, lexicalOnly *metrics.Counter
	embedDuration                       *metrics.Histogram

	answers, fallbacks *metrics.Counter

	copilotJobs, syncLag, syncStatus              *metrics.Gauge
	indexLag, indexRecords, indexFailing, ready   *metrics.Gauge
	catchUps, storeErrors                         *metrics.Counter
	simActive, simDone, simTotal, simProgressRate *metrics.Gauge

	mu        sync.Mutex
	circuits  map[string]func() openai.Circuit // by endpoint
	opensSeen map[string]int
}

func newDeskMetrics(reg *metrics.Registry, now func() time.Time) *deskMetrics {
	return &deskMetrics{
		reg: reg, now: now, circuits: map[string]func() openai.Circuit{}, opensSeen: map[string]int{},
		llmCalls: reg.Counter("deskpilot_llm_calls_total", "Calls to the chat model, by operation (chat, stream) and outcome (ok, error, rejected: refused by the open circuit breaker).",
			"operation", "outcome"),
		llmErrors: reg.Counter("deskpilot_llm_errors_total", "Failed calls to the chat model, by kind (timeout, rate_limited, server_error, unreachable, auth, bad_request, circuit_open, canceled, other).",
			"kind"),
		llmTokens:   reg.Counter("deskpilot_llm_tokens_total", "Tokens the chat model reported, by kind (prompt, completion).", "kind"),
		llmCost:     reg.Counter("deskpilot_llm_cost_usd_total", "Cost of the chat model's tokens in US dollars, at DESKPILOT_LLM_*_PRICE."),
		llmDuration: reg.Histogram("deskpilot_llm_call_duration_seconds", "Time of the calls to the chat model, retries included.", metrics.SlowBuckets, "operation"),
		circuitState: reg.Gauge("deskpilot_llm_circuit_state", "The circuit breakers of the model endpoints (chat, embeddings): 1 for the state each is in (closed, open, half_open).",
			"endpoint", "state"),
		circuitOpens: reg.Counter("deskpilot_llm_circuit_opens_total", "Times a model endpoint's circuit breaker opened.", "endpoint"),
		embedCalls: reg.Counter("deskpilot_embedding_calls_total", "Calls to the embedder, by use (index, query) and outcome (ok, error).",
			"use", "outcome"),
		embedTexts:    reg.Counter("deskpilot_embedding_texts_total", "Texts embedded, by use.", "use"),
		embedDuration: reg.Histogram("deskpilot_embedding_call_duration_seconds", "Time of the calls to the embedder, by use.", metrics.SlowBuckets, "use"),
		lexicalOnly:   reg.Counter("deskpilot_search_lexical_only_total", "Searches answered by the lexical index alone because the query could not be embedded."),
		answers: reg.Counter("deskpilot_assistant_answers_total", "The assistant's answers, by decision (auto, suggest, handoff; error), handoff reason (none otherwise) and drafter (llm, extractive, none).",
			"decision", "reason", "drafter"),
		fallbacks: reg.Counter("deskpilot_assistant_fallbacks_total", "Extractive drafts written because the LLM's could not be used, by cause (circuit_open, llm_error, llm_reply).",
			"cause"),
		copilotJobs:  reg.Gauge("deskpilot_copilot_jobs", "The copilot's queue of help desk tickets, by status.", "status"),
		syncLag:      reg.Gauge("deskpilot_sync_lag_seconds", "Time since each connector's last successful sync.", "source"),
		syncStatus:   reg.Gauge("deskpilot_sync_status", "1 for the status of each connector's last sync (idle, running, ok, failed, interrupted, stale).", "source", "status"),
		indexLag:     reg.Gauge("deskpilot_index_catchup_lag_seconds", "Time since the search index last caught up with the records."),
		indexRecords: reg.Gauge("deskpilot_index_records", "Records (articles and solved tickets) the search index holds."),
		indexFailing: reg.Gauge("deskpilot_index_catchup_failures", "Catch-ups of the search index failed in a row (/readyz fails from 3)."),
		catchUps:     reg.Counter("deskpilot_index_catchups_total", "Catch-ups of the search index, by outcome (ok, error).", "outcome"),
		ready:        reg.Gauge("deskpilot_ready", "1 when the check of /readyz passes (store, index), 0 when it fails.", "check"),
		storeErrors: reg.Counter("deskpilot_store_errors_total", "Failures of the records store seen by /readyz's ping (ping) and by the scrapes' queries (scrape).",
			"operation"),
		simActive:       reg.Gauge("deskpilot_simulation_active", "1 while an admin's simulation is queued or running."),
		simDone:         reg.Gauge("deskpilot_simulation_done_tickets", "Tickets replayed by the simulation under way."),
		simTotal:        reg.Gauge("deskpilot_simulation_total_tickets", "Tickets the simulation under way replays."),
		simProgressRate: reg.Gauge("deskpilot_simulation_progress_ratio", "How far the simulation under way is, from 0 to 1."),
	}
}

// watchCircuit reports an endpoint's circuit breaker at each scrape.
func (d *deskMetrics) watchCircuit(endpoint string, circuit func() openai.Circuit) {
	if d == nil {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.circuits[endpoint] = circuit
}

// llmCall records a call to the chat model that started at start.
func (d *deskMetrics) llmCall(operation string, start time.Time, resp *assistant.ChatResponse, err error, prices assistant.Prices) {
	if d == nil {
		return
	}
	outcome := "ok"
	switch kind := openai.ErrorKind(err); {
	case err == nil:
	case kind == "circuit_open":
		outcome = "rejected"
		d.llmErrors.Inc(kind)
	default:
		outcome = "error"
		d.llmErrors.Inc(kind)
	}
	d.llmCalls.Inc(operation, outcome)
	if outcome != "rejected" {
		d.llmDuration.Observe(time.Since(start).Seconds(), operation)
	}
	if resp != nil {
		u := prices.Cost(resp.Usage)
		d.llmTokens.Add(float64(u.PromptTokens), "prompt")
		d.llmTokens.Add(float64(u.CompletionTokens), "completion")
		d.llmCost.Add(u.CostUSD)
	}
}

// embedCall records a call to the embedder.
func (d *deskMetrics) embedCall(use string, start time.Time, texts int, err error) {
	if d == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	d.embedCalls.Inc(use, outcome)
	d.embedTexts.Add(float64(texts), use)
	d.embedDuration.Observe(time.Since(start).Seconds(), use)
}

// searchedLexicalOnly records a search that went on without its vectors.
func (d *deskMetrics) searchedLexicalOnly() {
	if d != nil {
		d.lexicalOnly.Inc()
	}
}

// answered records an answer of the assistant.
func (d *deskMetrics) answered(ans *assistant.Answer, err error) {
	if d == nil {
		return
	}
	if err != nil || ans == nil {
		d.answers.Inc("error", "none", "none")
		return
	}
	reason, drafter := string(ans.Reason), ans.Drafter
	if reason == "" {
		reason = "none"
	}
	if drafter == "" {
		drafter = "none"
	}
	d.answers.Inc(string(ans.Decision), reason, drafter)
	switch {
	case ans.Fallback == "":
	case strings.Contains(ans.Fallback, openai.ErrCircuitOpen.Error()):
		d.fallbacks.Inc("circuit_open")
	case strings.HasPrefix(ans.Fallback, "llm: openai:"):
		d.fallbacks.Inc("llm_error")
	default: // the model answered, but not with a usable draft
		d.fallbacks.Inc("llm_reply")
	}
}

// caughtUp records how a catch-up of the index ended.
func (d *deskMetrics) caughtUp(err error) {
	if d == nil {
		return
	}
	if err != nil {
		d.catchUps.Inc("error")
		return
	}
	d.catchUps.Inc("ok")
}

// storeError counts a failure of the store seen by operation.
func (d *deskMetrics) storeError(operation string) {
	if d != nil {
		d.storeErrors.Inc(operation)
	}
}

// setReady records the outcome of a readiness check.
func (d *deskMetrics) setReady(check string, ok bool) {
	if d == nil {
		return
	}
	v := 0.0
	if ok {
		v = 1
	}
	d.ready.Set(v, check)
}

// collect registers what is read at each scrape: the copilot's queue and
// the connectors' syncs from the store, the index, the simulation under
// way and the circuit breakers.
func (d *deskMetrics) collect(st store, kn *knowledge, sims simService) {
	d.reg.OnScrape(func(ctx context.Context) {
		now := d.now()
		d.collectCopilot(ctx, st)
		d.collectSyncs(ctx, st, now)
		h := kn.health.status()
		if !h.lastSuccess.IsZero() {
			d.indexLag.Set(now.Sub(h.lastSuccess).Seconds())
		}
		d.indexRecords.Set(float64(h.records))
		d.indexFailing.Set(float64(h.failures))
		active, done, total := sims.progress(ctx)
		d.simActive.Set(boolFloat(active))
		d.simDone.Set(float64(done))
		d.simTotal.Set(float64(total))
		ratio := 0.0
		if total > 0 {
			ratio = float64(done) / float64(total)
		}
		d.simProgressRate.Set(ratio)
		d.collectCircuits()
	})
}

func (d *deskMetrics) collectCopilot(ctx context.Context, st store) {
	counts, err := st.CountCopilotJobs(ctx)
	d.copilotJobs.Reset()
	if err != nil {
		d.storeError("scrape")
		return
	}
	for _, s := range copilot.Statuses {
		d.copilotJobs.Set(float64(counts[s]), string(s))
	}
}

func (d *deskMetrics) collectSyncs(ctx context.Context, st store, now time.Time) {
	states, err := st.ListSyncStates(ctx)
	d.syncLag.Reset()
	d.syncStatus.Reset()
	if err != nil {
		d.storeError("scrape")
		return
	}
	statuses := []connectors.Status{connectors.StatusIdle, connectors.StatusRunning, connectors.StatusOK,
		connectors.StatusFailed, connectors.StatusInterrupted, "stale"}
	for _, s := range states {
		current := s.Status
		if s.Stale(now) {
			current = "stale" // its holder died: the next sync resumes its work
		}
		for _, status := range statuses {
			d.syncStatus.Set(boolFloat(status == current), s.Source, string(status))
		}
		if !s.LastSuccessAt.IsZero() {
			d.syncLag.Set(now.Sub(s.LastSuccessAt).Seconds(), s.Source)
		}
	}
}

func (d *deskMetrics) collectCircuits() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for endpoint, circuit := range d.circuits {
		c := circuit()
		for _, state := range []string{openai.CircuitClosed, openai.CircuitOpen, openai.CircuitHalfOpen} {
			d.circuitState.Set(boolFloat(state == c.State), endpoint, state)
		}
		if n := c.Opens - d.opensSeen[endpoint]; n > 0 {
			d.circuitOpens.Add(float64(n), endpoint)
		}
		d.opensSeen[endpoint] = c.Opens
	}
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// progress reports the admin's simulation under way, if any.
func (j *simJobs) progress(context.Context) (active bool, done, total int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.live == nil {
		return false, 0, 0
	}
	return true, j.live.Done, j.live.Total
}

// meteredChat counts a chat model's calls, tokens, cost and errors.
type meteredChat struct {
	inner  assistant.ChatModel
	m      *deskMetrics
	prices assistant.Prices
}

var _ assistant.ChatModel = meteredChat{}

// Chat calls the model and records the call.
func (c meteredChat) Chat(ctx context.Context, req assistant.ChatRequest) (*assistant.ChatResponse, error) {
	start := time.Now()
	resp, err := c.inner.Chat(ctx, req)
	c.m.llmCall("chat", start, resp, err, c.prices)
	return resp, err
}

// ChatStream streams from the model and records the call.
func (c meteredChat) ChatStream(ctx context.Context, req assistant.ChatRequest, delta func(string) error) (*assistant.ChatResponse, error) {
	start := time.Now()
	resp, err := c.inner.ChatStream(ctx, req, delta)
	c.m.llmCall("stream", start, resp, err, c.prices)
	return resp, err
}

// meteredEmbedder counts an embedder's calls for one use.
type meteredEmbedder struct {
	retrieval.Embedder
	m   *deskMetrics
	use string
}

// Embed embeds texts and records the call.
func (e meteredEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	start := time.Now()
	v, err := e.Embedder.Embed(ctx, texts)
	e.m.embedCall(e.use, start, len(texts), err)
	return v, err
}

// fittingEmbedder is a meteredEmbedder that still fits to its corpus, as
// the built-in embedder does at a rebuild.
type fittingEmbedder struct {
	meteredEmbedder
	fitter retrieval.Fitter
}

// Fit fits the embedder to texts.
func (e fittingEmbedder) Fit(ctx context.Context, texts []string) error {
	return e.fitter.Fit(ctx, texts)
}

// meter returns emb counted under use, or emb itself without metrics.
func (d *deskMetrics) meter(emb retrieval.Embedder, use string) retrieval.Embedder {
	if d == nil || emb == nil {
		return emb
	}
	m := meteredEmbedder{Embedder: emb, m: d, use: use}
	if f, ok := emb.(retrieval.Fitter); ok {
		return fittingEmbedder{m, f}
	}
	return m
}

// meteredAssistant counts the assistant's decisions.
type meteredAssistant struct {
	*assistant.Assistant
	m *deskMetrics
}

// Answer answers and records the decision.
func (a meteredAssistant) Answer(ctx context.Context, req assistant.Request) (*assistant.Answer, error) {
	ans, err := a.Assistant.Answer(ctx, req)
	a.m.answered(ans, err)
	return ans, err
}

// Stream answers with a streamed draft and records the decision.
func (a meteredAssistant) Stream(ctx context.Context, req assistant.Request, emit func(assistant.StreamEvent) error) (*assistant.Answer, error) {
	ans, err := a.Assistant.Stream(ctx, req, emit)
	a.m.answered(ans, err)
	return ans, err
}
