package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/connectors"
	"deskpilot/simulation"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
	"deskpilot/web"
)

// adminDesk is a desk with one user per role (each with an API token and
// a browser session), a small taxonomy, a suggestion outcome, a
// conversation, a synced source and a finished simulation.
type adminDesk struct {
	srv      *httptest.Server
	db       *sqlite.DB
	sims     *fakeSimulations
	tokens   map[string]string // by role
	cookies  map[string]string // session secrets, by role
	csrf     map[string]string
	users    map[string]*tickets.User
	reportOK string // the done simulation's id
}

func newAdminDesk(t *testing.T) *adminDesk {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	d := &adminDesk{db: db, tokens: map[string]string{}, cookies: map[string]string{}, csrf: map[string]string{}, users: map[string]*tickets.User{}}
	must(t, db.UpsertTeams(ctx, []tickets.Team{{Name: "Network"}}))
	must(t, db.EnsureCategories(ctx, []string{"Network/VPN", "Accounts/Password"}))
	for _, role := range []tickets.Role{tickets.RoleRequester, tickets.RoleAgent, tickets.RoleAdmin} {
		u := &tickets.User{Email: string(role) + "@example.com", Name: string(role), Role: role}
		must(t, db.CreateUser(ctx, u))
		tok, hash, err := web.NewAPIToken()
		must(t, err)
		must(t, db.CreateAPIToken(ctx, &tickets.APIToken{UserID: u.ID, Name: "t", Hash: hash}))
		secret := fmt.Sprintf("session-of-%s-%d", role, time.Now().UnixNano())
		must(t, db.CreateSession(ctx, &tickets.Session{ID: web.HashToken(secret), UserID: u.ID, CSRF: "csrf-" + string(role), ExpiresAt: time.Now().Add(time.Hour)}))
		d.tokens[string(role)], d.cookies[string(role)], d.csrf[string(role)], d.users[string(role)] = tok, secret, "csrf-"+string(role), u
	}
	svc := tickets.NewService(db, nil)
	tk, err := svc.Create(ctx, tickets.NewTicket{Subject: "VPN drops", Body: "every hour", Requester: "requester@example.com"})
	must(t, err)
	must(t, db.RecordOutcome(ctx, &tickets.SuggestionOutcome{TicketID: tk.ID, AgentID: d.users["agent"].ID, Action: tickets.OutcomeEdited,
		Draft: "restart", Sent: "restart the client", EditDistance: 11, SuggestedAt: time.Now()}))
	must(t, db.CreateConversation(ctx, &tickets.Conversation{UserID: d.users["requester"].ID, Turns: []tickets.Turn{
		{Role: "user", Text: "vpn?", CreatedAt: time.Now()}, {Role: "assistant", Text: "restart it", Decision: "auto", CreatedAt: time.Now()}}}))
	st, err := db.ClaimSync(ctx, "zendesk", "me", time.Now(), time.Now().Add(time.Minute))
	must(t, err)
	st.Status, st.LastError, st.Counts.Added = connectors.StatusFailed, "HTTP 401 <b>bad token</b>", 7
	must(t, db.ReleaseSync(ctx, st))
	d.sims = newFakeSimulations()
	d.reportOK = d.sims.done
	s := web.New(web.Deps{Tickets: svc, Documents: db, Tokens: db, Sessions: db, Conversations: db, Outcomes: db,
		Admin: web.AdminDeps{Policy: db, Sources: db, Simulations: d.sims}})
	d.srv = httptest.NewServer(s.Handler())
	t.Cleanup(d.srv.Close)
	return d
}

// api calls the API with role's token.
func (d *adminDesk) api(t *testing.T, role, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, d.srv.URL+path, strings.NewReader(body))
	must(t, err)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+d.tokens[role])
	}
	req.Header.Set("Content-Type", "application/json")
	return d.send(t, req)
}

// page calls a page with role's session; form, when not nil, is posted
// with csrf as its token.
func (d *adminDesk) page(t *testing.T, role, method, path string, form url.Values) (int, string, http.Header) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, d.srv.URL+path, body)
	must(t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if role != "" {
		req.AddCookie(&http.Cookie{Name: "dp_session", Value: d.cookies[role]})
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func (d *adminDesk) send(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// fakeSimulations keeps runs in memory; one is done, with a report.
type fakeSimulations struct {
	mu    sync.Mutex
	runs  []*web.SimulationRun
	done  string
	files map[string][]byte // the done run's report files, by name
}

func newFakeSimulations() *fakeSimulations {
	rep := &simulation.Report{Tickets: 10, Automated: 4, Resolved: 3, AutomationRate: 0.3, AutomatedPrecision: 0.75,
		Recommendation: simulation.Recommendation{Policy: assistant.Policy{Default: assistant.Rule{Mode: assistant.ModeAuto, Threshold: 0.7},
			Categories: map[string]assistant.Rule{"Network/VPN": {Mode: assistant.ModeSuggest, Threshold: 0.9}, "Gone/Old": {Mode: assistant.ModeOff}}}}}
	fin := time.Now()
	f := &fakeSimulations{done: "20260101-000000-abcdef", files: map[string][]byte{
		"report.html": []byte("<!doctype html><style>b{}</style><h1>What the assistant would have done</h1>"),
		"tickets.csv": []byte("id,decision\n1,auto\n"),
	}}
	f.runs = append(f.runs, &web.SimulationRun{ID: f.done, Status: web.SimDone, Done: 10, Total: 10, Finished: &fin, Report: rep},
		&web.SimulationRun{ID: "20251201-000000-abcdef", Status: web.SimInterrupted, Done: 3, Total: 10})
	return f
}

func (f *fakeSimulations) Start(_ context.Context, o web.SimulationOptions) (*web.SimulationRun, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.runs {
		if r.Active() {
			return nil, tickets.ErrConflict
		}
	}
	r := &web.SimulationRun{ID: fmt.Sprintf("20260301-000000-%06d", len(f.runs)), SimulationOptions: o, Status: web.SimQueued}
	f.runs = append([]*web.SimulationRun{r}, f.runs...)
	return r, nil
}

func (f *fakeSimulations) Resume(ctx context.Context, id string) (*web.SimulationRun, error) {
	r, err := f.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !r.Resumable() {
		return nil, &tickets.ValidationError{Problems: []tickets.FieldProblem{{Field: "simulation", Message: "not resumable"}}}
	}
	r.Status = web.SimQueued
	return r, nil
}

func (f *fakeSimulations) List(context.Context) ([]*web.SimulationRun, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*web.SimulationRun(nil), f.runs...), nil
}

func (f *fakeSimulations) Get(_ context.Context, id string) (*web.SimulationRun, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range f.runs {
		if r.ID == id {
			return r, nil
		}
	}
	return nil, tickets.ErrNotFound
}

func (f *fakeSimulations) ReportFile(_ context.Context, id, name string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b, ok := f.files[name]; ok && id == f.done {
		return b, nil
	}
	return nil, tickets.ErrNotFound
}

func TestAdminAPIScenarios(t *testing.T) {
	d := newAdminDesk(t)
	self := fmt.Sprint(d.users["admin"].ID)
	agent := fmt.Sprint(d.users["agent"].ID)
	cases := []struct {
		name, who, method, path, body string
		wantStatus                    int
		wantBody, notBody             string
	}{
		{"no token", "", "GET", "/api/v1/kpis", "", 401, "", ""},
		{"agent: no KPIs", "agent", "GET", "/api/v1/kpis", "", 403, "not allowed", ""},
		{"requester: no policy", "requester", "GET", "/api/v1/policy", "", 403, "", ""},
		{"agent: no policy change", "agent", "PUT", "/api/v1/policy", `{"default":{"mode":"auto","threshold":0}}`, 403, "", ""},
		{"agent: no simulations", "agent", "GET", "/api/v1/simulations", "", 403, "", ""},
		{"agent: cannot start one", "agent", "POST", "/api/v1/simulations", `{}`, 403, "", ""},
		{"agent: no sources", "agent", "GET", "/api/v1/sources", "", 403, "", ""},
		{"agent: no users", "agent", "GET", "/api/v1/users", "", 403, "", ""},
		{"agent: cannot make an admin", "agent", "POST", "/api/v1/users", `{"email":"x@example.com","role":"admin"}`, 403, "", ""},
		{"agent: cannot promote self", "agent", "PATCH", "/api/v1/users/" + agent, `{"role":"admin"}`, 403, "", ""},
		{"agent: no new team", "agent", "POST", "/api/v1/teams", `{"name":"X"}`, 403, "", ""},
		{"agent: no new category", "agent", "POST", "/api/v1/categories", `{"path":"X"}`, 403, "", ""},

		{"KPIs count the edited suggestion", "admin", "GET", "/api/v1/kpis", "", 200, `"suggestions_total":1,"suggestions_accepted":0,"suggestions_edited":1`, ""},
		{"KPIs: automation over all requests", "admin", "GET", "/api/v1/kpis", "", 200, `"requests":2,"self_service_resolved":1,"self_service_resolution_rate":1,"automation_rate":0.5`, ""},
		{"KPIs: the latest simulation to compare", "admin", "GET", "/api/v1/kpis", "", 200, `"simulation":{"id":"20260101-000000-abcdef"`, ""},
		{"KPIs: an unescaped offset", "admin", "GET", "/api/v1/kpis?from=2026-01-01T00:00:00+01:00&to=2026-01-02", "", 200, `"from":"2025-12-31T23:00:00Z"`, ""},
		{"KPIs: a bad date", "admin", "GET", "/api/v1/kpis?from=yesterday", "", 400, "from:", ""},
		{"KPIs: an inverted window", "admin", "GET", "/api/v1/kpis?from=2026-02-01&to=2026-01-01", "", 400, "before", ""},
		{"KPIs: too long", "admin", "GET", "/api/v1/kpis?from=2010-01-01&to=2026-01-01", "", 400, "three years", ""},
		{"KPIs: an empty window is undefined, not zero", "admin", "GET", "/api/v1/kpis?from=2001-01-01&to=2001-02-01", "", 200, `"automation_rate":null`, ""},

		{"policy: the default", "admin", "GET", "/api/v1/policy", "", 200, `"mode":"suggest"`, ""},
		{"policy: unknown category", "admin", "PUT", "/api/v1/policy", `{"default":{"mode":"suggest","threshold":0.8},"categories":{"Nope":{"mode":"auto","threshold":0.9}}}`, 422, "not a category", ""},
		{"policy: bad mode", "admin", "PUT", "/api/v1/policy", `{"default":{"mode":"always","threshold":0.8}}`, 422, "want off, suggest or auto", ""},
		{"policy: bad threshold", "admin", "PUT", "/api/v1/policy", `{"default":{"mode":"auto","threshold":1.5}}`, 422, "threshold", ""},
		{"policy: no default", "admin", "PUT", "/api/v1/policy", `{"categories":{}}`, 422, "default", ""},
		{"policy: a typo", "admin", "PUT", "/api/v1/policy", `{"default":{"mode":"auto"},"categorys":{}}`, 400, "unknown field", ""},
		{"policy: replaced", "admin", "PUT", "/api/v1/policy", `{"default":{"mode":"suggest","threshold":0.8},"categories":{"Network/VPN":{"mode":"auto","threshold":0.9}}}`, 200, `"Network/VPN":{"mode":"auto","threshold":0.9}`, ""},

		{"simulations: listed without reports", "admin", "GET", "/api/v1/simulations", "", 200, `"status":"done"`, `"report"`},
		{"simulations: one with its report", "admin", "GET", "/api/v1/simulations/20260101-000000-abcdef", "", 200, `"automation_rate":0.3`, ""},
		{"simulations: unknown", "admin", "GET", "/api/v1/simulations/nope", "", 404, "", ""},
		{"simulations: bad target", "admin", "POST", "/api/v1/simulations", `{"target_precision":2}`, 422, "target_precision", ""},
		{"simulations: bad minutes", "admin", "POST", "/api/v1/simulations", `{"minutes_per_ticket":-1}`, 422, "minutes_per_ticket", ""},
		{"simulations: not resumable", "admin", "POST", "/api/v1/simulations/20260101-000000-abcdef/resume", "", 422, "", ""},
		{"simulations: started with defaults", "admin", "POST", "/api/v1/simulations", `{}`, 202, `"target_precision":0.9,"minutes_per_ticket":8,"started_by":"admin@example.com"`, ""},
		{"simulations: one at a time", "admin", "POST", "/api/v1/simulations", `{}`, 409, "", ""},
		{"simulations: apply skips unknown categories", "admin", "POST", "/api/v1/simulations/20260101-000000-abcdef/apply", "", 200, `"applied":1,"skipped":1`, "Gone/Old"},

		{"sources: status and last error", "admin", "GET", "/api/v1/sources", "", 200, `"source":"zendesk","status":"failed"`, ""},
		{"users: listed without hashes", "admin", "GET", "/api/v1/users", "", 200, "agent@example.com", "password"},
		{"users: by role", "admin", "GET", "/api/v1/users?role=admin", "", 200, "admin@example.com", "agent@example.com"},
		{"users: bad role filter", "admin", "GET", "/api/v1/users?role=root", "", 400, "", ""},
		{"users: email required", "admin", "POST", "/api/v1/users", `{"role":"agent"}`, 422, "email", ""},
		{"users: bad email", "admin", "POST", "/api/v1/users", `{"email":"nobody","role":"agent"}`, 422, "email", ""},
		{"users: bad role", "admin", "POST", "/api/v1/users", `{"email":"a@example.com","role":"root"}`, 422, "role", ""},
		{"users: short password", "admin", "POST", "/api/v1/users", `{"email":"a@example.com","role":"agent","password":"short"}`, 422, "password", ""},
		{"users: unknown team", "admin", "POST", "/api/v1/users", `{"email":"a@example.com","role":"agent","team":"Nope"}`, 422, "team", ""},
		{"users: bad language", "admin", "POST", "/api/v1/users", `{"email":"a@example.com","role":"agent","language":"<en>"}`, 422, "language", ""},
		{"users: taken", "admin", "POST", "/api/v1/users", `{"email":"Agent@Example.com","role":"agent"}`, 409, "", ""},
		{"users: created", "admin", "POST", "/api/v1/users", `{"email":"New@Example.com","name":"Nia","role":"agent","team":"Network","language":"fr","password":"a long enough one"}`, 201, `"email":"new@example.com"`, "argon2"},
		{"users: not your own role", "admin", "PATCH", "/api/v1/users/" + self, `{"role":"agent"}`, 422, "your own role", ""},
		{"users: e-mail is fixed", "admin", "PATCH", "/api/v1/users/" + agent, `{"email":"b@example.com"}`, 422, "email", ""},
		{"users: unknown id", "admin", "PATCH", "/api/v1/users/99999", `{"role":"agent"}`, 404, "", ""},
		{"users: team changed", "admin", "PATCH", "/api/v1/users/" + agent, `{"team":"Network"}`, 200, `"team":"Network"`, ""},

		{"teams: name required", "admin", "POST", "/api/v1/teams", `{"name":"  "}`, 422, "name", ""},
		{"teams: added", "admin", "POST", "/api/v1/teams", `{"name":"Security","description":"threats"}`, 201, `"name":"Security"`, ""},
		{"categories: path required", "admin", "POST", "/api/v1/categories", `{"path":" / "}`, 422, "path", ""},
		{"categories: cleaned and added", "admin", "POST", "/api/v1/categories", `{"path":" Security / Phishing /"}`, 201, `"path":"Security/Phishing"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body := d.api(t, tc.who, tc.method, tc.path, tc.body)
			if code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", code, tc.wantStatus, body)
			}
			if tc.wantBody != "" && !strings.Contains(body, tc.wantBody) {
				t.Errorf("body %.600s\nwant it to contain %s", body, tc.wantBody)
			}
			if tc.notBody != "" && strings.Contains(body, tc.notBody) {
				t.Errorf("body %.600s\nmust not contain %s", body, tc.notBody)
			}
		})
	}
	p, err := d.db.Policy(context.Background())
	must(t, err)
	if p.Default.Mode != assistant.ModeAuto || p.Categories["Network/VPN"].Mode != assistant.ModeSuggest {
		t.Errorf("after apply the live policy is %+v, want the recommendation", p)
	}
	if _, ok := p.Categories["Gone/Old"]; ok {
		t.Error("a category outside the taxonomy was applied")
	}
}
