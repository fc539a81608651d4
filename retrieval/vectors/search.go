package vectors

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"deskpilot/retrieval"
)

// Search returns up to k chunks nearest to query under f, best first, with
// their cosine similarity. It is exact: see the package documentation.
func (ix *Index) Search(ctx context.Context, query []float32, k int, f retrieval.Filter) ([]retrieval.Match, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("vectors: search: %w", err)
	}
	if len(query) != ix.dims {
		return nil, fmt.Errorf("vectors: search: %w: %d, want %d", ErrDimensions, len(query), ix.dims)
	}
	qy, err := quantizeQuery(query, ix.stride)
	if err != nil {
		return nil, fmt.Errorf("vectors: search: %w", err)
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return nil, ErrClosed
	}
	if k <= 0 {
		return nil, nil
	}
	cf, ok := ix.compile(&f)
	if !ok {
		return nil, nil
	}
	cands := ix.scan(&qy, cf, k)
	return ix.rank(&qy, cands, k), nil
}

// scanChunk is the fewest rows worth a goroutine of their own (a variable
// for the tests, which split small indexes).
var scanChunk = 16384

// scan runs the first-level scan over all rows, split among workers, and
// returns the candidates that may be in the top k.
func (ix *Index) scan(qy *query, cf *compiled, k int) []candidate {
	rows := len(ix.scale)
	workers := max(1, min(ix.workers, rows/scanChunk))
	scans := make([]scanner, workers)
	var wg sync.WaitGroup
	for w := range scans {
		s := &scans[w]
		*s = scanner{ix: ix, qy: qy, cf: cf, top: newLowest(k), pruneAt: 4096}
		lo, hi := w*rows/workers, (w+1)*rows/workers
		if w == workers-1 {
			s.run(lo, hi) // on the caller's goroutine
			continue
		}
		wg.Go(func() { s.run(lo, hi) })
	}
	wg.Wait()
	// The k-th best lower bound over all workers.
	var lbs []float32
	for w := range scans {
		lbs = append(lbs, scans[w].top.values...)
	}
	threshold := float32(math.Inf(-1))
	if len(lbs) >= k {
		slices.Sort(lbs)
		threshold = lbs[len(lbs)-k]
	}
	var cands []candidate
	for w := range scans {
		for _, c := range scans[w].cands {
			if c.upper >= threshold {
				cands = append(cands, c)
			}
		}
	}
	return cands
}

// rank scores the candidates on both levels and returns the best k.
func (ix *Index) rank(qy *query, cands []candidate, k int) []retrieval.Match {
	rows := make([]int32, len(cands))
	for i, c := range cands {
		rows[i] = c.row
	}
	second := make([]int32, len(cands))
	dots(qy.q, ix.second, rows, second)
	type scored struct {
		row   int32
		score float64
	}
	all := make([]scored, len(cands))
	for i, c := range cands {
		s := qy.scale * (float64(ix.scale[c.row])*float64(c.dot) + float64(ix.rscale[c.row])*float64(second[i]))
		all[i] = scored{c.row, max(-1, min(1, s))}
	}
	slices.SortFunc(all, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.row, b.row))
	})
	all = all[:min(k, len(all))]
	out := make([]retrieval.Match, len(all))
	for i, s := range all {
		out[i] = retrieval.Match{Key: ix.cols.key(int(s.row)), Score: s.score}
	}
	return out
}

// candidate is a row whose first-level score leaves it a chance.
type candidate struct {
	row   int32
	dot   int32   // first-level dot product
	upper float32 // upper bound of its score
}

// slack covers the float32 rounding of a first-level score and its bounds.
const slack = 1e-5

// batch is how many rows a scanner filters before handing them to the
// kernel at once.
const batch = 256

// scanner scans a range of rows on one goroutine.
type scanner struct {
	ix    *Index
	qy    *query
	cf    *compiled
	top   lowest // the k best lower bounds seen
	cands []candidate
	// pruneAt is the number of candidates that triggers dropping those
	// below the threshold.
	pruneAt int
	rows    [batch]int32
	dots    [batch]int32
}

func (s *scanner) run(lo, hi int) {
	ex := s.cf.exclude
	for len(ex) > 0 && int(ex[0]) < lo {
		ex = ex[1:]
	}
	for start := lo; start < hi; start += batch {
		var n int
		n, ex = s.cf.pass(&s.ix.cols, start, min(start+batch, hi), ex, s.rows[:])
		dots(s.qy.q, s.ix.first, s.rows[:n], s.dots[:n])
		s.collect(n)
	}
}

// collect bounds the scores of the batch's n rows and keeps the candidates.
// A row whose upper bound is below the threshold is out; one whose lower
// bound is above it raises the threshold.
func (s *scanner) collect(n int) {
	qs, qb := float32(s.qy.scale), float32(s.qy.bound)
	scale, bound := s.ix.scale, s.ix.bound
	t := s.top.threshold()
	for j, r := range s.rows[:n] {
		a := qs * scale[r] * float32(s.dots[j])
		b := qb*bound[r] + slack
		if a+b < t {
			continue
		}
		if a-b > t {
			s.top.push(a - b)
			t = s.top.threshold()
		}
		s.cands = append(s.cands, candidate{r, s.dots[j], a + b})
	}
	// Drop the candidates the threshold has overtaken, now and then.
	if len(s.cands) > s.pruneAt {
		t := s.top.threshold()
		s.cands = slices.DeleteFunc(s.cands, func(c candidate) bool { return c.upper < t })
		s.pruneAt = max(s.pruneAt, 2*len(s.cands))
	}
}
