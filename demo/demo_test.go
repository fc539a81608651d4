package demo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors/files"
	"deskpilot/tickets"
)

// defaultDesk is generated once: most tests only read it.
var defaultDesk = Generate(DefaultOptions())

// MustExport exports d into a fresh directory and returns it.
func MustExport(tb testing.TB, d *Desk) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "desk")
	if err := d.Export(dir); err != nil {
		tb.Fatalf("Export: %v", err)
	}
	return dir
}

func MustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestDeterministic(t *testing.T) {
	seed2 := DefaultOptions()
	seed2.Seed = 2
	a := MustExport(t, defaultDesk)
	b := MustExport(t, Generate(DefaultOptions()))
	c := MustExport(t, Generate(seed2))
	for _, name := range []string{"articles.jsonl", "tickets.jsonl"} {
		first := MustRead(t, filepath.Join(a, name))
		if !bytes.Equal(first, MustRead(t, filepath.Join(b, name))) {
			t.Errorf("%s differs between two runs with the same options", name)
		}
		if bytes.Equal(first, MustRead(t, filepath.Join(c, name))) {
			t.Errorf("%s is the same for seeds 1 and 2", name)
		}
	}
}

func TestArticles(t *testing.T) {
	d := defaultDesk
	if len(d.Articles) < 150 {
		t.Fatalf("%d articles, want at least 150", len(d.Articles))
	}
	var fr, internal, html, inPeriod int
	ids, urls := map[string]bool{}, map[string]bool{}
	start, end := DefaultOptions().Period()
	for _, a := range d.Articles {
		if ids[a.ID] || urls[a.URL] {
			t.Errorf("duplicate id or url: %s %s", a.ID, a.URL)
		}
		ids[a.ID], urls[a.URL] = true, true
		if !strings.HasPrefix(a.URL, helpSite+"/kb/"+a.ID+"-") {
			t.Errorf("%s: url %q", a.ID, a.URL)
		}
		if a.Language == "fr" {
			fr++
		}
		if a.Visibility == "internal" {
			internal++
		}
		if a.Format == "html" {
			html++
		}
		if !a.CreatedAt.Before(end) || a.UpdatedAt.Before(a.CreatedAt) {
			t.Errorf("%s: created %v updated %v", a.ID, a.CreatedAt, a.UpdatedAt)
		}
		if a.CreatedAt.After(start) {
			inPeriod++
		}
	}
	n := float64(len(d.Articles))
	if share := float64(fr) / n; share < 0.10 || share > 0.20 {
		t.Errorf("French articles: %.1f%%, want 10-20%%", 100*share)
	}
	if share := float64(internal) / n; share < 0.08 || share > 0.22 {
		t.Errorf("internal articles: %.1f%%, want about 15%%", 100*share)
	}
	if html == 0 {
		t.Error("no HTML articles")
	}
	if inPeriod < 15 {
		t.Errorf("only %d articles published during the period; simulation needs articles that come after their tickets", inPeriod)
	}
}

func TestArticleCategories(t *testing.T) {
	g := newGenerator(DefaultOptions().withDefaults())
	g.planArticles()
	tops := map[string]bool{}
	for _, p := range g.plans {
		tops[strings.SplitN(p.area.category, "/", 2)[0]] = true
	}
	if len(tops) < 12 {
		t.Errorf("articles cover %d top-level categories, want at least 12", len(tops))
	}
	cats := map[string]bool{}
	for _, c := range defaultDesk.Categories {
		cats[c] = true
		if strings.Count(c, "/") != 1 {
			t.Errorf("category %q is not two levels", c)
		}
	}
	for _, p := range g.plans {
		if !cats[p.area.category] {
			t.Errorf("article %q has category %q outside the taxonomy", p.title, p.area.category)
		}
	}
}

func TestTickets(t *testing.T) {
	d := defaultDesk
	if len(d.Tickets) < 5000 {
		t.Fatalf("%d tickets, want at least 5000", len(d.Tickets))
	}
	cats, teams := map[string]bool{}, map[string]bool{}
	for _, c := range d.Categories {
		cats[c] = true
	}
	for _, tm := range d.Teams {
		teams[tm.Name] = true
		if tm.Description == "" {
			t.Errorf("team %s has no description", tm.Name)
		}
	}
	start, end := DefaultOptions().Period()
	ids, requesters, status := map[string]bool{}, map[string]bool{}, map[string]int{}
	var fr, reopened int
	for i, tk := range d.Tickets {
		if ids[tk.ID] {
			t.Errorf("duplicate ticket id %s", tk.ID)
		}
		ids[tk.ID] = true
		requesters[tk.Requester] = true
		status[tk.Status]++
		if tk.CreatedAt.Before(start) || !tk.CreatedAt.Before(end) {
			t.Errorf("%s created %v outside [%v, %v)", tk.ID, tk.CreatedAt, start, end)
		}
		if i > 0 && tk.CreatedAt.Before(d.Tickets[i-1].CreatedAt) {
			t.Errorf("%s is out of creation order", tk.ID)
		}
		if !cats[tk.Category] || !teams[tk.Team] {
			t.Errorf("%s: category %q or team %q unknown", tk.ID, tk.Category, tk.Team)
		}
		if !strings.HasSuffix(tk.Requester, "@"+mailDomain) {
			t.Errorf("%s: requester %q", tk.ID, tk.Requester)
		}
		if tk.Language == "fr" {
			fr++
		}
		if slices.Contains(tk.Tags, "reopened") {
			reopened++
		}
		checkConversation(t, tk, end)
	}
	if share := float64(fr) / float64(len(d.Tickets)); share < 0.08 || share > 0.17 {
		t.Errorf("French tickets: %.1f%%, want about 10-15%%", 100*share)
	}
	if len(requesters) < 200 || len(requesters) > 600 {
		t.Errorf("%d requesters, want a few hundred", len(requesters))
	}
	if reopened == 0 {
		t.Error("no reopened tickets")
	}
	for _, s := range []string{"new", "open", "pending", "solved", "closed"} {
		if status[s] == 0 {
			t.Errorf("no ticket in status %s: %v", s, status)
		}
	}
}

// checkConversation checks one ticket's messages and resolution against
// its creation time and the end of the period.
func checkConversation(t *testing.T, tk files.Ticket, end time.Time) {
	t.Helper()
	if len(tk.Messages) == 0 || tk.Messages[0].Author != "requester" {
		t.Errorf("%s does not start with the requester's message", tk.ID)
		return
	}
	for j, m := range tk.Messages {
		if m.CreatedAt.Before(tk.CreatedAt) || !m.CreatedAt.Before(end) {
			t.Errorf("%s: message %d at %v, created %v", tk.ID, j, m.CreatedAt, tk.CreatedAt)
		}
		if j > 0 && m.CreatedAt.Before(tk.Messages[j-1].CreatedAt) {
			t.Errorf("%s: message %d out of order", tk.ID, j)
		}
	}
	resolved := tk.Status == "solved" || tk.Status == "closed"
	if resolved != (tk.ResolvedAt != nil) {
		t.Errorf("%s: status %s with resolved_at %v", tk.ID, tk.Status, tk.ResolvedAt)
	}
	if tk.ResolvedAt != nil && !tk.ResolvedAt.After(tk.CreatedAt) {
		t.Errorf("%s: resolved %v before created %v", tk.ID, tk.ResolvedAt, tk.CreatedAt)
	}
}

// TestCitationsAreNotFromTheFuture checks what leak-free simulation relies
// on: an agent only links to articles already published, and never to an
// internal one in a public reply.
func TestCitationsAreNotFromTheFuture(t *testing.T) {
	byURL := map[string]files.Article{}
	for _, a := range defaultDesk.Articles {
		byURL[a.URL] = a
	}
	link := regexp.MustCompile(regexp.QuoteMeta(helpSite) + `/kb/[A-Za-z0-9-]+`)
	cited := 0
	for _, tk := range defaultDesk.Tickets {
		for _, m := range tk.Messages {
			if m.Author != "agent" || !m.IsPublic() {
				continue
			}
			for _, u := range link.FindAllString(m.Body, -1) {
				a, ok := byURL[u]
				switch {
				case !ok:
					t.Errorf("%s cites unknown article %s", tk.ID, u)
				case a.CreatedAt.After(m.CreatedAt):
					t.Errorf("%s cites %s at %v, published %v", tk.ID, a.ID, m.CreatedAt, a.CreatedAt)
				case a.Visibility == "internal":
					t.Errorf("%s cites internal %s in a public reply", tk.ID, a.ID)
				}
				cited++
			}
		}
	}
	if cited < 500 {
		t.Errorf("only %d citations of article URLs in agent replies", cited)
	}
}

func TestOutageWave(t *testing.T) {
	var wave []files.Ticket
	for _, tk := range defaultDesk.Tickets {
		if slices.Contains(tk.Tags, "outage") {
			wave = append(wave, tk)
		}
	}
	if len(wave) < 100 {
		t.Fatalf("%d outage tickets, want about 150", len(wave))
	}
	first, last := wave[0].CreatedAt, wave[len(wave)-1].CreatedAt
	if last.Sub(first) > 48*time.Hour {
		t.Errorf("outage wave spans %v, want two days at most", last.Sub(first))
	}
	answer := func(tk files.Ticket) string {
		dt, err := tk.DomainTicket("demo")
		if err != nil {
			t.Fatal(err)
		}
		return dt.Answer()
	}
	want := answer(wave[0])
	for _, tk := range wave {
		if got := answer(tk); got != want {
			t.Fatalf("%s answered differently from %s", tk.ID, wave[0].ID)
		}
		if p := tickets.Priority(tk.Priority); p.Rank() < 2 {
			t.Errorf("%s: outage ticket with priority %s", tk.ID, p)
		}
	}
}

func TestExportRoundTrip(t *testing.T) {
	dir := MustExport(t, defaultDesk)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	n := readJSONL(t, filepath.Join(dir, "articles.jsonl"), func(line []byte) error {
		var a files.Article
		if err := json.Unmarshal(line, &a); err != nil {
			return err
		}
		_, err := a.Document("demo", now)
		return err
	})
	if n != len(defaultDesk.Articles) {
		t.Errorf("articles.jsonl has %d lines, want %d", n, len(defaultDesk.Articles))
	}
	n = readJSONL(t, filepath.Join(dir, "tickets.jsonl"), func(line []byte) error {
		var tk files.Ticket
		if err := json.Unmarshal(line, &tk); err != nil {
			return err
		}
		_, err := tk.DomainTicket("demo")
		return err
	})
	if n != len(defaultDesk.Tickets) {
		t.Errorf("tickets.jsonl has %d lines, want %d", n, len(defaultDesk.Tickets))
	}
}

func readJSONL(t *testing.T, path string, check func([]byte) error) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	n := 0
	for sc.Scan() {
		n++
		if err := check(sc.Bytes()); err != nil {
			t.Errorf("%s line %d: %v", filepath.Base(path), n, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOptions(t *testing.T) {
	tests := []struct {
		name         string
		opts         Options
		wantArticles int
		wantTickets  int
	}{
		{"zero values take the defaults", Options{Seed: 1}, len(defaultDesk.Articles), 5600},
		{"small and short", Options{Seed: 7, Tickets: 300, Months: 3, End: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)}, len(defaultDesk.Articles), 300},
		{"article variants", Options{Seed: 1, Tickets: 200, ArticleScale: 3}, 3 * len(defaultDesk.Articles), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Generate(tt.opts)
			if len(d.Articles) != tt.wantArticles || len(d.Tickets) != tt.wantTickets {
				t.Fatalf("got %d articles, %d tickets; want %d, %d", len(d.Articles), len(d.Tickets), tt.wantArticles, tt.wantTickets)
			}
			start, end := tt.opts.Period()
			ids := map[string]bool{}
			for _, a := range d.Articles {
				if ids[a.ID] {
					t.Fatalf("duplicate article id %s", a.ID)
				}
				ids[a.ID] = true
			}
			for _, tk := range d.Tickets {
				if tk.CreatedAt.Before(start) || !tk.CreatedAt.Before(end) {
					t.Fatalf("%s created %v outside the period", tk.ID, tk.CreatedAt)
				}
				checkConversation(t, tk, end)
			}
		})
	}
}

func TestAgents(t *testing.T) {
	teams := map[string]bool{}
	for _, tm := range defaultDesk.Teams {
		teams[tm.Name] = true
	}
	staffed := map[string]bool{}
	for _, a := range defaultDesk.Agents {
		if a.Role != tickets.RoleAgent || !teams[a.Team] || a.PasswordHash != "" || !strings.HasSuffix(a.Email, "@"+mailDomain) {
			t.Errorf("agent %+v", a)
		}
		staffed[a.Team] = true
	}
	for name := range teams {
		if !staffed[name] {
			t.Errorf("team %s has no agent", name)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(DefaultOptions())
	}
}
