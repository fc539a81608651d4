package vectors

import (
	"math/rand/v2"
	"testing"
)

// TestDots compares the kernel in use with the portable one, at the
// extremes of the codes and the query.
func TestDots(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, stride := range []int{32, 64, 288, 3072} {
		const rows = 9
		codes := make([]int8, rows*stride)
		for i := range codes {
			codes[i] = int8(rng.IntN(2*maxCode+1) - maxCode)
		}
		for i := range stride {
			codes[i] = maxCode // row 0: all extreme
		}
		qmax := min(32767, 2147483647/(maxCode*stride))
		q := make([]int16, stride)
		for i := range q {
			q[i] = int16(rng.IntN(2*qmax+1) - qmax)
		}
		q[0] = int16(qmax)
		order := []int32{8, 0, 3, 3, 1}
		got, want := make([]int32, len(order)), make([]int32, len(order))
		dots(q, codes, order, got)
		dotsGeneric(q, codes, order, want)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("stride %d, row %d: %d, want %d", stride, order[i], got[i], want[i])
			}
		}
	}
}
