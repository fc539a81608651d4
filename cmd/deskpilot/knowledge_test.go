package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestIndexDropsTempFilesOfKilledRuns: a process killed while saving the
// manifest or the embedder leaves its temporary file in the index
// folder; the next command that opens the folder removes it (the kill
// tests found them piling up), and keeps everything else.
func TestIndexDropsTempFilesOfKilledRuns(t *testing.T) {
	data := t.TempDir()
	p := writeFile(t, t.TempDir(), "t.jsonl", strings.Join(ticketLines(3), "\n"))
	if code, _, stderr := run(t, nil, "import", "tickets", p, "--data", data); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	index := filepath.Join(data, "index")
	before := dirNames(t, index)
	left := []string{".manifest.tmp3307326373", ".triage.bin.tmp42", "embedder.bin.1234.tmp"}
	for _, name := range left {
		writeFile(t, index, name, "half a file")
	}
	keep := writeFile(t, index, "notes.tmp", "not ours")
	if code, _, stderr := run(t, nil, "search", "VPN", "--data", data); code != 0 {
		t.Fatalf("search: %s", stderr)
	}
	want := slices.Sorted(slices.Values(append(before, filepath.Base(keep))))
	if got := dirNames(t, index); !slices.Equal(got, want) {
		t.Errorf("the index folder after the next command holds %v, want %v", got, want)
	}
}

// dirNames lists a folder's names, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
