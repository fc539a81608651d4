package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
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

// chatAssistant answers by keyword, as the real one decides, and streams
// the way it does: deltas only for answers that will be automatic, a reset
// when streamed text is withdrawn.
type chatAssistant struct {
	publicDoc int64
	mu        sync.Mutex
	asked     []assistant.Request
}

func (a *chatAssistant) Answer(ctx context.Context, req assistant.Request) (*assistant.Answer, error) {
	return a.answer(req, nil)
}

func (a *chatAssistant) Stream(ctx context.Context, req assistant.Request, emit func(assistant.StreamEvent) error) (*assistant.Answer, error) {
	return a.answer(req, emit)
}

func (a *chatAssistant) answer(req assistant.Request, emit func(assistant.StreamEvent) error) (*assistant.Answer, error) {
	a.mu.Lock()
	a.asked = append(a.asked, req)
	a.mu.Unlock()
	say := func(evs ...assistant.StreamEvent) error {
		for _, ev := range evs {
			if emit == nil {
				continue
			}
			if err := emit(ev); err != nil {
				return err
			}
		}
		return nil
	}
	guess := func(v string) triage.Guess { return triage.Guess{Value: v, Confidence: 0.9} }
	ans := &assistant.Answer{Language: "en", Citations: []assistant.Citation{}, Confidence: 0.3,
		Triage: assistant.Triage{Category: guess("Network/VPN"), Team: guess("Network"), Priority: guess("high")}}
	q := strings.ToLower(req.Text)
	switch {
	case strings.Contains(q, "human"):
		ans.Decision, ans.Reason, ans.Message = assistant.DecisionHandoff, assistant.ReasonAskedForHuman, "Of course: an agent will see this conversation."
		ans.Triage.Category, ans.Triage.Team = guess("Made/Up"), triage.Guess{Value: "Network", Abstain: true}
	case strings.Contains(q, "weather"):
		ans.Decision, ans.Reason, ans.Message = assistant.DecisionHandoff, assistant.ReasonOutOfScope, "I can only help with IT."
	case strings.Contains(q, "printer"):
		ans.Decision, ans.Draft = assistant.DecisionSuggest, "An unreviewed draft [1]."
	case strings.Contains(q, "broken"):
		return nil, fmt.Errorf("index unavailable")
	default: // an automatic answer, streamed
		evs := []assistant.StreamEvent{{Text: "Reset it "}, {Text: "at passport.example [1]."}}
		if strings.Contains(q, "flaky") { // the LLM failed mid-stream
			evs = []assistant.StreamEvent{{Text: "Half an ans"}, {Reset: true}, {Text: "Reset it at passport.example [1]."}}
		}
		if err := say(evs...); err != nil {
			return nil, err
		}
		ans.Decision, ans.Draft, ans.Confidence = assistant.DecisionAuto, "Reset it at passport.example [1].", 0.9
		ans.Citations = []assistant.Citation{
			{Marker: 1, ID: "KB-1", Kind: retrieval.KindArticle, Title: "Reset <b>your</b> password", URL: "javascript:alert(1)", Public: true},
			{Marker: 2, ID: "RB-9", Kind: retrieval.KindArticle, Title: "Runbook", Public: false},
		}
		ans.Passages = []assistant.Passage{{Marker: 1, DocumentID: a.publicDoc}, {Marker: 2, DocumentID: a.publicDoc + 1}}
	}
	return ans, nil
}

// chatDesk is a desk with the chat on: two requesters and an agent, each
// with a token and a browser session, a taxonomy and two articles.
type chatDesk struct {
	srv      *httptest.Server
	db       *sqlite.DB
	asst     *chatAssistant
	tokens   map[string]string
	sessions map[string][2]string // cookie value and CSRF token
	users    map[string]*tickets.User
	internal int64
}

func newChatDesk(t *testing.T, tweak func(*web.Deps)) *chatDesk {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "chat.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.UpsertTeams(ctx, []tickets.Team{{Name: "Network"}}))
	must(t, db.EnsureCategories(ctx, []string{"Network/VPN"}))
	d := &chatDesk{db: db, tokens: map[string]string{}, sessions: map[string][2]string{}, users: map[string]*tickets.User{}}
	for _, u := range []*tickets.User{
		{Email: "ana@example.com", Name: "Ana Lopez", Role: tickets.RoleRequester},
		{Email: "bo@example.com", Name: "Bo", Role: tickets.RoleRequester},
		{Email: "agent@example.com", Role: tickets.RoleAgent},
	} {
		must(t, db.CreateUser(ctx, u))
		name := strings.Split(u.Email, "@")[0]
		tok, hash, err := web.NewAPIToken()
		must(t, err)
		must(t, db.CreateAPIToken(ctx, &tickets.APIToken{UserID: u.ID, Name: "t", Hash: hash}))
		secret := "secret-of-" + name
		must(t, db.CreateSession(ctx, &tickets.Session{ID: web.HashToken(secret), UserID: u.ID, CSRF: "csrf-" + name, ExpiresAt: time.Now().Add(time.Hour)}))
		d.tokens[name], d.sessions[name], d.users[name] = tok, [2]string{secret, "csrf-" + name}, u
	}
	docs := []*retrieval.Document{
		{Source: "kb", ExternalID: "KB-1", Title: "Reset your password <script>alert(1)</script>", Body: "# Reset your password\n\nOpen the portal.\n\n- Step one\n- Step two",
			Format: retrieval.FormatMarkdown, URL: "https://help.example/kb/1", Visibility: retrieval.Public, CreatedAt: time.Now()},
		{Source: "kb", ExternalID: "RB-9", Title: "Runbook", Body: "secret steps", Format: retrieval.FormatText, Visibility: retrieval.Internal, CreatedAt: time.Now()},
	}
	_, err = db.UpsertDocuments(ctx, docs)
	must(t, err)
	d.internal = docs[1].ID
	d.asst = &chatAssistant{publicDoc: docs[0].ID}
	deps := web.Deps{Tickets: tickets.NewService(db, nil), Documents: db, Tokens: db, Sessions: db,
		Assistant: d.asst, Conversations: db, ChatLimits: web.ChatLimits{PerUser: 1000, PerIP: 1000}}
	if tweak != nil {
		tweak(&deps)
	}
	d.srv = httptest.NewServer(web.New(deps).Handler())
	t.Cleanup(d.srv.Close)
	return d
}

// call makes a request as who: "ana" with her token, "ana/session" with
// her session and CSRF token, "ana/nocsrf" with her session only, "" as
// nobody.
func (d *chatDesk) call(t *testing.T, who, method, path, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, d.srv.URL+path, strings.NewReader(body))
	must(t, err)
	name, how, _ := strings.Cut(who, "/")
	switch how {
	case "":
		if name != "" {
			req.Header.Set("Authorization", "Bearer "+d.tokens[name])
		}
	case "session", "nocsrf":
		req.AddCookie(&http.Cookie{Name: "dp_session", Value: d.sessions[name][0]})
		if how == "session" {
			req.Header.Set("X-CSRF-Token", d.sessions[name][1])
		}
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := noRedirects.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// noRedirects shows the redirects the pages answer with.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// sseEvent is one event of a text/event-stream.
type sseEvent struct {
	Name string
	Data map[string]any
}

func parseEvents(t *testing.T, body string) []sseEvent {
	t.Helper()
	var out []sseEvent
	for _, block := range strings.Split(strings.TrimSpace(body), "\n\n") {
		var ev sseEvent
		for _, line := range strings.Split(block, "\n") {
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				ev.Name = v
			}
			if v, ok := strings.CutPrefix(line, "data: "); ok {
				if err := json.Unmarshal([]byte(v), &ev.Data); err != nil {
					t.Fatalf("event %s: data %q: %v", ev.Name, v, err)
				}
			}
		}
		out = append(out, ev)
	}
	return out
}

func eventNames(evs []sseEvent) string {
	var names []string
	for _, e := range evs {
		names = append(names, e.Name)
	}
	return strings.Join(names, ",")
}

// mustConversation starts a conversation of who and returns its id.
func (d *chatDesk) mustConversation(t *testing.T, who, message string) int64 {
	t.Helper()
	resp, body := d.call(t, who, "POST", "/api/v1/chat", fmt.Sprintf(`{"message":%q}`, message))
	if resp.StatusCode != 200 {
		t.Fatalf("chat: %d %s", resp.StatusCode, body)
	}
	return int64(parseEvents(t, body)[0].Data["conversation_id"].(float64))
}
