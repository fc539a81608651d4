package triage

import (
	"context"
	"fmt"
	"time"

	"deskpilot/connectors/files"
)

// TrainShare is the share of tickets, oldest first, that evaluation learns
// from; it predicts the rest (formats.md, `eval triage`).
const TrainShare = 0.8

// Report is the result of an evaluation, as `eval triage --json` prints it.
type Report struct {
	Tickets int `json:"tickets"`
	Train   int `json:"train"`
	Test    int `json:"test"`
	// Skipped counts the lines of the file that could not be read.
	Skipped int                    `json:"skipped,omitempty"`
	Labels  map[Label]*LabelReport `json:"labels"`
	// TrainSeconds is how long training took, tuning included.
	TrainSeconds float64 `json:"train_seconds"`
}

// LabelReport holds the figures of one label over the test tickets that
// have it.
//
// Accuracy and MacroF1 are those of always answering with the top value,
// the figures that compare with published classifiers. Coverage and
// AccuracyAnswered are the abstention view: the share of test tickets the
// model answered at its threshold, and its accuracy on them.
// AccuracyWithAbstention and MacroF1WithAbstention count abstentions as
// wrong answers.
type LabelReport struct {
	Accuracy               float64 `json:"accuracy"`
	MacroF1                float64 `json:"macro_f1"`
	Coverage               float64 `json:"coverage"`
	AccuracyAnswered       float64 `json:"accuracy_answered"`
	AccuracyWithAbstention float64 `json:"accuracy_with_abstention"`
	MacroF1WithAbstention  float64 `json:"macro_f1_with_abstention"`
	// MeanConfidence is the mean confidence of the top answers: calibrated,
	// it is close to Accuracy.
	MeanConfidence float64 `json:"mean_confidence"`
	// Classes is how many values training saw; Test how many test tickets
	// have the label.
	Classes   int     `json:"classes"`
	Test      int     `json:"test"`
	Threshold float64 `json:"threshold"`
}

// EvaluateFile reads tickets from a JSONL or CSV export and evaluates
// triage on them as Evaluate does. Lines that cannot be read are skipped
// and counted.
func EvaluateFile(ctx context.Context, path string, opts Options) (*Report, error) {
	var ex []Example
	skipped := 0
	emit := func(it files.Item[files.Ticket]) error {
		t, err := it.Record.DomainTicket("eval")
		if err != nil {
			skipped++
			return nil
		}
		ex = append(ex, FromTicket(t))
		return nil
	}
	report := func(files.Problem) { skipped++ }
	if err := files.ReadTickets(ctx, []string{path}, files.Options{}, emit, report); err != nil {
		return nil, fmt.Errorf("triage: evaluate %s: %w", path, err)
	}
	r, err := Evaluate(ex, opts)
	if err != nil {
		return nil, fmt.Errorf("triage: evaluate %s: %w", path, err)
	}
	r.Skipped = skipped
	return r, nil
}

// Evaluate sorts examples by time, trains on the oldest TrainShare of them
// and reports on the rest, for each label the examples have.
func Evaluate(examples []Example, opts Options) (*Report, error) {
	train, test := SplitByTime(examples, TrainShare)
	start := time.Now()
	m, err := Train(train, opts)
	if err != nil {
		return nil, err
	}
	r := &Report{Tickets: len(examples), Train: len(train), Test: len(test),
		Labels: make(map[Label]*LabelReport), TrainSeconds: time.Since(start).Seconds()}
	preds := make([]Prediction, len(test))
	for i, e := range test {
		preds[i] = m.Predict(e.Text)
	}
	for _, l := range m.Labels() {
		if lr := m.labelReport(l, test, preds); lr != nil {
			r.Labels[l] = lr
		}
	}
	return r, nil
}

// SplitByTime returns the oldest share of examples and the rest, each in
// time order; examples with the same time keep their order.
func SplitByTime(examples []Example, share float64) (train, test []Example) {
	ex := sortedByTime(examples)
	cut := int(float64(len(ex)) * share)
	return ex[:cut], ex[cut:]
}

// labelReport scores label l over the test examples that have it, or
// returns nil when none has.
func (m *Model) labelReport(l Label, test []Example, preds []Prediction) *LabelReport {
	classes := m.heads[l].classes
	index := make(map[string]int, len(classes))
	for i, c := range classes {
		index[c] = i
	}
	var truth, pred []int
	var abstain []bool
	lr := &LabelReport{Classes: len(classes), Threshold: m.heads[l].threshold}
	right := 0
	for i, e := range test {
		v := e.Labels[l]
		if v == "" {
			continue
		}
		t, ok := index[v]
		if !ok {
			t = len(index) // a value training never saw
			index[v] = t
		}
		g := preds[i].Labels[l]
		truth, pred, abstain = append(truth, t), append(pred, index[g.Value]), append(abstain, g.Abstain)
		lr.MeanConfidence += g.Confidence
		if !g.Abstain {
			lr.Coverage++
			if g.Value == v {
				right++
			}
		}
	}
	if len(truth) == 0 {
		return nil
	}
	lr.Test = len(truth)
	lr.Accuracy, lr.MacroF1 = accuracyF1(truth, pred, nil)
	lr.AccuracyWithAbstention, lr.MacroF1WithAbstention = accuracyF1(truth, pred, abstain)
	if lr.Coverage > 0 {
		lr.AccuracyAnswered = float64(right) / lr.Coverage
	}
	lr.Coverage /= float64(len(truth))
	lr.MeanConfidence /= float64(len(truth))
	return lr
}
