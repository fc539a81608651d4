//go:build !amd64 || purego

package vectors

// dots sets out[j] to the dot product of q with row rows[j] of codes, whose
// rows are len(q) long, a multiple of block.
func dots(q []int16, codes []int8, rows []int32, out []int32) {
	dotsGeneric(q, codes, rows, out)
}
