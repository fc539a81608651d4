package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"deskpilot/demo"
	"deskpilot/simulation"
	"deskpilot/store/postgres/pgtest"
	"deskpilot/tickets"
	"deskpilot/web"
)

// newTestSharedSims opens the shared simulations of a node on st; nodes
// opened on one store are told apart by their owners.
func newTestSharedSims(t *testing.T, st store) *sharedSims {
	t.Helper()
	cfg := DefaultConfig()
	s, err := newSharedSims(st, &cfg, discardLog())
	must(t, err)
	s.poll = 20 * time.Millisecond
	return s
}

// runNode runs a node's loop until ctx ends or the returned stop is
// called; stop waits for the loop to end.
func runNode(t *testing.T, ctx context.Context, s *sharedSims) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	stop = func() {
		cancel()
		select {
		case <-done:
		case <-time.After(time.Minute):
			t.Fatal("the node's loop did not stop")
		}
	}
	t.Cleanup(stop)
	return stop
}

func TestSharedSimsGoOnWhenANodeStops(t *testing.T) {
	dbURL := pgtest.New(t)
	ctx := context.Background()
	st, err := openStore(ctx, &Config{DatabaseURL: dbURL}, discardLog())
	must(t, err)
	t.Cleanup(func() { st.Close() })
	_, err = loadDemo(ctx, st, demo.Generate(demo.Options{Seed: 5, Tickets: 200, Months: 3}))
	must(t, err)
	a, b := newTestSharedSims(t, st), newTestSharedSims(t, st)
	run, err := a.Start(ctx, web.SimulationOptions{TargetPrecision: 0.9, MinutesPerTicket: 8})
	must(t, err)
	// A shuts down after its first result: its tickets under way hold
	// until then.
	ctxA, shutdownA := context.WithCancel(ctx)
	first := make(chan struct{})
	var once sync.Once
	a.onProgress = func(int, int) {
		once.Do(func() { close(first) })
		<-ctxA.Done()
	}
	stopA := runNode(t, ctxA, a)
	select {
	case <-first:
	case <-time.After(3 * time.Minute):
		t.Fatal("A replayed nothing")
	}
	shutdownA()
	stopA()
	jobs := st.(simulation.JobStore)
	cut, err := jobs.Job(ctx, run.ID)
	must(t, err)
	if cut.Status != simulation.JobRunning || cut.Owner != "" || cut.Done == 0 || cut.Done >= cut.Total {
		t.Fatalf("after A stopped: %s, owner %q, %d of %d; want running, no owner, midway", cut.Status, cut.Owner, cut.Done, cut.Total)
	}
	// B goes on at once with what A left: A's claims were given back.
	var byB atomic.Int64
	b.onProgress = func(int, int) { byB.Add(1) }
	runNode(t, ctx, b)
	eventually(t, 3*time.Minute, "B finishes the run", func() (bool, string) {
		got, err := b.Get(ctx, run.ID)
		return err == nil && got.Status == web.SimDone, fmt.Sprint(got, err)
	})
	got, err := a.Get(ctx, run.ID)
	must(t, err)
	if got.Report == nil || got.Report.Tickets != cut.Total || got.Report.Leaks != 0 || got.Done != cut.Total {
		t.Fatalf("finished run %+v", got)
	}
	if n := int(byB.Load()); n != cut.Total-cut.Done {
		t.Errorf("B replayed %d tickets, want the %d A left", n, cut.Total-cut.Done)
	}
	for _, name := range reportFiles {
		if b, err := a.ReportFile(ctx, run.ID, name); err != nil || len(b) == 0 {
			t.Errorf("%s: %d bytes, %v", name, len(b), err)
		}
	}
	if _, err := a.ReportFile(ctx, run.ID, "job.json"); !errors.Is(err, tickets.ErrNotFound) {
		t.Errorf("a file that is not the report's: %v, want not found", err)
	}
}

func TestSharedSimsFailAndResume(t *testing.T) {
	dbURL := pgtest.New(t)
	ctx := context.Background()
	st, err := openStore(ctx, &Config{DatabaseURL: dbURL}, discardLog())
	must(t, err)
	t.Cleanup(func() { st.Close() })
	a, b := newTestSharedSims(t, st), newTestSharedSims(t, st)
	run, err := a.Start(ctx, web.SimulationOptions{TargetPrecision: 0.9, MinutesPerTicket: 8})
	must(t, err)
	if _, err := b.Start(ctx, web.SimulationOptions{TargetPrecision: 0.8, MinutesPerTicket: 8}); !errors.Is(err, tickets.ErrConflict) {
		t.Errorf("a second run through B while one is queued: %v, want a conflict", err)
	}
	if got, err := b.Get(ctx, run.ID); err != nil || got.Status != web.SimQueued || got.TargetPrecision != 0.9 {
		t.Errorf("B sees %+v %v, want the run queued", got, err)
	}
	// The desk has nothing to replay: the run fails, on whichever node
	// takes it, with why.
	stop := runNode(t, ctx, b)
	failed := func() (bool, string) {
		got, err := a.Get(ctx, run.ID)
		return err == nil && got.Status == web.SimFailed && strings.Contains(got.Error, "no resolved ticket"), fmt.Sprint(got, err)
	}
	eventually(t, time.Minute, "the run failed", failed)
	stop()
	if _, err := a.Resume(ctx, run.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Get(ctx, run.ID); err != nil || got.Status != web.SimQueued || got.Error != "" {
		t.Fatalf("resumed: %+v %v, want queued", got, err)
	}
	if _, err := b.Resume(ctx, run.ID); err == nil {
		t.Error("a queued run was resumed")
	}
	runNode(t, ctx, a)
	eventually(t, time.Minute, "the resumed run failed again", failed)
	for _, id := range []string{"", "../../etc", "20260101-000000-ABCDEF"} {
		if _, err := a.Get(ctx, id); !errors.Is(err, tickets.ErrNotFound) {
			t.Errorf("Get(%q): %v, want not found", id, err)
		}
	}
}
