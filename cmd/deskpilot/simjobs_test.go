package main

import (
	"bufio"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"deskpilot/simulation"
	"deskpilot/tickets"
	"deskpilot/web"
)

// newTestSimJobs opens a copy of the test demo desk and its simulations.
func newTestSimJobs(t *testing.T) (*simJobs, store) {
	t.Helper()
	data, _ := loadedData(t)
	cfg := DefaultConfig()
	cfg.DataDir = data
	st, err := openStore(context.Background(), &cfg, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	j, err := newSimJobs(filepath.Join(data, simJobsFolder), st, &cfg, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	return j, st
}

// runNext executes the queued run in the test's goroutine, as Run would.
func runNext(ctx context.Context, j *simJobs) string {
	id := <-j.queue
	j.finish(ctx, id, j.execute(ctx, id))
	return id
}

func TestSimJobsReplayTheDeskAndReport(t *testing.T) {
	j, st := newTestSimJobs(t)
	ctx := context.Background()
	run, err := j.Start(ctx, web.SimulationOptions{TargetPrecision: 0.9, MinutesPerTicket: 6, StartedBy: "admin@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != web.SimQueued {
		t.Errorf("a new run is %s, want queued", run.Status)
	}
	if _, err := j.Start(ctx, web.SimulationOptions{TargetPrecision: 0.9, MinutesPerTicket: 6}); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("a second run while one is queued: %v, want a conflict", err)
	}
	runNext(ctx, j)
	got, err := j.Get(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != web.SimDone || got.Report == nil || got.Finished == nil {
		t.Fatalf("run %+v, want done with a report", got)
	}
	resolved, err := st.CountTickets(ctx, tickets.TicketFilter{Status: []tickets.Status{tickets.StatusSolved, tickets.StatusClosed}})
	if err != nil {
		t.Fatal(err)
	}
	rep := got.Report
	if rep.Tickets == 0 || rep.Tickets > resolved || got.Done != rep.Tickets || got.Total != rep.Tickets {
		t.Errorf("replayed %d tickets (progress %d/%d) of %d resolved", rep.Tickets, got.Done, got.Total, resolved)
	}
	if rep.Leaks != 0 {
		t.Errorf("leaks %d, want 0", rep.Leaks)
	}
	if rep.MinutesPerTicket != 6 || rep.TargetPrecision != 0.9 {
		t.Errorf("report options %v, %v", rep.MinutesPerTicket, rep.TargetPrecision)
	}
	for _, f := range []string{simulation.ReportHTML, simulation.ReportJSON, simulation.TicketsCSV} {
		if _, err := os.Stat(filepath.Join(j.dir, got.ID, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	list, err := j.List(ctx)
	if err != nil || len(list) != 1 || list[0].ID != run.ID {
		t.Errorf("list: %v %v", list, err)
	}
	if _, err := j.Start(ctx, web.SimulationOptions{TargetPrecision: 0.9, MinutesPerTicket: 6}); err != nil {
		t.Errorf("a new run after the first ended: %v", err)
	}
}

func TestSimJobsResumeAnInterruptedRun(t *testing.T) {
	j, _ := newTestSimJobs(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopAt := 0
	j.onProgress = func(done, total int) {
		if stopAt == 0 {
			stopAt = total / 3
		}
		if done >= stopAt {
			cancel()
		}
	}
	run, err := j.Start(ctx, web.SimulationOptions{TargetPrecision: 0.9, MinutesPerTicket: 8})
	if err != nil {
		t.Fatal(err)
	}
	runNext(ctx, j)
	cut, err := j.Get(context.Background(), run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cut.Status != web.SimInterrupted || cut.Report != nil {
		t.Fatalf("after a shutdown: %+v, want interrupted", cut)
	}
	kept := checkpointLines(t, filepath.Join(j.dir, cut.ID))
	if kept == 0 || kept >= cut.Total {
		t.Fatalf("checkpoint holds %d of %d results", kept, cut.Total)
	}
	// A restart finds it interrupted; resumed, it ends with every ticket
	// answered once: the checkpoint's were not answered again.
	j2, err := newSimJobs(j.dir, j.st, j.cfg, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	var replayed int
	j2.onProgress = func(done, total int) { replayed = done }
	if _, err := j2.Resume(context.Background(), run.ID); err != nil {
		t.Fatal(err)
	}
	runNext(context.Background(), j2)
	done, err := j2.Get(context.Background(), run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != web.SimDone || done.Report == nil || done.Report.Tickets != cut.Total || done.Report.Leaks != 0 {
		t.Fatalf("resumed run %+v", done)
	}
	if lines := checkpointLines(t, filepath.Join(j2.dir, done.ID)); lines != cut.Total {
		t.Errorf("checkpoint has %d lines for %d tickets: some were answered twice", lines, cut.Total)
	}
	if replayed != cut.Total {
		t.Errorf("progress ended at %d of %d", replayed, cut.Total)
	}
	if _, err := j2.Resume(context.Background(), run.ID); err == nil {
		t.Error("a finished run was resumed")
	}
}

func checkpointLines(t *testing.T, dir string) int {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, simulation.ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		n++
	}
	return n
}

func TestSimJobsMarkRunsCutByAShutdown(t *testing.T) {
	dir := t.TempDir()
	j := &simJobs{dir: dir, log: discardLog()}
	now := time.Now().UTC()
	for i, status := range []string{web.SimRunning, web.SimQueued, web.SimDone} {
		job := &simJob{SimulationRun: web.SimulationRun{ID: now.Format("20060102-150405") + "-00000" + string(rune('0'+i)), Status: status, Phase: "replaying"}}
		if err := j.write(job); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "not-a-run"), 0o750); err != nil {
		t.Fatal(err)
	}
	j2, err := newSimJobs(dir, nil, nil, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	runs, err := j2.List(context.Background())
	if err != nil || len(runs) != 3 {
		t.Fatalf("runs %v %v", runs, err)
	}
	want := []string{web.SimDone, web.SimInterrupted, web.SimInterrupted} // newest first
	for i, r := range runs {
		if r.Status != want[i] || (r.Status == web.SimInterrupted && r.Phase != "") {
			t.Errorf("run %s: %s (%s), want %s", r.ID, r.Status, r.Phase, want[i])
		}
	}
}

func TestSimJobsRefuseIDsThatAreNotRuns(t *testing.T) {
	j := &simJobs{dir: t.TempDir(), log: discardLog()}
	for _, id := range []string{"", "../../etc", "20260101-000000-abcdef/../x", "20260101-000000-ABCDEF", "nope"} {
		if _, err := j.Get(context.Background(), id); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("Get(%q): %v, want not found", id, err)
		}
	}
}

func TestSimJobsStopWithTheServer(t *testing.T) {
	j := &simJobs{dir: t.TempDir(), log: discardLog(), queue: make(chan string, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { j.Run(ctx); close(stopped) }()
	cancel()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return when its context ended")
	}
}

func TestKeyTickets(t *testing.T) {
	ts := []*tickets.Ticket{
		{ID: 1, Source: "zendesk", ExternalID: "42"},
		{ID: 2, Source: "jira", ExternalID: "42"},
		{ID: 3, Source: "local"},
		{ID: 4, Source: "demo", ExternalID: "T-7"},
	}
	keyTickets(ts)
	want := []string{"zendesk:42", "jira:42", "local-3", "T-7"}
	for i, tk := range ts {
		if tk.ExternalID != want[i] {
			t.Errorf("ticket %d keyed %q, want %q", tk.ID, tk.ExternalID, want[i])
		}
	}
}
