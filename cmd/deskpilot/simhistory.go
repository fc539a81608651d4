package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// historyWorkers is how many tickets are read at once for their messages.
const historyWorkers = 4

// loadDeskHistory reads what a simulation of the desk replays, as
// loadHistory reads files: the articles known before asOf, and the
// tickets resolved before it with their messages, in time order. Records
// are numbered anew, as an in-memory index wants them (by time, from 1);
// a ticket's key (its ExternalID, what reports call its id) is its id as
// imported, prefixed with its source when two sources share it, or its
// local number for a ticket created here.
func loadDeskHistory(ctx context.Context, st store, asOf time.Time) (*history, error) {
	h := &history{}
	df := retrieval.DocumentFilter{Limit: 1000}
	for {
		page, err := st.ListDocuments(ctx, df)
		if err != nil {
			return nil, fmt.Errorf("history: articles: %w", err)
		}
		if len(page) == 0 {
			break
		}
		for _, d := range page {
			if d.CreatedAt.Before(asOf) {
				c := *d
				c.ID = int64(len(h.articles) + 1)
				h.articles = append(h.articles, &c)
			}
		}
		df.AfterID = page[len(page)-1].ID
	}
	ids, err := resolvedTicketIDs(ctx, st, asOf)
	if err != nil {
		return nil, err
	}
	if h.tickets, err = readTickets(ctx, st, ids); err != nil {
		return nil, err
	}
	if len(h.tickets) == 0 {
		ve := &tickets.ValidationError{}
		ve.Add("history", "the desk has no resolved ticket to replay yet")
		return nil, ve
	}
	slices.SortStableFunc(h.tickets, func(a, b *tickets.Ticket) int { return a.CreatedAt.Compare(b.CreatedAt) })
	keyTickets(h.tickets)
	for i, t := range h.tickets {
		t.ID = int64(i + 1)
	}
	return h, nil
}

// resolvedTicketIDs lists the tickets resolved before asOf.
func resolvedTicketIDs(ctx context.Context, st store, asOf time.Time) ([]int64, error) {
	f := tickets.TicketFilter{Status: []tickets.Status{tickets.StatusSolved, tickets.StatusClosed}, CreatedBefore: asOf, Limit: tickets.MaxListLimit}
	var ids []int64
	for {
		page, err := st.ListTickets(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("history: tickets: %w", err)
		}
		for _, t := range page {
			if t.ResolvedAt != nil && t.ResolvedAt.Before(asOf) {
				ids = append(ids, t.ID)
			}
		}
		if len(page) < f.EffectiveLimit() {
			return ids, nil
		}
		f.AfterID = page[len(page)-1].ID
	}
}

// readTickets reads tickets with their messages, a few at a time; one
// deleted meanwhile is left out.
func readTickets(ctx context.Context, st store, ids []int64) ([]*tickets.Ticket, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]*tickets.Ticket, len(ids))
	next := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range min(historyWorkers, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t, err := st.GetTicket(ctx, ids[i])
				if err != nil && !errors.Is(err, tickets.ErrNotFound) {
					once.Do(func() { first = fmt.Errorf("history: ticket %d: %w", ids[i], err); cancel() })
				}
				out[i] = t
			}
		}()
	}
	for i := range ids {
		select {
		case next <- i:
			continue
		case <-ctx.Done():
		}
		break
	}
	close(next)
	wg.Wait()
	if first != nil {
		return nil, first
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(t *tickets.Ticket) bool { return t == nil }), nil
}

// keyTickets gives every ticket a key unique in the history.
func keyTickets(ts []*tickets.Ticket) {
	count := map[string]int{}
	for _, t := range ts {
		count[t.ExternalID]++
	}
	for _, t := range ts {
		switch {
		case t.ExternalID == "":
			t.ExternalID = fmt.Sprintf("%s-%d", t.Source, t.ID)
		case count[t.ExternalID] > 1:
			t.ExternalID = t.Source + ":" + t.ExternalID
		}
	}
}
