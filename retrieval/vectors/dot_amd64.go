//go:build amd64 && !purego

package vectors

import "golang.org/x/sys/cpu"

var useAVX2 = cpu.X86.HasAVX2

// dots sets out[j] to the dot product of q with row rows[j] of codes, whose
// rows are len(q) long, a multiple of block.
func dots(q []int16, codes []int8, rows []int32, out []int32) {
	if len(rows) == 0 {
		return
	}
	if !useAVX2 {
		dotsGeneric(q, codes, rows, out)
		return
	}
	checkDots(q, codes, rows, out)
	dotsAVX2(&q[0], &codes[0], len(q), &rows[0], len(rows), &out[0])
}

// dotsAVX2 is dots for n rows, in dot_amd64.s.
//
//go:noescape
func dotsAVX2(q *int16, codes *int8, stride int, rows *int32, n int, out *int32)
