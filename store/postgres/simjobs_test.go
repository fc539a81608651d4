package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"deskpilot/simulation"
	"deskpilot/tickets"
)

// newJob is a queued job created at minute m.
func newJob(id string, m int) *simulation.Job {
	at := time.Date(2026, 1, 1, 0, m, 0, 0, time.UTC)
	return &simulation.Job{ID: id, Spec: []byte(`{"target_precision":0.9}`), Created: at, Updated: at}
}

func TestSimJobsOneActiveAtATime(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	// Two admins start at once through two nodes: one run, one conflict.
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = db.CreateJob(ctx, newJob(fmt.Sprintf("run-%d", i), i)) }()
	}
	wg.Wait()
	started := ""
	for i, err := range errs {
		switch {
		case err == nil && started == "":
			started = fmt.Sprintf("run-%d", i)
		case err == nil:
			t.Fatal("both runs were created")
		case !errors.Is(err, tickets.ErrConflict):
			t.Fatalf("run-%d: %v, want a conflict", i, err)
		}
	}
	active, err := db.ActiveJob(ctx)
	if err != nil || active.ID != started || active.Status != simulation.JobQueued || string(active.Spec) != `{"target_precision": 0.9}` {
		t.Fatalf("active %+v, %v; want %s queued with its spec", active, err, started)
	}
	if held, err := db.HoldJob(ctx, started, "node-a", "loading", time.Minute); !held || err != nil {
		t.Fatalf("hold: %v %v", held, err)
	}
	// Running is still active: a second run waits for it to end.
	if err := db.CreateJob(ctx, newJob("run-9", 9)); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("create while one runs: %v, want a conflict", err)
	}
	if err := db.FailJob(ctx, started, "the desk has no resolved ticket"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ActiveJob(ctx); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("active after the failure: %v, want not found", err)
	}
	if err := db.CreateJob(ctx, newJob("run-9", 9)); err != nil {
		t.Fatalf("create after the run ended: %v", err)
	}
	// The failed run cannot be resumed while another is active.
	if err := db.RequeueJob(ctx, started); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("requeue while another is active: %v, want a conflict", err)
	}
	if err := db.FailJob(ctx, "run-9", "stop"); err != nil {
		t.Fatal(err)
	}
	if err := db.RequeueJob(ctx, started); err != nil {
		t.Fatal(err)
	}
	j, err := db.Job(ctx, started)
	if err != nil || j.Status != simulation.JobQueued || j.Error != "" || j.Finished != nil || j.Owner != "" {
		t.Errorf("requeued: %+v %v", j, err)
	}
	list, err := db.Jobs(ctx)
	if err != nil || len(list) != 2 || list[0].ID != "run-9" {
		t.Errorf("jobs %v %v, want run-9 first of 2", list, err)
	}
	if _, err := db.Job(ctx, "nope"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("missing job: %v", err)
	}
	if err := db.RequeueJob(ctx, "nope"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("requeue a missing job: %v", err)
	}
}

func TestSimJobsLeaseAndReport(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	must(t, db.CreateJob(ctx, newJob("run", 0)))
	// The job's progress is its run's in the queue.
	must(t, db.Prepare(ctx, "run", []string{"t1", "t2", "t3"}))
	must(t, db.Complete(ctx, "run", simulation.Result{ID: "t1"}))
	if held, err := db.HoldJob(ctx, "run", "node-a", "replaying", time.Minute); !held || err != nil {
		t.Fatalf("a holds: %v %v", held, err)
	}
	if held, err := db.HoldJob(ctx, "run", "node-b", "", time.Minute); held || err != nil {
		t.Fatalf("b took a live lease: %v %v", held, err)
	}
	j, err := db.Job(ctx, "run")
	if err != nil || j.Owner != "node-a" || j.Phase != "replaying" || j.Status != simulation.JobRunning || j.Done != 1 || j.Total != 3 {
		t.Fatalf("job %+v %v; want a's, replaying, 1 of 3", j, err)
	}
	// A renews without a phase: the phase stays.
	if held, err := db.HoldJob(ctx, "run", "node-a", "", -time.Second); !held || err != nil {
		t.Fatalf("a renews: %v %v", held, err)
	}
	// A's lease has ended (its renewal was its last, as a dead node's):
	// B takes over, and A can no longer finish.
	if held, err := db.HoldJob(ctx, "run", "node-b", "reporting", time.Minute); !held || err != nil {
		t.Fatalf("b takes over: %v %v", held, err)
	}
	if err := db.FinishJob(ctx, "run", "node-a", map[string][]byte{"report.json": []byte("{}")}); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("a finished without the lease: %v", err)
	}
	html := []byte("<!doctype html>\x00\xff")
	files := map[string][]byte{"report.json": []byte(`{"tickets":3}`), "report.html": html}
	must(t, db.FinishJob(ctx, "run", "node-b", files))
	j, err = db.Job(ctx, "run")
	if err != nil || j.Status != simulation.JobDone || j.Owner != "" || j.Phase != "" || j.Finished == nil {
		t.Fatalf("finished job %+v %v", j, err)
	}
	for name, want := range files {
		if got, err := db.JobFile(ctx, "run", name); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: %q %v, want %q", name, got, err, want)
		}
	}
	if _, err := db.JobFile(ctx, "run", "tickets.csv"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("a file never stored: %v, want not found", err)
	}
	if held, err := db.HoldJob(ctx, "run", "node-a", "", time.Minute); held || err != nil {
		t.Errorf("a done job was held: %v %v", held, err)
	}
}

func TestSimJobsReleaseHandsOver(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	must(t, db.CreateJob(ctx, newJob("run", 0)))
	must(t, db.Prepare(ctx, "run", []string{"t1", "t2", "t3"}))
	if held, _ := db.HoldJob(ctx, "run", "node-a", "", time.Hour); !held {
		t.Fatal("a could not hold")
	}
	if got, err := db.Claim(ctx, "run", "node-a", 2, time.Hour); err != nil || len(got) != 2 {
		t.Fatalf("a claims %v %v", got, err)
	}
	must(t, db.ReleaseJob(ctx, "run", "node-b")) // not b's to release
	if held, _ := db.HoldJob(ctx, "run", "node-b", "", time.Hour); held {
		t.Fatal("b took a lease that a still holds")
	}
	// A shuts down: its lease and its claims go to b at once.
	must(t, db.ReleaseJob(ctx, "run", "node-a"))
	if held, err := db.HoldJob(ctx, "run", "node-b", "", time.Hour); !held || err != nil {
		t.Fatalf("b after a released: %v %v", held, err)
	}
	if got, err := db.Claim(ctx, "run", "node-b", 10, time.Hour); err != nil || len(got) != 3 {
		t.Fatalf("b claims %v %v, want all 3 tickets", got, err)
	}
	// B fails; the run is resumed: b's claims are free again.
	must(t, db.FailJob(ctx, "run", "boom"))
	must(t, db.RequeueJob(ctx, "run"))
	if got, err := db.Claim(ctx, "run", "node-c", 10, time.Hour); err != nil || len(got) != 3 {
		t.Fatalf("after the resume c claims %v %v, want all 3 tickets", got, err)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
