package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"deskpilot/simulation"
	"deskpilot/tickets"
	"deskpilot/web"
)

// simService is the admin's simulations as serve runs them: what the web
// shows and starts, the background loop that does the work, and the run
// under way for the metrics.
type simService interface {
	web.Simulations
	Run(ctx context.Context)
	progress(ctx context.Context) (active bool, done, total int)
}

// openSims opens the admin's simulations of the mode: in the data folder
// of this node when it is alone (embedded), in the database every node
// shares in PostgreSQL mode. onProgress, when set, is told of each ticket
// this node replays.
func openSims(cfg *Config, st store, log *slog.Logger, onProgress func(done, total int)) (simService, error) {
	if cfg.DatabaseURL != "" {
		s, err := newSharedSims(st, cfg, log)
		if err != nil {
			return nil, err
		}
		s.onProgress = onProgress
		return s, nil
	}
	j, err := newSimJobs(filepath.Join(cfg.DataDir, simJobsFolder), st, cfg, log)
	if err != nil {
		return nil, err
	}
	j.onProgress = onProgress
	return j, nil
}

// sharedSims are the admin's simulations in PostgreSQL mode. The runs,
// their progress and their reports are in the database, so that every
// node behind a load balancer lists the same runs, and any node may start
// one; the database allows one active run. Every node's loop takes part
// in the active run: it replays the desk's history claiming batches of
// tickets from the shared simulation queue, as `deskpilot simulate` does,
// so adding nodes adds throughput. The node holding the run's lease
// writes its phases and its report; if it dies, its lease ends and
// another node finishes the run.
type sharedSims struct {
	jobs  simulation.JobStore
	queue simulation.Queue
	st    store
	cfg   *Config
	log   *slog.Logger
	owner string // this node, among those of the database
	// poll is how often the loop looks for a run to take part in; lease
	// how long a run's lease lasts unless renewed (every third of it).
	poll, lease time.Duration
	wake        chan struct{} // a run was started or resumed through this node
	// onProgress, when set, is told of each ticket this node replays
	// (tests hold a node midway with it).
	onProgress func(done, total int)
}

var _ simService = (*sharedSims)(nil)

// sharedSpec is a shared run's spec: what was asked, and the cutoff of
// the history it replays, the same on every node and when it is resumed.
type sharedSpec struct {
	web.SimulationOptions
	AsOf time.Time `json:"as_of"`
}

// newSharedSims shares the admin's simulations through st, which must be
// the PostgreSQL store: it keeps the runs and the queue of their tickets.
func newSharedSims(st store, cfg *Config, log *slog.Logger) (*sharedSims, error) {
	jobs, ok := st.(simulation.JobStore)
	queue, ok2 := st.(simulation.Queue)
	if !ok || !ok2 {
		return nil, errors.New("this store cannot share simulations between nodes")
	}
	return &sharedSims{jobs: jobs, queue: queue, st: st, cfg: cfg, log: log, owner: processOwner(),
		poll: time.Second, lease: 30 * time.Second, wake: make(chan struct{}, 1)}, nil
}

// Start records a queued run over the history as it is now; a node's loop
// picks it up.
func (s *sharedSims) Start(ctx context.Context, o web.SimulationOptions) (*web.SimulationRun, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	id, err := newSimJobID(now)
	if err != nil {
		return nil, err
	}
	spec, err := json.Marshal(sharedSpec{SimulationOptions: o, AsOf: now})
	if err != nil {
		return nil, err
	}
	job := &simulation.Job{ID: id, Spec: spec, Status: simulation.JobQueued, Created: now, Updated: now}
	if err := s.jobs.CreateJob(ctx, job); err != nil {
		return nil, fmt.Errorf("simulation: another run is under way, wait for it to end: %w", err)
	}
	s.nudge()
	return s.view(ctx, job)
}

// Resume queues a failed run again: the results the nodes stored stay,
// and the run goes on over the same history cutoff.
func (s *sharedSims) Resume(ctx context.Context, id string) (*web.SimulationRun, error) {
	run, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !run.Resumable() {
		ve := &tickets.ValidationError{}
		ve.Add("simulation", "only an interrupted or failed run can be resumed; this one is %s", run.Status)
		return nil, ve
	}
	if err := s.jobs.RequeueJob(ctx, id); err != nil {
		return nil, err
	}
	s.nudge()
	return s.Get(ctx, id)
}

// List returns every run, newest first, with the reports of those done.
func (s *sharedSims) List(ctx context.Context) ([]*web.SimulationRun, error) {
	jobs, err := s.jobs.Jobs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*web.SimulationRun, 0, len(jobs))
	for _, job := range jobs {
		run, err := s.view(ctx, job)
		if err != nil {
			return nil, err
		}
		out = append(out, run)
	}
	return out, nil
}

// Get returns one run; ErrNotFound for an id that is not one.
func (s *sharedSims) Get(ctx context.Context, id string) (*web.SimulationRun, error) {
	if !simJobID.MatchString(id) {
		return nil, fmt.Errorf("simulation %q: %w", id, tickets.ErrNotFound)
	}
	job, err := s.jobs.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, job)
}

// ReportFile returns a report file of a finished run from the database.
func (s *sharedSims) ReportFile(ctx context.Context, id, name string) ([]byte, error) {
	if !simJobID.MatchString(id) || !slices.Contains(reportFiles, name) {
		return nil, fmt.Errorf("simulation %q: %q: %w", id, name, tickets.ErrNotFound)
	}
	return s.jobs.JobFile(ctx, id, name)
}

// view is a run as the web shows it, with its report once done.
func (s *sharedSims) view(ctx context.Context, job *simulation.Job) (*web.SimulationRun, error) {
	var spec sharedSpec
	if err := json.Unmarshal(job.Spec, &spec); err != nil {
		return nil, fmt.Errorf("simulation %s: spec: %w", job.ID, err)
	}
	run := &web.SimulationRun{ID: job.ID, SimulationOptions: spec.SimulationOptions, Status: job.Status, Phase: job.Phase,
		Done: job.Done, Total: job.Total, Created: job.Created.UTC(), Updated: job.Updated.UTC(), Error: job.Error}
	if job.Finished != nil {
		f := job.Finished.UTC()
		run.Finished = &f
	}
	if run.Status == web.SimDone {
		b, err := s.jobs.JobFile(ctx, job.ID, simulation.ReportJSON)
		if err != nil {
			return nil, err
		}
		var rep simulation.Report
		if err := json.Unmarshal(b, &rep); err != nil {
			return nil, fmt.Errorf("simulation %s: %s: %w", job.ID, simulation.ReportJSON, err)
		}
		run.Report = &rep
	}
	return run, nil
}

// progress reports the run under way on any node, for the metrics.
func (s *sharedSims) progress(ctx context.Context) (active bool, done, total int) {
	job, err := s.jobs.ActiveJob(ctx)
	if err != nil {
		return false, 0, 0
	}
	return true, job.Done, job.Total
}

// nudge wakes this node's loop at once.
func (s *sharedSims) nudge() {
	select {
	case s.wake <- struct{}{}:
	default: // already awake
	}
}

// Run takes part in the active run, whichever node started it, until ctx
// ends.
func (s *sharedSims) Run(ctx context.Context) {
	tick := time.NewTicker(s.poll)
	defer tick.Stop()
	for {
		job, err := s.jobs.ActiveJob(ctx)
		switch {
		case err == nil:
			s.takePart(ctx, job)
		case ctx.Err() == nil && !errors.Is(err, tickets.ErrNotFound):
			s.log.Warn("look for a simulation to take part in", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.wake:
		}
	}
}

// takePart works on a run until it is done. A failure fails the run on
// every node: they all replay the same history, so another would fail
// alike, and the admin resumes it. A shutdown only gives the lease up,
// for another node to go on at once.
func (s *sharedSims) takePart(ctx context.Context, job *simulation.Job) {
	work, stop := context.WithCancel(ctx)
	defer stop()
	l := &simLease{s: s, id: job.ID}
	kept := make(chan struct{})
	go func() { l.keep(work, stop); close(kept) }()
	err := s.replay(work, job, l)
	endedElsewhere := work.Err() != nil // the keeper stopped the work
	stop()
	<-kept
	switch {
	case err == nil:
	case ctx.Err() != nil:
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := s.jobs.ReleaseJob(rctx, job.ID, s.owner); err != nil {
			s.log.Warn("give the simulation up to the other nodes", "simulation", job.ID, "error", err)
		}
		s.log.Info("simulation left to the other nodes by the shutdown", "simulation", job.ID)
	case endedElsewhere:
	default:
		s.log.Error("simulation failed", "simulation", job.ID, "error", err)
		reason := strings.ReplaceAll(err.Error(), "\n", " ")
		if err := s.jobs.FailJob(context.WithoutCancel(ctx), job.ID, reason); err != nil {
			s.log.Error("record the simulation's failure", "simulation", job.ID, "error", err)
		}
	}
}

// replay replays the run's history with the other nodes; once every
// ticket has its result, the lease holder writes the report. The others
// wait for it, or for its lease to end if it died.
func (s *sharedSims) replay(ctx context.Context, job *simulation.Job, l *simLease) error {
	var spec sharedSpec
	if err := json.Unmarshal(job.Spec, &spec); err != nil {
		return fmt.Errorf("simulation %s: spec: %w", job.ID, err)
	}
	sj := &simJob{SimulationRun: web.SimulationRun{ID: job.ID, SimulationOptions: spec.SimulationOptions, Created: job.Created}, AsOf: spec.AsOf}
	rp, err := prepareReplay(ctx, s.st, s.cfg, s.log, sj, func(phase string, _ int) { l.set(ctx, phase) })
	if err != nil {
		return err
	}
	defer rp.x.Close()
	opts := rp.opts
	opts.Progress = s.onProgress
	l.set(ctx, "replaying")
	results, err := simulation.RunShared(ctx, rp.h.tickets, opts, simulation.Shared{Queue: s.queue, Run: job.ID, Owner: s.owner})
	if err != nil {
		return err
	}
	tick := time.NewTicker(s.poll)
	defer tick.Stop()
	for {
		held, err := l.hold(ctx)
		if err != nil {
			return err
		}
		if held {
			l.set(ctx, "reporting")
			rep, decided := simulation.BuildReport(results, opts)
			rp.meta.Finished = time.Now()
			files, err := simulation.Render(rep, decided, rp.meta)
			if err != nil {
				return err
			}
			err = s.jobs.FinishJob(ctx, job.ID, s.owner, files)
			if err == nil {
				s.log.Info("simulation done", "simulation", job.ID)
			}
			if !errors.Is(err, tickets.ErrConflict) {
				return err
			}
			// The lease ended meanwhile: its new holder reports.
		}
		now, err := s.jobs.Job(ctx, job.ID)
		if err != nil || !now.Active() {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// simLease is a node's claim to drive a run: it takes the run's lease
// whenever it is free, renews it, and writes this node's phase while it
// holds it.
type simLease struct {
	s     *sharedSims
	id    string
	mu    sync.Mutex
	phase string
}

// set records this node's phase, written at once if it holds the lease.
func (l *simLease) set(ctx context.Context, phase string) {
	l.mu.Lock()
	l.phase = phase
	l.mu.Unlock()
	if _, err := l.hold(ctx); err != nil && ctx.Err() == nil {
		l.s.log.Warn("simulation phase", "simulation", l.id, "error", err)
	}
}

// hold takes or renews the lease and reports whether this node holds it.
func (l *simLease) hold(ctx context.Context) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.s.jobs.HoldJob(ctx, l.id, l.s.owner, l.phase, l.s.lease)
}

// keep holds the lease every third of its length until ctx ends, and
// calls stop once the run has ended elsewhere (it failed on another node).
func (l *simLease) keep(ctx context.Context, stop func()) {
	tick := time.NewTicker(l.s.lease / 3)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		held, err := l.hold(ctx)
		if err != nil || held {
			continue // a failed renewal is tried again; the lease outlasts two
		}
		if job, err := l.s.jobs.Job(ctx, l.id); err == nil && !job.Active() {
			stop()
			return
		}
	}
}
