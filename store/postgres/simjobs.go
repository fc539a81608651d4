package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/simulation"
	"deskpilot/tickets"
)

var _ simulation.JobStore = (*DB)(nil)

// The simulation jobs' SQL. A job's progress is counted from its run's
// sim_items, whose run_id is the job's id. Leases are on the database's
// clock, which every node shares.
const (
	sqlJobColumns = `j.id, j.spec, j.status, j.phase, j.error, coalesce(j.owner, ''), j.lease_end,
    j.created_at, j.updated_at, j.finished_at, coalesce(p.done, 0), coalesce(p.total, 0)`
	sqlJobFrom = ` FROM sim_jobs j LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE result IS NOT NULL) AS done, count(*) AS total FROM sim_items WHERE run_id = j.id) p ON true`
	sqlCreateJob  = `INSERT INTO sim_jobs (id, spec, status, created_at, updated_at) VALUES ($1, $2, 'queued', $3, $4)`
	sqlRequeueJob = `UPDATE sim_jobs SET status = 'queued', phase = '', error = '', owner = NULL, lease_end = NULL,
    finished_at = NULL, updated_at = now() WHERE id = $1 AND status IN ('failed', 'interrupted')`
	// A job that ended has no live worker: the claims its nodes left on
	// its tickets are handed out at once when it is requeued.
	sqlFreeJobClaims = `UPDATE sim_items SET owner = NULL, lease_end = NULL WHERE run_id = $1 AND result IS NULL`
	sqlGetJob        = `SELECT ` + sqlJobColumns + sqlJobFrom + ` WHERE j.id = $1`
	sqlListJobs      = `SELECT ` + sqlJobColumns + sqlJobFrom + ` ORDER BY j.created_at DESC, j.id DESC`
	sqlActiveJob     = `SELECT ` + sqlJobColumns + sqlJobFrom + ` WHERE j.status IN ('queued', 'running')`
	// sqlHoldJob takes a lease that is free, expired or owner's own.
	sqlHoldJob = `UPDATE sim_jobs SET status = 'running', owner = $2, lease_end = now() + $3 * interval '1 millisecond',
    phase = CASE WHEN $4::text = '' THEN phase ELSE $4::text END, updated_at = now()
WHERE id = $1 AND status IN ('queued', 'running') AND (owner IS NULL OR owner = $2 OR lease_end < now())`
	sqlReleaseJob    = `UPDATE sim_jobs SET owner = NULL, lease_end = NULL WHERE id = $1 AND owner = $2`
	sqlReleaseClaims = `UPDATE sim_items SET owner = NULL, lease_end = NULL WHERE run_id = $1 AND owner = $2 AND result IS NULL`
	sqlFinishJob     = `UPDATE sim_jobs SET status = 'done', phase = '', owner = NULL, lease_end = NULL,
    finished_at = now(), updated_at = now() WHERE id = $1 AND owner = $2 AND status = 'running' AND lease_end >= now()`
	sqlSaveJobFile = `INSERT INTO sim_files (job_id, name, content) VALUES ($1, $2, $3)
ON CONFLICT (job_id, name) DO UPDATE SET content = excluded.content`
	sqlFailJob = `UPDATE sim_jobs SET status = 'failed', error = $2, phase = '', owner = NULL, lease_end = NULL,
    finished_at = now(), updated_at = now() WHERE id = $1 AND status IN ('queued', 'running')`
	sqlJobFile = `SELECT content FROM sim_files WHERE job_id = $1 AND name = $2`
)

// CreateJob records a queued job; the database refuses a second active
// one (sim_jobs_one_active).
func (db *DB) CreateJob(ctx context.Context, j *simulation.Job) error {
	if _, err := db.pool.Exec(ctx, sqlCreateJob, j.ID, []byte(j.Spec), j.Created, j.Updated); err != nil {
		return fmt.Errorf("postgres: create simulation %s: %w", j.ID, ticketsErr(err))
	}
	return nil
}

// RequeueJob queues a failed or interrupted job again, and frees the
// claims left on its tickets.
func (db *DB) RequeueJob(ctx context.Context, id string) error {
	var requeued bool
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, sqlRequeueJob, id)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		requeued = true
		_, err = tx.Exec(ctx, sqlFreeJobClaims, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: requeue simulation %s: %w", id, ticketsErr(err))
	}
	if !requeued {
		if _, err := db.Job(ctx, id); err != nil {
			return err
		}
		return fmt.Errorf("postgres: requeue simulation %s: neither failed nor interrupted: %w", id, tickets.ErrConflict)
	}
	return nil
}

// Job returns one job with its progress.
func (db *DB) Job(ctx context.Context, id string) (*simulation.Job, error) {
	j, err := scanJob(db.pool.QueryRow(ctx, sqlGetJob, id))
	if err != nil {
		return nil, fmt.Errorf("postgres: simulation %s: %w", id, ticketsErr(err))
	}
	return j, nil
}

// ActiveJob returns the job queued or running.
func (db *DB) ActiveJob(ctx context.Context) (*simulation.Job, error) {
	j, err := scanJob(db.pool.QueryRow(ctx, sqlActiveJob))
	if err != nil {
		return nil, fmt.Errorf("postgres: active simulation: %w", ticketsErr(err))
	}
	return j, nil
}

// Jobs returns every job, newest first.
func (db *DB) Jobs(ctx context.Context) ([]*simulation.Job, error) {
	rows, err := db.pool.Query(ctx, sqlListJobs)
	if err != nil {
		return nil, fmt.Errorf("postgres: list simulations: %w", err)
	}
	defer rows.Close()
	var out []*simulation.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: list simulations: %w", err)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: list simulations: %w", err)
	}
	return out, nil
}

// HoldJob takes or renews the lease of an active job for owner.
func (db *DB) HoldJob(ctx context.Context, id, owner, phase string, lease time.Duration) (bool, error) {
	if owner == "" {
		return false, fmt.Errorf("postgres: hold simulation %s: no owner", id)
	}
	tag, err := db.pool.Exec(ctx, sqlHoldJob, id, owner, lease.Milliseconds(), phase)
	if err != nil {
		return false, fmt.Errorf("postgres: hold simulation %s: %w", id, err)
	}
	return tag.RowsAffected() == 1, nil
}

// ReleaseJob ends owner's lease and its claims on the job's tickets, so
// that the other nodes go on at once rather than when they expire.
func (db *DB) ReleaseJob(ctx context.Context, id, owner string) error {
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, sqlReleaseJob, id, owner); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, sqlReleaseClaims, id, owner)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: release simulation %s: %w", id, err)
	}
	return nil
}

// FinishJob stores the report files and marks the job done in one
// transaction, so that a done job always has its report.
func (db *DB) FinishJob(ctx context.Context, id, owner string, files map[string][]byte) error {
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, sqlFinishJob, id, owner)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%s does not hold the lease: %w", owner, tickets.ErrConflict)
		}
		for name, b := range files {
			if _, err := tx.Exec(ctx, sqlSaveJobFile, id, name, b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: finish simulation %s: %w", id, err)
	}
	return nil
}

// FailJob marks an active job failed.
func (db *DB) FailJob(ctx context.Context, id, reason string) error {
	if _, err := db.pool.Exec(ctx, sqlFailJob, id, reason); err != nil {
		return fmt.Errorf("postgres: fail simulation %s: %w", id, err)
	}
	return nil
}

// JobFile returns one of a job's report files.
func (db *DB) JobFile(ctx context.Context, id, name string) ([]byte, error) {
	var b []byte
	if err := db.pool.QueryRow(ctx, sqlJobFile, id, name).Scan(&b); err != nil {
		return nil, fmt.Errorf("postgres: simulation %s: %s: %w", id, name, ticketsErr(err))
	}
	return b, nil
}

// scanJob reads the columns of sqlJobColumns.
func scanJob(row pgx.Row) (*simulation.Job, error) {
	var j simulation.Job
	var spec []byte
	var lease *time.Time
	err := row.Scan(&j.ID, &spec, &j.Status, &j.Phase, &j.Error, &j.Owner, &lease,
		&j.Created, &j.Updated, &j.Finished, &j.Done, &j.Total)
	if err != nil {
		return nil, err
	}
	j.Spec = spec
	if lease != nil {
		j.LeaseEnd = *lease
	}
	return &j, nil
}
