package retrieval

import (
	"context"
	"fmt"

	"deskpilot/tickets"
)

// Fitter is an embedder that learns from the corpus it embeds (the local
// embedder does); Rebuild fits it on every chunk before embedding them.
type Fitter interface {
	Fit(ctx context.Context, texts []string) error
}

// Indexer keeps the lexical and vector indexes in step with the records:
// it chunks documents and solved tickets, embeds the chunks and replaces a
// record's chunks in both indexes.
type Indexer struct {
	lex   LexicalIndex
	vec   VectorIndex // nil: lexical only
	emb   Embedder
	chunk ChunkOptions
	batch int
}

// NewIndexer returns an indexer; vec and emb may both be nil.
func NewIndexer(lex LexicalIndex, vec VectorIndex, emb Embedder, opts ChunkOptions) *Indexer {
	if vec == nil || emb == nil {
		vec, emb = nil, nil
	}
	return &Indexer{lex: lex, vec: vec, emb: emb, chunk: opts, batch: 256}
}

// IndexDocuments replaces the chunks of each document in both indexes and
// returns how many chunks were written.
func (ix *Indexer) IndexDocuments(ctx context.Context, docs []*Document) (int, error) {
	var refs []DocRef
	var chunks []Chunk
	for _, d := range docs {
		refs = append(refs, DocRef{KindArticle, d.ID})
		chunks = append(chunks, ChunkDocument(d, ix.chunk)...)
	}
	return len(chunks), ix.replace(ctx, refs, chunks)
}

// IndexTickets replaces the knowledge of each ticket: a solved ticket with
// an answer gets its chunk, any other is removed from the indexes.
func (ix *Indexer) IndexTickets(ctx context.Context, ts []*tickets.Ticket) (int, error) {
	var refs []DocRef
	var chunks []Chunk
	for _, t := range ts {
		refs = append(refs, DocRef{KindTicket, t.ID})
		chunks = append(chunks, TicketChunks(t)...)
	}
	return len(chunks), ix.replace(ctx, refs, chunks)
}

// Delete removes a record from both indexes.
func (ix *Indexer) Delete(ctx context.Context, ref DocRef) error {
	return ix.replace(ctx, []DocRef{ref}, nil)
}

// replace drops every chunk of refs, then writes chunks. Dropping first
// means a document that shrank leaves no stale chunk behind.
func (ix *Indexer) replace(ctx context.Context, refs []DocRef, chunks []Chunk) error {
	if err := ix.drop(ctx, refs); err != nil {
		return err
	}
	return ix.add(ctx, chunks)
}

func (ix *Indexer) drop(ctx context.Context, refs []DocRef) error {
	for _, ref := range refs {
		if err := ix.lex.DeleteDocument(ctx, ref); err != nil {
			return fmt.Errorf("retrieval: delete %s %d: %w", ref.Kind, ref.ID, err)
		}
		if ix.vec != nil {
			if err := ix.vec.DeleteDocument(ctx, ref); err != nil {
				return fmt.Errorf("retrieval: delete vectors %s %d: %w", ref.Kind, ref.ID, err)
			}
		}
	}
	return nil
}

// add writes chunks to both indexes in batches.
func (ix *Indexer) add(ctx context.Context, chunks []Chunk) error {
	for start := 0; start < len(chunks); start += ix.batch {
		part := chunks[start:min(start+ix.batch, len(chunks))]
		if err := ix.lex.Upsert(ctx, part); err != nil {
			return fmt.Errorf("retrieval: index chunks: %w", err)
		}
		if ix.vec == nil {
			continue
		}
		if err := ix.embed(ctx, part); err != nil {
			return err
		}
	}
	return nil
}

func (ix *Indexer) embed(ctx context.Context, chunks []Chunk) error {
	texts := make([]string, len(chunks))
	for i := range chunks {
		texts[i] = EmbedText(&chunks[i])
	}
	vals, err := ix.emb.Embed(ctx, texts)
	if err != nil {
		return fmt.Errorf("retrieval: embed chunks: %w", err)
	}
	vs := make([]Vector, len(chunks))
	for i := range chunks {
		vs[i] = Vector{Chunk: chunks[i], Values: vals[i]} // PostgreSQL keeps the text beside the vector
	}
	if err := ix.vec.Upsert(ctx, vs); err != nil {
		return fmt.Errorf("retrieval: index vectors: %w", err)
	}
	return nil
}
