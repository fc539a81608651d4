package retrieval

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ManifestVersion changes when the way records become chunks changes, so
// that indexes built the old way are rebuilt.
const ManifestVersion = 1

// Manifest records which version of each record the derived indexes hold,
// and with which embedder. It lets a node catch up with the records store
// incrementally, and tells it when only a rebuild will do.
type Manifest struct {
	Version  int
	Model    string // the embedder's Model() when the vectors were made
	Versions map[DocRef]string
	// Clean is false while indexing is under way; a manifest found unclean
	// at start means the last run stopped in the middle.
	Clean bool
}

// NewManifest returns an empty manifest for an embedder model.
func NewManifest(model string) *Manifest {
	return &Manifest{Version: ManifestVersion, Model: model, Versions: map[DocRef]string{}}
}

// Usable reports whether indexes described by m can be caught up
// incrementally with this code and embedder, rather than rebuilt.
func (m *Manifest) Usable(model string) bool {
	return m != nil && m.Clean && m.Version == ManifestVersion && m.Model == model
}

// LoadManifest reads a manifest; a missing file gives (nil, nil).
func LoadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("retrieval: read manifest: %w", err)
	}
	var m Manifest
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&m); err != nil {
		return nil, fmt.Errorf("retrieval: manifest %s is damaged: %w", path, err)
	}
	if m.Versions == nil {
		m.Versions = map[DocRef]string{}
	}
	return &m, nil
}

// Save writes the manifest atomically: a crash leaves the old one or the
// new one, never half of either.
func (m *Manifest) Save(path string) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		return fmt.Errorf("retrieval: encode manifest: %w", err)
	}
	return WriteFileAtomic(path, buf.Bytes())
}

// WriteFileAtomic writes data to path through a temporary file, synced and
// renamed into place, then syncs the folder.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("retrieval: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("retrieval: write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("retrieval: sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("retrieval: close %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("retrieval: rename %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: not every filesystem syncs folders
		d.Close()
	}
	return nil
}
