package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// A backup file is a magic line, a manifest (one line of JSON), then the
// SQLite database file, gzip-compressed. The manifest says what is inside
// and carries the database file's size and SHA-256, so that a restore
// refuses a damaged file before it touches anything.
const (
	backupMagic = "DESKPILOT BACKUP\n"
	// backupFormat is the layout's version: a restore refuses newer ones.
	backupFormat = 1
	// maxManifestBytes bounds the manifest line a restore reads.
	maxManifestBytes = 1 << 20
)

// errNotBackup says a file is not a deskpilot backup at all.
var errNotBackup = errors.New("not a deskpilot backup")

// errDamaged says a backup file's content does not match its manifest.
var errDamaged = errors.New("damaged")

// backupManifest is the header of a backup file.
type backupManifest struct {
	Format        int              `json:"format"`
	Store         string           `json:"store"` // "sqlite"
	SchemaVersion int              `json:"schema_version"`
	CreatedAt     time.Time        `json:"created_at"`
	Program       string           `json:"deskpilot_version"`
	Counts        map[string]int64 `json:"counts"` // rows per table
	Bytes         int64            `json:"database_bytes"`
	SHA256        string           `json:"database_sha256"`
}

// writeBackupFile writes the database file db with manifest m to path
// atomically: through a temporary file in the same folder, synced, then
// renamed, so that path holds the old backup or the new one, never half.
// It fills in m's size and checksum.
func writeBackupFile(path, db string, m *backupManifest) error {
	sum, size, err := fileSHA256(db)
	if err != nil {
		return err
	}
	m.Bytes, m.SHA256 = size, sum
	head, err := json.Marshal(m)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := writeBackupTo(tmp, db, head); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

func writeBackupTo(w io.Writer, db string, head []byte) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(backupMagic)
	bw.Write(head)
	bw.WriteByte('\n')
	f, err := os.Open(db)
	if err != nil {
		return err
	}
	defer f.Close()
	zw, err := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	if err != nil {
		return err
	}
	if _, err := io.Copy(zw, f); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// readBackupManifest reads the header of a backup file and leaves r at
// the compressed database.
func readBackupManifest(r *bufio.Reader) (*backupManifest, error) {
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != backupMagic {
		return nil, errNotBackup
	}
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxManifestBytes {
			return nil, fmt.Errorf("%w: manifest too long", errDamaged)
		}
		if err == nil {
			break
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return nil, fmt.Errorf("%w: manifest cut short", errDamaged)
		}
	}
	var m backupManifest
	if err := json.Unmarshal(bytes.TrimSpace(line), &m); err != nil {
		return nil, fmt.Errorf("%w: manifest unreadable: %v", errDamaged, err)
	}
	if m.Format <= 0 || m.Bytes < 0 || len(m.SHA256) != sha256.Size*2 {
		return nil, fmt.Errorf("%w: manifest incomplete", errDamaged)
	}
	return &m, nil
}

// extractDatabase decompresses the database that follows the manifest
// into a new file at path, checking its size and checksum against m.
// Nothing is left at path when it fails.
func extractDatabase(r *bufio.Reader, m *backupManifest, path string) (err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("%w: %v", errDamaged, err)
	}
	zr.Multistream(false)
	h := sha256.New()
	// One byte more than promised tells a file that goes on too long.
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(zr, m.Bytes+1))
	if err != nil {
		return fmt.Errorf("%w: %v", errDamaged, err)
	}
	if n != m.Bytes || hex.EncodeToString(h.Sum(nil)) != m.SHA256 {
		return fmt.Errorf("%w: checksum mismatch (the database inside is not the one the manifest describes)", errDamaged)
	}
	if _, err := zr.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: the compressed database does not end where it should", errDamaged)
	}
	return f.Sync()
}

func fileSHA256(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// syncDir makes a rename in dir durable; best effort, since not every
// filesystem syncs folders.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
