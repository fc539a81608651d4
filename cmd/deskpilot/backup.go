package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"deskpilot/store/sqlite"
)

// Files of the embedded store in the data folder.
const (
	dbFile = "deskpilot.db"
	// previousDBFile is where restore puts the database it replaced.
	previousDBFile = "deskpilot.db.previous"
)

// pgBackupHelp is what backup and restore say in PostgreSQL mode, where
// the database's own tools do the work.
const pgBackupHelp = `in PostgreSQL mode back up and restore with PostgreSQL's tools:
  pg_dump -Fc -f deskpilot.dump "$DATABASE_URL"
  pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" deskpilot.dump
the dump holds every record and the vectors (pgvector); stop the nodes before
pg_restore, and remove each node's DATA/index folder before starting it again:
its text index (bleve) is derived data, rebuilt from the restored records`

// runBackup writes a consistent snapshot of the embedded store to a file,
// while a server may be running on it.
func (m *Main) runBackup(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("backup")
	asJSON := fs.Bool("json", false, "print the backup's manifest as JSON")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want the backup file to write")
	}
	if cfg.DatabaseURL != "" {
		fmt.Fprintln(m.Stderr, pgBackupHelp)
		return errors.New("not for PostgreSQL mode: use pg_dump as shown above")
	}
	out := fs.Arg(0)
	man, err := backupFolder(ctx, cfg.DataDir, out)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, man)
	}
	fmt.Fprintf(m.Stdout, "backed up %s to %s (%s, schema %d, %.1f MB before compression)\n",
		cfg.DataDir, out, countsLine(man.Counts), man.SchemaVersion, float64(man.Bytes)/(1<<20))
	return nil
}

// backupFolder snapshots the data folder's database into a backup file.
func backupFolder(ctx context.Context, dataDir, out string) (*backupManifest, error) {
	src := filepath.Join(dataDir, dbFile)
	if _, err := os.Stat(src); err != nil {
		return nil, fmt.Errorf("no desk to back up in %s (DESKPILOT_DATA): %w", dataDir, err)
	}
	// The snapshot is made next to the backup file, on the same disk, and
	// removed once it is in the file.
	tmpDir, err := os.MkdirTemp(filepath.Dir(out), ".deskpilot-backup-")
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	snap := filepath.Join(tmpDir, dbFile)
	if err := sqlite.Snapshot(ctx, src, snap); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	info, err := sqlite.Inspect(ctx, snap)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	man := &backupManifest{Format: backupFormat, Store: "sqlite", SchemaVersion: info.SchemaVersion,
		CreatedAt: time.Now().UTC(), Program: version, Counts: info.Counts}
	if err := writeBackupFile(out, snap, man); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return man, nil
}

// runRestore replaces the data folder's database with a backup's, and has
// the derived indexes rebuilt at the next start.
func (m *Main) runRestore(ctx context.Context, args []string) error {
	fs, cfg, parse := m.flags("restore")
	asJSON := fs.Bool("json", false, "print the restored backup's manifest as JSON")
	if err := parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want the backup file to restore")
	}
	if cfg.DatabaseURL != "" {
		fmt.Fprintln(m.Stderr, pgBackupHelp)
		return errors.New("not for PostgreSQL mode: use pg_restore as shown above")
	}
	in := fs.Arg(0)
	man, err := restoreFolder(ctx, in, cfg.DataDir)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, man)
	}
	fmt.Fprintf(m.Stdout, "restored %s into %s: %s, backed up at %s\n", in, cfg.DataDir, countsLine(man.Counts),
		man.CreatedAt.Format(time.RFC3339))
	if _, err := os.Stat(filepath.Join(cfg.DataDir, previousDBFile)); err == nil {
		fmt.Fprintf(m.Stdout, "the database it replaced is kept as %s\n", filepath.Join(cfg.DataDir, previousDBFile))
	}
	fmt.Fprintln(m.Stdout, "the search indexes are rebuilt from the records at the next start")
	return nil
}

// restoreFolder checks the backup file whole, then swaps its database into
// the data folder under the folder's lock, keeping the one it replaces.
func restoreFolder(ctx context.Context, in, dataDir string) (*backupManifest, error) {
	f, err := os.Open(in)
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	man, err := readBackupManifest(r)
	if err != nil {
		return nil, fmt.Errorf("restore: %s is %w: nothing was changed", in, err)
	}
	if man.Format > backupFormat || man.Store != "sqlite" {
		return nil, fmt.Errorf("restore: %s is a backup of format %d (%s), which this deskpilot %s cannot read: nothing was changed",
			in, man.Format, man.Store, version)
	}
	if latest := sqlite.LatestSchemaVersion(); man.SchemaVersion > latest {
		return nil, fmt.Errorf("restore: %s holds schema %d, newer than this deskpilot's %d: restore it with a newer deskpilot",
			in, man.SchemaVersion, latest)
	}
	indexDir := filepath.Join(dataDir, "index")
	if err := os.MkdirAll(indexDir, 0o750); err != nil {
		return nil, fmt.Errorf("restore: data folder %s (DESKPILOT_DATA): %w", dataDir, err)
	}
	// The lock a running serve holds: while restore has it, no server can
	// start on the folder either.
	lock, err := lockFolder(indexDir, time.Second)
	if errors.Is(err, errFolderLocked) {
		return nil, fmt.Errorf("restore: the data folder %s is in use by a running deskpilot (serve?): stop it first; nothing was changed", dataDir)
	}
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	defer lock.unlock()
	tmp := filepath.Join(dataDir, fmt.Sprintf(".%s.restore-%d", dbFile, time.Now().UnixNano()))
	if err := extractDatabase(r, man, tmp); err != nil {
		return nil, fmt.Errorf("restore: %s is %w: nothing was changed", in, err)
	}
	defer os.Remove(tmp) // no-op once renamed
	info, err := sqlite.Inspect(ctx, tmp)
	if err != nil {
		return nil, fmt.Errorf("restore: the database in %s does not open: %w; nothing was changed", in, err)
	}
	if info.SchemaVersion != man.SchemaVersion || !equalCounts(info.Counts, man.Counts) {
		return nil, fmt.Errorf("restore: the database in %s does not match its manifest; nothing was changed", in)
	}
	if err := swapDatabase(ctx, dataDir, tmp); err != nil {
		return nil, err
	}
	if err := clearDerived(indexDir); err != nil {
		return nil, fmt.Errorf("restore: the database is restored, but the old indexes stay: run deskpilot reindex: %w", err)
	}
	return man, nil
}

// swapDatabase moves the current database aside (as previousDBFile, with
// its write-ahead files) and the restored one into its place.
func swapDatabase(ctx context.Context, dataDir, restored string) error {
	cur := filepath.Join(dataDir, dbFile)
	if _, err := os.Stat(cur); err == nil {
		// Fold the log into the file first: a log left beside the new file
		// would be replayed onto it.
		if err := sqlite.Checkpoint(ctx, cur); err != nil {
			if errors.Is(err, sqlite.ErrInUse) {
				return fmt.Errorf("restore: %s is in use by another process: stop it first; nothing was changed", cur)
			}
			return fmt.Errorf("restore: %w; nothing was changed", err)
		}
		prev := filepath.Join(dataDir, previousDBFile)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(prev + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("restore: %w; nothing was changed", err)
			}
		}
		for _, suffix := range []string{"-wal", "-shm", ""} { // the database itself last
			if err := os.Rename(cur+suffix, prev+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("restore: move the current database aside: %w", err)
			}
		}
	}
	if err := os.Rename(restored, cur); err != nil {
		return fmt.Errorf("restore: %w (the previous database is %s)", err, filepath.Join(dataDir, previousDBFile))
	}
	syncDir(dataDir)
	return nil
}

// clearDerived empties the index folder but for its lock: the indexes,
// the embedder's state and the triage model were made from the records
// restore replaced, and are rebuilt from the restored ones.
func clearDerived(indexDir string) error {
	entries, err := os.ReadDir(indexDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == "LOCK" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(indexDir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func equalCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// countsLine summarizes a backup's main counts.
func countsLine(c map[string]int64) string {
	var parts []string
	for _, k := range []string{"tickets", "messages", "documents", "users", "conversations"} {
		name := k
		if k == "documents" {
			name = "articles"
		}
		parts = append(parts, fmt.Sprintf("%d %s", c[k], name))
	}
	return strings.Join(parts, ", ")
}
