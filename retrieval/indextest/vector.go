package indextest

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"deskpilot/retrieval"
)

// RunVector runs the contract suite of retrieval.VectorIndex; newIndex
// returns an empty index for vectors of dims dimensions, closed by the
// caller's cleanup.
//
// Scores must be within vectorTolerance of the exact cosine, position by
// position, so an approximate index passes only where it finds the true
// nearest neighbours of these small sets. Times are compared at microsecond
// precision, the finest PostgreSQL keeps.
func RunVector(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	tests := []struct {
		name string
		fn   func(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex)
	}{
		{"KnownAnswers", vectorKnownAnswers},
		{"BruteForce", vectorBruteForce},
		{"Filters", vectorFilters},
		{"AsOfStrictlyBefore", vectorAsOf},
		{"SparseFilter", vectorSparseFilter},
		{"UpsertReplaces", vectorUpsertReplaces},
		{"DeleteDocument", vectorDeleteDocument},
		{"KLargerThanSet", vectorKLarger},
		{"Empty", vectorEmpty},
		{"Dimensions", vectorDimensions},
		{"ConcurrentSearchUpsert", vectorConcurrent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newIndex) })
	}
}

// vectorDims is not a multiple of 16 or 32, to catch padding bugs.
const vectorDims = 48

// vectorTolerance is how far a score may be from the exact cosine (float32
// storage, quantization).
const vectorTolerance = 1e-3

var vectorT0 = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

// vectorChunk returns the chunk metadata of row i of a corpus: three
// chunks a document, every fourth document a ticket, visibilities,
// sources and languages cycling at different rates, one document an hour.
func vectorChunk(i int) retrieval.Chunk {
	doc := i / 3
	kind := retrieval.KindArticle
	if doc%4 == 3 {
		kind = retrieval.KindTicket
	}
	vis := retrieval.Public
	if doc%3 == 1 {
		vis = retrieval.Internal
	}
	return retrieval.Chunk{
		Kind: kind, DocumentID: int64(doc), Ordinal: i % 3, ExternalID: fmt.Sprint("ext-", doc),
		Heading: []string{"Doc", fmt.Sprint(doc)}, Visibility: vis,
		Source:    []string{"kb", "zendesk", "jira"}[(doc/2)%3],
		Language:  []string{"en", "de", "fr"}[(doc*7/5)%3],
		CreatedAt: vectorT0.Add(time.Duration(doc) * time.Hour),
	}
}

// vectorRandom returns a vector of normal values.
func vectorRandom(rng *rand.Rand, dims int) []float32 {
	v := make([]float32, dims)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

// vectorCorpus returns n vectors with vectorChunk's metadata.
func vectorCorpus(n int, seed uint64) []retrieval.Vector {
	rng := rand.New(rand.NewPCG(seed, 1))
	vs := make([]retrieval.Vector, n)
	for i := range vs {
		vs[i] = retrieval.Vector{Chunk: vectorChunk(i), Values: vectorRandom(rng, vectorDims)}
	}
	return vs
}

func vectorCosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}

// vectorBrute returns every vector f allows, scored against q, best first.
func vectorBrute(vs []retrieval.Vector, q []float32, f retrieval.Filter) []retrieval.Match {
	var out []retrieval.Match
	for i := range vs {
		if f.Allows(&vs[i].Chunk) {
			out = append(out, retrieval.Match{Key: vs[i].Chunk.Key(), Score: vectorCosine(vs[i].Values, q)})
		}
	}
	slices.SortFunc(out, func(a, b retrieval.Match) int { return cmp.Compare(b.Score, a.Score) })
	return out
}

// vectorCheck compares a search's result with the brute-force ranking of
// the vectors the filter allows: as many results as there should be, no
// duplicates, only allowed keys, each scored as it should be, and scores
// position by position as the exact ranking's.
func vectorCheck(t *testing.T, got []retrieval.Match, want []retrieval.Match, k int) {
	t.Helper()
	want = want[:min(k, len(want))]
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	exact := map[retrieval.ChunkKey]float64{}
	for _, m := range want {
		exact[m.Key] = m.Score
	}
	seen := map[retrieval.ChunkKey]bool{}
	for i, m := range got {
		if seen[m.Key] {
			t.Fatalf("result %d: %s returned twice", i, m.Key)
		}
		seen[m.Key] = true
		if math.Abs(m.Score-want[i].Score) > vectorTolerance {
			t.Fatalf("result %d: %s scored %.5f, want the exact ranking's %.5f (%s)\n got %v\nwant %v",
				i, m.Key, m.Score, want[i].Score, want[i].Key, got, want)
		}
		if s, ok := exact[m.Key]; ok && math.Abs(m.Score-s) > vectorTolerance {
			t.Fatalf("result %d: %s scored %.5f, its cosine is %.5f", i, m.Key, m.Score, s)
		}
		if i > 0 && m.Score > got[i-1].Score+1e-9 {
			t.Fatalf("results not best first: %v", got)
		}
	}
}

func vectorMustUpsert(t *testing.T, ix retrieval.VectorIndex, vs []retrieval.Vector) {
	t.Helper()
	for start := 0; start < len(vs); start += 500 {
		if err := ix.Upsert(context.Background(), vs[start:min(start+500, len(vs))]); err != nil {
			t.Fatal(err)
		}
	}
}

func vectorMustSearch(t *testing.T, ix retrieval.VectorIndex, q []float32, k int, f retrieval.Filter) []retrieval.Match {
	t.Helper()
	got, err := ix.Search(context.Background(), q, k, f)
	if err != nil {
		t.Fatalf("search k=%d %+v: %v", k, f, err)
	}
	return got
}

func vectorMustCount(t *testing.T, ix retrieval.VectorIndex, want int) {
	t.Helper()
	n, err := ix.Count(context.Background())
	if err != nil || n != want {
		t.Fatalf("Count = %d, %v; want %d", n, err, want)
	}
}

// vectorAxis returns a unit vector along axis i, times scale, plus extra
// along axis j.
func vectorAxis(i int, scale float32, j int, extra float32) []float32 {
	v := make([]float32, vectorDims)
	v[i] += scale
	v[j] += extra
	return v
}

// vectorKnownAnswers: cosine, not dot product or distance, on a set whose
// order is known by construction.
func vectorKnownAnswers(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ix := newIndex(t, vectorDims)
	vs := []retrieval.Vector{
		{Chunk: vectorChunk(0), Values: vectorAxis(0, 5, 1, 0)},   // along the query, long
		{Chunk: vectorChunk(1), Values: vectorAxis(0, 1, 1, 0.5)}, // cos 0.894
		{Chunk: vectorChunk(2), Values: vectorAxis(1, 1, 2, 0)},   // orthogonal
		{Chunk: vectorChunk(3), Values: vectorAxis(0, -2, 1, 0)},  // opposite
		{Chunk: vectorChunk(4), Values: vectorAxis(0, 0.1, 1, -0.1)},
	}
	vectorMustUpsert(t, ix, vs)
	vectorMustCount(t, ix, len(vs))
	got := vectorMustSearch(t, ix, vectorAxis(0, 0.3, 1, 0), 4, retrieval.Filter{})
	wantKeys := []retrieval.ChunkKey{vs[0].Chunk.Key(), vs[1].Chunk.Key(), vs[4].Chunk.Key(), vs[2].Chunk.Key()}
	wantScores := []float64{1, 2 / math.Sqrt(5), math.Sqrt(0.5), 0}
	for i, m := range got {
		if i >= len(wantKeys) || m.Key != wantKeys[i] || math.Abs(m.Score-wantScores[i]) > vectorTolerance {
			t.Fatalf("got %v, want keys %v scores %v", got, wantKeys, wantScores)
		}
	}
	if len(got) != 4 {
		t.Fatalf("got %d results, want 4", len(got))
	}
	vectorCheck(t, vectorMustSearch(t, ix, vectorAxis(0, -1, 1, 0), 5, retrieval.Filter{}),
		vectorBrute(vs, vectorAxis(0, -1, 1, 0), retrieval.Filter{}), 5)
}

// vectorBruteForce compares random queries with the exact ranking.
func vectorBruteForce(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ix := newIndex(t, vectorDims)
	vs := vectorCorpus(300, 1)
	vectorMustUpsert(t, ix, vs)
	vectorMustCount(t, ix, len(vs))
	rng := rand.New(rand.NewPCG(2, 2))
	for i, k := range []int{1, 5, 10, 10, 20, 50} {
		q := vectorRandom(rng, vectorDims)
		if i == 3 {
			q = slices.Clone(vs[42].Values) // a stored vector finds itself first
		}
		got := vectorMustSearch(t, ix, q, k, retrieval.Filter{})
		vectorCheck(t, got, vectorBrute(vs, q, retrieval.Filter{}), k)
		if i == 3 && (got[0].Key != vs[42].Chunk.Key() || math.Abs(got[0].Score-1) > vectorTolerance) {
			t.Fatalf("a stored vector as the query: first %v, want %s at 1", got[0], vs[42].Chunk.Key())
		}
	}
}

// vectorFilters checks each Filter field, and all together, against
// Filter.Allows.
func vectorFilters(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ix := newIndex(t, vectorDims)
	vs := vectorCorpus(300, 3)
	vectorMustUpsert(t, ix, vs)
	q := vectorRandom(rand.New(rand.NewPCG(4, 4)), vectorDims)
	top := vectorBrute(vs, q, retrieval.Filter{})
	topDoc, _, _ := top[0].Key.Parse()
	secondDoc, _, _ := top[3].Key.Parse()
	cases := []struct {
		name string
		f    retrieval.Filter
	}{
		{"none", retrieval.Filter{}},
		{"kinds", retrieval.Filter{Kinds: []retrieval.Kind{retrieval.KindTicket}}},
		{"both kinds", retrieval.Filter{Kinds: []retrieval.Kind{retrieval.KindTicket, retrieval.KindArticle}}},
		{"visibility", retrieval.Filter{Visibility: []retrieval.Visibility{retrieval.Public}}},
		{"visibility internal", retrieval.Filter{Visibility: []retrieval.Visibility{retrieval.Internal}}},
		{"sources", retrieval.Filter{Sources: []string{"zendesk", "jira"}}},
		{"unknown source", retrieval.Filter{Sources: []string{"nowhere"}}},
		{"unknown and known source", retrieval.Filter{Sources: []string{"nowhere", "kb"}}},
		{"languages", retrieval.Filter{Languages: []string{"de"}}},
		{"as of", retrieval.Filter{AsOf: vectorT0.Add(40 * time.Hour)}},
		{"exclude", retrieval.Filter{Exclude: []retrieval.DocRef{topDoc, secondDoc}}},
		{"exclude other kind", retrieval.Filter{Exclude: []retrieval.DocRef{{Kind: retrieval.KindTicket, ID: topDoc.ID}}}},
		{"all", retrieval.Filter{
			Kinds: []retrieval.Kind{retrieval.KindArticle}, Visibility: []retrieval.Visibility{retrieval.Public},
			Sources: []string{"kb", "jira"}, Languages: []string{"en", "fr"}, AsOf: vectorT0.Add(80 * time.Hour),
			Exclude: []retrieval.DocRef{topDoc},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []int{3, 10} {
				want := vectorBrute(vs, q, c.f)
				vectorCheck(t, vectorMustSearch(t, ix, q, k, c.f), want, k)
			}
		})
	}
}

// vectorAsOf: AsOf admits what was created strictly before it.
func vectorAsOf(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ix := newIndex(t, vectorDims)
	at := vectorT0.Add(time.Hour)
	vs := make([]retrieval.Vector, 3)
	for i, created := range []time.Time{at.Add(-time.Microsecond), at, at.Add(time.Microsecond)} {
		c := vectorChunk(3 * i)
		c.CreatedAt = created
		vs[i] = retrieval.Vector{Chunk: c, Values: vectorAxis(0, 1, i+1, 0.1)}
	}
	vectorMustUpsert(t, ix, vs)
	q := vectorAxis(0, 1, 1, 0)
	for _, c := range []struct {
		asOf time.Time
		want int
	}{{at.Add(-time.Microsecond), 0}, {at, 1}, {at.Add(time.Microsecond), 2}, {at.Add(time.Hour), 3}} {
		got := vectorMustSearch(t, ix, q, 10, retrieval.Filter{AsOf: c.asOf})
		if len(got) != c.want {
			t.Fatalf("AsOf %v: %d results, want %d: %v", c.asOf, len(got), c.want, got)
		}
		vectorCheck(t, got, vectorBrute(vs, q, retrieval.Filter{AsOf: c.asOf}), 10)
	}
}

// vectorSparseFilter: when the nearest vectors are all filtered out, the
// search still returns k of the few that pass, however far they are, for
// each field of the filter.
func vectorSparseFilter(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ix := newIndex(t, vectorDims)
	rng := rand.New(rand.NewPCG(5, 5))
	q := vectorRandom(rng, vectorDims)
	vs := make([]retrieval.Vector, 2030)
	for i := range vs {
		c := vectorChunk(i)
		c.Kind, c.Visibility, c.Source, c.Language = retrieval.KindArticle, retrieval.Public, "kb", "en"
		c.CreatedAt = vectorT0.Add(time.Duration(1000+i) * time.Hour)
		sign := float32(1) // near the query
		if i%68 == 5 && i/68 < 30 {
			// 30 rare ones, opposite the query, differ in every field.
			c.Kind, c.Visibility, c.Source, c.Language = retrieval.KindTicket, retrieval.Internal, "archive", "sv"
			c.CreatedAt, sign = vectorT0.Add(time.Duration(i)*time.Minute), -1
		}
		v := vectorRandom(rng, vectorDims)
		for d := range v {
			v[d] = sign*q[d] + 0.3*v[d]
		}
		vs[i] = retrieval.Vector{Chunk: c, Values: v}
	}
	vectorMustUpsert(t, ix, vs)
	cases := []struct {
		name string
		f    retrieval.Filter
	}{
		{"kinds", retrieval.Filter{Kinds: []retrieval.Kind{retrieval.KindTicket}}},
		{"visibility", retrieval.Filter{Visibility: []retrieval.Visibility{retrieval.Internal}}},
		{"sources", retrieval.Filter{Sources: []string{"archive"}}},
		{"languages", retrieval.Filter{Languages: []string{"sv"}}},
		{"as of", retrieval.Filter{AsOf: vectorT0.Add(1000 * time.Hour)}},
		{"some of the rare", retrieval.Filter{Sources: []string{"archive"}, AsOf: vectorT0.Add(1500 * time.Minute)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := vectorBrute(vs, q, c.f)
			if len(want) < 10 || len(want) > 30 {
				t.Fatalf("fixture: %d vectors pass, want 10 to 30", len(want))
			}
			vectorCheck(t, vectorMustSearch(t, ix, q, 10, c.f), want, 10)
		})
	}
}

// vectorUpsertReplaces: the same key replaces vector and metadata, within
// a batch and across batches.
func vectorUpsertReplaces(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ix := newIndex(t, vectorDims)
	vs := vectorCorpus(60, 6)
	vectorMustUpsert(t, ix, vs)
	c, old := vs[10].Chunk, vs[10].Chunk.Visibility
	c.Visibility = retrieval.Internal
	if old == retrieval.Internal {
		c.Visibility = retrieval.Public
	}
	v := vectorAxis(0, 1, 1, 1)
	batch := []retrieval.Vector{{Chunk: vs[10].Chunk, Values: vectorAxis(2, 1, 3, 0)}, {Chunk: c, Values: v}}
	vectorMustUpsert(t, ix, batch)
	vectorMustCount(t, ix, len(vs))
	vs[10] = batch[1]
	got := vectorMustSearch(t, ix, v, len(vs), retrieval.Filter{})
	if got[0].Key != c.Key() || math.Abs(got[0].Score-1) > vectorTolerance {
		t.Fatalf("replaced vector not found first: %v", got[0])
	}
	vectorCheck(t, got, vectorBrute(vs, v, retrieval.Filter{}), len(vs))
	f := retrieval.Filter{Visibility: []retrieval.Visibility{old}}
	got = vectorMustSearch(t, ix, v, 5, f)
	if slices.ContainsFunc(got, func(m retrieval.Match) bool { return m.Key == c.Key() }) {
		t.Fatalf("the old visibility still finds the replaced chunk: %v", got)
	}
	vectorCheck(t, got, vectorBrute(vs, v, f), 5)
}

// vectorDeleteDocument removes every chunk of one document, and only of
// that document (the same id of the other kind stays).
func vectorDeleteDocument(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ctx := context.Background()
	ix := newIndex(t, vectorDims)
	vs := vectorCorpus(30, 7) // documents 0-9, three chunks each
	ticket := vectorChunk(0)
	ticket.Kind, ticket.DocumentID = retrieval.KindTicket, 4 // ticket 4 beside article 4
	vs = append(vs, retrieval.Vector{Chunk: ticket, Values: vs[12].Values})
	vectorMustUpsert(t, ix, vs)
	doc := retrieval.DocRef{Kind: retrieval.KindArticle, ID: 4}
	for range 2 {
		if err := ix.DeleteDocument(ctx, doc); err != nil {
			t.Fatal(err)
		}
		vectorMustCount(t, ix, len(vs)-3)
	}
	if err := ix.DeleteDocument(ctx, retrieval.DocRef{Kind: retrieval.KindTicket, ID: 999}); err != nil {
		t.Fatalf("delete of an unknown document: %v", err)
	}
	vs = slices.DeleteFunc(vs, func(v retrieval.Vector) bool { return v.Chunk.Kind == doc.Kind && v.Chunk.DocumentID == doc.ID })
	got := vectorMustSearch(t, ix, vectorCorpus(30, 7)[12].Values, 100, retrieval.Filter{})
	vectorCheck(t, got, vectorBrute(vs, vectorCorpus(30, 7)[12].Values, retrieval.Filter{}), 100)
	if got[0].Key != ticket.Key() {
		t.Fatalf("first result %s, want the ticket of the same id %s", got[0].Key, ticket.Key())
	}
}

// vectorKLarger: k beyond the set returns the whole set; k of 0 nothing.
func vectorKLarger(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ix := newIndex(t, vectorDims)
	vs := vectorCorpus(5, 8)
	vectorMustUpsert(t, ix, vs)
	q := vs[0].Values
	vectorCheck(t, vectorMustSearch(t, ix, q, 50, retrieval.Filter{}), vectorBrute(vs, q, retrieval.Filter{}), 50)
	if got := vectorMustSearch(t, ix, q, 0, retrieval.Filter{}); len(got) != 0 {
		t.Fatalf("k=0: %v", got)
	}
}

func vectorEmpty(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ix := newIndex(t, vectorDims)
	vectorMustCount(t, ix, 0)
	if got := vectorMustSearch(t, ix, vectorAxis(0, 1, 1, 0), 10, retrieval.Filter{}); len(got) != 0 {
		t.Fatalf("empty index: %v", got)
	}
	if err := ix.DeleteDocument(context.Background(), retrieval.DocRef{Kind: retrieval.KindArticle, ID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(context.Background(), nil); err != nil {
		t.Fatalf("empty batch: %v", err)
	}
	vectorMustCount(t, ix, 0)
}

// vectorDimensions: a vector or query of the wrong length is an error, and
// a batch holding one writes nothing.
func vectorDimensions(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ctx := context.Background()
	ix := newIndex(t, vectorDims)
	vs := vectorCorpus(3, 9)
	vs[1].Values = append(vs[1].Values, 1)
	if err := ix.Upsert(ctx, vs); err == nil {
		t.Fatal("upsert of a vector of the wrong length succeeded")
	}
	vectorMustCount(t, ix, 0)
	vs[1].Values = vs[1].Values[:vectorDims]
	vectorMustUpsert(t, ix, vs)
	for _, n := range []int{vectorDims - 1, vectorDims + 1} {
		if _, err := ix.Search(ctx, make([]float32, n), 3, retrieval.Filter{}); err == nil {
			t.Fatalf("search with %d dimensions succeeded", n)
		}
	}
	vectorMustCount(t, ix, len(vs))
}

// vectorConcurrent searches while batches are upserted and documents
// deleted (run with -race).
func vectorConcurrent(t *testing.T, newIndex func(t *testing.T, dims int) retrieval.VectorIndex) {
	ctx := context.Background()
	ix := newIndex(t, vectorDims)
	vs := vectorCorpus(600, 10)
	vectorMustUpsert(t, ix, vs[:200])
	done := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for r := range 3 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(r), 11))
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				got, err := ix.Search(ctx, vectorRandom(rng, vectorDims), 10, retrieval.Filter{})
				if err == nil && len(got) != 10 {
					err = fmt.Errorf("search %d: %d results, want 10", n, len(got))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for start := 200; start < len(vs); start += 20 {
		batch := append(slices.Clone(vs[start:start+20]), vs[start-200]) // with a replacement
		if err := ix.Upsert(ctx, batch); err != nil {
			t.Error(err)
		}
	}
	if err := ix.DeleteDocument(ctx, retrieval.DocRef{Kind: vs[0].Chunk.Kind, ID: 0}); err != nil {
		t.Error(err)
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	vectorMustCount(t, ix, len(vs)-3)
}
