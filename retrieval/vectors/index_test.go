package vectors

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"deskpilot/retrieval"
	"deskpilot/retrieval/indextest"
)

func TestMemory(t *testing.T) {
	indextest.RunVector(t, func(t *testing.T, dims int) retrieval.VectorIndex {
		return MustOpen(t, "", dims)
	})
}

func TestOnDisk(t *testing.T) {
	indextest.RunVector(t, func(t *testing.T, dims int) retrieval.VectorIndex {
		return MustOpen(t, filepath.Join(t.TempDir(), "vectors.idx"), dims)
	})
}

// TestSmallWorkers runs the suite with scans split among many goroutines
// over few rows, where a wrong merge of their thresholds would show.
func TestSmallWorkers(t *testing.T) {
	defer func(n int) { scanChunk = n }(scanChunk)
	scanChunk = 64
	indextest.RunVector(t, func(t *testing.T, dims int) retrieval.VectorIndex {
		ix, err := Open("", dims, Options{Workers: 7})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		return ix
	})
}

// MustOpen opens an index closed when the test ends.
func MustOpen(tb testing.TB, path string, dims int) *Index {
	tb.Helper()
	ix, err := Open(path, dims, Options{})
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

// testVectors returns n random vectors with varied metadata.
func testVectors(n, dims int, seed uint64) []retrieval.Vector {
	rng := rand.New(rand.NewPCG(seed, seed))
	vs := make([]retrieval.Vector, n)
	for i := range vs {
		v := make([]float32, dims)
		for d := range v {
			v[d] = float32(rng.NormFloat64())
		}
		kind, vis := retrieval.KindArticle, retrieval.Public
		if i%5 == 0 {
			kind, vis = retrieval.KindTicket, retrieval.Internal
		}
		vs[i] = retrieval.Vector{Values: v, Chunk: retrieval.Chunk{
			Kind: kind, DocumentID: int64(i / 2), Ordinal: i % 2, Visibility: vis,
			Source: []string{"kb", "zendesk"}[i%2], Language: []string{"en", "de", "fr"}[i%3],
			CreatedAt: time.Date(2024, 1, 1, 0, 0, i, 0, time.UTC),
		}}
	}
	return vs
}

// search runs the same queries on an index and returns the results.
func search(t *testing.T, ix *Index, queries []retrieval.Vector) [][]retrieval.Match {
	t.Helper()
	var out [][]retrieval.Match
	for i, q := range queries {
		f := retrieval.Filter{}
		if i%2 == 1 {
			f = retrieval.Filter{Visibility: []retrieval.Visibility{retrieval.Public}, Languages: []string{"de"}}
		}
		got, err := ix.Search(context.Background(), q.Values, 10, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, got)
	}
	return out
}

// TestReopen: what a flushed index held, deletions included, is what the
// reopened one holds, and it takes writes again.
func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "vectors.idx")
	vs := testVectors(3000, 100, 1)
	ix, err := Open(path, 100, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(ctx, vs); err != nil {
		t.Fatal(err)
	}
	for id := range int64(700) {
		if err := ix.DeleteDocument(ctx, retrieval.DocRef{Kind: retrieval.KindArticle, ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	want := search(t, ix, vs[2000:2010])
	wantCount, _ := ix.Count(ctx)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	again := MustOpen(t, path, 100)
	if n, err := again.Count(ctx); err != nil || n != wantCount {
		t.Fatalf("count after reopen: %d, %v; want %d", n, err, wantCount)
	}
	got := search(t, again, vs[2000:2010])
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("results after reopen differ:\n got %v\nwant %v", got, want)
	}
	if err := again.Upsert(ctx, vs[:10]); err != nil {
		t.Fatal(err)
	}
	if n, _ := again.Count(ctx); n != wantCount+8 { // 10 rows, 2 of them tickets still there
		t.Fatalf("count after reinsert: %d, want %d", n, wantCount+8)
	}
}

// mustSnapshot writes a snapshot of a small index and returns its path.
func mustSnapshot(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vectors.idx")
	ix, err := Open(path, 40, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(context.Background(), testVectors(50, 40, 2)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCorruptSnapshot(t *testing.T) {
	path := mustSnapshot(t)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(at int) []byte {
		b := slices.Clone(good)
		b[at] ^= 0x10
		return b
	}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrCorrupt},
		{"header only", good[:headerSize], ErrCorrupt},
		{"truncated in the codes", good[:len(good)/2], ErrCorrupt},
		{"checksum missing", good[:len(good)-4], ErrCorrupt},
		{"trailing bytes", append(slices.Clone(good), 0), ErrCorrupt},
		{"bad magic", flip(0), ErrCorrupt},
		{"row count", flip(16), ErrCorrupt},
		{"bit flip in a dictionary", flip(headerSize + 9), ErrCorrupt},
		{"bit flip in the codes", flip(len(good) - 100), ErrCorrupt},
		{"bit flip in the checksum", flip(len(good) - 1), ErrCorrupt},
		{"other version", flip(8), ErrIncompatible},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := os.WriteFile(path, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			ix, err := Open(path, 40, Options{})
			if !errors.Is(err, c.want) {
				if ix != nil {
					ix.Close()
				}
				t.Fatalf("Open: %v, want %v", err, c.want)
			}
		})
	}
	t.Run("other dimensions", func(t *testing.T) {
		if err := os.WriteFile(path, good, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path, 41, Options{}); !errors.Is(err, ErrIncompatible) {
			t.Fatalf("Open with 41 dimensions: %v, want ErrIncompatible", err)
		}
	})
}

// TestFlushAtomic: a temporary file left by an interrupted Flush neither
// replaces nor spoils the snapshot, and is removed.
func TestFlushAtomic(t *testing.T) {
	ctx := context.Background()
	path := mustSnapshot(t)
	leftover := path + tempInfix + "123"
	if err := os.WriteFile(leftover, []byte("half a snapshot"), 0o600); err != nil {
		t.Fatal(err)
	}
	ix := MustOpen(t, path, 40)
	if n, err := ix.Count(ctx); err != nil || n != 50 {
		t.Fatalf("count: %d, %v; want 50", n, err)
	}
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("leftover temporary file: %v, want removed", err)
	}
	if err := ix.Upsert(ctx, testVectors(60, 40, 3)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Flush(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil || len(entries) != 1 {
		t.Fatalf("folder after Flush: %v, %v; want the snapshot alone", entries, err)
	}
	again, err := Open(path, 40, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if n, _ := again.Count(ctx); n != 60 {
		t.Fatalf("count after Flush and reopen: %d, want 60", n)
	}
}

func TestInvalidVectors(t *testing.T) {
	ctx := context.Background()
	ix := MustOpen(t, "", 4)
	nan := float32(0)
	nan /= nan
	cases := []struct {
		name   string
		values []float32
	}{
		{"zero", []float32{0, 0, 0, 0}},
		{"NaN", []float32{1, nan, 0, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := retrieval.Vector{Chunk: retrieval.Chunk{Kind: retrieval.KindArticle, DocumentID: 1}, Values: c.values}
			if err := ix.Upsert(ctx, []retrieval.Vector{v}); err == nil {
				t.Fatal("upsert succeeded")
			}
			if _, err := ix.Search(ctx, c.values, 3, retrieval.Filter{}); err == nil {
				t.Fatal("search succeeded")
			}
		})
	}
	bad := retrieval.Vector{Chunk: retrieval.Chunk{Kind: "page", DocumentID: 1}, Values: []float32{1, 0, 0, 0}}
	if err := ix.Upsert(ctx, []retrieval.Vector{bad}); err == nil {
		t.Fatal("upsert of an unknown kind succeeded")
	}
}

func TestClosed(t *testing.T) {
	ix, err := Open("", 4, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(context.Background(), []float32{1, 0, 0, 0}, 1, retrieval.Filter{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("search after Close: %v, want ErrClosed", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestFlushWhileBusy flushes while searches, upserts and deletions run
// (with -race), then checks the last snapshot holds the final state.
func TestFlushWhileBusy(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "vectors.idx")
	ix, err := Open(path, 64, Options{})
	if err != nil {
		t.Fatal(err)
	}
	vs := testVectors(2000, 64, 4)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-done:
				return
			default:
			}
			if _, err := ix.Search(ctx, vs[i%len(vs)].Values, 5, retrieval.Filter{}); err != nil {
				t.Error(err)
				return
			}
		}
	})
	wg.Go(func() {
		for i := 0; i < len(vs); i += 100 {
			if err := ix.Upsert(ctx, vs[i:i+100]); err != nil {
				t.Error(err)
			}
			if err := ix.DeleteDocument(ctx, retrieval.DocRef{Kind: retrieval.KindArticle, ID: int64(i / 2)}); err != nil {
				t.Error(err)
			}
		}
	})
	for range 5 {
		if err := ix.Flush(); err != nil {
			t.Error(err)
		}
	}
	close(done)
	wg.Wait()
	want, _ := ix.Count(ctx)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	again := MustOpen(t, path, 64)
	if n, _ := again.Count(ctx); n != want {
		t.Fatalf("count after reopen: %d, want %d", n, want)
	}
}
