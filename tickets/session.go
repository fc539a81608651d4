package tickets

import (
	"context"
	"time"
)

// Session is a signed-in browser. Only a hash of the cookie's secret is
// stored, so a leaked database opens no session.
type Session struct {
	ID        string    // SHA-256 of the cookie value
	UserID    int64     //
	CSRF      string    // the token the session's forms and scripts echo
	CreatedAt time.Time //
	ExpiresAt time.Time // sliding: pushed out as the session is used
}

// SessionStore keeps sessions. Implementations return ErrNotFound for a
// missing or expired session.
type SessionStore interface {
	CreateSession(ctx context.Context, s *Session) error
	// SessionUser returns a live session and its user.
	SessionUser(ctx context.Context, id string) (*Session, *User, error)
	// ExtendSession moves a session's expiry.
	ExtendSession(ctx context.Context, id string, expires time.Time) error
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions signs a user out everywhere (password change).
	DeleteUserSessions(ctx context.Context, userID int64) error
}

// KeyStore keeps the desk's own secret keys, shared by every node of a
// desk (the key that signs suggestion ids, for one).
type KeyStore interface {
	// AppKey returns the key called name, storing gen's result first when
	// there is none yet. Nodes racing to create it all get the one stored.
	AppKey(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error)
}
