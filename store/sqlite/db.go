package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

var (
	_ tickets.Store           = (*DB)(nil)
	_ retrieval.DocumentStore = (*DB)(nil)
)

// busyTimeoutMS is how long a connection waits for a lock held by another
// process (a CLI job on the same file, say) before giving up with
// SQLITE_BUSY. Within one process writers queue on the write pool instead.
const busyTimeoutMS = 10_000

// DB is the records store on one SQLite file. It is safe for concurrent use.
type DB struct {
	rw *sql.DB // one connection: every write goes through it
	ro *sql.DB // read-only connections

	closeOnce sync.Once
	closeErr  error

	tokensMu   sync.Mutex
	tokensUsed map[string]time.Time // when each token's use was last written
}

// Open opens (creating if needed) the database file at path, sets WAL,
// foreign keys, busy timeout, and applies pending migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	rw, err := sql.Open("sqlite", dsn(abs, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// SQLite has one writer at a time; one connection makes writers wait
	// their turn in database/sql, where the wait honours ctx.
	rw.SetMaxOpenConns(1)
	db := &DB{rw: rw}
	// The write connection goes first: it creates the file and turns on WAL,
	// which the read-only connections cannot do.
	if err := rw.PingContext(ctx); err != nil {
		rw.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		rw.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	ro, err := sql.Open("sqlite", dsn(abs, true))
	if err != nil {
		rw.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	ro.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	ro.SetMaxIdleConns(max(4, runtime.GOMAXPROCS(0)))
	db.ro = ro
	return db, nil
}

// dsn builds the driver's connection string. The pragmas in it run on every
// connection the pools open, so no connection misses foreign keys.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeoutMS))
	q.Add("_pragma", "foreign_keys(1)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		// In WAL mode NORMAL cannot corrupt the file; a power cut may lose
		// the last transactions, which imports and syncs redo.
		q.Add("_pragma", "synchronous(NORMAL)")
		// Take the write lock at BEGIN: a transaction that reads and then
		// writes cannot then fail with SQLITE_BUSY halfway through.
		q.Set("_txlock", "immediate")
	}
	// "file:/abs/path?...": SQLite's URI form percent-decodes the path, so
	// a file name may hold '?', '#' or '%'.
	p := (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath()
	return "file:" + p + "?" + q.Encode()
}

// Close closes both pools, first letting SQLite refresh the statistics its
// query planner uses (PRAGMA optimize, as SQLite advises before closing).
// Closing again does nothing and returns the first Close's error.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		_, err := db.rw.Exec(`PRAGMA optimize`)
		errs := []error{err}
		if db.ro != nil {
			errs = append(errs, db.ro.Close())
		}
		errs = append(errs, db.rw.Close())
		if err := errors.Join(errs...); err != nil {
			db.closeErr = fmt.Errorf("sqlite: close: %w", err)
		}
	})
	return db.closeErr
}

// Ping checks that the database answers on both pools.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.rw.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	if err := db.ro.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// inTx runs fn in a write transaction and commits it when fn returns nil.
// A done ctx rolls everything back: database/sql ends the transaction, and
// Commit then fails. fn must use tx only: the write pool's one connection
// is tx's until it ends.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// inReadTx runs fn in a read transaction, so that the queries in it see one
// snapshot of the database.
func (db *DB) inReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(tx)
}

// queryer is what reads need from a pool or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// translate maps the driver's errors onto a domain's: no rows becomes
// notFound, a unique key violation conflict (when the domain has one), and
// a reference to a row that does not exist (a message for a missing ticket,
// an unknown assignee) notFound. The driver's error stays in the chain for
// logs.
func translate(err, notFound, conflict error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			if conflict != nil {
				return fmt.Errorf("%w: %w", conflict, err)
			}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %w", notFound, err)
		}
	}
	return err
}

// ticketErr translates an error of the tickets.Store methods.
func ticketErr(err error) error { return translate(err, tickets.ErrNotFound, tickets.ErrConflict) }

// documentErr translates an error of the retrieval.DocumentStore methods;
// that domain has no conflicts.
func documentErr(err error) error { return translate(err, retrieval.ErrNotFound, nil) }

// mustAffect returns notFound when res touched no row.
func mustAffect(res sql.Result, notFound error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

// stmts prepares a transaction's statements on first use, so that a batch
// prepares each once and a batch with nothing to write prepares none.
type stmts struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
}

func newStmts(tx *sql.Tx) *stmts { return &stmts{tx: tx, m: map[string]*sql.Stmt{}} }

func (s *stmts) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.m[query]; ok {
		return st, nil
	}
	st, err := s.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.m[query] = st
	return st, nil
}

func (s *stmts) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := s.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// close closes the statements; the transaction's end would too, but not
// before the next batch allocates its own.
func (s *stmts) close() {
	for _, st := range s.m {
		st.Close()
	}
}
