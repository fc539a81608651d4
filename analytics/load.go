package analytics

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"deskpilot/tickets"
)

// TicketReader is what the KPIs read of the tickets store.
type TicketReader interface {
	ListTickets(ctx context.Context, f tickets.TicketFilter) ([]*tickets.Ticket, error)
	GetTicket(ctx context.Context, id int64) (*tickets.Ticket, error)
	SLAPolicies(ctx context.Context) ([]tickets.SLAPolicy, error)
}

// ConversationLister lists self-service conversations
// (tickets.ConversationStore is one).
type ConversationLister interface {
	ListConversations(ctx context.Context, since time.Time) ([]*tickets.Conversation, error)
}

// OutcomeLister lists suggestion outcomes (tickets.OutcomeStore is one).
type OutcomeLister interface {
	ListOutcomes(ctx context.Context, since time.Time) ([]*tickets.SuggestionOutcome, error)
}

// Sources are where Load reads. A nil Conversations or Outcomes counts as
// none of those records (a desk without the chat or the inbox).
type Sources struct {
	Tickets       TicketReader
	Conversations ConversationLister
	Outcomes      OutcomeLister
}

// loadWorkers is how many tickets Load reads at once for their messages.
const loadWorkers = 4

// Load reads the records of w: the tickets created in it (the resolved
// ones with their messages), its conversations and its outcomes.
func Load(ctx context.Context, s Sources, w Window, now time.Time) (Data, error) {
	d := Data{Now: now}
	if err := w.Validate(); err != nil {
		return d, err
	}
	var err error
	if d.SLA, err = s.Tickets.SLAPolicies(ctx); err != nil {
		return d, fmt.Errorf("analytics: SLA policies: %w", err)
	}
	if d.Tickets, err = loadTickets(ctx, s.Tickets, w); err != nil {
		return d, err
	}
	if s.Conversations != nil {
		all, err := s.Conversations.ListConversations(ctx, w.From)
		if err != nil {
			return d, fmt.Errorf("analytics: conversations: %w", err)
		}
		for _, c := range all {
			if w.Contains(c.CreatedAt) {
				d.Conversations = append(d.Conversations, c)
			}
		}
	}
	if s.Outcomes != nil {
		all, err := s.Outcomes.ListOutcomes(ctx, w.From)
		if err != nil {
			return d, fmt.Errorf("analytics: outcomes: %w", err)
		}
		for _, o := range all {
			if w.Contains(o.DecidedAt) {
				d.Outcomes = append(d.Outcomes, o)
			}
		}
	}
	return d, nil
}

// loadTickets lists the tickets created in w, page by page, and reads the
// messages of those resolved at first sight of a single answer.
func loadTickets(ctx context.Context, r TicketReader, w Window) ([]*tickets.Ticket, error) {
	f := tickets.TicketFilter{CreatedAfter: w.From, CreatedBefore: w.To, Limit: tickets.MaxListLimit}
	var out []*tickets.Ticket
	for {
		page, err := r.ListTickets(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("analytics: list tickets: %w", err)
		}
		out = append(out, page...)
		if len(page) < f.EffectiveLimit() {
			break
		}
		f.AfterID = page[len(page)-1].ID
	}
	// Only FirstContactResolved reads messages, and only of resolved
	// tickets never reopened: the others are not read.
	var need []int
	for i, t := range out {
		if Resolved(t) && !Reopened(t) && t.Messages == nil {
			need = append(need, i)
		}
	}
	return out, readMessages(ctx, r, out, need)
}

// readMessages replaces ts[i] by the full ticket for every i of need, a
// few at a time.
func readMessages(ctx context.Context, r TicketReader, ts []*tickets.Ticket, need []int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range min(loadWorkers, len(need)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				full, err := r.GetTicket(ctx, ts[i].ID)
				if errors.Is(err, tickets.ErrNotFound) {
					continue // deleted since it was listed: counted without its messages
				}
				if err != nil {
					once.Do(func() { first = fmt.Errorf("analytics: ticket %d: %w", ts[i].ID, err); cancel() })
					continue
				}
				ts[i] = full
			}
		}()
	}
	for _, i := range need {
		select {
		case jobs <- i:
			continue
		case <-ctx.Done():
		}
		break
	}
	close(jobs)
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}
