package web

// editDistance returns the Levenshtein distance between a and b counted in
// characters (runes), not bytes: "é" for "e" is one edit.
//
// It runs Myers' bit-parallel algorithm (Hyyrö's formulation, as in edlib)
// after dropping the common prefix and suffix: O(n·⌈m/64⌉) time for
// lengths m ≤ n and O(m) memory, so that a long reply cannot pin a core.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	for len(ra) > 0 && len(rb) > 0 && ra[0] == rb[0] {
		ra, rb = ra[1:], rb[1:]
	}
	for len(ra) > 0 && len(rb) > 0 && ra[len(ra)-1] == rb[len(rb)-1] {
		ra, rb = ra[:len(ra)-1], rb[:len(rb)-1]
	}
	if len(ra) > len(rb) {
		ra, rb = rb, ra // the shorter one is the pattern: fewer words per column
	}
	if len(ra) == 0 {
		return len(rb)
	}
	return myers(ra, rb)
}

// myers computes the distance of pattern p (not empty) against text t, one
// column of the dynamic programming table per rune of t, 64 rows per word.
// Each column needs the bit vector of the rows where p holds that column's
// rune: the runes that fill at least a word's worth of rows keep theirs
// (there are at most 64 such runes), the others are set and cleared from
// their positions, so the memory stays linear in the pattern whatever it
// holds.
func myers(p, t []rune) int {
	m := len(p)
	words := (m + 63) / 64
	pos := map[rune][]int{}
	for i, r := range p {
		pos[r] = append(pos[r], i)
	}
	frequent := map[rune][]uint64{}
	for r, ps := range pos {
		if len(ps) >= words {
			v := make([]uint64, words)
			for _, i := range ps {
				v[i/64] |= 1 << (i % 64)
			}
			frequent[r] = v
		}
	}
	scratch := make([]uint64, words)
	pv, mv := make([]uint64, words), make([]uint64, words)
	for i := range pv {
		pv[i] = ^uint64(0) // the first column climbs by one per row
	}
	last := uint((m - 1) % 64)
	score := m
	for _, c := range t {
		eq, cached := frequent[c]
		if !cached {
			for _, i := range pos[c] {
				scratch[i/64] |= 1 << (i % 64)
			}
			eq = scratch
		}
		hin := 1 // the first row climbs by one per column
		for w := range words {
			top := uint(63)
			if w == words-1 {
				top = last
			}
			pv[w], mv[w], hin = advance(pv[w], mv[w], eq[w], hin, top)
		}
		score += hin
		if !cached {
			for _, i := range pos[c] {
				scratch[i/64] = 0
			}
		}
	}
	return score
}

// advance moves one 64-row block of the table one column right. pv and mv
// are its vertical deltas (+1, -1) and eq its rows that match the column's
// rune; hin is the horizontal delta entering the block's first row. It
// returns the new deltas and the horizontal delta leaving row top.
func advance(pv, mv, eq uint64, hin int, top uint) (npv, nmv uint64, hout int) {
	var hinNeg, hinPos uint64
	switch {
	case hin < 0:
		hinNeg = 1
	case hin > 0:
		hinPos = 1
	}
	xv := eq | mv
	eq |= hinNeg
	xh := (((eq & pv) + pv) ^ pv) | eq // the carry out of the top row is dropped
	ph := mv | ^(xh | pv)
	mh := pv & xh
	hout = int(ph>>top&1) - int(mh>>top&1)
	ph = ph<<1 | hinPos
	mh = mh<<1 | hinNeg
	return mh | ^(xv | ph), ph & xv, hout
}
