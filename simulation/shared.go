package simulation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"deskpilot/assistant"
	"deskpilot/tickets"
)

// Queue shares the tickets of one run between processes (PostgreSQL in
// that mode): each claims a batch, answers it and stores the results, so
// that adding processes adds throughput and a process that dies only
// delays its batch until its lease ends.
type Queue interface {
	// Prepare records the run's tickets, in replay order, once; calls for
	// a run already prepared change nothing.
	Prepare(ctx context.Context, run string, ids []string) error
	// Claim reserves for owner, until lease ends, up to n of the run's
	// tickets that have no result and no live claim, oldest first.
	Claim(ctx context.Context, run, owner string, n int, lease time.Duration) ([]string, error)
	// Complete stores a ticket's result and ends its claim.
	Complete(ctx context.Context, run string, r Result) error
	// Progress counts the run's tickets that have a result, and all.
	Progress(ctx context.Context, run string) (done, total int, err error)
	// Results returns the stored results.
	Results(ctx context.Context, run string) ([]Result, error)
	// Discard forgets a run, to start it over.
	Discard(ctx context.Context, run string) error
}

// Shared says how a process takes part in a shared run.
type Shared struct {
	Queue Queue
	Run   string // the run's identity: every process of a run gives the same
	Owner string // this process, unique among those of the run
	// Batch is how many tickets a claim takes (default 20); Lease how long
	// a claim lasts (default 5 minutes); Poll how often a process with
	// nothing to claim looks whether the run is finished (default 1s).
	Batch int
	Lease time.Duration
	Poll  time.Duration
}

// RunShared replays tkts like Run, sharing the work with every other
// process running the same run on the same queue, and returns all the
// run's results once every ticket has one.
func RunShared(ctx context.Context, tkts []*tickets.Ticket, o Options, sh Shared) ([]Result, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	if sh.Queue == nil || sh.Run == "" || sh.Owner == "" {
		return nil, errors.New("simulation: a shared run needs a queue, a run and an owner")
	}
	sh.Batch = cmpOr(sh.Batch, 20)
	sh.Lease = cmpOr(sh.Lease, 5*time.Minute)
	sh.Poll = cmpOr(sh.Poll, time.Second)
	ts := questions(tkts)
	byID := make(map[string]int, len(ts))
	ids := make([]string, len(ts))
	for i, t := range ts {
		byID[t.ExternalID], ids[i] = i, t.ExternalID
	}
	if err := sh.Queue.Prepare(ctx, sh.Run, ids); err != nil {
		return nil, fmt.Errorf("simulation: prepare run: %w", err)
	}
	r := &runner{o: o}
	models := &modelCache{r: r, ts: ts, slices: o.Slices}
	for {
		claimed, err := sh.Queue.Claim(ctx, sh.Run, sh.Owner, sh.Batch, sh.Lease)
		if err != nil {
			return nil, fmt.Errorf("simulation: claim: %w", err)
		}
		if len(claimed) == 0 {
			done, total, err := sh.Queue.Progress(ctx, sh.Run)
			if err != nil {
				return nil, err
			}
			if done >= total {
				break
			}
			// Others hold the rest; wait for them, or for their leases to
			// end if they died.
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(sh.Poll):
			}
			continue
		}
		if err := r.batch(ctx, ts, byID, claimed, models, sh); err != nil {
			return nil, err
		}
	}
	res, err := sh.Queue.Results(ctx, sh.Run)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(res, func(a, b Result) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return res, nil
}

// batch answers claimed tickets, Concurrency at a time, storing each
// result as it comes.
func (r *runner) batch(ctx context.Context, ts []*tickets.Ticket, byID map[string]int, claimed []string, models *modelCache, sh Shared) error {
	sem := make(chan struct{}, r.o.Concurrency)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, id := range claimed {
		i, ok := byID[id]
		if !ok {
			return fmt.Errorf("simulation: the queue handed out %q, which this process's history lacks: are all processes given the same files?", id)
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			err := func() error {
				model, err := models.get(i)
				if err != nil {
					return err
				}
				res, err := r.answer(ctx, ts[i], model)
				if err != nil {
					return err
				}
				if err := sh.Queue.Complete(ctx, sh.Run, res); err != nil {
					return err
				}
				if r.o.Progress != nil {
					if done, total, err := sh.Queue.Progress(ctx, sh.Run); err == nil {
						r.o.Progress(done, total)
					}
				}
				return nil
			}()
			if err != nil {
				once.Do(func() { first = err; cancel() })
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// modelCache trains each slice's triage model once, when a ticket of
// that slice first needs it. Training is deterministic, so every process
// of a shared run triages a ticket alike.
type modelCache struct {
	r      *runner
	ts     []*tickets.Ticket
	slices int
	mu     sync.Mutex
	models map[int]assistant.Classifier
}

func (c *modelCache) get(i int) (assistant.Classifier, error) {
	s := i * c.slices / len(c.ts)
	for s > 0 && s*len(c.ts)/c.slices > i {
		s--
	}
	for (s+1)*len(c.ts)/c.slices <= i {
		s++
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if m, ok := c.models[s]; ok {
		return m, nil
	}
	m, err := c.r.train(c.ts, c.ts[s*len(c.ts)/c.slices].CreatedAt)
	if err != nil {
		return nil, err
	}
	if c.models == nil {
		c.models = map[int]assistant.Classifier{}
	}
	c.models[s] = m
	return m, nil
}

// questions returns the tickets that have a question, in time order.
func questions(tkts []*tickets.Ticket) []*tickets.Ticket {
	ts := make([]*tickets.Ticket, 0, len(tkts))
	for _, t := range tkts {
		if t.Question() != "" {
			ts = append(ts, t)
		}
	}
	slices.SortStableFunc(ts, func(a, b *tickets.Ticket) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return ts
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
