package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded migrations in version order. A file is
// named NNNN_what.sql; versions must be unique.
func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	seen := map[int]string{}
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || path.Ext(name) != ".sql" {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", name)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, name, v)
		}
		seen[v] = name
		b, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	return out, nil
}

// Queries on schema_migrations, which Migrate creates before anything else.
const (
	createMigrationsTable = `
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    applied_at TEXT    NOT NULL
) STRICT`

	selectMigrations    = `SELECT version FROM schema_migrations`
	countMigration      = `SELECT count(*) FROM schema_migrations WHERE version = ?`
	insertMigration     = `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`
	selectSchemaVersion = `SELECT coalesce(max(version), 0) FROM schema_migrations`
)

// Migrate applies the migrations the database has not seen, each in its own
// transaction recorded in schema_migrations, and returns their versions. It
// is idempotent and takes no write lock when there is nothing to do. It is
// safe against another process migrating the same file: each transaction
// takes the write lock first and then checks again. It refuses a database
// that records a migration this program does not know: a newer program has
// been there, and forward only means no going back.
func (db *DB) Migrate(ctx context.Context) (applied []int, err error) {
	migs, err := loadMigrations()
	if err != nil {
		return nil, fmt.Errorf("sqlite: migrate: %w", err)
	}
	if _, err := db.rw.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("sqlite: migrate: %w", err)
	}
	done, err := appliedMigrations(ctx, db.rw)
	if err != nil {
		return nil, fmt.Errorf("sqlite: migrate: %w", err)
	}
	if unknown := unknownVersions(done, migs); len(unknown) > 0 {
		return nil, fmt.Errorf("sqlite: migrate: the database has migrations %v, unknown to this program (a newer one?)", unknown)
	}
	for _, m := range migs {
		if done[m.version] {
			continue
		}
		ran, err := db.apply(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("sqlite: migrate %s: %w", m.name, err)
		}
		if ran {
			applied = append(applied, m.version)
		}
	}
	return applied, nil
}

func appliedMigrations(ctx context.Context, q queryer) (map[int]bool, error) {
	rows, err := q.QueryContext(ctx, selectMigrations)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, rows.Err()
}

// unknownVersions returns the applied versions that are not among migs,
// in order.
func unknownVersions(applied map[int]bool, migs []migration) []int {
	var out []int
	for v := range applied {
		if !slices.ContainsFunc(migs, func(m migration) bool { return m.version == v }) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// apply runs m unless it is recorded already, and reports whether it ran.
func (db *DB) apply(ctx context.Context, m migration) (ran bool, err error) {
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, countMigration, m.version).Scan(&n); err != nil || n > 0 {
			return err // another process was first
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, insertMigration, m.version, formatTime(time.Now())); err != nil {
			return err
		}
		ran = true
		return nil
	})
	return ran && err == nil, err
}

// SchemaVersion returns the highest migration applied, 0 for none.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.ro.QueryRowContext(ctx, selectSchemaVersion).Scan(&v); err != nil {
		return 0, fmt.Errorf("sqlite: schema version: %w", err)
	}
	return v, nil
}
