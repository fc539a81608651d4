package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotDeskpilot is returned by Inspect for a SQLite file that is not a
// deskpilot database (no schema_migrations table).
var ErrNotDeskpilot = errors.New("not a deskpilot database")

// ErrInUse is returned by Checkpoint when another connection keeps the
// write-ahead log from being folded into the database file.
var ErrInUse = errors.New("database in use by another process")

// FileInfo is what Inspect finds in a database file.
type FileInfo struct {
	// SchemaVersion is the highest migration applied to the file.
	SchemaVersion int
	// Counts are the rows of each table, by table name.
	Counts map[string]int64
}

// Snapshot writes a consistent copy of the database file at src into dst,
// which must not exist yet, with VACUUM INTO. The copy is made in one read
// transaction: in WAL mode writers (a running server) carry on meanwhile,
// and the copy holds every transaction committed before it began and none
// after. It is compact and needs no write-ahead log beside it.
func Snapshot(ctx context.Context, src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("sqlite: snapshot: %w", err)
	}
	// Not a query_only connection: SQLite counts writing the copy as a
	// write, though the source is only read.
	db, err := openOne(src, false)
	if err != nil {
		return fmt.Errorf("sqlite: snapshot %s: %w", src, err)
	}
	defer db.Close()
	abs, err := filepath.Abs(dst)
	if err != nil {
		return fmt.Errorf("sqlite: snapshot: %w", err)
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		return fmt.Errorf("sqlite: snapshot %s: %w", src, err)
	}
	return nil
}

// Inspect checks the structure of the database file at path (SQLite's
// quick_check) and reads its schema version and row counts, changing
// nothing: no migration runs.
func Inspect(ctx context.Context, path string) (*FileInfo, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("sqlite: inspect: %w", err)
	}
	db, err := openOne(path, true)
	if err != nil {
		return nil, fmt.Errorf("sqlite: inspect %s: %w", path, err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil {
		return nil, fmt.Errorf("sqlite: inspect %s: %w", path, err)
	}
	if check != "ok" {
		return nil, fmt.Errorf("sqlite: inspect %s: damaged: %s", path, check)
	}
	tables, err := tableNames(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("sqlite: inspect %s: %w", path, err)
	}
	info := &FileInfo{Counts: map[string]int64{}}
	hasMigrations := false
	for _, t := range tables {
		hasMigrations = hasMigrations || t == "schema_migrations"
		var n int64
		// The name comes from sqlite_master, quoted as an identifier.
		q := `SELECT count(*) FROM "` + strings.ReplaceAll(t, `"`, `""`) + `"`
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlite: inspect %s: count %s: %w", path, t, err)
		}
		info.Counts[t] = n
	}
	if !hasMigrations {
		return nil, fmt.Errorf("sqlite: inspect %s: %w", path, ErrNotDeskpilot)
	}
	if err := db.QueryRowContext(ctx, selectSchemaVersion).Scan(&info.SchemaVersion); err != nil {
		return nil, fmt.Errorf("sqlite: inspect %s: %w", path, err)
	}
	return info, nil
}

// Checkpoint folds the write-ahead log of the database file at path into
// the file and empties the log, so that the file alone holds the
// database and can be moved. It returns ErrInUse when another connection
// holds the log.
func Checkpoint(ctx context.Context, path string) error {
	db, err := openOne(path, false)
	if err != nil {
		return fmt.Errorf("sqlite: checkpoint %s: %w", path, err)
	}
	defer db.Close()
	var busy, logPages, done int
	if err := db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil {
		return fmt.Errorf("sqlite: checkpoint %s: %w", path, err)
	}
	if busy != 0 {
		return fmt.Errorf("sqlite: checkpoint %s: %w", path, ErrInUse)
	}
	return nil
}

// LatestSchemaVersion is the newest migration this program knows: a
// database recording a higher one was written by a newer program.
func LatestSchemaVersion() int {
	migs, err := loadMigrations()
	if err != nil || len(migs) == 0 {
		return 0 // the embedded migrations are checked by the tests
	}
	return migs[len(migs)-1].version
}

// openOne opens one connection to an existing file, without migrating.
func openOne(path string, readOnly bool) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(abs, readOnly))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

func tableNames(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}
