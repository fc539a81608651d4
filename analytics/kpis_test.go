package analytics

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"deskpilot/tickets"
)

// deskData is a small desk over two weeks: three conversations (one
// resolved by the assistant with a yes, one handed off, one answered no),
// four tickets (the handoff's, a first-contact one, a reopened one, an
// open one past its SLA) and three suggestion outcomes.
func deskData() Data {
	req, agent := msg(tickets.AuthorRequester, true), msg(tickets.AuthorAgent, true)
	handoff := solved(1, 5, req, agent)
	handoff.ID = 1
	fcr := solved(2, 12, req, agent)
	fcr.ID, fcr.FirstResponseAt = 2, ptr(at(3))
	reopened := solved(3, 200, req, agent, req, agent)
	reopened.ID, reopened.ReopenCount, reopened.FirstResponseAt = 3, 1, ptr(at(4))
	late := &tickets.Ticket{ID: 4, Status: tickets.StatusOpen, CreatedAt: at(24 * 8), Priority: tickets.PriorityUrgent}
	c1 := conv([]string{"auto"}, nil, ptr(true))
	c2 := conv([]string{"handoff"}, ptr(int64(1)), nil)
	c3 := conv([]string{"auto"}, nil, ptr(false))
	c3.CreatedAt = at(24 * 9)
	out := func(action string, dist int, h float64) *tickets.SuggestionOutcome {
		return &tickets.SuggestionOutcome{Action: action, EditDistance: dist, DecidedAt: at(h)}
	}
	return Data{
		Tickets:       []*tickets.Ticket{handoff, fcr, reopened, late},
		Conversations: []*tickets.Conversation{c1, c2, c3},
		Outcomes:      []*tickets.SuggestionOutcome{out("accepted", 0, 1), out("edited", 30, 2), out("discarded", 0, 24*8)},
		SLA:           tickets.DefaultSLAPolicies(),
		Now:           at(24 * 13),
	}
}

func val(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func TestCompute(t *testing.T) {
	k := Compute(deskData(), Window{From: t0, To: t0.AddDate(0, 0, 14)})
	checks := []struct {
		name      string
		got, want float64
	}{
		{"conversations", float64(k.Conversations), 3},
		{"tickets", float64(k.Tickets), 4},
		{"requests: the handoff's ticket counts once", float64(k.Requests), 6},
		{"self-service resolution rate", val(k.SelfServiceResolutionRate), 1.0 / 3},
		{"automation rate", val(k.AutomationRate), 1.0 / 6},
		{"acceptance rate", val(k.SuggestionAcceptanceRate), 1.0 / 3},
		{"edit rate", val(k.SuggestionEditRate), 1.0 / 3},
		{"discard rate", val(k.SuggestionDiscardRate), 1.0 / 3},
		{"mean edit distance over sent", val(k.SuggestionMeanEditDistance), 15},
		{"resolved tickets", float64(k.ResolvedTickets), 3},
		{"first-contact resolution", val(k.FirstContactResolutionRate), 2.0 / 3},
		{"MTTR hours", val(k.MTTRHours), (4 + 10 + 197) / 3.0},
		{"SLA settled: the late open one counts", float64(k.SLASettled), 4},
		{"SLA compliance", val(k.SLAComplianceRate), 2.0 / 4},
		{"reopen rate", val(k.ReopenRate), 1.0 / 3},
		{"CSAT", val(k.CSAT), 1.0 / 2},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if math.Abs(c.got-c.want) > 1e-9 {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestComputeEmptyWindowIsUndefined(t *testing.T) {
	k := Compute(deskData(), Window{From: t0.AddDate(1, 0, 0), To: t0.AddDate(1, 0, 7)})
	for name, r := range map[string]*float64{"automation": k.AutomationRate, "acceptance": k.SuggestionAcceptanceRate,
		"mttr": k.MTTRHours, "sla": k.SLAComplianceRate, "csat": k.CSAT} {
		if r != nil {
			t.Errorf("%s = %v over an empty window, want undefined", name, *r)
		}
	}
}

func TestWeekly(t *testing.T) {
	d := deskData()
	weeks := Weekly(d, Window{From: at(12), To: WeekStart(t0).AddDate(0, 0, 14)})
	if len(weeks) != 2 {
		t.Fatalf("%d weeks, want 2", len(weeks))
	}
	if !weeks[0].Start.Equal(t0.Truncate(24*time.Hour)) || !weeks[0].From.Equal(at(12)) {
		t.Errorf("first week starts %v from %v, want the Monday, clipped to the window", weeks[0].Start, weeks[0].From)
	}
	// Clipped at 12:00 on Monday: only the outcome at 24*8 h is left in
	// the window, in the second week.
	if weeks[0].SuggestionsTotal != 0 || weeks[1].SuggestionsTotal != 1 || weeks[1].Conversations != 1 {
		t.Errorf("weeks: %+v / %+v", weeks[0].KPIs, weeks[1].KPIs)
	}
	long := Weekly(d, Window{From: t0.AddDate(-5, 0, 0), To: t0})
	if len(long) != MaxWeeks || !long[len(long)-1].Start.Equal(WeekStart(t0)) {
		t.Errorf("a long window gave %d weeks ending %v, want the last %d", len(long), long[len(long)-1].Start, MaxWeeks)
	}
}

// fakeStore serves records from memory, as the stores do: tickets newest
// first without messages, paged by AfterID.
type fakeStore struct {
	tickets []*tickets.Ticket // by ascending ID
	convs   []*tickets.Conversation
	outs    []*tickets.SuggestionOutcome
	failGet error
}

func (f *fakeStore) ListTickets(_ context.Context, fl tickets.TicketFilter) ([]*tickets.Ticket, error) {
	var out []*tickets.Ticket
	for i := len(f.tickets) - 1; i >= 0 && len(out) < fl.EffectiveLimit(); i-- {
		t := f.tickets[i]
		if (fl.AfterID == 0 || t.ID < fl.AfterID) && !t.CreatedAt.Before(fl.CreatedAfter) && t.CreatedAt.Before(fl.CreatedBefore) {
			c := *t
			c.Messages = nil
			out = append(out, &c)
		}
	}
	return out, nil
}

func (f *fakeStore) GetTicket(_ context.Context, id int64) (*tickets.Ticket, error) {
	if f.failGet != nil {
		return nil, f.failGet
	}
	for _, t := range f.tickets {
		if t.ID == id {
			return t, nil
		}
	}
	return nil, tickets.ErrNotFound
}

func (f *fakeStore) SLAPolicies(context.Context) ([]tickets.SLAPolicy, error) {
	return tickets.DefaultSLAPolicies(), nil
}

func (f *fakeStore) ListConversations(_ context.Context, since time.Time) ([]*tickets.Conversation, error) {
	var out []*tickets.Conversation
	for _, c := range f.convs {
		if !c.CreatedAt.Before(since) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fakeStore) ListOutcomes(_ context.Context, since time.Time) ([]*tickets.SuggestionOutcome, error) {
	var out []*tickets.SuggestionOutcome
	for _, o := range f.outs {
		if !o.DecidedAt.Before(since) {
			out = append(out, o)
		}
	}
	return out, nil
}

func TestLoadMatchesTheRecords(t *testing.T) {
	d := deskData()
	// Many tickets, so that listing takes several pages.
	fs := &fakeStore{convs: d.Conversations, outs: d.Outcomes}
	for i := range 2500 {
		tk := solved(float64(i)/10, float64(i)/10+1, msg(tickets.AuthorRequester, true), msg(tickets.AuthorAgent, true))
		tk.ID = int64(i + 1)
		fs.tickets = append(fs.tickets, tk)
	}
	w := Window{From: t0, To: at(200)}
	got, err := Load(context.Background(), Sources{Tickets: fs, Conversations: fs, Outcomes: fs}, w, at(300))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Tickets) != 2000 || len(got.Conversations) != 2 || len(got.Outcomes) != 3 {
		t.Fatalf("loaded %d tickets, %d conversations, %d outcomes; want 2000, 2, 3", len(got.Tickets), len(got.Conversations), len(got.Outcomes))
	}
	k := Compute(got, w)
	if k.FirstContactResolved != 2000 {
		t.Errorf("first-contact resolved %d of 2000: messages were not loaded", k.FirstContactResolved)
	}
	none, err := Load(context.Background(), Sources{Tickets: fs}, w, at(300))
	if err != nil || len(none.Conversations)+len(none.Outcomes) != 0 {
		t.Errorf("without the chat and inbox stores: %v, %d records", err, len(none.Conversations)+len(none.Outcomes))
	}
	fs.failGet = errors.New("disk on fire")
	if _, err := Load(context.Background(), Sources{Tickets: fs}, w, at(300)); err == nil {
		t.Error("a store error was swallowed")
	}
	if _, err := Load(context.Background(), Sources{Tickets: fs}, Window{From: w.To, To: w.From}, at(300)); err == nil {
		t.Error("an inverted window was accepted")
	}
}
