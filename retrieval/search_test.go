package retrieval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeLex and fakeVec return fixed rankings per kind, honouring the kinds of
// the filter, and remember the filters they were given.
type fakeLex struct {
	ranked  map[Kind][]ChunkKey
	stored  map[ChunkKey]Chunk
	filters []Filter
	scored  [][]ChunkKey
	count   int
}

func (f *fakeLex) Upsert(context.Context, []Chunk) error        { return nil }
func (f *fakeLex) DeleteDocument(context.Context, DocRef) error { return nil }
func (f *fakeLex) Count(context.Context) (int, error)           { return max(f.count, len(f.stored)), nil }
func (f *fakeLex) Close() error                                 { return nil }
func (f *fakeLex) Search(_ context.Context, _, _ string, k int, flt Filter) ([]Match, error) {
	f.filters = append(f.filters, flt)
	return matches(f.ranked, flt, k), nil
}
func (f *fakeLex) Score(_ context.Context, _, _ string, keys []ChunkKey) ([]Match, error) {
	f.scored = append(f.scored, keys)
	var out []Match
	for _, kind := range []Kind{KindArticle, KindTicket} { // the lexical order, among keys
		for _, k := range f.ranked[kind] {
			if slices.Contains(keys, k) {
				out = append(out, Match{Key: k, Score: 1})
			}
		}
	}
	return out, nil
}

func (f *fakeLex) Chunks(_ context.Context, keys []ChunkKey) ([]Chunk, error) {
	out := make([]Chunk, len(keys))
	for i, k := range keys {
		out[i] = f.stored[k]
	}
	return out, nil
}

type fakeVec struct{ ranked map[Kind][]ChunkKey }

func (f *fakeVec) Upsert(context.Context, []Vector) error       { return nil }
func (f *fakeVec) DeleteDocument(context.Context, DocRef) error { return nil }
func (f *fakeVec) Count(context.Context) (int, error)           { return 0, nil }
func (f *fakeVec) Close() error                                 { return nil }
func (f *fakeVec) Search(_ context.Context, _ []float32, k int, flt Filter) ([]Match, error) {
	return matches(f.ranked, flt, k), nil
}

type fakeEmb struct{}

func (fakeEmb) Embed(_ context.Context, t []string) ([][]float32, error) {
	out := make([][]float32, len(t))
	for i := range out {
		out[i] = []float32{1}
	}
	return out, nil
}
func (fakeEmb) Dimensions() int { return 1 }
func (fakeEmb) Model() string   { return "fake" }

func matches(ranked map[Kind][]ChunkKey, f Filter, k int) []Match {
	var out []Match
	for _, kind := range []Kind{KindArticle, KindTicket} {
		if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, kind) {
			continue
		}
		for i, key := range ranked[kind] {
			out = append(out, Match{Key: key, Score: float64(100 - i)})
		}
	}
	if len(out) > k {
		out = out[:k]
	}
	return out
}

func stored(keys ...ChunkKey) map[ChunkKey]Chunk {
	m := map[ChunkKey]Chunk{}
	for _, k := range keys {
		ref, ord, _ := k.Parse()
		m[k] = Chunk{Kind: ref.Kind, DocumentID: ref.ID, Ordinal: ord, Text: string(k), Visibility: Public}
	}
	return m
}

func keys(hits []Hit) string {
	var s []string
	for _, h := range hits {
		s = append(s, string(h.Chunk.Key())+"/"+h.Why())
	}
	return strings.Join(s, " ")
}

func TestFusionRewardsAgreement(t *testing.T) {
	a1, a2, a3 := KeyOf(KindArticle, 1, 0), KeyOf(KindArticle, 2, 0), KeyOf(KindArticle, 3, 0)
	lex := &fakeLex{ranked: map[Kind][]ChunkKey{KindArticle: {a1, a2}}, stored: stored(a1, a2, a3)}
	vec := &fakeVec{ranked: map[Kind][]ChunkKey{KindArticle: {a3, a2}}}
	s := NewSearcher(lex, vec, fakeEmb{}, SearchOptions{})
	hits, err := s.Search(context.Background(), Query{Text: "vpn", K: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(hits); got != "article:2:0/both article:1:0/lexical article:3:0/vector" {
		t.Fatalf("order: %s", got)
	}
	if hits[0].LexicalRank != 2 || hits[0].VectorRank != 2 || hits[0].Chunk.Text != string(a2) {
		t.Fatalf("hit details: %+v", hits[0])
	}
}

func TestPoolsAreSearchedApartAndWeighted(t *testing.T) {
	a, tk := KeyOf(KindArticle, 1, 0), KeyOf(KindTicket, 9, 0)
	lex := &fakeLex{ranked: map[Kind][]ChunkKey{KindArticle: {a}, KindTicket: {tk}}, stored: stored(a, tk)}
	s := NewSearcher(lex, nil, nil, SearchOptions{ArticleWeight: 1, TicketWeight: 2})
	hits, err := s.Search(context.Background(), Query{Text: "x", K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got := keys(hits); got != "ticket:9:0/lexical article:1:0/lexical" {
		t.Fatalf("a heavier ticket pool ranks first: %s", got)
	}
	if len(lex.filters) != 2 || fmt.Sprint(lex.filters[0].Kinds) != "[article]" || fmt.Sprint(lex.filters[1].Kinds) != "[ticket]" {
		t.Fatalf("each pool searched on its own: %+v", lex.filters)
	}
	lex.filters = nil
	hits, _ = s.Search(context.Background(), Query{Text: "x", Filter: Filter{Kinds: []Kind{KindArticle}, Visibility: []Visibility{Public}}})
	if got := keys(hits); got != "article:1:0/lexical" || len(lex.filters) != 1 || fmt.Sprint(lex.filters[0].Visibility) != "[public]" {
		t.Fatalf("a filter on kinds skips the other pool and passes the rest on: %s %+v", got, lex.filters)
	}
}

func TestHitsMissingFromTheStoreAreDropped(t *testing.T) {
	a1, a2 := KeyOf(KindArticle, 1, 0), KeyOf(KindArticle, 2, 0)
	lex := &fakeLex{ranked: map[Kind][]ChunkKey{KindArticle: {a1, a2}}, stored: stored(a2)}
	hits, err := NewSearcher(lex, nil, nil, SearchOptions{}).Search(context.Background(), Query{Text: "x"})
	if err != nil || keys(hits) != "article:2:0/lexical" {
		t.Fatalf("hits %s, err %v", keys(hits), err)
	}
}

func TestLargeTicketPoolIsRerankedAmongVectorCandidates(t *testing.T) {
	t1, t2, t3 := KeyOf(KindTicket, 1, 0), KeyOf(KindTicket, 2, 0), KeyOf(KindTicket, 3, 0)
	a1 := KeyOf(KindArticle, 1, 0)
	lex := &fakeLex{ranked: map[Kind][]ChunkKey{KindTicket: {t3, t1}, KindArticle: {a1}}, stored: stored(t1, t2, t3, a1), count: 60_000}
	vec := &fakeVec{ranked: map[Kind][]ChunkKey{KindTicket: {t1, t2}, KindArticle: {a1}}}
	s := NewSearcher(lex, vec, fakeEmb{}, SearchOptions{})
	hits, err := s.Search(context.Background(), Query{Text: "x", Filter: Filter{Kinds: []Kind{KindTicket}}})
	if err != nil {
		t.Fatal(err)
	}
	// t3 is a lexical match the vectors did not propose: in a large index
	// the ticket pool is scored among the vector candidates only.
	if got := keys(hits); got != "ticket:1:0/both ticket:2:0/vector" {
		t.Fatalf("hits %s", got)
	}
	if len(lex.scored) != 1 || len(lex.filters) != 0 {
		t.Fatalf("scored %v, full searches %v: want one scoring among candidates", lex.scored, lex.filters)
	}
	// By default every pool of a large index is reranked, both in one
	// scoring call; a pool left out of RerankKinds is searched in full.
	lex.scored = nil
	if _, err := s.Search(context.Background(), Query{Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if len(lex.scored) != 1 || len(lex.scored[0]) != 3 || len(lex.filters) != 0 {
		t.Fatalf("both pools: scored %v, full searches %d", lex.scored, len(lex.filters))
	}
	lex.scored = nil
	ticketsOnly := NewSearcher(lex, vec, fakeEmb{}, SearchOptions{RerankKinds: []Kind{KindTicket}})
	if _, err := ticketsOnly.Search(context.Background(), Query{Text: "x", Filter: Filter{Kinds: []Kind{KindArticle}}}); err != nil {
		t.Fatal(err)
	}
	if len(lex.scored) != 0 || len(lex.filters) != 1 {
		t.Fatal("a pool left out of RerankKinds must be searched in full")
	}
	lex.count, lex.filters = 10, nil
	if hits, _ = s.Search(context.Background(), Query{Text: "x", Filter: Filter{Kinds: []Kind{KindTicket}}}); !strings.Contains(keys(hits), "ticket:3:0") {
		t.Fatalf("a small index searches tickets in full: %s", keys(hits))
	}
}

func TestHitsAreCheckedAgainstTheFilterAsStored(t *testing.T) {
	a1, a2 := KeyOf(KindArticle, 1, 0), KeyOf(KindArticle, 2, 0)
	st := stored(a1, a2)
	c := st[a2]
	c.Visibility = Internal // made internal since the vector index last saw it
	st[a2] = c
	lex := &fakeLex{ranked: map[Kind][]ChunkKey{}, stored: st}
	vec := &fakeVec{ranked: map[Kind][]ChunkKey{KindArticle: {a2, a1}}}
	hits, err := NewSearcher(lex, vec, fakeEmb{}, SearchOptions{}).Search(context.Background(),
		Query{Text: "x", Filter: Filter{Visibility: []Visibility{Public}}})
	if err != nil || keys(hits) != "article:1:0/vector" {
		t.Fatalf("hits %s, err %v: an internal chunk reached a public search", keys(hits), err)
	}
}

func TestSearchDocumentsCollapsesChunks(t *testing.T) {
	c0, c1, d2 := KeyOf(KindArticle, 1, 0), KeyOf(KindArticle, 1, 1), KeyOf(KindArticle, 2, 0)
	lex := &fakeLex{ranked: map[Kind][]ChunkKey{KindArticle: {c0, c1, d2}}, stored: stored(c0, c1, d2)}
	docs, err := NewSearcher(lex, nil, nil, SearchOptions{}).SearchDocuments(context.Background(), Query{Text: "x", K: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Chunk.DocumentID != 1 || docs[0].Chunks != 2 || docs[1].Chunk.DocumentID != 2 {
		t.Fatalf("documents: %+v", docs)
	}
}

func TestChunkKeys(t *testing.T) {
	k := KeyOf(KindTicket, 42, 3)
	ref, ord, err := k.Parse()
	if err != nil || ref != (DocRef{KindTicket, 42}) || ord != 3 || k != "ticket:42:3" {
		t.Fatalf("%s -> %v %d %v", k, ref, ord, err)
	}
	for _, bad := range []ChunkKey{"", "article:1", "blog:1:0", "article:x:0", "article:1:0:9"} {
		if _, _, err := bad.Parse(); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestPercentileMS(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(101-i)*time.Millisecond) // unsorted on purpose
	}
	if p50, p99 := PercentileMS(ds, 0.5), PercentileMS(ds, 0.99); p50 != 50 || p99 != 99 {
		t.Fatalf("p50 %v p99 %v, want 50 and 99", p50, p99)
	}
	if PercentileMS(nil, 0.5) != 0 || PercentileMS(ds[:1], 0.99) != 100 {
		t.Fatal("edge cases")
	}
}
