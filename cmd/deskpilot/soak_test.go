package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

// TestBenchSoakShort runs the soak for a few seconds on each store: every
// kind of request is sent on schedule and none fails. The chat's share (3 a
// second here) is past the default limit of one address (60 a minute):
// without the soak's own limits the chat would be refused.
func TestBenchSoakShort(t *testing.T) {
	if testing.Short() {
		t.Skip("serves a demo desk under load for seconds")
	}
	forEachStore(t, func(t *testing.T, storeArgs []string) {
		args := append([]string{"bench", "soak", "--duration", "5s", "--rate", "20", "--tickets", "300", "--sample", "500ms", "--json"}, storeArgs...)
		checkShortSoak(t, args)
	})
}

func checkShortSoak(t *testing.T, args []string) {
	t.Helper()
	code, out, stderr := run(t, nil, args...)
	if code != 0 {
		t.Fatalf("bench soak: exit %d: %s\n%s", code, stderr, out)
	}
	var r soakReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("--json: %v: %s", err, out)
	}
	if r.Requests != 100 || r.ErrorsTotal != 0 || len(r.Errors) != 0 {
		t.Errorf("requests %d (want 100 on schedule), errors %d %v", r.Requests, r.ErrorsTotal, r.Errors)
	}
	want := map[string]int{soakChat: 15, soakInbox: 10, soakSuggestion: 10, soakSearch: 15, soakCreate: 10, soakUpdate: 40}
	for _, k := range r.Kinds {
		if k.Requests != want[k.Kind] || k.P50ms <= 0 || k.P99ms < k.P50ms || k.FirstReqs == 0 || k.LastReqs == 0 {
			t.Errorf("%s: %+v, want %d requests timed in both windows", k.Kind, k, want[k.Kind])
		}
		delete(want, k.Kind)
	}
	if len(want) > 0 {
		t.Errorf("kinds never sent: %v", want)
	}
	// Every ticket created is walked to solved, and so is each the chat
	// handed off: the queue does not grow (the last steps may be pending).
	if d := r.Desk; d.TicketsEnd <= d.TicketsStart || d.OpenEnd > d.OpenStart+5 {
		t.Errorf("desk: %+v, want tickets created and the open queue steady", d)
	}
	if m := r.Memory; m.Samples < 5 || m.HeapLiveStartMB <= 0 || m.HeapLiveEndMB <= 0 || m.HeapLiveEndGCMB <= 0 || m.HeapLiveRestartedMB <= 0 {
		t.Errorf("memory: %+v", r.Memory)
	}
}

func TestSoakReportWindowsAndTrend(t *testing.T) {
	rec := &soakRecorder{}
	d := 10 * time.Minute // windows of two minutes
	for i := range 600 {
		due := time.Duration(i) * time.Second
		lat := 10 * time.Millisecond
		if due >= 8*time.Minute {
			lat = 30 * time.Millisecond // slower at the end
		}
		rec.add(soakResult{kind: soakSearch, due: due, latency: lat})
		// Memory growing 1 MB a minute: 60 MB an hour.
		if i%10 == 0 {
			rec.mem = append(rec.mem, memSample{at: due, heapLive: 100 + due.Minutes(), rss: 200})
		}
	}
	rec.add(soakResult{kind: soakChat, due: time.Minute, err: "status 500"})
	r := rec.report(d, 1)
	if r.WindowS != 120 || r.Requests != 601 || r.ErrorsTotal != 1 || r.Errors["chat: status 500"] != 1 {
		t.Fatalf("report: %+v", r)
	}
	var search soakKind
	for _, k := range r.Kinds {
		if k.Kind == soakSearch {
			search = k
		}
	}
	if search.FirstP99 != 10 || search.LastP50 != 30 || search.FirstReqs != 120 || search.LastReqs != 120 {
		t.Errorf("search windows: %+v", search)
	}
	m := r.Memory
	if math.Abs(m.HeapLiveSlope-60) > 0.01 || math.Abs(m.RSSSlope) > 0.01 || m.HeapLiveStartMB >= m.HeapLiveEndMB {
		t.Errorf("memory: %+v", m)
	}
	var b strings.Builder
	if err := r.print(&b); err != nil || !strings.Contains(b.String(), "error: chat: status 500 (1)") {
		t.Errorf("text report: %v\n%s", err, b.String())
	}
}

func TestBenchSoakRefusesADeskOfItsOwn(t *testing.T) {
	data := t.TempDir()
	p := writeFile(t, t.TempDir(), "tickets.jsonl", strings.Join(ticketLines(3), "\n")+"\n")
	if code, _, stderr := run(t, nil, "import", "tickets", p, "--data", data); code != 0 {
		t.Fatal(stderr)
	}
	code, _, stderr := run(t, nil, "bench", "soak", "--duration", "1s", "--data", data)
	if code != 1 || !strings.Contains(stderr, "holds 3 tickets of its own") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
