package sqlite

import (
	"context"
	"fmt"
	"time"

	"deskpilot/tickets"
)

// Queries on users. E-mail addresses are stored normalized
// (tickets.NormalizeEmail), so that the unique index sees "Ana@x" and "ana@x"
// as one address.
const (
	userColumns = `id, email, name, role, team, language, password_hash, created_at`

	selectUserByID    = `SELECT ` + userColumns + ` FROM users WHERE id = ?`
	selectUserByEmail = `SELECT ` + userColumns + ` FROM users WHERE email = ?`
	selectUsers       = `SELECT ` + userColumns + ` FROM users ORDER BY email`
	selectUsersByRole = `SELECT ` + userColumns + ` FROM users WHERE role = ? ORDER BY email`

	insertUser = `
INSERT INTO users (email, name, role, team, language, password_hash, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?)`

	updateUser = `
UPDATE users SET email = ?, name = ?, role = ?, team = ?, language = ?, password_hash = ?
WHERE id = ?`
)

func scanUser(row interface{ Scan(...any) error }) (*tickets.User, error) {
	u := &tickets.User{}
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Team, &u.Language, &u.PasswordHash, timeDest{&u.CreatedAt})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUser stores a new user with its e-mail normalized, and sets its ID
// (and CreatedAt, when zero). ErrConflict when the e-mail is taken.
func (db *DB) CreateUser(ctx context.Context, u *tickets.User) error {
	email, created := tickets.NormalizeEmail(u.Email), u.CreatedAt
	if created.IsZero() {
		created = time.Now().UTC()
	}
	res, err := db.rw.ExecContext(ctx, insertUser,
		email, u.Name, string(u.Role), u.Team, u.Language, u.PasswordHash, formatTime(created))
	var id int64
	if err == nil {
		id, err = res.LastInsertId()
	}
	if err != nil {
		return fmt.Errorf("sqlite: create user %s: %w", email, ticketErr(err))
	}
	u.ID, u.Email, u.CreatedAt = id, email, created
	return nil
}

// GetUser returns a user by ID.
func (db *DB) GetUser(ctx context.Context, id int64) (*tickets.User, error) {
	u, err := scanUser(db.ro.QueryRowContext(ctx, selectUserByID, id))
	if err != nil {
		return nil, fmt.Errorf("sqlite: get user %d: %w", id, ticketErr(err))
	}
	return u, nil
}

// GetUserByEmail returns a user by e-mail address, normalized first.
func (db *DB) GetUserByEmail(ctx context.Context, email string) (*tickets.User, error) {
	email = tickets.NormalizeEmail(email)
	u, err := scanUser(db.ro.QueryRowContext(ctx, selectUserByEmail, email))
	if err != nil {
		return nil, fmt.Errorf("sqlite: get user %s: %w", email, ticketErr(err))
	}
	return u, nil
}

// UpdateUser saves a user's fields (all but CreatedAt). ErrConflict when
// the new e-mail is another user's.
func (db *DB) UpdateUser(ctx context.Context, u *tickets.User) error {
	email := tickets.NormalizeEmail(u.Email)
	res, err := db.rw.ExecContext(ctx, updateUser,
		email, u.Name, string(u.Role), u.Team, u.Language, u.PasswordHash, u.ID)
	if err == nil {
		err = mustAffect(res, tickets.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sqlite: update user %d: %w", u.ID, ticketErr(err))
	}
	u.Email = email
	return nil
}

// ListUsers returns users with the given role ("" for all), by e-mail.
func (db *DB) ListUsers(ctx context.Context, role tickets.Role) ([]*tickets.User, error) {
	query, args := selectUsers, []any(nil)
	if role != "" {
		query, args = selectUsersByRole, []any{string(role)}
	}
	rows, err := db.ro.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list users: %w", err)
	}
	defer rows.Close()
	var out []*tickets.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list users: %w", err)
	}
	return out, nil
}
