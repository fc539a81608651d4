package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
	"deskpilot/connectors/synctest"
	"deskpilot/web"
)

// cannedAssistant drafts the same grounded reply for every ticket, sure
// of its category and team.
type cannedAssistant struct{}

func (cannedAssistant) Answer(ctx context.Context, req assistant.Request) (*assistant.Answer, error) {
	return &assistant.Answer{Decision: assistant.DecisionSuggest, Confidence: 0.8, Draft: "Reset your VPN token from the app [1].",
		Citations: []assistant.Citation{{Marker: 1, ID: "kb-1", Kind: "article", Title: "Reset your VPN token", URL: "https://kb.example.com/vpn"}},
		Triage: assistant.Triage{Category: triage.Guess{Value: "Network/VPN", Confidence: 0.9}, Team: triage.Guess{Value: "Network", Confidence: 0.8},
			Priority: triage.Guess{Value: "high", Confidence: 0.2, Abstain: true}}}, nil
}

// copilotRig is a help desk in copilot mode as serve wires it: the
// entry of deskpilot.yaml, the store in a data folder, the web server.
type copilotRig struct {
	*helpDesk
	dir   string
	svc   *copilot.Service
	clock *synctest.Clock
	srv   *httptest.Server
}

func newCopilotRig(t *testing.T, h *helpDesk) *copilotRig {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.DataDir, cfg.ConfigFile = dir, writeFile(t, dir, "deskpilot.yaml", h.yaml)
	st, err := openStore(ctx, &cfg, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	file, err := loadConfigFile(&cfg, func(k string) string { return h.env[k] })
	if err != nil {
		t.Fatal(err)
	}
	r := &copilotRig{helpDesk: h, dir: dir, clock: synctest.NewClock(time.Now().UTC().Truncate(time.Second))}
	conns, err := copilotConnectors(file, sourceEnv{client: connectors.ClientOptions{Clock: r.clock, Retries: 1}})
	if err != nil || len(conns) != 1 {
		t.Fatalf("copilot connectors %v, %v", conns, err)
	}
	r.svc, err = copilot.New(copilot.Config{Store: st, Assistant: cannedAssistant{}, Connectors: conns, Clock: r.clock,
		MaxAttempts: 3, MinBackoff: time.Minute, Owner: "test"})
	if err != nil {
		t.Fatal(err)
	}
	r.srv = httptest.NewServer(web.New(web.Deps{Copilot: r.svc, Tokens: st}).Handler())
	t.Cleanup(r.srv.Close)
	return r
}

// post delivers the webhook of ticket signed with secret, now.
func (r *copilotRig) post(t *testing.T, ticket, secret string) (int, string) {
	t.Helper()
	h, body := r.deliver(ticket, secret, r.clock.Now())
	req, err := http.NewRequest(http.MethodPost, r.srv.URL+"/webhooks/"+r.family+"/"+r.connectorName(), strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (r *copilotRig) process(t *testing.T) int {
	t.Helper()
	n, err := r.svc.ProcessDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCopilotPerHelpDesk(t *testing.T) {
	for _, tc := range []struct {
		name string
		desk func(*testing.T) *helpDesk
	}{{"zendesk", zendeskDesk}, {"freshdesk", freshdeskDesk}, {"jira", jiraDesk}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newCopilotRig(t, tc.desk(t))
			first, flaky, broken := r.tickets[0], r.tickets[1], r.tickets[2]

			// A webhook in: the note and the fields written back.
			if code, body := r.post(t, first, hookSecret); code != 200 || !strings.Contains(body, `"queued":1`) {
				t.Fatalf("webhook: %d %s", code, body)
			}
			if n := r.process(t); n != 1 || r.notes(first) != 1 {
				t.Fatalf("processed %d, %d notes on the ticket", n, r.notes(first))
			}
			r.fieldsSet(t, first)
			writes := r.writes()

			// The same delivery again: acknowledged, nothing written.
			if code, body := r.post(t, first, hookSecret); code != 200 || !strings.Contains(body, `"duplicates":1`) {
				t.Fatalf("replay: %d %s", code, body)
			}
			if n := r.process(t); n != 0 || r.writes() != writes || r.notes(first) != 1 {
				t.Errorf("after the replay: %d jobs worked, %d writes (was %d), %d notes", n, r.writes(), writes, r.notes(first))
			}

			// A forged delivery: refused, nothing queued.
			if code, _ := r.post(t, flaky, "not-the-secret"); code != 401 {
				t.Errorf("forged webhook: %d, want 401", code)
			}
			if n := r.process(t); n != 0 || r.writes() != writes {
				t.Errorf("the forged webhook queued work: %d jobs, %d writes", n, r.writes())
			}

			// A write-back that fails once is retried, then succeeds.
			r.failWrites(flaky, 1)
			if code, _ := r.post(t, flaky, hookSecret); code != 200 {
				t.Fatalf("webhook of the flaky ticket: %d", code)
			}
			r.process(t)
			if r.notes(flaky) != 0 {
				t.Fatal("a failed write left a note")
			}
			r.clock.Advance(time.Minute)
			r.process(t)
			if r.notes(flaky) != 1 {
				t.Errorf("after the retry, %d notes on the flaky ticket, want 1", r.notes(flaky))
			}

			// One that keeps failing is given up, and shows in the status.
			r.failWrites(broken, 10)
			if code, _ := r.post(t, broken, hookSecret); code != 200 {
				t.Fatalf("webhook of the broken ticket: %d", code)
			}
			for range 4 {
				r.process(t)
				r.clock.Advance(time.Hour)
			}
			code, out, stderr := run(t, nil, "copilot", "--status", "--json", "--data", r.dir)
			var rep copilot.Report
			if code != 0 || json.Unmarshal([]byte(out), &rep) != nil {
				t.Fatalf("copilot --status: %d %s %s", code, out, stderr)
			}
			if rep.Counts[copilot.StatusDone] != 2 || rep.Counts[copilot.StatusFailed] != 1 || len(rep.Failures) != 1 {
				t.Fatalf("status %+v", rep)
			}
			if f := rep.Failures[0]; f.TicketID != broken || f.Attempts != 3 || !strings.Contains(f.LastError, "500") {
				t.Errorf("failure %+v", f)
			}
			if r.notes(broken) != 0 {
				t.Error("the broken ticket got a note")
			}
			code, out, _ = run(t, nil, "copilot", "--status", "--data", r.dir)
			if code != 0 || !strings.Contains(out, "failed") || !strings.Contains(out, "latest failures:") || !strings.Contains(out, broken) {
				t.Errorf("copilot --status:\n%s", out)
			}
		})
	}
}

func TestCopilotConfigNeedsTheSecret(t *testing.T) {
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.ConfigFile = writeFile(t, dir, "deskpilot.yaml", "connectors:\n  - type: zendesk\n    name: zd\n    subdomain: acme\n    email: a@example.com\n    api_token: t\n    copilot: true\n")
	file, err := loadConfigFile(&cfg, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	_, err = copilotConnectors(file, sourceEnv{})
	if err == nil || !strings.Contains(err.Error(), "DESKPILOT_ZD_WEBHOOK_SECRET") || !strings.Contains(err.Error(), filepath.Base(cfg.ConfigFile)) {
		t.Errorf("copilot without a secret: %v", err)
	}
	code, out, _ := run(t, nil, "config", "--config", cfg.ConfigFile)
	if code != 0 || !strings.Contains(out, "webhook_secret") || !strings.Contains(out, "DESKPILOT_ZD_WEBHOOK_SECRET") {
		t.Errorf("config:\n%s", out)
	}
	code, out, _ = run(t, map[string]string{"DESKPILOT_ZD_WEBHOOK_SECRET": "s3cr3t-value"}, "config", "--config", cfg.ConfigFile)
	if code != 0 || strings.Contains(out, "s3cr3t-value") {
		t.Errorf("config shows the secret:\n%s", out)
	}
}
