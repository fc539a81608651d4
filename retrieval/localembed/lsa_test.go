package localembed

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// denseRows turns a dense n×m matrix into sparseRows.
func denseRows(a [][]float64) *sparseRows {
	s := &sparseRows{start: []int{0}, ncols: len(a[0])}
	for _, row := range a {
		for j, v := range row {
			if v != 0 {
				s.cols = append(s.cols, int32(j))
				s.vals = append(s.vals, v)
			}
		}
		s.start = append(s.start, len(s.vals))
	}
	return s
}

func TestTruncatedSVD(t *testing.T) {
	// A rank-4 matrix with known singular values: a = Σ σ_i u_i v_iᵀ.
	rng := rand.New(rand.NewPCG(1, 2))
	n, m := 40, 25
	want := []float64{9, 5, 2, 0.5}
	us, vs := randomOrthonormal(rng, n, 4), randomOrthonormal(rng, m, 4)
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, m)
		for j := range a[i] {
			for k, s := range want {
				a[i][j] += s * us[k][i] * vs[k][j]
			}
		}
	}
	vecs, sigma := truncatedSVD(denseRows(a), 3, 7)
	if len(sigma) != 3 {
		t.Fatalf("got %d singular values, want 3", len(sigma))
	}
	for k := range 3 {
		if math.Abs(sigma[k]-want[k]) > 1e-9 {
			t.Errorf("σ%d = %v, want %v", k, sigma[k], want[k])
		}
		dot := 0.0 // the right vector matches up to its sign
		for j := range m {
			dot += vecs[j*3+k] * vs[k][j]
		}
		if math.Abs(math.Abs(dot)-1) > 1e-9 {
			t.Errorf("v%d·truth = %v, want ±1", k, dot)
		}
	}
	// Asking for more than the rank returns the rank.
	if _, sigma := truncatedSVD(denseRows(a), 10, 7); len(sigma) != 4 {
		t.Errorf("rank-4 matrix: %d singular values, want 4 (%v)", len(sigma), sigma)
	}
}

// randomOrthonormal returns k orthonormal vectors of length n.
func randomOrthonormal(rng *rand.Rand, n, k int) [][]float64 {
	y := make([]float64, n*k)
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	orthonormalize(y, n, k)
	out := make([][]float64, k)
	for c := range out {
		out[c] = make([]float64, n)
		for i := range n {
			out[c][i] = y[i*k+c]
		}
	}
	return out
}

func TestJacobiEigen(t *testing.T) {
	a := []float64{4, 1, 2, 1, 3, 0, 2, 0, 1}
	orig := slices.Clone(a)
	evals, evecs := jacobiEigen(a, 3)
	for c := range 3 { // a·v = λ·v for every pair
		for i := range 3 {
			av := 0.0
			for j := range 3 {
				av += orig[i*3+j] * evecs[j*3+c]
			}
			if math.Abs(av-evals[c]*evecs[i*3+c]) > 1e-9 {
				t.Fatalf("pair %d is not an eigenpair", c)
			}
		}
	}
	if sum := evals[0] + evals[1] + evals[2]; math.Abs(sum-8) > 1e-9 {
		t.Errorf("trace %v, want 8", sum)
	}
}
