package connectors

import (
	"context"
	"time"

	"deskpilot/connectors/files"
)

// Status is where a source's sync stands.
type Status string

// Sync statuses.
const (
	StatusIdle        Status = "idle"        // never ran, or reset
	StatusRunning     Status = "running"     // a process holds the source (see SyncState.Stale)
	StatusOK          Status = "ok"          // the last run reached the end of every stream
	StatusFailed      Status = "failed"      // the last run stopped on an error; LastError says which
	StatusInterrupted Status = "interrupted" // the last run was cancelled; the next resumes it
)

// SyncState is what is kept of a source between syncs: where each stream
// stands, what the last run did and how it ended, and which process holds
// the source while a run is going on.
type SyncState struct {
	Source  string                 `json:"source"`
	Status  Status                 `json:"status"`
	Streams map[string]StreamState `json:"streams"`
	// Counts and Problems are those of the last (or the current) run.
	Counts   Counts          `json:"counts"`
	Problems []files.Problem `json:"problems"`
	// LastError is why the last run did not finish, "" when it did.
	LastError     string    `json:"last_error,omitempty"`
	StartedAt     time.Time `json:"started_at,omitzero"`
	FinishedAt    time.Time `json:"finished_at,omitzero"`
	LastSuccessAt time.Time `json:"last_success_at,omitzero"`
	// Owner names the process that holds the source until LeaseUntil; ""
	// when none does.
	Owner      string    `json:"owner,omitempty"`
	LeaseUntil time.Time `json:"lease_until,omitzero"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Stale reports whether the state says running but its holder stopped
// renewing its claim: the process died, and the next run resumes its work.
func (s *SyncState) Stale(now time.Time) bool {
	return s.Status == StatusRunning && !s.LeaseUntil.IsZero() && now.After(s.LeaseUntil)
}

// StreamState is where one stream of a source (its articles, its tickets)
// stands. Cursor is the source's own position (a timestamp, an API
// cursor) at which the next sync starts. While a run goes through the
// stream, Checkpoint is the position after the last page written, and
// Resuming is true: a run that stops there (cancelled, killed, failed) is
// resumed from Checkpoint by the next, which so fetches no page twice.
type StreamState struct {
	Cursor     string `json:"cursor,omitempty"`
	Checkpoint string `json:"checkpoint,omitempty"`
	Resuming   bool   `json:"resuming,omitempty"`
	// SyncedAt is when a run last reached the end of the stream.
	SyncedAt time.Time `json:"synced_at,omitzero"`
	// ReconciledAt is when the stream's records were last compared with
	// the full list of what the source holds, to remove what it lost.
	ReconciledAt time.Time `json:"reconciled_at,omitzero"`
}

// Counts is what a run did with the records of a source.
type Counts struct {
	Added     int `json:"added"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Deleted   int `json:"deleted"`
	Skipped   int `json:"skipped"`
	Pages     int `json:"pages"`
}

// SyncStateStore keeps the sync state of each source. Implementations are
// safe for concurrent use by several processes: ClaimSync lets one process
// at a time run a source's sync.
type SyncStateStore interface {
	// ClaimSync gives the source to owner until `until` and returns its
	// state, created (idle, no cursors) on first use, with Status set to
	// running. It fails with ErrBusy while another owner holds an
	// unexpired claim (lease_until after now); an expired claim is taken
	// over, with the checkpoints its holder left.
	ClaimSync(ctx context.Context, source, owner string, now, until time.Time) (*SyncState, error)
	// RenewSyncLease extends owner's claim; ErrLeaseLost when owner no
	// longer holds the source.
	RenewSyncLease(ctx context.Context, source, owner string, until time.Time) error
	// SaveSyncState writes st, claim included (st.LeaseUntil), provided
	// st.Owner holds the source; ErrLeaseLost otherwise.
	SaveSyncState(ctx context.Context, st *SyncState) error
	// ReleaseSync writes st as SaveSyncState does and gives the source up;
	// st.Owner and st.LeaseUntil are cleared.
	ReleaseSync(ctx context.Context, st *SyncState) error
	// GetSyncState returns a source's state; ErrNotFound when it has none.
	GetSyncState(ctx context.Context, source string) (*SyncState, error)
	// ListSyncStates returns the states of all sources, by source name.
	ListSyncStates(ctx context.Context) ([]*SyncState, error)
}
