package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

var _ connectors.SyncStateStore = (*DB)(nil)

// The sync state's SQL. sqlSyncColumns is what scanSyncState reads.
const (
	sqlSyncColumns = `source, status, streams::text, added, updated, unchanged, deleted, skipped, pages,
    problems::text, last_error, started_at, finished_at, last_success_at, owner, lease_until, updated_at`

	// sqlClaimSync creates the row or takes it, unless another owner holds
	// an unexpired claim: then it returns no row.
	sqlClaimSync = `
INSERT INTO sync_states AS s (source, status, owner, lease_until, updated_at) VALUES ($1, 'running', $2, $3, $4)
ON CONFLICT (source) DO UPDATE SET
    status = 'running', owner = excluded.owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
WHERE s.owner IN ('', excluded.owner) OR s.lease_until IS NULL OR s.lease_until <= $4
RETURNING ` + sqlSyncColumns
	sqlSyncHolder = `SELECT owner, lease_until FROM sync_states WHERE source = $1`
	sqlRenewSync  = `UPDATE sync_states SET lease_until = $1, updated_at = now() WHERE source = $2 AND owner = $3 AND owner <> ''`
	sqlSaveSync   = `
UPDATE sync_states SET
    status = $1, streams = $2::jsonb, added = $3, updated = $4, unchanged = $5, deleted = $6, skipped = $7, pages = $8,
    problems = $9::jsonb, last_error = $10, started_at = $11, finished_at = $12, last_success_at = $13,
    owner = $14, lease_until = $15, updated_at = now()
WHERE source = $16 AND owner = $17 AND owner <> ''
RETURNING updated_at`
	sqlGetSyncState   = `SELECT ` + sqlSyncColumns + ` FROM sync_states WHERE source = $1`
	sqlListSyncStates = `SELECT ` + sqlSyncColumns + ` FROM sync_states ORDER BY source COLLATE "C"`
)

// ClaimSync gives source to owner until `until`, unless another owner
// holds an unexpired claim (ErrBusy).
func (db *DB) ClaimSync(ctx context.Context, source, owner string, now, until time.Time) (*connectors.SyncState, error) {
	if owner == "" {
		return nil, fmt.Errorf("postgres: claim sync %s: no owner", source)
	}
	st, err := scanSyncState(db.pool.QueryRow(ctx, sqlClaimSync, source, owner, until, now))
	if errors.Is(err, pgx.ErrNoRows) {
		var holder string
		var lease *time.Time
		if err := db.pool.QueryRow(ctx, sqlSyncHolder, source).Scan(&holder, &lease); err != nil {
			return nil, fmt.Errorf("postgres: claim sync %s: %w", source, err)
		}
		return nil, fmt.Errorf("postgres: claim sync %s: %w (held by %s until %v)", source, connectors.ErrBusy, holder, lease)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: claim sync %s: %w", source, err)
	}
	return st, nil
}

// RenewSyncLease extends owner's claim on source.
func (db *DB) RenewSyncLease(ctx context.Context, source, owner string, until time.Time) error {
	tag, err := db.pool.Exec(ctx, sqlRenewSync, until, source, owner)
	if err == nil && tag.RowsAffected() == 0 {
		err = connectors.ErrLeaseLost
	}
	if err != nil {
		return fmt.Errorf("postgres: renew sync %s: %w", source, err)
	}
	return nil
}

// SaveSyncState writes st, provided st.Owner holds the source.
func (db *DB) SaveSyncState(ctx context.Context, st *connectors.SyncState) error {
	if err := db.saveSync(ctx, st, st.Owner, st.LeaseUntil); err != nil {
		return fmt.Errorf("postgres: save sync %s: %w", st.Source, err)
	}
	return nil
}

// ReleaseSync writes st and gives the source up.
func (db *DB) ReleaseSync(ctx context.Context, st *connectors.SyncState) error {
	if err := db.saveSync(ctx, st, "", time.Time{}); err != nil {
		return fmt.Errorf("postgres: release sync %s: %w", st.Source, err)
	}
	st.Owner, st.LeaseUntil = "", time.Time{}
	return nil
}

func (db *DB) saveSync(ctx context.Context, st *connectors.SyncState, owner string, lease time.Time) error {
	streams, problems, err := encodeSyncJSON(st)
	if err != nil {
		return err
	}
	c := st.Counts
	var updated time.Time
	err = db.pool.QueryRow(ctx, sqlSaveSync,
		string(st.Status), streams, c.Added, c.Updated, c.Unchanged, c.Deleted, c.Skipped, c.Pages,
		problems, st.LastError, zeroNull(st.StartedAt), zeroNull(st.FinishedAt), zeroNull(st.LastSuccessAt),
		owner, zeroNull(lease), st.Source, st.Owner).Scan(&updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return connectors.ErrLeaseLost
	}
	if err == nil {
		st.UpdatedAt = updated
	}
	return err
}

// GetSyncState returns a source's state; ErrNotFound when it has none.
func (db *DB) GetSyncState(ctx context.Context, source string) (*connectors.SyncState, error) {
	st, err := scanSyncState(db.pool.QueryRow(ctx, sqlGetSyncState, source))
	if errors.Is(err, pgx.ErrNoRows) {
		err = connectors.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: get sync %s: %w", source, err)
	}
	return st, nil
}

// ListSyncStates returns every source's state, by source name.
func (db *DB) ListSyncStates(ctx context.Context) ([]*connectors.SyncState, error) {
	rows, _ := db.pool.Query(ctx, sqlListSyncStates)
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*connectors.SyncState, error) { return scanSyncState(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list syncs: %w", err)
	}
	if out == nil {
		out = []*connectors.SyncState{}
	}
	return out, nil
}

func scanSyncState(row pgx.Row) (*connectors.SyncState, error) {
	var st connectors.SyncState
	var status, streams, problems string
	var started, finished, success, lease *time.Time
	c := &st.Counts
	err := row.Scan(&st.Source, &status, &streams, &c.Added, &c.Updated, &c.Unchanged, &c.Deleted, &c.Skipped, &c.Pages,
		&problems, &st.LastError, &started, &finished, &success, &st.Owner, &lease, &st.UpdatedAt)
	if err != nil {
		return nil, err
	}
	st.Status = connectors.Status(status)
	st.StartedAt, st.FinishedAt, st.LastSuccessAt, st.LeaseUntil = deref(started), deref(finished), deref(success), deref(lease)
	st.Streams = map[string]connectors.StreamState{}
	st.Problems = []files.Problem{}
	if err := json.Unmarshal([]byte(streams), &st.Streams); err != nil {
		return nil, fmt.Errorf("streams: %w", err)
	}
	if err := json.Unmarshal([]byte(problems), &st.Problems); err != nil {
		return nil, fmt.Errorf("problems: %w", err)
	}
	return &st, nil
}

// encodeSyncJSON encodes a state's streams and problems, {} and [] when
// there are none.
func encodeSyncJSON(st *connectors.SyncState) (streams, problems string, err error) {
	s := st.Streams
	if s == nil {
		s = map[string]connectors.StreamState{}
	}
	p := st.Problems
	if p == nil {
		p = []files.Problem{}
	}
	sb, err := json.Marshal(s)
	if err != nil {
		return "", "", err
	}
	pb, err := json.Marshal(p)
	return string(sb), string(pb), err
}

// zeroNull stores the zero time as NULL.
func zeroNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
