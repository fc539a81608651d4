package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"deskpilot/tickets"
)

// BEIRResult is an evaluation of search on a BEIR collection, with the
// latency of each query's search as the user would wait for it.
type BEIRResult struct {
	Metrics
	P50ms float64 `json:"p50_ms"`
	P99ms float64 `json:"p99_ms"`
}

// IndexBEIR indexes a BEIR corpus through ix as public articles (document
// i gets ID i+1 and keeps its BEIR id as external id), fitting the
// embedder on it as a rebuild would.
func IndexBEIR(ctx context.Context, b *BEIR, ix *Indexer) error {
	_, err := ix.Rebuild(ctx, beirRecords{b}, NewManifest(""))
	return err
}

// RunBEIR runs every query through s and scores the ranking of documents.
func RunBEIR(ctx context.Context, b *BEIR, s *Searcher) (BEIRResult, error) {
	ranking := Ranking{}
	lat := make([]time.Duration, 0, len(b.Queries))
	for _, q := range b.Queries {
		start := time.Now()
		hits, err := s.SearchDocuments(ctx, Query{Text: q.Text, K: metricsCutoff})
		if err != nil {
			return BEIRResult{}, fmt.Errorf("retrieval: query %s: %w", q.ID, err)
		}
		lat = append(lat, time.Since(start))
		ids := make([]string, len(hits))
		for i, h := range hits {
			ids[i] = h.Chunk.ExternalID
		}
		ranking[q.ID] = ids
	}
	return BEIRResult{Metrics: Evaluate(b, ranking), P50ms: PercentileMS(lat, 0.50), P99ms: PercentileMS(lat, 0.99)}, nil
}

// PercentileMS returns the p-quantile of ds in milliseconds, by nearest
// rank (the smallest duration at or above a share p of them); 0 for none.
func PercentileMS(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, max(0, int(math.Ceil(p*float64(len(s))))-1))
	return float64(s[i].Microseconds()) / 1000
}

// beirRecords presents a BEIR corpus as a records store of articles.
type beirRecords struct{ b *BEIR }

func (r beirRecords) ListDocuments(_ context.Context, f DocumentFilter) ([]*Document, error) {
	var out []*Document
	for i := int(f.AfterID); i < len(r.b.Corpus) && len(out) < f.EffectiveLimit(); i++ {
		c := r.b.Corpus[i]
		d := &Document{ID: int64(i + 1), Source: "beir", ExternalID: c.ID, Title: c.Title, Body: c.Text,
			Format: FormatText, Visibility: Public}
		d.ContentHash = d.Hash()
		out = append(out, d)
	}
	return out, nil
}

func (beirRecords) ListTickets(context.Context, tickets.TicketFilter) ([]*tickets.Ticket, error) {
	return nil, nil
}

func (beirRecords) GetTicket(context.Context, int64) (*tickets.Ticket, error) {
	return nil, tickets.ErrNotFound
}
