package demo

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Export writes the desk into dir, creating it, as articles.jsonl and
// tickets.jsonl in the open formats: one JSON object a line, in the order
// of Articles and Tickets, so the same desk always gives the same bytes.
func (d *Desk) Export(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo: export: %w", err)
	}
	if err := writeJSONL(filepath.Join(dir, "articles.jsonl"), d.Articles); err != nil {
		return err
	}
	return writeJSONL(filepath.Join(dir, "tickets.jsonl"), d.Tickets)
}

func writeJSONL[T any](path string, records []T) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("demo: export: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // keep HTML bodies and "&" readable
	for i := range records {
		if err := enc.Encode(&records[i]); err != nil {
			f.Close()
			return fmt.Errorf("demo: export %s: record %d: %w", filepath.Base(path), i, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("demo: export %s: %w", filepath.Base(path), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("demo: export %s: %w", filepath.Base(path), err)
	}
	return nil
}
