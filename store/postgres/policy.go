package postgres

import (
	"context"
	"fmt"

	"deskpilot/assistant"
)

var _ assistant.PolicyStore = (*DB)(nil)

const (
	selectRules = `SELECT category, mode, threshold FROM rollout_rules`
	upsertRule  = `INSERT INTO rollout_rules (category, mode, threshold, updated_at) VALUES ($1, $2, $3, now())
		ON CONFLICT (category) DO UPDATE SET mode = excluded.mode, threshold = excluded.threshold, updated_at = now()`
	deleteRule = `DELETE FROM rollout_rules WHERE category = $1`
)

// Policy returns the stored rollout policy, the default where none is set.
func (db *DB) Policy(ctx context.Context) (assistant.Policy, error) {
	p := assistant.DefaultPolicy()
	rows, err := db.pool.Query(ctx, selectRules)
	if err != nil {
		return p, fmt.Errorf("postgres: policy: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var r assistant.Rule
		if err := rows.Scan(&c, &r.Mode, &r.Threshold); err != nil {
			return p, fmt.Errorf("postgres: policy: %w", err)
		}
		if c == "" {
			p.Default = r
			continue
		}
		if p.Categories == nil {
			p.Categories = map[string]assistant.Rule{}
		}
		p.Categories[c] = r
	}
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("postgres: policy: %w", err)
	}
	return p, nil
}

// SetRule sets the rule of a category, "" for the default.
func (db *DB) SetRule(ctx context.Context, category string, r assistant.Rule) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if _, err := db.pool.Exec(ctx, upsertRule, category, string(r.Mode), r.Threshold); err != nil {
		return fmt.Errorf("postgres: set rule %q: %w", category, err)
	}
	return nil
}

// DeleteRule removes a category's own rule; removing the default's restores
// the built-in default.
func (db *DB) DeleteRule(ctx context.Context, category string) error {
	if _, err := db.pool.Exec(ctx, deleteRule, category); err != nil {
		return fmt.Errorf("postgres: delete rule %q: %w", category, err)
	}
	return nil
}
