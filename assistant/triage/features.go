package triage

import (
	"math"
	"slices"
)

// sparse is a feature vector: ascending indexes and their values.
type sparse struct {
	idx []int32
	val []float32
}

// vocabulary maps the terms seen in training to feature indexes and holds
// their inverse document frequencies. Terms seen in fewer than minDF
// tickets are left out: they cannot generalise and they would make up most
// of the model's size.
type vocabulary struct {
	index map[uint64]int32
	keys  []uint64 // by index, for persistence
	idf   []float32
}

// buildVocabulary counts document frequencies over docs (each a list of
// terms) and keeps the terms in at least minDF of them, in hash order so
// that the same tickets always give the same model.
func buildVocabulary(docs [][]uint64, minDF int) *vocabulary {
	df := make(map[uint64]int32)
	var seen []uint64
	for _, d := range docs {
		seen = append(seen[:0], d...)
		slices.Sort(seen)
		for i, t := range seen {
			if i == 0 || t != seen[i-1] {
				df[t]++
			}
		}
	}
	var keys []uint64
	for t, n := range df {
		if int(n) >= minDF {
			keys = append(keys, t)
		}
	}
	slices.Sort(keys)
	idf := make([]float32, len(keys))
	n := float64(len(docs))
	for i, t := range keys {
		// Smoothed idf, as if one more document held every term.
		idf[i] = float32(math.Log((1+n)/(1+float64(df[t]))) + 1)
	}
	return newVocabulary(keys, idf)
}

func newVocabulary(keys []uint64, idf []float32) *vocabulary {
	index := make(map[uint64]int32, len(keys))
	for i, t := range keys {
		index[t] = int32(i)
	}
	return &vocabulary{index: index, keys: keys, idf: idf}
}

// size is the number of features.
func (v *vocabulary) size() int { return len(v.keys) }

// vector returns the L2-normalised TF-IDF vector of terms with sublinear
// term frequency (1 + log tf): a word repeated in a pasted log should not
// outweigh the subject. Unknown terms are dropped; an empty vector means
// the model knows none of the words.
func (v *vocabulary) vector(terms []uint64) sparse {
	idx := make([]int32, 0, len(terms))
	for _, t := range terms {
		if i, ok := v.index[t]; ok {
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	// Runs of one index are its term frequency; the output reuses idx.
	x := sparse{idx: idx[:0], val: make([]float32, 0, len(idx))}
	var w []float64
	var norm float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && idx[j] == idx[i] {
			j++
		}
		wi := (1 + math.Log(float64(j-i))) * float64(v.idf[idx[i]])
		x.idx = append(x.idx, idx[i])
		w = append(w, wi)
		norm += wi * wi
		i = j
	}
	norm = math.Sqrt(norm)
	for _, wi := range w {
		x.val = append(x.val, float32(wi/norm))
	}
	return x
}
