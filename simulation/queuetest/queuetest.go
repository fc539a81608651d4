// Package queuetest is the contract suite of simulation.Queue, run against
// every implementation.
package queuetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"deskpilot/simulation"
)

// Run runs the suite; open returns an empty queue.
func Run(t *testing.T, open func(t *testing.T) simulation.Queue) {
	ctx := context.Background()
	ids := []string{"T-1", "T-2", "T-3", "T-4", "T-5"}
	t.Run("claims hand out each ticket once, oldest first", func(t *testing.T) {
		q := open(t)
		must(t, q.Prepare(ctx, "run", ids))
		must(t, q.Prepare(ctx, "run", ids)) // a second process: nothing changes
		a, err := q.Claim(ctx, "run", "p1", 2, time.Minute)
		must(t, err)
		b, err := q.Claim(ctx, "run", "p2", 10, time.Minute)
		must(t, err)
		if !slices.Equal(a, ids[:2]) || !slices.Equal(b, ids[2:]) {
			t.Fatalf("claims %v and %v", a, b)
		}
		if c, _ := q.Claim(ctx, "run", "p3", 10, time.Minute); len(c) != 0 {
			t.Errorf("claimed again: %v", c)
		}
	})
	t.Run("results are stored and counted", func(t *testing.T) {
		q := open(t)
		must(t, q.Prepare(ctx, "run", ids))
		must(t, q.Prepare(ctx, "other", ids[:1]))
		c, err := q.Claim(ctx, "run", "p1", 3, time.Minute)
		must(t, err)
		for _, id := range c {
			must(t, q.Complete(ctx, "run", simulation.Result{ID: id, Confidence: 0.5, Citations: []string{"KB-" + id}}))
		}
		done, total, err := q.Progress(ctx, "run")
		must(t, err)
		if done != 3 || total != 5 {
			t.Errorf("progress %d/%d, want 3/5", done, total)
		}
		res, err := q.Results(ctx, "run")
		must(t, err)
		if len(res) != 3 || res[0].Confidence != 0.5 || res[0].Citations[0] != "KB-"+res[0].ID {
			t.Errorf("results %+v", res)
		}
		if d, tot, _ := q.Progress(ctx, "other"); d != 0 || tot != 1 {
			t.Errorf("runs share their counts: %d/%d", d, tot)
		}
	})
	t.Run("a discarded run starts over", func(t *testing.T) {
		q := open(t)
		must(t, q.Prepare(ctx, "run", ids[:2]))
		c, err := q.Claim(ctx, "run", "p1", 1, time.Minute)
		must(t, err)
		must(t, q.Complete(ctx, "run", simulation.Result{ID: c[0]}))
		must(t, q.Discard(ctx, "run"))
		must(t, q.Prepare(ctx, "run", ids[:3]))
		if done, total, _ := q.Progress(ctx, "run"); done != 0 || total != 3 {
			t.Errorf("after discard: %d/%d, want 0/3", done, total)
		}
	})
	t.Run("an expired claim is handed out again", func(t *testing.T) {
		q := open(t)
		must(t, q.Prepare(ctx, "run", ids[:2]))
		if c, _ := q.Claim(ctx, "run", "dead", 2, time.Millisecond); len(c) != 2 {
			t.Fatalf("claimed %v", c)
		}
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, err := q.Claim(ctx, "run", "alive", 2, time.Minute)
			must(t, err)
			if len(c) == 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the dead owner's claim never expired")
			}
		}
	})
	t.Run("concurrent claims never share a ticket", func(t *testing.T) {
		q := open(t)
		var many []string
		for i := range 200 {
			many = append(many, fmt.Sprintf("T-%03d", i))
		}
		must(t, q.Prepare(ctx, "run", many))
		var mu sync.Mutex
		seen := map[string]string{}
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				owner := fmt.Sprintf("p%d", w)
				for {
					c, err := q.Claim(ctx, "run", owner, 7, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(c) == 0 {
						return
					}
					mu.Lock()
					for _, id := range c {
						if prev, dup := seen[id]; dup {
							t.Errorf("%s claimed by %s and %s", id, prev, owner)
						}
						seen[id] = owner
					}
					mu.Unlock()
					for _, id := range c {
						if err := q.Complete(ctx, "run", simulation.Result{ID: id}); err != nil {
							t.Error(err)
						}
					}
				}
			}()
		}
		wg.Wait()
		if len(seen) != 200 {
			t.Errorf("%d tickets claimed, want 200", len(seen))
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
