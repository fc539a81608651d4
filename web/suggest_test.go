package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
	"deskpilot/retrieval"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
	"deskpilot/web"
)

// fakeAssistant answers every question with the same suggestion and keeps
// the requests.
type fakeAssistant struct {
	mu   sync.Mutex
	reqs []assistant.Request
}

const fakeDraft = "Please update the VPN client to 5.2 [1]."

func (f *fakeAssistant) Answer(_ context.Context, req assistant.Request) (*assistant.Answer, error) {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	f.mu.Unlock()
	return &assistant.Answer{
		Decision: assistant.DecisionSuggest, Confidence: 0.72, Draft: fakeDraft + "\n", Language: "en",
		Explanation: "a KB article covers it",
		Citations: []assistant.Citation{{Marker: 1, ID: "KB-7", Kind: retrieval.KindArticle, Title: "VPN <client>",
			URL: "javascript:alert(1)", Source: "kb", Public: true}},
		Passages: []assistant.Passage{
			{Marker: 1, Kind: retrieval.KindArticle, DocumentID: 5, ID: "KB-7", Title: "VPN <client>", Text: "Update to 5.2."},
			{Marker: 2, Kind: retrieval.KindTicket, DocumentID: 77, ID: "T-77", Title: "VPN drops at home", Text: "Solved by 5.2."},
		},
		Triage: assistant.Triage{
			Category: triage.Guess{Value: "Network/VPN", Confidence: 0.81},
			Team:     triage.Guess{Value: "Network", Confidence: 0.77},
			Priority: triage.Guess{Value: "high", Confidence: 0.4, Abstain: true},
		},
	}, nil
}

func (f *fakeAssistant) Stream(ctx context.Context, req assistant.Request, _ func(assistant.StreamEvent) error) (*assistant.Answer, error) {
	return f.Answer(ctx, req)
}

func (f *fakeAssistant) last() assistant.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reqs[len(f.reqs)-1]
}

// agentDesk is a desk with the AI panel on: users per role (the agent's
// home team is Network), API tokens, and a ticket of each requester.
type agentDesk struct {
	fixture
	db    *sqlite.DB
	svc   *tickets.Service
	asst  *fakeAssistant
	users map[string]*tickets.User
	// cookies are the browser sessions signedIn made, by user.
	cookies map[string]*http.Cookie
}

func newAgentDesk(t *testing.T, now func() time.Time) *agentDesk {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	d := &agentDesk{db: db, svc: tickets.NewService(db, now), asst: &fakeAssistant{}, users: map[string]*tickets.User{},
		cookies: map[string]*http.Cookie{}}
	d.tokens = map[string]string{}
	must(t, db.UpsertTeams(ctx, []tickets.Team{{Name: "Network"}, {Name: "Workplace"}}))
	must(t, db.EnsureCategories(ctx, []string{"Network/VPN", "Hardware/Printer"}))
	for _, u := range []*tickets.User{
		{Email: "ana@example.com", Name: "Ana", Role: tickets.RoleRequester},
		{Email: "bo@example.com", Name: "Bo", Role: tickets.RoleRequester},
		{Email: "agent@example.com", Name: "Alex Agent", Role: tickets.RoleAgent, Team: "Network"},
		{Email: "admin@example.com", Name: "Ada Admin", Role: tickets.RoleAdmin},
	} {
		must(t, db.CreateUser(ctx, u))
		tok, hash, err := web.NewAPIToken()
		must(t, err)
		must(t, db.CreateAPIToken(ctx, &tickets.APIToken{UserID: u.ID, Name: "t", Hash: hash}))
		name := strings.Split(u.Email, "@")[0]
		d.tokens[name], d.users[name] = tok, u
	}
	for _, who := range []string{"ana", "bo"} {
		tk, err := d.svc.Create(ctx, tickets.NewTicket{Subject: who + "'s VPN drops", Body: "every hour since Monday",
			Requester: who + "@example.com", Team: "Network"})
		must(t, err)
		_, err = d.svc.Reply(ctx, tk.ID, tickets.Message{Author: tickets.AuthorAgent, Body: "internal: check the concentrator", Public: false})
		must(t, err)
		if who == "ana" {
			d.anaTicket = tk.ID
		} else {
			d.boTicket = tk.ID
		}
	}
	srv := web.New(web.Deps{Tickets: d.svc, Documents: db, Tokens: db, Sessions: db, Assistant: d.asst, Outcomes: db})
	d.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(d.srv.Close)
	return d
}

// suggest fetches a suggestion for ticket id as the agent.
func (d *agentDesk) suggest(t *testing.T, id int64) map[string]any {
	t.Helper()
	st, body := d.do(t, "agent", "GET", fmt.Sprintf("/api/v1/tickets/%d/suggestion", id), "")
	if st != http.StatusOK {
		t.Fatalf("suggestion: %d %s", st, body)
	}
	var s map[string]any
	must(t, json.Unmarshal([]byte(body), &s))
	return s
}

func jsonBody(v map[string]any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

type scenario struct {
	name, who, method, path, body string
	wantStatus                    int
	wantBody, notBody             string
}

func (d *agentDesk) run(t *testing.T, cases []scenario) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := d.do(t, c.who, c.method, c.path, c.body)
			if status != c.wantStatus {
				t.Fatalf("status %d, want %d; body %s", status, c.wantStatus, body)
			}
			if c.wantBody != "" && !strings.Contains(body, c.wantBody) {
				t.Errorf("body %s, want it to contain %q", body, c.wantBody)
			}
			if c.notBody != "" && strings.Contains(body, c.notBody) {
				t.Errorf("body %s must not contain %q", body, c.notBody)
			}
		})
	}
}

func TestSuggestionScenarios(t *testing.T) {
	d := newAgentDesk(t, nil)
	ana := fmt.Sprintf("/api/v1/tickets/%d/suggestion", d.anaTicket)
	d.run(t, []scenario{
		{"needs a token", "", "GET", ana, "", 401, "", ""},
		{"requester refused, even on their own ticket", "ana", "GET", ana, "", 403, "", fakeDraft},
		{"agent gets the draft, trimmed", "agent", "GET", ana, "", 200, `"draft":"Please update the VPN client to 5.2 [1]."`, ""},
		{"admin too", "admin", "GET", ana, "", 200, `"suggestion_id":"`, ""},
		{"fields beside the ticket's values", "agent", "GET", ana, "", 200, `"category":{"value":"Network/VPN","confidence":0.81,"abstain":false,"current":""}`, ""},
		{"an abstained guess says so", "agent", "GET", ana, "", 200, `"priority":{"value":"high","confidence":0.4,"abstain":true,"current":"normal"}`, ""},
		{"a javascript: source is never a link", "agent", "GET", ana, "", 200, `"href":"/api/v1/articles/5"`, "javascript:"},
		{"similar solved tickets open in the inbox", "agent", "GET", ana, "", 200, `"href":"/agent/tickets/77"`, ""},
		{"markup stays data", "agent", "GET", ana, "", 200, `VPN \u003cclient\u003e`, "<client>"},
		{"missing ticket", "agent", "GET", "/api/v1/tickets/999999/suggestion", "", 404, "", ""},
		{"bad id", "agent", "GET", "/api/v1/tickets/x/suggestion", "", 404, "", ""},
	})
	req := d.asst.last()
	if req.Audience != assistant.Agent || req.Text != "ana's VPN drops\n\nevery hour since Monday" || req.Name != "Ana" {
		t.Errorf("the assistant was asked %+v, want the agent audience, the subject and first message, and Ana's name", req)
	}
	if len(req.Exclude) != 1 || req.Exclude[0] != (retrieval.DocRef{Kind: retrieval.KindTicket, ID: d.anaTicket}) {
		t.Errorf("the ticket's own resolution must be excluded: %+v", req.Exclude)
	}
}

func TestSuggestionWithoutAssistantOrOutcomes(t *testing.T) {
	f := newFixture(t) // its server has neither
	for _, path := range []string{fmt.Sprintf("/api/v1/tickets/%d/suggestion", f.anaTicket), "/api/v1/outcomes"} {
		if st, body := f.do(t, "agent", "GET", path, ""); st != http.StatusServiceUnavailable {
			t.Errorf("%s: %d %s, want 503", path, st, body)
		}
	}
	st, _ := f.do(t, "agent", "POST", fmt.Sprintf("/api/v1/tickets/%d/suggestion/outcome", f.anaTicket), `{}`)
	if st != http.StatusServiceUnavailable {
		t.Errorf("outcome without a store: %d, want 503", st)
	}
}
