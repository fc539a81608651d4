package assistant

import (
	"errors"
	"fmt"
	"math"

	"deskpilot/retrieval"
)

// Signals are the evidence a confidence is computed from, kept on every
// answer so that reports and the simulation can show why.
type Signals struct {
	Documents int `json:"documents"` // documents retrieved for the draft
	// Coverage is the share of the question's content words found in the
	// best document; TitleCoverage the share of that document's title
	// words found in the question (an FAQ title restates its question).
	Coverage      float64 `json:"coverage"`
	TitleCoverage float64 `json:"title_coverage"`
	// Both is set when both indexes found the best chunk; RankAgreement
	// when both ranked it first.
	Both          bool `json:"both"`
	RankAgreement bool `json:"rank_agreement"`
	// Margin is how far the best document leads the next: 1 - s2/s1.
	Margin float64 `json:"margin"`
	// TicketSimilarity is how much of the most similar solved ticket's
	// question the new one shares; Agreement how much of that ticket's
	// answer the best document also says (or 1 when it links to it),
	// weighted by the similarity.
	TicketSimilarity float64        `json:"ticket_similarity"`
	Agreement        float64        `json:"agreement"`
	BestKind         retrieval.Kind `json:"best_kind,omitempty"`
	// CategoryConfidence is the triage model's confidence in the category.
	CategoryConfidence float64 `json:"category_confidence"`
	Frustrated         bool    `json:"frustrated"`
	AskedForHuman      bool    `json:"asked_for_human"`
	Sensitive          bool    `json:"sensitive"`
	ITVocabulary       bool    `json:"it_vocabulary"`
	// Injections counts sentences removed from the best document as
	// prompt injection.
	Injections int `json:"injections"`
	// LLM is set when an LLM wrote the draft; LLMAnswered when it did not
	// decline, LLMSupported is its self-check (-1 when none was made).
	LLM          bool    `json:"llm"`
	LLMAnswered  bool    `json:"llm_answered"`
	LLMSupported float64 `json:"llm_supported"`
	// LLMOutOfScope is set when the LLM judged the question off topic.
	LLMOutOfScope bool `json:"llm_out_of_scope,omitempty"`
	// Cited is how many retrieved passages the draft cites.
	Cited int `json:"cited"`
}

// features are the signals the calibration weighs, in Calibration.Weights
// order.
func (s *Signals) features() []float64 {
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	llmOK := 0.0
	if s.LLM {
		llmOK = b(s.LLMAnswered && s.Cited > 0)
		if s.LLMSupported >= 0 {
			llmOK = (llmOK + s.LLMSupported) / 2
		}
		llmOK = 2*llmOK - 1 // -1 when the model declined or was unsure
	}
	return []float64{s.Coverage, s.TitleCoverage, b(s.Both), b(s.RankAgreement), s.Margin, s.Agreement, llmOK}
}

// FeatureNames name the calibration's weights.
var FeatureNames = []string{"coverage", "title_coverage", "both", "rank_agreement", "margin", "agreement", "llm_self_check"}

// Calibration turns signals into a probability with a logistic model.
// `deskpilot simulate` fits one on a desk's own history (report.json's
// "calibration") from the judge's verdicts.
type Calibration struct {
	Intercept float64   `json:"intercept"`
	Weights   []float64 `json:"weights"`
}

// DefaultCalibration returns the built-in weights: those fitted on the
// offline simulation of the demo desk (5,600 tickets, judged by the
// offline judge; `deskpilot demo --export DIR` then `deskpilot simulate`),
// rounded. The LLM's self-check cannot be fitted offline: its weight is set
// by hand so that a declined or unsupported draft halves the odds and a
// supported one doubles them, at most.
func DefaultCalibration() *Calibration {
	return &Calibration{Intercept: -3.2, Weights: []float64{2.0, 1.6, 0.2, 0.85, -1.05, 4.0, 0.7}}
}

// Validate checks that c has one finite weight per feature.
func (c *Calibration) Validate() error {
	if len(c.Weights) != len(FeatureNames) {
		return fmt.Errorf("assistant: calibration has %d weights, want %d", len(c.Weights), len(FeatureNames))
	}
	for _, w := range append([]float64{c.Intercept}, c.Weights...) {
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return errors.New("assistant: calibration weight is not a number")
		}
	}
	return nil
}

// Confidence is the calibrated probability that a draft with these signals
// resolves the question; 0 without any document.
func (c *Calibration) Confidence(s *Signals) float64 {
	if s.Documents == 0 {
		return 0
	}
	z := c.Intercept
	for i, x := range s.features() {
		z += c.Weights[i] * x
	}
	return 1 / (1 + math.Exp(-z))
}

// FitCalibration fits the logistic model to signals and outcomes (true
// when the draft resolved the question) by Newton's method with a little
// L2 regularisation, so that a few hundred outcomes give stable weights.
func FitCalibration(signals []Signals, resolved []bool) (*Calibration, error) {
	if len(signals) != len(resolved) {
		return nil, errors.New("assistant: one outcome per signal set")
	}
	var xs [][]float64
	var ys []float64
	pos := 0
	for i := range signals {
		if signals[i].Documents == 0 {
			continue
		}
		xs = append(xs, append([]float64{1}, signals[i].features()...))
		y := 0.0
		if resolved[i] {
			y, pos = 1, pos+1
		}
		ys = append(ys, y)
	}
	if pos == 0 || pos == len(ys) {
		return nil, errors.New("assistant: calibration needs both resolved and unresolved outcomes")
	}
	const lambda = 1.0 // on the sum of squares, not the mean: light
	d := len(xs[0])
	w := make([]float64, d)
	for range 50 {
		h := make([][]float64, d)
		for i := range h {
			h[i] = make([]float64, d+1) // the last column is the gradient
		}
		for i, x := range xs {
			z := 0.0
			for j, v := range x {
				z += w[j] * v
			}
			p := 1 / (1 + math.Exp(-z))
			for j, vj := range x {
				h[j][d] += (ys[i] - p) * vj
				for k, vk := range x {
					h[j][k] += p * (1 - p) * vj * vk
				}
			}
		}
		for j := 1; j < d; j++ { // the intercept is not shrunk
			h[j][j] += lambda
			h[j][d] -= lambda * w[j]
		}
		step, err := solve(h)
		if err != nil {
			return nil, err
		}
		moved := 0.0
		for j := range w {
			w[j] += step[j]
			moved = max(moved, math.Abs(step[j]))
		}
		if moved < 1e-9 {
			break
		}
	}
	return &Calibration{Intercept: w[0], Weights: w[1:]}, nil
}

// solve solves the linear system of the augmented matrix a by Gaussian
// elimination with partial pivoting.
func solve(a [][]float64) ([]float64, error) {
	n := len(a)
	for col := range n {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[p][col]) {
				p = r
			}
		}
		if math.Abs(a[p][col]) < 1e-12 {
			return nil, errors.New("assistant: calibration signals are degenerate")
		}
		a[col], a[p] = a[p], a[col]
		for r := range n {
			if r == col {
				continue
			}
			f := a[r][col] / a[col][col]
			for c := col; c <= n; c++ {
				a[r][c] -= f * a[col][c]
			}
		}
	}
	out := make([]float64, n)
	for i := range n {
		out[i] = a[i][n] / a[i][i]
	}
	return out, nil
}
