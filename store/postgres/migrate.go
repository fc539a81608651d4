package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one embedded file, such as migrations/0001_init.sql.
type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		m := migrationName.FindStringSubmatch(base)
		if m == nil {
			return nil, fmt.Errorf("migration %s: name is not NNNN_words.sql", base)
		}
		b, err := migrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		v, _ := strconv.Atoi(m[1])
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// Migrate applies the migrations the schema lacks and returns their
// versions. It is safe to call from several processes at once.
func (db *DB) Migrate(ctx context.Context) (applied []int, err error) {
	err = db.pool.AcquireFunc(ctx, func(c *pgxpool.Conn) error {
		applied, err = migrate(ctx, c.Conn())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	return applied, nil
}

// SchemaVersion returns the highest migration applied, 0 for none.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.pool.QueryRow(ctx, sqlSchemaVersion).Scan(&v)
	if isUndefinedTable(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: schema version: %w", err)
	}
	return v, nil
}

// migrate applies each pending migration in a transaction of its own,
// holding a transaction-level advisory lock keyed on the schema, and records
// it in schema_migrations. Another process that applied it meanwhile is seen
// under the lock, so every migration runs once.
func migrate(ctx context.Context, conn *pgx.Conn) ([]int, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	var schema *string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return nil, err
	}
	if schema == nil {
		return nil, errors.New("no schema of the search_path exists")
	}
	// Qualified, so that a schema_migrations further down the search_path
	// (another desk's, in public) is never mistaken for this schema's.
	table := pgx.Identifier{*schema, "schema_migrations"}.Sanitize()
	done, err := appliedVersions(ctx, conn, table)
	if err != nil {
		return nil, err
	}
	var applied []int
	for _, m := range ms {
		if done[m.version] {
			continue
		}
		ran, err := applyMigration(ctx, conn, table, *schema, m)
		if err != nil {
			return applied, fmt.Errorf("%s: %w", m.name, err)
		}
		if ran {
			applied = append(applied, m.version)
		}
	}
	return applied, nil
}

// appliedVersions reads the applied versions without the lock: the cheap
// check that lets an up-to-date schema start without waiting.
func appliedVersions(ctx context.Context, conn *pgx.Conn, table string) (map[int]bool, error) {
	rows, _ := conn.Query(ctx, "SELECT version FROM "+table)
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil && !isUndefinedTable(err) {
		return nil, err
	}
	done := make(map[int]bool, len(versions))
	for _, v := range versions {
		done[v] = true
	}
	return done, nil
}

func applyMigration(ctx context.Context, conn *pgx.Conn, table, schema string, m migration) (ran bool, err error) {
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, sqlMigrationLock, schema); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(sqlCreateMigrations, table)); err != nil {
			return err
		}
		var exists bool
		if err := tx.QueryRow(ctx, fmt.Sprintf(sqlMigrationApplied, table), m.version).Scan(&exists); err != nil || exists {
			return err
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf(sqlRecordMigration, table), m.version, m.name); err != nil {
			return err
		}
		ran = true
		return nil
	})
	return ran, err
}

func isUndefinedTable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "42P01"
}
