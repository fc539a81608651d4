package vectors

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"deskpilot/retrieval"
)

var _ retrieval.VectorIndex = (*Index)(nil)

// Errors of the index. ErrCorrupt and ErrIncompatible from Open mean the
// snapshot cannot be used: the caller rebuilds the index from the records.
var (
	// ErrCorrupt is a snapshot that is truncated or damaged.
	ErrCorrupt = errors.New("vectors: snapshot is corrupt")
	// ErrIncompatible is a snapshot of another format version or with
	// another number of dimensions.
	ErrIncompatible = errors.New("vectors: snapshot is incompatible")
	// ErrDimensions is a vector or query of the wrong length.
	ErrDimensions = errors.New("vectors: wrong number of dimensions")
	// ErrClosed is any use of a closed index.
	ErrClosed = errors.New("vectors: index is closed")
)

// maxDims bounds the dimensions so that the kernels' int32 sums cannot
// overflow even with a coarse query.
const maxDims = 65536

// Options tune an index. The zero value is ready to use.
type Options struct {
	// Workers is how many goroutines scan a large index for one search;
	// 0 means GOMAXPROCS.
	Workers int
}

// Index is the embedded vector index. It is safe for concurrent use:
// searches run in parallel with each other, writes one at a time.
type Index struct {
	path    string // "" for memory only
	dims    int
	stride  int // dims rounded up to block
	workers int

	// writeMu serializes the changes and Flush, and is taken before mu.
	// Flush holds it, not mu, while it writes: writers wait for the
	// snapshot without blocking searches behind them on mu.
	writeMu sync.Mutex
	flushed uint64 // version last written; under writeMu

	// mu guards the data: searches read under it, changes write under it
	// (and writeMu).
	mu      sync.RWMutex
	closed  bool
	version uint64 // counts changes
	cols    columns
	first   []int8 // rows*stride: first-level codes
	second  []int8 // rows*stride: second-level codes
	scale   []float32
	rscale  []float32
	bound   []float32
	docs    map[docKey][]int32 // rows of each document
	deleted int                // tombstones among the rows
}

// Open opens the index persisted at path, loading its snapshot if there is
// one, for vectors of dims dimensions. An empty path keeps the index in
// memory only. Leftover temporary files of an interrupted Flush are
// removed. A damaged snapshot yields ErrCorrupt, one written by another
// version or with other dimensions ErrIncompatible.
func Open(path string, dims int, opts Options) (*Index, error) {
	if dims <= 0 || dims > maxDims {
		return nil, fmt.Errorf("vectors: open: %d dimensions, want 1 to %d", dims, maxDims)
	}
	ix := newIndex(path, dims, opts)
	if path == "" {
		return ix, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("vectors: open: %w", err)
	}
	if err := ix.load(); err != nil {
		return nil, fmt.Errorf("vectors: open %s: %w", path, err)
	}
	return ix, nil
}

func newIndex(path string, dims int, opts Options) *Index {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &Index{
		path: path, dims: dims, stride: (dims + block - 1) / block * block, workers: workers,
		cols: newColumns(), docs: map[docKey][]int32{},
	}
}

// Dimensions returns the number of dimensions of the index's vectors.
func (ix *Index) Dimensions() int { return ix.dims }

// Count returns the number of vectors indexed.
func (ix *Index) Count(ctx context.Context) (int, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return 0, ErrClosed
	}
	return len(ix.scale) - ix.deleted, nil
}

// Close flushes the index and releases it.
func (ix *Index) Close() error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if ix.closed {
		return nil
	}
	err := ix.flush()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.closed = true
	ix.cols, ix.first, ix.second, ix.scale, ix.rscale, ix.bound, ix.docs = columns{}, nil, nil, nil, nil, nil, nil
	return err
}

// prepared is a vector checked and quantized, ready to be stored.
type prepared struct {
	chunk *retrieval.Chunk
	code  code
}

// Upsert adds vectors, replacing those with the same chunk key. A batch
// with an invalid vector (wrong length, zero, not finite, bad key) writes
// nothing.
func (ix *Index) Upsert(ctx context.Context, vectors []retrieval.Vector) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("vectors: upsert: %w", err)
	}
	ps, err := ix.prepare(vectors)
	if err != nil {
		return fmt.Errorf("vectors: upsert: %w", err)
	}
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return ErrClosed
	}
	metas := make([]meta, len(ps))
	for i := range ps {
		if metas[i], err = ix.cols.encode(ps[i].chunk); err != nil {
			return fmt.Errorf("vectors: upsert %s: %w", ps[i].chunk.Key(), err)
		}
	}
	for i := range ps {
		ix.store(metas[i], &ps[i].code)
	}
	ix.version++
	return nil
}

// prepare checks and quantizes vectors, outside the lock.
func (ix *Index) prepare(vectors []retrieval.Vector) ([]prepared, error) {
	ps := make([]prepared, len(vectors))
	slab := make([]int8, 2*len(vectors)*ix.stride)
	scratch := make([]float64, 0, ix.dims)
	for i := range vectors {
		v := &vectors[i]
		if _, _, err := v.Chunk.Key().Parse(); err != nil {
			return nil, err
		}
		if v.Chunk.Ordinal < 0 || v.Chunk.Ordinal > math.MaxInt32 {
			return nil, fmt.Errorf("%s: ordinal out of range", v.Chunk.Key())
		}
		if len(v.Values) != ix.dims {
			return nil, fmt.Errorf("%s: %w: %d, want %d", v.Chunk.Key(), ErrDimensions, len(v.Values), ix.dims)
		}
		p := &ps[i]
		p.chunk = &v.Chunk
		p.code.first, slab = slab[:ix.stride:ix.stride], slab[ix.stride:]
		p.code.second, slab = slab[:ix.stride:ix.stride], slab[ix.stride:]
		if err := quantize(v.Values, &p.code, scratch); err != nil {
			return nil, fmt.Errorf("%s: %w", v.Chunk.Key(), err)
		}
	}
	return ps, nil
}

// store writes a row, over the row of the same key if there is one.
func (ix *Index) store(m meta, c *code) {
	dk := docKey{m.kind, m.doc}
	row := -1
	for _, r := range ix.docs[dk] {
		if ix.cols.ordinal[r] == m.ordinal {
			row = int(r)
			break
		}
	}
	if row < 0 {
		row = len(ix.scale)
		ix.docs[dk] = append(ix.docs[dk], int32(row))
		ix.cols.append(m)
		ix.first = append(ix.first, c.first...)
		ix.second = append(ix.second, c.second...)
		ix.scale = append(ix.scale, c.scale)
		ix.rscale = append(ix.rscale, c.rscale)
		ix.bound = append(ix.bound, c.bound)
		return
	}
	ix.cols.set(row, m)
	copy(ix.first[row*ix.stride:], c.first)
	copy(ix.second[row*ix.stride:], c.second)
	ix.scale[row], ix.rscale[row], ix.bound[row] = c.scale, c.rscale, c.bound
}

// DeleteDocument removes every vector of a document.
func (ix *Index) DeleteDocument(ctx context.Context, doc retrieval.DocRef) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return ErrClosed
	}
	k, ok := ix.cols.kinds.ids[string(doc.Kind)]
	if !ok {
		return nil
	}
	dk := docKey{uint8(k), doc.ID}
	rows := ix.docs[dk]
	if len(rows) == 0 {
		return nil
	}
	for _, r := range rows {
		ix.cols.kind[r] = dead
	}
	delete(ix.docs, dk)
	ix.deleted += len(rows)
	ix.version++
	// Compact once tombstones are a quarter of the rows, so that scans do
	// not waste time on them; Flush compacts too.
	if ix.deleted >= 1024 && ix.deleted*4 >= len(ix.scale) {
		ix.compact()
	}
	return nil
}

// compact drops the tombstones, keeping the order of the live rows.
func (ix *Index) compact() {
	if ix.deleted == 0 {
		return
	}
	n, s := 0, ix.stride
	for r := range ix.scale {
		if ix.cols.kind[r] == dead {
			continue
		}
		if n != r {
			ix.cols.move(n, r)
			copy(ix.first[n*s:(n+1)*s], ix.first[r*s:(r+1)*s])
			copy(ix.second[n*s:(n+1)*s], ix.second[r*s:(r+1)*s])
			ix.scale[n], ix.rscale[n], ix.bound[n] = ix.scale[r], ix.rscale[r], ix.bound[r]
		}
		n++
	}
	ix.cols.truncate(n)
	ix.first, ix.second = ix.first[:n*s], ix.second[:n*s]
	ix.scale, ix.rscale, ix.bound = ix.scale[:n], ix.rscale[:n], ix.bound[:n]
	ix.deleted = 0
	ix.reindexDocs()
}

// reindexDocs rebuilds the rows of each document from the columns.
func (ix *Index) reindexDocs() {
	ix.docs = make(map[docKey][]int32, len(ix.docs))
	for r, k := range ix.cols.kind {
		if k != dead {
			dk := docKey{k, ix.cols.doc[r]}
			ix.docs[dk] = append(ix.docs[dk], int32(r))
		}
	}
}
