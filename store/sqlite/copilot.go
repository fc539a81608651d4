package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"deskpilot/connectors/copilot"
)

var _ copilot.Store = (*DB)(nil)

const copilotColumns = `id, system, connector, ticket_id, event_id, status, attempts, last_error, result,
    next_attempt_at, owner, lease_until, created_at, updated_at`

const (
	// A ticket or an event already queued is a conflict on one of the
	// unique keys: nothing is written.
	insertCopilotJob = `
INSERT INTO copilot_jobs (system, connector, ticket_id, event_id, status, next_attempt_at, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
RETURNING id`
	// The process is the only writer: the claim needs no row locks.
	claimCopilotJobs = `
UPDATE copilot_jobs SET status = 'working', owner = ?1, lease_until = ?2, attempts = attempts + 1, updated_at = ?3
WHERE id IN (
    SELECT id FROM copilot_jobs
    WHERE connector IN (SELECT value FROM json_each(?4))
      AND ((status IN ('queued', 'retry') AND next_attempt_at <= ?3)
        OR (status IN ('working', 'writing') AND lease_until <= ?3))
    ORDER BY next_attempt_at, id LIMIT ?5)
RETURNING ` + copilotColumns
	saveCopilotJob = `
UPDATE copilot_jobs SET status = ?, attempts = ?, last_error = ?, result = ?, next_attempt_at = ?,
    owner = ?, lease_until = ?, updated_at = ?
WHERE id = ? AND owner = ? AND owner <> ''`
	listCopilotJobs = `SELECT ` + copilotColumns + ` FROM copilot_jobs
WHERE (?1 = '' OR status = ?1) AND (?2 = '' OR connector = ?2)
ORDER BY updated_at DESC, id DESC LIMIT ?3`
	countCopilotJobs = `SELECT status, count(*) FROM copilot_jobs GROUP BY status`
)

// EnqueueCopilotJob queues j unless its ticket or event is queued already.
func (db *DB) EnqueueCopilotJob(ctx context.Context, j *copilot.Job) (bool, error) {
	rows, err := db.rw.QueryContext(ctx, insertCopilotJob, j.System, j.Connector, j.TicketID, j.EventID,
		string(j.Status), formatTime(j.NextAttemptAt), formatTime(j.CreatedAt), formatTime(j.UpdatedAt))
	if err != nil {
		return false, fmt.Errorf("sqlite: queue copilot job: %w", err)
	}
	defer rows.Close()
	created := rows.Next()
	if created {
		err = rows.Scan(&j.ID)
	}
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: queue copilot job: %w", err)
	}
	return created, nil
}

// ClaimCopilotJobs gives owner up to n due jobs of the connectors named.
func (db *DB) ClaimCopilotJobs(ctx context.Context, owner string, connectors []string, now, until time.Time, n int) ([]*copilot.Job, error) {
	if owner == "" {
		return nil, fmt.Errorf("sqlite: claim copilot jobs: no owner")
	}
	names, err := json.Marshal(append([]string{}, connectors...))
	if err != nil {
		return nil, err
	}
	rows, err := db.rw.QueryContext(ctx, claimCopilotJobs, owner, formatTime(until), formatTime(now), string(names), n)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim copilot jobs: %w", err)
	}
	jobs, err := scanCopilotJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim copilot jobs: %w", err)
	}
	// RETURNING does not keep the subquery's order.
	slices.SortFunc(jobs, func(a, b *copilot.Job) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return jobs, nil
}

// SaveCopilotJob writes j, provided owner holds it.
func (db *DB) SaveCopilotJob(ctx context.Context, owner string, j *copilot.Job) error {
	res, err := db.rw.ExecContext(ctx, saveCopilotJob, string(j.Status), j.Attempts, j.LastError, j.Result,
		formatTime(j.NextAttemptAt), j.Owner, formatTimePtr(j.LeaseUntil), formatTime(j.UpdatedAt), j.ID, owner)
	if err == nil {
		err = mustAffect(res, copilot.ErrLeaseLost)
	}
	if err != nil {
		return fmt.Errorf("sqlite: save copilot job %d: %w", j.ID, err)
	}
	return nil
}

// ListCopilotJobs lists jobs, the latest changed first.
func (db *DB) ListCopilotJobs(ctx context.Context, f copilot.JobFilter) ([]*copilot.Job, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := db.ro.QueryContext(ctx, listCopilotJobs, string(f.Status), f.Connector, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list copilot jobs: %w", err)
	}
	jobs, err := scanCopilotJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list copilot jobs: %w", err)
	}
	return jobs, nil
}

// CountCopilotJobs counts the jobs by status.
func (db *DB) CountCopilotJobs(ctx context.Context) (map[copilot.Status]int, error) {
	rows, err := db.ro.QueryContext(ctx, countCopilotJobs)
	if err != nil {
		return nil, fmt.Errorf("sqlite: count copilot jobs: %w", err)
	}
	defer rows.Close()
	out := map[copilot.Status]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("sqlite: count copilot jobs: %w", err)
		}
		out[copilot.Status(s)] = n
	}
	return out, rows.Err()
}

// scanCopilotJobs reads rows of copilotColumns and closes them.
func scanCopilotJobs(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]*copilot.Job, error) {
	defer rows.Close()
	jobs := []*copilot.Job{}
	for rows.Next() {
		var j copilot.Job
		var status string
		if err := rows.Scan(&j.ID, &j.System, &j.Connector, &j.TicketID, &j.EventID, &status, &j.Attempts, &j.LastError,
			&j.Result, timeDest{&j.NextAttemptAt}, &j.Owner, nullTimeDest{&j.LeaseUntil}, timeDest{&j.CreatedAt}, timeDest{&j.UpdatedAt}); err != nil {
			return nil, err
		}
		j.Status = copilot.Status(status)
		jobs = append(jobs, &j)
	}
	return jobs, rows.Err()
}
