package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"deskpilot/assistant"
	"deskpilot/simulation"
	"deskpilot/tickets"
	"deskpilot/web"
)

// In embedded mode the admin's simulations live in DATA/simulations/<id>/:
// job.json (what was asked and where the run stands), the checkpoint
// results.jsonl, and report.json, tickets.csv and report.html once done.
// In PostgreSQL mode they live in the database, shared by every node
// (sharedSims).
const simJobsFolder = "simulations"

// jobFile is a run's state in its folder.
const jobFile = "job.json"

// simJobID is the shape of a run id: its start time and a random suffix,
// so that ids sort by time and never name a path outside the folder.
var simJobID = regexp.MustCompile(`^[0-9]{8}-[0-9]{6}-[0-9a-f]{6}$`)

// simJob is job.json.
type simJob struct {
	web.SimulationRun
	// AsOf is the history's cutoff: the run replays the tickets resolved
	// before it, also when it is resumed later.
	AsOf time.Time `json:"as_of"`
}

// simJobs runs the admin's simulations of the desk's own history, one at a
// time, in the background of `deskpilot serve` in embedded mode.
type simJobs struct {
	dir   string
	st    store
	cfg   *Config
	log   *slog.Logger
	queue chan string
	mu    sync.Mutex
	live  *simJob   // the run queued or under way, nil when none
	saved time.Time // when live was last written to its job.json
	// onProgress, when set, is told of each ticket replayed (tests stop
	// a run midway with it).
	onProgress func(done, total int)
}

var _ simService = (*simJobs)(nil)

// newSimJobs opens the simulations folder. Runs that a previous process
// left queued or running were cut short by its end: they are marked
// interrupted, to be resumed from their checkpoints.
func newSimJobs(dir string, st store, cfg *Config, log *slog.Logger) (*simJobs, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("simulations folder %s: %w", dir, err)
	}
	j := &simJobs{dir: dir, st: st, cfg: cfg, log: log, queue: make(chan string, 1)}
	jobs, err := j.readAll()
	if err != nil {
		return nil, err
	}
	for _, job := range jobs {
		if job.Active() {
			job.Status, job.Phase = web.SimInterrupted, ""
			if err := j.write(job); err != nil {
				return nil, err
			}
			log.Info("simulation interrupted by the last shutdown: resumable", "simulation", job.ID)
		}
	}
	return j, nil
}

// Run executes queued runs until ctx ends; a run under way then stops at
// once (its checkpoint keeps what it did) and is marked interrupted.
func (j *simJobs) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-j.queue:
			j.finish(ctx, id, j.execute(ctx, id))
		}
	}
}

// Start queues a run over the history as it is now.
func (j *simJobs) Start(_ context.Context, o web.SimulationOptions) (*web.SimulationRun, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	id, err := newSimJobID(now)
	if err != nil {
		return nil, err
	}
	job := &simJob{SimulationRun: web.SimulationRun{ID: id,
		SimulationOptions: o, Status: web.SimQueued, Created: now, Updated: now}, AsOf: now}
	return j.enqueue(job)
}

// newSimJobID returns a new run id of the shape simJobID checks.
func newSimJobID(now time.Time) (string, error) {
	suffix := make([]byte, 3)
	if _, err := rand.Read(suffix); err != nil {
		return "", err
	}
	return now.Format("20060102-150405") + "-" + hex.EncodeToString(suffix), nil
}

// Resume queues an interrupted or failed run again: it goes on from its
// checkpoint, over the same history cutoff.
func (j *simJobs) Resume(_ context.Context, id string) (*web.SimulationRun, error) {
	job, err := j.read(id)
	if err != nil {
		return nil, err
	}
	if !job.Resumable() {
		ve := &tickets.ValidationError{}
		ve.Add("simulation", "only an interrupted or failed run can be resumed; this one is %s", job.Status)
		return nil, ve
	}
	job.Status, job.Phase, job.Error, job.Finished, job.Updated = web.SimQueued, "", "", nil, time.Now().UTC()
	return j.enqueue(job)
}

// enqueue makes job the live run, unless one is under way.
func (j *simJobs) enqueue(job *simJob) (*web.SimulationRun, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.live != nil {
		return nil, fmt.Errorf("simulation %s is under way: %w", j.live.ID, tickets.ErrConflict)
	}
	if err := j.write(job); err != nil {
		return nil, err
	}
	select {
	case j.queue <- job.ID:
	default: // cannot happen: the queue holds at most the live run
		return nil, fmt.Errorf("simulation queue full: %w", tickets.ErrConflict)
	}
	j.live, j.saved = job, time.Now()
	run := job.SimulationRun
	return &run, nil
}

// List returns every run, newest first, with the reports of those done.
func (j *simJobs) List(context.Context) ([]*web.SimulationRun, error) {
	jobs, err := j.readAll()
	if err != nil {
		return nil, err
	}
	out := make([]*web.SimulationRun, 0, len(jobs))
	for _, job := range jobs {
		out = append(out, j.view(job))
	}
	return out, nil
}

// Get returns one run; ErrNotFound for an id that is not one.
func (j *simJobs) Get(_ context.Context, id string) (*web.SimulationRun, error) {
	job, err := j.read(id)
	if err != nil {
		return nil, err
	}
	return j.view(job), nil
}

// view is a run as the web shows it: the live state of the run under
// way, the report of a run done.
func (j *simJobs) view(job *simJob) *web.SimulationRun {
	j.mu.Lock()
	if j.live != nil && j.live.ID == job.ID {
		job = &simJob{SimulationRun: j.live.SimulationRun, AsOf: j.live.AsOf}
	}
	j.mu.Unlock()
	run := job.SimulationRun
	if run.Status == web.SimDone {
		if b, err := os.ReadFile(filepath.Join(j.dir, job.ID, simulation.ReportJSON)); err == nil {
			var rep simulation.Report
			if json.Unmarshal(b, &rep) == nil {
				run.Report = &rep
			}
		}
	}
	return &run
}

// reportFiles are the files of a run's folder that its report is made of:
// the rest (job.json, the checkpoint) is not served.
var reportFiles = []string{simulation.ReportHTML, simulation.ReportJSON, simulation.TicketsCSV}

// ReportFile reads a report file of a run's folder.
func (j *simJobs) ReportFile(_ context.Context, id, name string) ([]byte, error) {
	if !simJobID.MatchString(id) || !slices.Contains(reportFiles, name) {
		return nil, fmt.Errorf("simulation %q: %q: %w", id, name, tickets.ErrNotFound)
	}
	b, err := os.ReadFile(filepath.Join(j.dir, id, name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("simulation %s: %s: %w", id, name, tickets.ErrNotFound)
	}
	return b, err
}

// read reads a run's job.json.
func (j *simJobs) read(id string) (*simJob, error) {
	if !simJobID.MatchString(id) {
		return nil, fmt.Errorf("simulation %q: %w", id, tickets.ErrNotFound)
	}
	b, err := os.ReadFile(filepath.Join(j.dir, id, jobFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("simulation %s: %w", id, tickets.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	var job simJob
	if err := json.Unmarshal(b, &job); err != nil {
		return nil, fmt.Errorf("simulation %s: %s: %w", id, jobFile, err)
	}
	return &job, nil
}

// readAll reads every run of the folder, newest first. A folder that is
// not a run is skipped.
func (j *simJobs) readAll() ([]*simJob, error) {
	entries, err := os.ReadDir(j.dir)
	if err != nil {
		return nil, err
	}
	var out []*simJob
	for _, e := range slices.Backward(entries) { // by name: ids sort by time
		if !e.IsDir() || !simJobID.MatchString(e.Name()) {
			continue
		}
		job, err := j.read(e.Name())
		if errors.Is(err, tickets.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, job)
	}
	return out, nil
}

// write saves a run's job.json, atomically.
func (j *simJobs) write(job *simJob) error {
	dir := filepath.Join(j.dir, job.ID)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	saved := *job
	saved.Report = nil
	b, err := json.MarshalIndent(&saved, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dir, jobFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o640); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, jobFile))
}

// update changes the live run; it is written to its job.json when force
// is set (a change of phase), else at most once a second.
func (j *simJobs) update(force bool, change func(job *simJob)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.live == nil {
		return
	}
	change(j.live)
	j.live.Updated = time.Now().UTC()
	if force || time.Since(j.saved) >= time.Second {
		if err := j.write(j.live); err != nil {
			j.log.Warn("save simulation progress", "simulation", j.live.ID, "error", err)
		}
		j.saved = time.Now()
	}
}

// finish records how a run ended and frees the slot.
func (j *simJobs) finish(ctx context.Context, id string, err error) {
	now := time.Now().UTC()
	j.update(true, func(job *simJob) {
		job.Phase, job.Finished = "", &now
		switch {
		case err == nil:
			job.Status = web.SimDone
		case ctx.Err() != nil:
			job.Status, job.Finished = web.SimInterrupted, nil
		default:
			job.Status, job.Error = web.SimFailed, strings.ReplaceAll(err.Error(), "\n", " ")
		}
	})
	j.mu.Lock()
	j.live = nil
	j.mu.Unlock()
	switch {
	case err == nil:
		j.log.Info("simulation done", "simulation", id)
	case ctx.Err() != nil:
		j.log.Info("simulation interrupted: resumable", "simulation", id)
	default:
		j.log.Error("simulation failed", "simulation", id, "error", err)
	}
}

// execute replays the desk's history of the live run id: it reads the
// history, indexes it in memory, replays it with a checkpoint in the
// run's folder, and writes the report there.
func (j *simJobs) execute(ctx context.Context, id string) error {
	var job simJob
	j.update(true, func(live *simJob) { live.Status = web.SimRunning; job = *live })
	rp, err := prepareReplay(ctx, j.st, j.cfg, j.log, &job, func(phase string, tickets int) {
		j.update(true, func(live *simJob) {
			live.Phase = phase
			if tickets > 0 { // loading does not know it yet: a resumed run shows its last
				live.Total = tickets
			}
		})
	})
	if err != nil {
		return err
	}
	defer rp.x.Close()
	dir := filepath.Join(j.dir, id)
	finger := fmt.Sprintf("admin:%s:%g:%g:%s", id, job.TargetPrecision, job.MinutesPerTicket, rp.meta.Drafter)
	ck, err := openRun(dir, finger, false)
	if err != nil {
		return err
	}
	opts := rp.opts
	opts.Done, opts.OnResult = ck.done, ck.Add
	opts.Progress = func(done, total int) {
		j.update(false, func(live *simJob) { live.Done, live.Total = done, total })
		if j.onProgress != nil {
			j.onProgress(done, total)
		}
	}
	j.update(true, func(live *simJob) { live.Phase = "replaying" })
	results, err := simulation.Run(ctx, rp.h.tickets, opts)
	if cerr := ck.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	j.update(true, func(live *simJob) { live.Phase = "reporting" })
	rep, decided := simulation.BuildReport(results, opts)
	rp.meta.Finished = time.Now()
	return simulation.WriteAll(dir, rep, decided, rp.meta)
}

// deskReplay is what a run over the desk's history needs, in either mode:
// the history, its index in memory, the replay's options and the
// report's meta.
type deskReplay struct {
	h    *history
	x    *simIndex
	opts simulation.Options
	meta simulation.Meta
}

// prepareReplay reads the history of job, to its cutoff, and indexes it;
// phase is told of each step ("loading", then "indexing" with the number
// of tickets). The caller closes the index.
func prepareReplay(ctx context.Context, st store, cfg *Config, log *slog.Logger, job *simJob, phase func(name string, tickets int)) (*deskReplay, error) {
	phase("loading", 0)
	h, err := loadDeskHistory(ctx, st, job.AsOf)
	if err != nil {
		return nil, err
	}
	phase("indexing", len(h.tickets))
	x, err := indexHistory(ctx, h)
	if err != nil {
		return nil, err
	}
	rp := &deskReplay{h: h, x: x,
		opts: simulation.Options{TargetPrecision: job.TargetPrecision, MinutesPerTicket: job.MinutesPerTicket, Concurrency: 4},
		meta: simulation.Meta{Title: "the desk's history to " + job.AsOf.Format("2006-01-02 15:04 UTC"), Started: job.Created, Judge: "offline"}}
	if rp.opts.Assistant, rp.meta.Drafter, err = simAssistant(cfg, x, log); err != nil {
		x.Close()
		return nil, err
	}
	return rp, nil
}

// simAssistant configures the replay's assistant as `deskpilot simulate`
// does: extractive drafts, or the LLM when one is configured; the judge
// is the offline one.
func simAssistant(cfg *Config, x *simIndex, log *slog.Logger) (assistant.Config, string, error) {
	ac := assistant.Config{Searcher: x.searcher, Logger: log,
		Prices: assistant.Prices{PromptPerMillion: cfg.PromptPrice, CompletionPerMillion: cfg.CompletionPrice}}
	if !cfg.useLLM() {
		return ac, "extractive", nil
	}
	chat, err := newChat(cfg, log, nil)
	if err != nil {
		return ac, "", err
	}
	ac.Chat, ac.SelfCheck = chat, true
	return ac, "LLM " + cfg.ChatModel, nil
}
