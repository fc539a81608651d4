package postgres

import (
	"context"
	"fmt"

	"deskpilot/tickets"
)

var _ tickets.KeyStore = (*DB)(nil)

const (
	sqlInsertKey = `INSERT INTO app_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`
	sqlSelectKey = `SELECT value FROM app_keys WHERE name = $1`
)

// AppKey returns the key called name, creating it with gen once; nodes
// racing to create it all read the one that won.
func (db *DB) AppKey(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error) {
	var v []byte
	if err := db.pool.QueryRow(ctx, sqlSelectKey, name).Scan(&v); err == nil {
		return v, nil
	}
	fresh, err := gen()
	if err != nil {
		return nil, err
	}
	if _, err := db.pool.Exec(ctx, sqlInsertKey, name, fresh); err != nil {
		return nil, fmt.Errorf("postgres: store key %s: %w", name, err)
	}
	if err := db.pool.QueryRow(ctx, sqlSelectKey, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("postgres: read key %s: %w", name, err)
	}
	return v, nil
}
