package postgres

import (
	"context"
	"fmt"
	"time"

	"deskpilot/tickets"
)

var _ tickets.SessionStore = (*DB)(nil)

const (
	sqlInsertSession = `INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`
	sqlSelectSession = `SELECT s.csrf, s.created_at, s.expires_at, u.id, u.email, u.name, u.role, u.team, u.language, u.password_hash, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.expires_at > now()`
	sqlExtendSession  = `UPDATE sessions SET expires_at = $2 WHERE id = $1`
	sqlDeleteSession  = `DELETE FROM sessions WHERE id = $1`
	sqlDeleteSessions = `DELETE FROM sessions WHERE user_id = $1`
	sqlPurgeSessions  = `DELETE FROM sessions WHERE expires_at <= now()`
)

// CreateSession stores a session, and drops the expired ones.
func (db *DB) CreateSession(ctx context.Context, s *tickets.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now().UTC()
	}
	if _, err := db.pool.Exec(ctx, sqlPurgeSessions); err != nil {
		return fmt.Errorf("postgres: purge sessions: %w", err)
	}
	if _, err := db.pool.Exec(ctx, sqlInsertSession, s.ID, s.UserID, s.CSRF, s.CreatedAt, s.ExpiresAt); err != nil {
		return fmt.Errorf("postgres: create session: %w", ticketsErr(err))
	}
	return nil
}

// SessionUser returns a live session and its user.
func (db *DB) SessionUser(ctx context.Context, id string) (*tickets.Session, *tickets.User, error) {
	s := &tickets.Session{ID: id}
	u := &tickets.User{}
	err := db.pool.QueryRow(ctx, sqlSelectSession, id).Scan(&s.CSRF, &s.CreatedAt, &s.ExpiresAt,
		&u.ID, &u.Email, &u.Name, &u.Role, &u.Team, &u.Language, &u.PasswordHash, &u.CreatedAt)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: session: %w", ticketsErr(err))
	}
	s.UserID = u.ID
	return s, u, nil
}

// ExtendSession moves a session's expiry.
func (db *DB) ExtendSession(ctx context.Context, id string, expires time.Time) error {
	if _, err := db.pool.Exec(ctx, sqlExtendSession, id, expires); err != nil {
		return fmt.Errorf("postgres: extend session: %w", err)
	}
	return nil
}

// DeleteSession signs a session out.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	if _, err := db.pool.Exec(ctx, sqlDeleteSession, id); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions signs a user out everywhere.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := db.pool.Exec(ctx, sqlDeleteSessions, userID); err != nil {
		return fmt.Errorf("postgres: delete sessions of %d: %w", userID, err)
	}
	return nil
}
