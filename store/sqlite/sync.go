package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

var _ connectors.SyncStateStore = (*DB)(nil)

// syncColumns is what scanSyncState reads.
const syncColumns = `source, status, streams, added, updated, unchanged, deleted, skipped, pages, problems,
    last_error, started_at, finished_at, last_success_at, owner, lease_until, updated_at`

const (
	// claimSync creates the row or takes it, unless another owner holds an
	// unexpired claim: then it returns no row.
	claimSync = `
INSERT INTO sync_states (source, status, owner, lease_until, updated_at) VALUES (?1, 'running', ?2, ?3, ?4)
ON CONFLICT (source) DO UPDATE SET
    status = 'running', owner = excluded.owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
WHERE sync_states.owner IN ('', excluded.owner) OR sync_states.lease_until IS NULL OR sync_states.lease_until <= ?4
RETURNING ` + syncColumns
	selectSyncHolder = `SELECT owner, coalesce(lease_until, '') FROM sync_states WHERE source = ?`
	renewSync        = `UPDATE sync_states SET lease_until = ?, updated_at = ? WHERE source = ? AND owner = ? AND owner <> ''`
	saveSync         = `
UPDATE sync_states SET
    status = ?, streams = ?, added = ?, updated = ?, unchanged = ?, deleted = ?, skipped = ?, pages = ?,
    problems = ?, last_error = ?, started_at = ?, finished_at = ?, last_success_at = ?,
    owner = ?, lease_until = ?, updated_at = ?
WHERE source = ? AND owner = ? AND owner <> ''`
	selectSyncState = `SELECT ` + syncColumns + ` FROM sync_states WHERE source = ?`
	listSyncStates  = `SELECT ` + syncColumns + ` FROM sync_states ORDER BY source`
)

// ClaimSync gives source to owner until `until`, unless another owner
// holds an unexpired claim (ErrBusy).
func (db *DB) ClaimSync(ctx context.Context, source, owner string, now, until time.Time) (*connectors.SyncState, error) {
	if owner == "" {
		return nil, fmt.Errorf("sqlite: claim sync %s: no owner", source)
	}
	st, err := scanSyncState(db.rw.QueryRowContext(ctx, claimSync, source, owner, formatTime(until), formatTime(now)))
	if errors.Is(err, sql.ErrNoRows) {
		var holder, lease string
		if err := db.rw.QueryRowContext(ctx, selectSyncHolder, source).Scan(&holder, &lease); err != nil {
			return nil, fmt.Errorf("sqlite: claim sync %s: %w", source, err)
		}
		return nil, fmt.Errorf("sqlite: claim sync %s: %w (held by %s until %s)", source, connectors.ErrBusy, holder, lease)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim sync %s: %w", source, err)
	}
	return st, nil
}

// RenewSyncLease extends owner's claim on source.
func (db *DB) RenewSyncLease(ctx context.Context, source, owner string, until time.Time) error {
	res, err := db.rw.ExecContext(ctx, renewSync, formatTime(until), formatTime(time.Now()), source, owner)
	if err == nil {
		err = mustAffect(res, connectors.ErrLeaseLost)
	}
	if err != nil {
		return fmt.Errorf("sqlite: renew sync %s: %w", source, err)
	}
	return nil
}

// SaveSyncState writes st, provided st.Owner holds the source.
func (db *DB) SaveSyncState(ctx context.Context, st *connectors.SyncState) error {
	if err := db.saveSync(ctx, st, st.Owner, st.LeaseUntil); err != nil {
		return fmt.Errorf("sqlite: save sync %s: %w", st.Source, err)
	}
	return nil
}

// ReleaseSync writes st and gives the source up.
func (db *DB) ReleaseSync(ctx context.Context, st *connectors.SyncState) error {
	if err := db.saveSync(ctx, st, "", time.Time{}); err != nil {
		return fmt.Errorf("sqlite: release sync %s: %w", st.Source, err)
	}
	st.Owner, st.LeaseUntil = "", time.Time{}
	return nil
}

func (db *DB) saveSync(ctx context.Context, st *connectors.SyncState, owner string, lease time.Time) error {
	streams, problems, err := encodeSyncJSON(st)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	c := st.Counts
	res, err := db.rw.ExecContext(ctx, saveSync,
		string(st.Status), streams, c.Added, c.Updated, c.Unchanged, c.Deleted, c.Skipped, c.Pages,
		problems, st.LastError, zeroNull(st.StartedAt), zeroNull(st.FinishedAt), zeroNull(st.LastSuccessAt),
		owner, zeroNull(lease), formatTime(now), st.Source, st.Owner)
	if err == nil {
		err = mustAffect(res, connectors.ErrLeaseLost)
	}
	if err == nil {
		st.UpdatedAt = now
	}
	return err
}

// GetSyncState returns a source's state; ErrNotFound when it has none.
func (db *DB) GetSyncState(ctx context.Context, source string) (*connectors.SyncState, error) {
	st, err := scanSyncState(db.ro.QueryRowContext(ctx, selectSyncState, source))
	if errors.Is(err, sql.ErrNoRows) {
		err = connectors.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: get sync %s: %w", source, err)
	}
	return st, nil
}

// ListSyncStates returns every source's state, by source name.
func (db *DB) ListSyncStates(ctx context.Context) ([]*connectors.SyncState, error) {
	rows, err := db.ro.QueryContext(ctx, listSyncStates)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list syncs: %w", err)
	}
	defer rows.Close()
	out := []*connectors.SyncState{}
	for rows.Next() {
		st, err := scanSyncState(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list syncs: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list syncs: %w", err)
	}
	return out, nil
}

func scanSyncState(row interface{ Scan(...any) error }) (*connectors.SyncState, error) {
	var st connectors.SyncState
	var status, streams, problems string
	c := &st.Counts
	err := row.Scan(&st.Source, &status, &streams, &c.Added, &c.Updated, &c.Unchanged, &c.Deleted, &c.Skipped, &c.Pages,
		&problems, &st.LastError, zeroTimeDest{&st.StartedAt}, zeroTimeDest{&st.FinishedAt}, zeroTimeDest{&st.LastSuccessAt},
		&st.Owner, zeroTimeDest{&st.LeaseUntil}, timeDest{&st.UpdatedAt})
	if err != nil {
		return nil, err
	}
	st.Status = connectors.Status(status)
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
	return formatTime(t)
}

// zeroTimeDest scans a nullable time column, NULL as the zero time.
type zeroTimeDest struct{ p *time.Time }

func (d zeroTimeDest) Scan(src any) error {
	if src == nil {
		*d.p = time.Time{}
		return nil
	}
	t, err := parseTime(src)
	*d.p = t
	return err
}
