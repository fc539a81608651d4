package simulation

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// memSearcher ranks chunks by the share of the query's words they hold.
// honest=false ignores the time filter and exclusions, as a broken index
// would.
type memSearcher struct {
	chunks []retrieval.Chunk
	honest bool
}

func (m *memSearcher) Search(_ context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	f := q.Filter
	if !m.honest {
		f.AsOf, f.Exclude = time.Time{}, nil
	}
	qw := retrieval.ContentWords(q.Text)
	var hits []retrieval.Hit
	for _, c := range m.chunks {
		if !f.Allows(&c) {
			continue
		}
		if s := retrieval.Coverage(qw, retrieval.WordSet(strings.Join(c.Heading, " ")+" "+c.Text)); s > 0 {
			hits = append(hits, retrieval.Hit{Chunk: c, Score: s})
		}
	}
	slices.SortStableFunc(hits, func(a, b retrieval.Hit) int {
		if a.Score > b.Score {
			return -1
		} else if a.Score < b.Score {
			return 1
		}
		return 0
	})
	for i := range hits {
		hits[i].LexicalRank, hits[i].VectorRank = i+1, i+1
	}
	return hits[:min(len(hits), q.K)], nil
}

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

var topics = []struct{ id, title, steps, question, category string }{
	{"KB-VPN", "VPN certificate expired", "1. Open the Company Portal.\n2. Renew the VPN certificate.\n3. Restart the VPN client.", "my vpn certificate expired and the vpn client refuses to connect", "Network/VPN"},
	{"KB-PRN", "Printer shows offline", "1. Switch the printer off and on.\n2. Remove the printer in Settings.\n3. Add the printer again.", "the printer shows offline and nothing prints", "Hardware/Printing"},
	{"KB-PWD", "Reset your password", "1. Open Passport.\n2. Choose Forgot password.\n3. Enter the code sent by SMS.", "I forgot my password and need to reset it", "Accounts/Password"},
}

// history builds articles and n tickets a day apart, cycling through the
// topics; every ticket is solved an hour later with the article's steps.
func history(n int) ([]retrieval.Chunk, []*tickets.Ticket) {
	var chunks []retrieval.Chunk
	for i, tp := range topics {
		chunks = append(chunks, retrieval.Chunk{Kind: retrieval.KindArticle, DocumentID: int64(i + 1), ExternalID: tp.id,
			Heading: []string{tp.title}, Text: tp.steps, Visibility: retrieval.Public, Language: "en", Source: "kb", CreatedAt: t0.Add(-time.Hour)})
	}
	var ts []*tickets.Ticket
	for i := range n {
		tp := topics[i%len(topics)]
		created := t0.Add(time.Duration(i) * 24 * time.Hour)
		solved := created.Add(time.Hour)
		t := &tickets.Ticket{ID: int64(i + 1), ExternalID: fmt.Sprintf("T-%d", i+1), Subject: tp.title, Status: tickets.StatusSolved,
			Category: tp.category, Team: "Desk", Priority: tickets.PriorityNormal, CreatedAt: created, ResolvedAt: &solved,
			Messages: []tickets.Message{
				{Author: tickets.AuthorRequester, Body: tp.question, Public: true, CreatedAt: created},
				{Author: tickets.AuthorAgent, Body: "Hi,\n\n" + tp.steps + "\n\nRegards,\nSam", Public: true, CreatedAt: solved},
			}}
		ts = append(ts, t)
		chunks = append(chunks, retrieval.TicketChunks(t)...)
	}
	return chunks, ts
}

func runHistory(t *testing.T, honest bool, o Options) []Result {
	t.Helper()
	chunks, ts := history(60)
	s := &memSearcher{chunks: chunks, honest: honest}
	o.Assistant.Searcher = s
	res, err := Run(context.Background(), ts, o)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestLeakCounter(t *testing.T) {
	leaks := func(rs []Result) int {
		n := 0
		for _, r := range rs {
			n += r.Leaks
		}
		return n
	}
	if n := leaks(runHistory(t, true, Options{})); n != 0 {
		t.Errorf("an index honouring the time filter leaked %d items", n)
	}
	// An index that ignores the filter returns later tickets and the
	// ticket itself: the counter must see it.
	if n := leaks(runHistory(t, false, Options{})); n == 0 {
		t.Error("the leak counter saw nothing from an index that ignores time")
	}
}

func TestTriageLearnsOnlyFromThePast(t *testing.T) {
	chunks, ts := history(60)
	var calls int
	o := Options{Slices: 4, MinTrain: 5}
	o.Assistant.Searcher = &memSearcher{chunks: chunks, honest: true}
	starts := map[int]time.Time{}
	o.Train = func(ex []triage.Example) (assistant.Classifier, error) {
		calls++
		latest := time.Time{}
		for _, e := range ex {
			if e.Time.After(latest) {
				latest = e.Time
			}
		}
		starts[calls] = latest
		return triage.Train(ex, triage.Options{})
	}
	res, err := Run(context.Background(), ts, o)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 3 { // slices 2 to 4; the first has no past to learn from
		t.Fatalf("trained %d times, want 3", calls)
	}
	for i, r := range res {
		slice := i * 4 / len(res)
		if slice == 0 && r.Labels["predicted_category"] != "" {
			t.Errorf("%s in the first slice was triaged without a past", r.ID)
		}
		if latest, ok := starts[slice]; ok && !latest.Before(r.CreatedAt) {
			t.Errorf("%s was triaged by a model that saw a ticket created %s", r.ID, latest)
		}
	}
}

func TestReplayResolvesAndReports(t *testing.T) {
	res := runHistory(t, true, Options{MinTrain: 5})
	rep, decided := BuildReport(res, Options{TargetPrecision: 0.9})
	if rep.Tickets != 60 || len(decided) != 60 || rep.Leaks != 0 {
		t.Fatalf("report %+v", rep)
	}
	if rep.Automated == 0 || rep.AutomatedPrecision < 0.9 {
		t.Errorf("automated %d at precision %.2f: the history is easy", rep.Automated, rep.AutomatedPrecision)
	}
	if lo, hi := rep.AutomationRateCI[0], rep.AutomationRateCI[1]; !(lo <= rep.AutomationRate && rep.AutomationRate <= hi) {
		t.Errorf("interval %v does not hold the rate %v", rep.AutomationRateCI, rep.AutomationRate)
	}
	if rep.Recommendation.Policy.Default.Mode != assistant.ModeAuto {
		t.Errorf("recommendation %+v", rep.Recommendation)
	}
	for i := 1; i < len(rep.Curve); i++ {
		if rep.Curve[i].Automated > rep.Curve[i-1].Automated {
			t.Errorf("a higher threshold automated more: %+v", rep.Curve[i-1:i+1])
		}
	}
	if s, ok := rep.Triage["category"]; !ok || s.Accuracy < 0.9 {
		t.Errorf("triage %+v", rep.Triage)
	}
}

func TestOfflineJudge(t *testing.T) {
	chunks, ts := history(3)
	j := &OfflineJudge{Searcher: &memSearcher{chunks: chunks, honest: true}}
	tk := ts[0] // answered from KB-VPN
	tests := []struct {
		name  string
		r     Result
		want  bool
		cites string
	}{
		{"cites the agent's source", Result{Draft: "see [1]", Citations: []string{"KB-VPN"}}, true, ""},
		{"cites another article", Result{Draft: "see [1]", Citations: []string{"KB-PRN"}}, false, ""},
		{"no draft", Result{}, false, ""},
	}
	for _, tc := range tests {
		v, err := j.Judge(context.Background(), tk, &tc.r)
		if err != nil {
			t.Fatal(err)
		}
		if v.Resolved != tc.want {
			t.Errorf("%s: resolved %v (%s)", tc.name, v.Resolved, v.Why)
		}
	}
	// An answer of the agent's own: judged by how much of it the draft says.
	own := *ts[1]
	own.Messages = append(own.Messages[:1], tickets.Message{Author: tickets.AuthorAgent, Public: true, Body: "Replaced the toner cartridge and cleaned the paper rollers of the third floor printer."})
	for _, tc := range []struct {
		draft string
		want  bool
	}{{"I replaced the toner cartridge and cleaned the paper rollers on the third floor printer.", true}, {"Restart the VPN client.", false}} {
		v, err := j.Judge(context.Background(), &own, &Result{Draft: tc.draft})
		if err != nil {
			t.Fatal(err)
		}
		if v.Resolved != tc.want {
			t.Errorf("draft %q: resolved %v (%s)", tc.draft, v.Resolved, v.Why)
		}
	}
}

func TestBestThresholdIsCautious(t *testing.T) {
	var rs []Result
	// 100 tickets: confidence i/100, resolved when i >= 20 except every
	// tenth: precision rises with confidence, never reaches 1.
	for i := range 100 {
		rs = append(rs, Result{Public: true, Confidence: float64(i) / 100, JudgedResolved: i >= 20 && i%10 != 0})
	}
	thr, ok := bestThreshold(rs, 0.85)
	if !ok {
		t.Fatal("no threshold")
	}
	n, good := 0, 0
	for _, r := range rs {
		if r.Confidence >= thr {
			n++
			if r.JudgedResolved {
				good++
			}
		}
	}
	if lo := wilsonZ(good, n, precisionZ)[0]; lo < 0.85 {
		t.Errorf("threshold %.2f: %d of %d, lower bound %.3f below the target", thr, good, n, lo)
	}
	if _, ok := bestThreshold(rs, 0.999); ok {
		t.Error("a target no threshold reaches gave a threshold")
	}
}

func TestCheckpointResumes(t *testing.T) {
	dir := t.TempDir()
	ck, done, err := OpenCheckpoint(dir)
	if err != nil || len(done) != 0 {
		t.Fatal(err, done)
	}
	for i := range 3 {
		if err := ck.Add(Result{ID: fmt.Sprintf("T-%d", i), Confidence: 0.5}); err != nil {
			t.Fatal(err)
		}
	}
	ck.Close()
	// A kill in the middle of a write leaves a torn line.
	f, err := os.OpenFile(filepath.Join(dir, ResultsFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"id":"T-3","confid`)
	f.Close()
	ck, done, err = OpenCheckpoint(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 3 || done["T-3"].ID != "" {
		t.Fatalf("resumed %d results: %v", len(done), done)
	}
	ck.Add(Result{ID: "T-3"})
	ck.Close()
	_, done, _ = OpenCheckpoint(dir)
	if len(done) != 4 {
		t.Errorf("after the torn line was replaced: %d results", len(done))
	}
	// A run given those results answers only the rest.
	chunks, ts := history(6)
	var seen []string
	_, err = Run(context.Background(), ts, Options{Assistant: assistant.Config{Searcher: &memSearcher{chunks: chunks, honest: true}},
		Done: done, OnResult: func(r Result) error { seen = append(seen, r.ID); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(seen)
	if strings.Join(seen, " ") != "T-4 T-5 T-6" {
		t.Errorf("answered %v, want only the three not in the checkpoint", seen)
	}
}

func TestReportHTMLEscapes(t *testing.T) {
	res := runHistory(t, true, Options{MinTrain: 5})
	res[0].Question = `<script>alert("q")</script>`
	res[0].Labels["category"] = `<img src=x onerror=alert(1)>`
	rep, decided := BuildReport(res, Options{})
	dir := t.TempDir()
	if err := WriteAll(dir, rep, decided, Meta{Title: `<b>history</b>`, Finished: t0}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, ReportHTML))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>history</b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("report.html carries %q unescaped", bad)
		}
	}
	if !strings.Contains(page, "<svg") || !strings.Contains(page, "&lt;img src=x") {
		t.Error("report.html lacks its charts or the escaped category")
	}
	csvb, _ := os.ReadFile(filepath.Join(dir, TicketsCSV))
	head := strings.SplitN(string(csvb), "\n", 2)[0]
	for _, col := range []string{"id", "created_at", "decision", "confidence", "judged_resolved", "citations", "handoff_reason", "category", "predicted_category", "team", "predicted_team", "priority", "predicted_priority"} {
		if !slices.Contains(strings.Split(head, ","), col) {
			t.Errorf("tickets.csv lacks column %s: %s", col, head)
		}
	}
}

// sharedQueue is a minimal in-memory Queue for this package's tests; the
// contract suite runs on the one in shared_test.go.
type sharedQueue struct {
	mu    sync.Mutex
	ids   []string
	taken map[string]string
	done  map[string]Result
}

func (q *sharedQueue) Prepare(_ context.Context, _ string, ids []string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.ids == nil {
		q.ids, q.taken, q.done = ids, map[string]string{}, map[string]Result{}
	}
	return nil
}

func (q *sharedQueue) Claim(_ context.Context, _, owner string, n int, _ time.Duration) ([]string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []string
	for _, id := range q.ids {
		if _, ok := q.taken[id]; !ok && len(out) < n {
			q.taken[id] = owner
			out = append(out, id)
		}
	}
	return out, nil
}

func (q *sharedQueue) Complete(_ context.Context, _ string, r Result) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.done[r.ID] = r
	return nil
}

func (q *sharedQueue) Progress(context.Context, string) (int, int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.done), len(q.ids), nil
}

func (q *sharedQueue) Results(context.Context, string) ([]Result, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Result
	for _, r := range q.done {
		out = append(out, r)
	}
	return out, nil
}

func (q *sharedQueue) Discard(context.Context, string) error { return nil }

func TestSharedRunMatchesASingleProcess(t *testing.T) {
	chunks, ts := history(60)
	o := Options{MinTrain: 5, Assistant: assistant.Config{Searcher: &memSearcher{chunks: chunks, honest: true}}}
	want, err := Run(context.Background(), ts, o)
	if err != nil {
		t.Fatal(err)
	}
	q := &sharedQueue{}
	var wg sync.WaitGroup
	got := make([][]Result, 3)
	errs := make([]error, 3)
	for p := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[p], errs[p] = RunShared(context.Background(), ts, o, Shared{Queue: q, Run: "r", Owner: fmt.Sprintf("p%d", p), Batch: 4, Poll: time.Millisecond})
		}()
	}
	wg.Wait()
	owners := map[string]bool{}
	for _, o := range q.taken {
		owners[o] = true
	}
	if len(owners) < 2 {
		t.Errorf("one process did all the work: %v", owners)
	}
	for p := range 3 {
		if errs[p] != nil {
			t.Fatal(errs[p])
		}
		if len(got[p]) != len(want) {
			t.Fatalf("process %d: %d results, want %d", p, len(got[p]), len(want))
		}
		for i := range want {
			g, w := got[p][i], want[i]
			if g.ID != w.ID || g.Confidence != w.Confidence || g.JudgedResolved != w.JudgedResolved || g.Labels["predicted_category"] != w.Labels["predicted_category"] {
				t.Fatalf("process %d, ticket %s: %+v, alone %+v", p, w.ID, g, w)
			}
		}
	}
}
