package triage

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"deskpilot/connectors/files"
)

// dataDir holds the evaluation data of the shared workspace; the test skips
// without it, so that `make test` never depends on it.
const dataDir = "../../../shared/data/triage"

// TestReferenceTargets asserts the figures of triage against the reference
// of ../shared/data/README.md (TF-IDF 1-2 grams + linear SVM, first 80% by
// date -> last 20%), so that a regression shows.
//
// Team accuracy is the tightest: 0.428 against 0.420 (macro-F1 0.197
// against 0.195). The last fifth of that set drifts (held-out accuracy
// within the training part is 0.65, messages twice as long, a team of 24
// training tickets takes a fifth of the test); choosing the smallest C
// within one standard error of the best is what carries over.
func TestReferenceTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on 38,000 tickets")
	}
	tests := []struct {
		file string
		want map[Label][2]float64 // accuracy, macro-F1 to beat
	}{
		{"endava-categories.jsonl", map[Label][2]float64{LabelCategory: {0.820, 0.733}}},
		{"endava-services.jsonl", map[Label][2]float64{LabelTeam: {0.420, 0.195}, LabelCategory: {0.853, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dataDir, tt.file)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("no evaluation data: %v", err)
			}
			r, err := EvaluateFile(context.Background(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.MarshalIndent(r, "", "  ")
			t.Logf("%s", b)
			for l, want := range tt.want {
				got := r.Labels[l]
				if got == nil {
					t.Fatalf("%s: no report", l)
				}
				if got.Accuracy <= want[0] || got.MacroF1 <= want[1] {
					t.Errorf("%s: accuracy %.4f macro-F1 %.4f, want above %.3f and %.3f", l, got.Accuracy, got.MacroF1, want[0], want[1])
				}
			}
		})
	}
}

// loadEvaluationData reads a tickets file of the evaluation data, or skips.
func loadEvaluationData(tb testing.TB, path string) []Example {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("no evaluation data: %v", err)
	}
	var ex []Example
	emit := func(it files.Item[files.Ticket]) error {
		t, err := it.Record.DomainTicket("eval")
		if err == nil {
			ex = append(ex, FromTicket(t))
		}
		return nil
	}
	if err := files.ReadTickets(context.Background(), []string{path}, files.Options{}, emit, func(files.Problem) {}); err != nil {
		tb.Fatal(err)
	}
	return ex
}
