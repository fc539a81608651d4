package vectors

import (
	"math"
	"slices"

	"deskpilot/retrieval"
)

// compiled is a retrieval.Filter translated to the columns' numbers.
type compiled struct {
	kinds, vis uint64 // bit i admits number i
	sources    []bool // by number; nil admits all
	languages  []bool
	before     int64   // created must be below it
	exclude    []int32 // rows never to return, ascending
}

// compile translates f; ok is false when no row can pass.
func (ix *Index) compile(f *retrieval.Filter) (cf *compiled, ok bool) {
	cf = &compiled{kinds: math.MaxUint64, vis: math.MaxUint64, before: math.MaxInt64}
	cs := &ix.cols
	if len(f.Kinds) > 0 {
		cf.kinds = mask(&cs.kinds, f.Kinds)
	}
	if len(f.Visibility) > 0 {
		cf.vis = mask(&cs.visibilities, f.Visibility)
	}
	if cf.kinds == 0 || cf.vis == 0 {
		return nil, false
	}
	if len(f.Sources) > 0 {
		if cf.sources, ok = allowed(&cs.sources, f.Sources); !ok {
			return nil, false
		}
	}
	if len(f.Languages) > 0 {
		if cf.languages, ok = allowed(&cs.languages, f.Languages); !ok {
			return nil, false
		}
	}
	if !f.AsOf.IsZero() {
		cf.before = nanos(f.AsOf)
	}
	for _, d := range f.Exclude {
		if k, ok := cs.kinds.ids[string(d.Kind)]; ok {
			cf.exclude = append(cf.exclude, ix.docs[docKey{uint8(k), d.ID}]...)
		}
	}
	slices.Sort(cf.exclude)
	cf.exclude = slices.Compact(cf.exclude)
	return cf, true
}

// mask returns the bits of the values' numbers in d.
func mask[T ~string](d *dict, values []T) uint64 {
	var m uint64
	for _, v := range values {
		if id, ok := d.ids[string(v)]; ok {
			m |= 1 << id
		}
	}
	return m
}

// allowed returns which numbers of d the values admit; ok is false when
// none.
func allowed(d *dict, values []string) (set []bool, ok bool) {
	set = make([]bool, len(d.names))
	for _, v := range values {
		if id, found := d.ids[v]; found {
			set[id], ok = true, true
		}
	}
	return set, ok
}

// pass writes to rows the rows of [lo, hi) that pass and returns their
// number, and what remains of the excluded rows, ascending, past hi. A
// tombstone's kind is past the mask's bits, so it never passes.
func (cf *compiled) pass(cs *columns, lo, hi int, ex []int32, rows []int32) (int, []int32) {
	kind := cs.kind[lo:hi]
	vis, created := cs.vis[lo:hi], cs.created[lo:hi]
	vis, created = vis[:len(kind)], created[:len(kind)]
	n := 0
	for i, k := range kind {
		if cf.kinds>>k&1 == 0 || cf.vis>>vis[i]&1 == 0 || created[i] >= cf.before {
			continue
		}
		r := lo + i
		if (cf.sources != nil && !cf.sources[cs.source[r]]) || (cf.languages != nil && !cf.languages[cs.lang[r]]) {
			continue
		}
		for len(ex) > 0 && int(ex[0]) < r {
			ex = ex[1:]
		}
		if len(ex) > 0 && int(ex[0]) == r {
			continue
		}
		rows[n] = int32(r)
		n++
	}
	for len(ex) > 0 && int(ex[0]) < hi {
		ex = ex[1:]
	}
	return n, ex
}

// lowest keeps the k largest values pushed, as a min-heap, so that its
// root is the k-th largest.
type lowest struct {
	values []float32
	k      int
}

func newLowest(k int) lowest { return lowest{values: make([]float32, 0, min(k, 1<<16)), k: k} }

// threshold is the k-th largest value pushed, -Inf before k values.
func (h *lowest) threshold() float32 {
	if len(h.values) < h.k {
		return float32(math.Inf(-1))
	}
	return h.values[0]
}

func (h *lowest) push(v float32) {
	if len(h.values) < h.k {
		h.values = append(h.values, v)
		h.up(len(h.values) - 1)
		return
	}
	if v <= h.values[0] {
		return
	}
	h.values[0] = v
	h.down(0)
}

func (h *lowest) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h.values[p] <= h.values[i] {
			return
		}
		h.values[p], h.values[i] = h.values[i], h.values[p]
		i = p
	}
}

func (h *lowest) down(i int) {
	n := len(h.values)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && h.values[c+1] < h.values[c] {
			c++
		}
		if h.values[i] <= h.values[c] {
			return
		}
		h.values[i], h.values[c] = h.values[c], h.values[i]
		i = c
	}
}
