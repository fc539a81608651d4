package retrieval

import (
	"context"
	"fmt"

	"deskpilot/tickets"
)

// Compacter is a lexical index that can tidy itself after a bulk load.
type Compacter interface {
	Compact(ctx context.Context) error
}

// Rebuild indexes every record into empty indexes: it gathers all chunks,
// fits the embedder on them when it learns from its corpus, then writes
// them. m is reset to describe the result (its Model is read after the fit,
// since fitting changes it).
func (ix *Indexer) Rebuild(ctx context.Context, rec Records, m *Manifest) (SyncStats, error) {
	var st SyncStats
	versions := map[DocRef]string{}
	var chunks []Chunk
	docs, err := allDocuments(ctx, rec)
	if err != nil {
		return st, err
	}
	for _, d := range docs {
		chunks = append(chunks, ChunkDocument(d, ix.chunk)...)
		versions[DocRef{KindArticle, d.ID}] = d.ContentHash
	}
	err = eachKnowledgeTicket(ctx, rec, func(t *tickets.Ticket) {
		chunks = append(chunks, TicketChunks(t)...)
		versions[DocRef{KindTicket, t.ID}] = ticketVersion(t)
	})
	if err != nil {
		return st, err
	}
	if f, ok := ix.emb.(Fitter); ok && ix.vec != nil {
		texts := make([]string, len(chunks))
		for i := range chunks {
			texts[i] = EmbedText(&chunks[i])
		}
		if err := f.Fit(ctx, texts); err != nil {
			return st, fmt.Errorf("retrieval: fit embedder: %w", err)
		}
	}
	if err := ix.add(ctx, chunks); err != nil {
		return st, err
	}
	if c, ok := ix.lex.(Compacter); ok {
		if err := c.Compact(ctx); err != nil {
			return st, fmt.Errorf("retrieval: compact: %w", err)
		}
	}
	m.Version, m.Versions = ManifestVersion, versions
	if ix.emb != nil {
		m.Model = ix.emb.Model()
	}
	return SyncStats{Indexed: len(versions), Chunks: len(chunks)}, nil
}

func allDocuments(ctx context.Context, rec Records) ([]*Document, error) {
	var out []*Document
	err := eachDocumentPage(ctx, rec, func(page []*Document) error {
		out = append(out, page...)
		return nil
	})
	return out, err
}

// eachKnowledgeTicket calls fn with every resolved ticket, messages loaded.
func eachKnowledgeTicket(ctx context.Context, rec Records, fn func(*tickets.Ticket)) error {
	f := tickets.TicketFilter{Status: []tickets.Status{tickets.StatusSolved, tickets.StatusClosed}}
	return eachTicketPage(ctx, rec, f, func(page []*tickets.Ticket) error {
		for _, t := range page {
			if ticketVersion(t) == "" {
				continue
			}
			full, err := rec.GetTicket(ctx, t.ID)
			if err != nil {
				return fmt.Errorf("retrieval: get ticket %d: %w", t.ID, err)
			}
			fn(full)
		}
		return nil
	})
}
