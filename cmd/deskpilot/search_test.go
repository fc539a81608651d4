package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"deskpilot/retrieval"
)

// knowledgeFixture writes a small KB and ticket history and imports it.
func knowledgeFixture(t *testing.T, args []string) {
	t.Helper()
	dir := t.TempDir()
	arts := []string{
		`{"id":"KB-1","title":"Reset your password","body":"# Reset your password\n\nOpen the Passport portal and choose Forgot password. You get a code by SMS.","created_at":"2025-01-01T00:00:00Z"}`,
		`{"id":"KB-2","title":"Connect to the VPN","body":"# VPN\n\nInstall NorthGate, sign in with your badge and choose the Paris gateway.","created_at":"2025-01-01T00:00:00Z"}`,
		`{"id":"KB-3","title":"Unlock an account in the admin console","body":"Runbook: open the directory console and clear the lockout flag.","visibility":"internal","created_at":"2025-01-01T00:00:00Z"}`,
		`{"id":"KB-4","title":"Réinitialiser votre mot de passe","body":"Ouvrez le portail Passport et choisissez Mot de passe oublié.","language":"fr","created_at":"2025-06-01T00:00:00Z"}`,
	}
	tks := []string{
		`{"id":"T-1","subject":"Printer on floor 3 jams","created_at":"2025-02-01T09:00:00Z","resolved_at":"2025-02-01T10:00:00Z","status":"solved","messages":[{"author":"requester","body":"The printer jams on every page. Call me at +33 6 12 34 56 78"},{"author":"agent","body":"Replaced the fuser unit in the floor 3 printer."}]}`,
		`{"id":"T-2","subject":"Printer still jams","created_at":"2025-03-01T09:00:00Z","status":"open","messages":[{"author":"requester","body":"The printer jams again"}]}`,
	}
	a := filepath.Join(dir, "a.jsonl")
	k := filepath.Join(dir, "t.jsonl")
	if err := os.WriteFile(a, []byte(strings.Join(arts, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(k, []byte(strings.Join(tks, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, what := range [][]string{{"articles", a}, {"tickets", k}} {
		if code, _, stderr := run(t, nil, append([]string{"import", what[0], what[1]}, args...)...); code != 0 {
			t.Fatalf("import %s: %s", what[0], stderr)
		}
	}
}

type hitsJSON struct {
	Hits []struct {
		ID, Kind, Title, Why, Snippet string
		Score                         float64
	}
}

func search(t *testing.T, args []string, q ...string) hitsJSON {
	t.Helper()
	code, out, stderr := run(t, nil, append(append([]string{"search", "--json"}, q...), args...)...)
	if code != 0 {
		t.Fatalf("search %v: exit %d: %s", q, code, stderr)
	}
	var h hitsJSON
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("search output %q: %v", out, err)
	}
	return h
}

func ids(h hitsJSON) string {
	var s []string
	for _, x := range h.Hits {
		s = append(s, x.ID)
	}
	return strings.Join(s, " ")
}

func TestSearchAfterImport(t *testing.T) {
	forEachStore(t, func(t *testing.T, args []string) {
		args = append(args, "--data", t.TempDir()) // the index folder, in PostgreSQL mode too
		knowledgeFixture(t, args)
		h := search(t, args, "how do I reset my password", "--k", "3")
		if len(h.Hits) == 0 || h.Hits[0].ID != "KB-1" || h.Hits[0].Kind != "article" || h.Hits[0].Title != "Reset your password" || h.Hits[0].Score <= 0 {
			t.Fatalf("password: %+v", h)
		}
		if h := search(t, args, "mot de passe oublié", "--k", "1"); ids(h) != "KB-4" {
			t.Fatalf("French query: %s", ids(h))
		}
		h = search(t, args, "printer jams", "--kind", "ticket")
		if ids(h) != "T-1" || strings.Contains(h.Hits[0].Snippet, "12 34 56") {
			t.Fatalf("past tickets: only the solved one, redacted: %+v", h)
		}
		if h := search(t, args, "unlock account console", "--visibility", "public"); strings.Contains(ids(h), "KB-3") {
			t.Fatalf("public search shows an internal article: %s", ids(h))
		}
		if h := search(t, args, "unlock account console"); !strings.Contains(ids(h), "KB-3") {
			t.Fatalf("agent search misses the internal article: %s", ids(h))
		}
		if h := search(t, args, "mot de passe", "--as-of", "2025-03-01T00:00:00Z"); strings.Contains(ids(h), "KB-4") {
			t.Fatalf("--as-of shows an article from later: %s", ids(h))
		}
	})
}

func TestReindexRebuildsTheSameResults(t *testing.T) {
	args := []string{"--data", t.TempDir()}
	knowledgeFixture(t, args)
	before := ids(search(t, args, "vpn gateway badge"))
	code, out, stderr := run(t, nil, append([]string{"reindex"}, args...)...)
	if code != 0 || !strings.Contains(out, "reindexed 5 records") {
		t.Fatalf("reindex: %d %q %q", code, out, stderr)
	}
	if after := ids(search(t, args, "vpn gateway badge")); after != before || !strings.HasPrefix(after, "KB-2") {
		t.Fatalf("after reindex %q, before %q", after, before)
	}
}

func TestDamagedIndexIsRebuilt(t *testing.T) {
	data := t.TempDir()
	args := []string{"--data", data}
	knowledgeFixture(t, args)
	// A crash in the middle of indexing leaves the manifest unclean, or
	// damaged: the next start must rebuild rather than trust the indexes.
	if err := os.WriteFile(filepath.Join(data, "index", manifestFile), []byte("torn"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "index", vectorsFile), []byte("torn"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, args, "vpn gateway badge", "--k", "1")); got != "KB-2" {
		t.Fatalf("after damage: %q", got)
	}
	// A torn vector snapshot under a clean manifest is rebuilt too.
	if err := os.WriteFile(filepath.Join(data, "index", vectorsFile), []byte("torn again"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(t, args, "vpn gateway badge", "--k", "1")); got != "KB-2" {
		t.Fatalf("after a torn vector snapshot: %q", got)
	}
}

func TestSearchUsage(t *testing.T) {
	for _, a := range [][]string{{"search"}, {"search", "x", "--k", "0"}, {"search", "x", "--kind", "blog"}, {"search", "x", "--as-of", "yesterday"}} {
		if code, _, stderr := run(t, nil, append(a, "--data", t.TempDir())...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", a, code, stderr)
		}
	}
}

func TestBenchRetrievalSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes a generated desk")
	}
	data := t.TempDir()
	code, out, stderr := run(t, nil, "bench", "retrieval", "--chunks", "1000", "--queries", "20", "--json", "--data", data)
	if code != 0 {
		t.Fatalf("bench: %d %s", code, stderr)
	}
	var r benchReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Chunks < 900 || r.Queries != 20 || r.AgentP50ms <= 0 || r.IndexPerSec <= 0 || r.PeakRSSMB <= 0 {
		t.Fatalf("report: %+v", r)
	}
	if code, _, stderr := run(t, nil, "bench", "retrieval", "--chunks", "1000", "--queries", "20", "--data", data); code != 1 || !strings.Contains(stderr, "empty desk") {
		t.Fatalf("bench on a desk with data: exit %d %q, want a refusal", code, stderr)
	}
}

func TestSearchWhileAServerHoldsTheIndex(t *testing.T) {
	data := t.TempDir()
	args := []string{"--data", data}
	knowledgeFixture(t, args)
	cfg := DefaultConfig()
	cfg.DataDir = data
	m := &Main{Stdout: io.Discard, Stderr: io.Discard}
	st, err := openStore(context.Background(), &cfg, m.logger(&cfg))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	held, err := openKnowledge(context.Background(), &cfg, st, m.logger(&cfg), false)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, _, stderr := run(t, nil, append([]string{"search", "vpn"}, args...)...)
	if code != 1 || !strings.Contains(stderr, "in use by another deskpilot process") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("search while the index is held: %d %q", code, stderr)
	}
	// Mid catch-up the server's manifest says unclean: a command started
	// then must still leave the server's files alone, not rebuild them.
	held.manifest.Clean = false
	if err := held.manifest.Save(held.path(manifestFile)); err != nil {
		t.Fatal(err)
	}
	manifestBefore, err := os.ReadFile(filepath.Join(data, "index", manifestFile))
	if err != nil {
		t.Fatal(err)
	}
	identity := func() []os.FileInfo {
		var out []os.FileInfo
		for _, f := range []string{bleveDir, vectorsFile, manifestFile} {
			fi, err := os.Stat(filepath.Join(data, "index", f))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, fi)
		}
		return out
	}
	before := identity()
	for _, cmd := range [][]string{{"search", "vpn"}, {"reindex"}, {"import", "articles", writeFile(t, t.TempDir(), "x.jsonl", `{"id":"N","title":"t","body":"b"}`)}} {
		run(t, nil, append(cmd, args...)...)
		after := identity()
		for i := range before {
			if !os.SameFile(before[i], after[i]) {
				t.Fatalf("after %v beside a server: %s was replaced", cmd, before[i].Name())
			}
		}
		if got, _ := os.ReadFile(filepath.Join(data, "index", manifestFile)); string(got) != string(manifestBefore) {
			t.Fatalf("after %v beside a server: the manifest was rewritten", cmd)
		}
	}
	if hits, err := held.searcher.SearchDocuments(context.Background(), retrieval.Query{Text: "vpn gateway badge", K: 1}); err != nil || len(hits) != 1 || hits[0].Chunk.ExternalID != "KB-2" {
		t.Fatalf("the server's own search after the commands: %v %v", hits, err)
	}
}
