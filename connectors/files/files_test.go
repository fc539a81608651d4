package files

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFile(tb testing.TB, dir, name, content string) string {
	tb.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

type collected[T any] struct {
	items    []Item[T]
	problems []Problem
}

// collect runs a reader and gathers what it emits and reports.
func collect[T any](tb testing.TB, read func(context.Context, []string, Options, func(Item[T]) error, func(Problem)) error, opts Options, paths ...string) collected[T] {
	tb.Helper()
	var c collected[T]
	err := read(context.Background(), paths, opts, func(it Item[T]) error {
		c.items = append(c.items, it)
		return nil
	}, func(p Problem) { c.problems = append(c.problems, p) })
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func readArticles(tb testing.TB, opts Options, paths ...string) collected[Article] {
	tb.Helper()
	return collect(tb, ReadArticles, opts, paths...)
}

func readTickets(tb testing.TB, opts Options, paths ...string) collected[Ticket] {
	tb.Helper()
	return collect(tb, ReadTickets, opts, paths...)
}

func TestJSONLBadLinesAreReportedAndSkipped(t *testing.T) {
	dir := t.TempDir()
	big := `{"id":"big","title":"t","body":"` + strings.Repeat("x", 300) + `"}`
	content := strings.Join([]string{
		"\ufeff" + `{"id":"1","title":"One","body":"first"}`,
		`{"id":"2","title":"Two",`, // truncated
		``,
		`{"id":"3","title":"Caf` + "\xe9" + `","body":"latin-1 byte"}`,
		`{"id":4,"title":"Four","body":"b"}`,
		big,
		`{"id":"5","title":"Five","body":"last","created_at":"yesterday"}`,
		`{"id":"6","title":"Six","body":"no newline at the end"}`,
	}, "\n")
	p := writeFile(t, dir, "a.jsonl", content)
	c := readArticles(t, Options{MaxRecordBytes: 200}, p)

	var ids []string
	for _, it := range c.items {
		ids = append(ids, it.Record.ID)
	}
	if got := strings.Join(ids, ","); got != "1,3,6" {
		t.Fatalf("read ids %s, want 1,3,6", got)
	}
	if c.items[1].Line != 4 || len(c.items[1].Warnings) != 1 || !strings.Contains(c.items[1].Record.Title, "\uFFFD") {
		t.Fatalf("invalid UTF-8 line: %+v", c.items[1])
	}
	wantLines := map[int]string{2: "invalid JSON", 5: `field "id"`, 6: "over the limit", 7: "RFC 3339"}
	if len(c.problems) != len(wantLines) {
		t.Fatalf("problems: %+v", c.problems)
	}
	for _, p := range c.problems {
		if want, ok := wantLines[p.Line]; !ok || !strings.Contains(p.Message, want) || p.File != filepath.Join(dir, "a.jsonl") {
			t.Errorf("problem %+v, want line with %q", p, want)
		}
	}
}

func TestJSONLHugeLineDoesNotStopReading(t *testing.T) {
	dir := t.TempDir()
	huge := `{"id":"h","title":"t","body":"` + strings.Repeat("y", 3<<20) + `"}`
	p := writeFile(t, dir, "t.jsonl", huge+"\n"+`{"id":"ok","created_at":"2025-01-01T00:00:00Z","messages":[]}`+"\n")
	c := readTickets(t, Options{MaxRecordBytes: 1 << 20}, p)
	if len(c.items) != 1 || c.items[0].Record.ID != "ok" || c.items[0].Line != 2 {
		t.Fatalf("items: %+v", c.items)
	}
	if len(c.problems) != 1 || c.problems[0].Line != 1 {
		t.Fatalf("problems: %+v", c.problems)
	}
}

func TestCSVMapping(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "export.csv", "Number,Title,Description,Opened,Closed,Group,Answer,Labels\n"+
		"INC1,VPN down,\"It drops,\nevery hour\",2025-03-04 09:30:00,2025-03-04T11:00:00Z,Network,Reinstall the client,\"vpn; remote\"\n"+
		"INC2,No date,body,,,Network,,\n"+
		"INC3,Bad \"quote,x,2025-03-05,,Network,,\n")
	m, err := ParseMap("id=Number,subject=Title,body=Description,created_at=Opened,resolved_at=Closed,team=Group,resolution=Answer,tags=Labels", TicketFields)
	if err != nil {
		t.Fatal(err)
	}
	c := readTickets(t, Options{Map: m}, p)
	if len(c.items) != 2 {
		t.Fatalf("items %d, problems %+v", len(c.items), c.problems)
	}
	tk := c.items[0].Record
	if tk.ID != "INC1" || tk.Team != "Network" || len(tk.Messages) != 2 || tk.Messages[0].Body != "It drops,\nevery hour" ||
		tk.Messages[1].Author != "agent" || tk.Messages[1].Body != "Reinstall the client" || tk.ResolvedAt == nil ||
		strings.Join(tk.Tags, "|") != "vpn|remote" || !tk.CreatedAt.Equal(time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("ticket: %+v", tk)
	}
	if len(c.problems) != 1 || c.problems[0].Line != 4 || !strings.Contains(c.problems[0].Message, "created_at") {
		t.Fatalf("problems: %+v", c.problems)
	}
	if c.items[1].Line != 5 {
		t.Fatalf("line of third row: %d", c.items[1].Line)
	}
}

func TestParseMapRefusesUnknownFields(t *testing.T) {
	for _, spec := range []string{"sujet=Title", "subject", "subject="} {
		if _, err := ParseMap(spec, TicketFields); err == nil {
			t.Errorf("ParseMap(%q) accepted", spec)
		}
	}
}

func TestCSVMapNamesMissingColumn(t *testing.T) {
	p := writeFile(t, t.TempDir(), "x.csv", "A,B\n1,2\n")
	err := ReadTickets(context.Background(), []string{p}, Options{Map: map[string]string{"subject": "Title"}},
		func(Item[Ticket]) error { return nil }, func(Problem) {})
	if err == nil || !strings.Contains(err.Error(), `"Title"`) {
		t.Fatalf("err = %v, want the missing column named", err)
	}
}

func TestFolderWithFrontMatter(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "vpn/setup.md", "---\nid: KB-7\nvisibility: internal\ntags: [vpn, remote]\ncreated_at: 2025-02-01T10:00:00Z\n---\n# Set up the VPN\n\nSteps.\n")
	writeFile(t, dir, "wifi.html", "<html><head><title>Wi-Fi &amp; guests</title></head><body><p>Join</p></body></html>")
	writeFile(t, dir, "notes.txt", "Printer jams\nOpen tray 2.")
	writeFile(t, dir, "broken.md", "---\nid: x\nno closing fence\n")
	writeFile(t, dir, ".hidden/secret.md", "# hidden")
	writeFile(t, dir, "image.png", "\x89PNG")
	c := readArticles(t, Options{}, dir)
	got := map[string]*Article{}
	for _, it := range c.items {
		got[it.Record.ID] = it.Record
	}
	if len(got) != 3 {
		t.Fatalf("articles: %v, problems %+v", len(got), c.problems)
	}
	kb := got["KB-7"]
	if kb == nil || kb.Title != "Set up the VPN" || kb.Visibility != "internal" || strings.Join(kb.Tags, ",") != "vpn,remote" ||
		kb.Format != "markdown" || kb.CreatedAt.IsZero() || strings.Contains(kb.Body, "visibility") {
		t.Fatalf("front matter article: %+v", kb)
	}
	if w := got["wifi.html"]; w == nil || w.Title != "Wi-Fi & guests" || w.Format != "html" {
		t.Fatalf("html article: %+v", w)
	}
	if n := got["notes.txt"]; n == nil || n.Title != "Printer jams" {
		t.Fatalf("text article: %+v", n)
	}
	if len(c.problems) != 1 || !strings.Contains(c.problems[0].Message, "closing ---") {
		t.Fatalf("problems: %+v", c.problems)
	}
}

func TestConversionChecksRequiredFields(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		a    Article
		want string
	}{
		{"ok", Article{ID: "1", Title: "t", Body: "b"}, ""},
		{"no id", Article{Title: "t", Body: "b"}, "id is required"},
		{"no title", Article{ID: "1", Body: "b"}, "title is required"},
		{"bad visibility", Article{ID: "1", Title: "t", Body: "b", Visibility: "secret"}, "visibility"},
		{"bad format", Article{ID: "1", Title: "t", Body: "b", Format: "pdf"}, "format"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := c.a.Document("s", now)
			if c.want == "" {
				if err != nil || d.Visibility != "public" || !d.CreatedAt.Equal(now) {
					t.Fatalf("got %+v, %v", d, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q", err, c.want)
			}
		})
	}
	tk := Ticket{ID: "T", CreatedAt: now, Status: "done", Messages: []Message{{Author: "bot", Body: "x"}}}
	if _, err := tk.DomainTicket("s"); err == nil || !strings.Contains(err.Error(), "status") || !strings.Contains(err.Error(), "author") {
		t.Fatalf("ticket errors: %v", err)
	}
}

func TestHashIgnoresDefaultedTimes(t *testing.T) {
	a := Article{ID: "1", Title: "t", Body: "b"}
	d1, _ := a.Document("s", time.Unix(1, 0))
	d2, _ := a.Document("s", time.Unix(2, 0))
	if d1.ContentHash != d2.ContentHash {
		t.Fatal("hash depends on the fallback time: re-imports would never be unchanged")
	}
	a.Body = "c"
	d3, _ := a.Document("s", time.Unix(1, 0))
	if d3.ContentHash == d1.ContentHash {
		t.Fatal("hash ignores the body")
	}
}

func TestGuessFormat(t *testing.T) {
	cases := map[string]string{
		"<p>Hello</p>":                "html",
		"## Steps\n\n1. Open":         "markdown",
		"See [the guide](http://x/y)": "markdown",
		"Just restart the computer.":  "text",
	}
	for in, want := range cases {
		if got := string(GuessFormat(in)); got != want {
			t.Errorf("GuessFormat(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestNULBytesAreDropped(t *testing.T) {
	a := Article{ID: "1", Title: "Ti\x00tle", Body: "bo\x00dy", Tags: []string{"a\x00"}}
	d, err := a.Document("s", time.Now())
	if err != nil || d.Title != "Title" || d.Body != "body" || d.Tags[0] != "a" {
		t.Fatalf("article: %+v %v", d, err)
	}
	tk := Ticket{ID: "1", Subject: "s\x00", CreatedAt: time.Now(), Messages: []Message{{Author: "requester", Body: "b\x00"}}}
	dt, err := tk.DomainTicket("s")
	if err != nil || dt.Subject != "s" || dt.Messages[0].Body != "b" {
		t.Fatalf("ticket: %+v %v", dt, err)
	}
	// Found by FuzzReadArticles: a field of NULs passed as present, and
	// became an empty id or body once they were dropped.
	for _, a := range []Article{{ID: "\x00", Title: "t", Body: "b"}, {ID: "1", Title: " \x00", Body: "b"}, {ID: "1", Title: "t", Body: "\x00\n\x00"}} {
		if d, err := a.Document("s", time.Now()); err == nil {
			t.Errorf("article %+v accepted as %+v", a, d)
		}
	}
	if dt, err := (&Ticket{ID: "\x00 ", CreatedAt: time.Now(), Messages: []Message{}}).DomainTicket("s"); err == nil {
		t.Errorf("ticket without an id accepted: %+v", dt)
	}
}
