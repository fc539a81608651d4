package triage

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors/files"
	"deskpilot/tickets"
)

func mustTicket(tb testing.TB, line string) *tickets.Ticket {
	tb.Helper()
	var r files.Ticket
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		tb.Fatal(err)
	}
	t, err := r.DomainTicket("test")
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestSplitByTimeNeverPutsTheFutureInTraining(t *testing.T) {
	ex := toyExamples(101, 3, 0.5, 0, 20)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(ex), func(i, j int) { ex[i], ex[j] = ex[j], ex[i] })
	ex[5].Time, ex[6].Time = ex[7].Time, ex[7].Time // ties are allowed
	train, test := SplitByTime(ex, TrainShare)
	if len(train) != 80 || len(test) != 21 {
		t.Fatalf("split %d/%d, want 80/21", len(train), len(test))
	}
	var last time.Time
	for _, e := range train {
		if e.Time.Before(last) {
			t.Fatalf("training tickets out of order at %v", e.Time)
		}
		last = e.Time
	}
	for _, e := range test {
		if e.Time.Before(last) {
			t.Errorf("test ticket of %v is earlier than a training ticket of %v", e.Time, last)
		}
	}
}

// writeTickets writes toy examples as a tickets JSONL file, in shuffled
// order, with a bad line; priority only when withPriority.
func writeTickets(tb testing.TB, ex []Example, withPriority bool) string {
	tb.Helper()
	var b strings.Builder
	for i, e := range ex {
		r := files.Ticket{ID: strings.Repeat("t", 1+i%3) + time.Duration(i).String(), CreatedAt: e.Time,
			Category: e.Labels[LabelCategory], Team: e.Labels[LabelTeam],
			Messages: []files.Message{{Author: "requester", Body: e.Text}}}
		if withPriority {
			r.Priority = e.Labels[LabelPriority]
		}
		line, _ := json.Marshal(r)
		b.Write(line)
		b.WriteByte('\n')
		if i == 3 {
			b.WriteString("{not json\n")
		}
	}
	path := filepath.Join(tb.TempDir(), "tickets.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestEvaluateFileReportsEveryLabelTheDataHas(t *testing.T) {
	ex := toyExamples(500, 6, 0.5, 0.05, 21)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(ex), func(i, j int) { ex[i], ex[j] = ex[j], ex[i] })
	r, err := EvaluateFile(context.Background(), writeTickets(t, ex, false), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Tickets != 500 || r.Train != 400 || r.Test != 100 || r.Skipped != 1 {
		t.Errorf("tickets %d train %d test %d skipped %d, want 500 400 100 1", r.Tickets, r.Train, r.Test, r.Skipped)
	}
	var got map[string]any
	b, _ := json.Marshal(r)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	labels := got["labels"].(map[string]any)
	if _, ok := labels["priority"]; ok {
		t.Error("priority reported for data without priorities")
	}
	for _, l := range []string{"category", "team"} {
		lr, ok := labels[l].(map[string]any)
		if !ok {
			t.Fatalf("no %s in %s", l, b)
		}
		for _, field := range []string{"accuracy", "macro_f1", "coverage", "accuracy_answered", "classes"} {
			if _, ok := lr[field]; !ok {
				t.Errorf("%s: no %q in %s", l, field, b)
			}
		}
		if acc := lr["accuracy"].(float64); acc < 0.9 {
			t.Errorf("%s: accuracy %.3f on an easy desk", l, acc)
		}
	}
}

func TestEvaluateCountsAbstentionsOnlyInTheAbstentionView(t *testing.T) {
	r, err := Evaluate(toyExamples(1000, 5, 0.25, 0.15, 22), Options{})
	if err != nil {
		t.Fatal(err)
	}
	lr := r.Labels[LabelCategory]
	if lr.Coverage <= 0 || lr.Coverage >= 1 {
		t.Fatalf("coverage %.3f: a noisy desk should abstain on some tickets", lr.Coverage)
	}
	if lr.AccuracyWithAbstention >= lr.Accuracy || lr.AccuracyAnswered <= lr.Accuracy {
		t.Errorf("accuracy %.3f, with abstentions counted wrong %.3f, on answers kept %.3f", lr.Accuracy, lr.AccuracyWithAbstention, lr.AccuracyAnswered)
	}
	want := lr.AccuracyAnswered * lr.Coverage
	if math.Abs(lr.AccuracyWithAbstention-want) > 1e-9 {
		t.Errorf("accuracy with abstentions %.4f, want coverage × accuracy answered = %.4f", lr.AccuracyWithAbstention, want)
	}
}

func TestAccuracyF1(t *testing.T) {
	tests := []struct {
		name        string
		truth, pred []int
		abstain     []bool
		acc, f1     float64
	}{
		{"perfect", []int{0, 1, 2}, []int{0, 1, 2}, nil, 1, 1},
		// class 0: tp 1, fp 0, fn 1 -> 2/3; class 1: tp 1, fp 1, fn 0 -> 2/3
		{"one miss", []int{0, 0, 1}, []int{0, 1, 1}, nil, 2.0 / 3, 2.0 / 3},
		// the abstention is a miss of class 0 and no false alarm
		{"abstention", []int{0, 0, 1}, []int{0, 1, 1}, []bool{false, true, false}, 2.0 / 3, (2.0/3 + 1) / 2},
		// a predicted class absent from the truth counts, as in scikit-learn
		{"extra class", []int{0, 0}, []int{0, 2}, nil, 0.5, (2.0/3 + 0) / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc, f1 := accuracyF1(tt.truth, tt.pred, tt.abstain)
			if math.Abs(acc-tt.acc) > 1e-9 || math.Abs(f1-tt.f1) > 1e-9 {
				t.Errorf("got %.4f %.4f, want %.4f %.4f", acc, f1, tt.acc, tt.f1)
			}
		})
	}
}

func TestFitThreshold(t *testing.T) {
	var conf []float64
	var correct []bool
	for i := range 100 { // right above 0.5, a coin toss below
		conf = append(conf, float64(i)/100)
		correct = append(correct, i >= 50 || i%2 == 0)
	}
	if got := fitThreshold(conf, correct, 0.9); math.Abs(got-0.4) > 0.051 {
		t.Errorf("threshold %.2f, want about 0.4 (where the kept answers fall to 90%%)", got)
	}
	if got := fitThreshold(conf[:10], correct[:10], 0.9); got != 0.9 {
		t.Errorf("too few answers: threshold %.2f, want the target 0.9", got)
	}
}
