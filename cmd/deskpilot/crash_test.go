//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
	"deskpilot/connectors/zendesk/zendesktest"
	"deskpilot/demo"
	"deskpilot/retrieval"
	"deskpilot/simulation"
)

// minKills is how many times each command is killed.
const minKills = 20

// crashDesk is the demo desk the kill tests load, as files, with the desk
// it makes when loaded without a kill.
type crashDesk struct {
	desk              *demo.Desk
	articles, tickets string // JSONL exports
	edited            string // the tickets again, one in ten edited
	probes            []string
	jobs              []*killJob // the imports that load it, in order
	ref               string     // a data folder loaded without a kill
	want              *deskState
}

// newCrashDesk exports a demo desk of n tickets and loads it with the
// binary, uninterrupted, timing each import.
func newCrashDesk(t *testing.T, k *killer, n int) *crashDesk {
	t.Helper()
	dir := t.TempDir()
	desk := demo.Generate(demo.Options{Seed: 7, Tickets: n, Months: 4})
	must(t, desk.Export(dir))
	d := &crashDesk{desk: desk, articles: filepath.Join(dir, "articles.jsonl"), tickets: filepath.Join(dir, "tickets.jsonl"),
		edited: filepath.Join(dir, "edited.jsonl")}
	var edited []string
	for i, tk := range desk.Tickets {
		if i%10 == 0 && len(tk.Messages) > 0 {
			tk.Messages = append(tk.Messages[:len(tk.Messages):len(tk.Messages)],
				files.Message{Author: "agent", Body: fmt.Sprintf("Follow-up %d: closed after the requester confirmed.", i), CreatedAt: tk.CreatedAt.Add(48 * time.Hour)})
		}
		b, err := json.Marshal(tk)
		must(t, err)
		edited = append(edited, string(b))
	}
	must(t, os.WriteFile(d.edited, []byte(strings.Join(edited, "\n")+"\n"), 0o644))
	for i := 0; i < len(desk.Articles); i += len(desk.Articles)/4 + 1 {
		d.probes = append(d.probes, desk.Articles[i].Title)
	}
	for i := 7; i < len(desk.Tickets); i += len(desk.Tickets)/4 + 1 {
		d.probes = append(d.probes, desk.Tickets[i].Subject)
	}
	d.ref = t.TempDir()
	for _, args := range [][]string{{"import", "articles", d.articles}, {"import", "tickets", d.tickets}, {"import", "tickets", d.edited}} {
		d.jobs = append(d.jobs, k.newJob(args, "--data", d.ref))
	}
	d.want = readDesk(t, d.ref, d.probes)
	t.Logf("desk: %d articles, %d tickets, %d chunks; imports take %s, %s, %s", len(desk.Articles), n, d.want.Chunks,
		d.jobs[0].full, d.jobs[1].full, d.jobs[2].full)
	return d
}

// TestCrashSafety kills import, sync and simulate with SIGKILL at random
// points, again and again, re-running each killed command until a run
// completes, and compares what they leave with what an uninterrupted run
// leaves: records by kind and source with their content, no duplicate,
// indexes that a search repairs by itself and that find what an
// uninterrupted run's find, sync states, simulation reports and results.
func TestCrashSafety(t *testing.T) {
	bin := buildDeskpilot(t)
	seed := crashSeed(t, 1)
	k := newKiller(t, bin, seed)
	desk := newCrashDesk(t, k, 600)
	t.Run("import", func(t *testing.T) { testImportKills(t, newKiller(t, bin, seed+1), desk) })
	t.Run("index", func(t *testing.T) { testIndexKills(t, newKiller(t, bin, seed+2), desk) })
	t.Run("sync", func(t *testing.T) { testSyncKills(t, bin, seed+3, desk) })
	t.Run("simulate", func(t *testing.T) { testSimulateKills(t, newKiller(t, bin, seed+4)) })
}

// testImportKills loads the desk into fresh data folders, killing the
// imports, until the imports were killed minKills times.
func testImportKills(t *testing.T, k *killer, desk *crashDesk) {
	rounds := 0
	for ; k.kills < minKills; rounds++ {
		data := t.TempDir()
		for _, j := range desk.jobs {
			k.untilDone(j, "--data", data)
		}
		compareDesks(t, desk.want, readDesk(t, data, desk.probes))
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d kills in %d loads of the desk", k.kills, rounds)
}

// testIndexKills kills the indexing itself: the first search after
// imports that did not get to index, and reindex, each at random points;
// the next command repairs or rebuilds the indexes.
func testIndexKills(t *testing.T, k *killer, desk *crashDesk) {
	// Killed once, the catch-up becomes a rebuild: the reindex of an
	// uninterrupted copy of the desk times it.
	search := k.newJob([]string{"reindex"}, "--data", desk.ref)
	search.args = []string{"search", desk.probes[0]}
	var data string
	searchKills, rounds := 0, 0
	for ; searchKills < minKills/4; rounds++ {
		data = t.TempDir()
		k.run(append(desk.jobs[0].args, "--data", data)...)
		// The tickets' records are saved, their indexing cut off.
		for _, j := range desk.jobs[1:] {
			k.killAfterLine("import done", append(j.args, "--data", data)...)
		}
		m, err := retrieval.LoadManifest(filepath.Join(data, "index", manifestFile))
		if err != nil || m == nil || len(m.Versions) >= len(desk.want.Indexed) {
			t.Fatalf("the index after imports killed before indexing: %v; want the articles alone", err)
		}
		searchKills += k.untilDone(search, "--data", data)
		compareDesks(t, desk.want, readDesk(t, data, desk.probes))
	}
	// Each reindex killed; the search after it rebuilds what it left.
	reindex := k.newJob([]string{"reindex"}, "--data", data)
	for reindexKills := 0; reindexKills < minKills/4; {
		if !k.attempt(k.delay(reindex.full), "reindex", "--data", data) {
			continue
		}
		reindexKills++
		code, out, stderr := run(t, nil, "search", desk.probes[1], "--json", "--data", data)
		if code != 0 || !strings.Contains(out, `"id"`) {
			t.Fatalf("search after a killed reindex: exit %d: %s %s", code, out, stderr)
		}
	}
	compareDesks(t, desk.want, readDesk(t, data, desk.probes))
	t.Logf("first searches after imports killed %d times in %d rounds, then reindex %d times", searchKills, rounds, minKills/4)
}

// fileLines reads a file's lines.
func fileLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	must(t, sc.Err())
	return out
}

// testSyncKills syncs three sources into fresh data folders, killing the
// syncs, until they were killed minKills times: the desk's articles and
// tickets as files, and a Zendesk of small pages, each page a checkpoint.
func testSyncKills(t *testing.T, bin string, seed uint64, desk *crashDesk) {
	zd := zendesktest.New(t)
	zd.ArticlePageSize, zd.TicketPageSize = 10, 10
	sec := zd.AddSection(zendesktest.Section{Name: "IT"})
	for _, a := range desk.desk.Articles[:30] {
		zd.AddArticle(zendesktest.Article{Title: a.Title, Body: a.Body, SectionID: sec.ID})
	}
	requester := zd.AddUser(zendesktest.User{Name: "Ana", Email: "ana@example.com"})
	agent := zd.AddUser(zendesktest.User{Name: "Sam", Email: "sam@example.com", Role: "agent"})
	for _, tk := range desk.desk.Tickets[:100] {
		var comments []zendesktest.Comment
		for _, m := range tk.Messages {
			author := requester.ID
			if m.Author != "requester" {
				author = agent.ID
			}
			comments = append(comments, zendesktest.Comment{AuthorID: author, Body: m.Body, Public: m.IsPublic()})
		}
		zd.AddTicket(zendesktest.Ticket{Subject: tk.Subject, Status: "solved", RequesterID: requester.ID, Comments: comments})
	}
	conf := writeFile(t, t.TempDir(), "deskpilot.yaml", fmt.Sprintf(`connectors:
  - type: files
    name: kb
    kind: articles
    paths: [%q]
  - type: files
    name: history
    kind: tickets
    paths: [%q]
  - type: zendesk
    base_url: %s
    email: %s
    page_size: 20
`, desk.articles, desk.tickets, zd.URL, zendesktest.Email))
	env := map[string]string{"DESKPILOT_ZENDESK_TOKEN": zendesktest.Token}
	k := newKiller(t, bin, seed, "DESKPILOT_ZENDESK_TOKEN="+zendesktest.Token)
	ref := t.TempDir()
	sync := k.newJob([]string{"sync", "--config", conf}, "--data", ref)
	want, wantStates := readDesk(t, ref, desk.probes), syncStates(t, env, conf, ref)
	t.Logf("an uninterrupted sync takes %s: %v", sync.full.Round(time.Millisecond), want.Counts)
	rounds := 0
	for ; k.kills < minKills; rounds++ {
		data := t.TempDir()
		k.untilDone(sync, "--data", data)
		compareDesks(t, want, readDesk(t, data, desk.probes))
		if d := cmp.Diff(wantStates, syncStates(t, env, conf, data)); d != "" {
			t.Errorf("sync states after the kills (-want +got):\n%s", d)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d kills in %d syncs of the desk", k.kills, rounds)
}

// syncStates returns where each source's streams stand after a sync,
// which must have ended well.
func syncStates(t *testing.T, env map[string]string, conf, data string) map[string]map[string]string {
	t.Helper()
	code, out, stderr := run(t, env, "sync", "--status", "--json", "--config", conf, "--data", data)
	if code != 0 {
		t.Fatalf("sync --status: exit %d: %s", code, stderr)
	}
	states := map[string]map[string]string{}
	for _, s := range decodeSync(t, out).Sources {
		if s.Status != connectors.StatusOK || s.Stale || s.Owner != "" || s.LastError != "" {
			t.Errorf("source %s after the sync: status %s, stale %v, owner %q, error %q", s.Source, s.Status, s.Stale, s.Owner, s.LastError)
		}
		states[s.Source] = map[string]string{}
		for kind, ss := range s.Streams {
			if ss.Resuming {
				t.Errorf("source %s: stream %s still resuming from %q", s.Source, kind, ss.Checkpoint)
			}
			states[s.Source][kind] = ss.Cursor
		}
	}
	return states
}

// testSimulateKills replays a history into fresh output folders, killing
// the simulation, until it was killed minKills times; each time the
// report and every ticket's result equal an uninterrupted run's, and the
// checkpoint holds one line per ticket.
func testSimulateKills(t *testing.T, k *killer) {
	dir := t.TempDir()
	must(t, demo.Generate(demo.Options{Seed: 11, Tickets: 150, Months: 2}).Export(dir))
	ref := t.TempDir()
	simulate := k.newJob([]string{"simulate", "--tickets", filepath.Join(dir, "tickets.jsonl"),
		"--articles", filepath.Join(dir, "articles.jsonl"), "--data", t.TempDir()}, "--out", ref)
	wantReport, wantResults := readReport(t, ref), simResults(t, ref)
	t.Logf("an uninterrupted simulation takes %s: %d tickets, %d automated, %d resolved",
		simulate.full.Round(time.Millisecond), wantReport.Tickets, wantReport.Automated, wantReport.Resolved)
	approx := cmpopts.EquateApprox(0, 1e-9) // sums over maps may differ in the last bit
	rounds := 0
	for ; k.kills < minKills; rounds++ {
		out := t.TempDir()
		k.untilDone(simulate, "--out", out)
		got := readReport(t, out)
		if got.Tickets != wantReport.Tickets || got.Automated != wantReport.Automated || got.Resolved != wantReport.Resolved {
			t.Errorf("after the kills: %d tickets, %d automated, %d resolved; uninterrupted: %d, %d, %d",
				got.Tickets, got.Automated, got.Resolved, wantReport.Tickets, wantReport.Automated, wantReport.Resolved)
		}
		if d := cmp.Diff(wantReport, got, approx); d != "" {
			t.Errorf("report.json after the kills (-want +got):\n%s", d)
		}
		if d := cmp.Diff(wantResults, simResults(t, out), approx); d != "" {
			t.Errorf("results after the kills (-want +got):\n%s", d)
		}
		if d := cmp.Diff(dirNames(t, ref), dirNames(t, out)); d != "" {
			t.Errorf("the output folder after the kills (-want +got):\n%s", d)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	t.Logf("%d kills in %d simulations", k.kills, rounds)
}

// simResults reads a run's checkpoint, which must hold one line per
// ticket, by ticket id.
func simResults(t *testing.T, out string) map[string]simulation.Result {
	t.Helper()
	res := map[string]simulation.Result{}
	for i, line := range fileLines(t, filepath.Join(out, simulation.ResultsFile)) {
		var r simulation.Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s line %d: %v", simulation.ResultsFile, i+1, err)
		}
		if _, dup := res[r.ID]; dup {
			t.Errorf("%s: ticket %s twice", simulation.ResultsFile, r.ID)
		}
		res[r.ID] = r
	}
	if rep := readReport(t, out); len(res) != rep.Tickets {
		t.Errorf("%s holds %d results for %d tickets", simulation.ResultsFile, len(res), rep.Tickets)
	}
	return res
}
