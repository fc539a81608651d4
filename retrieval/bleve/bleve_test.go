package bleve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/google/go-cmp/cmp"

	"deskpilot/retrieval"
	"deskpilot/retrieval/indextest"
)

// MustOpen opens the index at path with opts, closed at the end of the
// test.
func MustOpen(tb testing.TB, path string, opts Options) *Index {
	tb.Helper()
	ix, err := Open(path, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := ix.Close(); err != nil {
			tb.Error(err)
		}
	})
	return ix
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func TestLexicalContract(t *testing.T) {
	tests := []struct {
		name string
		path func(t *testing.T) string
	}{
		{"memory", func(*testing.T) string { return "" }},
		{"disk", func(t *testing.T) string { return filepath.Join(t.TempDir(), "bleve") }},
		// Small batches: many segments, and replacements across batches.
		{"disk batch 2", func(t *testing.T) string { return filepath.Join(t.TempDir(), "bleve") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{}
			if strings.HasSuffix(tt.name, "batch 2") {
				opts.BatchSize = 2
			}
			indextest.RunLexical(t, func(t *testing.T) retrieval.LexicalIndex { return MustOpen(t, tt.path(t), opts) })
		})
	}
}

func testChunks() []retrieval.Chunk {
	return []retrieval.Chunk{
		{Kind: retrieval.KindArticle, DocumentID: 1, Heading: []string{"Printing"}, Text: "Add the printer by its queue name.", Language: "en", Source: "kb", Visibility: retrieval.Public},
		{Kind: retrieval.KindArticle, DocumentID: 1, Ordinal: 1, Heading: []string{"Printing", "Drivers"}, Text: "Install the driver from the portal.", Language: "en", Source: "kb", Visibility: retrieval.Public},
		{Kind: retrieval.KindTicket, DocumentID: 2, Heading: []string{"Imprimante"}, Text: "L'imprimante du deuxième étage est bloquée.", Language: "fr", Source: "zendesk", Visibility: retrieval.Internal},
		{Kind: retrieval.KindTicket, DocumentID: 3, Heading: []string{"Drucker"}, Text: "Der Drucker druckt nicht.", Language: "de", Source: "zendesk", Visibility: retrieval.Internal},
	}
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bleve")
	ix, err := Open(path, Options{})
	must(t, err)
	chunks := testChunks()
	must(t, ix.Upsert(ctx, chunks))
	wantStats := ix.currentStats()
	wantHits, err := ix.Search(ctx, "printer driver", "en", 10, retrieval.Filter{})
	must(t, err)
	must(t, ix.Close())

	ix = MustOpen(t, path, Options{})
	if v := ix.FormatVersion(); v != FormatVersion {
		t.Errorf("FormatVersion() = %d, want %d", v, FormatVersion)
	}
	if n, err := ix.Count(ctx); err != nil || n != len(chunks) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(chunks))
	}
	if diff := cmp.Diff(wantStats, ix.currentStats()); diff != "" {
		t.Errorf("statistics (-before +after):\n%s", diff)
	}
	hits, err := ix.Search(ctx, "printer driver", "en", 10, retrieval.Filter{})
	must(t, err)
	if diff := cmp.Diff(wantHits, hits); diff != "" || len(hits) != 2 {
		t.Errorf("search after reopen (-before +after):\n%s", diff)
	}
	got, err := ix.Chunks(ctx, []retrieval.ChunkKey{chunks[2].Key()})
	must(t, err)
	if diff := cmp.Diff(chunks[2:3], got); diff != "" {
		t.Errorf("Chunks after reopen (-want +got):\n%s", diff)
	}
}

func TestOpenFormatChanged(t *testing.T) {
	t.Run("other version", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bleve")
		ix, err := Open(path, Options{})
		must(t, err)
		must(t, ix.idx.SetInternal(formatKey, []byte("999")))
		must(t, ix.Close())
		_, err = Open(path, Options{})
		if !errors.Is(err, ErrFormatChanged) {
			t.Fatalf("Open: %v, want ErrFormatChanged", err)
		}
		// The failed Open released the index: a rebuild can remove it.
		must(t, os.RemoveAll(path))
		MustOpen(t, path, Options{})
	})
	t.Run("not ours", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "bleve")
		idx, err := bleve.NewUsing(path, bleve.NewIndexMapping(), scorch.Name, scorch.Name, nil)
		must(t, err)
		must(t, idx.Close())
		if _, err := Open(path, Options{}); !errors.Is(err, ErrFormatChanged) {
			t.Fatalf("Open: %v, want ErrFormatChanged", err)
		}
	})
}

func TestOpenCreates(t *testing.T) {
	tests := []struct {
		name string
		path func(t *testing.T) string
	}{
		{"missing", func(t *testing.T) string { return filepath.Join(t.TempDir(), "a", "b") }},
		{"empty directory", func(t *testing.T) string { return t.TempDir() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := MustOpen(t, tt.path(t), Options{})
			must(t, ix.Upsert(context.Background(), testChunks()))
			if n, err := ix.Count(context.Background()); err != nil || n != len(testChunks()) {
				t.Errorf("Count = %d, %v", n, err)
			}
		})
	}
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bleve")
	MustOpen(t, path, Options{})
	_, err := Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open of an index in use: %v, want ErrLocked", err)
	}
}

func TestOpenNotADirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "file")
	must(t, os.WriteFile(path, []byte("x"), 0o600))
	if _, err := Open(path, Options{}); err == nil || errors.Is(err, ErrFormatChanged) {
		t.Fatalf("Open of a file: %v, want another error", err)
	}
}

// mappingHash is the SHA-256 of the mapping's JSON. When a change to
// the mapping changes it, bump FormatVersion, then update this hash. The
// test cannot see changes to the token filters written in Go or to what
// indexDoc writes: those need a bump too.
const mappingHash = "4a7e5a9bf8faf63182f5c66ba1cabd2423b8f7b6d782e7051564752c0f5d3bfb"

func TestMappingNeedsVersionBump(t *testing.T) {
	m, err := newMapping()
	must(t, err)
	data, err := json.Marshal(m)
	must(t, err)
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != mappingHash {
		t.Errorf("the mapping changed (hash %s): bump FormatVersion (now %d) and update mappingHash", got, FormatVersion)
	}
}

// TestScoringIsBM25 guards against an index silently scoring with TF-IDF,
// as bleve's memory-only (upsidedown) indexes do.
func TestScoringIsBM25(t *testing.T) {
	for _, path := range []string{"", filepath.Join(t.TempDir(), "bleve")} {
		ix := MustOpen(t, path, Options{})
		must(t, ix.Upsert(context.Background(), testChunks()))
		req := ix.searchRequest("printer", "en", 10, &retrieval.Filter{})
		req.Explain = true
		res, err := ix.idx.Search(req)
		must(t, err)
		if len(res.Hits) == 0 {
			t.Fatalf("%q: no hit", path)
		}
		expl, err := json.Marshal(res.Hits[0].Expl)
		must(t, err)
		if !strings.Contains(string(expl), "bm25 model") || strings.Contains(string(expl), "tf-idf model") {
			t.Errorf("%q: not scored by BM25: %s", path, expl)
		}
	}
}

// TestScoresIndependentOfBatches checks that scores depend on the chunks
// only, not on how they were written: bleve's own BM25 statistics change
// with the number of segments.
func TestScoresIndependentOfBatches(t *testing.T) {
	ctx := context.Background()
	chunks := syntheticChunks(400, 7)
	one := MustOpen(t, "", Options{BatchSize: 1000})
	many := MustOpen(t, filepath.Join(t.TempDir(), "bleve"), Options{BatchSize: 3})
	must(t, one.Upsert(ctx, chunks))
	must(t, many.Upsert(ctx, chunks[100:]))
	must(t, many.Upsert(ctx, chunks))
	for _, q := range []string{"outlook calendar sync fails", "imprimante bloquée", "vpn timeout after update"} {
		a, err := one.Search(ctx, q, "", 20, retrieval.Filter{})
		must(t, err)
		b, err := many.Search(ctx, q, "", 20, retrieval.Filter{})
		must(t, err)
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("%q: %d and %d results", q, len(a), len(b))
		}
		for i := range a {
			if a[i].Key != b[i].Key || math.Abs(a[i].Score-b[i].Score) > 1e-9*a[i].Score {
				t.Errorf("%q #%d: %v vs %v", q, i, a[i], b[i])
			}
		}
	}
}

// TestStatsExact checks the statistics against a recount after writes,
// replacements and deletions.
func TestStatsExact(t *testing.T) {
	ctx := context.Background()
	ix := MustOpen(t, "", Options{BatchSize: 7})
	chunks := syntheticChunks(120, 3)
	must(t, ix.Upsert(ctx, chunks))
	for i := range chunks[:40] {
		chunks[i].Text += " extra words for the replacement"
	}
	must(t, ix.Upsert(ctx, chunks[:40]))
	deleted := map[retrieval.DocRef]bool{}
	for _, c := range chunks[50:60] {
		d := retrieval.DocRef{Kind: c.Kind, ID: c.DocumentID}
		must(t, ix.DeleteDocument(ctx, d))
		deleted[d] = true
	}
	want := corpusStats{Fields: map[string]fieldStat{}}
	for i := range chunks {
		if !deleted[retrieval.DocRef{Kind: chunks[i].Kind, ID: chunks[i].DocumentID}] {
			want.add(ix.lengthsOf(&chunks[i]), 1)
		}
	}
	if diff := cmp.Diff(want, ix.currentStats()); diff != "" {
		t.Errorf("statistics (-recount +kept):\n%s", diff)
	}
	if n, _ := ix.Count(ctx); int64(n) != want.Docs {
		t.Errorf("Count = %d, statistics count %d", n, want.Docs)
	}
}

func TestTiesOrderedByKey(t *testing.T) {
	ctx := context.Background()
	ix := MustOpen(t, filepath.Join(t.TempDir(), "bleve"), Options{BatchSize: 4})
	var chunks []retrieval.Chunk
	var keys []string
	for i := range tieSlack + 2 {
		c := retrieval.Chunk{Kind: retrieval.KindArticle, DocumentID: int64(20 - i), Text: "same words in every chunk", Language: "en"}
		chunks = append(chunks, c)
		keys = append(keys, string(c.Key()))
	}
	must(t, ix.Upsert(ctx, chunks))
	slices.Sort(keys)
	got, err := ix.Search(ctx, "words", "en", 2, retrieval.Filter{})
	must(t, err)
	var gotKeys []string
	for _, m := range got {
		gotKeys = append(gotKeys, string(m.Key))
	}
	if !slices.Equal(gotKeys, keys[:2]) {
		t.Errorf("got %v, want %v", gotKeys, keys[:2])
	}
}

func TestFallbackBoost(t *testing.T) {
	tests := []struct {
		name  string
		boost float64
		want  int
	}{
		{"default", 0, 1},
		{"off", -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := MustOpen(t, "", Options{FallbackBoost: tt.boost})
			must(t, ix.Upsert(context.Background(), testChunks()))
			// The French chunk, searched with a wrong English hint.
			got, err := ix.Search(context.Background(), "imprimante", "en", 5, retrieval.Filter{})
			must(t, err)
			if len(got) != tt.want {
				t.Errorf("got %v, want %d results", got, tt.want)
			}
		})
	}
}
