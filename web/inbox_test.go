package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"deskpilot/tickets"
	"deskpilot/web"
)

// signedIn gives who a browser session and returns its cookie.
func (d *agentDesk) signedIn(t *testing.T, who string) *http.Cookie {
	t.Helper()
	if ck, ok := d.cookies[who]; ok {
		return ck
	}
	secret := "session-of-" + who
	must(t, d.db.CreateSession(context.Background(), &tickets.Session{ID: web.HashToken(secret), UserID: d.users[who].ID,
		CSRF: "csrf-" + who, ExpiresAt: time.Now().Add(time.Hour)}))
	d.cookies[who] = &http.Cookie{Name: "dp_session", Value: secret}
	return d.cookies[who]
}

// page GETs path with the session cookie, not following redirects.
func (d *agentDesk) page(t *testing.T, ck *http.Cookie, path string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest("GET", d.srv.URL+path, nil)
	must(t, err)
	if ck != nil {
		req.AddCookie(ck)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

var rowID = regexp.MustCompile(`<tr data-ticket="(\d+)"`)

// rows lists the ticket ids of an inbox page in order.
func rows(body string) []string {
	var ids []string
	for _, m := range rowID.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// queueDesk adds tickets whose SLA clocks stand at known places: one
// breached, one at risk (and assigned to the agent), one pending, one
// solved, and an urgent one in another team.
func queueDesk(t *testing.T) (d *agentDesk, ids map[string]string) {
	t.Helper()
	var clock time.Time
	d = newAgentDesk(t, func() time.Time {
		if clock.IsZero() {
			return time.Now()
		}
		return clock
	})
	ctx := context.Background()
	ids = map[string]string{"ana": fmt.Sprint(d.anaTicket), "bo": fmt.Sprint(d.boTicket)}
	create := func(name string, ago time.Duration, in tickets.NewTicket) *tickets.Ticket {
		clock = time.Now().Add(-ago)
		in.Requester = "carla@example.com"
		tk, err := d.svc.Create(ctx, in)
		must(t, err)
		ids[name] = fmt.Sprint(tk.ID)
		return tk
	}
	create("breached", 9*time.Hour, tickets.NewTicket{Subject: "Cannot reach the intranet", Body: "x", Team: "Network"})
	risky := create("risk", 7*time.Hour, tickets.NewTicket{Subject: "Wi-Fi slow on floor 3", Body: "x", Team: "Network"})
	create("printer", 0, tickets.NewTicket{Subject: "Printer on fire", Body: "x", Team: "Workplace", Priority: tickets.PriorityUrgent})
	pending := create("pending", 3*time.Hour, tickets.NewTicket{Subject: "New VPN token", Body: "x", Team: "Network"})
	solved := create("solved", 48*time.Hour, tickets.NewTicket{Subject: "Old DNS issue", Body: "x", Team: "Network"})
	clock = time.Time{}
	me := d.users["agent"].ID
	_, err := d.svc.Update(ctx, risky.ID, tickets.Fields{AssigneeID: &me})
	must(t, err)
	for _, tk := range []*tickets.Ticket{pending, solved} {
		_, err := d.svc.Reply(ctx, tk.ID, tickets.Message{Author: tickets.AuthorAgent, Body: "Done?", Public: true})
		must(t, err)
	}
	_, err = d.svc.SetStatus(ctx, pending.ID, tickets.StatusPending)
	must(t, err)
	_, err = d.svc.SetStatus(ctx, solved.ID, tickets.StatusSolved)
	must(t, err)
	return d, ids
}

func TestInboxQueues(t *testing.T) {
	d, id := queueDesk(t)
	agent := d.signedIn(t, "agent")
	cases := []struct {
		name, path string
		want       []string
	}{
		{"home team by SLA urgency", "/agent", []string{id["breached"], id["risk"], id["ana"], id["bo"], id["pending"]}},
		{"all teams", "/agent?team=", []string{id["breached"], id["printer"], id["risk"], id["ana"], id["bo"], id["pending"]}},
		{"another team", "/agent?team=Workplace", []string{id["printer"]}},
		{"assigned to me", "/agent?assigned=me", []string{id["risk"]}},
		{"unassigned", "/agent?assigned=none", []string{id["breached"], id["ana"], id["bo"], id["pending"]}},
		{"priority", "/agent?team=&priority=urgent", []string{id["printer"]}},
		{"status", "/agent?status=pending", []string{id["pending"]}},
		{"any status: resolved last", "/agent?status=all", []string{id["breached"], id["risk"], id["ana"], id["bo"], id["pending"], id["solved"]}},
		{"category", "/agent?team=&category=Hardware", nil},
		{"search text", "/agent?team=&q=PRINTER", []string{id["printer"]}},
		{"search a number", "/agent?team=&q=%23" + id["bo"], []string{id["bo"]}},
		{"search a requester", "/agent?q=ana@example", []string{id["ana"]}},
		{"unknown filter values are ignored", "/agent?priority=bogus&assigned=bogus", []string{id["breached"], id["risk"], id["ana"], id["bo"], id["pending"]}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, body, _ := d.page(t, agent, c.path)
			if st != http.StatusOK {
				t.Fatalf("status %d: %s", st, body)
			}
			if got := rows(body); !slices.Equal(got, c.want) {
				t.Errorf("rows %v, want %v", got, c.want)
			}
		})
	}
}

func TestInboxShowsSLARisk(t *testing.T) {
	d, id := queueDesk(t)
	_, body, h := d.page(t, d.signedIn(t, "agent"), "/agent")
	for _, want := range []string{
		`<tr data-ticket="` + id["breached"] + `" class="sla-breached">`,
		`<tr data-ticket="` + id["risk"] + `" class="sla-risk">`,
		`<tr data-ticket="` + id["ana"] + `">`,
		`class="sla first-response breached"`, "1h 0m overdue", "59m left",
		`class="sla resolution paused"`,
		`class="queue active" data-team="Network" aria-current="page">Network <span class="muted">(my team)</span>`,
		`<td class="assignee">me</td>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the inbox lacks %q", want)
		}
	}
	if first := strings.Index(body, `data-team="Network"`); first < 0 || first > strings.Index(body, `data-team="Workplace"`) {
		t.Error("the agent's home team must be the first queue")
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("CSP: %q", h.Get("Content-Security-Policy"))
	}
	_, fr, _ := d.page(t, d.signedIn(t, "admin"), "/agent?team=&lang=fr")
	for _, want := range []string{"Boîte de réception", "en retard de 1 h 0 min", "Toutes les équipes", "En attente"} {
		if !strings.Contains(fr, want) {
			t.Errorf("the French inbox lacks %q", want)
		}
	}
}

func TestInboxPages(t *testing.T) {
	d := newAgentDesk(t, nil)
	for i := range 53 {
		_, err := d.svc.Create(context.Background(), tickets.NewTicket{Subject: fmt.Sprint("Ticket ", i), Body: "x", Team: "Workplace"})
		must(t, err)
	}
	agent := d.signedIn(t, "agent")
	_, p1, _ := d.page(t, agent, "/agent?team=Workplace")
	_, p2, _ := d.page(t, agent, "/agent?team=Workplace&page=2")
	_, p9, _ := d.page(t, agent, "/agent?team=Workplace&page=9")
	if len(rows(p1)) != 50 || len(rows(p2)) != 3 || !slices.Equal(rows(p9), rows(p2)) {
		t.Fatalf("pages of 53 tickets: %d, %d, past the end %d", len(rows(p1)), len(rows(p2)), len(rows(p9)))
	}
	if !strings.Contains(p1, `href="/agent?page=2&amp;team=Workplace" rel="next"`) || strings.Contains(p1, `rel="prev"`) {
		t.Error("page 1 must link to page 2 and only to it")
	}
	if slices.ContainsFunc(rows(p2), func(id string) bool { return slices.Contains(rows(p1), id) }) {
		t.Error("a ticket is on both pages")
	}
}

func TestAgentPagesRefuse(t *testing.T) {
	d := newAgentDesk(t, nil)
	ana := fmt.Sprint("/agent/tickets/", d.anaTicket)
	cases := []struct {
		name, who, path string
		wantStatus      int
		wantLocation    string
	}{
		{"no session goes to sign in", "", "/agent", 303, "/login?next=%2Fagent"},
		{"no session, ticket", "", ana, 303, "/login?next=%2Fagent%2Ftickets%2F"},
		{"requester refused the inbox", "ana", "/agent", 403, ""},
		{"requester refused even their own ticket here", "ana", ana, 403, ""},
		{"missing ticket", "agent", "/agent/tickets/999999", 404, ""},
		{"bad id", "agent", "/agent/tickets/abc", 404, ""},
		{"agent", "agent", ana, 200, ""},
		{"admin", "admin", "/agent", 200, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ck *http.Cookie
			if c.who != "" {
				ck = d.signedIn(t, c.who)
			}
			st, body, h := d.page(t, ck, c.path)
			if st != c.wantStatus || !strings.HasPrefix(h.Get("Location"), c.wantLocation) {
				t.Fatalf("status %d, location %q; want %d, %q", st, h.Get("Location"), c.wantStatus, c.wantLocation)
			}
			if st != 200 && strings.Contains(body, "internal: check the concentrator") {
				t.Error("a refused page shows the ticket")
			}
		})
	}
}

func TestAgentTicketPage(t *testing.T) {
	d := newAgentDesk(t, nil)
	const payload = `<script>alert("x")</script>`
	tk, err := d.svc.Create(context.Background(), tickets.NewTicket{Subject: payload, Body: "body " + payload, Requester: "ana@example.com"})
	must(t, err)
	_, err = d.svc.Reply(context.Background(), tk.ID, tickets.Message{Author: tickets.AuthorAgent, Body: "note <b>x</b>", Public: false})
	must(t, err)
	st, body, _ := d.page(t, d.signedIn(t, "agent"), fmt.Sprint("/agent/tickets/", tk.ID))
	if st != 200 {
		t.Fatalf("status %d", st)
	}
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`,
		`<li class="msg internal author-agent"`, `<span class="tag internal">Internal note</span>`, "note &lt;b&gt;x&lt;/b&gt;",
		`<li class="msg public author-requester"`,
		`id="ai-panel" data-state="loading" data-outcomes="true"`,
		`<option value="outdated">Outdated</option>`,
		`<script src="/static/agent.js" defer></script>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the ticket page lacks %q", want)
		}
	}
	if strings.Contains(body, payload) || strings.Contains(body, "<b>x</b>") {
		t.Error("markup from the ticket reached the page unescaped")
	}
}
