package files

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The importers under garbage: a file the fuzzer makes is read without a
// panic or an error, each of its records is either emitted or reported as
// a problem with its line, a valid record planted among the garbage lines
// is still emitted, and every string read is valid UTF-8.

const (
	plantedTicketJSON = `{"id":"planted-1","subject":"VPN drops","created_at":"2025-01-02T03:04:05Z",` +
		`"messages":[{"author":"requester","body":"It drops every hour."}]}`
	plantedArticleJSON = `{"id":"planted-1","title":"Reset","body":"<p>Open the portal.</p>"}`
	ticketCSVHeader    = "id,subject,body,created_at,status,tags"
	plantedTicketCSV   = "planted-1,VPN drops,It drops every hour.,2025-01-02T03:04:05Z,open,vpn"
	articleCSVHeader   = "id,title,body,format,visibility,tags,updated_at"
	plantedArticleCSV  = "planted-1,Reset,Open the portal.,text,public,vpn,2025-01-02"
)

// FuzzReadTickets reads the fuzzer's bytes as a JSONL or CSV export of
// tickets, as they are and with a valid ticket planted among their lines.
func FuzzReadTickets(f *testing.F) {
	f.Add([]byte(plantedTicketJSON+"\n{\"id\":\n\n\xff\xfe\n"+`{"id":"2","created_at":"x","messages":[]}`), uint8(0), uint8(1))
	f.Add([]byte(ticketCSVHeader+"\n1,a,b,2025-01-02,open,x\n2,\"quoted\nfield\",c,bad date,,\n\"unclosed"), uint8(1), uint8(2))
	f.Add([]byte(`{"id":"3","created_at":"2025-01-02T03:04:05Z","messages":[{"author":"robot","body":1}]}`+"\r\n\ufeff[]\nnull"), uint8(0), uint8(0))
	f.Add([]byte("\ufeffID;Subject\n1;2\n\x00,\xc3\x28,\"a\"\"b\",2025-13-45T99:99:99Z"), uint8(1), uint8(3))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, kind, at uint8) {
		csv := kind%2 == 1
		ext := map[bool]string{false: ".jsonl", true: ".csv"}[csv]
		readBack(t, ReadTickets, filepath.Join(dir, "raw"+ext), data)

		lines := garbageLines(data, csv)
		planted := plantedTicketJSON
		if csv {
			lines, planted = append([]string{ticketCSVHeader}, lines...), plantedTicketCSV
		}
		i := plantAt(lines, at, csv)
		lines = slices.Insert(lines, i, planted)
		c := readBack(t, ReadTickets, filepath.Join(dir, "planted"+ext), []byte(strings.Join(lines, "\n")))
		checkPlanted(t, c.items, i+1)
		checkAccounted(t, lines, csv, c.items, c.problems)
		for _, it := range c.items {
			checkTicket(t, it.Record)
		}
	})
}

// FuzzReadArticles reads the fuzzer's bytes as a JSONL or CSV export of
// articles, with a valid one planted among their lines, or as one
// Markdown, HTML or text document with front matter.
func FuzzReadArticles(f *testing.F) {
	f.Add([]byte(plantedArticleJSON+"\n{\"title\":1}\n\xc3\n"+`{"id":"2","title":"t","body":"b","visibility":"secret"}`), uint8(0), uint8(1))
	f.Add([]byte(articleCSVHeader+"\n1,t,b,html,internal,\"a,b\",2025-01-02\n2,,,rtf,,,\n"), uint8(1), uint8(1))
	f.Add([]byte("---\ntitle: Reset\ntags: [vpn, 1]\ncreated_at: 2025-01-02\n---\n# Heading\n\nbody"), uint8(2), uint8(0))
	f.Add([]byte("---\ntitle: [unclosed\n---\nbody"), uint8(2), uint8(0))
	f.Add([]byte("<html><title>T &amp; U</title><h1>H</h1><p>x</p>"), uint8(3), uint8(0))
	f.Add([]byte("---\r\nid: a/b\r\nupdated_at: yesterday\r\n...\r\nbody"), uint8(4), uint8(0))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, kind, at uint8) {
		exts := []string{".jsonl", ".csv", ".md", ".html", ".txt"}
		ext := exts[int(kind)%len(exts)]
		raw := readBack(t, ReadArticles, filepath.Join(dir, "raw"+ext), data)
		for _, it := range raw.items {
			checkArticle(t, it.Record)
		}
		if ext != ".jsonl" && ext != ".csv" {
			// A document is one record: emitted or reported, never both.
			if len(raw.items)+len(raw.problems) != 1 {
				t.Fatalf("document read as %d records and %d problems", len(raw.items), len(raw.problems))
			}
			return
		}
		csv := ext == ".csv"
		lines := garbageLines(data, csv)
		planted := plantedArticleJSON
		if csv {
			lines, planted = append([]string{articleCSVHeader}, lines...), plantedArticleCSV
		}
		i := plantAt(lines, at, csv)
		lines = slices.Insert(lines, i, planted)
		c := readBack(t, ReadArticles, filepath.Join(dir, "planted"+ext), []byte(strings.Join(lines, "\n")))
		checkPlanted(t, c.items, i+1)
		checkAccounted(t, lines, csv, c.items, c.problems)
		for _, it := range c.items {
			checkArticle(t, it.Record)
		}
	})
}

// readBack writes data to path and reads it, failing on an error: the
// only errors are a file that cannot be read at all, and these can.
func readBack[T any](t *testing.T, read func(context.Context, []string, Options, func(Item[T]) error, func(Problem)) error, path string, data []byte) collected[T] {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var c collected[T]
	err := read(context.Background(), []string{path}, Options{MaxRecordBytes: 1 << 16}, func(it Item[T]) error {
		c.items = append(c.items, it)
		return nil
	}, func(p Problem) { c.problems = append(c.problems, p) })
	if err != nil {
		t.Fatalf("read %q: %v", data, err)
	}
	for _, it := range c.items {
		for _, w := range it.Warnings {
			if w.Line != it.Line || !strings.Contains(w.Message, "UTF-8") {
				t.Fatalf("item of line %d has warning %+v", it.Line, w)
			}
		}
	}
	for _, p := range c.problems {
		if p.File != path || p.Message == "" {
			t.Fatalf("problem %+v does not name its file and what is wrong", p)
		}
	}
	return c
}

// garbageLines splits the fuzzer's data into lines that stay lines: for
// CSV without quotes and carriage returns, which could join lines into one
// record, and without empty lines, which CSV skips.
func garbageLines(data []byte, csv bool) []string {
	var lines []string
	for l := range strings.SplitSeq(string(data), "\n") {
		if csv {
			l = strings.NewReplacer(`"`, "", "\r", "").Replace(l)
			if l == "" {
				continue
			}
		}
		lines = append(lines, l)
	}
	return lines
}

// plantAt picks where among lines the valid record goes: after a CSV
// header.
func plantAt(lines []string, at uint8, csv bool) int {
	first := 0
	if csv {
		first = 1
	}
	return first + int(at)%(len(lines)-first+1)
}

func checkPlanted[T any](t *testing.T, items []Item[T], line int) {
	t.Helper()
	for _, it := range items {
		if it.Line == line {
			id := ""
			switch r := any(it.Record).(type) {
			case *Ticket:
				id = r.ID
			case *Article:
				id = r.ID
			}
			if id == "planted-1" {
				return
			}
		}
	}
	t.Fatalf("the valid record planted at line %d was not emitted", line)
}

// checkAccounted checks that each record of the file was emitted or
// reported as a problem with its line, once: each line of a JSONL file
// that is not blank, each line after the header of a CSV file.
func checkAccounted[T any](t *testing.T, lines []string, csv bool, items []Item[T], problems []Problem) {
	t.Helper()
	var want []int
	for i, l := range lines {
		if csv && i == 0 {
			continue // the header
		}
		if i == 0 {
			l = strings.TrimPrefix(l, "\ufeff") // a byte order mark
		}
		if !csv && len(bytes.TrimSpace([]byte(l))) == 0 {
			continue
		}
		want = append(want, i+1)
	}
	var got []int
	for _, it := range items {
		got = append(got, it.Line)
	}
	for _, p := range problems {
		got = append(got, p.Line)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("records of lines %v emitted or reported, want each of %v once", got, want)
	}
}

// checkTicket checks that a record read is valid UTF-8 and converts to a
// ticket the desk accepts, or is refused with a reason.
func checkTicket(t *testing.T, r *Ticket) {
	t.Helper()
	strs := append([]string{r.ID, r.Subject, r.Status, r.Requester, r.Category, r.Team, r.Priority, r.Language, r.Resolution, r.Channel}, r.Tags...)
	for _, m := range r.Messages {
		strs = append(strs, m.Author, m.Body)
	}
	checkUTF8(t, strs)
	tk, err := r.DomainTicket("files")
	if err != nil {
		if err.Error() == "" {
			t.Fatal("refused without a reason")
		}
		return
	}
	if tk.ExternalID == "" || tk.CreatedAt.IsZero() || !tk.Status.Valid() || tk.Priority != "" && !tk.Priority.Valid() || tk.ContentHash == "" {
		t.Fatalf("ticket accepted with id %q, created %v, status %q, priority %q", tk.ExternalID, tk.CreatedAt, tk.Status, tk.Priority)
	}
	for _, m := range tk.Messages {
		if !m.Author.Valid() || strings.ContainsRune(m.Body, 0) {
			t.Fatalf("message accepted from %q: %q", m.Author, m.Body)
		}
	}
}

func checkArticle(t *testing.T, a *Article) {
	t.Helper()
	checkUTF8(t, append([]string{a.ID, a.Title, a.Body, a.Format, a.URL, a.Visibility, a.Language}, a.Tags...))
	d, err := a.Document("files", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		if err.Error() == "" {
			t.Fatal("refused without a reason")
		}
		return
	}
	if d.ExternalID == "" || d.Title == "" || strings.TrimSpace(d.Body) == "" || !d.Format.Valid() || !d.Visibility.Valid() ||
		d.CreatedAt.IsZero() || d.UpdatedAt.IsZero() || d.ContentHash == "" || strings.ContainsRune(d.Body+d.Title, 0) {
		t.Fatalf("document accepted: %+v", d)
	}
}

func checkUTF8(t *testing.T, strs []string) {
	t.Helper()
	for _, s := range strs {
		if !utf8.ValidString(s) {
			t.Fatalf("%q read as is: invalid UTF-8", s)
		}
	}
}
