package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deskpilot/retrieval"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
	"deskpilot/web"
)

// fixture is a desk with one user per role, an API token each, two
// requesters' tickets and a public and an internal article.
type fixture struct {
	srv                    *httptest.Server
	tokens                 map[string]string
	anaTicket, boTicket    int64
	publicDoc, internalDoc int64
	ready                  error
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{tokens: map[string]string{}}
	must(t, db.UpsertTeams(ctx, []tickets.Team{{Name: "Network"}}))
	must(t, db.EnsureCategories(ctx, []string{"Network/VPN"}))
	for _, u := range []tickets.User{
		{Email: "ana@example.com", Role: tickets.RoleRequester},
		{Email: "bo@example.com", Role: tickets.RoleRequester},
		{Email: "agent@example.com", Role: tickets.RoleAgent},
		{Email: "admin@example.com", Role: tickets.RoleAdmin},
	} {
		must(t, db.CreateUser(ctx, &u))
		tok, hash, err := web.NewAPIToken()
		must(t, err)
		must(t, db.CreateAPIToken(ctx, &tickets.APIToken{UserID: u.ID, Name: "t", Hash: hash}))
		f.tokens[strings.Split(u.Email, "@")[0]] = tok
	}
	svc := tickets.NewService(db, nil)
	for _, who := range []string{"ana", "bo"} {
		tk, err := svc.Create(ctx, tickets.NewTicket{Subject: who + "'s VPN", Body: "drops", Requester: who + "@example.com"})
		must(t, err)
		_, err = svc.Reply(ctx, tk.ID, tickets.Message{Author: tickets.AuthorAgent, Body: "internal: check logs", Public: false})
		must(t, err)
		if who == "ana" {
			f.anaTicket = tk.ID
		} else {
			f.boTicket = tk.ID
		}
	}
	docs := []*retrieval.Document{
		{Source: "t", ExternalID: "pub", Title: "Reset", Body: "b", Format: "text", Visibility: retrieval.Public, CreatedAt: time.Now()},
		{Source: "t", ExternalID: "int", Title: "Runbook", Body: "b", Format: "text", Visibility: retrieval.Internal, CreatedAt: time.Now()},
	}
	_, err = db.UpsertDocuments(ctx, docs)
	must(t, err)
	f.publicDoc, f.internalDoc = docs[0].ID, docs[1].ID
	s := web.New(web.Deps{Tickets: svc, Documents: db, Tokens: db, Ready: func(context.Context) error { return f.ready }})
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func (f *fixture) do(t *testing.T, who, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	must(t, err)
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[who])
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAPIScenarios(t *testing.T) {
	f := newFixture(t)
	ana, bo := fmt.Sprint(f.anaTicket), fmt.Sprint(f.boTicket)
	cases := []struct {
		name, who, method, path, body string
		wantStatus                    int
		wantBody, notBody             string
	}{
		{"health needs no token", "", "GET", "/healthz", "", 200, `"ok"`, ""},
		{"api needs a token", "", "GET", "/api/v1/tickets", "", 401, "authentication required", ""},
		{"wrong token", "nobody", "GET", "/api/v1/tickets", "", 401, "", ""},
		{"requester lists only own", "ana", "GET", "/api/v1/tickets", "", 200, "ana's VPN", "bo's VPN"},
		{"requester cannot widen the filter", "ana", "GET", "/api/v1/tickets?requester=bo@example.com", "", 200, "ana's VPN", "bo's VPN"},
		{"agent lists all", "agent", "GET", "/api/v1/tickets", "", 200, "bo's VPN", ""},
		{"requester reads own without internal notes", "ana", "GET", "/api/v1/tickets/" + ana, "", 200, "drops", "internal: check logs"},
		{"requester guessing another id gets 404", "ana", "GET", "/api/v1/tickets/" + bo, "", 404, "", "bo's VPN"},
		{"agent sees internal notes and SLA", "agent", "GET", "/api/v1/tickets/" + bo, "", 200, "first_response_due", ""},
		{"bad id", "agent", "GET", "/api/v1/tickets/abc", "", 404, "", ""},
		{"requester cannot reply to another's ticket", "ana", "POST", "/api/v1/tickets/" + bo + "/messages", `{"body":"hi"}`, 404, "", ""},
		{"requester cannot triage", "ana", "PATCH", "/api/v1/tickets/" + ana, `{"priority":"urgent"}`, 403, "", ""},
		{"agent triages", "agent", "PATCH", "/api/v1/tickets/" + ana, `{"priority":"high","category":"Network/VPN","team":"Network"}`, 200, `"priority":"high"`, ""},
		{"invented category refused", "agent", "PATCH", "/api/v1/tickets/" + ana, `{"category":"Made/Up"}`, 422, "not in the taxonomy", ""},
		{"lifecycle enforced", "agent", "PATCH", "/api/v1/tickets/" + bo, `{"status":"bogus"}`, 422, "cannot go from", ""},
		{"refused status writes nothing", "agent", "PATCH", "/api/v1/tickets/" + bo, `{"status":"bogus","priority":"urgent"}`, 422, "", ""},
		{"nothing was written", "agent", "GET", "/api/v1/tickets/" + bo, "", 200, `"priority":"normal"`, ""},
		{"malformed JSON", "agent", "POST", "/api/v1/tickets", `{"subject":`, 400, "JSON", ""},
		{"empty ticket refused", "ana", "POST", "/api/v1/tickets", `{}`, 422, "subject or a body", ""},
		{"requester files for themself", "ana", "POST", "/api/v1/tickets", `{"subject":"Printer","body":"jam","requester":"bo@example.com","priority":"urgent"}`, 201, `"requester":"ana@example.com"`, "urgent"},
		{"requester sees public articles", "ana", "GET", "/api/v1/articles", "", 200, "Reset", "Runbook"},
		{"requester cannot ask for internal", "ana", "GET", "/api/v1/articles?visibility=internal", "", 403, "", ""},
		{"internal article hidden from requester", "ana", "GET", fmt.Sprint("/api/v1/articles/", f.internalDoc), "", 404, "", "Runbook"},
		{"agent reads internal article", "agent", "GET", fmt.Sprint("/api/v1/articles/", f.internalDoc), "", 200, "Runbook", ""},
		{"teams for agents only", "ana", "GET", "/api/v1/teams", "", 403, "", ""},
		{"admin lists categories", "admin", "GET", "/api/v1/categories", "", 200, "Network/VPN", ""},
		{"unknown route", "agent", "GET", "/api/v1/nope", "", 404, "no such route", ""},
		{"wrong method", "agent", "DELETE", "/api/v1/tickets", "", 405, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := f.do(t, c.who, c.method, c.path, c.body)
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

func TestReplyLifecycleThroughAPI(t *testing.T) {
	f := newFixture(t)
	id := fmt.Sprint(f.anaTicket)
	if st, body := f.do(t, "agent", "POST", "/api/v1/tickets/"+id+"/messages", `{"body":"Fixed, please retry"}`); st != 201 || !strings.Contains(body, `"author":"agent"`) {
		t.Fatalf("agent reply: %d %s", st, body)
	}
	if st, _ := f.do(t, "agent", "PATCH", "/api/v1/tickets/"+id, `{"status":"solved"}`); st != 200 {
		t.Fatalf("solve: %d", st)
	}
	if st, _ := f.do(t, "ana", "POST", "/api/v1/tickets/"+id+"/messages", `{"body":"It is back","public":false}`); st != 201 {
		t.Fatalf("requester reply: %d", st)
	}
	_, body := f.do(t, "ana", "GET", "/api/v1/tickets/"+id, "")
	var got struct {
		Status      string
		ReopenCount int `json:"reopen_count"`
		Messages    []struct{ Body string }
	}
	must(t, json.Unmarshal([]byte(body), &got))
	if got.Status != "open" || got.ReopenCount != 1 {
		t.Fatalf("after requester reply to solved ticket: %s", body)
	}
	if last := got.Messages[len(got.Messages)-1].Body; last != "It is back" {
		t.Fatalf("a requester's message is always public: last visible %q", last)
	}
}

func TestReadyz(t *testing.T) {
	f := newFixture(t)
	if st, _ := f.do(t, "", "GET", "/readyz", ""); st != 200 {
		t.Fatalf("ready: %d", st)
	}
	f.ready = errors.New("store down")
	if st, body := f.do(t, "", "GET", "/readyz", ""); st != 503 || strings.Contains(body, "store down") {
		t.Fatalf("not ready: %d %s (the cause is logged, not shown)", st, body)
	}
}

func TestPagingCursor(t *testing.T) {
	f := newFixture(t)
	_, body := f.do(t, "agent", "GET", "/api/v1/tickets?limit=1", "")
	var page struct {
		Tickets []struct{ ID int64 }
		Next    string
	}
	must(t, json.Unmarshal([]byte(body), &page))
	if len(page.Tickets) != 1 || page.Next == "" {
		t.Fatalf("first page: %s", body)
	}
	_, body = f.do(t, "agent", "GET", "/api/v1/tickets?limit=1&after="+page.Next, "")
	var second struct{ Tickets []struct{ ID int64 } }
	must(t, json.Unmarshal([]byte(body), &second))
	if len(second.Tickets) != 1 || second.Tickets[0].ID == page.Tickets[0].ID {
		t.Fatalf("second page: %s", body)
	}
	if st, _ := f.do(t, "agent", "GET", "/api/v1/tickets?limit=-3", ""); st != 400 {
		t.Fatalf("negative limit: %d", st)
	}
}

// recordingSearch answers every search with one hit and keeps the queries.
type recordingSearch struct{ queries []retrieval.Query }

func (r *recordingSearch) SearchDocuments(_ context.Context, q retrieval.Query) ([]retrieval.DocumentHit, error) {
	r.queries = append(r.queries, q)
	h := retrieval.DocumentHit{Hit: retrieval.Hit{Chunk: retrieval.Chunk{Kind: retrieval.KindArticle, ExternalID: "KB-1",
		Heading: []string{"<script>alert(1)</script>"}, Text: "t"}, Score: 1, LexicalRank: 1}}
	return []retrieval.DocumentHit{h}, nil
}

func TestSearchScopesRequesters(t *testing.T) {
	f := newFixture(t)
	rec := &recordingSearch{}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	u := &tickets.User{Email: "req@example.com", Role: tickets.RoleRequester}
	a := &tickets.User{Email: "agt@example.com", Role: tickets.RoleAgent}
	must(t, db.CreateUser(ctx, u))
	must(t, db.CreateUser(ctx, a))
	tokens := map[string]string{}
	for name, usr := range map[string]*tickets.User{"req": u, "agt": a} {
		tok, hash, err := web.NewAPIToken()
		must(t, err)
		must(t, db.CreateAPIToken(ctx, &tickets.APIToken{UserID: usr.ID, Name: "t", Hash: hash}))
		tokens[name] = tok
	}
	srv := httptest.NewServer(web.New(web.Deps{Tickets: tickets.NewService(db, nil), Documents: db, Tokens: db, Search: rec}).Handler())
	t.Cleanup(srv.Close)
	get := func(who, path string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tokens[who])
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	status, body := get("req", "/api/v1/search?q=vpn&kind=ticket")
	if status != 200 || !strings.Contains(body, `"id":"KB-1"`) || strings.Contains(body, "<script>") {
		t.Fatalf("requester search: %d %s (JSON must escape markup)", status, body)
	}
	q := rec.queries[0]
	if fmt.Sprint(q.Filter.Kinds) != "[article]" || fmt.Sprint(q.Filter.Visibility) != "[public]" {
		t.Fatalf("a requester's search must be public articles only, even asking for tickets: %+v", q.Filter)
	}
	if status, _ = get("agt", "/api/v1/search?q=vpn&k=5"); status != 200 || len(rec.queries[1].Filter.Visibility) != 0 || rec.queries[1].K != 5 {
		t.Fatalf("agent search: %d %+v", status, rec.queries[1])
	}
	for _, bad := range []string{"/api/v1/search", "/api/v1/search?q=x&k=500", "/api/v1/search?q=x&kind=blog"} {
		if status, _ := get("agt", bad); status != 400 {
			t.Errorf("%s: %d, want 400", bad, status)
		}
	}
	if status, _ := f.do(t, "agent", "GET", "/api/v1/search?q=vpn", ""); status != 503 {
		t.Errorf("without a searcher: %d, want 503", status)
	}
}

func TestRequesterWithoutEmailSeesNoTickets(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "e.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	svc := tickets.NewService(db, nil)
	_, err = svc.Create(ctx, tickets.NewTicket{Subject: "someone's VPN", Body: "x", Requester: "ana@example.com"})
	must(t, err)
	u := &tickets.User{Email: "", Role: tickets.RoleRequester}
	must(t, db.CreateUser(ctx, u))
	tok, hash, err := web.NewAPIToken()
	must(t, err)
	must(t, db.CreateAPIToken(ctx, &tickets.APIToken{UserID: u.ID, Name: "t", Hash: hash}))
	srv := httptest.NewServer(web.New(web.Deps{Tickets: svc, Documents: db, Tokens: db}).Handler())
	t.Cleanup(srv.Close)
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/tickets", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || strings.Contains(string(b), "someone's VPN") {
		t.Fatalf("a requester with no e-mail listed: %d %s", resp.StatusCode, b)
	}
}
