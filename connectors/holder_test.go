//go:build unix

package connectors_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
	"deskpilot/connectors/synctest"
)

// TestTakeOverFromAKilledProcess: a sync killed on this host leaves its
// claim with a lease still running; the next sync takes it over at once
// and resumes from the checkpoint, where waiting out the lease left
// `deskpilot sync` run after a kill skipping the source as busy. A claim
// of a process that runs, or of another host, is still respected.
func TestTakeOverFromAKilledProcess(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	dead := exec.Command(os.Args[0], "-test.run=^$") // this test binary, doing nothing
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, holder string
		takenOver    bool
	}{
		{"killed here", fmt.Sprintf("%s/%d", host, dead.Process.Pid), true},
		{"running here", fmt.Sprintf("%s/%d", host, os.Getppid()), false},
		{"another host", fmt.Sprintf("not-%s/%d", host, dead.Process.Pid), false},
		{"another naming", "node-7", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := openDB(t)
			clock := synctest.NewClock(t0)
			src := &pagedSource{pages: [][]files.Article{articles("a", "b"), articles("c"), articles("d")}}
			crash := errors.New("killed")
			func() {
				defer func() {
					if r := recover(); r != crash {
						t.Fatalf("recovered %v", r)
					}
				}()
				connectors.NewSyncer(db, db, connectors.SyncOptions{Clock: clock, Owner: c.holder, Progress: func(p connectors.Progress) {
					if p.Pages == 2 {
						panic(crash) // dies without a word: no release
					}
				}}).Sync(context.Background(), src)
			}()
			src.fetched = nil
			st, err := connectors.NewSyncer(db, db, connectors.SyncOptions{Clock: clock}).Sync(context.Background(), src)
			if !c.takenOver {
				if !errors.Is(err, connectors.ErrBusy) || len(src.fetched) != 0 {
					t.Fatalf("sync while %s holds the source: %v, fetched %v; want ErrBusy", c.holder, err, src.fetched)
				}
				return
			}
			if err != nil {
				t.Fatalf("sync after %s was killed: %v", c.holder, err)
			}
			if got := strings.Join(src.fetched, ","); got != "2" || storedIDs(t, db) != "a b c d" || st.Status != connectors.StatusOK || st.Owner != "" {
				t.Fatalf("the takeover fetched %q, stored %q, left %+v; want only the third page, all stored", got, storedIDs(t, db), st)
			}
		})
	}
}
