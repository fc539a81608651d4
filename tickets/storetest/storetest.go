// Package storetest is the contract every tickets.Store must meet. Each
// adapter's tests call Run with a constructor that returns a fresh, empty
// store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"deskpilot/tickets"
)

// Run runs the contract suite. newStore must return an empty store that
// lives until the test ends.
func Run(t *testing.T, newStore func(t *testing.T) tickets.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s tickets.Store)
	}{
		{"CreateAndGet", testCreateAndGet},
		{"GetMissing", testGetMissing},
		{"UpdateAndMessages", testUpdateAndMessages},
		{"ListFilters", testListFilters},
		{"ListPaging", testListPaging},
		{"UpsertIdempotent", testUpsertIdempotent},
		{"UpsertReplacesMessages", testUpsertReplacesMessages},
		{"UpsertBatchIsAtomic", testUpsertBatchIsAtomic},
		{"Delete", testDelete},
		{"Users", testUsers},
		{"TeamsAndCategories", testTeamsAndCategories},
		{"SLAPolicies", testSLAPolicies},
		{"Service", testService},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore(t)) })
	}
}

var t0 = time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)

// MustTicket returns an imported-style ticket with two messages.
func MustTicket(tb testing.TB, ext string, created time.Time) *tickets.Ticket {
	tb.Helper()
	tk := &tickets.Ticket{
		Source: "test", ExternalID: ext, Subject: "VPN drops " + ext, Status: tickets.StatusSolved,
		Priority: tickets.PriorityHigh, Category: "Network/VPN", Team: "Network", Requester: "ana@example.com",
		Channel: "email", Language: "en", Tags: []string{"vpn", "remote"},
		CreatedAt: created, UpdatedAt: created.Add(time.Hour),
		Messages: []tickets.Message{
			{Author: tickets.AuthorRequester, Body: "My VPN drops every hour — é ü 日本", Public: true, CreatedAt: created},
			{Author: tickets.AuthorAgent, Body: "Internal: check the concentrator", Public: false, CreatedAt: created.Add(10 * time.Minute)},
			{Author: tickets.AuthorAgent, Body: "Please update the client to 5.2.", Public: true, CreatedAt: created.Add(20 * time.Minute)},
		},
	}
	r := created.Add(2 * time.Hour)
	tk.ResolvedAt = &r
	tk.ContentHash = tk.Hash()
	return tk
}

func ctx() context.Context { return context.Background() }

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func testCreateAndGet(t *testing.T, s tickets.Store) {
	in := MustTicket(t, "1", t0)
	must(t, s.CreateTicket(ctx(), in))
	if in.ID == 0 {
		t.Fatal("CreateTicket did not set the ID")
	}
	for i, m := range in.Messages {
		if m.ID == 0 || m.TicketID != in.ID {
			t.Fatalf("message %d: id %d ticket %d, want ids set", i, m.ID, m.TicketID)
		}
	}
	got, err := s.GetTicket(ctx(), in.ID)
	must(t, err)
	assertTicket(t, got, in)
	byExt, err := s.GetTicketByExternalID(ctx(), "test", "1")
	must(t, err)
	if byExt.ID != in.ID {
		t.Fatalf("by external id: got %d, want %d", byExt.ID, in.ID)
	}
}

func assertTicket(t *testing.T, got, want *tickets.Ticket) {
	t.Helper()
	checks := []struct {
		field     string
		got, want any
	}{
		{"subject", got.Subject, want.Subject},
		{"status", got.Status, want.Status},
		{"priority", got.Priority, want.Priority},
		{"category", got.Category, want.Category},
		{"team", got.Team, want.Team},
		{"requester", got.Requester, want.Requester},
		{"channel", got.Channel, want.Channel},
		{"language", got.Language, want.Language},
		{"tags", fmt.Sprint(got.Tags), fmt.Sprint(want.Tags)},
		{"created", got.CreatedAt.UTC(), want.CreatedAt.UTC()},
		{"resolved", fmt.Sprint(got.ResolvedAt != nil), fmt.Sprint(want.ResolvedAt != nil)},
		{"hash", got.ContentHash, want.ContentHash},
		{"messages", len(got.Messages), len(want.Messages)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.field, c.got, c.want)
		}
	}
	if got.ResolvedAt != nil && want.ResolvedAt != nil && !got.ResolvedAt.Equal(*want.ResolvedAt) {
		t.Errorf("resolved_at: got %v, want %v", got.ResolvedAt, want.ResolvedAt)
	}
	for i := range min(len(got.Messages), len(want.Messages)) {
		g, w := got.Messages[i], want.Messages[i]
		if g.Body != w.Body || g.Public != w.Public || g.Author != w.Author || !g.CreatedAt.Equal(w.CreatedAt) {
			t.Errorf("message %d: got %+v, want %+v", i, g, w)
		}
	}
}

func testGetMissing(t *testing.T, s tickets.Store) {
	if _, err := s.GetTicket(ctx(), 424242); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("GetTicket missing: got %v, want ErrNotFound", err)
	}
	if _, err := s.GetTicketByExternalID(ctx(), "test", "nope"); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("GetTicketByExternalID missing: got %v, want ErrNotFound", err)
	}
	if err := s.UpdateTicket(ctx(), &tickets.Ticket{ID: 424242, Status: tickets.StatusOpen}); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("UpdateTicket missing: got %v, want ErrNotFound", err)
	}
	if err := s.AddMessage(ctx(), &tickets.Message{TicketID: 424242, Author: tickets.AuthorAgent, Body: "x", CreatedAt: t0}); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("AddMessage to missing ticket: got %v, want ErrNotFound", err)
	}
	if _, err := s.GetUser(ctx(), 424242); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("GetUser missing: got %v, want ErrNotFound", err)
	}
}

func testUpdateAndMessages(t *testing.T, s tickets.Store) {
	tk := MustTicket(t, "u1", t0)
	tk.Status = tickets.StatusNew
	tk.ResolvedAt = nil
	must(t, s.CreateTicket(ctx(), tk))
	agent := &tickets.User{Email: "bob@example.com", Name: "Bob", Role: tickets.RoleAgent}
	must(t, s.CreateUser(ctx(), agent))
	fr := t0.Add(5 * time.Minute)
	tk.Status, tk.AssigneeID, tk.FirstResponseAt, tk.ReopenCount, tk.PausedSeconds = tickets.StatusPending, agent.ID, &fr, 2, 90
	tk.PendingSince = &fr
	tk.Tags = []string{"x"}
	must(t, s.UpdateTicket(ctx(), tk))
	m := &tickets.Message{TicketID: tk.ID, Author: tickets.AuthorAgent, AuthorID: agent.ID, Body: "On it", Public: true, CreatedAt: t0.Add(time.Hour)}
	must(t, s.AddMessage(ctx(), m))
	if m.ID == 0 {
		t.Fatal("AddMessage did not set the ID")
	}
	got, err := s.GetTicket(ctx(), tk.ID)
	must(t, err)
	if got.Status != tickets.StatusPending || got.AssigneeID != agent.ID || got.ReopenCount != 2 || got.PausedSeconds != 90 {
		t.Fatalf("update not saved: %+v", got)
	}
	if got.FirstResponseAt == nil || !got.FirstResponseAt.Equal(fr) || got.PendingSince == nil {
		t.Fatalf("timestamps not saved: first response %v pending %v", got.FirstResponseAt, got.PendingSince)
	}
	if fmt.Sprint(got.Tags) != "[x]" {
		t.Fatalf("tags: got %v", got.Tags)
	}
	if n := len(got.Messages); n != 4 || got.Messages[3].Body != "On it" || got.Messages[3].AuthorID != agent.ID {
		t.Fatalf("messages: got %d, last %+v", n, got.Messages[n-1])
	}
}

func testListFilters(t *testing.T, s tickets.Store) {
	mk := func(ext, team, cat, req string, st tickets.Status, at time.Time) {
		tk := MustTicket(t, ext, at)
		tk.Team, tk.Category, tk.Requester, tk.Status = team, cat, req, st
		must(t, s.CreateTicket(ctx(), tk))
	}
	mk("a", "Network", "Network/VPN", "ana@example.com", tickets.StatusOpen, t0)
	mk("b", "Network", "Network/Wi-Fi", "bo@example.com", tickets.StatusSolved, t0.Add(time.Hour))
	mk("c", "Service Desk", "Accounts", "ana@example.com", tickets.StatusNew, t0.Add(2*time.Hour))
	mk("d", "Service Desk", "Network", "cy@example.com", tickets.StatusOpen, t0.Add(3*time.Hour))
	cases := []struct {
		name string
		f    tickets.TicketFilter
		want []string
	}{
		{"all newest first", tickets.TicketFilter{}, []string{"d", "c", "b", "a"}},
		{"team", tickets.TicketFilter{Team: "Network"}, []string{"b", "a"}},
		{"category subtree", tickets.TicketFilter{Category: "Network"}, []string{"d", "b", "a"}},
		{"category leaf", tickets.TicketFilter{Category: "Network/VPN"}, []string{"a"}},
		{"requester", tickets.TicketFilter{Requester: "ana@example.com"}, []string{"c", "a"}},
		{"statuses", tickets.TicketFilter{Status: []tickets.Status{tickets.StatusNew, tickets.StatusOpen}}, []string{"d", "c", "a"}},
		{"created window", tickets.TicketFilter{CreatedAfter: t0.Add(time.Hour), CreatedBefore: t0.Add(3 * time.Hour)}, []string{"c", "b"}},
		{"limit", tickets.TicketFilter{Limit: 1}, []string{"d"}},
		{"no match", tickets.TicketFilter{Team: "Nobody"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.ListTickets(ctx(), c.f)
			must(t, err)
			var ids []string
			for _, tk := range got {
				ids = append(ids, tk.ExternalID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(c.want) {
				t.Fatalf("got %v, want %v", ids, c.want)
			}
			n, err := s.CountTickets(ctx(), c.f)
			must(t, err)
			if c.f.Limit == 0 && n != len(c.want) {
				t.Fatalf("count: got %d, want %d", n, len(c.want))
			}
		})
	}
}

func testListPaging(t *testing.T, s tickets.Store) {
	var batch []*tickets.Ticket
	for i := range 25 {
		batch = append(batch, MustTicket(t, fmt.Sprint(i), t0.Add(time.Duration(i)*time.Minute)))
	}
	_, err := s.UpsertTickets(ctx(), batch)
	must(t, err)
	seen := map[int64]bool{}
	var after int64
	for page := 0; ; page++ {
		got, err := s.ListTickets(ctx(), tickets.TicketFilter{Limit: 10, AfterID: after})
		must(t, err)
		if len(got) == 0 {
			break
		}
		for _, tk := range got {
			if seen[tk.ID] {
				t.Fatalf("ticket %d listed twice", tk.ID)
			}
			seen[tk.ID] = true
			if len(tk.Messages) != 0 {
				t.Fatal("ListTickets must not load messages")
			}
		}
		after = got[len(got)-1].ID
		if page > 5 {
			t.Fatal("paging does not end")
		}
	}
	if len(seen) != 25 {
		t.Fatalf("paged through %d tickets, want 25", len(seen))
	}
}

func testUpsertIdempotent(t *testing.T, s tickets.Store) {
	batch := []*tickets.Ticket{MustTicket(t, "1", t0), MustTicket(t, "2", t0)}
	out, err := s.UpsertTickets(ctx(), batch)
	must(t, err)
	if fmt.Sprint(out) != "[added added]" {
		t.Fatalf("first upsert: %v", out)
	}
	id1 := batch[0].ID
	again := []*tickets.Ticket{MustTicket(t, "1", t0), MustTicket(t, "2", t0)}
	again[1].Subject = "changed"
	again[1].ContentHash = again[1].Hash()
	out, err = s.UpsertTickets(ctx(), again)
	must(t, err)
	if fmt.Sprint(out) != "[unchanged updated]" {
		t.Fatalf("second upsert: %v", out)
	}
	if again[0].ID != id1 {
		t.Fatalf("unchanged ticket got id %d, want %d", again[0].ID, id1)
	}
	n, err := s.CountTickets(ctx(), tickets.TicketFilter{})
	must(t, err)
	if n != 2 {
		t.Fatalf("count after re-upsert: %d, want 2", n)
	}
	got, err := s.GetTicketByExternalID(ctx(), "test", "2")
	must(t, err)
	if got.Subject != "changed" {
		t.Fatalf("update not applied: %q", got.Subject)
	}
	// The same external id in another source is another ticket.
	other := MustTicket(t, "1", t0)
	other.Source = "elsewhere"
	out, err = s.UpsertTickets(ctx(), []*tickets.Ticket{other})
	must(t, err)
	if out[0] != tickets.Added {
		t.Fatalf("other source: %v, want added", out[0])
	}
}

func testUpsertReplacesMessages(t *testing.T, s tickets.Store) {
	tk := MustTicket(t, "m", t0)
	_, err := s.UpsertTickets(ctx(), []*tickets.Ticket{tk})
	must(t, err)
	tk2 := MustTicket(t, "m", t0)
	tk2.Messages = tk2.Messages[:1]
	tk2.Messages[0].Body = "edited"
	tk2.ContentHash = tk2.Hash()
	_, err = s.UpsertTickets(ctx(), []*tickets.Ticket{tk2})
	must(t, err)
	got, err := s.GetTicket(ctx(), tk.ID)
	must(t, err)
	if len(got.Messages) != 1 || got.Messages[0].Body != "edited" {
		t.Fatalf("messages after update: %+v", got.Messages)
	}
}

func testUpsertBatchIsAtomic(t *testing.T, s tickets.Store) {
	good := MustTicket(t, "ok", t0)
	bad := MustTicket(t, "ok", t0) // same key twice in one batch is allowed: last wins
	bad.Subject = "second"
	bad.ContentHash = bad.Hash()
	out, err := s.UpsertTickets(ctx(), []*tickets.Ticket{good, bad})
	must(t, err)
	if fmt.Sprint(out) != "[added updated]" {
		t.Fatalf("duplicate key in batch: %v", out)
	}
	// A cancelled context must not leave half a batch behind.
	c, cancel := context.WithCancel(ctx())
	cancel()
	var batch []*tickets.Ticket
	for i := range 50 {
		batch = append(batch, MustTicket(t, fmt.Sprint("x", i), t0))
	}
	if _, err := s.UpsertTickets(c, batch); err == nil {
		t.Fatal("upsert with a cancelled context succeeded")
	}
	n, err := s.CountTickets(ctx(), tickets.TicketFilter{})
	must(t, err)
	if n != 1 {
		t.Fatalf("after a failed batch: %d tickets, want 1", n)
	}
}

func testDelete(t *testing.T, s tickets.Store) {
	tk := MustTicket(t, "del", t0)
	must(t, s.CreateTicket(ctx(), tk))
	must(t, s.DeleteTicket(ctx(), tk.ID))
	if _, err := s.GetTicket(ctx(), tk.ID); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := s.DeleteTicket(ctx(), tk.ID); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("second delete: %v, want ErrNotFound", err)
	}
	// Re-importing after a delete adds it again.
	out, err := s.UpsertTickets(ctx(), []*tickets.Ticket{MustTicket(t, "del", t0)})
	must(t, err)
	if out[0] != tickets.Added {
		t.Fatalf("re-import after delete: %v", out[0])
	}
}

func testUsers(t *testing.T, s tickets.Store) {
	u := &tickets.User{Email: "ana@example.com", Name: "Ana", Role: tickets.RoleRequester, Language: "fr", PasswordHash: "h"}
	must(t, s.CreateUser(ctx(), u))
	if u.ID == 0 || u.CreatedAt.IsZero() {
		t.Fatalf("CreateUser did not set id/created: %+v", u)
	}
	dup := &tickets.User{Email: "ana@example.com", Name: "Other", Role: tickets.RoleAgent}
	if err := s.CreateUser(ctx(), dup); !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("duplicate e-mail: %v, want ErrConflict", err)
	}
	got, err := s.GetUserByEmail(ctx(), "ana@example.com")
	must(t, err)
	if got.ID != u.ID || got.PasswordHash != "h" || got.Language != "fr" {
		t.Fatalf("by email: %+v", got)
	}
	got.Role, got.Team = tickets.RoleAgent, "Network"
	must(t, s.UpdateUser(ctx(), got))
	agents, err := s.ListUsers(ctx(), tickets.RoleAgent)
	must(t, err)
	if len(agents) != 1 || agents[0].Team != "Network" {
		t.Fatalf("agents: %+v", agents)
	}
	if _, err := s.GetUserByEmail(ctx(), "nobody@example.com"); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("missing email: %v", err)
	}
}

func testTeamsAndCategories(t *testing.T, s tickets.Store) {
	must(t, s.UpsertTeams(ctx(), []tickets.Team{{Name: "Network"}, {Name: "Service Desk", Description: "first line"}}))
	must(t, s.UpsertTeams(ctx(), []tickets.Team{{Name: "Network", Description: "routers"}}))
	teams, err := s.ListTeams(ctx())
	must(t, err)
	if fmt.Sprint(teams) != "[{Network routers} {Service Desk first line}]" {
		t.Fatalf("teams: %v", teams)
	}
	must(t, s.EnsureCategories(ctx(), []string{"Network/VPN", "Accounts/Passwords/Reset"}))
	must(t, s.EnsureCategories(ctx(), []string{"Network/VPN", "Network"}))
	cats, err := s.ListCategories(ctx())
	must(t, err)
	var paths []string
	for _, c := range cats {
		paths = append(paths, c.Path)
	}
	want := []string{"Accounts", "Accounts/Passwords", "Accounts/Passwords/Reset", "Network", "Network/VPN"}
	if !slices.Equal(paths, want) {
		t.Fatalf("categories: %v, want %v", paths, want)
	}
}

func testSLAPolicies(t *testing.T, s tickets.Store) {
	ps, err := s.SLAPolicies(ctx())
	must(t, err)
	if len(ps) != len(tickets.DefaultSLAPolicies()) {
		t.Fatalf("defaults: %v", ps)
	}
	must(t, s.SetSLAPolicy(ctx(), tickets.SLAPolicy{Priority: tickets.PriorityUrgent, FirstResponse: 15 * time.Minute, Resolution: 2 * time.Hour}))
	ps, err = s.SLAPolicies(ctx())
	must(t, err)
	p := tickets.PolicyFor(ps, tickets.PriorityUrgent)
	if p.FirstResponse != 15*time.Minute || p.Resolution != 2*time.Hour {
		t.Fatalf("urgent policy: %+v", p)
	}
	if q := tickets.PolicyFor(ps, tickets.PriorityLow); q.Resolution != 7*24*time.Hour {
		t.Fatalf("low policy lost: %+v", q)
	}
}

// testService drives the lifecycle through a real store.
func testService(t *testing.T, s tickets.Store) {
	now := t0
	svc := tickets.NewService(s, func() time.Time { return now })
	must(t, s.EnsureCategories(ctx(), []string{"Network/VPN"}))
	must(t, s.UpsertTeams(ctx(), []tickets.Team{{Name: "Network"}}))
	if _, err := svc.Create(ctx(), tickets.NewTicket{Subject: "x", Category: "Made/Up"}); !isValidation(err) {
		t.Fatalf("invented category: %v, want a validation error", err)
	}
	tk, err := svc.Create(ctx(), tickets.NewTicket{Subject: "VPN down", Body: "help", Requester: " Ana@Example.com ", Category: "Network / VPN", Team: "Network"})
	must(t, err)
	if tk.Status != tickets.StatusNew || tk.Requester != "ana@example.com" || tk.Category != "Network/VPN" {
		t.Fatalf("created: %+v", tk)
	}
	now = now.Add(20 * time.Minute)
	tk, err = svc.Reply(ctx(), tk.ID, tickets.Message{Author: tickets.AuthorAgent, Body: "Try again", Public: true})
	must(t, err)
	if tk.Status != tickets.StatusOpen || tk.FirstResponseAt == nil || !tk.FirstResponseAt.Equal(now) {
		t.Fatalf("after agent reply: status %s first response %v", tk.Status, tk.FirstResponseAt)
	}
	_, err = svc.SetStatus(ctx(), tk.ID, tickets.StatusPending)
	must(t, err)
	now = now.Add(time.Hour)
	tk, err = svc.Reply(ctx(), tk.ID, tickets.Message{Author: tickets.AuthorRequester, Body: "still down", Public: true})
	must(t, err)
	if tk.Status != tickets.StatusOpen || tk.PausedSeconds != 3600 {
		t.Fatalf("requester reply to pending: status %s paused %d", tk.Status, tk.PausedSeconds)
	}
	_, err = svc.SetStatus(ctx(), tk.ID, tickets.StatusSolved)
	must(t, err)
	now = now.Add(time.Hour)
	tk, err = svc.Reply(ctx(), tk.ID, tickets.Message{Author: tickets.AuthorRequester, Body: "broken again", Public: true})
	must(t, err)
	if tk.Status != tickets.StatusOpen || tk.ReopenCount != 1 || tk.ResolvedAt != nil {
		t.Fatalf("reopen: %+v", tk)
	}
	_, err = svc.SetStatus(ctx(), tk.ID, tickets.StatusClosed)
	must(t, err)
	if _, err := svc.SetStatus(ctx(), tk.ID, tickets.StatusOpen); !isValidation(err) {
		t.Fatalf("closed -> open: %v, want a validation error", err)
	}
	if _, err := svc.Reply(ctx(), tk.ID, tickets.Message{Author: tickets.AuthorRequester, Body: "x", Public: true}); !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("reply to closed: %v, want ErrConflict", err)
	}
	got, err := s.GetTicket(ctx(), tk.ID)
	must(t, err)
	if got.Status != tickets.StatusClosed || len(got.Messages) != 4 || got.ClosedAt == nil {
		t.Fatalf("stored: status %s messages %d closed %v", got.Status, len(got.Messages), got.ClosedAt)
	}
	requester := &tickets.User{Email: "req@example.com", Role: tickets.RoleRequester}
	must(t, s.CreateUser(ctx(), requester))
	if _, err := svc.Update(ctx(), tk.ID, tickets.Fields{AssigneeID: &requester.ID}); !isValidation(err) {
		t.Fatalf("assign to requester: %v, want a validation error", err)
	}
}

func isValidation(err error) bool {
	var ve *tickets.ValidationError
	return errors.As(err, &ve)
}

// RunTokens runs the contract of tickets.TokenStore.
func RunTokens(t *testing.T, newStore func(t *testing.T) interface {
	tickets.Store
	tickets.TokenStore
}) {
	s := newStore(t)
	u := &tickets.User{Email: "bot@example.com", Name: "Bot", Role: tickets.RoleAgent}
	must(t, s.CreateUser(ctx(), u))
	tok := &tickets.APIToken{UserID: u.ID, Name: "zendesk", Hash: "abc123"}
	must(t, s.CreateAPIToken(ctx(), tok))
	if tok.ID == 0 {
		t.Fatal("CreateAPIToken did not set the ID")
	}
	got, err := s.UserByTokenHash(ctx(), "abc123")
	must(t, err)
	if got.ID != u.ID || got.Role != tickets.RoleAgent {
		t.Fatalf("user by token: %+v", got)
	}
	if _, err := s.UserByTokenHash(ctx(), "nope"); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("unknown token: %v, want ErrNotFound", err)
	}
	if err := s.CreateAPIToken(ctx(), &tickets.APIToken{UserID: u.ID, Name: "dup", Hash: "abc123"}); !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("duplicate hash: %v, want ErrConflict", err)
	}
}
