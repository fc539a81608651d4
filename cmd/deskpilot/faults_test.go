package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"deskpilot/assistant/openai/openaitest"
	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
	"deskpilot/store/postgres/pgtest"
	"deskpilot/tickets"
	"deskpilot/web"
)

// syncBuffer is a bytes.Buffer that serve's goroutines and the test may
// use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// served is a deskpilot serve run in-process by a fault test.
type served struct {
	URL    string
	Stderr *syncBuffer
}

// serveMain runs m's serve on 127.0.0.1 with args until the test ends.
func serveMain(t *testing.T, m *Main, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	s := &served{Stderr: &syncBuffer{}}
	m.Stdout, m.Stderr, m.Listening = io.Discard, s.Stderr, func(a string) { addr <- a }
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	})
	select {
	case a := <-addr:
		s.URL = "http://" + a
		return s
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, s.Stderr)
	case <-time.After(2 * time.Minute):
		t.Fatal("serve did not start")
	}
	return nil
}

// deskWithAgent adds an agent with an API token and a requester's
// ticket to the store that storeFlags select, and returns the token and
// the ticket's id.
func deskWithAgent(t *testing.T, storeFlags []string, question string) (string, int64) {
	t.Helper()
	cfg := DefaultConfig()
	for i := 0; i+1 < len(storeFlags); i += 2 {
		switch storeFlags[i] {
		case "--data":
			cfg.DataDir = storeFlags[i+1]
		case "--database-url":
			cfg.DatabaseURL = storeFlags[i+1]
		}
	}
	ctx := context.Background()
	st, err := openStore(ctx, &cfg, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	agent := tickets.User{Email: "agent@example.com", Name: "Agent", Role: tickets.RoleAgent}
	must(t, st.CreateUser(ctx, &agent))
	token, hash, err := web.NewAPIToken()
	must(t, err)
	must(t, st.CreateAPIToken(ctx, &tickets.APIToken{UserID: agent.ID, Name: "faults", Hash: hash}))
	tk, err := tickets.NewService(st, nil).Create(ctx, tickets.NewTicket{Subject: question, Body: question, Requester: "ana@example.com"})
	must(t, err)
	return token, tk.ID
}

// call sends a request with a bounded wait: a fault must make the server
// answer, not hang. It returns the status and the body.
func call(t *testing.T, method, url, token string, body any) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	must(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: no answer: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// scrapeMetrics reads /metrics from this host.
func scrapeMetrics(t *testing.T, base string) string {
	t.Helper()
	code, body := call(t, "GET", base+"/metrics", "", nil)
	if code != 200 {
		t.Fatalf("/metrics: %d %s", code, body)
	}
	return body
}

// metricValue returns the value of the sample named with its labels
// exactly as written, and whether there is one.
func metricValue(text, sample string) (float64, bool) {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(sample) + ` (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v, err == nil
}

// wantMetrics checks samples against their values.
func wantMetrics(t *testing.T, text string, want map[string]float64) {
	t.Helper()
	for sample, v := range want {
		if got, ok := metricValue(text, sample); !ok || got != v {
			t.Errorf("%s = %v (present: %v), want %v", sample, got, ok, v)
		}
	}
}

// gate passes TCP connections through to a backend until it is shut:
// its port then refuses connections, as a stopped server's does, until it
// is opened again on the same port.
type gate struct {
	addr, backend string
	mu            sync.Mutex
	ln            net.Listener
	conns         map[net.Conn]bool
}

func newGate(t *testing.T, backend string) *gate {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	g := &gate{addr: ln.Addr().String(), backend: backend, conns: map[net.Conn]bool{}}
	g.start(ln)
	t.Cleanup(g.shut)
	return g
}

func (g *gate) start(ln net.Listener) {
	g.mu.Lock()
	g.ln = ln
	g.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go g.pipe(c)
		}
	}()
}

func (g *gate) pipe(c net.Conn) {
	b, err := net.Dial("tcp", g.backend)
	if err != nil {
		c.Close()
		return
	}
	g.mu.Lock()
	g.conns[c], g.conns[b] = true, true
	g.mu.Unlock()
	go func() { _, _ = io.Copy(b, c); b.Close() }()
	_, _ = io.Copy(c, b)
	c.Close()
}

// shut refuses new connections and cuts those open.
func (g *gate) shut() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ln != nil {
		g.ln.Close()
		g.ln = nil
	}
	for c := range g.conns {
		c.Close()
	}
	clear(g.conns)
}

// open listens on the gate's port again.
func (g *gate) open(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", g.addr)
	must(t, err)
	g.start(ln)
}

// suggestionJSON is what the AI panel gets of a ticket.
type suggestionJSON struct {
	Draft    string `json:"draft"`
	Drafter  string `json:"drafter"`
	Fallback string `json:"fallback"`
}

func TestServeDegradesAndRecoversWhenTheLLMFails(t *testing.T) {
	fake := openaitest.NewServer(t)
	// Every answer the model gives: a draft citing the first passage, or
	// the self-check's verdict. Failures do not consume them.
	for range 100 {
		fake.Chat(func(req openaitest.ChatRequest) openaitest.ChatReply {
			if req.ResponseFormat != nil {
				return openaitest.ChatReply{Content: `{"supported":true,"confidence":0.9}`}
			}
			return openaitest.ChatReply{Content: "Open the Passport portal and choose Forgot password [1]."}
		})
	}
	g := newGate(t, strings.TrimPrefix(strings.TrimSuffix(fake.URL(), "/v1"), "http://"))
	data := t.TempDir()
	knowledgeFixture(t, []string{"--data", data})
	token, ticket := deskWithAgent(t, []string{"--data", data}, "How do I reset my password?")
	clock := synctest.NewClock(time.Now())
	env := map[string]string{
		"OPENAI_BASE_URL": "http://" + g.addr + "/v1", "DESKPILOT_LLM_TIMEOUT": "500ms",
		"DESKPILOT_LLM_BREAKER_FAILURES": "2", "DESKPILOT_LLM_BREAKER_COOLDOWN": "1m", "DESKPILOT_LOG_FORMAT": "json",
	}
	srv := serveMain(t, &Main{Getenv: func(k string) string { return env[k] }, Clock: clock}, "--data", data)
	suggest := func() suggestionJSON {
		t.Helper()
		code, body := call(t, "GET", fmt.Sprintf("%s/api/v1/tickets/%d/suggestion", srv.URL, ticket), token, nil)
		var s suggestionJSON
		if code != 200 || json.Unmarshal([]byte(body), &s) != nil || s.Draft == "" {
			t.Fatalf("suggestion: %d %s", code, body)
		}
		return s
	}
	if s := suggest(); s.Drafter != "llm" || s.Fallback != "" {
		t.Fatalf("healthy model: %+v", s)
	}
	faults := []struct {
		name        string
		start, stop func()
		fallback    string // in the fallback of the failed calls
	}{
		{"429 with Retry-After", func() { fake.FailNext(2*5, http.StatusTooManyRequests, "0") }, func() {}, "429"},
		{"endpoint down", g.shut, func() { g.open(t) }, "connection refused"},
		{"slow beyond the timeout", func() { fake.Delay(time.Minute) }, func() { fake.Delay(0) }, "deadline exceeded"},
	}
	for _, f := range faults {
		f.start()
		for i := range 2 { // DESKPILOT_LLM_BREAKER_FAILURES
			if s := suggest(); s.Drafter != "extractive" || !strings.Contains(s.Fallback, f.fallback) {
				t.Fatalf("%s, call %d: the draft must be extractive and say why: %+v", f.name, i+1, s)
			}
		}
		sent := len(fake.Requests())
		if s := suggest(); s.Drafter != "extractive" || !strings.Contains(s.Fallback, "circuit open") {
			t.Fatalf("%s: open circuit: %+v", f.name, s)
		}
		if n := len(fake.Requests()) - sent; n != 0 {
			t.Fatalf("%s: the open circuit let %d requests through", f.name, n)
		}
		wantMetrics(t, scrapeMetrics(t, srv.URL), map[string]float64{
			`deskpilot_llm_circuit_state{endpoint="chat",state="open"}`: 1,
		})
		f.stop()
		clock.Advance(time.Minute) // the cool-down, without waiting it out
		if s := suggest(); s.Drafter != "llm" || s.Fallback != "" {
			t.Fatalf("%s: after the cool-down: %+v", f.name, s)
		}
	}
	m := scrapeMetrics(t, srv.URL)
	wantMetrics(t, m, map[string]float64{
		`deskpilot_llm_errors_total{kind="rate_limited"}`:                                   2,
		`deskpilot_llm_errors_total{kind="unreachable"}`:                                    2,
		`deskpilot_llm_errors_total{kind="timeout"}`:                                        2,
		`deskpilot_llm_errors_total{kind="circuit_open"}`:                                   3,
		`deskpilot_llm_calls_total{operation="chat",outcome="rejected"}`:                    3,
		`deskpilot_llm_calls_total{operation="chat",outcome="error"}`:                       6,
		`deskpilot_llm_calls_total{operation="chat",outcome="ok"}`:                          8, // 4 drafts and their self-checks
		`deskpilot_llm_circuit_opens_total{endpoint="chat"}`:                                3,
		`deskpilot_llm_circuit_state{endpoint="chat",state="closed"}`:                       1,
		`deskpilot_assistant_fallbacks_total{cause="circuit_open"}`:                         3,
		`deskpilot_assistant_fallbacks_total{cause="llm_error"}`:                            6,
		`deskpilot_assistant_answers_total{decision="suggest",reason="none",drafter="llm"}`: 4,
	})
	if v, _ := metricValue(m, `deskpilot_llm_tokens_total{kind="prompt"}`); v <= 0 {
		t.Errorf("no prompt tokens counted")
	}
	if v, _ := metricValue(m, `deskpilot_llm_cost_usd_total`); v <= 0 {
		t.Errorf("no cost counted")
	}
	if v, _ := metricValue(m, `deskpilot_http_requests_total{method="GET",route="/api/v1/tickets/:id/suggestion",status="200"}`); v != 13 {
		t.Errorf("suggestions counted: %v, want 13", v)
	}
	// The retries backed off on the clock, not for real, and the logs say
	// which request fell back.
	if len(clock.Slept()) == 0 {
		t.Error("the retries did not wait on the clock")
	}
	logs := srv.Stderr.String()
	if !regexp.MustCompile(`"msg":"assistant: LLM draft failed, using the extractive draft".*"request_id":"[0-9a-f]{24}"`).MatchString(logs) ||
		!strings.Contains(logs, `"msg":"openai: circuit open`) {
		t.Errorf("logs lack the fallback with its request id or the circuit's opening:\n%s", logs)
	}
}

// waitUntil polls cond until it holds, failing the test after a minute.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeSurvivesAPostgreSQLRestart(t *testing.T) {
	pg := pgtest.NewCluster(t)
	flags := []string{"--database-url", pg.URL, "--data", t.TempDir()}
	token, ticket := deskWithAgent(t, flags, "My VPN drops every hour")
	env := map[string]string{"DESKPILOT_INDEX_INTERVAL": "100ms"}
	srv := serveMain(t, &Main{Getenv: func(k string) string { return env[k] }}, flags...)
	ticketURL := fmt.Sprintf("%s/api/v1/tickets/%d", srv.URL, ticket)
	newTicket := map[string]string{"subject": "Printer offline", "body": "The printer on floor 2 is offline", "requester": "bo@example.com"}
	for _, r := range []struct {
		method, url string
		body        any
		want        int
	}{{"GET", srv.URL + "/readyz", nil, 200}, {"GET", ticketURL, nil, 200}, {"POST", srv.URL + "/api/v1/tickets", newTicket, 201}} {
		if code, body := call(t, r.method, r.url, token, r.body); code != r.want {
			t.Fatalf("before the restart: %s %s: %d %s", r.method, r.url, code, body)
		}
	}

	pg.Stop(t)
	// Every request is answered, with 503 (try again) instead of hanging
	// (call gives up after 30 s); the node says it is not ready, and is
	// still alive.
	for _, r := range []struct {
		method, url string
		body        any
		want        int
	}{
		{"GET", srv.URL + "/readyz", nil, 503},
		{"GET", ticketURL, nil, 503},
		{"POST", srv.URL + "/api/v1/tickets", newTicket, 503},
		{"GET", srv.URL + "/healthz", nil, 200},
	} {
		start := time.Now()
		code, body := call(t, r.method, r.url, token, r.body)
		t.Logf("PostgreSQL down: %s %s answered %d in %s: %s", r.method, r.url, code, time.Since(start).Round(time.Millisecond), strings.TrimSpace(body))
		if code != r.want || strings.Contains(body, "postgres") {
			t.Errorf("PostgreSQL down: %s %s: %d %s, want %d and no driver detail", r.method, r.url, code, body, r.want)
		}
	}
	m := scrapeMetrics(t, srv.URL) // from this host: no store needed to let the scraper in
	wantMetrics(t, m, map[string]float64{`deskpilot_ready{check="store"}`: 0})
	for _, op := range []string{"ping", "scrape"} {
		if v, _ := metricValue(m, `deskpilot_store_errors_total{operation="`+op+`"}`); v < 1 {
			t.Errorf("store errors at %s not counted", op)
		}
	}

	pg.Start(t)
	// It recovers by itself: no restart of deskpilot.
	waitUntil(t, "/readyz to answer 200", func() bool { code, _ := call(t, "GET", srv.URL+"/readyz", "", nil); return code == 200 })
	if code, body := call(t, "GET", ticketURL, token, nil); code != 200 || !strings.Contains(body, "My VPN drops every hour") {
		t.Fatalf("after the restart: %d %s", code, body)
	}
	if code, body := call(t, "POST", srv.URL+"/api/v1/tickets", token, newTicket); code != 201 {
		t.Fatalf("write after the restart: %d %s", code, body)
	}
	wantMetrics(t, scrapeMetrics(t, srv.URL), map[string]float64{`deskpilot_ready{check="store"}`: 1, `deskpilot_ready{check="index"}`: 1})
}

// deskWithAConnectorDown is newTwoDesks with Zendesk's API down: its
// address refuses connections.
func deskWithAConnectorDown(t *testing.T) *twoDesks {
	t.Helper()
	d := newTwoDesks(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	down := "http://" + ln.Addr().String()
	ln.Close()
	conf, err := os.ReadFile(d.conf)
	must(t, err)
	must(t, os.WriteFile(d.conf, []byte(strings.Replace(string(conf), d.zd.URL, down, 1)), 0o644))
	return d
}

func TestSyncBacksOffAndReportsAConnectorDown(t *testing.T) {
	d := deskWithAConnectorDown(t)
	data := t.TempDir()
	clock := synctest.NewClock(time.Now())
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return d.env[k] }, Clock: clock}
	if code := m.Run(context.Background(), []string{"sync", "--config", d.conf, "--data", data, "--json"}); code != 1 ||
		!strings.Contains(errb.String(), "1 of 2 sources failed: zendesk") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	got := decodeSync(t, out.String())
	zd, sn := got.Sources[0], got.Sources[1]
	if zd.Source != "zendesk" || zd.Status != connectors.StatusFailed || !strings.Contains(zd.LastError, "connection refused") ||
		!zd.LastSuccessAt.IsZero() || sn.Status != connectors.StatusOK {
		t.Fatalf("states: %s", out.String())
	}
	// Each request was retried with an exponential, jittered backoff
	// (1 s, 2 s, 4 s... each in its upper half), on the clock.
	waits := clock.Slept()
	if len(waits) < 5 {
		t.Fatalf("waits %v: want the 5 retries of a request", waits)
	}
	for i, w := range waits[:5] {
		if full := time.Second << i; w < full/2 || w > full {
			t.Errorf("wait %d: %s, want within [%s, %s]", i+1, w, full/2, full)
		}
	}
	// The state keeps the failure for whoever asks.
	code, table, stderr := run(t, nil, "sync", "--status", "--config", d.conf, "--data", data)
	t.Logf("deskpilot sync --status:\n%s", table)
	if code != 0 || !regexp.MustCompile(`(?m)^zendesk\s.*failed`).MatchString(table) || !strings.Contains(table, "connection refused") {
		t.Errorf("sync --status: exit %d\n%s%s", code, table, stderr)
	}
	noSecrets(t, d.secrets, out.String(), errb.String(), table)
}

func TestServeReportsSyncsInItsMetrics(t *testing.T) {
	d := deskWithAConnectorDown(t)
	env := map[string]string{"DESKPILOT_CONFIG": d.conf, "DESKPILOT_SYNC_INTERVAL": "1h"}
	for k, v := range d.env {
		env[k] = v
	}
	srv := serveMain(t, &Main{Getenv: func(k string) string { return env[k] }, Clock: synctest.NewClock(time.Now())}, "--data", t.TempDir())
	var m string
	waitUntil(t, "the first scheduled sync to end", func() bool {
		m = scrapeMetrics(t, srv.URL)
		failed, _ := metricValue(m, `deskpilot_sync_status{source="zendesk",status="failed"}`)
		ok, _ := metricValue(m, `deskpilot_sync_status{source="itsm",status="ok"}`)
		return failed == 1 && ok == 1
	})
	if lag, ok := metricValue(m, `deskpilot_sync_lag_seconds{source="itsm"}`); !ok || lag < 0 || lag > 3600 {
		t.Errorf("itsm's lag: %v (present: %v)", lag, ok)
	}
	if _, ok := metricValue(m, `deskpilot_sync_lag_seconds{source="zendesk"}`); ok {
		t.Error("a source that never synced has a lag")
	}
	wantMetrics(t, m, map[string]float64{
		`deskpilot_sync_status{source="zendesk",status="ok"}`: 0,
		`deskpilot_copilot_jobs{status="queued"}`:             0,
		`deskpilot_simulation_active`:                         0,
		`deskpilot_index_catchup_failures`:                    0,
	})
	if v, ok := metricValue(m, `deskpilot_index_catchup_lag_seconds`); !ok || v < 0 {
		t.Errorf("index lag: %v %v", v, ok)
	}
}

func TestServeSearchesTheTextAloneWhileTheEmbedderIsDown(t *testing.T) {
	fake := openaitest.NewServer(t, openaitest.WithDimensions(16))
	env := map[string]string{
		"OPENAI_BASE_URL": fake.URL(), "DESKPILOT_LLM": "off",
		"DESKPILOT_EMBEDDING_MODEL": "text-embedding-3-small", "DESKPILOT_EMBEDDING_DIMENSIONS": "16",
		"DESKPILOT_LLM_BREAKER_FAILURES": "2", "DESKPILOT_LLM_BREAKER_COOLDOWN": "1m",
	}
	data := t.TempDir()
	p := writeFile(t, t.TempDir(), "a.jsonl", `{"id":"KB-1","title":"Reset your password","body":"Open the Passport portal and choose Forgot password."}`+"\n"+
		`{"id":"KB-2","title":"VPN","body":"Install NorthGate and choose the Paris gateway."}`)
	if code, _, stderr := run(t, env, "import", "articles", p, "--data", data); code != 0 {
		t.Fatal(stderr)
	}
	token, _ := deskWithAgent(t, []string{"--data", data}, "VPN drops")
	clock := synctest.NewClock(time.Now())
	srv := serveMain(t, &Main{Getenv: func(k string) string { return env[k] }, Clock: clock}, "--data", data)
	embeddings := func() int {
		n := 0
		for _, r := range fake.Requests() {
			if r.Path == "/v1/embeddings" {
				n++
			}
		}
		return n
	}
	search := func() {
		t.Helper()
		code, body := call(t, "GET", srv.URL+"/api/v1/search?q=password+portal", token, nil)
		if code != 200 || !strings.Contains(body, `"id":"KB-1"`) {
			t.Fatalf("search: %d %s", code, body)
		}
	}
	search()
	fake.FailNext(2*5, http.StatusTooManyRequests, "0") // two queries' attempts
	search()
	search()
	sent := embeddings()
	search() // the circuit is open: not even an attempt
	if n := embeddings() - sent; n != 0 {
		t.Fatalf("the open circuit let %d embedding requests through", n)
	}
	wantMetrics(t, scrapeMetrics(t, srv.URL), map[string]float64{
		`deskpilot_search_lexical_only_total`:                             3,
		`deskpilot_embedding_calls_total{use="query",outcome="error"}`:    3,
		`deskpilot_llm_circuit_state{endpoint="embeddings",state="open"}`: 1,
		`deskpilot_llm_circuit_opens_total{endpoint="embeddings"}`:        1,
	})
	clock.Advance(time.Minute)
	search()
	if embeddings() != sent+1 {
		t.Fatal("after the cool-down the query was not embedded again")
	}
	wantMetrics(t, scrapeMetrics(t, srv.URL), map[string]float64{
		`deskpilot_search_lexical_only_total`:                               3,
		`deskpilot_llm_circuit_state{endpoint="embeddings",state="closed"}`: 1,
	})
}
