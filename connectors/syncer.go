package connectors

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"deskpilot/connectors/files"
)

// SyncOptions configures a Syncer. Zero fields take the defaults named.
type SyncOptions struct {
	// Clock reads the time (default SystemClock).
	Clock Clock
	// Owner names this process in claims (default host/pid).
	Owner string
	// HolderGone reports whether the process a claim names as its owner is
	// known to have stopped, so that its claim is taken over at once
	// rather than when its lease expires (default: an owner named host/pid
	// of this host whose process no longer runs, as a killed sync leaves).
	HolderGone func(owner string) bool
	// LeaseTTL is how long a claim on a source lasts unless renewed; a
	// running sync renews it every quarter of it (default 2 min). A sync
	// killed without a word is resumed by any process once it expires.
	LeaseTTL time.Duration
	// ReconcileEvery is how often a stream's records are compared with the
	// full list of what its source holds, when the source can list it
	// (default 24 h; negative: never).
	ReconcileEvery time.Duration
	// BatchSize is how many records go into one transaction (default 500).
	BatchSize int
	// MaxProblems caps the problems kept in a source's state (default 100).
	MaxProblems int
	// Log receives the progress of runs (default: discarded).
	Log *slog.Logger
	// Progress, when set, is called after each page written.
	Progress func(Progress)
}

// Progress is where a run stands, after a page.
type Progress struct {
	Source string
	Kind   Kind
	Pages  int // pages of this stream in this run
	Counts Counts
}

// Syncer runs the syncs of sources into the records store, keeping each
// source's state in a SyncStateStore.
type Syncer struct {
	state   SyncStateStore
	records Records
	o       SyncOptions
}

// NewSyncer returns a Syncer that writes records and keeps state as told.
func NewSyncer(state SyncStateStore, records Records, o SyncOptions) *Syncer {
	if o.Clock == nil {
		o.Clock = SystemClock{}
	}
	if o.Owner == "" {
		host, _ := os.Hostname()
		o.Owner = fmt.Sprintf("%s/%d", host, os.Getpid())
	}
	if o.HolderGone == nil {
		o.HolderGone = localHolderGone
	}
	if o.LeaseTTL <= 0 {
		o.LeaseTTL = 2 * time.Minute
	}
	if o.ReconcileEvery == 0 {
		o.ReconcileEvery = 24 * time.Hour
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.MaxProblems <= 0 {
		o.MaxProblems = 100
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Syncer{state: state, records: records, o: o}
}

// fatalError stops a run at once: the records store or the state store
// failed, and every stream would fail the same way.
type fatalError struct{ err error }

func (e *fatalError) Error() string { return e.err.Error() }
func (e *fatalError) Unwrap() error { return e.err }

// Sync runs src's streams from where the last run left them: from each
// stream's cursor, or from its checkpoint when the last run stopped midway.
// Each page is written, then its position saved, so that a run stopped at
// any point is resumed without fetching or writing a page twice. A stream
// that fails does not stop the others. The state is returned however the
// run ended; the error says why it did not finish.
func (s *Syncer) Sync(ctx context.Context, src Source) (*SyncState, error) {
	name := src.Name()
	now := s.o.Clock.Now()
	st, err := s.claim(ctx, name, now)
	if err != nil {
		return nil, fmt.Errorf("sync %s: %w", name, err)
	}
	st.Status, st.StartedAt, st.FinishedAt = StatusRunning, now, time.Time{}
	st.Counts, st.Problems, st.LastError = Counts{}, []files.Problem{}, ""
	if st.Streams == nil {
		st.Streams = map[string]StreamState{}
	}
	s.o.Log.Info("sync started", "source", name)
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := s.heartbeat(runCtx, cancel, name)
	defer stop() // on a panic; stopped before the release otherwise
	var errs []error
	for _, kind := range src.Kinds() {
		if err := s.syncStream(runCtx, src, kind, st); err != nil {
			errs = append(errs, err)
			var fatal *fatalError
			if runCtx.Err() != nil || errors.As(err, &fatal) {
				break
			}
		}
	}
	stop()
	return s.finish(ctx, st, errors.Join(errs...))
}

// Reset forgets where src's streams stand, so that its next sync starts
// from the beginning; records are kept, and rewritten only where changed.
func (s *Syncer) Reset(ctx context.Context, source string) error {
	st, err := s.claim(ctx, source, s.o.Clock.Now())
	if err != nil {
		return fmt.Errorf("sync %s: reset: %w", source, err)
	}
	st.Streams, st.Status, st.LastError = map[string]StreamState{}, StatusIdle, ""
	if err := s.state.ReleaseSync(ctx, st); err != nil {
		return fmt.Errorf("sync %s: reset: %w", source, err)
	}
	return nil
}

// claim claims source for this process. A claim held by a process known
// to be gone (killed: it could not release it) is taken over at once,
// rather than a lease later: asking the store for it as at that claim's
// expiry lets the store's own rule hand it over, and keeps it from
// whoever claimed the source meanwhile.
func (s *Syncer) claim(ctx context.Context, source string, now time.Time) (*SyncState, error) {
	until := now.Add(s.o.LeaseTTL)
	st, err := s.state.ClaimSync(ctx, source, s.o.Owner, now, until)
	if !errors.Is(err, ErrBusy) {
		return st, err
	}
	held, gerr := s.state.GetSyncState(ctx, source)
	if gerr != nil || held.Owner == "" || !held.LeaseUntil.After(now) || !s.o.HolderGone(held.Owner) {
		return nil, err
	}
	s.o.Log.Warn("sync: taking over the claim of a process that is gone", "source", source, "owner", held.Owner)
	return s.state.ClaimSync(ctx, source, s.o.Owner, held.LeaseUntil, until)
}

// syncStream runs one stream of src to its end, saving its position after
// each page.
func (s *Syncer) syncStream(ctx context.Context, src Source, kind Kind, st *SyncState) error {
	name, key := src.Name(), string(kind)
	ss := st.Streams[key]
	pos := ss.Cursor
	if ss.Resuming {
		pos = ss.Checkpoint
		s.o.Log.Info("sync resumed from its checkpoint", "source", name, "kind", key)
	}
	pages := 0
	for {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", kind, context.Cause(ctx))
		}
		page, err := src.Fetch(ctx, kind, pos)
		if err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		if err := s.writePage(ctx, name, kind, page, st); err != nil {
			return &fatalError{fmt.Errorf("%s: write %s: %w", kind, page.URL, err)}
		}
		next := page.Next
		if next == "" {
			next = pos
		}
		if !page.Done && next == pos {
			return fmt.Errorf("%s: page %s gives no way forward (cursor %q again)", kind, page.URL, pos)
		}
		if page.Done {
			ss = StreamState{Cursor: next, SyncedAt: s.o.Clock.Now(), ReconciledAt: ss.ReconciledAt}
		} else {
			ss.Checkpoint, ss.Resuming = next, true
		}
		pages++
		st.Counts.Pages++
		st.Streams[key] = ss
		if err := s.save(ctx, st); err != nil {
			return &fatalError{fmt.Errorf("%s: save checkpoint: %w", kind, err)}
		}
		if s.o.Progress != nil {
			s.o.Progress(Progress{Source: name, Kind: kind, Pages: pages, Counts: st.Counts})
		}
		if page.Done {
			break
		}
		pos = next
	}
	return s.reconcile(ctx, src, kind, st)
}

// save writes st with a renewed claim. A written page's position is saved
// even when ctx was cancelled meanwhile, so that the page is not redone.
func (s *Syncer) save(ctx context.Context, st *SyncState) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	st.LeaseUntil = s.o.Clock.Now().Add(s.o.LeaseTTL)
	return s.state.SaveSyncState(ctx, st)
}

// finish records how the run ended and gives the source up.
func (s *Syncer) finish(ctx context.Context, st *SyncState, err error) (*SyncState, error) {
	now := s.o.Clock.Now()
	st.FinishedAt = now
	switch {
	case err != nil && ctx.Err() != nil:
		st.Status, st.LastError = StatusInterrupted, err.Error()
	case err != nil:
		st.Status, st.LastError = StatusFailed, err.Error()
	default:
		st.Status, st.LastSuccessAt = StatusOK, now
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if rerr := s.state.ReleaseSync(rctx, st); rerr != nil {
		err = errors.Join(err, fmt.Errorf("save state: %w", rerr))
	}
	c := st.Counts
	s.o.Log.Info("sync done", "source", st.Source, "status", string(st.Status), "added", c.Added, "updated", c.Updated,
		"unchanged", c.Unchanged, "deleted", c.Deleted, "skipped", c.Skipped, "pages", c.Pages,
		"duration_ms", now.Sub(st.StartedAt).Milliseconds())
	if err != nil {
		return st, fmt.Errorf("sync %s: %w", st.Source, err)
	}
	return st, nil
}

// heartbeat renews the claim on source while the run goes on, and cancels
// the run if the claim was lost.
func (s *Syncer) heartbeat(ctx context.Context, cancel context.CancelCauseFunc, source string) (stop func()) {
	t := time.NewTicker(s.o.LeaseTTL / 4)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			err := s.state.RenewSyncLease(ctx, source, s.o.Owner, s.o.Clock.Now().Add(s.o.LeaseTTL))
			if errors.Is(err, ErrLeaseLost) {
				cancel(err)
				return
			}
			if err != nil && ctx.Err() == nil {
				s.o.Log.Warn("sync: renewing the claim", "source", source, "error", err)
			}
		}
	})
	var once sync.Once
	return func() {
		once.Do(func() {
			t.Stop()
			close(done)
			wg.Wait()
		})
	}
}
