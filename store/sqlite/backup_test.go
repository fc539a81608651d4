package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"deskpilot/store/sqlite"
	"deskpilot/tickets"
	"deskpilot/tickets/storetest"
)

// TestSnapshotWhileWriting copies the database while another handle
// writes one ticket per transaction: the copy must hold a whole prefix of
// the writes (a consistent point), no fewer than were done before it
// began and no more than were done when it ended.
func TestSnapshotWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "deskpilot.db")
	db := mustOpenPath(t, src)
	var written atomic.Int64
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if _, err := db.UpsertTickets(ctx, []*tickets.Ticket{storetest.MustTicket(t, fmt.Sprintf("snap-%06d", i), time.Now())}); err != nil {
				done <- err
				return
			}
			written.Store(int64(i + 1))
		}
	}()
	for written.Load() < 50 {
		runtime.Gosched() // the writer has just begun
	}
	before := written.Load()
	dst := filepath.Join(dir, "copy.db")
	must(t, sqlite.Snapshot(ctx, src, dst))
	after := written.Load()
	close(stop)
	must(t, <-done)

	info, err := sqlite.Inspect(ctx, dst)
	must(t, err)
	n := info.Counts["tickets"]
	if n < before || n > after+1 {
		t.Fatalf("copy holds %d tickets; %d were written before the copy began, %d when it ended", n, before, after)
	}
	if info.SchemaVersion != sqlite.LatestSchemaVersion() || info.SchemaVersion == 0 {
		t.Errorf("schema version %d, want %d", info.SchemaVersion, sqlite.LatestSchemaVersion())
	}
	copyDB := mustOpenPath(t, dst)
	// Newest first: the copy's tickets must be the first n written.
	list, err := copyDB.ListTickets(ctx, tickets.TicketFilter{Limit: tickets.MaxListLimit})
	must(t, err)
	for j, tk := range list {
		if want := fmt.Sprintf("snap-%06d", n-1-int64(j)); tk.ExternalID != want {
			t.Fatalf("ticket %d of the copy is %s, want %s: not a prefix of the writes", j, tk.ExternalID, want)
		}
	}
}

func TestInspectRefusesWhatIsNotADeskpilotDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	must(t, os.WriteFile(garbage, []byte("this is not a database, not even SQLite"), 0o600))
	if _, err := sqlite.Inspect(ctx, garbage); err == nil {
		t.Error("Inspect accepted a file that is not SQLite")
	}
	other := filepath.Join(dir, "other.db")
	raw := openRaw(t, other)
	if _, err := raw.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if _, err := sqlite.Inspect(ctx, other); !errors.Is(err, sqlite.ErrNotDeskpilot) {
		t.Errorf("Inspect of another program's database: %v, want ErrNotDeskpilot", err)
	}
	if _, err := sqlite.Inspect(ctx, filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Inspect of a missing file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); !errors.Is(err, os.ErrNotExist) {
		t.Error("Inspect created the missing file")
	}
}

func TestCheckpointEmptiesTheLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "deskpilot.db")
	db, err := sqlite.Open(ctx, path)
	must(t, err)
	_, err = db.UpsertTickets(ctx, []*tickets.Ticket{storetest.MustTicket(t, "wal-1", time.Now())})
	must(t, err)
	must(t, db.Close())
	must(t, sqlite.Checkpoint(ctx, path))
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("write-ahead log holds %d bytes after the checkpoint", fi.Size())
	}
	// The file alone now holds the ticket.
	copyPath := filepath.Join(t.TempDir(), "moved.db")
	b, err := os.ReadFile(path)
	must(t, err)
	must(t, os.WriteFile(copyPath, b, 0o600))
	info, err := sqlite.Inspect(ctx, copyPath)
	must(t, err)
	if info.Counts["tickets"] != 1 {
		t.Errorf("moved file holds %d tickets, want 1", info.Counts["tickets"])
	}
}
