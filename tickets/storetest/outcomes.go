package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/tickets"
)

// RunOutcomes runs the contract of tickets.OutcomeStore: outcomes keep
// every field, list from a moment on in decision order, need an existing
// ticket and agent, and go with their ticket.
func RunOutcomes(t *testing.T, newStore func(t *testing.T) interface {
	tickets.Store
	tickets.OutcomeStore
}) {
	s := newStore(t)
	agent := &tickets.User{Email: "agent@example.com", Name: "Agent", Role: tickets.RoleAgent}
	must(t, s.CreateUser(ctx(), agent))
	tk := MustTicket(t, "o1", t0)
	must(t, s.CreateTicket(ctx(), tk))
	other := MustTicket(t, "o2", t0)
	must(t, s.CreateTicket(ctx(), other))

	at := t0.Add(24 * time.Hour).Truncate(time.Millisecond)
	in := []*tickets.SuggestionOutcome{
		{TicketID: tk.ID, AgentID: agent.ID, Action: tickets.OutcomeEdited, Draft: "Mettez à jour le client VPN [1].",
			Sent: "Bonjour, mettez à jour le client VPN 5.2 [1].", EditDistance: 13, Confidence: 0.72,
			Category: "Network/VPN", SuggestedAt: at.Add(-3 * time.Minute), DecidedAt: at.Add(time.Minute)},
		{TicketID: other.ID, AgentID: agent.ID, Action: tickets.OutcomeAccepted, Draft: "Restart it. 日本",
			Sent: "Restart it. 日本", Confidence: 0.9, SuggestedAt: at.Add(-time.Minute), DecidedAt: at},
		{TicketID: tk.ID, AgentID: agent.ID, Action: tickets.OutcomeDiscarded, Draft: "Wrong answer",
			DiscardReason: "outdated: the 5.1 client is gone", Confidence: 0.31, Category: "Network",
			SuggestedAt: at.Add(-2 * time.Hour), DecidedAt: at.Add(-time.Hour)},
	}
	for _, o := range in {
		must(t, s.RecordOutcome(ctx(), o))
		if o.ID == 0 {
			t.Fatal("RecordOutcome did not set the ID")
		}
	}
	if in[0].ID == in[1].ID {
		t.Fatal("two outcomes share an ID")
	}

	got, err := s.ListOutcomes(ctx(), at)
	must(t, err)
	want := []*tickets.SuggestionOutcome{in[1], in[0]} // oldest decision first; the discard is before since
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("ListOutcomes(since) (-want +got):\n%s", diff)
	}
	all, err := s.ListOutcomes(ctx(), time.Time{})
	must(t, err)
	if len(all) != 3 || all[0].ID != in[2].ID || all[0].DiscardReason != in[2].DiscardReason {
		t.Errorf("ListOutcomes(zero) = %d outcomes, first %+v; want 3, the discard first", len(all), all[0])
	}
	none, err := s.ListOutcomes(ctx(), at.Add(time.Hour))
	must(t, err)
	if len(none) != 0 {
		t.Errorf("outcomes after the last decision: %d", len(none))
	}

	bad := *in[1]
	bad.ID, bad.TicketID = 0, 999999
	if err := s.RecordOutcome(ctx(), &bad); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("outcome of a missing ticket: %v, want ErrNotFound", err)
	}
	bad = *in[1]
	bad.ID, bad.AgentID = 0, 999999
	if err := s.RecordOutcome(ctx(), &bad); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("outcome of a missing agent: %v, want ErrNotFound", err)
	}
	bad = *in[1]
	bad.ID, bad.Action = 0, "ignored"
	if err := s.RecordOutcome(ctx(), &bad); err == nil {
		t.Error("an outcome with an unknown action was stored")
	}

	must(t, s.DeleteTicket(ctx(), tk.ID))
	left, err := s.ListOutcomes(ctx(), time.Time{})
	must(t, err)
	if len(left) != 1 || left[0].TicketID != other.ID {
		t.Errorf("after deleting a ticket, its outcomes remain: %+v", left)
	}
}
