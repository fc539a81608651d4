package triage

import (
	"math"
	"sort"
)

// softmax turns decision values into probabilities at temperature t, in
// place. A one-vs-rest SVM's margins are not probabilities, but their
// softmax at a temperature fitted on held-out tickets is a calibrated one
// (temperature scaling, Guo et al. 2017): one parameter cannot overfit and
// it keeps the ranking of classes.
func softmax(s []float64, t float64) {
	top := math.Inf(-1)
	for _, v := range s {
		top = max(top, v)
	}
	var sum float64
	for i, v := range s {
		s[i] = math.Exp((v - top) / t)
		sum += s[i]
	}
	for i := range s {
		s[i] /= sum
	}
}

// fitTemperature returns the temperature at which the mean confidence of
// the top class over the held-out decision values rows equals the accuracy
// on them (ys are the true classes). The confidence shown, and thresholded,
// is that of the top value, so this is the calibration that matters; the
// usual fit, by likelihood of the true class, under-states it by several
// points when errors spread over many classes (measured on a noisy
// synthetic desk). Mean confidence falls as the temperature rises, so
// bisection on log t finds it.
func fitTemperature(rows [][]float64, ys []int) float64 {
	right := 0
	for i, r := range rows {
		if argmax(r) == ys[i] {
			right++
		}
	}
	acc := float64(right) / float64(len(rows))
	p := make([]float64, 0, 16)
	meanConf := func(t float64) float64 {
		var sum float64
		for _, r := range rows {
			p = append(p[:0], r...)
			softmax(p, t)
			sum += p[argmax(p)]
		}
		return sum / float64(len(rows))
	}
	lo, hi := math.Log(minTemperature), math.Log(maxTemperature)
	for range 40 {
		mid := (lo + hi) / 2
		if meanConf(math.Exp(mid)) > acc {
			lo = mid // too confident: warmer
		} else {
			hi = mid
		}
	}
	return math.Exp((lo + hi) / 2)
}

// The temperature stays within these bounds: a perfect held-out score
// would otherwise drive it to zero and every confidence to 1.
const (
	minTemperature = 0.02
	maxTemperature = 100
)

// minKept is the fewest held-out answers a fitted threshold rests on: the
// accuracy of fewer is noise.
const minKept = 20

// fitThreshold returns the lowest confidence at which the answers kept on
// held-out tickets are at least target accurate: sorted by confidence, the
// longest prefix whose accuracy reaches target sets the cut. Calibration
// makes the result meaningful on new tickets. When no prefix of minKept
// answers qualifies, it falls back to target itself, which a calibrated
// model keeps only when it expects to be right that often.
func fitThreshold(conf []float64, correct []bool, target float64) float64 {
	order := make([]int, len(conf))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return conf[order[a]] > conf[order[b]] })
	best := -1
	right := 0
	for n, i := range order {
		if correct[i] {
			right++
		}
		// Ties: a cut can only fall between different confidences.
		if n+1 < len(order) && conf[order[n+1]] == conf[i] {
			continue
		}
		if n+1 >= minKept && float64(right)/float64(n+1) >= target {
			best = n
		}
	}
	if best < 0 {
		return target
	}
	return conf[order[best]]
}
