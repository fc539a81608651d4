package pgtest_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"deskpilot/store/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestNewGivesIsolatedSchemas(t *testing.T) {
	ctx := context.Background()
	var schemaA string
	t.Run("a", func(t *testing.T) {
		a, b := connect(t, pgtest.New(t)), connect(t, pgtest.New(t))
		var schemaB string
		if err := a.QueryRow(ctx, "SELECT current_schema()").Scan(&schemaA); err != nil {
			t.Fatal(err)
		}
		if err := b.QueryRow(ctx, "SELECT current_schema()").Scan(&schemaB); err != nil {
			t.Fatal(err)
		}
		if schemaA == schemaB || schemaA == "public" {
			t.Fatalf("schemas %q and %q, want two fresh ones", schemaA, schemaB)
		}
		// The same unqualified name is a different table in each schema.
		for _, c := range []*pgx.Conn{a, b} {
			if _, err := c.Exec(ctx, "CREATE TABLE things (n int)"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Exec(ctx, "INSERT INTO things VALUES (1), (2)"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := b.QueryRow(ctx, "SELECT count(*) FROM things").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("schema b sees %d rows written in schema a", n)
		}
		// public stays on the path, so the vector type resolves.
		var v string
		if err := a.QueryRow(ctx, "SELECT '[1,2,3]'::vector::text").Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != "[1,2,3]" {
			t.Fatalf("vector round trip: %q", v)
		}
	})
	// The subtest's cleanup has dropped its schemas.
	conn := connect(t, pgtest.New(t))
	var exists bool
	err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)", schemaA).Scan(&exists)
	if err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Fatalf("schema %s still exists after its test ended", schemaA)
	}
	var pgErr *pgconn.PgError
	_, err = conn.Exec(ctx, "SELECT count(*) FROM things")
	if !errors.As(err, &pgErr) || pgErr.Code != "42P01" {
		t.Fatalf("a fresh schema querying another test's table: %v, want undefined_table", err)
	}
}
