package retrieval

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// sentence returns a deterministic sentence of about n runes whose words
// are unique across calls with different seeds, so "no text lost" checks
// mean something.
func sentence(seed, n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "w%dx%d", seed, i)
	}
	return "The " + b.String() + "."
}

// longDoc is a document with sections of every size: tiny, normal, long,
// nested, and code.
func longDoc() string {
	var b strings.Builder
	b.WriteString("Intro " + sentence(1, 80) + "\n\n")
	b.WriteString("# Reset your password\n\n" + sentence(2, 300) + "\n\n")
	b.WriteString("## Tiny one\n\n" + sentence(3, 40) + "\n\n")
	b.WriteString("## Tiny two\n\n" + sentence(4, 50) + "\n\n")
	b.WriteString("## Long section\n\n")
	for i := range 8 {
		b.WriteString(sentence(10+i, 150) + " " + sentence(30+i, 200) + "\n\n")
	}
	b.WriteString("### Deep\n\n- item " + sentence(5, 60) + "\n- item " + sentence(6, 60) + "\n\n")
	b.WriteString("## Code\n\n```bash\n# not a heading\n")
	for i := range 120 {
		fmt.Fprintf(&b, "echo line%d\n", i)
	}
	b.WriteString("```\n\n# Second chapter\n\n" + sentence(7, 3000) + "\n\n")
	b.WriteString("## Blob\n\n" + strings.Repeat("QUJD", 1000) + "\n\n## End\n\n" + sentence(8, 30))
	return b.String()
}

func TestChunkTextBounds(t *testing.T) {
	docs := map[string]string{
		"synthetic": longDoc(),
		"html page": CleanText(samplePage(20<<10), FormatHTML),
	}
	tests := []struct {
		name, doc string
		opts      ChunkOptions
	}{
		{"defaults", "synthetic", ChunkOptions{}},
		{"small", "synthetic", ChunkOptions{MinChars: 50, MaxChars: 300, Overlap: 40}},
		{"no overlap", "synthetic", ChunkOptions{MinChars: 100, MaxChars: 500, Overlap: -1}},
		{"large", "synthetic", ChunkOptions{MinChars: 1000, MaxChars: 4000}},
		{"page defaults", "html page", ChunkOptions{}},
		{"page small", "html page", ChunkOptions{MinChars: 60, MaxChars: 250}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := docs[tt.doc]
			opts := tt.opts.normalized()
			parts := ChunkText("Password help", doc, tt.opts)
			if len(parts) < 2 {
				t.Fatalf("%d parts", len(parts))
			}
			for i, p := range parts {
				n := utf8.RuneCountInString(p.Text)
				if n > opts.MaxChars {
					t.Errorf("part %d: %d runes > max %d", i, n, opts.MaxChars)
				}
				if n >= opts.MinChars {
					continue
				}
				// A short part is allowed only when neither neighbour had room.
				if i > 0 && n+utf8.RuneCountInString(parts[i-1].Text)+2 <= opts.MaxChars {
					t.Errorf("part %d (%d runes) fits with the part before", i, n)
				}
				if i+1 < len(parts) && n+utf8.RuneCountInString(parts[i+1].Text)+2 <= opts.MaxChars {
					t.Errorf("part %d (%d runes) fits with the part after", i, n)
				}
			}
			checkNoTextLost(t, doc, parts)
			checkFencesBalanced(t, parts)
		})
	}
}

func checkNoTextLost(t *testing.T, doc string, parts []ChunkPart) {
	t.Helper()
	have := map[string]bool{}
	var all strings.Builder
	for _, p := range parts {
		for _, w := range strings.Fields(p.Text) {
			have[w] = true
		}
		all.WriteString(p.Text)
	}
	joined := all.String()
	for _, w := range strings.Fields(doc) {
		// Words cut by a hard split are checked as substrings of the whole.
		if !have[w] && !strings.Contains(strings.ReplaceAll(joined, "\n", ""), w) {
			t.Errorf("word %q lost", w)
			return
		}
	}
}

func checkFencesBalanced(t *testing.T, parts []ChunkPart) {
	t.Helper()
	for i, p := range parts {
		var f fenceState
		for line := range strings.Lines(p.Text) {
			f.inside(strings.TrimRight(line, "\n"))
		}
		if f.char != 0 {
			t.Errorf("part %d leaves a code fence open:\n%s", i, p.Text)
		}
	}
}

func TestChunkTextHeadings(t *testing.T) {
	body := func(seed int) string { return sentence(seed, 250) }
	doc := "# Reset\n\n" + body(1) + "\n\n## Windows\n\n" + body(2) + "\n\n### Domain joined\n\n" + body(3) +
		"\n\n## macOS\n\n" + body(4) + "\n\n# Other\n\n" + body(5)
	parts := ChunkText("Reset", doc, ChunkOptions{MinChars: 200, MaxChars: 1200})
	want := [][]string{
		{"Reset"},
		{"Reset", "Windows"},
		{"Reset", "Windows", "Domain joined"},
		{"Reset", "macOS"},
		{"Reset", "Other"},
	}
	if len(parts) != len(want) {
		t.Fatalf("%d parts, want %d: %+v", len(parts), len(want), parts)
	}
	for i, p := range parts {
		if !reflect.DeepEqual(p.Heading, want[i]) {
			t.Errorf("part %d heading %q, want %q", i, p.Heading, want[i])
		}
		if !strings.Contains(p.Text, body(i+1)) {
			t.Errorf("part %d lacks its section text", i)
		}
		for j := range want {
			if j != i && strings.Contains(p.Text, body(j+1)) {
				t.Errorf("part %d holds the text of section %d", i, j)
			}
		}
	}
}

func TestChunkTextMerging(t *testing.T) {
	tests := []struct {
		name        string
		title, doc  string
		wantHeading [][]string
	}{
		{"tiny siblings merge under their parent", "KB", "# A\n\n## B\nshort b\n\n## C\nshort c", [][]string{{"KB", "A"}}},
		{"tiny sections of two chapters share the title", "KB", "# A\nshort a\n\n# B\nshort b", [][]string{{"KB"}}},
		{"no title", "", "# A\nshort a\n\n## B\nshort b", [][]string{{"A"}}},
		{"title repeated as h1", "Reset", "# Reset\n\ntext", [][]string{{"Reset"}}},
		{"preamble", "T", "just text", [][]string{{"T"}}},
		{"empty", "T", "", nil},
		{"blank", "T", "\n\n  \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := ChunkText(tt.title, tt.doc, ChunkOptions{})
			var got [][]string
			for _, p := range parts {
				got = append(got, p.Heading)
			}
			if !reflect.DeepEqual(got, tt.wantHeading) {
				t.Errorf("headings %q, want %q", got, tt.wantHeading)
			}
			if len(parts) > 0 {
				checkNoTextLost(t, tt.doc, parts)
			}
		})
	}
}

func TestChunkTextOverlap(t *testing.T) {
	var paras []string
	for i := range 6 {
		paras = append(paras, sentence(100+i, 200)+" "+sentence(200+i, 150))
	}
	doc := "# Long\n\n" + strings.Join(paras, "\n\n")
	parts := ChunkText("", doc, ChunkOptions{MinChars: 100, MaxChars: 600, Overlap: 80})
	if len(parts) < 3 {
		t.Fatalf("%d parts", len(parts))
	}
	for i := 1; i < len(parts); i++ {
		prev := strings.Fields(parts[i-1].Text)
		first := strings.Fields(parts[i].Text)[0]
		if !strings.Contains(strings.Join(prev[max(0, len(prev)-20):], " "), first) {
			t.Errorf("part %d does not start with the end of part %d: %q", i, i-1, first)
		}
		if got := parts[i].Heading; !reflect.DeepEqual(got, []string{"Long"}) {
			t.Errorf("part %d heading %q", i, got)
		}
	}
}

// TestChunkTextOddBlocks holds inputs that made chunks over the size
// bound or with fences that do not pair up: found by FuzzChunkDocument,
// the fence runs by reading the code it pointed at.
func TestChunkTextOddBlocks(t *testing.T) {
	tests := []struct {
		name, doc string
		opts      ChunkOptions
	}{
		{"heading longer than max", "# " + strings.Repeat("long heading ", 40) + "\n\n" + sentence(1, 300), ChunkOptions{MaxChars: 60}},
		{"giant info string", "```" + strings.Repeat("info", 100) + "\n" + strings.Repeat("line\n", 50) + "```", ChunkOptions{MaxChars: 100, Overlap: -1}},
		{"giant info string, no code", "```" + strings.Repeat("0", 70) + "\n```", ChunkOptions{MaxChars: 76, MinChars: 77, Overlap: -1}},
		{"long fences", strings.Repeat("`", 60) + "\ncode\n" + strings.Repeat("x ", 60) + "\n" + strings.Repeat("`", 60), ChunkOptions{MaxChars: 80}},
		{"text right after code", "```\ncode\n```\ntext after " + sentence(2, 100), ChunkOptions{MaxChars: 50}},
		{"fence run in a cut line", "```\n" + strings.Repeat("a", 20) + strings.Repeat("`", 10) + "\nmore\n```", ChunkOptions{MaxChars: 40}},
		{"overlap after code", "```\n" + strings.Repeat("echo x\n", 40) + "```\n\nThen restart.\n\n" + sentence(3, 200), ChunkOptions{MaxChars: 298, MinChars: 58, Overlap: 40}},
		{"fence run, room for longer fences", "```go\n" + strings.Repeat("a", 88) + "````\nmore\n```", ChunkOptions{MaxChars: 100, Overlap: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts.normalized()
			parts := ChunkText("", tt.doc, tt.opts)
			for i, p := range parts {
				if n := utf8.RuneCountInString(p.Text); n > opts.MaxChars {
					t.Errorf("part %d: %d runes > max %d", i, n, opts.MaxChars)
				}
			}
			checkFencesBalanced(t, parts)
		})
	}
}

func TestChunkTextCodeNotHeading(t *testing.T) {
	doc := "# Script\n\n```sh\n# install\napt-get install x\n```\n\nafter"
	parts := ChunkText("", doc, ChunkOptions{})
	if len(parts) != 1 || !reflect.DeepEqual(parts[0].Heading, []string{"Script"}) {
		t.Fatalf("parts %+v", parts)
	}
}

func TestChunkTextDeterministic(t *testing.T) {
	doc := longDoc()
	a := ChunkText("T", doc, ChunkOptions{MinChars: 80, MaxChars: 400})
	for range 5 {
		if b := ChunkText("T", doc, ChunkOptions{MinChars: 80, MaxChars: 400}); !reflect.DeepEqual(a, b) {
			t.Fatal("two runs differ")
		}
	}
}

func TestChunkOptionsNormalized(t *testing.T) {
	tests := []struct {
		name string
		in   ChunkOptions
		want ChunkOptions
	}{
		{"zero", ChunkOptions{}, ChunkOptions{200, 1200, 100}},
		{"no overlap", ChunkOptions{Overlap: -5}, ChunkOptions{200, 1200, 0}},
		{"min above max", ChunkOptions{MinChars: 900, MaxChars: 1000}, ChunkOptions{500, 1000, 100}},
		{"tiny max", ChunkOptions{MaxChars: 10}, ChunkOptions{10, 40, 10}},
		{"overlap capped", ChunkOptions{MaxChars: 400, Overlap: 300}, ChunkOptions{100, 400, 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.normalized(); got != tt.want {
				t.Errorf("normalized = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestChunkDocument(t *testing.T) {
	created := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	tests := []struct {
		name      string
		doc       Document
		wantTitle string
		wantLang  string
	}{
		{"html", Document{ID: 7, Source: "zendesk", Title: "VPN", Format: FormatHTML, Visibility: Internal, Language: "en", CreatedAt: created,
			Body: "<h1>VPN</h1><p>Open the client.</p><script>x()</script>"}, "VPN", "en"},
		{"title and language from body", Document{ID: 8, Source: "files", Format: FormatMarkdown, Visibility: Public, CreatedAt: created,
			Body: "# Mot de passe\n\nBonjour, pour réinitialiser votre mot de passe, ouvrez le portail et suivez les étapes."}, "Mot de passe", "fr"},
		{"text", Document{ID: 9, Source: "csv", Title: "Printer", Format: FormatText, Visibility: Public, Language: "de", CreatedAt: created,
			Body: "Drucker   neu starten"}, "Printer", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := ChunkDocument(&tt.doc, ChunkOptions{})
			if len(chunks) == 0 {
				t.Fatal("no chunks")
			}
			for i, c := range chunks {
				if c.DocumentID != tt.doc.ID || c.Ordinal != i || c.Visibility != tt.doc.Visibility ||
					c.Source != tt.doc.Source || !c.CreatedAt.Equal(created) || c.Language != tt.wantLang {
					t.Errorf("chunk %d fields: %+v", i, c)
				}
				if len(c.Heading) == 0 || c.Heading[0] != tt.wantTitle {
					t.Errorf("chunk %d heading %q, want title %q first", i, c.Heading, tt.wantTitle)
				}
				if strings.Contains(c.Text, "x()") || strings.Contains(c.Text, "<") {
					t.Errorf("chunk %d not clean: %q", i, c.Text)
				}
			}
		})
	}
}

func BenchmarkChunkText(b *testing.B) {
	doc := longDoc()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		ChunkText("T", doc, ChunkOptions{})
	}
}
