package localembed

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"deskpilot/retrieval"
)

var _ retrieval.Embedder = (*Embedder)(nil)

// Config holds the settings of an embedder. The zero value of a field
// takes its default; DefaultConfig returns them all. Settings are part of
// Model(): vectors made with other settings do not compare.
type Config struct {
	// HashDims is the size of the hashed lexical part of a vector.
	HashDims int
	// SemDims is the size of the learned part, filled once the embedder
	// is fitted; 0 takes the default, negative disables it.
	SemDims int
	// Weights of the feature families in the lexical part; a negative
	// weight disables its family.
	Word, Char, Concept float64
	// CharMin and CharMax bound the length of character n-grams (at most 8).
	CharMin, CharMax int
	// Sem is the share of the learned part in a fitted vector, in [0, 1):
	// the cosine of two vectors is (1-Sem) times their lexical cosine plus
	// Sem times their learned one. Negative means 0.
	Sem float64
	// SemPower scales the learned term vectors by the singular values to
	// this power; 0 is plain LSA folding-in (U^T x).
	SemPower float64
	// MaxTerms bounds the vocabulary of the learned part.
	MaxTerms int
	// Lead is how many times more the features of a text's lead (a short
	// first line: a title, a heading path, a subject) weigh.
	Lead float64
}

// DefaultConfig returns the settings New uses for a zero Config.
func DefaultConfig() Config {
	return Config{
		HashDims: 512, SemDims: 128,
		Word: 1, Char: 0.7, Concept: 0.3,
		CharMin: 3, CharMax: 5,
		Sem: 0.4, SemPower: 0, MaxTerms: 20000, Lead: 2,
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	setInt := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	setFloat := func(v *float64, def float64) {
		switch {
		case *v == 0:
			*v = def
		case *v < 0:
			*v = 0
		}
	}
	setInt(&c.HashDims, d.HashDims)
	setInt(&c.SemDims, d.SemDims)
	c.SemDims = max(c.SemDims, 0)
	setFloat(&c.Word, d.Word)
	setFloat(&c.Char, d.Char)
	setFloat(&c.Concept, d.Concept)
	setFloat(&c.Sem, d.Sem)
	setFloat(&c.Lead, d.Lead)
	c.Sem = min(c.Sem, 0.95)
	setInt(&c.CharMin, d.CharMin)
	setInt(&c.CharMax, d.CharMax)
	c.CharMin = min(max(c.CharMin, 1), 8)
	c.CharMax = min(max(c.CharMax, c.CharMin), 8)
	setInt(&c.MaxTerms, d.MaxTerms)
	if c.SemDims == 0 {
		c.Sem = 0
	}
	return c
}

// Embedder is the built-in embedder: pure Go, deterministic, no network
// and no downloaded weights. Unfitted, it hashes words, their
// character n-grams and thesaurus concepts into a fixed space. Fit learns
// from the texts being indexed: document frequencies for idf weights, and
// latent topics (LSA) that let a question meet an answer written with
// other words. An Embedder is safe for concurrent use; Fit replaces the
// state atomically.
type Embedder struct {
	cfg   Config
	th    thesaurus
	state atomic.Pointer[state]
	bags  sync.Pool
}

// New returns an unfitted embedder with cfg's settings.
func New(cfg Config) *Embedder {
	e := &Embedder{cfg: cfg.withDefaults(), th: builtinThesaurus}
	e.bags.New = func() any { return new(bag) }
	return e
}

// Dimensions returns the length of every vector: the hashed part, then
// the learned part (zero until fitted).
func (e *Embedder) Dimensions() int { return e.cfg.HashDims + e.cfg.SemDims }

// Model names the embedder, its settings and its fitted state, so that an
// index built before a Fit, or with other settings, is rebuilt:
// "localembed-v1" for the default settings unfitted, then a digest of
// non-default settings, then "fit-" and a digest of the fitted state.
func (e *Embedder) Model() string {
	name := "localembed-v2" // v2: 512 hashed + 128 learned dimensions (v1 had 768 + 256)
	if e.cfg != DefaultConfig() {
		name += "-" + digest([]byte(e.settings()))[:8]
	}
	if s := e.state.Load(); s != nil {
		name += "-fit-" + s.id
	}
	return name
}

// settings names the configuration: vectors, and fitted states, made with
// other settings are not comparable.
func (e *Embedder) settings() string {
	c := &e.cfg
	return fmt.Sprintf("h%d-s%d-w%g-c%g-n%d%d-t%g-l%g-p%g-m%d-h%g", c.HashDims, c.SemDims,
		c.Word, c.Char, c.CharMin, c.CharMax, c.Concept, c.Sem, c.SemPower, c.MaxTerms, c.Lead)
}

// Fitted reports whether the embedder has learned from a corpus.
func (e *Embedder) Fitted() bool { return e.state.Load() != nil }

// parallelMin is the smallest share of a batch worth a goroutine.
const parallelMin = 32

// Embed returns one unit vector per text; large batches are spread over
// the CPUs. A text without a single word (empty, only punctuation) gets
// the same fixed vector as every other such text, nearly orthogonal to
// the vectors of real texts.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	st := e.state.Load() // one state for the whole batch, even if Fit runs
	workers := min(runtime.GOMAXPROCS(0), len(texts)/parallelMin)
	if workers <= 1 {
		return out, e.embedAll(ctx, st, texts, out)
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(texts)/workers, (w+1)*len(texts)/workers
		wg.Go(func() { e.embedAll(ctx, st, texts[lo:hi], out[lo:hi]) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// embedAll fills out with the vectors of texts; it stops when ctx is done.
func (e *Embedder) embedAll(ctx context.Context, st *state, texts []string, out [][]float32) error {
	b := e.bags.Get().(*bag)
	defer e.bags.Put(b)
	for i, t := range texts {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		out[i] = e.embed(t, st, b)
	}
	return nil
}

// embed builds the vector of one text with the state st (nil: unfitted).
func (e *Embedder) embed(text string, st *state, b *bag) []float32 {
	var idf []float32
	if st != nil {
		idf = st.idf
	}
	b.analyze(text, &e.cfg, e.th, idf)
	c := &e.cfg
	v := make([]float64, c.HashDims+c.SemDims)
	lex := v[:c.HashDims]
	project(lex, b.fam[famWord], c.Word)
	project(lex, b.fam[famChar], c.Char)
	project(lex, b.fam[famConcept], c.Concept)
	lexShare := 1.0
	if st != nil && st.semDims > 0 && c.Sem > 0 {
		if st.semantic(v[c.HashDims:], b) {
			lexShare = 1 - c.Sem
			scaleUnit(v[c.HashDims:], math.Sqrt(c.Sem))
		}
	}
	scaleUnit(lex, math.Sqrt(lexShare))
	return toFloat32(v)
}

// scaleUnit scales v to norm s; the zero vector stays zero.
func scaleUnit(v []float64, s float64) {
	n := 0.0
	for _, x := range v {
		n += x * x
	}
	if n == 0 {
		return
	}
	s /= math.Sqrt(n)
	for i := range v {
		v[i] *= s
	}
}

// emptyHash places the vector of texts without words.
var emptyHash = hashString(numFamilies, "")

// toFloat32 returns v at unit length, or the vector of texts without words
// when v is zero.
func toFloat32(v []float64) []float32 {
	out := make([]float32, len(v))
	n := 0.0
	for _, x := range v {
		n += x * x
	}
	if n == 0 {
		out[emptyHash>>32*uint64(len(out))>>32] = 1
		return out
	}
	inv := 1 / math.Sqrt(n)
	for i, x := range v {
		out[i] = float32(x * inv)
	}
	return out
}
