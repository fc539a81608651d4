package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"deskpilot/connectors/copilot"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
	"deskpilot/web"
)

// fakeCopilot accepts deliveries signed "ok" for the zendesk connector
// "zd" with a body naming a ticket, and lists one failed job.
type fakeCopilot struct {
	mu       sync.Mutex
	received []string
	filter   copilot.JobFilter
}

func (f *fakeCopilot) Receive(ctx context.Context, family, connector string, h http.Header, body []byte) (*copilot.Receipt, error) {
	switch {
	case family != "zendesk" || connector != "zd":
		return nil, copilot.ErrUnknownConnector
	case h.Get("X-Sig") != "ok":
		return nil, fmt.Errorf("%w: signature does not match", copilot.ErrUnauthorized)
	case !strings.Contains(string(body), "ticket"):
		return nil, fmt.Errorf("%w: no ticket id", copilot.ErrBadPayload)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.received = append(f.received, string(body))
	if len(f.received) > 1 {
		return &copilot.Receipt{Duplicates: 1}, nil
	}
	return &copilot.Receipt{Queued: 1}, nil
}

func (f *fakeCopilot) Jobs(ctx context.Context, jf copilot.JobFilter) ([]*copilot.Job, error) {
	f.mu.Lock()
	f.filter = jf
	f.mu.Unlock()
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	return []*copilot.Job{{ID: 7, System: "zendesk", Connector: "zd", TicketID: "35436", Status: copilot.StatusFailed, Attempts: 5,
		LastError: "PUT /api/v2/tickets/35436.json: HTTP 403: Forbidden", NextAttemptAt: at, CreatedAt: at, UpdatedAt: at}}, nil
}

func (f *fakeCopilot) Counts(ctx context.Context) (map[copilot.Status]int, error) {
	return map[copilot.Status]int{copilot.StatusDone: 3, copilot.StatusFailed: 1}, nil
}

func copilotServer(t *testing.T, cop web.Copilot) (*httptest.Server, map[string]string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	tokens := map[string]string{}
	for _, u := range []tickets.User{{Email: "agent@example.com", Role: tickets.RoleAgent}, {Email: "admin@example.com", Role: tickets.RoleAdmin}} {
		must(t, db.CreateUser(ctx, &u))
		tok, hash, err := web.NewAPIToken()
		must(t, err)
		must(t, db.CreateAPIToken(ctx, &tickets.APIToken{UserID: u.ID, Name: "t", Hash: hash}))
		tokens[string(u.Role)] = tok
	}
	deps := web.Deps{Tickets: tickets.NewService(db, nil), Documents: db, Tokens: db}
	if cop != nil {
		deps.Copilot = cop
	}
	srv := httptest.NewServer(web.New(deps).Handler())
	t.Cleanup(srv.Close)
	return srv, tokens
}

func TestCopilotScenarios(t *testing.T) {
	cop := &fakeCopilot{}
	srv, tokens := copilotServer(t, cop)
	off, offTokens := copilotServer(t, nil)
	big := `{"ticket_id":"1","pad":"` + strings.Repeat("x", 1<<20) + `"}`
	cases := []struct {
		name       string
		srv        *httptest.Server
		who, sig   string
		method     string
		path, body string
		wantStatus int
		wantBody   string
	}{
		{"signed webhook queued", srv, "", "ok", "POST", "/webhooks/zendesk/zd", `{"ticket_id":"1"}`, 200, `"queued":1`},
		{"replay acknowledged, not queued", srv, "", "ok", "POST", "/webhooks/zendesk/zd", `{"ticket_id":"1"}`, 200, `"duplicates":1`},
		{"forged signature", srv, "", "forged", "POST", "/webhooks/zendesk/zd", `{"ticket_id":"1"}`, 401, "signature or secret"},
		{"no signature", srv, "", "", "POST", "/webhooks/zendesk/zd", `{"ticket_id":"1"}`, 401, ""},
		{"unknown connector", srv, "", "ok", "POST", "/webhooks/zendesk/nope", `{"ticket_id":"1"}`, 404, "no copilot connector"},
		{"wrong help desk", srv, "", "ok", "POST", "/webhooks/jira/zd", `{"ticket_id":"1"}`, 404, ""},
		{"unreadable payload", srv, "", "ok", "POST", "/webhooks/zendesk/zd", `{}`, 400, "no ticket id"},
		{"body too large", srv, "", "ok", "POST", "/webhooks/zendesk/zd", big, 413, ""},
		{"webhooks take POST only", srv, "", "ok", "GET", "/webhooks/zendesk/zd", "", 405, ""},
		{"api token not needed nor used", srv, "admin", "forged", "POST", "/webhooks/zendesk/zd", `{"ticket_id":"1"}`, 401, ""},
		{"admin reads the queue", srv, "admin", "", "GET", "/api/v1/copilot/jobs?status=failed&connector=zd&limit=10", "", 200, `"last_error":"PUT /api/v2/tickets/35436.json: HTTP 403: Forbidden"`},
		{"counts by status", srv, "admin", "", "GET", "/api/v1/copilot/jobs", "", 200, `"counts":{"done":3,"failed":1}`},
		{"agents may not", srv, "agent", "", "GET", "/api/v1/copilot/jobs", "", 403, ""},
		{"token required", srv, "", "", "GET", "/api/v1/copilot/jobs", "", 401, ""},
		{"bad status", srv, "admin", "", "GET", "/api/v1/copilot/jobs?status=bogus", "", 400, "status"},
		{"bad limit", srv, "admin", "", "GET", "/api/v1/copilot/jobs?limit=0", "", 400, "limit"},
		{"copilot off: no webhooks", off, "", "ok", "POST", "/webhooks/zendesk/zd", `{"ticket_id":"1"}`, 404, "copilot mode is off"},
		{"copilot off: no queue", off, "admin", "", "GET", "/api/v1/copilot/jobs", "", 503, "copilot mode is off"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, c.srv.URL+c.path, strings.NewReader(c.body))
			must(t, err)
			req.Header.Set("Content-Type", "application/json")
			if c.sig != "" {
				req.Header.Set("X-Sig", c.sig)
			}
			toks := tokens
			if c.srv == off {
				toks = offTokens
			}
			if c.who != "" {
				req.Header.Set("Authorization", "Bearer "+toks[c.who])
			}
			resp, err := http.DefaultClient.Do(req)
			must(t, err)
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != c.wantStatus || !strings.Contains(string(b), c.wantBody) {
				t.Errorf("%s %s: %d %.300s; want %d with %q", c.method, c.path, resp.StatusCode, b, c.wantStatus, c.wantBody)
			}
		})
	}
	if len(cop.received) != 2 {
		t.Errorf("%d deliveries reached the copilot, want the 2 signed ones", len(cop.received))
	}
	if f := cop.filter; f.Status != "" || f.Limit != 50 {
		t.Errorf("last filter %+v: want the defaults", f)
	}
}
