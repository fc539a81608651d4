package triage

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
)

// ErrNoExamples is returned by Train when no example has a label to learn.
var ErrNoExamples = errors.New("triage: no labelled examples")

// Options controls training. The zero value is the recommended setting:
// the hyper-parameters are chosen, and the confidence calibrated, on the
// most recent tickets of the training data.
type Options struct {
	// Grid lists the hyper-parameters tried; nil means DefaultGrid.
	Grid *Grid
	// ValidationFraction is the share of the most recent training tickets
	// held out to tune, calibrate and fit thresholds; 0 means 0.15.
	ValidationFraction float64
	// TargetAccuracy is the accuracy the fitted abstention threshold aims at
	// on the answers it keeps; 0 means 0.9.
	TargetAccuracy float64
	// MinConfidence, when set, is the abstention threshold of every label
	// instead of the fitted one.
	MinConfidence float64
	// MinDF drops terms seen in fewer tickets; 0 means 2.
	MinDF int
	// IgnoreSentiment keeps the predicted priority of frustrated requesters.
	IgnoreSentiment bool
	// Seed makes training reproducible: the same seed and examples give the
	// same model.
	Seed uint64
}

// Grid is the set of hyper-parameters training chooses from on held-out
// tickets. A grid of one value per field fixes them.
type Grid struct {
	// Stemming: whether words are stemmed (chosen once for all labels).
	Stemming []bool
	// Cs: the SVM's cost of a margin violation (per label); the smallest
	// whose held-out score is within one standard error of the best wins.
	Cs []float64
	// Balances weigh classes by (1/frequency)^Balance, trading a little
	// accuracy for recall of rare classes (per label).
	Balances []float64
}

// DefaultGrid returns the grid used when Options has none. Measured on
// held-out tickets, stemming helps small desks and is neutral to slightly
// harmful on large ones, and the best C is between 0.3 and 3.
func DefaultGrid() *Grid {
	return &Grid{Stemming: []bool{true, false}, Cs: []float64{1, 0.3, 3}, Balances: []float64{0, 0.5}}
}

func (o Options) withDefaults() Options {
	g := DefaultGrid()
	if o.Grid != nil {
		g = o.Grid.orDefaults(g)
	}
	o.Grid = g
	if o.ValidationFraction <= 0 || o.ValidationFraction >= 1 {
		o.ValidationFraction = 0.15
	}
	if o.TargetAccuracy <= 0 || o.TargetAccuracy > 1 {
		o.TargetAccuracy = 0.9
	}
	if o.MinDF <= 0 {
		o.MinDF = 2
	}
	return o
}

func (g *Grid) validate() error {
	for _, c := range g.Cs {
		if !(c > 0) || math.IsInf(c, 0) {
			return fmt.Errorf("triage: grid: C %v is not a positive number", c)
		}
	}
	for _, b := range g.Balances {
		if !(b >= 0 && b <= 1) {
			return fmt.Errorf("triage: grid: balance %v is not between 0 and 1", b)
		}
	}
	return nil
}

// orDefaults fills the empty fields of g from d.
func (g *Grid) orDefaults(d *Grid) *Grid {
	out := *g
	if len(out.Stemming) == 0 {
		out.Stemming = d.Stemming
	}
	if len(out.Cs) == 0 {
		out.Cs = d.Cs
	}
	if len(out.Balances) == 0 {
		out.Balances = d.Balances
	}
	return &out
}

// Train learns a model from past tickets: for every label that at least
// one example has, a one-vs-rest linear SVM over TF-IDF unigrams and
// bigrams, tuned, calibrated and given an abstention threshold on the most
// recent ValidationFraction of the examples, then refitted on all of them.
// The values a label can take are exactly those the examples have.
func Train(examples []Example, opts Options) (*Model, error) {
	opts = opts.withDefaults()
	if err := opts.Grid.validate(); err != nil {
		return nil, err
	}
	ex := sortedByTime(examples)
	sets := labelSets(ex)
	if len(sets) == 0 {
		return nil, ErrNoExamples
	}
	f, trials := chooseFeatures(ex, sets, opts)
	m := &Model{an: f.an, vocab: f.vocab, heads: make(map[Label]*head), raise: !opts.IgnoreSentiment}
	for _, s := range sets {
		m.heads[s.label] = fitHead(f.rowsOf(s.rows), s.ys, s.classes, f.vocab.size(), opts, trials[s.label])
	}
	return m, nil
}

// sortedByTime returns a copy of examples in time order; ties keep their
// order.
func sortedByTime(examples []Example) []Example {
	ex := append([]Example(nil), examples...)
	sort.SliceStable(ex, func(a, b int) bool { return ex[a].Time.Before(ex[b].Time) })
	return ex
}

// labelSet is the training data of one label: the rows of the examples
// that have it, their class indexes and the sorted class values.
type labelSet struct {
	label   Label
	rows    []int
	ys      []int
	classes []string
}

func labelSets(ex []Example) []labelSet {
	var out []labelSet
	for _, l := range Labels {
		s := labelSet{label: l}
		var values []string
		for i, e := range ex {
			if v := e.Labels[l]; v != "" {
				s.rows = append(s.rows, i)
				values = append(values, v)
			}
		}
		if len(values) > 0 {
			s.classes, s.ys = classIndex(values)
			out = append(out, s)
		}
	}
	return out
}

// classIndex returns the sorted distinct values and each value's index.
func classIndex(values []string) ([]string, []int) {
	idx := make(map[string]int)
	for _, v := range values {
		idx[v] = 0
	}
	classes := make([]string, 0, len(idx))
	for v := range idx {
		classes = append(classes, v)
	}
	sort.Strings(classes)
	for i, c := range classes {
		idx[c] = i
	}
	ys := make([]int, len(values))
	for i, v := range values {
		ys[i] = idx[v]
	}
	return classes, ys
}

// features are the examples as vectors under one analyzer.
type features struct {
	an    analyzer
	vocab *vocabulary
	xs    []sparse
}

func (f *features) rowsOf(rows []int) []sparse {
	out := make([]sparse, len(rows))
	for i, r := range rows {
		out[i] = f.xs[r]
	}
	return out
}

// featurize analyses every example, in parallel, and builds the vocabulary.
func featurize(ex []Example, an analyzer, minDF int) *features {
	docs := make([][]uint64, len(ex))
	parallel(len(ex), func(i int) { docs[i] = an.terms(ex[i].Text) })
	f := &features{an: an, vocab: buildVocabulary(docs, minDF), xs: make([]sparse, len(ex))}
	parallel(len(ex), func(i int) { f.xs[i] = f.vocab.vector(docs[i]) })
	return f
}

// parallel calls fn for 0..n-1 on every processor.
func parallel(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// chooseFeatures featurizes the examples with each analyzer of the grid
// and keeps the one whose classifiers, with the grid's first C and
// balance, score best on the held-out tickets averaged over labels. It
// returns those held-out trials too, so that tuning does not repeat them.
func chooseFeatures(ex []Example, sets []labelSet, opts Options) (*features, map[Label]*trial) {
	var best *features
	var bestTrials map[Label]*trial
	bestScore := math.Inf(-1)
	for _, stem := range opts.Grid.Stemming {
		f := featurize(ex, analyzer{stem: stem}, opts.MinDF)
		trials := make(map[Label]*trial)
		score := 0.0
		for _, s := range sets {
			ho, ok := holdOut(f.rowsOf(s.rows), s.ys, len(s.classes), opts)
			if !ok {
				continue
			}
			cd := candidate{opts.Grid.Cs[0], opts.Grid.Balances[0]}
			t := ho.try(cd, len(s.classes), f.vocab.size(), opts.Seed)
			trials[s.label] = &t
			score += t.score
		}
		if len(trials) == 0 { // too few tickets to tell: the first analyzer
			return f, nil
		}
		if score /= float64(len(trials)); score > bestScore {
			best, bestTrials, bestScore = f, trials, score
		}
	}
	return best, bestTrials
}
