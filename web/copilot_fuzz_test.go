package web_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/connectors/copilot"
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/jira"
	"deskpilot/connectors/synctest"
	"deskpilot/connectors/zendesk"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
	"deskpilot/web"
)

// fuzzHooks are the copilot connectors of FuzzWebhookRoute, by name: one
// of each help desk's webhooks, with the secret "s3cret".
var fuzzHooks = []struct{ name, system string }{{"zd", "zendesk"}, {"fd", "freshdesk"}, {"fs", "freshservice"}, {"jr", "jira"}}

// FuzzWebhookRoute posts the fuzzer's deliveries to the webhook routes of
// a server in copilot mode, with the real webhooks behind them: a
// connector not in copilot mode is 404, a delivery signed with another
// secret is always 401, one signed with the secret is queued (200) or, if
// its body names no ticket, 400, and made-up headers get one of these,
// never a 5xx.
func FuzzWebhookRoute(f *testing.F) {
	f.Add(uint8(0), uint8(0), []byte(`{"type":"zen:event-type:ticket.created","id":"e1","detail":{"id":"35436"}}`), uint8(0), "")
	f.Add(uint8(1), uint8(1), []byte(`{"ticket_id":"#INC-42"}`), uint8(0), "")
	f.Add(uint8(1), uint8(2), []byte(`{"freshdesk_webhook":{"ticket_id":"SR-7"}}`), uint8(1), "")
	f.Add(uint8(2), uint8(3), []byte(`{"webhookEvent":"jira:issue_created","issue":{"id":"10001","key":"IT-1"}}`), uint8(2), "sha256=00")
	f.Add(uint8(0), uint8(3), []byte(`{"ticket_id":1}`), uint8(0), "")
	f.Add(uint8(2), uint8(4), []byte(`{}`), uint8(2), "s3cret")
	now := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	h, hooks := webhookServer(f, now)
	var n int
	f.Fuzz(func(t *testing.T, family, conn uint8, body []byte, mode uint8, raw string) {
		fam := []string{"zendesk", "freshdesk", "jira"}[int(family)%3]
		name := "nope"
		if int(conn)%5 < len(fuzzHooks) {
			name = fuzzHooks[int(conn)%5].name
		}
		hook, known := hooks[fam+"/"+name]
		req := httptest.NewRequest(http.MethodPost, "/webhooks/"+fam+"/"+name, strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		n++
		req.RemoteAddr = fmt.Sprintf("10.0.%d.%d:443", n/256%16, n%256) // rate limits count per address
		signed := map[uint8]string{0: "s3cret", 1: "other"}[mode%3]
		for k, v := range deliveryHeaders(fam, signed, raw, body, now) {
			req.Header[k] = v
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		status := rec.Code
		switch {
		case !known:
			if status != http.StatusNotFound {
				t.Fatalf("%s/%s is no copilot connector: %d", fam, name, status)
			}
		case mode%3 == 1:
			if status != http.StatusUnauthorized {
				t.Fatalf("signed with another secret: %d %s", status, rec.Body)
			}
		case mode%3 == 0:
			events, err := hook.Events(req.Header, body)
			want := http.StatusOK
			if err != nil {
				want = http.StatusBadRequest
			}
			if status != want {
				t.Fatalf("signed with the secret, events %+v (%v): %d %s", events, err, status, rec.Body)
			}
			var r copilot.Receipt
			if status == http.StatusOK && (json.Unmarshal(rec.Body.Bytes(), &r) != nil || r.Queued+r.Duplicates != len(events)) {
				t.Fatalf("%d events answered %s", len(events), rec.Body)
			}
		default:
			if status != http.StatusOK && status != http.StatusBadRequest && status != http.StatusUnauthorized {
				t.Fatalf("made-up headers: %d %s", status, rec.Body)
			}
		}
	})
}

// deliveryHeaders returns the headers of a delivery of family signed with
// secret, or carrying raw where the signature or secret goes when secret
// is "".
func deliveryHeaders(family, secret, raw string, body []byte, now time.Time) http.Header {
	h := http.Header{}
	switch {
	case secret == "":
		h.Set(zendesk.SignatureHeader, raw)
		h.Set(zendesk.TimestampHeader, now.Format(time.RFC3339))
		h.Set(freshdesk.SecretHeader, raw)
		h.Set("Authorization", "Basic "+raw)
		h.Set(jira.SignatureHeader, raw)
	case family == "zendesk":
		h = zendesk.Sign(secret, body, now)
	case family == "freshdesk":
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("x:"+secret)))
	case family == "jira":
		h = jira.Sign(secret, body)
	}
	h.Set(zendesk.InvocationHeader, "inv-1")
	h.Set(jira.IdentifierHeader, "d-1")
	return h
}

// webhookServer returns the handler of a server in copilot mode with the
// connectors of fuzzHooks, and their hooks by "family/name".
func webhookServer(tb testing.TB, now time.Time) (http.Handler, map[string]copilot.Hook) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "t.db"))
	must(tb, err)
	tb.Cleanup(func() { db.Close() })
	hooks := map[string]copilot.Hook{}
	var conns []copilot.Connector
	for _, c := range fuzzHooks {
		var hook copilot.Hook
		switch c.system {
		case "zendesk":
			hook = &zendesk.Webhook{Secret: "s3cret"}
		case "jira":
			hook = &jira.Webhook{Secret: "s3cret"}
		default:
			hook = &freshdesk.Webhook{Secret: "s3cret"}
		}
		hooks[copilot.Family(c.system)+"/"+c.name] = hook
		conns = append(conns, copilot.Connector{Name: c.name, System: c.system, Hook: hook, Desk: noDesk{}})
	}
	svc, err := copilot.New(copilot.Config{Store: &memJobs{seen: map[string]bool{}}, Assistant: noAnswers{}, Connectors: conns, Clock: synctest.NewClock(now)})
	must(tb, err)
	deps := web.Deps{Tickets: tickets.NewService(db, nil), Documents: db, Tokens: db, Copilot: svc}
	return web.New(deps).Handler(), hooks
}

// memJobs is a copilot queue in memory that only enqueues, once per
// connector and ticket.
type memJobs struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (m *memJobs) EnqueueCopilotJob(ctx context.Context, j *copilot.Job) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := j.Connector + "/" + j.TicketID
	if m.seen[k] {
		return false, nil
	}
	m.seen[k] = true
	return true, nil
}

func (m *memJobs) ClaimCopilotJobs(context.Context, string, []string, time.Time, time.Time, int) ([]*copilot.Job, error) {
	return nil, nil
}
func (m *memJobs) SaveCopilotJob(context.Context, string, *copilot.Job) error { return nil }
func (m *memJobs) ListCopilotJobs(context.Context, copilot.JobFilter) ([]*copilot.Job, error) {
	return nil, nil
}
func (m *memJobs) CountCopilotJobs(context.Context) (map[copilot.Status]int, error) { return nil, nil }

var errNoDesk = errors.New("no desk in this test")

type noDesk struct{}

func (noDesk) Ticket(context.Context, string) (*copilot.Ticket, error) { return nil, errNoDesk }
func (noDesk) HasNote(context.Context, string, string) (bool, error)   { return false, errNoDesk }
func (noDesk) WriteBack(context.Context, string, copilot.WriteBack) ([]string, error) {
	return nil, errNoDesk
}

type noAnswers struct{}

func (noAnswers) Answer(context.Context, assistant.Request) (*assistant.Answer, error) {
	return nil, errNoDesk
}
