package connectors

import (
	"context"
)

// batcher gathers records and writes them in transactional batches, adding
// each outcome to the summary.
type batcher[T any, O comparable] struct {
	size  int
	sum   *Summary
	flush func(context.Context, []*T) ([]O, error)
	count func(*Summary, O)
	buf   []*T
}

func (b *batcher[T, O]) add(ctx context.Context, rec *T) error {
	b.buf = append(b.buf, rec)
	if len(b.buf) >= b.size {
		return b.flushAll(ctx)
	}
	return nil
}

func (b *batcher[T, O]) flushAll(ctx context.Context) error {
	if len(b.buf) == 0 {
		return nil
	}
	out, err := b.flush(ctx, b.buf)
	if err != nil {
		return err
	}
	for _, o := range out {
		b.count(b.sum, o)
	}
	b.buf = b.buf[:0]
	return nil
}

// outcome is satisfied by tickets.Outcome and retrieval.Outcome, which share
// their names.
type outcome interface{ String() string }

func countOutcome[O outcome](s *Summary, o O) {
	switch o.String() {
	case "added":
		s.Added++
	case "updated":
		s.Updated++
	default:
		s.Unchanged++
	}
}
