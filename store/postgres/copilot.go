package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/connectors/copilot"
)

var _ copilot.Store = (*DB)(nil)

const sqlCopilotColumns = `id, system, connector, ticket_id, event_id, status, attempts, last_error, result,
    next_attempt_at, owner, lease_until, created_at, updated_at`

const (
	// A ticket or an event already queued is a conflict on one of the
	// unique keys: nothing is written and no row returned.
	sqlEnqueueCopilotJob = `
INSERT INTO copilot_jobs (system, connector, ticket_id, event_id, status, next_attempt_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT DO NOTHING
RETURNING id`
	// SKIP LOCKED lets the claims of several nodes pass each other: each
	// job goes to one of them.
	sqlClaimCopilotJobs = `
UPDATE copilot_jobs SET status = 'working', owner = $1, lease_until = $2, attempts = attempts + 1, updated_at = $3
WHERE id IN (
    SELECT id FROM copilot_jobs
    WHERE connector = ANY($4::text[])
      AND ((status IN ('queued', 'retry') AND next_attempt_at <= $3)
        OR (status IN ('working', 'writing') AND lease_until <= $3))
    ORDER BY next_attempt_at, id LIMIT $5
    FOR UPDATE SKIP LOCKED)
RETURNING ` + sqlCopilotColumns
	sqlSaveCopilotJob = `
UPDATE copilot_jobs SET status = $1, attempts = $2, last_error = $3, result = $4, next_attempt_at = $5,
    owner = $6, lease_until = $7, updated_at = $8
WHERE id = $9 AND owner = $10 AND owner <> ''`
	sqlListCopilotJobs = `SELECT ` + sqlCopilotColumns + ` FROM copilot_jobs
WHERE ($1 = '' OR status = $1) AND ($2 = '' OR connector = $2)
ORDER BY updated_at DESC, id DESC LIMIT $3`
	sqlCountCopilotJobs = `SELECT status, count(*) FROM copilot_jobs GROUP BY status`
)

// EnqueueCopilotJob queues j unless its ticket or event is queued already.
func (db *DB) EnqueueCopilotJob(ctx context.Context, j *copilot.Job) (bool, error) {
	err := db.pool.QueryRow(ctx, sqlEnqueueCopilotJob, j.System, j.Connector, j.TicketID, j.EventID,
		string(j.Status), j.NextAttemptAt, j.CreatedAt, j.UpdatedAt).Scan(&j.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("postgres: queue copilot job: %w", err)
	}
	return true, nil
}

// ClaimCopilotJobs gives owner up to n due jobs of the connectors named.
func (db *DB) ClaimCopilotJobs(ctx context.Context, owner string, connectors []string, now, until time.Time, n int) ([]*copilot.Job, error) {
	if owner == "" {
		return nil, fmt.Errorf("postgres: claim copilot jobs: no owner")
	}
	rows, err := db.pool.Query(ctx, sqlClaimCopilotJobs, owner, until, now, append([]string{}, connectors...), n)
	if err != nil {
		return nil, fmt.Errorf("postgres: claim copilot jobs: %w", err)
	}
	jobs, err := scanCopilotJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("postgres: claim copilot jobs: %w", err)
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
	tag, err := db.pool.Exec(ctx, sqlSaveCopilotJob, string(j.Status), j.Attempts, j.LastError, j.Result,
		j.NextAttemptAt, j.Owner, j.LeaseUntil, j.UpdatedAt, j.ID, owner)
	if err == nil && tag.RowsAffected() == 0 {
		err = copilot.ErrLeaseLost
	}
	if err != nil {
		return fmt.Errorf("postgres: save copilot job %d: %w", j.ID, err)
	}
	return nil
}

// ListCopilotJobs lists jobs, the latest changed first.
func (db *DB) ListCopilotJobs(ctx context.Context, f copilot.JobFilter) ([]*copilot.Job, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := db.pool.Query(ctx, sqlListCopilotJobs, string(f.Status), f.Connector, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: list copilot jobs: %w", err)
	}
	jobs, err := scanCopilotJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("postgres: list copilot jobs: %w", err)
	}
	return jobs, nil
}

// CountCopilotJobs counts the jobs by status.
func (db *DB) CountCopilotJobs(ctx context.Context) (map[copilot.Status]int, error) {
	rows, err := db.pool.Query(ctx, sqlCountCopilotJobs)
	if err != nil {
		return nil, fmt.Errorf("postgres: count copilot jobs: %w", err)
	}
	defer rows.Close()
	out := map[copilot.Status]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("postgres: count copilot jobs: %w", err)
		}
		out[copilot.Status(s)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: count copilot jobs: %w", err)
	}
	return out, nil
}

// scanCopilotJobs reads rows of sqlCopilotColumns and closes them.
func scanCopilotJobs(rows pgx.Rows) ([]*copilot.Job, error) {
	defer rows.Close()
	jobs := []*copilot.Job{}
	for rows.Next() {
		var j copilot.Job
		var status string
		if err := rows.Scan(&j.ID, &j.System, &j.Connector, &j.TicketID, &j.EventID, &status, &j.Attempts, &j.LastError,
			&j.Result, &j.NextAttemptAt, &j.Owner, &j.LeaseUntil, &j.CreatedAt, &j.UpdatedAt); err != nil {
			return nil, err
		}
		j.Status = copilot.Status(status)
		jobs = append(jobs, &j)
	}
	return jobs, rows.Err()
}
