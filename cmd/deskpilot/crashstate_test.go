//go:build unix

package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"deskpilot/retrieval"
)

// deskState is what a data folder holds, in terms that do not depend on
// how the work got done: a desk loaded in one run and the same desk loaded
// through runs killed along the way have equal states.
type deskState struct {
	// Rows counts the rows of every table: a record, message, team or
	// category written twice shows here.
	Rows map[string]int
	// Counts is how many records each kind and source has ("ticket zendesk").
	Counts map[string]int
	// Records maps each record ("article kb KB-1") to its content hash.
	Records map[string]string
	// Indexed is the index manifest: what the indexes hold of each record.
	Indexed map[string]string
	// Files lists the data and index folders: a temporary file left by a
	// killed process, and never removed, shows here.
	Files []string
	// Chunks and Vectors count the entries of the text and vector indexes.
	Chunks, Vectors int
	// Lexical holds the text index's top hits of each probe query. Its
	// ranking depends only on the chunks indexed; the vector side's also
	// depends on the corpus the built-in embedder was last fitted on,
	// which a rebuild after a kill changes (see hybrid).
	Lexical map[string][]string
	// hybrid holds the search's hits of each probe, named as Records.
	hybrid map[string][]string
}

// readDesk runs `deskpilot search`, the first command after the kills,
// which must repair the indexes by itself, then reads the data folder's
// records and indexes.
func readDesk(t *testing.T, data string, probes []string) *deskState {
	t.Helper()
	s := &deskState{hybrid: map[string][]string{}, Lexical: map[string][]string{}}
	code, out, stderr := run(t, nil, "search", probes[0], "--json", "--data", data)
	if code != 0 || !strings.Contains(out, `"id"`) {
		t.Fatalf("search %q after the kills: exit %d: %s %s", probes[0], code, out, stderr)
	}
	m, err := retrieval.LoadManifest(filepath.Join(data, "index", manifestFile))
	if err != nil || m == nil || !m.Clean {
		t.Fatalf("index manifest after a search: %v (there: %v, clean: %v); want a clean one", err, m != nil, m != nil && m.Clean)
	}
	for _, dir := range []string{data, filepath.Join(data, "index")} {
		entries, err := os.ReadDir(dir)
		must(t, err)
		for _, e := range entries {
			rel, _ := filepath.Rel(data, filepath.Join(dir, e.Name()))
			s.Files = append(s.Files, rel)
		}
	}
	names := readRecords(t, data, s)
	s.Indexed = map[string]string{}
	for ref, v := range m.Versions {
		name, ok := names[ref]
		if !ok {
			name = fmt.Sprintf("%s #%d (no such record)", ref.Kind, ref.ID)
		}
		s.Indexed[name] = v
	}
	readIndexes(t, data, probes, names, s)
	return s
}

// readRecords fills the rows and records of s from the SQLite file and
// returns the records' names by their ids.
func readRecords(t *testing.T, data string, s *deskState) map[retrieval.DocRef]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "deskpilot.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		must(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	must(t, rows.Err())
	s.Rows = map[string]int{}
	for _, name := range tables {
		var n int
		must(t, db.QueryRow(`SELECT count(*) FROM "`+name+`"`).Scan(&n))
		s.Rows[name] = n
	}
	s.Counts, s.Records = map[string]int{}, map[string]string{}
	names := map[retrieval.DocRef]string{}
	for _, q := range []struct {
		kind retrieval.Kind
		sql  string
	}{
		{retrieval.KindArticle, `SELECT id, source, external_id, content_hash FROM documents`},
		{retrieval.KindTicket, `SELECT id, source, coalesce(external_id, ''), content_hash FROM tickets`},
	} {
		rows, err := db.Query(q.sql)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var source, ext, hash string
			must(t, rows.Scan(&id, &source, &ext, &hash))
			name := fmt.Sprintf("%s %s %s", q.kind, source, ext)
			if _, dup := s.Records[name]; dup {
				t.Errorf("%s is stored twice", name)
			}
			s.Records[name] = hash
			s.Counts[fmt.Sprintf("%s %s", q.kind, source)]++
			names[retrieval.DocRef{Kind: q.kind, ID: id}] = name
		}
		must(t, rows.Err())
	}
	return names
}

// readIndexes opens the indexes as the commands do (they are clean by
// now: nothing is rebuilt) and reads their counts and rankings.
func readIndexes(t *testing.T, data string, probes []string, names map[retrieval.DocRef]string, s *deskState) {
	t.Helper()
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DataDir = data
	log := slog.New(slog.DiscardHandler)
	st, err := openStore(ctx, &cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kn, err := openKnowledge(ctx, &cfg, st, log, false)
	if err != nil {
		t.Fatal(err)
	}
	defer kn.Close()
	if s.Chunks, err = kn.lex.Count(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Vectors, err = kn.vec.Count(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range probes {
		hits, err := kn.searcher.SearchDocuments(ctx, retrieval.Query{Text: q, K: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			s.hybrid[q] = append(s.hybrid[q], string(h.Chunk.Kind)+" "+h.Chunk.Source+" "+h.Chunk.ExternalID)
		}
		ms, err := kn.lex.Search(ctx, q, "", 10, retrieval.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			ref, ord, err := m.Key.Parse()
			if err != nil {
				t.Fatal(err)
			}
			s.Lexical[q] = append(s.Lexical[q], fmt.Sprintf("%s #%d %.6f", names[ref], ord, m.Score))
		}
	}
}

// compareDesks fails t where got, a desk loaded through killed runs,
// differs from want, the same desk loaded without a kill.
func compareDesks(t *testing.T, want, got *deskState) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpopts.IgnoreUnexported(deskState{})); d != "" {
		t.Errorf("the desk after the kills differs from an uninterrupted run's (-want +got):\n%s", d)
	}
	// The vector side ranks with the embedder as last fitted, so only the
	// best hit is compared: what an uninterrupted run finds first, search
	// finds among its first ten after the kills.
	for q, hits := range want.hybrid {
		if len(hits) == 0 {
			t.Errorf("search %q finds nothing even without kills: a useless probe", q)
			continue
		}
		if !slices.Contains(got.hybrid[q], hits[0]) {
			t.Errorf("search %q after the kills: %v; an uninterrupted run finds %s first", q, got.hybrid[q], hits[0])
		}
	}
	if want.Chunks == 0 || want.Chunks != want.Vectors {
		t.Errorf("uninterrupted run: %d chunks, %d vectors", want.Chunks, want.Vectors)
	}
}

// probeQueries picks queries whose answers are known records: the titles
// of articles and the subjects of tickets of a desk.
func probeQueries(titles []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range titles {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
