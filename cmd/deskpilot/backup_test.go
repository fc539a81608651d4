package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"deskpilot/demo"
	"deskpilot/store/postgres/pgtest"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
)

// probeCreator creates tickets through a running desk's API one after
// another, numbered, until stopped: the writes a backup must cut through
// at one consistent point.
type probeCreator struct {
	mu      sync.Mutex
	created int
	err     error
	started chan struct{} // closed after the first few tickets
	stop    chan struct{}
	done    chan struct{}
}

func startProbes(d *desk) *probeCreator {
	p := &probeCreator{started: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for i := 0; ; i++ {
			select {
			case <-p.stop:
				return
			default:
			}
			body := fmt.Sprintf(`{"subject":"Backup probe %04d","body":"probe number %d of the backup test"}`, i, i)
			req, _ := http.NewRequest(http.MethodPost, d.URL+"/api/v1/tickets", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+d.Creds["agent"].Token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					err = fmt.Errorf("create probe %d: status %d", i, resp.StatusCode)
				}
			}
			p.mu.Lock()
			if err != nil {
				p.err = err
				p.mu.Unlock()
				return
			}
			p.created = i + 1
			if p.created == 5 {
				close(p.started)
			}
			p.mu.Unlock()
		}
	}()
	return p
}

func (p *probeCreator) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.created
}

func (p *probeCreator) halt(t *testing.T) {
	t.Helper()
	close(p.stop)
	<-p.done
	if p.err != nil {
		t.Fatal(p.err)
	}
}

func TestBackupWhileServingThenRestore(t *testing.T) {
	d := startDesk(t, nil)
	// A solved ticket with words found nowhere else: searchable after the
	// restore only if the indexes are rebuilt from the restored records.
	code, tk := apiAs(t, d, "agent", http.MethodPost, "/api/v1/tickets", map[string]any{
		"subject": "Plotter QX77 jams on glossy paper", "body": "The QX77 plotter jams every glossy sheet."})
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, tk)
	}
	id := int64(tk["id"].(float64))
	apiAs(t, d, "agent", http.MethodPost, fmt.Sprintf("/api/v1/tickets/%d/messages", id), map[string]any{"body": "Set the QX77 feed to heavy media.", "public": true})
	if code, body := apiAs(t, d, "agent", http.MethodPatch, fmt.Sprintf("/api/v1/tickets/%d", id), map[string]any{"status": "solved"}); code != http.StatusOK {
		t.Fatalf("solve: %d %v", code, body)
	}

	probes := startProbes(d)
	select {
	case <-probes.started:
	case <-probes.done:
		t.Fatal(probes.err)
	}
	before := probes.count()
	file := filepath.Join(t.TempDir(), "desk.backup")
	code, out, stderr := run(t, nil, "backup", file, "--data", d.Data, "--json")
	after := probes.count()
	probes.halt(t)
	if code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	var man backupManifest
	if err := json.Unmarshal([]byte(out), &man); err != nil {
		t.Fatalf("backup --json: %v: %s", err, out)
	}
	if man.Format != backupFormat || man.SchemaVersion != sqlite.LatestSchemaVersion() || man.Counts["users"] == 0 {
		t.Errorf("manifest: %+v", man)
	}

	// Restored into a fresh folder: a consistent point of the live desk.
	fresh := filepath.Join(t.TempDir(), "restored")
	if code, _, stderr := run(t, nil, "restore", file, "--data", fresh); code != 0 {
		t.Fatalf("restore: exit %d: %s", code, stderr)
	}
	probesIn := compareWithLive(t, d.Data, fresh, man.Counts["tickets"])
	t.Logf("probes: %d created before the backup began, %d when it ended, %d in it", before, after, probesIn)
	if probesIn < before || probesIn > after+1 { // +1: the one being written when the backup ended
		t.Errorf("backup holds %d probes; %d were written before it began and %d when it ended", probesIn, before, after)
	}

	// Served, the restored folder rebuilds its indexes from the records.
	url := startServe(t, nil, "--data", fresh)
	r := &desk{URL: url, Data: fresh, Creds: d.Creds} // the tokens were restored too
	if code, body := apiAs(t, r, "agent", http.MethodGet, "/api/v1/search?kind=ticket&q="+urlQuery("QX77 plotter jams"), nil); code != http.StatusOK ||
		!strings.Contains(fmt.Sprint(body["hits"]), "Plotter QX77") {
		t.Errorf("search after restore: %d %v", code, body)
	}

	// A running desk is not restored over.
	code, _, stderr = run(t, nil, "restore", file, "--data", d.Data)
	if code != 1 || !strings.Contains(stderr, "in use by a running deskpilot") {
		t.Errorf("restore over a running desk: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(d.Data, previousDBFile)); err == nil {
		t.Error("restore over a running desk moved its database")
	}
}

// compareWithLive checks that the restored folder holds want tickets, each
// equal to the live desk's, and that its probes are the first n created
// (a prefix: the backup is one point in time). It returns n.
func compareWithLive(t *testing.T, liveDir, restoredDir string, want int64) int {
	t.Helper()
	ctx := context.Background()
	live, err := sqlite.Open(ctx, filepath.Join(liveDir, dbFile))
	must(t, err)
	defer live.Close()
	restored, err := sqlite.Open(ctx, filepath.Join(restoredDir, dbFile))
	must(t, err)
	defer restored.Close()
	if n, err := restored.CountTickets(ctx, tickets.TicketFilter{}); err != nil || int64(n) != want {
		t.Fatalf("restored tickets: %d (%v), manifest says %d", n, err, want)
	}
	var probes []string
	f := tickets.TicketFilter{Limit: tickets.MaxListLimit}
	for {
		page, err := restored.ListTickets(ctx, f)
		must(t, err)
		if len(page) == 0 {
			break
		}
		for _, tk := range page {
			got, err := restored.GetTicket(ctx, tk.ID)
			must(t, err)
			had, err := live.GetTicket(ctx, tk.ID)
			must(t, err)
			if diff := cmp.Diff(had, got); diff != "" {
				t.Fatalf("ticket %d differs from the live desk's (-live +restored):\n%s", tk.ID, diff)
			}
			if strings.HasPrefix(tk.Subject, "Backup probe ") {
				probes = append(probes, tk.Subject)
			}
		}
		f.AfterID = page[len(page)-1].ID
	}
	for i, s := range probes { // newest first
		if want := fmt.Sprintf("Backup probe %04d", len(probes)-1-i); s != want {
			t.Fatalf("restored probes are not a prefix of those created: %q where %q was due", s, want)
		}
	}
	return len(probes)
}

func urlQuery(s string) string { return url.QueryEscape(s) }

func TestRestoreRefusesBadFiles(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	st, err := openStore(ctx, &Config{DataDir: src}, discardLog())
	must(t, err)
	must(t, st.CreateUser(ctx, &tickets.User{Email: "ana@example.com", Role: tickets.RoleAgent}))
	must(t, st.Close())
	dir := t.TempDir()
	good := filepath.Join(dir, "good.backup")
	if code, _, stderr := run(t, nil, "backup", good, "--data", src); code != 0 {
		t.Fatalf("backup: %s", stderr)
	}
	raw, err := os.ReadFile(good)
	must(t, err)
	flipped := bytes.Clone(raw)
	flipped[len(flipped)-len(flipped)/3] ^= 0x40 // in the compressed database
	rawDB, err := os.ReadFile(filepath.Join(src, dbFile))
	must(t, err)
	man, err := readBackupManifest(bufio.NewReader(bytes.NewReader(raw)))
	must(t, err)
	otherSum := strings.Repeat("0", len(man.SHA256))
	tests := []struct {
		name, want string
		content    []byte
	}{
		{"flipped byte", "damaged", flipped},
		{"cut short", "damaged", raw[:len(raw)*2/3]},
		{"raw database", "not a deskpilot backup", rawDB},
		{"text file", "not a deskpilot backup", []byte("hello\n")},
		{"empty", "not a deskpilot backup", nil},
		{"checksum edited", "damaged", bytes.Replace(raw, []byte(man.SHA256), []byte(otherSum), 1)},
		{"counts edited", "does not match its manifest", bytes.Replace(raw, []byte(`"users":1`), []byte(`"users":2`), 1)},
		{"newer format", "cannot read", bytes.Replace(raw, []byte(`"format":1`), []byte(`"format":9`), 1)},
		{"newer schema", "newer than this deskpilot", bytes.Replace(raw, []byte(fmt.Sprintf(`"schema_version":%d`, sqlite.LatestSchemaVersion())),
			[]byte(`"schema_version":999`), 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "bad.backup")
			must(t, os.WriteFile(file, tc.content, 0o600))
			target := filepath.Join(t.TempDir(), "data")
			code, _, stderr := run(t, nil, "restore", file, "--data", target)
			if code != 1 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, file) {
				t.Errorf("exit %d, stderr %q: want 1 and %q naming the file", code, stderr, tc.want)
			}
			if _, err := os.Stat(filepath.Join(target, dbFile)); err == nil {
				t.Error("a refused restore left a database")
			}
		})
	}
}

func TestRestoreKeepsThePreviousDatabase(t *testing.T) {
	ctx := context.Background()
	src, target := t.TempDir(), t.TempDir()
	for _, dir := range []string{src, target} {
		st, err := openStore(ctx, &Config{DataDir: dir}, discardLog())
		must(t, err)
		must(t, st.CreateUser(ctx, &tickets.User{Email: filepath.Base(dir) + "@example.com", Role: tickets.RoleAgent}))
		must(t, st.Close())
	}
	// The target has indexes, made from the records about to be replaced.
	if code, _, stderr := run(t, nil, "reindex", "--data", target); code != 0 {
		t.Fatal(stderr)
	}
	file := filepath.Join(t.TempDir(), "src.backup")
	if code, _, stderr := run(t, nil, "backup", file, "--data", src); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := run(t, nil, "restore", file, "--data", target)
	if code != 0 {
		t.Fatalf("restore: %s", stderr)
	}
	if !strings.Contains(out, previousDBFile) {
		t.Errorf("restore does not say where the previous database is: %s", out)
	}
	emailOf := func(path string) string {
		info, err := sqlite.Inspect(ctx, path)
		must(t, err)
		db, err := sqlite.Open(ctx, path)
		must(t, err)
		defer db.Close()
		users, err := db.ListUsers(ctx, tickets.RoleAgent)
		must(t, err)
		if len(users) != 1 || info.Counts["users"] != 1 {
			t.Fatalf("%s: users %v", path, users)
		}
		return users[0].Email
	}
	if got, want := emailOf(filepath.Join(target, dbFile)), filepath.Base(src)+"@example.com"; got != want {
		t.Errorf("restored user %s, want %s", got, want)
	}
	if got, want := emailOf(filepath.Join(target, previousDBFile)), filepath.Base(target)+"@example.com"; got != want {
		t.Errorf("previous user %s, want %s", got, want)
	}
	entries, err := os.ReadDir(filepath.Join(target, "index"))
	must(t, err)
	for _, e := range entries {
		if e.Name() != "LOCK" {
			t.Errorf("derived %s left after the restore", e.Name())
		}
	}
}

func TestBackupInPostgreSQLModeSaysPgDump(t *testing.T) {
	for _, cmd := range []string{"backup", "restore"} {
		code, _, stderr := run(t, nil, cmd, "x.backup", "--database-url", "postgres://u@localhost/db")
		if code != 1 || !strings.Contains(stderr, "pg_dump -Fc") || !strings.Contains(stderr, "pg_restore") {
			t.Errorf("%s: exit %d: %s", cmd, code, stderr)
		}
	}
}

// TestPgDumpAndRestore follows the README for PostgreSQL mode: pg_dump of
// a desk's database, pg_restore into another, and a node with a data
// folder of its own serves the restored desk: every table holds the same
// rows, and searches find the same records in the same order.
func TestPgDumpAndRestore(t *testing.T) {
	cl := pgtest.NewCluster(t)
	src, dst := cl.Database(t, "desk"), cl.Database(t, "desk_restored")
	ctx := context.Background()
	st, err := openStore(ctx, &Config{DatabaseURL: src}, discardLog())
	must(t, err)
	_, err = loadDemo(ctx, st, demo.Generate(demo.Options{Seed: 5, Tickets: 200, Months: 2}))
	st.Close()
	must(t, err)
	queries := []string{"VPN keeps disconnecting", "reset my password", "printer offline"}
	before := searchIDs(t, src, queries) // indexes the desk: its chunks and vectors are in the database too
	counts := rowCounts(t, src)
	if counts["tickets"] == 0 || counts["chunks"] == 0 {
		t.Fatalf("the desk to dump is empty: %v", counts)
	}

	dump := filepath.Join(t.TempDir(), "deskpilot.dump")
	runTool(t, cl.Bin("pg_dump"), "-Fc", "-f", dump, src)
	runTool(t, cl.Bin("pg_restore"), "--clean", "--if-exists", "--no-owner", "-d", dst, dump)

	if diff := cmp.Diff(counts, rowCounts(t, dst)); diff != "" {
		t.Errorf("rows per table after pg_restore (-dumped +restored):\n%s", diff)
	}
	if diff := cmp.Diff(before, searchIDs(t, dst, queries)); diff != "" {
		t.Errorf("search results on the restored desk (-before +after):\n%s", diff)
	}
}

// searchIDs runs `deskpilot search` on a PostgreSQL desk from a data
// folder of its own (a new node, which builds its text index) and returns
// the hits' ids per query.
func searchIDs(t *testing.T, dbURL string, queries []string) map[string][]string {
	t.Helper()
	data := t.TempDir()
	out := map[string][]string{}
	for _, q := range queries {
		code, stdout, stderr := run(t, nil, "search", q, "--json", "--database-url", dbURL, "--data", data)
		if code != 0 {
			t.Fatalf("search %q: exit %d: %s", q, code, stderr)
		}
		var res struct {
			Hits []searchHit `json:"hits"`
		}
		if err := json.Unmarshal([]byte(stdout), &res); err != nil || len(res.Hits) == 0 {
			t.Fatalf("search %q: %v: %s", q, err, stdout)
		}
		for _, h := range res.Hits {
			out[q] = append(out[q], h.Kind+":"+h.ID)
		}
	}
	return out
}

// rowCounts counts the rows of every table of the public schema.
func rowCounts(t *testing.T, dbURL string) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	must(t, err)
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)
	must(t, err)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	must(t, err)
	counts := map[string]int64{}
	for _, name := range names {
		var n int64
		must(t, conn.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{name}.Sanitize()).Scan(&n))
		counts[name] = n
	}
	return counts
}

// runTool runs a PostgreSQL program and fails the test with its output
// when it fails.
func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}
