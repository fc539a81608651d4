package analytics

import (
	"testing"
	"time"

	"deskpilot/tickets"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday

func at(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }

func ptr[T any](v T) *T { return &v }

func conv(decisions []string, ticket *int64, resolved *bool) *tickets.Conversation {
	c := &tickets.Conversation{CreatedAt: t0, TicketID: ticket, Resolved: resolved}
	for _, d := range decisions {
		c.Turns = append(c.Turns, tickets.Turn{Role: "user", Text: "q"}, tickets.Turn{Role: "assistant", Text: "a", Decision: d})
	}
	return c
}

func TestResolvedBySelfService(t *testing.T) {
	cases := []struct {
		name string
		c    *tickets.Conversation
		want bool
	}{
		{"automatic answer, no feedback", conv([]string{"auto"}, nil, nil), true},
		{"automatic answer, said yes", conv([]string{"auto"}, nil, ptr(true)), true},
		{"automatic answer, said no", conv([]string{"auto"}, nil, ptr(false)), false},
		{"handed off to a person", conv([]string{"auto"}, ptr(int64(7)), nil), false},
		{"last answer was a handoff", conv([]string{"auto", "handoff"}, nil, nil), false},
		{"a handoff, then an automatic answer", conv([]string{"handoff", "auto"}, nil, nil), true},
		{"never answered", conv(nil, nil, nil), false},
		{"suggest only", conv([]string{"suggest"}, nil, ptr(true)), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ResolvedBySelfService(tc.c); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func msg(a tickets.Author, public bool) tickets.Message {
	return tickets.Message{Author: a, Public: public, Body: "x"}
}

func solved(created, resolved float64, msgs ...tickets.Message) *tickets.Ticket {
	return &tickets.Ticket{Status: tickets.StatusSolved, CreatedAt: at(created), ResolvedAt: ptr(at(resolved)), Priority: tickets.PriorityNormal, Messages: msgs}
}

func TestFirstContactResolved(t *testing.T) {
	req, agent, note := msg(tickets.AuthorRequester, true), msg(tickets.AuthorAgent, true), msg(tickets.AuthorAgent, false)
	reopened := solved(0, 2, req, agent)
	reopened.ReopenCount = 1
	imported := solved(0, 2, req)
	imported.Resolution = "restart the VPN client"
	open := solved(0, 2, req, agent)
	open.Status, open.ResolvedAt = tickets.StatusOpen, nil
	cases := []struct {
		name string
		t    *tickets.Ticket
		want bool
	}{
		{"one answer", solved(0, 2, req, agent, note), true},
		{"two answers", solved(0, 2, req, agent, req, agent), false},
		{"internal notes only", solved(0, 2, req, note), false},
		{"reopened", reopened, false},
		{"resolution kept apart", imported, true},
		{"not resolved", open, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := FirstContactResolved(tc.t); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSLAOutcome(t *testing.T) {
	p := tickets.SLAPolicy{Priority: tickets.PriorityNormal, FirstResponse: 8 * time.Hour, Resolution: 72 * time.Hour}
	now := at(1000)
	withReply := func(tk *tickets.Ticket, h float64) *tickets.Ticket { tk.FirstResponseAt = ptr(at(h)); return tk }
	pausedLong := withReply(solved(0, 80), 1)
	pausedLong.PausedSeconds = 10 * 3600
	openLate := &tickets.Ticket{Status: tickets.StatusOpen, CreatedAt: at(0)}
	openYoung := &tickets.Ticket{Status: tickets.StatusOpen, CreatedAt: now.Add(-time.Hour)}
	cases := []struct {
		name         string
		t            *tickets.Ticket
		settled, met bool
	}{
		{"met both", withReply(solved(0, 24), 1), true, true},
		{"late first reply", withReply(solved(0, 24), 9), true, false},
		{"resolved late", withReply(solved(0, 80), 1), true, false},
		{"pending time moves the target", pausedLong, true, true},
		{"resolution without a reply, in time", solved(0, 4), true, true},
		{"open past due", openLate, true, false},
		{"open within target", openYoung, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			settled, met := SLAOutcome(tc.t, p, now)
			if settled != tc.settled || met != tc.met {
				t.Errorf("settled, met = %v, %v; want %v, %v", settled, met, tc.settled, tc.met)
			}
		})
	}
}

func TestRatio(t *testing.T) {
	if Ratio(1, 0) != nil {
		t.Error("a rate over nothing must be undefined")
	}
	if r := Ratio(1, 4); r == nil || *r != 0.25 {
		t.Errorf("Ratio(1, 4) = %v", r)
	}
}

func TestWeekStart(t *testing.T) {
	cases := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"monday morning", t0, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{"sunday night", time.Date(2026, 3, 8, 23, 59, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{"other zone", time.Date(2026, 3, 9, 1, 0, 0, 0, time.FixedZone("CET", 3600)), time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := WeekStart(tc.in); !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
