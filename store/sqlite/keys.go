package sqlite

import (
	"context"
	"fmt"
	"time"

	"deskpilot/tickets"
)

var _ tickets.KeyStore = (*DB)(nil)

const (
	insertKey = `INSERT INTO app_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`
	selectKey = `SELECT value FROM app_keys WHERE name = ?`
)

// AppKey returns the key called name, creating it with gen once.
func (db *DB) AppKey(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error) {
	var v []byte
	if err := db.ro.QueryRowContext(ctx, selectKey, name).Scan(&v); err == nil {
		return v, nil
	}
	fresh, err := gen()
	if err != nil {
		return nil, err
	}
	if _, err := db.rw.ExecContext(ctx, insertKey, name, fresh, formatTime(time.Now())); err != nil {
		return nil, fmt.Errorf("sqlite: store key %s: %w", name, err)
	}
	if err := db.rw.QueryRowContext(ctx, selectKey, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("sqlite: read key %s: %w", name, err)
	}
	return v, nil
}
