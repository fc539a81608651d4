package bleve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"go.etcd.io/bbolt"

	"deskpilot/retrieval"
)

// FormatVersion is the version of the mapping and document layout this
// package writes. Bump it with any change to mapping.go or to what
// Upsert indexes: Open then reports ErrFormatChanged for older indexes
// and the caller rebuilds them from the records store.
const FormatVersion = 1

// ErrFormatChanged reports an index written with another FormatVersion
// (or not by this package): it must be removed and rebuilt.
var ErrFormatChanged = errors.New("bleve: index format changed")

// ErrLocked reports an index on disk that another process holds open
// (a running server) for longer than Options.LockTimeout.
var ErrLocked = errors.New("bleve: index in use by another process")

// formatKey is the internal key holding the format version.
var formatKey = []byte("deskpilot_format_version")

// Options tune an Index. Zero fields take the defaults.
type Options struct {
	// BatchSize is how many chunks Upsert writes per bleve batch;
	// default 500.
	BatchSize int
	// HeadingBoost weighs a match in a chunk's heading path against one
	// in its text; default 2.
	HeadingBoost float64
	// FallbackBoost weighs matches in the language-neutral fields, which
	// every chunk has, against matches in the fields of the query's
	// language; default 0.5. They find chunks when the query's language
	// is wrong, and reward exact word forms. Negative leaves them out of
	// English and French queries: searches take about half the time,
	// and a wrong language hint then hides the other languages' chunks.
	FallbackBoost float64
	// MaxQueryTerms bounds how many distinct words of a query are searched:
	// the rarest ones (default 10). Chat questions rarely have more; long
	// ticket questions would otherwise walk many long posting lists.
	MaxQueryTerms int
	// MaxTermShare drops query words found in more than this share of the
	// chunks (default 0.2): they weigh little in BM25 and cost the most
	// to search. The rarest words are kept if every word is that common.
	MaxTermShare float64
	// LockTimeout is how long Open waits for an index on disk that
	// another Index (or process) holds; default 5s.
	LockTimeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.HeadingBoost <= 0 {
		o.HeadingBoost = 2
	}
	if o.FallbackBoost == 0 {
		o.FallbackBoost = 0.5
	}
	if o.MaxQueryTerms <= 0 {
		o.MaxQueryTerms = 10
	}
	if o.MaxTermShare <= 0 {
		o.MaxTermShare = 0.2
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = 5 * time.Second
	}
	return o
}

// Index is a retrieval.LexicalIndex on a bleve index. It is safe for
// concurrent use: searches run while Upsert writes.
type Index struct {
	idx       bleve.Index
	memory    bool // path "": no persister, no merger
	opts      Options
	analyzers map[string]analysis.Analyzer

	writeMu sync.Mutex // one write at a time keeps the statistics exact
	statsMu sync.RWMutex
	stats   corpusStats
	// dfCache keeps document frequencies of query words between writes
	// (guarded by statsMu, emptied whenever the statistics change):
	// looking them up opens a term reader per word and field.
	dfCache map[string]uint64
	dfGen   uint64 // bumped with each change of the statistics

	closeOnce sync.Once
	closeErr  error
}

var _ retrieval.LexicalIndex = (*Index)(nil)

// Open opens the index at path, creating it if path does not exist or is
// an empty directory; path "" makes an in-memory index, for evaluations
// and tests. An index of another FormatVersion gives ErrFormatChanged.
func Open(path string, opts Options) (*Index, error) {
	ix := &Index{opts: opts.withDefaults(), memory: path == ""}
	var err error
	config := map[string]any{"bolt_timeout": ix.opts.LockTimeout.String()}
	if path == "" || isEmptyDir(path) {
		ix.idx, err = create(path, config)
	} else {
		ix.idx, err = bleve.OpenUsing(path, config)
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
			ix.idx, err = create(path, config)
		}
	}
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, fmt.Errorf("bleve: open %q: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("bleve: open %q: %w", path, err)
	}
	if err := ix.init(); err != nil {
		_ = ix.idx.Close()
		return nil, fmt.Errorf("bleve: open %q: %w", path, err)
	}
	return ix, nil
}

// init checks the format of the opened index and loads what searches
// need of it.
func (ix *Index) init() error {
	if v := ix.FormatVersion(); v != FormatVersion {
		return fmt.Errorf("format %d, want %d: %w", v, FormatVersion, ErrFormatChanged)
	}
	m := ix.idx.Mapping()
	ix.analyzers = make(map[string]analysis.Analyzer)
	for _, name := range []string{analyzerStd, analyzerEN, analyzerFR} {
		a := m.AnalyzerNamed(name)
		if a == nil {
			return fmt.Errorf("no analyzer %s: %w", name, ErrFormatChanged)
		}
		ix.analyzers[name] = a
	}
	return ix.loadStats()
}

func create(path string, config map[string]any) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	// Scorch even in memory (path ""): bleve's NewMemOnly uses the older
	// upsidedown index, which cannot score with BM25.
	idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, config)
	if err != nil {
		return nil, err
	}
	b := idx.NewBatch()
	b.SetInternal(formatKey, []byte(strconv.Itoa(FormatVersion)))
	if err := setStats(b, corpusStats{}); err != nil {
		_ = idx.Close()
		return nil, err
	}
	if err := idx.Batch(b); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return idx, nil
}

func isEmptyDir(path string) bool {
	entries, err := os.ReadDir(path)
	return err == nil && len(entries) == 0
}

// FormatVersion returns the format version recorded in the index: the
// package's FormatVersion for any index Open returned, 0 when none is
// recorded.
func (ix *Index) FormatVersion() int {
	b, err := ix.idx.GetInternal(formatKey)
	if err != nil {
		return 0
	}
	v, err := strconv.Atoi(string(b))
	if err != nil {
		return 0
	}
	return v
}

// Count returns the number of chunks indexed.
func (ix *Index) Count(ctx context.Context) (int, error) {
	n, err := ix.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("bleve: count: %w", err)
	}
	return int(n), nil
}

// Close flushes and closes the index. Later calls return the first
// call's result.
func (ix *Index) Close() error {
	ix.closeOnce.Do(func() {
		if err := ix.idx.Close(); err != nil {
			ix.closeErr = fmt.Errorf("bleve: close: %w", err)
		}
	})
	return ix.closeErr
}

// Compact merges the index's segments into one. Searches open a reader per
// word, field and segment, so after a bulk load (a rebuild) merging is
// worth its few seconds; incremental writes leave it to bleve's own merger.
func (ix *Index) Compact(ctx context.Context) error {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return fmt.Errorf("bleve: compact: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok || ix.memory {
		// Nothing to merge, or no merger to do it: an in-memory scorch
		// index would wait for one forever.
		return nil
	}
	if err := sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return fmt.Errorf("bleve: compact: %w", err)
	}
	return nil
}
