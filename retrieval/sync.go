package retrieval

import (
	"context"
	"fmt"

	"deskpilot/tickets"
)

// Records is what the indexer reads to catch up with or rebuild from the
// records store.
type Records interface {
	ListDocuments(ctx context.Context, f DocumentFilter) ([]*Document, error)
	ListTickets(ctx context.Context, f tickets.TicketFilter) ([]*tickets.Ticket, error)
	GetTicket(ctx context.Context, id int64) (*tickets.Ticket, error)
}

// SyncStats says what a catch-up did.
type SyncStats struct {
	Indexed int `json:"indexed"` // records (re)indexed
	Deleted int `json:"deleted"` // records removed from the indexes
	Chunks  int `json:"chunks"`  // chunks written
}

// recordVersion is what the manifest compares: a document's content hash;
// for a ticket, whether it is knowledge at all and what it was last.
func ticketVersion(t *tickets.Ticket) string {
	if !t.Status.Resolved() || t.ResolvedAt == nil {
		return ""
	}
	return fmt.Sprintf("%s@%d", t.ContentHash, t.UpdatedAt.UnixNano())
}

// Sync brings the indexes up to date with the records: records new or
// changed since the manifest was written are indexed, records gone (or no
// longer knowledge, like a reopened ticket) are removed. It updates m as it
// goes; the caller persists it after flushing the indexes.
func (ix *Indexer) Sync(ctx context.Context, rec Records, m *Manifest) (SyncStats, error) {
	var st SyncStats
	seen := map[DocRef]bool{}
	if err := ix.syncDocuments(ctx, rec, m, seen, &st); err != nil {
		return st, err
	}
	if err := ix.syncTickets(ctx, rec, m, seen, &st); err != nil {
		return st, err
	}
	for ref := range m.Versions {
		if seen[ref] {
			continue
		}
		if err := ix.Delete(ctx, ref); err != nil {
			return st, err
		}
		delete(m.Versions, ref)
		st.Deleted++
	}
	return st, nil
}

func (ix *Indexer) syncDocuments(ctx context.Context, rec Records, m *Manifest, seen map[DocRef]bool, st *SyncStats) error {
	return eachDocumentPage(ctx, rec, func(page []*Document) error {
		var changed []*Document
		for _, d := range page {
			ref := DocRef{KindArticle, d.ID}
			seen[ref] = true
			if m.Versions[ref] != d.ContentHash || d.ContentHash == "" {
				changed = append(changed, d)
			}
		}
		n, err := ix.IndexDocuments(ctx, changed)
		if err != nil {
			return err
		}
		for _, d := range changed {
			m.Versions[DocRef{KindArticle, d.ID}] = d.ContentHash
		}
		st.Indexed, st.Chunks = st.Indexed+len(changed), st.Chunks+n
		return nil
	})
}

func (ix *Indexer) syncTickets(ctx context.Context, rec Records, m *Manifest, seen map[DocRef]bool, st *SyncStats) error {
	return eachTicketPage(ctx, rec, tickets.TicketFilter{}, func(page []*tickets.Ticket) error {
		var changed []*tickets.Ticket
		for _, t := range page {
			ref, v := DocRef{KindTicket, t.ID}, ticketVersion(t)
			if v == "" {
				continue // not knowledge: unseen, so removed if it was indexed
			}
			seen[ref] = true
			if m.Versions[ref] == v {
				continue
			}
			full, err := rec.GetTicket(ctx, t.ID)
			if err != nil {
				return fmt.Errorf("retrieval: get ticket %d: %w", t.ID, err)
			}
			changed = append(changed, full)
		}
		n, err := ix.IndexTickets(ctx, changed)
		if err != nil {
			return err
		}
		for _, t := range changed {
			m.Versions[DocRef{KindTicket, t.ID}] = ticketVersion(t)
		}
		st.Indexed, st.Chunks = st.Indexed+len(changed), st.Chunks+n
		return nil
	})
}

// eachDocumentPage calls fn with every document, a page at a time.
func eachDocumentPage(ctx context.Context, rec Records, fn func([]*Document) error) error {
	f := DocumentFilter{Limit: 500}
	for {
		page, err := rec.ListDocuments(ctx, f)
		if err != nil {
			return fmt.Errorf("retrieval: list documents: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		if err := fn(page); err != nil {
			return err
		}
		f.AfterID = page[len(page)-1].ID
	}
}

// eachTicketPage calls fn with every ticket matching f (without messages),
// a page at a time.
func eachTicketPage(ctx context.Context, rec Records, f tickets.TicketFilter, fn func([]*tickets.Ticket) error) error {
	f.Limit = tickets.MaxListLimit
	for {
		page, err := rec.ListTickets(ctx, f)
		if err != nil {
			return fmt.Errorf("retrieval: list tickets: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		if err := fn(page); err != nil {
			return err
		}
		f.AfterID = page[len(page)-1].ID
	}
}
