package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"deskpilot/simulation"
)

var _ simulation.Queue = (*DB)(nil)

const (
	sqlSimPrepare = `INSERT INTO sim_items (run_id, position, ticket_id)
		SELECT $1, p - 1, id FROM unnest($2::text[]) WITH ORDINALITY AS u(id, p)
		ON CONFLICT (run_id, ticket_id) DO NOTHING`
	// A claim takes the oldest tickets without a result whose claim is
	// free or expired; SKIP LOCKED lets concurrent claims pass each other.
	sqlSimClaim = `UPDATE sim_items SET owner = $2, lease_end = now() + $4 * interval '1 millisecond'
		WHERE (run_id, ticket_id) IN (
			SELECT run_id, ticket_id FROM sim_items
			WHERE run_id = $1 AND result IS NULL AND (lease_end IS NULL OR lease_end < now())
			ORDER BY position LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING ticket_id, position`
	sqlSimComplete = `UPDATE sim_items SET result = $3, done_at = now(), owner = NULL, lease_end = NULL
		WHERE run_id = $1 AND ticket_id = $2`
	sqlSimProgress = `SELECT count(*) FILTER (WHERE result IS NOT NULL), count(*) FROM sim_items WHERE run_id = $1`
	sqlSimResults  = `SELECT result FROM sim_items WHERE run_id = $1 AND result IS NOT NULL ORDER BY position`
	sqlSimDiscard  = `DELETE FROM sim_items WHERE run_id = $1`
)

// Discard forgets a run.
func (db *DB) Discard(ctx context.Context, run string) error {
	if _, err := db.pool.Exec(ctx, sqlSimDiscard, run); err != nil {
		return fmt.Errorf("postgres: discard simulation %s: %w", run, err)
	}
	return nil
}

// Prepare records a simulation run's tickets once.
func (db *DB) Prepare(ctx context.Context, run string, ids []string) error {
	if _, err := db.pool.Exec(ctx, sqlSimPrepare, run, ids); err != nil {
		return fmt.Errorf("postgres: prepare simulation %s: %w", run, err)
	}
	return nil
}

// Claim reserves up to n pending tickets of a run for owner.
func (db *DB) Claim(ctx context.Context, run, owner string, n int, lease time.Duration) ([]string, error) {
	rows, err := db.pool.Query(ctx, sqlSimClaim, run, owner, n, lease.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("postgres: claim simulation tickets: %w", err)
	}
	defer rows.Close()
	type item struct {
		id  string
		pos int
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.id, &it.pos); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: claim simulation tickets: %w", err)
	}
	// RETURNING does not keep the subquery's order.
	slices.SortFunc(items, func(a, b item) int { return a.pos - b.pos })
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.id
	}
	return out, nil
}

// Complete stores a ticket's result.
func (db *DB) Complete(ctx context.Context, run string, r simulation.Result) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if _, err := db.pool.Exec(ctx, sqlSimComplete, run, r.ID, b); err != nil {
		return fmt.Errorf("postgres: store simulation result %s: %w", r.ID, err)
	}
	return nil
}

// Progress counts a run's results and tickets.
func (db *DB) Progress(ctx context.Context, run string) (done, total int, err error) {
	if err := db.pool.QueryRow(ctx, sqlSimProgress, run).Scan(&done, &total); err != nil {
		return 0, 0, fmt.Errorf("postgres: simulation progress: %w", err)
	}
	return done, total, nil
}

// Results returns a run's stored results, in replay order.
func (db *DB) Results(ctx context.Context, run string) ([]simulation.Result, error) {
	rows, err := db.pool.Query(ctx, sqlSimResults, run)
	if err != nil {
		return nil, fmt.Errorf("postgres: simulation results: %w", err)
	}
	defer rows.Close()
	var out []simulation.Result
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		var r simulation.Result
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("postgres: simulation result: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
