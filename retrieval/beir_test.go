package retrieval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// MustWriteBEIR writes a BEIR folder with the given file contents and
// returns its path.
func MustWriteBEIR(tb testing.TB, corpus, queries, qrels string) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "qrels"), 0o755); err != nil {
		tb.Fatal(err)
	}
	files := map[string]string{"corpus.jsonl": corpus, "queries.jsonl": queries, "qrels/test.tsv": qrels}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestLoadBEIR(t *testing.T) {
	long := strings.Repeat("word ", 30000) // longer than a bufio.Scanner line
	corpus := `{"_id": "d1", "title": "Reset a password", "text": "Use the portal."}` + "\r\n" +
		"\n" +
		`{"_id": 2, "title": "", "text": "` + long + `", "metadata": {}}` + "\n"
	queries := `{"_id": "q1", "text": "forgot my password"}` + "\n" + `{"_id": "q2", "text": "long"}`
	qrels := "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\t2\t2\nq2\td1\t0\n"
	b, err := LoadBEIR(MustWriteBEIR(t, corpus, queries, qrels))
	if err != nil {
		t.Fatal(err)
	}
	want := &BEIR{
		Corpus: []BEIRDoc{
			{ID: "d1", Title: "Reset a password", Text: "Use the portal."},
			{ID: "2", Text: long},
		},
		Queries: []BEIRQuery{{ID: "q1", Text: "forgot my password"}, {ID: "q2", Text: "long"}},
		Qrels:   map[string]map[string]int{"q1": {"d1": 1}, "q2": {"2": 2, "d1": 0}},
	}
	if diff := cmp.Diff(want, b); diff != "" {
		t.Errorf("LoadBEIR (-want +got):\n%s", diff)
	}
}

func TestLoadBEIRErrors(t *testing.T) {
	okCorpus := `{"_id": "d1", "title": "t", "text": "x"}` + "\n"
	okQueries := `{"_id": "q1", "text": "x"}` + "\n"
	okQrels := "query-id\tcorpus-id\tscore\nq1\td1\t1\n"
	tests := []struct {
		name                   string
		corpus, queries, qrels string
		want                   string
	}{
		{"bad json", okCorpus + "{nope\n", okQueries, okQrels, "corpus.jsonl:2:"},
		{"missing id", okCorpus + `{"title": "t"}` + "\n", okQueries, okQrels, "corpus.jsonl:2: missing _id"},
		{"empty id", okCorpus, `{"_id": " ", "text": "x"}`, okQrels, "queries.jsonl:1: empty _id"},
		{"duplicate id", okCorpus + "\n" + okCorpus, okQueries, okQrels, `corpus.jsonl:3: duplicate _id "d1" (first on line 1)`},
		{"bool id", okCorpus, `{"_id": true}`, okQrels, "queries.jsonl:1: _id is neither"},
		{"bad score", okCorpus, okQueries, okQrels + "q1\td2\thigh\n", `qrels/test.tsv:3: score "high" is not an integer`},
		{"fields", okCorpus, okQueries, okQrels + "q1 d2\n", "qrels/test.tsv:3: want 3 fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadBEIR(MustWriteBEIR(t, tt.corpus, tt.queries, tt.qrels))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadBEIR error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		dir := MustWriteBEIR(t, okCorpus, okQueries, okQrels)
		if err := os.Remove(filepath.Join(dir, "queries.jsonl")); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadBEIR(dir); err == nil || !strings.Contains(err.Error(), "queries.jsonl") {
			t.Errorf("LoadBEIR error = %v, want it to name queries.jsonl", err)
		}
	})
}

// beirIDs returns n ids "pa", "pb", ... with the given prefix p.
func beirIDs(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + string(rune('a'+i))
	}
	return out
}

func TestEvaluateBEIR(t *testing.T) {
	ln3 := 1 / math.Log2(3) // discount at rank 2
	many := beirIDs("r", 12)
	manyRels := make(map[string]int)
	for _, id := range many {
		manyRels[id] = 1
	}
	tests := []struct {
		name    string
		rels    map[string]int
		ranking []string
		want    Metrics
	}{
		{"first", map[string]int{"d1": 1}, []string{"d1", "x"}, Metrics{1, 1, 1, 1}},
		{"second", map[string]int{"d1": 1}, []string{"x", "d1", "y"}, Metrics{1, ln3, 1, 0.5}},
		// DCG = 1/log2(2) + 2/log2(4) = 2; ideal = 2 + 1/log2(3).
		{"graded", map[string]int{"a": 2, "b": 1, "c": 0}, []string{"b", "c", "a"}, Metrics{1, 2 / (2 + ln3), 1, 1}},
		{"half found", map[string]int{"a": 1, "b": 1}, []string{"x", "y", "b"}, Metrics{1, 0.5 / (1 + ln3), 0.5, 1.0 / 3}},
		{"rank 11", map[string]int{"d1": 1}, append(beirIDs("x", 10), "d1"), Metrics{1, 0, 0, 0}},
		{"not ranked", map[string]int{"d1": 1}, nil, Metrics{1, 0, 0, 0}},
		{"repeats count once", map[string]int{"d1": 1}, []string{"x", "x", "x", "d1"}, Metrics{1, ln3, 1, 0.5}},
		{"ideal cut at 10", manyRels, many, Metrics{1, 1, 10.0 / 12, 1}},
		{"no relevant judgment", map[string]int{"d1": 0}, []string{"d1"}, Metrics{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &BEIR{Queries: []BEIRQuery{{ID: "q"}}, Qrels: map[string]map[string]int{"q": tt.rels}}
			got := Evaluate(b, Ranking{"q": tt.ranking})
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(beirApprox)); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluateBEIRAverages(t *testing.T) {
	b := &BEIR{
		Queries: []BEIRQuery{{ID: "q1"}, {ID: "q2"}, {ID: "unjudged"}},
		Qrels:   map[string]map[string]int{"q1": {"d1": 1}, "q2": {"d2": 1}, "other": {"d1": 1}},
	}
	got := Evaluate(b, Ranking{"q1": {"d1"}, "q2": {"d1", "d2"}, "unjudged": {"d1"}})
	want := Metrics{Queries: 2, NDCG10: (1 + 1/math.Log2(3)) / 2, Recall10: 1, MRR10: 0.75}
	if diff := cmp.Diff(want, got, cmp.Comparer(beirApprox)); diff != "" {
		t.Errorf("Evaluate (-want +got):\n%s", diff)
	}
	if got := Evaluate(&BEIR{}, Ranking{}); got != (Metrics{}) {
		t.Errorf("Evaluate of nothing = %+v, want zero", got)
	}
}

func beirApprox(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
