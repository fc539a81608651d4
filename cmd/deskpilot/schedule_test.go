package main

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeSyncsOnSchedule: serve syncs the connectors of deskpilot.yaml
// by itself, and what they bring becomes searchable.
func TestServeSyncsOnSchedule(t *testing.T) {
	dir := t.TempDir()
	books := filepath.Join(dir, "runbooks")
	if err := os.MkdirAll(books, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, books, "ferrets.md", "---\ntitle: Feed the office ferrets\n---\n# Feed the office ferrets\n\nThe ferrets in the server room eat at noon.\n")
	cfgPath := writeFile(t, dir, "deskpilot.yaml", "connectors:\n  - type: files\n    name: runbooks\n    kind: articles\n    paths: [./runbooks]\n")
	d := startDesk(t, map[string]string{"DESKPILOT_CONFIG": cfgPath, "DESKPILOT_INDEX_INTERVAL": "100ms", "DESKPILOT_SYNC_INTERVAL": "1h"})
	deadline := time.Now().Add(time.Minute)
	for {
		code, body := apiAs(t, d, "agent", http.MethodGet, "/api/v1/search?q="+url.QueryEscape("office ferrets server room"), nil)
		if code != http.StatusOK {
			t.Fatalf("search: %d %v", code, body)
		}
		hits, _ := body["hits"].([]any)
		if len(hits) > 0 && strings.Contains(strings.ToLower(hits[0].(map[string]any)["title"].(string)), "ferrets") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the synced article never became searchable: %v", hits)
		}
		time.Sleep(50 * time.Millisecond) // polling for a condition, not timing it
	}
}
