package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"deskpilot/retrieval"
	"deskpilot/retrieval/indextest"
	"deskpilot/store/postgres/pgtest"
)

// The vector index's tests are in the package, to run its search with the
// planner's hand forced. TestMain is postgres_test's.

// mustVectors opens a store on a fresh schema and returns its vector index
// of dims dimensions.
func mustVectors(tb testing.TB, dims int) *VectorIndex {
	tb.Helper()
	db, err := Open(context.Background(), pgtest.New(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	ix, err := db.Vectors(dims)
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

func TestVectorIndex(t *testing.T) {
	indextest.RunVector(t, func(t *testing.T, dims int) retrieval.VectorIndex { return mustVectors(t, dims) })
}

// sparseVectors returns n vectors near q, of source "kb", but for rare ones
// of source "archive" opposite q.
func sparseVectors(rng *rand.Rand, q []float32, n, rare int) []retrieval.Vector {
	vs := make([]retrieval.Vector, n)
	for i := range vs {
		sign, source := float32(1), "kb"
		if i%(n/rare) == 0 {
			sign, source = -1, "archive"
		}
		v := make([]float32, len(q))
		for d := range v {
			v[d] = sign*q[d] + 0.3*float32(rng.NormFloat64())
		}
		vs[i] = retrieval.Vector{Values: v, Chunk: retrieval.Chunk{
			Kind: retrieval.KindArticle, DocumentID: int64(i), Visibility: retrieval.Public,
			Source: source, CreatedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		}}
	}
	return vs
}

func randomVector(rng *rand.Rand, dims int) []float32 {
	v := make([]float32, dims)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

// TestVectorIterativeScan forces the HNSW index on a sparse filter: with
// iterative scans it must return k rows, without them it cannot, which
// shows that the first case did walk the index.
func TestVectorIterativeScan(t *testing.T) {
	ctx := context.Background()
	ix := mustVectors(t, 32)
	rng := rand.New(rand.NewPCG(1, 1))
	q := randomVector(rng, 32)
	if err := ix.Upsert(ctx, sparseVectors(rng, q, 3000, 30)); err != nil {
		t.Fatal(err)
	}
	f := &retrieval.Filter{Sources: []string{"archive"}}
	run := func(iterative string) (n int, plan string) {
		err := pgx.BeginFunc(ctx, ix.db.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, sqlSearchSettings, "40"); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "SET LOCAL hnsw.iterative_scan = "+iterative); err != nil {
				return err
			}
			got, err := ix.query(ctx, tx, ix.distance, pgvector.NewVector(q), 10, f)
			if err != nil {
				return err
			}
			n = len(got)
			where, args := ix.where(f)
			rows, _ := tx.Query(ctx, "EXPLAIN "+fmt.Sprintf(sqlSearchChunks, ix.distance, where), append([]any{pgvector.NewVector(q), 10}, args...)...)
			lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
			plan = strings.Join(lines, "\n")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n, plan
	}
	n, plan := run("relaxed_order")
	if !strings.Contains(plan, "chunks_embedding_32_idx") {
		t.Fatalf("the search does not use the HNSW index:\n%s", plan)
	}
	if n != 10 {
		t.Fatalf("iterative scan: %d rows, want 10", n)
	}
	if n, _ := run("off"); n >= 10 {
		t.Fatalf("without iterative scan: %d rows; the test does not exercise it", n)
	}
}

// TestVectorDimensions: indexes of several dimensions share the table, each
// seeing its own rows; past 2,000 dimensions the index is on halfvec.
func TestVectorDimensions(t *testing.T) {
	ctx := context.Background()
	small := mustVectors(t, 8)
	large, err := small.db.Vectors(2500)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	for _, ix := range []*VectorIndex{small, large} {
		var vs []retrieval.Vector
		for i := range 3 + ix.dims%7 {
			c := retrieval.Chunk{Kind: retrieval.KindArticle, DocumentID: int64(ix.dims), Ordinal: i, Visibility: retrieval.Public}
			vs = append(vs, retrieval.Vector{Chunk: c, Values: randomVector(rng, ix.dims)})
		}
		if err := ix.Upsert(ctx, vs); err != nil {
			t.Fatal(err)
		}
		if n, err := ix.Count(ctx); err != nil || n != len(vs) {
			t.Fatalf("%d dimensions: count %d, %v; want %d", ix.dims, n, err, len(vs))
		}
		got, err := ix.Search(ctx, vs[1].Values, 10, retrieval.Filter{})
		if err != nil || len(got) != len(vs) || got[0].Key != vs[1].Chunk.Key() {
			t.Fatalf("%d dimensions: search %v, %v", ix.dims, got, err)
		}
	}
	var def string
	if err := small.db.pool.QueryRow(ctx, "SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_embedding_2500_idx'").Scan(&def); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(def, "halfvec(2500)") || !strings.Contains(def, "hnsw") {
		t.Fatalf("index of 2500 dimensions: %s", def)
	}
	for _, dims := range []int{0, 4001} {
		if _, err := small.db.Vectors(dims); err == nil {
			t.Fatalf("Vectors(%d) succeeded", dims)
		}
	}
}

// BenchmarkPGVectorSearch loads 20,000 vectors of 256 dimensions as a
// reindex would (the rows, then the HNSW index), inserts 1,000 more into
// the index, and reports the p50 and p99 of 500 searches timed one by one.
func BenchmarkPGVectorSearch(b *testing.B) {
	const rows, dims = 20_000, 256
	ctx := context.Background()
	ix := mustVectors(b, dims)
	g := newBenchVectors(dims)
	loadBench(b, ix, g, rows)
	queries := make([][]float32, 100)
	for i := range queries {
		queries[i] = g.near()
	}
	cases := []struct {
		name string
		f    retrieval.Filter
	}{
		{"none", retrieval.Filter{}},
		{"typical", retrieval.Filter{Visibility: []retrieval.Visibility{retrieval.Public}, AsOf: g.t0.Add(5000 * time.Hour),
			Exclude: []retrieval.DocRef{{Kind: retrieval.KindArticle, ID: 7}}}},
		{"sparse", retrieval.Filter{Sources: []string{"jira"}, AsOf: g.t0.Add(2000 * time.Hour)}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			search := func(i int) {
				got, err := ix.Search(ctx, queries[i%len(queries)], 10, c.f)
				if err != nil || len(got) != 10 {
					b.Fatalf("search: %d results, %v", len(got), err)
				}
			}
			i := 0
			for b.Loop() {
				search(i)
				i++
			}
			b.StopTimer()
			ds := make([]time.Duration, 500)
			for i := range ds {
				s := time.Now()
				search(i)
				ds[i] = time.Since(s)
			}
			slices.Sort(ds)
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds()), "p99-µs")
			b.ReportMetric(recall(b, ix, queries, c.f), "recall@10")
		})
	}
}

// loadBench loads rows vectors as a reindex would: the rows, then the HNSW
// index; then it inserts 1,000 more through the index.
func loadBench(b *testing.B, ix *VectorIndex, g *benchVectors, rows int) {
	ctx := context.Background()
	ix.indexed.Store(true) // no index during the bulk load
	start := time.Now()
	for s := 0; s < rows; s += 1000 {
		if err := ix.Upsert(ctx, g.batch(s, 1000)); err != nil {
			b.Fatal(err)
		}
	}
	loadRate := float64(rows) / time.Since(start).Seconds()
	start = time.Now()
	if err := ix.db.EnsureVectorIndex(ctx, ix.dims); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	start = time.Now()
	if err := ix.Upsert(ctx, g.batch(rows, 1000)); err != nil {
		b.Fatal(err)
	}
	insertRate := 1000 / time.Since(start).Seconds()
	if _, err := ix.db.pool.Exec(ctx, "ANALYZE chunks"); err != nil {
		b.Fatal(err)
	}
	b.Logf("load without index %.0f vectors/s, index build %v, insert with index %.0f vectors/s",
		loadRate, build.Round(time.Millisecond), insertRate)
}

// recall returns the share of the exact top 10 that searches return.
func recall(b *testing.B, ix *VectorIndex, queries [][]float32, f retrieval.Filter) float64 {
	ctx := context.Background()
	found := 0
	for _, q := range queries {
		got, err := ix.Search(ctx, q, 10, f)
		if err != nil {
			b.Fatal(err)
		}
		var exact []retrieval.Match
		err = pgx.BeginFunc(ctx, ix.db.pool, func(tx pgx.Tx) (err error) {
			exact, err = ix.query(ctx, tx, "embedding <=> $1::vector", pgvector.NewVector(q), 10, &f)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range exact {
			if slices.ContainsFunc(got, func(g retrieval.Match) bool { return g.Key == m.Key }) {
				found++
			}
		}
	}
	return float64(found) / float64(10*len(queries))
}

// benchVectors generates chunks about 200 topics, with the metadata mix
// of a desk.
type benchVectors struct {
	rng    *rand.Rand
	topics [][]float32
	t0     time.Time
}

func newBenchVectors(dims int) *benchVectors {
	g := &benchVectors{rng: rand.New(rand.NewPCG(3, 3)), t0: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range 200 {
		g.topics = append(g.topics, randomVector(g.rng, dims))
	}
	return g
}

// near returns a vector near a random topic.
func (g *benchVectors) near() []float32 {
	t := g.topics[g.rng.IntN(len(g.topics))]
	v := randomVector(g.rng, len(t))
	for i := range v {
		v[i] = t[i] + 0.8*v[i]
	}
	return v
}

// batch returns n vectors from the start-th, three chunks a document.
func (g *benchVectors) batch(start, n int) []retrieval.Vector {
	vs := make([]retrieval.Vector, n)
	for i := range vs {
		doc := (start + i) / 3
		vis := retrieval.Public
		if doc%5 == 0 {
			vis = retrieval.Internal
		}
		vs[i] = retrieval.Vector{Values: g.near(), Chunk: retrieval.Chunk{
			Kind: retrieval.KindArticle, DocumentID: int64(doc), Ordinal: (start + i) % 3, Visibility: vis,
			Source: []string{"kb", "zendesk", "jira", "confluence", "freshdesk"}[doc%5], Language: "en",
			CreatedAt: g.t0.Add(time.Duration(doc) * time.Hour),
		}}
	}
	return vs
}
