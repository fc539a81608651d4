package vectors

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"deskpilot/retrieval"
)

const (
	benchRows = 100_000
	benchDims = 256
)

// benchCorpus generates realistic vectors: chunks of documents about a
// thousand topics, so that neighbours are near and scores bunch up, with
// the metadata mix of a desk (a third tickets, a fifth internal, five
// sources, mostly English, three years of history).
type benchCorpus struct {
	rng    *rand.Rand
	topics [][]float32
	t0     time.Time
}

func newBenchCorpus(dims int) *benchCorpus {
	c := &benchCorpus{rng: rand.New(rand.NewPCG(7, 7)), t0: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range 1000 {
		c.topics = append(c.topics, c.noise(dims, 1))
	}
	return c
}

func (c *benchCorpus) noise(dims int, sigma float64) []float32 {
	v := make([]float32, dims)
	for i := range v {
		v[i] = float32(c.rng.NormFloat64() * sigma)
	}
	return v
}

// near returns a vector near a random topic.
func (c *benchCorpus) near() []float32 {
	t := c.topics[c.rng.IntN(len(c.topics))]
	v := c.noise(len(t), 0.8)
	for i := range v {
		v[i] += t[i]
	}
	return v
}

// vector returns the i-th chunk: documents of 1 to 5 chunks.
func (c *benchCorpus) vector(i int) retrieval.Vector {
	doc := i / 3
	kind, vis := retrieval.KindArticle, retrieval.Public
	if doc%3 == 0 {
		kind = retrieval.KindTicket
	}
	if doc%5 == 0 {
		vis = retrieval.Internal
	}
	lang := "en"
	if doc%10 >= 7 {
		lang = []string{"de", "fr", "es"}[doc%3]
	}
	return retrieval.Vector{Values: c.near(), Chunk: retrieval.Chunk{
		Kind: kind, DocumentID: int64(doc), Ordinal: i % 3, Visibility: vis, Language: lang,
		Source:    []string{"kb", "zendesk", "jira", "confluence", "freshdesk"}[doc%5],
		CreatedAt: c.t0.Add(time.Duration(doc) * 15 * time.Minute),
	}}
}

var bench struct {
	once   sync.Once
	ix     *Index
	corpus *benchCorpus
	heapMB float64
}

// benchIndex builds the 100k index once for all benchmarks, in batches so
// that the generated floats do not stay in the heap measured.
func benchIndex(b *testing.B) (*Index, *benchCorpus) {
	bench.once.Do(func() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix, err := Open("", benchDims, Options{})
		if err != nil {
			b.Fatal(err)
		}
		c := newBenchCorpus(benchDims)
		for start := 0; start < benchRows; start += 1000 {
			batch := make([]retrieval.Vector, 1000)
			for i := range batch {
				batch[i] = c.vector(start + i)
			}
			if err := ix.Upsert(context.Background(), batch); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		bench.ix, bench.corpus = ix, c
		bench.heapMB = float64(after.HeapInuse-before.HeapInuse) / (1 << 20)
	})
	return bench.ix, bench.corpus
}

// BenchmarkSearch100k searches 100,000 vectors of 256 dimensions and
// reports, besides the mean, the p50 and p99 of 1,000 queries timed one by
// one, and the heap the index takes.
func BenchmarkSearch100k(b *testing.B) {
	ix, c := benchIndex(b)
	typical := retrieval.Filter{
		Visibility: []retrieval.Visibility{retrieval.Public},
		AsOf:       c.t0.Add(2 * 365 * 24 * time.Hour),
		Exclude:    []retrieval.DocRef{{Kind: retrieval.KindTicket, ID: 300}},
	}
	cases := []struct {
		name string
		k    int
		f    retrieval.Filter
	}{
		{"none/k=10", 10, retrieval.Filter{}},
		{"typical/k=10", 10, typical},
		{"typical/k=50", 50, typical},
		{"sparse/k=10", 10, retrieval.Filter{Languages: []string{"es"}, Sources: []string{"jira"}}},
	}
	queries := make([][]float32, 256)
	for i := range queries {
		queries[i] = c.near()
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			search := func(i int) {
				if _, err := ix.Search(context.Background(), queries[i%len(queries)], tc.k, tc.f); err != nil {
					b.Fatal(err)
				}
			}
			i := 0
			for b.Loop() {
				search(i)
				i++
			}
			b.StopTimer()
			reportPercentiles(b, 1000, search)
			b.ReportMetric(bench.heapMB, "heap-MB")
		})
	}
}

// reportPercentiles times n calls one by one and reports p50 and p99.
func reportPercentiles(b *testing.B, n int, call func(i int)) {
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		call(i)
		ds[i] = time.Since(start)
	}
	slices.Sort(ds)
	b.ReportMetric(float64(ds[n/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(ds[n*99/100].Microseconds()), "p99-µs")
}

// BenchmarkUpsert inserts batches of 1,000 new vectors of 256 dimensions.
func BenchmarkUpsert(b *testing.B) {
	c := newBenchCorpus(benchDims)
	batches := make([][]retrieval.Vector, 8)
	for i := range batches {
		for j := range 1000 {
			batches[i] = append(batches[i], c.vector(i*1000+j))
		}
	}
	ix := MustOpen(b, "", benchDims)
	n := 0
	for b.Loop() {
		batch := batches[n%len(batches)]
		for j := range batch {
			batch[j].Chunk.DocumentID = int64(n*1000+j) / 3 // new keys
		}
		if err := ix.Upsert(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n*1000)/b.Elapsed().Seconds(), "vectors/s")
}

// BenchmarkSnapshot100k writes and reads the 100k index's snapshot.
func BenchmarkSnapshot100k(b *testing.B) {
	ix, _ := benchIndex(b)
	path := filepath.Join(b.TempDir(), "vectors.idx")
	b.Run("flush", func(b *testing.B) {
		saved := ix.path
		defer func() { ix.path = saved }()
		ix.path = path
		for b.Loop() {
			ix.flushed = math.MaxUint64 // force a write
			if err := ix.Flush(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			again, err := Open(path, benchDims, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if n, _ := again.Count(context.Background()); n != benchRows {
				b.Fatal(fmt.Sprint("reopened with ", n, " rows"))
			}
		}
	})
}
