package simulation_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"deskpilot/simulation"
	"deskpilot/simulation/queuetest"
)

// memQueue is a Queue in memory, the reference the contract is checked on.
type memQueue struct {
	mu    sync.Mutex
	runs  map[string][]string
	owner map[string]claim
	done  map[string]simulation.Result
}

type claim struct {
	owner string
	until time.Time
}

func newMemQueue() *memQueue {
	return &memQueue{runs: map[string][]string{}, owner: map[string]claim{}, done: map[string]simulation.Result{}}
}

func (q *memQueue) Prepare(_ context.Context, run string, ids []string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.runs[run]; !ok {
		q.runs[run] = append([]string(nil), ids...)
	}
	return nil
}

func (q *memQueue) Claim(_ context.Context, run, owner string, n int, lease time.Duration) ([]string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []string
	now := time.Now()
	for _, id := range q.runs[run] {
		if len(out) == n {
			break
		}
		k := run + "\x00" + id
		if _, ok := q.done[k]; ok {
			continue
		}
		if c, ok := q.owner[k]; ok && c.until.After(now) {
			continue
		}
		q.owner[k] = claim{owner, now.Add(lease)}
		out = append(out, id)
	}
	return out, nil
}

func (q *memQueue) Complete(_ context.Context, run string, r simulation.Result) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.done[run+"\x00"+r.ID] = r
	delete(q.owner, run+"\x00"+r.ID)
	return nil
}

func (q *memQueue) Progress(_ context.Context, run string) (int, int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, id := range q.runs[run] {
		if _, ok := q.done[run+"\x00"+id]; ok {
			n++
		}
	}
	return n, len(q.runs[run]), nil
}

func (q *memQueue) Results(_ context.Context, run string) ([]simulation.Result, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []simulation.Result
	for _, id := range q.runs[run] {
		if r, ok := q.done[run+"\x00"+id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

func (q *memQueue) Discard(_ context.Context, run string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, id := range q.runs[run] {
		delete(q.done, run+"\x00"+id)
		delete(q.owner, run+"\x00"+id)
	}
	delete(q.runs, run)
	return nil
}

func TestMemoryQueueContract(t *testing.T) {
	queuetest.Run(t, func(*testing.T) simulation.Queue { return newMemQueue() })
}
