package pgtest_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"deskpilot/store/postgres/pgtest"
)

func TestClusterStopsAndStartsKeepingItsData(t *testing.T) {
	c := pgtest.NewCluster(t)
	ctx := context.Background()
	conn := connect(t, c.URL)
	if _, err := conn.Exec(ctx, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)"); err != nil {
		t.Fatal(err)
	}
	c.Stop(t)
	if _, err := conn.Exec(ctx, "SELECT 1"); err == nil {
		t.Fatal("a session survived the stop")
	}
	if conn, err := pgx.Connect(ctx, c.URL); err == nil {
		conn.Close(ctx)
		t.Fatal("connected to a stopped cluster")
	}
	c.Start(t)
	var n int
	if err := connect(t, c.URL).QueryRow(ctx, "SELECT n FROM kept").Scan(&n); err != nil || n != 42 {
		t.Fatalf("after the restart: %d, %v", n, err)
	}
	var vec string
	if err := connect(t, c.URL).QueryRow(ctx, "SELECT '[1,2]'::vector::text").Scan(&vec); err != nil {
		t.Fatalf("vector extension: %v", err)
	}
}
