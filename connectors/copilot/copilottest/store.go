// Package copilottest is the contract every copilot.Store must meet: each
// adapter's tests call Run with a constructor of fresh, empty stores.
package copilottest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors/copilot"
)

// Run runs the contract suite. newStore must return an empty store that
// lives until the test ends.
func Run(t *testing.T, newStore func(t *testing.T) copilot.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s copilot.Store)
	}{
		{"EnqueueOncePerTicketAndEvent", testEnqueueOnce},
		{"ClaimDueJobs", testClaimDue},
		{"ClaimSkipsOtherConnectorsAndEnded", testClaimSkips},
		{"ExpiredLeaseIsTakenOver", testTakeover},
		{"SaveNeedsTheClaim", testSaveNeedsClaim},
		{"SaveRoundTrip", testSaveRoundTrip},
		{"ListAndCount", testListAndCount},
		{"ConcurrentClaims", testConcurrentClaims},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore(t)) })
	}
}

// t0 has whole seconds: stores keep at least microseconds.
var t0 = time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// MustEnqueue queues a job of connector for ticket (and event, if not
// ""), due at `at`, and returns it; it fails the test if it was not new.
func MustEnqueue(tb testing.TB, s copilot.Store, connector, ticket, event string, at time.Time) *copilot.Job {
	tb.Helper()
	j := &copilot.Job{System: "zendesk", Connector: connector, TicketID: ticket, EventID: event,
		Status: copilot.StatusQueued, NextAttemptAt: at, CreatedAt: at, UpdatedAt: at}
	ok, err := s.EnqueueCopilotJob(context.Background(), j)
	must(tb, err)
	if !ok || j.ID == 0 {
		tb.Fatalf("enqueue %s/%s/%s: created %v, id %d", connector, ticket, event, ok, j.ID)
	}
	return j
}

func claim(tb testing.TB, s copilot.Store, owner string, conns []string, now time.Time, n int) []*copilot.Job {
	tb.Helper()
	jobs, err := s.ClaimCopilotJobs(context.Background(), owner, conns, now, now.Add(time.Minute), n)
	must(tb, err)
	return jobs
}

func testEnqueueOnce(t *testing.T, s copilot.Store) {
	ctx := context.Background()
	MustEnqueue(t, s, "zd", "1", "ev-1", t0)
	for _, dup := range []struct{ conn, ticket, event string }{
		{"zd", "1", "ev-1"}, // the same delivery again
		{"zd", "2", "ev-1"}, // the same event id
		{"zd", "1", "ev-2"}, // the same ticket, another event
		{"zd", "1", ""},     // the same ticket, no event id
	} {
		j := &copilot.Job{System: "zendesk", Connector: dup.conn, TicketID: dup.ticket, EventID: dup.event,
			Status: copilot.StatusQueued, NextAttemptAt: t0, CreatedAt: t0, UpdatedAt: t0}
		ok, err := s.EnqueueCopilotJob(ctx, j)
		if err != nil || ok {
			t.Errorf("enqueue %+v again: created %v, %v; want false, nil", dup, ok, err)
		}
	}
	MustEnqueue(t, s, "other", "1", "ev-1", t0) // another connector's ticket 1
	MustEnqueue(t, s, "zd", "3", "", t0)
	MustEnqueue(t, s, "zd", "4", "", t0) // two tickets without event ids
	n, err := s.CountCopilotJobs(ctx)
	must(t, err)
	if n[copilot.StatusQueued] != 4 {
		t.Errorf("queued %d, want 4: %v", n[copilot.StatusQueued], n)
	}
}

func testClaimDue(t *testing.T, s copilot.Store) {
	due := MustEnqueue(t, s, "zd", "1", "", t0)
	later := MustEnqueue(t, s, "zd", "2", "", t0.Add(time.Hour))
	got := claim(t, s, "a", []string{"zd"}, t0, 5)
	if len(got) != 1 || got[0].ID != due.ID {
		t.Fatalf("claimed %v, want job %d only", ids(got), due.ID)
	}
	j := got[0]
	if j.Status != copilot.StatusWorking || j.Attempts != 1 || j.Owner != "a" || j.LeaseUntil == nil || !j.LeaseUntil.Equal(t0.Add(time.Minute)) {
		t.Errorf("claimed job %+v: want working, attempt 1, owner a, lease t0+1m", j)
	}
	if j.TicketID != "1" || j.Connector != "zd" || j.System != "zendesk" || !j.CreatedAt.Equal(t0) {
		t.Errorf("claimed job %+v lost its fields", j)
	}
	if again := claim(t, s, "b", []string{"zd"}, t0, 5); len(again) != 0 {
		t.Errorf("held job claimed again: %v", ids(again))
	}
	// An hour on, the first claim has expired too: the job is due again.
	got = claim(t, s, "b", []string{"zd"}, t0.Add(time.Hour), 5)
	if len(got) != 2 || got[0].ID != due.ID || got[0].Attempts != 2 || got[1].ID != later.ID || got[1].Attempts != 1 {
		t.Errorf("an hour on, claimed %+v; want %d (attempt 2) then %d (attempt 1)", got, due.ID, later.ID)
	}
}

func testClaimSkips(t *testing.T, s copilot.Store) {
	ctx := context.Background()
	other := MustEnqueue(t, s, "fd", "1", "", t0)
	for i, st := range []copilot.Status{copilot.StatusDone, copilot.StatusFailed} {
		j := MustEnqueue(t, s, "zd", fmt.Sprint(i), "", t0)
		got := claim(t, s, "a", []string{"zd"}, t0, 1)
		if len(got) != 1 || got[0].ID != j.ID {
			t.Fatalf("claimed %v, want %d", ids(got), j.ID)
		}
		got[0].Status, got[0].Owner, got[0].LeaseUntil = st, "", nil
		must(t, s.SaveCopilotJob(ctx, "a", got[0]))
	}
	if got := claim(t, s, "a", []string{"zd"}, t0.Add(24*time.Hour), 5); len(got) != 0 {
		t.Errorf("ended jobs claimed: %v", ids(got))
	}
	if got := claim(t, s, "a", []string{"fd", "zd"}, t0, 5); len(got) != 1 || got[0].ID != other.ID {
		t.Errorf("with fd named, claimed %v, want %d", ids(got), other.ID)
	}
	if got := claim(t, s, "a", nil, t0.Add(time.Hour), 5); len(got) != 0 {
		t.Errorf("no connector named, claimed %v", ids(got))
	}
}

func testTakeover(t *testing.T, s copilot.Store) {
	ctx := context.Background()
	j := MustEnqueue(t, s, "zd", "1", "", t0)
	a := claim(t, s, "a", []string{"zd"}, t0, 1)[0]
	a.Status = copilot.StatusWriting
	must(t, s.SaveCopilotJob(ctx, "a", a))
	if got := claim(t, s, "b", []string{"zd"}, t0.Add(30*time.Second), 1); len(got) != 0 {
		t.Fatalf("claimed before the lease ended: %v", ids(got))
	}
	got := claim(t, s, "b", []string{"zd"}, t0.Add(2*time.Minute), 1)
	if len(got) != 1 || got[0].ID != j.ID || got[0].Owner != "b" || got[0].Attempts != 2 {
		t.Fatalf("after the lease, claimed %+v; want job %d by b, attempt 2", got, j.ID)
	}
	a.Status = copilot.StatusDone
	if err := s.SaveCopilotJob(ctx, "a", a); !errors.Is(err, copilot.ErrLeaseLost) {
		t.Errorf("save by the old owner: %v, want ErrLeaseLost", err)
	}
}

func testSaveNeedsClaim(t *testing.T, s copilot.Store) {
	ctx := context.Background()
	j := MustEnqueue(t, s, "zd", "1", "", t0)
	j.Status = copilot.StatusDone
	if err := s.SaveCopilotJob(ctx, "a", j); !errors.Is(err, copilot.ErrLeaseLost) {
		t.Errorf("save of an unclaimed job: %v, want ErrLeaseLost", err)
	}
	claimed := claim(t, s, "a", []string{"zd"}, t0, 1)[0]
	if err := s.SaveCopilotJob(ctx, "b", claimed); !errors.Is(err, copilot.ErrLeaseLost) {
		t.Errorf("save by another owner: %v, want ErrLeaseLost", err)
	}
	claimed.ID = 999999
	if err := s.SaveCopilotJob(ctx, "a", claimed); !errors.Is(err, copilot.ErrLeaseLost) {
		t.Errorf("save of a missing job: %v, want ErrLeaseLost", err)
	}
}

func testSaveRoundTrip(t *testing.T, s copilot.Store) {
	ctx := context.Background()
	MustEnqueue(t, s, "zd", "1", "ev", t0)
	j := claim(t, s, "a", []string{"zd"}, t0, 1)[0]
	next := t0.Add(90 * time.Second)
	j.Status, j.LastError, j.Result, j.NextAttemptAt, j.UpdatedAt = copilot.StatusRetry, "PUT x: HTTP 500", "", next, t0.Add(time.Second)
	j.Owner, j.LeaseUntil = "", nil
	must(t, s.SaveCopilotJob(ctx, "a", j))
	list, err := s.ListCopilotJobs(ctx, copilot.JobFilter{})
	must(t, err)
	want := *j
	if len(list) != 1 {
		t.Fatalf("listed %d jobs", len(list))
	}
	if diff := cmp.Diff(&want, list[0]); diff != "" {
		t.Errorf("saved job (-want +got):\n%s", diff)
	}
	if got := claim(t, s, "b", []string{"zd"}, next.Add(-time.Second), 1); len(got) != 0 {
		t.Errorf("retry claimed before it was due")
	}
	got := claim(t, s, "b", []string{"zd"}, next, 1)
	if len(got) != 1 || got[0].Attempts != 2 || got[0].LastError != "PUT x: HTTP 500" {
		t.Fatalf("retry claimed %+v", got)
	}
	got[0].Status, got[0].Result, got[0].LastError, got[0].Owner, got[0].LeaseUntil = copilot.StatusDone, "note written", "", "", nil
	must(t, s.SaveCopilotJob(ctx, "b", got[0]))
	list, err = s.ListCopilotJobs(ctx, copilot.JobFilter{Status: copilot.StatusDone})
	must(t, err)
	if len(list) != 1 || list[0].Result != "note written" || list[0].Owner != "" || list[0].LeaseUntil != nil {
		t.Errorf("done job %+v", list)
	}
}

func testListAndCount(t *testing.T, s copilot.Store) {
	ctx := context.Background()
	for i := range 5 {
		MustEnqueue(t, s, "zd", fmt.Sprint(i), "", t0.Add(time.Duration(i)*time.Second))
	}
	MustEnqueue(t, s, "fd", "9", "", t0.Add(10*time.Second))
	j := claim(t, s, "a", []string{"zd"}, t0.Add(time.Minute), 1)[0]
	j.Status, j.LastError, j.Owner, j.LeaseUntil, j.UpdatedAt = copilot.StatusFailed, "HTTP 403", "", nil, t0.Add(time.Hour)
	must(t, s.SaveCopilotJob(ctx, "a", j))
	n, err := s.CountCopilotJobs(ctx)
	must(t, err)
	if n[copilot.StatusQueued] != 5 || n[copilot.StatusFailed] != 1 || len(n) != 2 {
		t.Errorf("counts %v, want 5 queued and 1 failed", n)
	}
	all, err := s.ListCopilotJobs(ctx, copilot.JobFilter{})
	must(t, err)
	if len(all) != 6 || all[0].ID != j.ID || all[1].TicketID != "9" {
		t.Errorf("list order %v: want the latest changed first", tickets(all))
	}
	failed, err := s.ListCopilotJobs(ctx, copilot.JobFilter{Status: copilot.StatusFailed})
	must(t, err)
	if len(failed) != 1 || failed[0].LastError != "HTTP 403" {
		t.Errorf("failed %+v", failed)
	}
	fd, err := s.ListCopilotJobs(ctx, copilot.JobFilter{Connector: "fd"})
	must(t, err)
	if len(fd) != 1 || fd[0].TicketID != "9" {
		t.Errorf("fd's jobs %v", tickets(fd))
	}
	two, err := s.ListCopilotJobs(ctx, copilot.JobFilter{Limit: 2})
	must(t, err)
	if len(two) != 2 {
		t.Errorf("limit 2 listed %d", len(two))
	}
}

func testConcurrentClaims(t *testing.T, s copilot.Store) {
	const jobs, workers = 24, 4
	for i := range jobs {
		MustEnqueue(t, s, "zd", fmt.Sprint(i), "", t0)
	}
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprint("w", w)
			for {
				got, err := s.ClaimCopilotJobs(context.Background(), owner, []string{"zd"}, t0, t0.Add(time.Minute), 2)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, j := range got {
					if prev, dup := seen[j.ID]; dup {
						t.Errorf("job %d claimed by %s and %s", j.ID, prev, owner)
					}
					seen[j.ID] = owner
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != jobs {
		t.Errorf("%d jobs claimed, want %d", len(seen), jobs)
	}
}

func ids(js []*copilot.Job) []int64 {
	var out []int64
	for _, j := range js {
		out = append(out, j.ID)
	}
	return out
}

func tickets(js []*copilot.Job) []string {
	var out []string
	for _, j := range js {
		out = append(out, j.TicketID)
	}
	return out
}
