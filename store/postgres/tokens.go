package postgres

import (
	"context"
	"fmt"
	"time"

	"deskpilot/tickets"
)

var _ tickets.TokenStore = (*DB)(nil)

const (
	sqlInsertToken = `INSERT INTO api_tokens (user_id, name, token_hash) VALUES ($1, $2, $3) RETURNING id, created_at`
	// sqlUserByToken records the use in the same statement as the lookup.
	sqlUserByToken = `WITH t AS (
	UPDATE api_tokens SET last_used_at = now() WHERE token_hash = $1 RETURNING user_id)
SELECT ` + userColumns + ` FROM users WHERE id = (SELECT user_id FROM t)`
)

// CreateAPIToken stores a token by its hash and sets its ID and CreatedAt;
// ErrConflict when the hash exists, ErrNotFound when the user does not.
func (db *DB) CreateAPIToken(ctx context.Context, t *tickets.APIToken) error {
	var created time.Time
	if err := db.pool.QueryRow(ctx, sqlInsertToken, t.UserID, t.Name, t.Hash).Scan(&t.ID, &created); err != nil {
		return fmt.Errorf("postgres: create api token: %w", ticketsErr(err))
	}
	t.CreatedAt = created
	return nil
}

// UserByTokenHash returns the user a token hash belongs to.
func (db *DB) UserByTokenHash(ctx context.Context, hash string) (*tickets.User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, sqlUserByToken, hash))
	if err != nil {
		return nil, fmt.Errorf("postgres: user by api token: %w", ticketsErr(err))
	}
	return u, nil
}
