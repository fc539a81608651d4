package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

var (
	_ tickets.Store           = (*DB)(nil)
	_ retrieval.DocumentStore = (*DB)(nil)
)

// DB is the PostgreSQL records store. It implements tickets.Store and
// retrieval.DocumentStore and is safe for concurrent use.
type DB struct {
	pool *pgxpool.Pool
}

// Open connects to the database at url (a postgres:// URL or keyword/value
// string, as pgx accepts), applies the pending migrations and returns the
// store on a connection pool.
//
// It migrates on a connection of its own before opening the pool, because
// every pool connection registers the pgvector types, which the first
// migration creates.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse url: %w", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = defaultConnectTimeout
	}
	conn, err := pgx.ConnectConfig(ctx, cfg.ConnConfig)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	_, err = migrate(ctx, conn)
	closeErr := conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	if closeErr != nil {
		return nil, fmt.Errorf("postgres: close migration connection: %w", closeErr)
	}
	cfg.AfterConnect = afterConnect
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open pool: %w", err)
	}
	// The pool connects lazily: make a failing AfterConnect show here.
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: ping: %w", err)
	}
	return &DB{pool: pool}, nil
}

// defaultConnectTimeout bounds a new connection when the URL sets no
// connect_timeout: while the server is unreachable, requests then fail
// after it instead of hanging on the network's own timeouts.
const defaultConnectTimeout = 10 * time.Second

// afterConnect prepares each pool connection: the pgvector types, and
// timestamps read back in UTC, as the domain writes them.
func afterConnect(ctx context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{
		Name: "timestamptz", OID: pgtype.TimestamptzOID,
		Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
	})
	return pgxvec.RegisterTypes(ctx, conn)
}

// Close closes the pool, waiting for the connections in use to be released.
func (db *DB) Close() { db.pool.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Pool returns the connection pool, whose connections know the pgvector
// types, for the adapters that share the database (the vector index).
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// pgCode returns the SQLSTATE of a PostgreSQL error, "" for other errors.
func pgCode(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

// SQLSTATEs the stores translate.
const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
)

// ticketsErr translates a driver error into the tickets package's terms.
// A foreign key violation means the record referred to (the ticket of a
// message) does not exist.
func ticketsErr(err error) error {
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return tickets.ErrNotFound
	case pgCode(err) == uniqueViolation:
		return fmt.Errorf("%w: %w", tickets.ErrConflict, err)
	case pgCode(err) == foreignKeyViolation:
		return fmt.Errorf("%w: %w", tickets.ErrNotFound, err)
	}
	return err
}

// documentsErr translates a driver error into the retrieval package's terms.
func documentsErr(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return retrieval.ErrNotFound
	}
	return err
}
