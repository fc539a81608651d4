package gdocs_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/gdocs"
	"deskpilot/connectors/gdocs/gdocstest"
	"deskpilot/connectors/synctest"
	"deskpilot/retrieval"
	"deskpilot/store/sqlite"
)

// desk is a test's world: a fake Drive with some folders and documents,
// the SQLite store the sync writes to, and the clock of the sync.
type desk struct {
	t     *testing.T
	drive *gdocstest.Server
	db    *sqlite.DB
	clock *synctest.Clock
	cfg   gdocs.Config
	log   *slog.Logger

	folders map[string]string // IT and HR (synced), Finance (not)
	docs    map[string]string // vpn, unlock, printers (IT), leave (HR), budget (Finance), sheet, trashed
}

// newDesk builds the fake Drive: four documents in the folders synced, at
// two a page.
func newDesk(t *testing.T) *desk {
	t.Helper()
	drive := gdocstest.New(t)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := &desk{t: t, drive: drive, db: db, clock: synctest.NewClock(drive.Now().Add(time.Hour)), log: slog.New(slog.DiscardHandler),
		folders: map[string]string{}, docs: map[string]string{}}
	for _, name := range []string{"IT", "HR", "Finance"} {
		d.folders[name] = drive.AddFolder(name)
	}
	it, hr := []string{d.folders["IT"]}, []string{d.folders["HR"]}
	d.docs["vpn"] = drive.AddFile(gdocstest.File{Name: "Reset your VPN token", Parents: it,
		Text: "Open the VPN app and choose Reset.\n\nThen sign in again."})
	d.docs["unlock"] = drive.AddFile(gdocstest.File{Name: "Unlock your account", Parents: it, Text: "Use the self-service portal."})
	d.docs["sheet"] = drive.AddFile(gdocstest.File{Name: "Asset list", Parents: it, MimeType: gdocstest.SpreadsheetMIME})
	d.docs["printers"] = drive.AddFile(gdocstest.File{Name: "Add a printer", Parents: it, Text: "Open Settings, then Printers."})
	d.docs["budget"] = drive.AddFile(gdocstest.File{Name: "Budget 2025", Parents: []string{d.folders["Finance"]}, Text: "Numbers."})
	d.docs["leave"] = drive.AddFile(gdocstest.File{Name: "Leave policy", Parents: hr, Text: "Ask your manager first."})
	d.docs["trashed"] = drive.AddFile(gdocstest.File{Name: "Old VPN client", Parents: it, Text: "Gone."})
	drive.TrashFile(d.docs["trashed"])
	d.cfg = gdocs.Config{BaseURL: drive.URL, Token: gdocstest.Token, Folders: []string{d.folders["IT"], d.folders["HR"]}, PageSize: 2}
	return d
}

// source returns a new Source on the desk's config.
func (d *desk) source() *gdocs.Source {
	d.t.Helper()
	src, err := gdocs.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log})
	if err != nil {
		d.t.Fatal(err)
	}
	return src
}

// sync runs one sync of the desk's source.
func (d *desk) sync(ctx context.Context, o connectors.SyncOptions) (*connectors.SyncState, error) {
	d.t.Helper()
	o.Clock, o.Log = d.clock, d.log
	if o.Owner == "" {
		o.Owner = "test"
	}
	return connectors.NewSyncer(d.db, d.db, o).Sync(ctx, d.source())
}

// mustSync runs a sync that must end well.
func (d *desk) mustSync() *connectors.SyncState {
	d.t.Helper()
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	if err != nil {
		d.t.Fatalf("sync: %v", err)
	}
	if st.Status != connectors.StatusOK {
		d.t.Fatalf("sync status %s: %s", st.Status, st.LastError)
	}
	return st
}

// articleIDs lists the external ids of the synced articles.
func (d *desk) articleIDs() []string {
	d.t.Helper()
	docs, err := d.db.ListDocuments(context.Background(), retrieval.DocumentFilter{Source: "gdocs", Limit: 1000})
	if err != nil {
		d.t.Fatal(err)
	}
	var ids []string
	for _, doc := range docs {
		ids = append(ids, doc.ExternalID)
	}
	slices.Sort(ids)
	return ids
}

// ids returns the ids of the desk's documents named, sorted.
func (d *desk) ids(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, d.docs[n])
	}
	slices.Sort(out)
	return out
}

// exported returns the ids of the documents exported, sorted.
func (d *desk) exported() []string {
	out := d.drive.Exports()
	slices.Sort(out)
	return out
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
