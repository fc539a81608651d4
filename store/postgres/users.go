package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"deskpilot/tickets"
)

// CreateUser stores a new user and sets its ID, and CreatedAt when it is
// zero; ErrConflict when the e-mail is taken. The e-mail is normalized.
func (db *DB) CreateUser(ctx context.Context, u *tickets.User) error {
	u.Email = tickets.NormalizeEmail(u.Email)
	var created *time.Time
	if !u.CreatedAt.IsZero() {
		created = &u.CreatedAt
	}
	err := db.pool.QueryRow(ctx, sqlInsertUser,
		u.Email, u.Name, string(u.Role), u.Team, u.Language, u.PasswordHash, created).Scan(&u.ID, &u.CreatedAt)
	if err != nil {
		return fmt.Errorf("postgres: create user: %w", ticketsErr(err))
	}
	return nil
}

// GetUser returns a user by ID.
func (db *DB) GetUser(ctx context.Context, id int64) (*tickets.User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, sqlGetUser, id))
	if err != nil {
		return nil, fmt.Errorf("postgres: get user %d: %w", id, ticketsErr(err))
	}
	return u, nil
}

// GetUserByEmail returns a user by normalized e-mail address.
func (db *DB) GetUserByEmail(ctx context.Context, email string) (*tickets.User, error) {
	u, err := scanUser(db.pool.QueryRow(ctx, sqlGetUserByEmail, tickets.NormalizeEmail(email)))
	if err != nil {
		return nil, fmt.Errorf("postgres: get user by e-mail: %w", ticketsErr(err))
	}
	return u, nil
}

// UpdateUser saves a user's fields (all but ID and CreatedAt).
func (db *DB) UpdateUser(ctx context.Context, u *tickets.User) error {
	u.Email = tickets.NormalizeEmail(u.Email)
	tag, err := db.pool.Exec(ctx, sqlUpdateUser,
		u.Email, u.Name, string(u.Role), u.Team, u.Language, u.PasswordHash, u.ID)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	if err != nil {
		return fmt.Errorf("postgres: update user %d: %w", u.ID, ticketsErr(err))
	}
	return nil
}

// ListUsers returns users with the given role ("" for all), by e-mail.
func (db *DB) ListUsers(ctx context.Context, role tickets.Role) ([]*tickets.User, error) {
	rows, _ := db.pool.Query(ctx, sqlListUsers, string(role))
	us, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*tickets.User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	return us, nil
}

// scanUser reads the columns of userColumns.
func scanUser(row pgx.Row) (*tickets.User, error) {
	var u tickets.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Team, &u.Language, &u.PasswordHash, &u.CreatedAt)
	if err != nil {
		return nil, err
	}
	return &u, nil
}
