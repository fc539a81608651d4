package localembed

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// dfBuckets is the size of the document-frequency table: features share a
// counter only when their hashes collide in 2^20 buckets, which is rare.
const dfBuckets = 1 << 20

// maxSemDocs bounds the texts the SVD learns from: an even sample of a
// larger corpus finds the same topics in bounded time and memory.
const maxSemDocs = 20000

// lsaSeed makes the SVD deterministic.
const lsaSeed = 0x64657370696c6f74

// Fit learns idf weights and latent topics from texts, the chunks being
// indexed, and replaces the embedder's state: vectors embedded before
// differ from those after, and Model() changes accordingly. Texts added
// to the index later are embedded with this state until the next Fit.
// Fitting no text returns the embedder to its unfitted state.
func (e *Embedder) Fit(ctx context.Context, texts []string) error {
	if len(texts) == 0 {
		e.state.Store(nil)
		return nil
	}
	st := &state{settings: e.settings(), docs: len(texts), df: make([]uint32, dfBuckets)}
	termDF := make(map[uint64]int32)
	b := new(bag)
	for i, t := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b.analyze(t, &e.cfg, e.th, nil)
		for fam := range b.fam {
			for _, f := range b.fam[fam] {
				st.df[f.hash&(dfBuckets-1)]++
				if fam == famWord || fam == famConcept {
					termDF[f.hash]++
				}
			}
		}
	}
	st.computeIDF()
	if e.cfg.SemDims > 0 && e.cfg.Sem > 0 {
		if err := e.fitSemantic(ctx, st, texts, termDF); err != nil {
			return err
		}
	}
	st.id = digest(st.encode())
	e.state.Store(st)
	return nil
}

// fitSemantic computes the term vectors of st by LSA over a sample of
// texts, on the terms found in at least two of them.
func (e *Embedder) fitSemantic(ctx context.Context, st *state, texts []string, termDF map[uint64]int32) error {
	vocab := make([]uint64, 0, len(termDF))
	for h, df := range termDF {
		if df >= 2 {
			vocab = append(vocab, h)
		}
	}
	slices.SortFunc(vocab, func(a, b uint64) int { // most frequent first, then by hash
		return cmp.Or(cmp.Compare(termDF[b], termDF[a]), cmp.Compare(a, b))
	})
	vocab = vocab[:min(len(vocab), e.cfg.MaxTerms)]
	col := make(map[uint64]int32, len(vocab))
	for i, h := range vocab {
		col[h] = int32(i)
	}
	a, err := e.termMatrix(ctx, st, sample(texts, maxSemDocs), col)
	if err != nil {
		return err
	}
	vecs, sigma := truncatedSVD(a, e.cfg.SemDims, lsaSeed)
	k := len(sigma)
	st.semDims = e.cfg.SemDims
	st.terms = make(map[uint64]int32, len(vocab))
	st.vecs = make([]float32, len(vocab)*st.semDims)
	for i, h := range vocab {
		st.terms[h] = int32(i)
		for c := range k {
			st.vecs[i*st.semDims+c] = float32(vecs[i*k+c] * math.Pow(sigma[c], e.cfg.SemPower))
		}
	}
	return nil
}

// termMatrix builds the document-term matrix of texts over the columns
// col, weighted as embed weighs them, each row of unit length.
func (e *Embedder) termMatrix(ctx context.Context, st *state, texts []string, col map[uint64]int32) (*sparseRows, error) {
	a := &sparseRows{start: []int{0}, ncols: len(col)}
	b := new(bag)
	for i, t := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		b.analyze(t, &e.cfg, e.th, st.idf)
		first := len(a.vals)
		for _, fam := range []int{famWord, famConcept} {
			for _, f := range b.fam[fam] {
				if c, ok := col[f.hash]; ok {
					a.cols = append(a.cols, c)
					a.vals = append(a.vals, f.weight)
				}
			}
		}
		n := 0.0
		for _, v := range a.vals[first:] {
			n += v * v
		}
		for j := first; j < len(a.vals) && n > 0; j++ {
			a.vals[j] /= math.Sqrt(n)
		}
		a.start = append(a.start, len(a.vals))
	}
	return a, nil
}

// sample returns at most n texts, evenly spread over texts.
func sample(texts []string, n int) []string {
	if len(texts) <= n {
		return texts
	}
	out := make([]string, n)
	for i := range out {
		out[i] = texts[i*len(texts)/n]
	}
	return out
}
