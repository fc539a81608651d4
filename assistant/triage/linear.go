package triage

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// linear is a one-vs-rest linear classifier: one weight vector and bias per
// class. Weights are stored feature-major (w[j*k+c]) so that scoring a
// sparse ticket reads k adjacent weights per term.
type linear struct {
	k    int
	w    []float32
	bias []float32
}

// svmParams controls training.
type svmParams struct {
	c       float64   // cost of a margin violation; higher fits the data harder
	weights []float64 // per class, multiplies c for that class's examples
	maxIter int
	eps     float64 // stop when the projected gradients spread less than this
	seed    uint64
}

// trainSVM fits k L2-regularised, squared-hinge linear SVMs (each class
// against the rest), classes in parallel.
func trainSVM(xs []sparse, ys []int, k, dim int, p svmParams) *linear {
	m := &linear{k: k, w: make([]float32, dim*k), bias: make([]float32, k)}
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), k) {
		wg.Go(func() {
			for c := range work {
				w, b := trainBinary(xs, ys, c, dim, p)
				for j, v := range w {
					m.w[j*k+c] = float32(v)
				}
				m.bias[c] = float32(b)
			}
		})
	}
	for c := range k {
		work <- c
	}
	close(work)
	wg.Wait()
	return m
}

// trainBinary solves the dual of min ½|w|² + Σ C_i·max(0, 1 − y_i·w·x_i)²
// for class c against the rest by coordinate descent with shrinking (Hsieh
// et al., ICML 2008; the LIBLINEAR solver): each step solves one ticket's
// dual variable in closed form, so a few passes over the data converge and
// no learning rate needs tuning. Tickets far on the right side of the
// margin drop out of the passes, which makes later passes cheap. The bias
// is a feature of constant value 1, regularised like the others.
func trainBinary(xs []sparse, ys []int, c, dim int, p svmParams) ([]float64, float64) {
	n := len(xs)
	w := make([]float64, dim)
	var b float64
	alpha := make([]float64, n)
	y, diag, qii := binaryProblem(xs, ys, c, p)
	rng := rand.New(rand.NewPCG(p.seed, uint64(c)))
	index := rng.Perm(n)
	active := n
	oldHi := math.Inf(1) // shrinking bound from the previous pass
	for range p.maxIter {
		rng.Shuffle(active, func(a, b int) { index[a], index[b] = index[b], index[a] })
		hi, lo := math.Inf(-1), math.Inf(1)
		for s := 0; s < active; s++ {
			i := index[s]
			x := xs[i]
			g := y[i]*(dot(w, x)+b) - 1 + diag[i]*alpha[i]
			pg := g
			if alpha[i] == 0 {
				if g > oldHi { // shrink: it will stay at zero
					active--
					index[s], index[active] = index[active], index[s]
					s--
					continue
				}
				pg = min(g, 0)
			}
			hi, lo = max(hi, pg), min(lo, pg)
			if math.Abs(pg) < 1e-12 {
				continue
			}
			old := alpha[i]
			alpha[i] = max(old-g/qii[i], 0)
			d := (alpha[i] - old) * y[i]
			for k, j := range x.idx {
				w[j] += d * float64(x.val[k])
			}
			b += d
		}
		if hi-lo <= p.eps {
			if active == n {
				break
			}
			// Converged on the active set: check every ticket once more.
			active, oldHi = n, math.Inf(1)
			continue
		}
		oldHi = hi
		if oldHi <= 0 {
			oldHi = math.Inf(1)
		}
	}
	return w, b
}

// binaryProblem returns the ±1 targets of class c against the rest, the
// squared hinge's diagonal term 1/(2C_i) of each ticket and the diagonal of
// the dual's Hessian (the bias feature adds 1 to each squared norm).
func binaryProblem(xs []sparse, ys []int, c int, p svmParams) (y, diag, qii []float64) {
	n := len(xs)
	y, diag, qii = make([]float64, n), make([]float64, n), make([]float64, n)
	for i, x := range xs {
		ci := p.c
		if p.weights != nil {
			ci *= p.weights[ys[i]]
		}
		diag[i] = 1 / (2 * ci)
		qii[i] = diag[i] + 1 + sqNorm(x)
		y[i] = -1
		if ys[i] == c {
			y[i] = 1
		}
	}
	return y, diag, qii
}

func dot(w []float64, x sparse) float64 {
	var s float64
	for k, j := range x.idx {
		s += w[j] * float64(x.val[k])
	}
	return s
}

func sqNorm(x sparse) float64 {
	var s float64
	for _, v := range x.val {
		s += float64(v) * float64(v)
	}
	return s
}

// scores writes the k decision values of x into out.
func (m *linear) scores(x sparse, out []float64) {
	for c := range m.k {
		out[c] = float64(m.bias[c])
	}
	for n, j := range x.idx {
		v := float64(x.val[n])
		row := m.w[int(j)*m.k : int(j)*m.k+m.k]
		for c, wc := range row {
			out[c] += v * float64(wc)
		}
	}
}
