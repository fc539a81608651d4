package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"deskpilot/tickets"
)

// Queries on teams, categories and SLA policies: the desk's configuration.
const (
	upsertTeam = `
INSERT INTO teams (name, description) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET description = excluded.description`

	selectTeams = `SELECT name, description FROM teams ORDER BY name`

	// The parent comes first in EnsureCategories, so the reference holds.
	insertCategory = `
INSERT INTO categories (path, parent) VALUES (?, nullif(?, ''))
ON CONFLICT (path) DO NOTHING`

	selectCategories = `SELECT path FROM categories ORDER BY path`

	upsertSLAPolicy = `
INSERT INTO sla_policies (priority, first_response_ns, resolution_ns) VALUES (?, ?, ?)
ON CONFLICT (priority) DO UPDATE SET
    first_response_ns = excluded.first_response_ns,
    resolution_ns = excluded.resolution_ns`

	selectSLAPolicies = `SELECT priority, first_response_ns, resolution_ns FROM sla_policies ORDER BY priority`
)

// UpsertTeams creates the teams that do not exist and updates the
// description of those that do, in one transaction.
func (db *DB) UpsertTeams(ctx context.Context, teams []tickets.Team) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		st := newStmts(tx)
		defer st.close()
		for _, t := range teams {
			if _, err := st.exec(ctx, upsertTeam, t.Name, t.Description); err != nil {
				return fmt.Errorf("team %q: %w", t.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: upsert teams: %w", ticketErr(err))
	}
	return nil
}

// ListTeams returns every team by name.
func (db *DB) ListTeams(ctx context.Context) ([]tickets.Team, error) {
	rows, err := db.ro.QueryContext(ctx, selectTeams)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list teams: %w", err)
	}
	defer rows.Close()
	var out []tickets.Team
	for rows.Next() {
		var t tickets.Team
		if err := rows.Scan(&t.Name, &t.Description); err != nil {
			return nil, fmt.Errorf("sqlite: list teams: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list teams: %w", err)
	}
	return out, nil
}

// EnsureCategories adds the given paths, cleaned, and their ancestors to
// the taxonomy; existing ones are kept. Empty paths are ignored.
func (db *DB) EnsureCategories(ctx context.Context, paths []string) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		st := newStmts(tx)
		defer st.close()
		for _, p := range paths {
			for _, path := range tickets.Ancestors(tickets.CleanCategoryPath(p)) {
				c := tickets.Category{Path: path}
				if _, err := st.exec(ctx, insertCategory, c.Path, c.Parent()); err != nil {
					return fmt.Errorf("category %q: %w", path, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: ensure categories: %w", ticketErr(err))
	}
	return nil
}

// ListCategories returns the taxonomy, sorted by path.
func (db *DB) ListCategories(ctx context.Context) ([]tickets.Category, error) {
	rows, err := db.ro.QueryContext(ctx, selectCategories)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list categories: %w", err)
	}
	defer rows.Close()
	var out []tickets.Category
	for rows.Next() {
		var c tickets.Category
		if err := rows.Scan(&c.Path); err != nil {
			return nil, fmt.Errorf("sqlite: list categories: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list categories: %w", err)
	}
	return out, nil
}

// SLAPolicies returns one policy per priority of the defaults, the stored
// one where there is one, followed by any stored policy for another
// priority. With nothing stored, that is tickets.DefaultSLAPolicies().
func (db *DB) SLAPolicies(ctx context.Context) ([]tickets.SLAPolicy, error) {
	rows, err := db.ro.QueryContext(ctx, selectSLAPolicies)
	if err != nil {
		return nil, fmt.Errorf("sqlite: sla policies: %w", err)
	}
	defer rows.Close()
	var stored []tickets.SLAPolicy
	for rows.Next() {
		var p tickets.SLAPolicy
		var first, resolution int64
		if err := rows.Scan(&p.Priority, &first, &resolution); err != nil {
			return nil, fmt.Errorf("sqlite: sla policies: %w", err)
		}
		p.FirstResponse, p.Resolution = time.Duration(first), time.Duration(resolution)
		stored = append(stored, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: sla policies: %w", err)
	}
	out := tickets.DefaultSLAPolicies()
	for _, p := range stored {
		if i := slices.IndexFunc(out, func(d tickets.SLAPolicy) bool { return d.Priority == p.Priority }); i >= 0 {
			out[i] = p
		} else {
			out = append(out, p)
		}
	}
	return out, nil
}

// SetSLAPolicy creates or replaces the policy for p.Priority.
func (db *DB) SetSLAPolicy(ctx context.Context, p tickets.SLAPolicy) error {
	_, err := db.rw.ExecContext(ctx, upsertSLAPolicy, string(p.Priority), int64(p.FirstResponse), int64(p.Resolution))
	if err != nil {
		return fmt.Errorf("sqlite: set sla policy %s: %w", p.Priority, ticketErr(err))
	}
	return nil
}
