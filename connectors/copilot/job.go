package copilot

import (
	"context"
	"errors"
	"time"
)

// Status is where a job stands.
type Status string

// Statuses of a job. Queued and retry jobs wait for their next attempt;
// working and writing ones are held by a worker until its lease ends.
const (
	StatusQueued  Status = "queued"
	StatusWorking Status = "working"
	StatusWriting Status = "writing" // about to write the note: check for it first
	StatusRetry   Status = "retry"
	StatusDone    Status = "done"
	StatusFailed  Status = "failed" // gave up; LastError says why
)

// Statuses lists every status, in the order of a job's life.
var Statuses = []Status{StatusQueued, StatusWorking, StatusWriting, StatusRetry, StatusDone, StatusFailed}

// Job is a ticket created in a help desk, to triage, draft and write back.
type Job struct {
	ID int64 `json:"id"`
	// System is the connector's type (zendesk, freshdesk, freshservice,
	// jira) and Connector its name in the configuration.
	System    string `json:"system"`
	Connector string `json:"connector"`
	// TicketID is the ticket's id in the help desk; EventID the webhook
	// event's, "" when the desk sends none.
	TicketID string `json:"ticket_id"`
	EventID  string `json:"event_id,omitempty"`
	Status   Status `json:"status"`
	// Attempts counts the claims of the job: each is an attempt, even one
	// whose worker died.
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
	// Result says what was written back.
	Result        string    `json:"result,omitempty"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	// Owner holds the job until LeaseUntil while it is worked on.
	Owner      string     `json:"owner,omitempty"`
	LeaseUntil *time.Time `json:"lease_until,omitempty"`
}

// JobFilter selects jobs to list.
type JobFilter struct {
	Status    Status // "" for any
	Connector string // "" for any
	Limit     int    // default 50
}

// Store is the durable queue of jobs. Implementations must make Enqueue
// and Claim safe across processes.
type Store interface {
	// EnqueueCopilotJob adds j, unless a job of the same connector has
	// its ticket or its (non-empty) event id already: then it writes
	// nothing and returns false. On success j.ID is set.
	EnqueueCopilotJob(ctx context.Context, j *Job) (bool, error)
	// ClaimCopilotJobs gives owner, until `until`, up to n jobs of the
	// connectors named that are due at now: queued or retry jobs whose
	// next attempt is due, and working or writing jobs whose lease has
	// expired. Claimed jobs are working, with one more attempt; concurrent
	// claims never return the same job.
	ClaimCopilotJobs(ctx context.Context, owner string, connectors []string, now, until time.Time, n int) ([]*Job, error)
	// SaveCopilotJob writes j's status, attempts, error, result, next
	// attempt, owner and lease, provided owner holds it (ErrLeaseLost).
	SaveCopilotJob(ctx context.Context, owner string, j *Job) error
	// ListCopilotJobs lists jobs, the latest changed first.
	ListCopilotJobs(ctx context.Context, f JobFilter) ([]*Job, error)
	// CountCopilotJobs counts the jobs by status.
	CountCopilotJobs(ctx context.Context) (map[Status]int, error)
}

// Errors of the copilot.
var (
	// ErrLeaseLost is returned when a job's claim was taken over, after
	// it expired, by another worker.
	ErrLeaseLost = errors.New("copilot: the claim on the job was lost to another worker")
	// ErrUnknownConnector is a webhook for a connector that is not
	// configured for copilot mode, or not of that help desk.
	ErrUnknownConnector = errors.New("copilot: no such copilot connector")
	// ErrUnauthorized is a webhook whose signature or secret is missing
	// or wrong.
	ErrUnauthorized = errors.New("copilot: webhook not signed by the help desk")
	// ErrBadPayload is a signed webhook whose body cannot be read.
	ErrBadPayload = errors.New("copilot: webhook payload unreadable")
)
