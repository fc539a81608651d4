package tickets

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do.
type Role string

// The roles, from least to most privileged.
const (
	RoleRequester Role = "requester"
	RoleAgent     Role = "agent"
	RoleAdmin     Role = "admin"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleRequester || r == RoleAgent || r == RoleAdmin }

// AtLeast reports whether r has the privileges of min: admins can do what
// agents can, agents what requesters can.
func (r Role) AtLeast(min Role) bool { return rank(r) >= rank(min) }

func rank(r Role) int {
	switch r {
	case RoleRequester:
		return 1
	case RoleAgent:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// User is a person who uses the desk. PasswordHash is empty for users who
// cannot log in (such as requesters known only from imported tickets).
type User struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	Team         string    `json:"team,omitempty"` // an agent's home team
	Language     string    `json:"language,omitempty"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// NormalizeEmail lower-cases and trims an address so that lookups match.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Team is an assignment group that works a queue of tickets.
type Team struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// Category is one node of the admin's taxonomy, named by its full path
// ("Network/VPN"). Parent is the path above it, "" for a root.
type Category struct {
	Path string `json:"path"`
}

// Parent returns the category's parent path, "" for a root.
func (c Category) Parent() string {
	if i := strings.LastIndex(c.Path, "/"); i >= 0 {
		return c.Path[:i]
	}
	return ""
}

// Name returns the last segment of the path.
func (c Category) Name() string {
	return c.Path[strings.LastIndex(c.Path, "/")+1:]
}

// CleanCategoryPath trims the segments of a path and drops empty ones, so
// that " Network / VPN/" and "Network/VPN" name the same category.
func CleanCategoryPath(p string) string {
	segs := strings.Split(p, "/")
	out := segs[:0]
	for _, s := range segs {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "/")
}

// Ancestors returns every path from the root down to p, p included:
// "A/B/C" gives "A", "A/B", "A/B/C".
func Ancestors(p string) []string {
	var out []string
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			out = append(out, p[:i])
		}
	}
	if p != "" {
		out = append(out, p)
	}
	return out
}

// APIToken lets an integration act as a user. Only the SHA-256 of the
// token is stored; the token itself is shown once, when it is made.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Hash       string     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// TokenStore persists API tokens.
type TokenStore interface {
	// CreateAPIToken stores a token (its Hash set) and sets its ID.
	CreateAPIToken(ctx context.Context, t *APIToken) error
	// UserByTokenHash returns the user a token hash belongs to, and records
	// the use; ErrNotFound when no token has that hash.
	UserByTokenHash(ctx context.Context, hash string) (*User, error)
}
