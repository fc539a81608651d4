package vectors

import (
	"errors"
	"math"
)

// maxCode is the largest int8 code magnitude; -128 is never used, so codes
// are symmetric around zero.
const maxCode = 127

// errZero and errNotFinite reject vectors that have no direction.
var (
	errZero      = errors.New("zero vector has no direction")
	errNotFinite = errors.New("vector holds NaN or infinity")
)

// code is a vector quantized on two levels: unit ≈ scale*first +
// rscale*second, where unit is the vector scaled to length 1.
type code struct {
	first, second []int8 // stride long
	scale, rscale float32
	// bound is rscale*|second|: by Cauchy-Schwarz, how far a score taken
	// on the first level alone can be from the two-level score, per unit
	// of the query's length.
	bound float32
}

// unit returns v scaled to length 1, in float64.
func unit(v []float32, out []float64) ([]float64, error) {
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	if math.IsNaN(ss) || math.IsInf(ss, 0) {
		return nil, errNotFinite
	}
	if ss == 0 {
		return nil, errZero
	}
	inv := 1 / math.Sqrt(ss)
	out = out[:0]
	for _, x := range v {
		out = append(out, float64(x)*inv)
	}
	return out, nil
}

// quantize fills c's levels from v; c.first and c.second are stride long
// and come zeroed, so the padding stays zero.
func quantize(v []float32, c *code, scratch []float64) error {
	u, err := unit(v, scratch)
	if err != nil {
		return err
	}
	c.scale = float32(maxAbs(u) / maxCode)
	s := float64(c.scale)
	for i, x := range u {
		q := toCode(x, s)
		c.first[i] = q
		u[i] = x - float64(q)*s // the residual, in place
	}
	c.rscale = float32(maxAbs(u) / maxCode)
	if c.rscale == 0 {
		return nil
	}
	rs := float64(c.rscale)
	var n2 float64
	for i, x := range u {
		q := toCode(x, rs)
		c.second[i] = q
		n2 += float64(q) * float64(q)
	}
	// Rounded up a little: float32 must not make the bound too tight.
	c.bound = float32(rs*math.Sqrt(n2)*(1+1e-6) + 1e-12)
	return nil
}

// toCode rounds x/s to the nearest code.
func toCode(x, s float64) int8 {
	return int8(max(-maxCode, min(maxCode, math.Round(x/s))))
}

func maxAbs(u []float64) float64 {
	var m float64
	for _, x := range u {
		m = max(m, math.Abs(x))
	}
	return m
}

// query is a search vector quantized to int16 for the kernels.
type query struct {
	q     []int16 // stride long
	scale float64 // unit ≈ scale*q
	// bound is scale*|q|: times a row's bound, how far its first-level
	// score can be from its two-level score.
	bound float64
}

// quantizeQuery scales v to length 1 and quantizes it to int16 with the
// largest magnitude that keeps a dot product with int8 codes of stride
// dimensions within int32.
func quantizeQuery(v []float32, stride int) (query, error) {
	u, err := unit(v, make([]float64, 0, len(v)))
	if err != nil {
		return query{}, err
	}
	qmax := min(math.MaxInt16, math.MaxInt32/(maxCode*stride))
	s := maxAbs(u) / float64(qmax)
	qy := query{q: make([]int16, stride), scale: s}
	var n2 float64
	for i, x := range u {
		q := math.Round(x / s)
		qy.q[i] = int16(q)
		n2 += q * q
	}
	qy.bound = s * math.Sqrt(n2)
	return qy, nil
}
