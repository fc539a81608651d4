package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"deskpilot/tickets"
)

// UpsertTeams creates the teams that do not exist and updates the
// description of those that do. Of a name given twice, the later wins.
func (db *DB) UpsertTeams(ctx context.Context, teams []tickets.Team) error {
	// One statement cannot update a row twice: keep each name's last.
	last := make(map[string]int, len(teams))
	for i, t := range teams {
		last[t.Name] = i
	}
	var names, descriptions []string
	for i, t := range teams {
		if last[t.Name] == i {
			names, descriptions = append(names, t.Name), append(descriptions, t.Description)
		}
	}
	if _, err := db.pool.Exec(ctx, sqlUpsertTeams, names, descriptions); err != nil {
		return fmt.Errorf("postgres: upsert teams: %w", ticketsErr(err))
	}
	return nil
}

// ListTeams returns every team by name.
func (db *DB) ListTeams(ctx context.Context) ([]tickets.Team, error) {
	rows, _ := db.pool.Query(ctx, sqlListTeams)
	teams, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (tickets.Team, error) {
		var t tickets.Team
		err := r.Scan(&t.Name, &t.Description)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list teams: %w", err)
	}
	return teams, nil
}

// EnsureCategories adds the given paths and their ancestors to the
// taxonomy; existing ones are kept. Paths are cleaned first.
func (db *DB) EnsureCategories(ctx context.Context, paths []string) error {
	var all []string
	for _, p := range paths {
		all = append(all, tickets.Ancestors(tickets.CleanCategoryPath(p))...)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	if _, err := db.pool.Exec(ctx, sqlEnsureCategories, all); err != nil {
		return fmt.Errorf("postgres: ensure categories: %w", ticketsErr(err))
	}
	return nil
}

// ListCategories returns the taxonomy, sorted by path.
func (db *DB) ListCategories(ctx context.Context) ([]tickets.Category, error) {
	rows, _ := db.pool.Query(ctx, sqlListCategories)
	cats, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (tickets.Category, error) {
		var c tickets.Category
		err := r.Scan(&c.Path)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list categories: %w", err)
	}
	return cats, nil
}

// SLAPolicies returns the stored policies from the most urgent priority
// down, or the defaults when none are stored.
func (db *DB) SLAPolicies(ctx context.Context) ([]tickets.SLAPolicy, error) {
	rows, _ := db.pool.Query(ctx, sqlSLAPolicies)
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (tickets.SLAPolicy, error) {
		var p tickets.SLAPolicy
		err := r.Scan(&p.Priority, &p.FirstResponse, &p.Resolution)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: sla policies: %w", err)
	}
	if len(ps) == 0 {
		return tickets.DefaultSLAPolicies(), nil
	}
	slices.SortFunc(ps, func(a, b tickets.SLAPolicy) int { return b.Priority.Rank() - a.Priority.Rank() })
	return ps, nil
}

// SetSLAPolicy creates or replaces the policy for p.Priority.
func (db *DB) SetSLAPolicy(ctx context.Context, p tickets.SLAPolicy) error {
	if _, err := db.pool.Exec(ctx, sqlSetSLAPolicy, string(p.Priority), p.FirstResponse, p.Resolution); err != nil {
		return fmt.Errorf("postgres: set sla policy %s: %w", p.Priority, ticketsErr(err))
	}
	return nil
}
