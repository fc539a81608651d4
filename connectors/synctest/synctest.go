// Package synctest helps test syncs: Run is the contract every
// connectors.SyncStateStore must meet (each adapter's tests call it with a
// constructor that returns a fresh, empty store), Clock is a clock whose
// waits return at once, and API answers a source's requests from memory
// for the sources' fuzz tests, which CheckPage judges.
package synctest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// Run runs the contract suite. newStore must return an empty store that
// lives until the test ends.
func Run(t *testing.T, newStore func(t *testing.T) connectors.SyncStateStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s connectors.SyncStateStore)
	}{
		{"GetMissing", testGetMissing},
		{"ClaimCreates", testClaimCreates},
		{"SaveRoundTrip", testSaveRoundTrip},
		{"ClaimKeepsState", testClaimKeepsState},
		{"ClaimBusy", testClaimBusy},
		{"ExpiredClaimIsTakenOver", testTakeover},
		{"SaveNeedsTheClaim", testSaveNeedsClaim},
		{"RenewLease", testRenew},
		{"Release", testRelease},
		{"List", testList},
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

// MustClaim claims source for owner at now for ttl, failing the test on
// an error.
func MustClaim(tb testing.TB, s connectors.SyncStateStore, source, owner string, now time.Time, ttl time.Duration) *connectors.SyncState {
	tb.Helper()
	st, err := s.ClaimSync(context.Background(), source, owner, now, now.Add(ttl))
	if err != nil {
		tb.Fatalf("ClaimSync(%s, %s): %v", source, owner, err)
	}
	return st
}

func testGetMissing(t *testing.T, s connectors.SyncStateStore) {
	if _, err := s.GetSyncState(context.Background(), "nope"); !errors.Is(err, connectors.ErrNotFound) {
		t.Fatalf("GetSyncState of an unknown source: %v, want ErrNotFound", err)
	}
}

func testClaimCreates(t *testing.T, s connectors.SyncStateStore) {
	st := MustClaim(t, s, "zendesk", "a", t0, time.Minute)
	if st.Source != "zendesk" || st.Status != connectors.StatusRunning || st.Owner != "a" || !st.LeaseUntil.Equal(t0.Add(time.Minute)) {
		t.Fatalf("claimed state: %+v", st)
	}
	if len(st.Streams) != 0 || st.Streams == nil {
		t.Fatalf("a new source's streams: %#v, want an empty map", st.Streams)
	}
	got, err := s.GetSyncState(context.Background(), "zendesk")
	must(t, err)
	if got.Owner != "a" || got.Status != connectors.StatusRunning {
		t.Fatalf("GetSyncState after claim: %+v", got)
	}
}

// fullState is a state with every field set.
func fullState(source, owner string) *connectors.SyncState {
	return &connectors.SyncState{
		Source: source, Status: connectors.StatusFailed, Owner: owner, LeaseUntil: t0.Add(2 * time.Minute),
		Streams: map[string]connectors.StreamState{
			"articles": {Cursor: "1717228800", SyncedAt: t0.Add(-time.Hour), ReconciledAt: t0.Add(-2 * time.Hour)},
			"tickets":  {Cursor: "MTcxNzIyODgwMC4wfHwxMjN8", Checkpoint: "MTcxNzIyODkwMC4wfHwxMzB8", Resuming: true},
		},
		Counts:        connectors.Counts{Added: 1, Updated: 2, Unchanged: 3, Deleted: 4, Skipped: 5, Pages: 6},
		Problems:      []files.Problem{{File: "https://x.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=abc", Line: 3, Message: "created_at: not a time — é"}},
		LastError:     "tickets: GET https://x.zendesk.com/...: HTTP 500",
		StartedAt:     t0.Add(-time.Minute),
		FinishedAt:    t0.Add(-30 * time.Second),
		LastSuccessAt: t0.Add(-24 * time.Hour),
	}
}

func testSaveRoundTrip(t *testing.T, s connectors.SyncStateStore) {
	ctx := context.Background()
	MustClaim(t, s, "zendesk", "a", t0, time.Minute)
	want := fullState("zendesk", "a")
	must(t, s.SaveSyncState(ctx, want))
	got, err := s.GetSyncState(ctx, "zendesk")
	must(t, err)
	if got.UpdatedAt.IsZero() {
		t.Errorf("UpdatedAt not set")
	}
	if diff := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".UpdatedAt" }, cmp.Ignore())); diff != "" {
		t.Fatalf("state read back differs (-saved +read):\n%s", diff)
	}
}

func testClaimKeepsState(t *testing.T, s connectors.SyncStateStore) {
	ctx := context.Background()
	MustClaim(t, s, "zendesk", "a", t0, time.Minute)
	saved := fullState("zendesk", "a")
	must(t, s.ReleaseSync(ctx, saved))
	st := MustClaim(t, s, "zendesk", "b", t0.Add(time.Hour), time.Minute)
	if diff := cmp.Diff(saved.Streams, st.Streams); diff != "" {
		t.Fatalf("a new claim lost the streams:\n%s", diff)
	}
	if st.LastSuccessAt != saved.LastSuccessAt || st.Counts != saved.Counts {
		t.Fatalf("a new claim lost the last run's record: %+v", st)
	}
}

func testClaimBusy(t *testing.T, s connectors.SyncStateStore) {
	ctx := context.Background()
	MustClaim(t, s, "zendesk", "a", t0, time.Minute)
	if _, err := s.ClaimSync(ctx, "zendesk", "b", t0.Add(59*time.Second), t0.Add(2*time.Minute)); !errors.Is(err, connectors.ErrBusy) {
		t.Fatalf("claim of a held source: %v, want ErrBusy", err)
	}
	// The holder may claim again (a retry after a lost answer).
	st := MustClaim(t, s, "zendesk", "a", t0.Add(time.Second), 5*time.Minute)
	if !st.LeaseUntil.Equal(t0.Add(time.Second + 5*time.Minute)) {
		t.Fatalf("re-claim by the holder: lease until %v", st.LeaseUntil)
	}
	// Other sources are independent.
	MustClaim(t, s, "freshdesk", "b", t0, time.Minute)
}

func testTakeover(t *testing.T, s connectors.SyncStateStore) {
	ctx := context.Background()
	MustClaim(t, s, "zendesk", "a", t0, time.Minute)
	st := fullState("zendesk", "a")
	st.Status = connectors.StatusRunning
	must(t, s.SaveSyncState(ctx, st)) // lease until t0+2m, then "a" dies
	got := MustClaim(t, s, "zendesk", "b", t0.Add(3*time.Minute), time.Minute)
	if got.Owner != "b" || got.Streams["tickets"].Checkpoint != st.Streams["tickets"].Checkpoint || !got.Streams["tickets"].Resuming {
		t.Fatalf("takeover of an expired claim: %+v", got)
	}
}

func testSaveNeedsClaim(t *testing.T, s connectors.SyncStateStore) {
	ctx := context.Background()
	if err := s.SaveSyncState(ctx, fullState("never", "a")); !errors.Is(err, connectors.ErrLeaseLost) {
		t.Fatalf("save of an unclaimed source: %v, want ErrLeaseLost", err)
	}
	MustClaim(t, s, "zendesk", "a", t0, time.Minute)
	MustClaim(t, s, "zendesk", "b", t0.Add(2*time.Minute), time.Minute) // a's claim expired
	stale := fullState("zendesk", "a")
	if err := s.SaveSyncState(ctx, stale); !errors.Is(err, connectors.ErrLeaseLost) {
		t.Fatalf("save by a holder whose claim was taken over: %v, want ErrLeaseLost", err)
	}
	if err := s.ReleaseSync(ctx, stale); !errors.Is(err, connectors.ErrLeaseLost) {
		t.Fatalf("release by a holder whose claim was taken over: %v, want ErrLeaseLost", err)
	}
	got, err := s.GetSyncState(ctx, "zendesk")
	must(t, err)
	if got.Owner != "b" || got.Counts.Added != 0 {
		t.Fatalf("the stale holder's save went through: %+v", got)
	}
}

func testRenew(t *testing.T, s connectors.SyncStateStore) {
	ctx := context.Background()
	MustClaim(t, s, "zendesk", "a", t0, time.Minute)
	must(t, s.RenewSyncLease(ctx, "zendesk", "a", t0.Add(10*time.Minute)))
	if _, err := s.ClaimSync(ctx, "zendesk", "b", t0.Add(5*time.Minute), t0.Add(6*time.Minute)); !errors.Is(err, connectors.ErrBusy) {
		t.Fatalf("claim of a renewed source: %v, want ErrBusy", err)
	}
	if err := s.RenewSyncLease(ctx, "zendesk", "b", t0.Add(time.Hour)); !errors.Is(err, connectors.ErrLeaseLost) {
		t.Fatalf("renew by a non-holder: %v, want ErrLeaseLost", err)
	}
	if err := s.RenewSyncLease(ctx, "nope", "a", t0.Add(time.Hour)); !errors.Is(err, connectors.ErrLeaseLost) {
		t.Fatalf("renew of an unknown source: %v, want ErrLeaseLost", err)
	}
}

func testRelease(t *testing.T, s connectors.SyncStateStore) {
	ctx := context.Background()
	MustClaim(t, s, "zendesk", "a", t0, time.Hour)
	st := fullState("zendesk", "a")
	st.Status = connectors.StatusOK
	must(t, s.ReleaseSync(ctx, st))
	if st.Owner != "" || !st.LeaseUntil.IsZero() {
		t.Fatalf("ReleaseSync left the claim on st: %q until %v", st.Owner, st.LeaseUntil)
	}
	got, err := s.GetSyncState(ctx, "zendesk")
	must(t, err)
	if got.Owner != "" || !got.LeaseUntil.IsZero() || got.Status != connectors.StatusOK || got.Counts != st.Counts {
		t.Fatalf("state after release: %+v", got)
	}
	MustClaim(t, s, "zendesk", "b", t0.Add(time.Second), time.Minute) // free at once
}

func testList(t *testing.T, s connectors.SyncStateStore) {
	ctx := context.Background()
	list, err := s.ListSyncStates(ctx)
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("ListSyncStates of an empty store: %d states", len(list))
	}
	for _, name := range []string{"zendesk", "confluence", "freshdesk"} {
		MustClaim(t, s, name, "a", t0, time.Minute)
	}
	list, err = s.ListSyncStates(ctx)
	must(t, err)
	var names []string
	for _, st := range list {
		names = append(names, st.Source)
	}
	if diff := cmp.Diff([]string{"confluence", "freshdesk", "zendesk"}, names); diff != "" {
		t.Fatalf("ListSyncStates order:\n%s", diff)
	}
}

func testConcurrentClaims(t *testing.T, s connectors.SyncStateStore) {
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			_, errs[i] = s.ClaimSync(context.Background(), "zendesk", fmt.Sprintf("node-%d", i), t0, t0.Add(time.Minute))
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, connectors.ErrBusy):
			t.Errorf("concurrent claim: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d of %d concurrent claims won, want exactly 1", won, n)
	}
}
