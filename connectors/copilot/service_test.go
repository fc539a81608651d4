package copilot_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deskpilot/assistant"
	"deskpilot/assistant/triage"
	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
	"deskpilot/connectors/synctest"
	"deskpilot/store/sqlite"
)

// world is a service over a SQLite queue, a fake desk and a fake clock.
type world struct {
	svc   *copilot.Service
	store *sqlite.DB
	desk  *fakeDesk
	asst  *fakeAssistant
	clock *synctest.Clock
}

func newWorld(t *testing.T) *world {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{store: db, desk: newFakeDesk(), asst: &fakeAssistant{}, clock: synctest.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))}
	w.svc, err = copilot.New(copilot.Config{Store: db, Assistant: w.asst, Clock: w.clock, Owner: "me", MaxAttempts: 3,
		MinBackoff: time.Minute, MaxBackoff: time.Hour, Poll: time.Hour,
		Connectors: []copilot.Connector{{Name: "zd", System: "zendesk", Hook: fakeHook{}, Desk: w.desk}}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) receive(t *testing.T, sig, body string) (*copilot.Receipt, error) {
	t.Helper()
	return w.svc.Receive(context.Background(), "zendesk", "zd", http.Header{"X-Test-Signature": {sig}}, []byte(body))
}

func (w *world) process(t *testing.T) int {
	t.Helper()
	n, err := w.svc.ProcessDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *world) job(t *testing.T, ticket string) *copilot.Job {
	t.Helper()
	jobs, err := w.svc.Jobs(context.Background(), copilot.JobFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if j.TicketID == ticket {
			return j
		}
	}
	t.Fatalf("no job for ticket %s", ticket)
	return nil
}

func TestReceiveQueuesOnce(t *testing.T) {
	w := newWorld(t)
	r, err := w.receive(t, "ok", `{"ticket":"1","event":"e1"}`)
	if err != nil || r.Queued != 1 || r.Duplicates != 0 {
		t.Fatalf("first delivery: %+v, %v", r, err)
	}
	for _, replay := range []string{`{"ticket":"1","event":"e1"}`, `{"ticket":"1","event":"e2"}`, `{"ticket":"2","event":"e1"}`} {
		r, err := w.receive(t, "ok", replay)
		if err != nil || r.Queued != 0 || r.Duplicates != 1 {
			t.Errorf("replay %s: %+v, %v; want a duplicate", replay, r, err)
		}
	}
	for _, tc := range []struct {
		family, name, sig, body string
		want                    error
	}{
		{"zendesk", "zd", "forged", `{"ticket":"3","event":"e3"}`, copilot.ErrUnauthorized},
		{"zendesk", "zd", "", `{"ticket":"3","event":"e3"}`, copilot.ErrUnauthorized},
		{"zendesk", "zd", "ok", `{"ticket":""}`, copilot.ErrBadPayload},
		{"zendesk", "other", "ok", `{"ticket":"3"}`, copilot.ErrUnknownConnector},
		{"jira", "zd", "ok", `{"ticket":"3"}`, copilot.ErrUnknownConnector},
	} {
		_, err := w.svc.Receive(context.Background(), tc.family, tc.name, http.Header{"X-Test-Signature": {tc.sig}}, []byte(tc.body))
		if !errors.Is(err, tc.want) {
			t.Errorf("%+v: %v, want %v", tc, err, tc.want)
		}
	}
	n, err := w.svc.Counts(context.Background())
	if err != nil || n[copilot.StatusQueued] != 1 || len(n) != len(copilot.Statuses) {
		t.Errorf("counts %v, %v: want the one job queued, every status listed", n, err)
	}
}

func TestProcessWritesNoteAndFields(t *testing.T) {
	w := newWorld(t)
	if _, err := w.receive(t, "ok", `{"ticket":"7","event":"e7"}`); err != nil {
		t.Fatal(err)
	}
	if n := w.process(t); n != 1 {
		t.Fatalf("processed %d jobs, want 1", n)
	}
	if w.asst.questions[0] != "VPN drops\n\nThe VPN drops every hour." {
		t.Errorf("asked %q", w.asst.questions[0])
	}
	note := w.desk.notes["7"][0]
	for _, want := range []string{"Reset your VPN token [1].", "[1] Reset your VPN token - https://kb.example.com/vpn",
		"Category: Network/VPN (90%)", "Team: not sure, left to you", "confidence 72%", copilot.Marker("zd", "7")} {
		if !strings.Contains(note, want) {
			t.Errorf("note lacks %q:\n%s", want, note)
		}
	}
	if f := w.desk.fields["7"]; f.Category != "Network/VPN" || f.Team != "" || f.Priority != "normal" {
		t.Errorf("fields %+v: want the category and priority, not the team the triage abstained on", f)
	}
	j := w.job(t, "7")
	if j.Status != copilot.StatusDone || j.Attempts != 1 || j.Result != "note written; group " || j.Owner != "" {
		t.Errorf("job %+v", j)
	}
	if n := w.process(t); n != 0 {
		t.Errorf("a done job was worked again")
	}
}

func TestFailedWriteBackIsRetriedThenSucceeds(t *testing.T) {
	w := newWorld(t)
	boom := &connectors.HTTPError{Method: "PUT", URL: "/tickets/7", Status: 500, Message: "injected"}
	w.desk.fail = []error{boom, boom}
	if _, err := w.receive(t, "ok", `{"ticket":"7","event":"e7"}`); err != nil {
		t.Fatal(err)
	}
	start := w.clock.Now()
	w.process(t)
	j := w.job(t, "7")
	if j.Status != copilot.StatusRetry || j.Attempts != 1 || !strings.Contains(j.LastError, "HTTP 500") || !j.NextAttemptAt.Equal(start.Add(time.Minute)) {
		t.Fatalf("after one failure: %+v", j)
	}
	if n := w.process(t); n != 0 {
		t.Fatal("a retry was worked before it was due")
	}
	w.clock.Advance(time.Minute)
	w.process(t)
	if j = w.job(t, "7"); j.Status != copilot.StatusRetry || j.Attempts != 2 || !j.NextAttemptAt.Equal(w.clock.Now().Add(2*time.Minute)) {
		t.Fatalf("after two failures (backoff doubled): %+v", j)
	}
	w.clock.Advance(2 * time.Minute)
	w.process(t)
	if j = w.job(t, "7"); j.Status != copilot.StatusDone || j.Attempts != 3 || j.LastError != "" {
		t.Fatalf("third attempt: %+v", j)
	}
	if n := w.desk.noteCount("7"); n != 1 {
		t.Errorf("%d notes, want 1", n)
	}
}

func TestNoteWrittenBeforeACrashIsNotWrittenAgain(t *testing.T) {
	w := newWorld(t)
	w.desk.fail, w.desk.lost = []error{&connectors.HTTPError{Method: "PUT", Status: 502}}, true
	if _, err := w.receive(t, "ok", `{"ticket":"7"}`); err != nil {
		t.Fatal(err)
	}
	w.process(t)
	if n := w.desk.noteCount("7"); n != 1 {
		t.Fatalf("%d notes after the lost answer", n)
	}
	w.clock.Advance(time.Hour)
	w.process(t)
	j := w.job(t, "7")
	if j.Status != copilot.StatusDone || !strings.HasPrefix(j.Result, "note was there already") {
		t.Errorf("job %+v", j)
	}
	if n := w.desk.noteCount("7"); n != 1 {
		t.Errorf("%d notes, want 1: the retry found the marker", n)
	}
}

func TestJobGivesUpAndStaysVisible(t *testing.T) {
	w := newWorld(t)
	boom := &connectors.HTTPError{Method: "PUT", URL: "/tickets/7", Status: 503, Message: "maintenance"}
	w.desk.fail = []error{boom, boom, boom, boom}
	if _, err := w.receive(t, "ok", `{"ticket":"7"}`); err != nil {
		t.Fatal(err)
	}
	if _, err := w.receive(t, "ok", `{"ticket":"404"}`); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		w.process(t)
		w.clock.Advance(time.Hour)
	}
	j := w.job(t, "7")
	if j.Status != copilot.StatusFailed || j.Attempts != 3 || !strings.Contains(j.LastError, "maintenance") {
		t.Errorf("job %+v: want failed after 3 attempts with its last error", j)
	}
	if gone := w.job(t, "404"); gone.Status != copilot.StatusFailed || gone.Attempts != 1 {
		t.Errorf("job of a missing ticket %+v: want failed at once", gone)
	}
	rep, err := copilot.Summarize(context.Background(), w.store, 10)
	if err != nil || rep.Counts[copilot.StatusFailed] != 2 || len(rep.Failures) != 2 || len(rep.Retries) != 0 {
		t.Errorf("report %+v, %v", rep, err)
	}
	if w.desk.noteCount("7") != 0 {
		t.Error("a note was written")
	}
}

func TestJobOfADeadWorkerIsTakenOver(t *testing.T) {
	w := newWorld(t)
	if _, err := w.receive(t, "ok", `{"ticket":"7"}`); err != nil {
		t.Fatal(err)
	}
	now := w.clock.Now()
	if got, err := w.store.ClaimCopilotJobs(context.Background(), "dead", []string{"zd"}, now, now.Add(10*time.Minute), 1); err != nil || len(got) != 1 {
		t.Fatalf("claim: %v, %v", got, err)
	}
	if n := w.process(t); n != 0 {
		t.Fatal("a held job was taken")
	}
	w.clock.Advance(11 * time.Minute)
	if n := w.process(t); n != 1 {
		t.Fatal("the expired claim was not taken over")
	}
	if j := w.job(t, "7"); j.Status != copilot.StatusDone || j.Attempts != 2 {
		t.Errorf("job %+v", j)
	}
}

func TestRunWorksWhatWebhooksQueue(t *testing.T) {
	w := newWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.svc.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	if _, err := w.receive(t, "ok", `{"ticket":"8"}`); err != nil {
		t.Fatal(err)
	}
	// Poll is an hour: only the webhook's wake-up can have the job worked.
	select {
	case <-w.desk.wrote:
	case <-time.After(time.Minute):
		t.Fatal("the queued job was not worked")
	}
}

func TestNoteHTMLIsEscaped(t *testing.T) {
	w := newWorld(t)
	w.asst.ans = &assistant.Answer{Decision: assistant.DecisionHandoff, Explanation: "Nothing in the knowledge base <covers> it.",
		Citations: []assistant.Citation{
			{Marker: 1, Title: "<script>alert(1)</script>", URL: "javascript:alert(1)", ID: "kb-9", Kind: "article"},
			{Marker: 2, Title: "Fine & dandy", URL: "https://kb.example.com/a?b=1&c=2"}},
		Triage: assistant.Triage{Category: triage.Guess{Abstain: true}, Team: triage.Guess{Abstain: true}, Priority: triage.Guess{Abstain: true}}}
	if _, err := w.receive(t, "ok", `{"ticket":"9"}`); err != nil {
		t.Fatal(err)
	}
	w.process(t)
	h := w.desk.html
	for _, bad := range []string{"<script>", "javascript:", "<covers>"} {
		if strings.Contains(h, bad) {
			t.Errorf("HTML note carries %q:\n%s", bad, h)
		}
	}
	for _, want := range []string{"&lt;script&gt;", `<a href="https://kb.example.com/a?b=1&amp;c=2">Fine &amp; dandy</a>`, "No draft: Nothing in the knowledge base &lt;covers&gt; it."} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML note lacks %q:\n%s", want, h)
		}
	}
	if f := w.desk.fields["9"]; f != (copilot.Fields{}) {
		t.Errorf("fields %+v set though the triage abstained", f)
	}
	if text := w.desk.notes["9"][0]; !strings.Contains(text, "[1] <script>alert(1)</script> (article kb-9)") {
		t.Errorf("text note: %s", text)
	}
}

func TestNoteListsSourcesOnce(t *testing.T) {
	w := newWorld(t)
	url := "https://kb.example.com/vpn"
	w.asst.ans = &assistant.Answer{Decision: assistant.DecisionAuto, Confidence: 0.95,
		Draft:     "Reset it [1].\n\nSources:\n[1] Reset your VPN token - " + url,
		Citations: []assistant.Citation{{Marker: 1, Title: "Reset your VPN token", URL: url}, {Marker: 2, Title: "VPN FAQ", URL: "https://kb.example.com/faq"}}}
	if _, err := w.receive(t, "ok", `{"ticket":"5"}`); err != nil {
		t.Fatal(err)
	}
	w.process(t)
	text := w.desk.notes["5"][0]
	if strings.Count(text, url) != 1 || !strings.Contains(text, "[2] VPN FAQ - https://kb.example.com/faq") {
		t.Errorf("text note lists a source twice, or misses one:\n%s", text)
	}
	if !strings.Contains(w.desk.html, `href="`+url+`"`) || !strings.Contains(w.desk.html, `href="https://kb.example.com/faq"`) {
		t.Errorf("HTML note does not link every source:\n%s", w.desk.html)
	}
}
