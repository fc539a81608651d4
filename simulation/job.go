package simulation

import (
	"context"
	"encoding/json"
	"time"
)

// Job statuses. A job is active while queued or running, and at most one
// job is active at a time.
const (
	JobQueued      = "queued"
	JobRunning     = "running"
	JobDone        = "done"
	JobFailed      = "failed"
	JobInterrupted = "interrupted" // stopped by a shutdown: resumable
)

// Job is a simulation run that every process of a deployment sees
// (PostgreSQL mode): what was asked, where it stands, and which process
// drives it. Its tickets and results are the Queue's, under its ID; its
// report files are kept with it once it is done.
type Job struct {
	ID string
	// Spec is what was asked, as the process that started the job encoded
	// it; the store keeps it as is.
	Spec   json.RawMessage
	Status string
	// Phase is what the job's driver does (loading, replaying, ...).
	Phase string
	Error string
	// Owner drives the job (it writes the phases and the report) until
	// LeaseEnd; once the lease has ended another process takes over.
	Owner    string
	LeaseEnd time.Time
	Created  time.Time
	Updated  time.Time
	Finished *time.Time
	// Done and Total are the Queue's progress of the job's run.
	Done, Total int
}

// Active reports whether the job is queued or running.
func (j *Job) Active() bool { return j.Status == JobQueued || j.Status == JobRunning }

// JobStore keeps the jobs of a deployment, for every process to see and
// take part in. Missing jobs and files are tickets.ErrNotFound.
type JobStore interface {
	// CreateJob records j, queued; tickets.ErrConflict when a job is
	// already active.
	CreateJob(ctx context.Context, j *Job) error
	// RequeueJob queues a failed or interrupted job again, freeing the
	// claims left on its tickets; tickets.ErrConflict when another is
	// active or the job is neither.
	RequeueJob(ctx context.Context, id string) error
	// Job returns one job.
	Job(ctx context.Context, id string) (*Job, error)
	// Jobs returns every job, newest first.
	Jobs(ctx context.Context) ([]*Job, error)
	// ActiveJob returns the job queued or running.
	ActiveJob(ctx context.Context) (*Job, error)
	// HoldJob takes the lease of an active job for owner, or renews it,
	// unless another owner's lease lasts; the job is then running, and
	// its phase becomes phase unless that is empty. It reports whether
	// owner holds the lease.
	HoldJob(ctx context.Context, id, owner, phase string, lease time.Duration) (bool, error)
	// ReleaseJob ends owner's lease and its claims on the job's tickets
	// early, for the other processes to go on at once.
	ReleaseJob(ctx context.Context, id, owner string) error
	// FinishJob stores the report files of a job and marks it done, in
	// one step; tickets.ErrConflict when owner does not hold its lease.
	FinishJob(ctx context.Context, id, owner string, files map[string][]byte) error
	// FailJob marks an active job failed, with why.
	FailJob(ctx context.Context, id, reason string) error
	// JobFile returns one of a job's report files.
	JobFile(ctx context.Context, id, name string) ([]byte, error)
}
