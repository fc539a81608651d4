// Package pgtest gives each PostgreSQL test a fresh, empty schema of its own.
//
// Tests run against the server in DESKPILOT_TEST_DATABASE_URL when it is set;
// otherwise the first call to New starts a private, throwaway cluster from the
// PostgreSQL binaries installed on the machine, shared by the tests of one
// test process and stopped by Run. When neither is possible the tests skip,
// unless DESKPILOT_TEST_REQUIRE_PG=1 turns the skip into a failure.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables read by the package.
const (
	// envURL names a server to test against instead of a private cluster.
	envURL = "DESKPILOT_TEST_DATABASE_URL"
	// envRequire, set to 1, fails the tests that would skip for want of
	// PostgreSQL.
	envRequire = "DESKPILOT_TEST_REQUIRE_PG"
)

// The server of this test process, found or started once.
var (
	once    sync.Once
	baseURL string
	private *cluster // nil when testing against envURL
	initErr error
)

// Run wraps a package's tests:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }
//
// It stops any cluster started for the package.
func Run(m *testing.M) int {
	code := m.Run()
	if private != nil {
		if err := private.stop(); err != nil {
			fmt.Fprintf(os.Stderr, "pgtest: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// New returns a connection URL for a fresh, empty schema of its own, first on
// the URL's search_path (followed by public, where the vector extension
// lives). The schema is dropped in tb.Cleanup, so whatever the test opens on
// the URL must be closed by then (register its Close after calling New).
//
// New skips the test when PostgreSQL is not available, unless
// DESKPILOT_TEST_REQUIRE_PG=1.
func New(tb testing.TB) string {
	tb.Helper()
	once.Do(setup)
	if initErr != nil {
		if os.Getenv(envRequire) == "1" {
			tb.Fatalf("pgtest: PostgreSQL is required (%s=1): %v", envRequire, initErr)
		}
		tb.Skipf("pgtest: PostgreSQL not available: %v", initErr)
	}
	schema := schemaName(tb.Name())
	ident := pgx.Identifier{schema}.Sanitize()
	if err := execSQL(baseURL, "CREATE SCHEMA "+ident); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(func() {
		if err := execSQL(baseURL, "DROP SCHEMA IF EXISTS "+ident+" CASCADE"); err != nil {
			tb.Errorf("pgtest: %v", err)
		}
	})
	u, err := withSearchPath(baseURL, schema+",public")
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return u
}

// setup finds the server and makes sure the vector extension exists in it.
func setup() {
	baseURL = os.Getenv(envURL)
	if baseURL == "" {
		private, initErr = startCluster()
		if initErr != nil {
			return
		}
		baseURL = private.url
	}
	// Test processes of several packages may share a server: serialize the
	// creation so that they do not race on the extension's catalog rows.
	initErr = execSQL(baseURL,
		"SELECT pg_advisory_xact_lock(hashtext('deskpilot pgtest vector'))",
		"CREATE EXTENSION IF NOT EXISTS vector SCHEMA public")
}

// execSQL runs statements in one transaction on a connection of its own.
func execSQL(connURL string, stmts ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, connURL)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
}

// schemaName derives a unique, legal schema name from a test name, so that a
// schema left behind by a crash says which test made it.
func schemaName(testName string) string {
	var b strings.Builder
	b.WriteString("test_")
	for _, r := range strings.ToLower(testName) {
		if b.Len() >= 45 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:]) // never fails
	return b.String() + "_" + hex.EncodeToString(rnd[:])
}

// withSearchPath sets search_path on a connection string, in either of the
// URL and keyword/value forms that pgx accepts.
func withSearchPath(conn, path string) (string, error) {
	if !strings.HasPrefix(conn, "postgres://") && !strings.HasPrefix(conn, "postgresql://") {
		return conn + " search_path='" + path + "'", nil
	}
	u, err := url.Parse(conn)
	if err != nil {
		// url.Parse quotes the URL, password included: keep it out of logs.
		return "", fmt.Errorf("%s is not a valid URL", envURL)
	}
	q := u.Query()
	q.Set("search_path", path)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Cluster is a PostgreSQL server of one test's own, which the test may
// stop and start again: for fault tests, which cannot stop the server the
// other tests share.
type Cluster struct {
	c *cluster
	// URL connects to the cluster's postgres database, with the vector
	// extension created.
	URL string
}

// NewCluster starts a private cluster for tb, stopped and removed in
// tb.Cleanup. It needs the PostgreSQL server binaries, even when
// DESKPILOT_TEST_DATABASE_URL names a server; without them it skips, or
// fails when DESKPILOT_TEST_REQUIRE_PG=1.
func NewCluster(tb testing.TB) *Cluster {
	tb.Helper()
	c, err := startCluster()
	if err != nil {
		if os.Getenv(envRequire) == "1" {
			tb.Fatalf("pgtest: PostgreSQL is required (%s=1): %v", envRequire, err)
		}
		tb.Skipf("pgtest: PostgreSQL not available: %v", err)
	}
	tb.Cleanup(func() {
		if err := c.stop(); err != nil {
			tb.Errorf("pgtest: %v", err)
		}
	})
	if err := execSQL(c.url, "CREATE EXTENSION IF NOT EXISTS vector SCHEMA public"); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return &Cluster{c: c, URL: c.url}
}

// Stop stops the server as an administrator restarting it would (pg_ctl
// stop -m fast: sessions end at once, the data stays) and waits until it
// is down.
func (c *Cluster) Stop(tb testing.TB) {
	tb.Helper()
	if err := c.c.pause(); err != nil {
		tb.Fatalf("pgtest: stop: %v", err)
	}
}

// Start starts a stopped server again, on the same address, and waits
// until it accepts connections.
func (c *Cluster) Start(tb testing.TB) {
	tb.Helper()
	if err := c.c.resume(); err != nil {
		tb.Fatalf("pgtest: start: %v", err)
	}
}

// Database creates a database of that name on the cluster, with the
// vector extension, and returns its URL.
func (c *Cluster) Database(tb testing.TB, name string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.URL)
	if err != nil {
		tb.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	// Not in execSQL's transaction: CREATE DATABASE refuses to run in one.
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	u.Path = "/" + name
	if err := execSQL(u.String(), "CREATE EXTENSION IF NOT EXISTS vector SCHEMA public"); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return u.String()
}

// Bin returns the path of one of the cluster's PostgreSQL programs
// (pg_dump, pg_restore, psql ...), of the server's own version.
func (c *Cluster) Bin(name string) string { return filepath.Join(c.c.bindir, name) }
