package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/gdocs/gdocstest"
	"deskpilot/connectors/servicenow/servicenowtest"
	"deskpilot/connectors/zendesk/zendesktest"
	"deskpilot/store/sqlite"
)

// twoDesks are a fake Zendesk and a fake ServiceNow with an article and a
// ticket each, and a configuration file that names them, with their
// secrets in the environment.
type twoDesks struct {
	zd      *zendesktest.Server
	sn      *servicenowtest.Server
	conf    string
	env     map[string]string
	zdID    string // the Zendesk article's external id
	snID    string // the ServiceNow article's
	secrets []string
}

func newTwoDesks(t *testing.T) *twoDesks {
	t.Helper()
	zd, sn := zendesktest.New(t), servicenowtest.New(t)
	sec := zd.AddSection(zendesktest.Section{Name: "VPN"})
	article := zd.AddArticle(zendesktest.Article{Title: "Reset your VPN token",
		Body: "<p>Open the VPN client, choose Reset token and sign in again.</p>", SectionID: sec.ID})
	ana := zd.AddUser(zendesktest.User{Name: "Ana", Email: "ana@example.com"})
	zd.AddTicket(zendesktest.Ticket{Subject: "VPN drops", Status: "solved", RequesterID: ana.ID,
		Comments: []zendesktest.Comment{{AuthorID: ana.ID, Body: "My VPN drops every hour.", Public: true}}})
	snArticle := sn.AddArticle(servicenowtest.Article{Title: "Add the floor 2 printer",
		Text: "<p>Open Settings, Printers, and add the floor 2 printer by its queue name.</p>"})
	caller := sn.AddUser(servicenowtest.User{UserName: "bob.ng", Email: "bob@example.com"})
	sn.AddIncident(servicenowtest.Incident{ShortDescription: "Printer jam", Description: "The floor 2 printer jams.", State: "6", CallerID: caller.SysID})
	dir := t.TempDir()
	conf := writeFile(t, dir, "deskpilot.yaml", fmt.Sprintf(`# two help desks
connectors:
  - type: zendesk
    base_url: %s
    email: %s
    page_size: 50
  - type: servicenow
    name: itsm
    base_url: %s
    username: %s
    reconcile_every: 12h
`, zd.URL, zendesktest.Email, sn.URL, servicenowtest.Username))
	return &twoDesks{zd: zd, sn: sn, conf: conf,
		env:  map[string]string{"DESKPILOT_ZENDESK_TOKEN": zendesktest.Token, "DESKPILOT_ITSM_PASSWORD": servicenowtest.Password},
		zdID: strconv.FormatInt(article, 10) + "-en-us", snID: snArticle,
		secrets: []string{zendesktest.Token, servicenowtest.Password}}
}

// syncOutput is what sync --json and sync --status --json print.
type syncOutput struct {
	Sources []struct {
		connectors.SyncState
		Type  string `json:"type"`
		Stale bool   `json:"stale"`
		Busy  bool   `json:"busy"`
	} `json:"sources"`
}

func decodeSync(t *testing.T, out string) syncOutput {
	t.Helper()
	var s syncOutput
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("sync output %q: %v", out, err)
	}
	return s
}

func noSecrets(t *testing.T, secrets []string, outputs ...string) {
	t.Helper()
	for _, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("a secret shows in the output:\n%s", out)
			}
		}
	}
}

func TestSyncEndToEnd(t *testing.T) {
	d := newTwoDesks(t)
	forEachStore(t, func(t *testing.T, args []string) {
		code, out, stderr := run(t, d.env, append([]string{"sync", "--config", d.conf, "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("sync: exit %d: %s", code, stderr)
		}
		got := decodeSync(t, out)
		if len(got.Sources) != 2 {
			t.Fatalf("sync --json: %s", out)
		}
		for i, want := range []struct{ name, typ string }{{"zendesk", "zendesk"}, {"itsm", "servicenow"}} {
			s := got.Sources[i]
			if s.Source != want.name || s.Type != want.typ || s.Status != connectors.StatusOK || s.Counts.Added != 2 || s.LastSuccessAt.IsZero() {
				t.Errorf("source %d: %+v", i, s)
			}
		}
		for _, q := range []struct{ query, id string }{{"reset VPN token", d.zdID}, {"floor 2 printer queue", d.snID}} {
			code, out, stderr = run(t, nil, append([]string{"search", q.query, "--json", "--kind", "article"}, args...)...)
			if code != 0 || !strings.Contains(out, `"id": "`+q.id+`"`) {
				t.Errorf("search %q after sync: exit %d, %s %s; want article %s", q.query, code, out, stderr, q.id)
			}
		}
		code, status, stderr := run(t, nil, append([]string{"sync", "--status", "--json", "--config", d.conf}, args...)...)
		st := decodeSync(t, status)
		if code != 0 || len(st.Sources) != 2 || st.Sources[1].Source != "itsm" || st.Sources[1].Status != connectors.StatusOK ||
			st.Sources[1].Stale || st.Sources[1].Streams["tickets"].Cursor == "" {
			t.Errorf("sync --status --json: exit %d: %s %s", code, status, stderr)
		}
		code, table, _ := run(t, nil, append([]string{"sync", "--status", "--config", d.conf}, args...)...)
		if code != 0 || !strings.Contains(table, "LAST SUCCESS") || !strings.Contains(table, "itsm") {
			t.Errorf("sync --status: %s", table)
		}
		code, again, stderr := run(t, d.env, append([]string{"sync", "itsm", "--config", d.conf}, args...)...)
		if code != 0 || !strings.HasPrefix(again, "itsm: ok: 0 added, 0 updated") || strings.Contains(again, "zendesk") {
			t.Errorf("sync of one connector: exit %d: %q %s", code, again, stderr)
		}
		noSecrets(t, d.secrets, out, status, table, again, stderr)
	})
}

func TestSyncFailureExitsOneAndSyncsTheRest(t *testing.T) {
	d := newTwoDesks(t)
	d.env["DESKPILOT_ITSM_PASSWORD"] = "not-the-password-42"
	code, out, stderr := run(t, d.env, "sync", "--config", d.conf, "--data", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "deskpilot sync: 1 of 2 sources failed: itsm") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(out, "zendesk: ok: 2 added") || !strings.Contains(out, "itsm: failed") ||
		!strings.Contains(out, "HTTP 401: User Not Authenticated") {
		t.Fatalf("output %q", out)
	}
	noSecrets(t, append(d.secrets, "not-the-password-42"), out, stderr)
}

func TestSyncLeavesABusySourceAlone(t *testing.T) {
	d := newTwoDesks(t)
	data := t.TempDir()
	db, err := sqlite.Open(context.Background(), filepath.Join(data, "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := db.ClaimSync(context.Background(), "zendesk", "other-node/42", now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, stderr := run(t, d.env, "sync", "--config", d.conf, "--data", data, "--json")
	got := decodeSync(t, out)
	if code != 0 || !strings.Contains(stderr, "zendesk: already running elsewhere") || !got.Sources[0].Busy ||
		got.Sources[0].Owner != "other-node/42" || got.Sources[1].Status != connectors.StatusOK {
		t.Fatalf("exit %d, stderr %q, out %s", code, stderr, out)
	}
	if len(d.zd.Requests()) != 0 {
		t.Fatalf("the busy source was fetched: %v", d.zd.Requests())
	}
}

func TestSyncReset(t *testing.T) {
	d := newTwoDesks(t)
	data := t.TempDir()
	if code, _, stderr := run(t, d.env, "sync", "zendesk", "--config", d.conf, "--data", data); code != 0 {
		t.Fatalf("sync: %s", stderr)
	}
	code, out, stderr := run(t, d.env, "sync", "zendesk", "--reset", "--config", d.conf, "--data", data, "--json")
	got := decodeSync(t, out)
	if code != 0 || got.Sources[0].Counts.Unchanged != 2 || got.Sources[0].Counts.Added != 0 {
		t.Fatalf("sync --reset: exit %d %s %s; want everything read again, unchanged", code, out, stderr)
	}
}

func TestSyncFiles(t *testing.T) {
	docs := t.TempDir()
	writeFile(t, docs, "vpn.md", "---\nid: KB-1\n---\n# Reset your VPN token\n\nOpen the VPN client and choose Reset token.")
	writeFile(t, docs, "printer.md", "# Add a printer\n\nOpen Settings, then Printers, then Add.")
	writeFile(t, docs, "broken.md", "---\nvisibility: everyone\n---\n# Broken\n\nBad visibility.")
	conf := writeFile(t, t.TempDir(), "deskpilot.yaml", "connectors:\n  - type: files\n    name: kb\n    kind: articles\n    paths: ["+docs+"]\n")
	data := t.TempDir()
	sync := func() syncOutput {
		t.Helper()
		code, out, stderr := run(t, nil, "sync", "--config", conf, "--data", data, "--json")
		if code != 0 {
			t.Fatalf("sync: exit %d: %s", code, stderr)
		}
		return decodeSync(t, out)
	}
	first := sync().Sources[0]
	if first.Counts.Added != 2 || first.Counts.Skipped != 1 || len(first.Problems) != 1 ||
		!strings.HasSuffix(first.Problems[0].File, "broken.md") || !strings.Contains(first.Problems[0].Message, "visibility") {
		t.Fatalf("first sync: %+v", first)
	}
	if code, out, _ := run(t, nil, "search", "reset VPN token", "--data", data, "--json"); code != 0 || !strings.Contains(out, `"id": "KB-1"`) {
		t.Fatalf("search after the files sync: %s", out)
	}
	old := time.Now().Add(-time.Hour) // the next sync reads only what changed since the first
	for _, name := range []string{"vpn.md", "printer.md", "broken.md"} {
		must(t, os.Chtimes(filepath.Join(docs, name), old, old))
	}
	if again := sync().Sources[0]; again.Counts.Added+again.Counts.Updated+again.Counts.Unchanged+again.Counts.Skipped != 0 {
		t.Fatalf("a sync with no file changed read some: %+v", again.Counts)
	}
	writeFile(t, docs, "printer.md", "# Add a printer\n\nOpen Settings, then Printers, then Add. Pick the floor.")
	must(t, os.Remove(filepath.Join(docs, "vpn.md")))
	last := sync().Sources[0]
	if last.Counts.Updated != 1 || last.Counts.Deleted != 1 || last.Counts.Unchanged != 0 {
		t.Fatalf("after an edit and a removal: %+v", last.Counts)
	}
	if _, out, _ := run(t, nil, "search", "reset VPN token", "--data", data, "--json"); strings.Contains(out, `"KB-1"`) {
		t.Fatalf("a removed file is still found: %s", out)
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func TestSyncConfigMistakes(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, yaml string
		code       int
		want       string
	}{
		{"misspelt key", "connectors:\n  - type: zendesk\n    subdomian: acme\n", 1,
			`deskpilot.yaml:3: connectors[0] (zendesk): unknown key "subdomian" (known: type, name, reconcile_every, subdomain,`},
		{"no type", "connectors:\n  - name: kb\n    kind: articles\n", 1, "deskpilot.yaml:2: connectors[0]: type: required (one of confluence, files, freshdesk, freshservice, gdocs, jira, servicenow, zendesk)"},
		{"jira without projects", "connectors:\n  - type: jira\n    url: https://acme.atlassian.net\n    email: a@acme.com\n    api_token: x\n", 1, `projects`},
		{"freshdesk without a domain", "connectors:\n  - type: freshdesk\n    api_key: k\n", 1, `domain`},
		{"confluence without spaces", "connectors:\n  - type: confluence\n    url: https://acme.atlassian.net/wiki\n    email: a@acme.com\n    api_token: x\n", 1, `spaces`},
		{"an unknown type", "connectors:\n  - type: zendesc\n", 1, `type "zendesc": unknown`},
		{"two of a name", "connectors:\n  - type: zendesk\n    subdomain: a\n  - type: zendesk\n    subdomain: b\n", 1,
			`deskpilot.yaml:4: connector name "zendesk" is used on line 2 already`},
		{"a bad value", "connectors:\n  - type: servicenow\n    page_size: lots\n", 1, "cannot unmarshal !!str `lots` into int"},
		{"what the connector refuses", "connectors:\n  - type: zendesk\n    email: a@b.c\n    api_token: x\n", 1,
			`deskpilot.yaml:2: connector zendesk: zendesk: subdomain "" is not a Zendesk subdomain`},
		{"bad reconcile_every", "connectors:\n  - type: gdocs\n    reconcile_every: daily\n", 1, `reconcile_every "daily"`},
		{"not YAML", "connectors: [\n", 1, "deskpilot.yaml: yaml:"},
		{"an unknown top key", "sources:\n  - type: zendesk\n", 1, `deskpilot.yaml:1: unknown key "sources"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conf := writeFile(t, dir, "deskpilot.yaml", c.yaml)
			code, _, stderr := run(t, nil, "sync", "--config", conf, "--data", t.TempDir())
			if code != c.code || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
				t.Fatalf("exit %d, stderr %q; want %d and %q on one line", code, stderr, c.code, c.want)
			}
		})
	}
	conf := writeFile(t, dir, "deskpilot.yaml", "connectors:\n  - type: zendesk\n    subdomain: acme\n    email: a@acme.com\n    api_token: t\n")
	for _, c := range []struct {
		args []string
		env  map[string]string
		code int
		want string
	}{
		{[]string{"sync", "freshdesk", "--config", conf}, nil, 2, `unknown connector "freshdesk": the configuration has zendesk`},
		{[]string{"sync", "--config", filepath.Join(dir, "missing.yaml")}, nil, 1, "configuration file (--config, DESKPILOT_CONFIG): open"},
		{[]string{"sync"}, map[string]string{"DESKPILOT_CONFIG": filepath.Join(dir, "missing.yaml")}, 1, "missing.yaml: no such file"},
		{[]string{"sync", "--status", "--reset"}, nil, 2, "do not go together"},
	} {
		code, _, stderr := run(t, c.env, append(c.args, "--data", t.TempDir())...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

func TestConfigShowsConnectorsMasked(t *testing.T) {
	d := newTwoDesks(t)
	code, out, stderr := run(t, d.env, "config", "--config", d.conf)
	if code != 0 {
		t.Fatalf("config: exit %d: %s", code, stderr)
	}
	noSecrets(t, d.secrets, out)
	for _, want := range []string{"DESKPILOT_CONFIG", "itsm", "DESKPILOT_ITSM_PASSWORD", "DESKPILOT_ZENDESK_TOKEN", "********", "12h0m0s"} {
		if !strings.Contains(out, want) {
			t.Errorf("config lacks %q:\n%s", want, out)
		}
	}
	// The default file: ./deskpilot.yaml.
	t.Chdir(filepath.Dir(d.conf))
	code, out, _ = run(t, nil, "config")
	lines := strings.Split(out, "\n")
	if code != 0 || !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "connectors (") }) {
		t.Fatalf("config without --config in a folder with deskpilot.yaml:\n%s", out)
	}
}

// TestSyncGoogleDocs: a Drive folder synced through the configuration,
// with its token in the environment and a progress line on a terminal.
func TestSyncGoogleDocs(t *testing.T) {
	drive := gdocstest.New(t)
	folder := drive.AddFolder("IT")
	doc := drive.AddFile(gdocstest.File{Name: "Badge reader reset", Parents: []string{folder},
		Text: "Hold the badge reader's reset button for ten seconds."})
	conf := writeFile(t, t.TempDir(), "deskpilot.yaml", fmt.Sprintf(
		"connectors:\n  - type: gdocs\n    name: it-docs\n    folders: [%s]\n    base_url: %s\n", folder, drive.URL))
	data := t.TempDir()
	var out, errb bytes.Buffer
	env := map[string]string{"DESKPILOT_IT_DOCS_TOKEN": gdocstest.Token}
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }, Interactive: true}
	if code := m.Run(context.Background(), []string{"sync", "--config", conf, "--data", data}); code != 0 {
		t.Fatalf("sync: exit %d: %s", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "it-docs: ok: 1 added") || !strings.Contains(errb.String(), "\r\033[Ksyncing it-docs articles: page 1, 1 added, 0 updated, 0 unchanged, 0 deleted\r\033[K") {
		t.Fatalf("output %q, progress %q", out.String(), errb.String())
	}
	code, hits, _ := run(t, nil, "search", "badge reader reset button", "--data", data, "--json")
	if code != 0 || !strings.Contains(hits, `"id": "`+doc+`"`) {
		t.Fatalf("search after the Drive sync: %s", hits)
	}
	noSecrets(t, []string{gdocstest.Token}, out.String(), errb.String())
}
