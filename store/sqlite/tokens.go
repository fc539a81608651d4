package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"deskpilot/tickets"
)

var _ tickets.TokenStore = (*DB)(nil)

const (
	insertToken     = `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`
	selectTokenUser = `SELECT user_id FROM api_tokens WHERE token_hash = ?`
	touchToken      = `UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?`
)

// CreateAPIToken stores a token by its hash and sets its ID and CreatedAt;
// ErrConflict when the hash exists, ErrNotFound when the user does not.
func (db *DB) CreateAPIToken(ctx context.Context, t *tickets.APIToken) error {
	t.CreatedAt = time.Now().UTC()
	res, err := db.rw.ExecContext(ctx, insertToken, t.UserID, t.Name, t.Hash, formatTime(t.CreatedAt))
	if err == nil {
		t.ID, err = res.LastInsertId()
	}
	if err != nil {
		return fmt.Errorf("sqlite: create api token: %w", ticketErr(err))
	}
	return nil
}

// UserByTokenHash returns the user a token hash belongs to and records the
// use. The use is written at most once a minute per token, so that API
// traffic does not queue behind the single writer.
func (db *DB) UserByTokenHash(ctx context.Context, hash string) (*tickets.User, error) {
	var userID int64
	if err := db.ro.QueryRowContext(ctx, selectTokenUser, hash).Scan(&userID); err != nil {
		return nil, fmt.Errorf("sqlite: user by api token: %w", ticketErr(err))
	}
	u, err := db.GetUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	if db.tokenSeen(hash) {
		if _, err := db.rw.ExecContext(ctx, touchToken, formatTime(time.Now().UTC()), hash); err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("sqlite: record api token use: %w", err)
		}
	}
	return u, nil
}

// tokenSeen reports whether the use of a token should be written now: the
// first time, and then at most once a minute.
func (db *DB) tokenSeen(hash string) bool {
	db.tokensMu.Lock()
	defer db.tokensMu.Unlock()
	now := time.Now()
	if last, ok := db.tokensUsed[hash]; ok && now.Sub(last) < time.Minute {
		return false
	}
	if db.tokensUsed == nil {
		db.tokensUsed = map[string]time.Time{}
	}
	db.tokensUsed[hash] = now
	return true
}
