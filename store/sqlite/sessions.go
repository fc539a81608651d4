package sqlite

import (
	"context"
	"fmt"
	"time"

	"deskpilot/tickets"
)

var _ tickets.SessionStore = (*DB)(nil)

const (
	insertSession  = `INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`
	selectSession  = `SELECT s.csrf, s.created_at, s.expires_at, ` + userColumnsU + ` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ?`
	extendSession  = `UPDATE sessions SET expires_at = ? WHERE id = ?`
	deleteSession  = `DELETE FROM sessions WHERE id = ?`
	deleteSessions = `DELETE FROM sessions WHERE user_id = ?`
	purgeSessions  = `DELETE FROM sessions WHERE expires_at <= ?`
	userColumnsU   = `u.id, u.email, u.name, u.role, u.team, u.language, u.password_hash, u.created_at`
)

// CreateSession stores a session, and drops the expired ones.
func (db *DB) CreateSession(ctx context.Context, s *tickets.Session) error {
	now := time.Now().UTC()
	if s.CreatedAt.IsZero() {
		s.CreatedAt = now
	}
	if _, err := db.rw.ExecContext(ctx, purgeSessions, formatTime(now)); err != nil {
		return fmt.Errorf("sqlite: purge sessions: %w", err)
	}
	if _, err := db.rw.ExecContext(ctx, insertSession, s.ID, s.UserID, s.CSRF, formatTime(s.CreatedAt), formatTime(s.ExpiresAt)); err != nil {
		return fmt.Errorf("sqlite: create session: %w", ticketErr(err))
	}
	return nil
}

// SessionUser returns a live session and its user.
func (db *DB) SessionUser(ctx context.Context, id string) (*tickets.Session, *tickets.User, error) {
	s := &tickets.Session{ID: id}
	u := &tickets.User{}
	err := db.ro.QueryRowContext(ctx, selectSession, id, formatTime(time.Now())).Scan(&s.CSRF, timeDest{&s.CreatedAt}, timeDest{&s.ExpiresAt},
		&u.ID, &u.Email, &u.Name, &u.Role, &u.Team, &u.Language, &u.PasswordHash, timeDest{&u.CreatedAt})
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: session: %w", ticketErr(err))
	}
	s.UserID = u.ID
	return s, u, nil
}

// ExtendSession moves a session's expiry.
func (db *DB) ExtendSession(ctx context.Context, id string, expires time.Time) error {
	if _, err := db.rw.ExecContext(ctx, extendSession, formatTime(expires), id); err != nil {
		return fmt.Errorf("sqlite: extend session: %w", err)
	}
	return nil
}

// DeleteSession signs a session out.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	if _, err := db.rw.ExecContext(ctx, deleteSession, id); err != nil {
		return fmt.Errorf("sqlite: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions signs a user out everywhere.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := db.rw.ExecContext(ctx, deleteSessions, userID); err != nil {
		return fmt.Errorf("sqlite: delete sessions of %d: %w", userID, err)
	}
	return nil
}
