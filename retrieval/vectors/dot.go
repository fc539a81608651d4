package vectors

// block is the number of dimensions the dot-product kernels handle at a
// time: rows are padded with zeros to a multiple of it.
const block = 32

// dotsGeneric is the portable kernel: out[j] is the dot product of q with
// row rows[j] of codes, whose rows are len(q) long.
func dotsGeneric(q []int16, codes []int8, rows []int32, out []int32) {
	stride := len(q)
	for j, r := range rows {
		x := codes[int(r)*stride : int(r)*stride+stride]
		var s0, s1, s2, s3 int32
		for i := 0; i+4 <= stride; i += 4 {
			s0 += int32(q[i]) * int32(x[i])
			s1 += int32(q[i+1]) * int32(x[i+1])
			s2 += int32(q[i+2]) * int32(x[i+2])
			s3 += int32(q[i+3]) * int32(x[i+3])
		}
		out[j] = s0 + s1 + s2 + s3
	}
}

// checkDots guards the assembly kernels, which do not check bounds.
func checkDots(q []int16, codes []int8, rows []int32, out []int32) {
	stride := len(q)
	if stride == 0 || stride%block != 0 || len(out) < len(rows) {
		panic("vectors: dots: bad arguments")
	}
	n := int32(len(codes) / stride)
	for _, r := range rows {
		if r < 0 || r >= n {
			panic("vectors: dots: row out of range")
		}
	}
}
