package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"deskpilot/store/sqlite"
	"deskpilot/tickets"
)

func TestDemoLoadsOnceAndExportsTheOpenFormats(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 5,600 tickets")
	}
	data := t.TempDir()
	for run := range 2 {
		code, out, stderr := run2(t, "demo", "--no-serve", "--data", data)
		if code != 0 {
			t.Fatalf("demo run %d: exit %d: %s", run, code, stderr)
		}
		for _, role := range []string{"admin", "agent", "requester"} {
			if !strings.Contains(out, role) || !strings.Contains(out, "dp_") {
				t.Fatalf("demo run %d does not print a %s token:\n%s", run, role, out)
			}
		}
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(data, "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.CountTickets(context.Background(), tickets.TicketFilter{})
	if err != nil || n < 5000 {
		t.Fatalf("tickets after two demo runs: %d (%v), want the desk once", n, err)
	}
	export := t.TempDir()
	if code, _, stderr := run2(t, "demo", "--export", export); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	// The export imports into the same desk as unchanged records, which
	// proves it is the same data in the open formats.
	code, out, stderr := run2(t, "import", "tickets", filepath.Join(export, "tickets.jsonl"), "--source", "demo", "--data", data, "--json")
	if code != 0 {
		t.Fatal(stderr)
	}
	if sum := decodeSummary(t, out); sum.Unchanged != n || sum.Added != 0 || sum.Skipped != 0 {
		t.Fatalf("re-import of the export: %+v, want %d unchanged", sum, n)
	}
	if code, out, _ := run2(t, "import", "articles", filepath.Join(export, "articles.jsonl"), "--source", "demo", "--data", data, "--json"); code != 0 || decodeSummary(t, out).Added != 0 {
		t.Fatalf("re-import of exported articles: %s", out)
	}
}

func run2(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return run(t, nil, args...)
}
