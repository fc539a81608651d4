package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/tickets"
)

// ConversationStore is what RunConversations needs: a tickets.Store (for the
// users and tickets conversations refer to) that keeps conversations.
type ConversationStore interface {
	tickets.Store
	tickets.ConversationStore
}

// RunConversations runs the contract of tickets.ConversationStore.
// newStore must return an empty store that lives until the test ends.
func RunConversations(t *testing.T, newStore func(t *testing.T) ConversationStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s ConversationStore)
	}{
		{"CreateAndGet", testConversationCreateAndGet},
		{"Missing", testConversationMissing},
		{"Handoff", testConversationHandoff},
		{"Feedback", testConversationFeedback},
		{"List", testConversationList},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore(t)) })
	}
}

// mustRequester stores a requester and returns it.
func mustRequester(t *testing.T, s tickets.Store, name string) *tickets.User {
	t.Helper()
	u := &tickets.User{Email: name + "@example.com", Name: name, Role: tickets.RoleRequester}
	must(t, s.CreateUser(ctx(), u))
	return u
}

func testConversationCreateAndGet(t *testing.T, s ConversationStore) {
	u := mustRequester(t, s, "ana")
	c := &tickets.Conversation{UserID: u.ID, Language: "fr", CreatedAt: t0,
		Turns: []tickets.Turn{{Role: "user", Text: "Mot de passe oublié — é ü 日本", CreatedAt: t0}}}
	must(t, s.CreateConversation(ctx(), c))
	if c.ID == 0 {
		t.Fatal("CreateConversation did not set the ID")
	}
	answer := tickets.Turn{Role: "assistant", Text: "Voici la marche à suivre [1].", Decision: "auto",
		Citations: []string{"KB-1", "KB-7"}, CreatedAt: t0.Add(2 * time.Second)}
	must(t, s.AppendTurn(ctx(), c.ID, answer))
	handoff := tickets.Turn{Role: "assistant", Text: "Je transmets.", Decision: "handoff", Reason: "asked_for_human", CreatedAt: t0.Add(time.Minute)}
	must(t, s.AppendTurn(ctx(), c.ID, handoff))
	got, err := s.GetConversation(ctx(), c.ID)
	must(t, err)
	want := &tickets.Conversation{ID: c.ID, UserID: u.ID, Language: "fr", CreatedAt: t0, UpdatedAt: t0.Add(time.Minute),
		Turns: []tickets.Turn{c.Turns[0], answer, handoff}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("conversation (-want +got):\n%s", diff)
	}
	// A turn stamped earlier (a slow writer) does not move updated_at back.
	must(t, s.AppendTurn(ctx(), c.ID, tickets.Turn{Role: "user", Text: "merci", CreatedAt: t0.Add(time.Second)}))
	got, err = s.GetConversation(ctx(), c.ID)
	must(t, err)
	if len(got.Turns) != 4 || got.Turns[3].Text != "merci" || !got.UpdatedAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after a late turn: %d turns, last %q, updated %v", len(got.Turns), got.Turns[len(got.Turns)-1].Text, got.UpdatedAt)
	}
	empty := &tickets.Conversation{UserID: u.ID}
	must(t, s.CreateConversation(ctx(), empty))
	got, err = s.GetConversation(ctx(), empty.ID)
	must(t, err)
	if empty.ID == c.ID || len(got.Turns) != 0 || got.CreatedAt.IsZero() || got.TicketID != nil || got.Resolved != nil {
		t.Fatalf("empty conversation: %+v", got)
	}
}

func testConversationMissing(t *testing.T, s ConversationStore) {
	if _, err := s.GetConversation(ctx(), 424242); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("get missing: %v, want ErrNotFound", err)
	}
	if err := s.AppendTurn(ctx(), 424242, tickets.Turn{Role: "user", Text: "hi"}); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("append to missing: %v, want ErrNotFound", err)
	}
	if err := s.SetResolved(ctx(), 424242, true); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("feedback on missing: %v, want ErrNotFound", err)
	}
	tk := MustTicket(t, "m", t0)
	must(t, s.CreateTicket(ctx(), tk))
	if err := s.SetHandoff(ctx(), 424242, tk.ID); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("handoff of missing: %v, want ErrNotFound", err)
	}
	if err := s.CreateConversation(ctx(), &tickets.Conversation{UserID: 999999}); err == nil {
		t.Error("a conversation of no user was stored")
	}
	u := mustRequester(t, s, "bo")
	c := &tickets.Conversation{UserID: u.ID}
	must(t, s.CreateConversation(ctx(), c))
	if err := s.SetHandoff(ctx(), c.ID, 999999); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("handoff to a missing ticket: %v, want ErrNotFound", err)
	}
}

func testConversationHandoff(t *testing.T, s ConversationStore) {
	u := mustRequester(t, s, "ana")
	c := &tickets.Conversation{UserID: u.ID, Turns: []tickets.Turn{{Role: "user", Text: "printer"}}}
	must(t, s.CreateConversation(ctx(), c))
	first, second := MustTicket(t, "h1", t0), MustTicket(t, "h2", t0)
	must(t, s.CreateTicket(ctx(), first))
	must(t, s.CreateTicket(ctx(), second))
	must(t, s.SetHandoff(ctx(), c.ID, first.ID))
	must(t, s.SetHandoff(ctx(), c.ID, first.ID)) // the same again: nothing to do
	if err := s.SetHandoff(ctx(), c.ID, second.ID); !errors.Is(err, tickets.ErrConflict) {
		t.Fatalf("a second ticket for one conversation: %v, want ErrConflict", err)
	}
	got, err := s.GetConversation(ctx(), c.ID)
	must(t, err)
	if got.TicketID == nil || *got.TicketID != first.ID {
		t.Fatalf("ticket of the conversation: %v, want %d", got.TicketID, first.ID)
	}
	// Deleting the ticket leaves the conversation, no longer handed off.
	must(t, s.DeleteTicket(ctx(), first.ID))
	got, err = s.GetConversation(ctx(), c.ID)
	must(t, err)
	if got.TicketID != nil || len(got.Turns) != 1 {
		t.Fatalf("after its ticket was deleted: ticket %v, %d turns", got.TicketID, len(got.Turns))
	}
	must(t, s.SetHandoff(ctx(), c.ID, second.ID))
}

func testConversationFeedback(t *testing.T, s ConversationStore) {
	u := mustRequester(t, s, "ana")
	c := &tickets.Conversation{UserID: u.ID, CreatedAt: t0}
	must(t, s.CreateConversation(ctx(), c))
	for _, resolved := range []bool{true, false} {
		must(t, s.SetResolved(ctx(), c.ID, resolved))
		got, err := s.GetConversation(ctx(), c.ID)
		must(t, err)
		if got.Resolved == nil || *got.Resolved != resolved {
			t.Fatalf("resolved %v, want %v", got.Resolved, resolved)
		}
		if !got.UpdatedAt.After(t0) {
			t.Errorf("feedback did not move updated_at: %v", got.UpdatedAt)
		}
	}
}

func testConversationList(t *testing.T, s ConversationStore) {
	ana, bo := mustRequester(t, s, "ana"), mustRequester(t, s, "bo")
	var ids []int64
	// Created out of order: the list is by creation time.
	for i, at := range []time.Time{t0.Add(2 * time.Hour), t0, t0.Add(time.Hour), t0.Add(-time.Hour)} {
		u := ana
		if i%2 == 1 {
			u = bo
		}
		c := &tickets.Conversation{UserID: u.ID, CreatedAt: at, Turns: []tickets.Turn{
			{Role: "user", Text: fmt.Sprint("q", i), CreatedAt: at},
			{Role: "assistant", Text: fmt.Sprint("a", i), Decision: "auto", Citations: []string{fmt.Sprint("KB-", i)}, CreatedAt: at.Add(time.Second)},
		}}
		must(t, s.CreateConversation(ctx(), c))
		ids = append(ids, c.ID)
	}
	must(t, s.SetResolved(ctx(), ids[2], true))
	got, err := s.ListConversations(ctx(), t0)
	must(t, err)
	var summary []string
	for _, c := range got {
		line := fmt.Sprint(c.ID == ids[0], c.ID == ids[1], c.ID == ids[2], len(c.Turns))
		if len(c.Turns) == 2 {
			line += " " + c.Turns[0].Text + " " + c.Turns[1].Text + " " + fmt.Sprint(c.Turns[1].Citations)
		}
		if c.Resolved != nil {
			line += fmt.Sprint(" resolved=", *c.Resolved)
		}
		summary = append(summary, line)
	}
	want := []string{
		"false true false 2 q1 a1 [KB-1]",
		"false false true 2 q2 a2 [KB-2] resolved=true",
		"true false false 2 q0 a0 [KB-0]",
	}
	if diff := cmp.Diff(want, summary); diff != "" {
		t.Fatalf("conversations since t0, oldest first (-want +got):\n%s", diff)
	}
	if got, err := s.ListConversations(ctx(), t0.Add(3*time.Hour)); err != nil || len(got) != 0 {
		t.Fatalf("none since later: %d, %v", len(got), err)
	}
}
