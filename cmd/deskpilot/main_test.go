package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/store/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// run runs the program in-process and returns its exit status and output.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func ticketLines(n int) []string {
	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf(`{"id":"T-%d","subject":"VPN drops %d","created_at":"2025-01-%02dT09:00:00Z","status":"solved","category":"Network/VPN","team":"Network","priority":"normal","messages":[{"author":"requester","body":"My VPN keeps disconnecting","created_at":"2025-01-%02dT09:00:00Z"},{"author":"agent","body":"Update the client","created_at":"2025-01-%02dT10:00:00Z","public":true}]}`, i, i, i%28+1, i%28+1, i%28+1))
	}
	return lines
}

func decodeSummary(t *testing.T, s string) connectors.Summary {
	t.Helper()
	var sum connectors.Summary
	if err := json.Unmarshal([]byte(s), &sum); err != nil {
		t.Fatalf("summary %q: %v", s, err)
	}
	return sum
}

// forEachStore runs fn as a subtest per store, with the flags that select
// it: the embedded store always, PostgreSQL unless it is absent (a skip,
// or a failure when DESKPILOT_TEST_REQUIRE_PG=1).
func forEachStore(t *testing.T, fn func(t *testing.T, args []string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, []string{"--data", t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) { fn(t, []string{"--database-url", pgtest.New(t)}) })
}

func TestImportBadInputKeepsTheGoodAndNamesTheBad(t *testing.T) {
	dir := t.TempDir()
	lines := ticketLines(5)
	lines[1] = `{"id":"T-1","subject":"broken`                                                // truncated JSON
	lines[2] = strings.Replace(lines[2], "VPN drops", "VPN \xff\xfe drops", 1)                // invalid UTF-8: repaired
	lines[3] = strings.Replace(lines[3], "keeps disconnecting", strings.Repeat("z", 5000), 1) // oversized
	p := writeFile(t, dir, "tickets.jsonl", strings.Join(lines, "\n")+"\n"+`{"id":"T-9","messages":[]}`+"\n")
	forEachStore(t, func(t *testing.T, args []string) {
		{
			code, out, stderr := run(t, nil, append([]string{"import", "tickets", p, "--json", "--max-record-bytes", "2000"}, args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			sum := decodeSummary(t, out)
			if sum.Added != 3 || sum.Skipped != 3 || len(sum.Errors) != 3 || len(sum.Warnings) != 1 {
				t.Fatalf("summary: %+v", sum)
			}
			for i, want := range []struct {
				line int
				msg  string
			}{{2, "invalid JSON"}, {4, "over the limit"}, {6, "created_at is required"}} {
				if e := sum.Errors[i]; e.Line != want.line || !strings.Contains(e.Message, want.msg) || e.File != p {
					t.Errorf("error %d: %+v, want line %d with %q", i, e, want.line, want.msg)
				}
			}
			if sum.Warnings[0].Line != 3 {
				t.Errorf("warning: %+v", sum.Warnings[0])
			}
		}
	})
}

func TestImportTwiceAddsNothing(t *testing.T) {
	p := writeFile(t, t.TempDir(), "t.jsonl", strings.Join(ticketLines(1200), "\n"))
	forEachStore(t, func(t *testing.T, args []string) {
		{
			code, out, stderr := run(t, nil, append([]string{"import", "tickets", p, "--json"}, args...)...)
			if code != 0 {
				t.Fatalf("first import: %d %s", code, stderr)
			}
			if sum := decodeSummary(t, out); sum.Added != 1200 {
				t.Fatalf("first import: %+v", sum)
			}
			code, out, _ = run(t, nil, append([]string{"import", "tickets", p, "--json"}, args...)...)
			if sum := decodeSummary(t, out); code != 0 || sum.Added != 0 || sum.Unchanged != 1200 || sum.Updated != 0 {
				t.Fatalf("second import: %d %+v", code, sum)
			}
		}
	})
}

func TestImportStrictWritesNothing(t *testing.T) {
	lines := ticketLines(3)
	lines[2] = "not json"
	p := writeFile(t, t.TempDir(), "t.jsonl", strings.Join(lines, "\n"))
	data := t.TempDir()
	code, _, stderr := run(t, nil, "import", "tickets", p, "--strict", "--data", data)
	if code != 1 || !strings.Contains(stderr, "nothing imported") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("strict: exit %d, stderr %q", code, stderr)
	}
	_, out, _ := run(t, nil, "import", "tickets", writeFile(t, t.TempDir(), "ok.jsonl", strings.Join(lines[:2], "\n")), "--data", data, "--json")
	if sum := decodeSummary(t, out); sum.Added != 2 {
		t.Fatalf("after a strict failure the store must be empty: %+v", sum)
	}
}

func TestImportArticlesFolderAndCSV(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "vpn.md", "---\nid: KB-1\n---\n# VPN setup\n\nInstall the client.")
	writeFile(t, dir, "arts.csv", "Key,Heading,Text,Vis\nKB-2,Printers,Add the printer,internal\n")
	data := t.TempDir()
	code, out, stderr := run(t, nil, "import", "articles", dir, "--data", data, "--json", "--map", "id=Key,title=Heading,body=Text,visibility=Vis")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if sum := decodeSummary(t, out); sum.Added != 2 || sum.Skipped != 0 {
		t.Fatalf("summary: %+v", sum)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"no kind", []string{"import"}, "want articles or tickets"},
		{"bad kind", []string{"import", "users", "x"}, "unknown kind"},
		{"bad flag", []string{"serve", "--bogus"}, "unknown flag"},
		{"bad map", []string{"import", "tickets", "x.csv", "--map", "sujet=Title"}, "unknown field"},
		{"bad flag value", []string{"config", "--log-level", "verbose"}, "log level"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := run(t, nil, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
		})
	}
	code, _, stderr := run(t, nil, "import", "tickets", filepath.Join(t.TempDir(), "missing.jsonl"), "--data", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "no such file") {
		t.Fatalf("missing file: exit %d, %q", code, stderr)
	}
	code, _, stderr = run(t, map[string]string{"DESKPILOT_MAX_RECORD_BYTES": "lots"}, "config")
	if code != 1 || !strings.Contains(stderr, "DESKPILOT_MAX_RECORD_BYTES") {
		t.Fatalf("bad env: exit %d, %q", code, stderr)
	}
}

func TestConfigPrecedenceAndMasking(t *testing.T) {
	env := map[string]string{
		"DESKPILOT_ADDR": ":9999", "OPENAI_API_KEY": "sk-very-secret-key-1234",
		"DATABASE_URL": "postgres://desk:hunter2@db.internal/desk",
	}
	code, out, _ := run(t, env, "config", "--addr", ":7000")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, secret := range []string{"hunter2", "sk-very-secret"} {
		if strings.Contains(out, secret) {
			t.Errorf("config prints a secret %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{":7000", "****1234", "desk:xxxxx@db.internal"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, ":9999") {
		t.Error("the flag must win over the environment")
	}
}

func TestServeAnswersAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Listening: func(a string) { addr <- a }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir()}) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, errb.String())
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/api/v1/tickets": 401} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exit %d: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "deskpilot ") {
		t.Fatalf("version: %d %q", code, out)
	}
}

func TestMigrateReportsVersion(t *testing.T) {
	forEachStore(t, func(t *testing.T, args []string) {
		{
			code, out, stderr := run(t, nil, append([]string{"migrate"}, args...)...)
			if code != 0 || !strings.Contains(out, "schema at version") || strings.Contains(out, "version 0") {
				t.Fatalf("migrate: %d %q %q", code, out, stderr)
			}
		}
	})
}
