package connectors

import (
	"context"
	"errors"
	"fmt"

	"deskpilot/connectors/files"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// Records is what a sync writes to: the records store, through the sinks
// of the import, and the lookups and deletions that propagate what a
// source removed.
type Records interface {
	ArticleSink
	TicketSink
	GetDocumentByExternalID(ctx context.Context, source, externalID string) (*retrieval.Document, error)
	ListDocuments(ctx context.Context, f retrieval.DocumentFilter) ([]*retrieval.Document, error)
	DeleteDocument(ctx context.Context, id int64) error
	GetTicketByExternalID(ctx context.Context, source, externalID string) (*tickets.Ticket, error)
	ListTickets(ctx context.Context, f tickets.TicketFilter) ([]*tickets.Ticket, error)
	DeleteTicket(ctx context.Context, id int64) error
}

// writePage upserts a page's records as the import does (idempotent by
// source, external id and content hash), then removes what it deleted.
func (s *Syncer) writePage(ctx context.Context, source string, kind Kind, p *Page, st *SyncState) error {
	opts := ImportOptions{Source: source, BatchSize: s.o.BatchSize, Now: s.o.Clock.Now, MaxProblems: s.o.MaxProblems}
	file := p.URL
	if file == "" {
		file = source + " " + string(kind)
	}
	var sum *Summary
	var err error
	switch kind {
	case KindArticles:
		if len(p.Articles) > 0 {
			sum, err = importArticles(ctx, s.records, opts, memoryReader(p.Articles, file))
		}
	case KindTickets:
		if len(p.Tickets) > 0 {
			sum, err = importTickets(ctx, s.records, opts, memoryReader(p.Tickets, file))
		}
	default:
		return fmt.Errorf("unknown kind %q", kind)
	}
	if err != nil {
		return err
	}
	if sum != nil {
		st.Counts.Added += sum.Added
		st.Counts.Updated += sum.Updated
		st.Counts.Unchanged += sum.Unchanged
		st.Counts.Skipped += sum.Skipped
		for i := range sum.Errors {
			sum.Errors[i].Message = recordName(kind, p, sum.Errors[i].Line) + sum.Errors[i].Message
		}
		s.addProblems(st, sum.Errors)
	}
	st.Counts.Skipped += len(p.Problems)
	s.addProblems(st, p.Problems)
	for _, id := range p.Deleted {
		gone, err := s.deleteRecord(ctx, source, kind, id)
		if err != nil {
			return fmt.Errorf("delete %s: %w", id, err)
		}
		if gone {
			st.Counts.Deleted++
		}
	}
	return nil
}

// recordName names the record at line (1-based) of a page's records, for
// a problem: its place in the page is not the source's.
func recordName(kind Kind, p *Page, line int) string {
	i := line - 1
	switch {
	case kind == KindArticles && i >= 0 && i < len(p.Articles):
		return "article " + p.Articles[i].ID + ": "
	case kind == KindTickets && i >= 0 && i < len(p.Tickets):
		return "ticket " + p.Tickets[i].ID + ": "
	}
	return ""
}

func (s *Syncer) addProblems(st *SyncState, ps []files.Problem) {
	for _, p := range ps {
		if len(st.Problems) >= s.o.MaxProblems {
			return
		}
		st.Problems = append(st.Problems, p)
	}
}

// deleteRecord removes the record a source knows as id, and reports
// whether there was one.
func (s *Syncer) deleteRecord(ctx context.Context, source string, kind Kind, id string) (bool, error) {
	var err error
	switch kind {
	case KindArticles:
		var d *retrieval.Document
		if d, err = s.records.GetDocumentByExternalID(ctx, source, id); err == nil {
			err = s.records.DeleteDocument(ctx, d.ID)
		}
	case KindTickets:
		var t *tickets.Ticket
		if t, err = s.records.GetTicketByExternalID(ctx, source, id); err == nil {
			err = s.records.DeleteTicket(ctx, t.ID)
		}
	}
	if errors.Is(err, retrieval.ErrNotFound) || errors.Is(err, tickets.ErrNotFound) {
		return false, nil // never synced, or deleted already
	}
	return err == nil, err
}

// reconcile removes the records of a stream that its source no longer
// lists, when the source can list them all and the last time is long
// enough ago.
func (s *Syncer) reconcile(ctx context.Context, src Source, kind Kind, st *SyncState) error {
	r, ok := src.(Reconciler)
	if !ok || s.o.ReconcileEvery < 0 {
		return nil
	}
	key, now := string(kind), s.o.Clock.Now()
	ss := st.Streams[key]
	if !ss.ReconciledAt.IsZero() && now.Sub(ss.ReconciledAt) < s.o.ReconcileEvery {
		return nil
	}
	ids, ok, err := r.LiveIDs(ctx, kind)
	if err != nil {
		return fmt.Errorf("%s: list all: %w", kind, err)
	}
	if !ok {
		return nil
	}
	live := make(map[string]bool, len(ids))
	for _, id := range ids {
		live[id] = true
	}
	stored, err := s.storedIDs(ctx, src.Name(), kind)
	if err != nil {
		return &fatalError{fmt.Errorf("%s: list stored: %w", kind, err)}
	}
	if len(live) == 0 && len(stored) > 0 {
		// An empty list is more likely lost permissions than an emptied
		// help desk: say so rather than delete everything.
		s.addProblems(st, []files.Problem{{File: src.Name() + " " + key,
			Message: fmt.Sprintf("the source lists no %s now; %d synced ones kept", kind, len(stored))}})
		return nil
	}
	for ext, id := range stored {
		if live[ext] {
			continue
		}
		if err := s.deleteByID(ctx, kind, id); err != nil {
			return &fatalError{fmt.Errorf("%s: delete %s: %w", kind, ext, err)}
		}
		st.Counts.Deleted++
	}
	ss.ReconciledAt = now
	st.Streams[key] = ss
	if err := s.save(ctx, st); err != nil {
		return &fatalError{fmt.Errorf("%s: save state: %w", kind, err)}
	}
	return nil
}

func (s *Syncer) deleteByID(ctx context.Context, kind Kind, id int64) error {
	var err error
	if kind == KindArticles {
		err = s.records.DeleteDocument(ctx, id)
	} else {
		err = s.records.DeleteTicket(ctx, id)
	}
	if errors.Is(err, retrieval.ErrNotFound) || errors.Is(err, tickets.ErrNotFound) {
		return nil
	}
	return err
}

// storedIDs maps the external ids of a source's stored records of kind to
// their ids.
func (s *Syncer) storedIDs(ctx context.Context, source string, kind Kind) (map[string]int64, error) {
	out := map[string]int64{}
	switch kind {
	case KindArticles:
		f := retrieval.DocumentFilter{Source: source, Limit: 1000}
		for {
			page, err := s.records.ListDocuments(ctx, f)
			if err != nil || len(page) == 0 {
				return out, err
			}
			for _, d := range page {
				out[d.ExternalID] = d.ID
			}
			f.AfterID = page[len(page)-1].ID
		}
	case KindTickets:
		f := tickets.TicketFilter{Source: source, Limit: tickets.MaxListLimit}
		for {
			page, err := s.records.ListTickets(ctx, f)
			if err != nil || len(page) == 0 {
				return out, err
			}
			for _, t := range page {
				out[t.ExternalID] = t.ID
			}
			f.AfterID = page[len(page)-1].ID
		}
	}
	return out, nil
}
