package localembed

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Latent semantic analysis: the truncated SVD of the document-term matrix
// of the fitted corpus. Terms used in the same documents get nearby
// vectors, so a text is placed among the topics of its words even when
// the words themselves differ from a document's. The SVD is computed with
// a randomized range finder (Halko, Martinsson and Tropp 2011): a few
// products of the sparse matrix with thin dense ones, then an exact
// eigen-decomposition of a small matrix; it is deterministic (fixed seed).

// sparseRows is a sparse matrix stored by rows: row i has the entries
// cols[start[i]:start[i+1]] with values vals[...].
type sparseRows struct {
	start []int
	cols  []int32
	vals  []float64
	ncols int
}

func (a *sparseRows) rows() int { return len(a.start) - 1 }

// mulDense returns a·x for x a dense ncols×l matrix stored by rows; the
// result is rows×l, by rows.
func (a *sparseRows) mulDense(x []float64, l int) []float64 {
	y := make([]float64, a.rows()*l)
	for i := range a.rows() {
		yi := y[i*l : (i+1)*l]
		for p := a.start[i]; p < a.start[i+1]; p++ {
			v, xr := a.vals[p], x[int(a.cols[p])*l:int(a.cols[p])*l+l]
			for j := range l {
				yi[j] += v * xr[j]
			}
		}
	}
	return y
}

// mulTDense returns aᵀ·y for y a dense rows×l matrix by rows; the result
// is ncols×l, by rows.
func (a *sparseRows) mulTDense(y []float64, l int) []float64 {
	x := make([]float64, a.ncols*l)
	for i := range a.rows() {
		yi := y[i*l : (i+1)*l]
		for p := a.start[i]; p < a.start[i+1]; p++ {
			v, xr := a.vals[p], x[int(a.cols[p])*l:int(a.cols[p])*l+l]
			for j := range l {
				xr[j] += v * yi[j]
			}
		}
	}
	return x
}

// orthonormalize makes the l columns of y (n×l, by rows) orthonormal by
// CholeskyQR2: twice, y ← y·R⁻¹ where RᵀR = yᵀy. Unlike Gram-Schmidt it
// reads y row by row, which keeps tall matrices fast. A tiny shift keeps
// the factorization defined when columns are dependent.
func orthonormalize(y []float64, n, l int) {
	g := make([]float64, l*l)
	for range 2 {
		clear(g)
		for i := range n {
			row := y[i*l : (i+1)*l]
			for a, x := range row {
				if x == 0 {
					continue
				}
				ga := g[a*l : (a+1)*l]
				for b := a; b < l; b++ {
					ga[b] += x * row[b]
				}
			}
		}
		trace := 0.0
		for a := range l {
			trace += g[a*l+a]
		}
		cholesky(g, l, 1e-13*trace+1e-300)
		for a := range l { // Rᵀ into the lower triangle: solves read rows
			for b := a + 1; b < l; b++ {
				g[b*l+a] = g[a*l+b]
			}
		}
		for i := range n {
			solveUpper(g, y[i*l:(i+1)*l], l)
		}
	}
}

// cholesky overwrites the upper triangle of the symmetric g (its upper
// triangle is read) with R such that RᵀR = g + shift·I.
func cholesky(g []float64, l int, shift float64) {
	for j := range l {
		d := g[j*l+j] + shift
		for k := range j {
			d -= g[k*l+j] * g[k*l+j]
		}
		if d < shift {
			d = shift // a dependent column: keep it finite
		}
		rjj := math.Sqrt(d)
		g[j*l+j] = rjj
		for c := j + 1; c < l; c++ {
			v := g[j*l+c]
			for k := range j {
				v -= g[k*l+j] * g[k*l+c]
			}
			g[j*l+c] = v / rjj
		}
	}
}

// solveUpper replaces the row vector x with x·R⁻¹ for the upper triangular
// R whose transpose is stored in the lower triangle of r.
func solveUpper(r, x []float64, l int) {
	for j := range l {
		rj := r[j*l : j*l+j]
		v := x[j]
		for k, rk := range rj {
			v -= x[k] * rk
		}
		x[j] = v / r[j*l+j]
	}
}

// truncatedSVD returns the k leading right singular vectors of a (its
// columns are terms: one row of vecs per column of a, k values each) and
// the singular values, largest first. Fewer than k come back when a has a
// lower rank.
func truncatedSVD(a *sparseRows, k int, seed uint64) (vecs []float64, sigma []float64) {
	n, m := a.rows(), a.ncols
	l := min(k+10, n, m)
	if l == 0 {
		return nil, nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x6c736121))
	omega := make([]float64, m*l)
	for i := range omega {
		omega[i] = rng.NormFloat64()
	}
	y := a.mulDense(omega, l)
	orthonormalize(y, n, l)
	for range 2 { // power iterations sharpen the leading subspace
		z := a.mulTDense(y, l)
		orthonormalize(z, m, l)
		y = a.mulDense(z, l)
		orthonormalize(y, n, l)
	}
	// b = yᵀa is l×m; stored transposed (m×l, by rows) as aᵀy.
	bt := a.mulTDense(y, l)
	gram := make([]float64, l*l) // b·bᵀ
	for r := range m {
		row := bt[r*l : (r+1)*l]
		for i := range l {
			for j := i; j < l; j++ {
				gram[i*l+j] += row[i] * row[j]
			}
		}
	}
	for i := range l {
		for j := range i {
			gram[i*l+j] = gram[j*l+i]
		}
	}
	evals, evecs := jacobiEigen(gram, l)
	return rightVectors(bt, evals, evecs, m, l, k)
}

// rightVectors turns the eigenpairs of b·bᵀ into b's right singular
// vectors: v_i = bᵀu_i / σ_i, keeping the k largest non-zero σ.
func rightVectors(bt, evals, evecs []float64, m, l, k int) ([]float64, []float64) {
	order := make([]int, l)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return evals[order[i]] > evals[order[j]] })
	var sigma []float64
	for _, i := range order {
		if len(sigma) == k || evals[i] <= 1e-12*max(evals[order[0]], 1e-300) {
			break
		}
		sigma = append(sigma, math.Sqrt(evals[i]))
	}
	kk := len(sigma)
	vecs := make([]float64, m*kk)
	for r := range m {
		row := bt[r*l : (r+1)*l]
		for c := range kk {
			col := order[c]
			s := 0.0
			for i := range l {
				s += row[i] * evecs[i*l+col]
			}
			vecs[r*kk+c] = s / sigma[c]
		}
	}
	return vecs, sigma
}

// jacobiEigen diagonalizes the symmetric n×n matrix a (destroyed) with
// cyclic Jacobi rotations; it returns the eigenvalues and the eigenvectors
// as the columns of an n×n matrix by rows.
func jacobiEigen(a []float64, n int) ([]float64, []float64) {
	v := make([]float64, n*n)
	for i := range n {
		v[i*n+i] = 1
	}
	for sweep := 0; sweep < 60; sweep++ {
		off := 0.0
		for i := range n {
			for j := i + 1; j < n; j++ {
				off += a[i*n+j] * a[i*n+j]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				rotate(a, v, n, p, q)
			}
		}
	}
	evals := make([]float64, n)
	for i := range n {
		evals[i] = a[i*n+i]
	}
	return evals, v
}

// rotate zeroes a[p][q] with one Jacobi rotation and accumulates it in v.
func rotate(a, v []float64, n, p, q int) {
	apq := a[p*n+q]
	if math.Abs(apq) < 1e-300 {
		return
	}
	theta := (a[q*n+q] - a[p*n+p]) / (2 * apq)
	t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
	c := 1 / math.Sqrt(t*t+1)
	s := t * c
	for k := range n {
		akp, akq := a[k*n+p], a[k*n+q]
		a[k*n+p], a[k*n+q] = c*akp-s*akq, s*akp+c*akq
	}
	for k := range n {
		apk, aqk := a[p*n+k], a[q*n+k]
		a[p*n+k], a[q*n+k] = c*apk-s*aqk, s*apk+c*aqk
	}
	for k := range n {
		vkp, vkq := v[k*n+p], v[k*n+q]
		v[k*n+p], v[k*n+q] = c*vkp-s*vkq, s*vkp+c*vkq
	}
}
