package retrieval

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The cleaner's and the chunker's contracts under hostile input, checked
// on whatever the fuzzer makes (scripts/fuzz.sh runs every target).

// maxGrowth bounds the cleaned text of n bytes of input: a list item's
// marker with its indentation ("<li>x" becomes "\n            12345. x"),
// or a U+FFFD for each invalid byte, are the largest expansions.
func maxGrowth(n int) int { return 8*n + 64 }

// scriptMark and handlerMark are planted in the input as the body of a
// script and the value of an event handler.
const (
	scriptMark  = "qqSCRIPTBODYqq"
	handlerMark = "qqONHANDLERqq"
)

// FuzzCleanText checks the cleaning of any body in every format: the text
// is valid UTF-8, already clean (cleaning it again as text changes
// nothing), at most a few times longer than the body, a title is one line,
// and no script's body or event handler that the body had as markup is
// kept, nor a "<script" tag that was not text.
func FuzzCleanText(f *testing.F) {
	seeds := []string{
		"<p>a<b>b</p>", "<script>x</script>", "# h\n- [a](b)", "```\n<x>\n", "<pre>```</pre>",
		"*a _b_ **c***", "[[a]](b(c))", "<!--", "&#0;&#xD800;", "<table><td>a<tr>",
		"<ol start=99999999999><li><ol><li><ol><li>x</ol></ol></ol>", "<a href=\"javascript:alert(1)\">x</a>",
		"<img src=x onerror=\"alert(1)\" alt=\"diagram\">", "<xmp><script>text</script></xmp>",
		"[kb]: https://kb.example.com/articles/42\n\nSee [kb] and [kb] and [the guide][kb].",
		"---\ntitle: \"Reset\"\n---\n# Other\n", "Heading\n===\n\ntext", "| a | b |\n|---|---|\n| 1 | 2 |",
		"    code\n\n# h", "> quote\n> - item", "<div>\n\n<script>\nx\n</script>", "&#x85;&#127;&#xFEFF;&#8203;",
		"<pre>a\tb</pre>\u00a0x\r\ny", "~~~\n```\n~~~", "<h1>T</h1><title>U</title>",
		"[k]: https://kb.example.com/" + strings.Repeat("x", 200) + "\n\n" + strings.Repeat("[k] ", 50),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := CleanText(s, FormatHTML); strings.Contains(strings.ToLower(got), "<script") && !scriptAsText(s) {
			t.Fatalf("html: %q cleaned to %q, with a <script tag", s, got)
		}
		for _, format := range []Format{FormatHTML, FormatMarkdown, FormatText} {
			got := CleanText(s, format)
			checkCleaned(t, format, s, got)
			title := Title(s, format)
			if !utf8.ValidString(title) || strings.ContainsAny(title, "\n\r") || len(title) > maxGrowth(len(s)) {
				t.Fatalf("%s: title %q of %q is not one line of text", format, title, s)
			}
		}
		checkNoScript(t, s)
	})
}

// checkCleaned checks what holds of any cleaned text.
func checkCleaned(t *testing.T, format Format, in, got string) {
	t.Helper()
	if !utf8.ValidString(got) {
		t.Fatalf("%s: invalid UTF-8 out of %q", format, in)
	}
	if again := finishText(got); again != got {
		t.Fatalf("%s: output of %q not normalised: %q", format, in, got)
	}
	// Cleaned text is plain text already: no control characters, byte
	// order marks or zero-width spaces that decoded entities brought back.
	if again := CleanText(got, FormatText); again != got {
		t.Fatalf("%s: output of %q is not clean text:\n%q\ncleaned again:\n%q", format, in, got, again)
	}
	if len(got) > maxGrowth(len(in)) {
		t.Fatalf("%s: %d bytes of input grew to %d bytes: %q", format, len(in), len(got), in)
	}
}

// checkNoScript plants a script and an event handler in s and checks that
// neither leaves a trace in the cleaned text wherever the HTML tokenizer
// (the cleaner's own) reads them as markup; inside <xmp> or a comment they
// are text or nothing, and nothing is claimed. In Markdown they are planted
// at the start, where they are inline HTML whatever follows.
func checkNoScript(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, scriptMark) || strings.Contains(s, handlerMark) {
		return
	}
	mid := len(s) / 2
	for mid > 0 && !utf8.RuneStart(s[mid]) {
		mid--
	}
	planted := s[:mid] + "<script>" + scriptMark + "</script><img src=x onerror=\"" + handlerMark + "\" alt=\"\">" + s[mid:]
	inScript, inHandler := plantedAsMarkup(planted)
	got := CleanText(planted, FormatHTML)
	if inScript && strings.Contains(got, scriptMark) {
		t.Fatalf("html: a script's body leaked out of %q: %q", planted, got)
	}
	if inHandler && strings.Contains(got, handlerMark) {
		t.Fatalf("html: an event handler leaked out of %q: %q", planted, got)
	}
	for _, prefix := range []string{"<script>" + scriptMark + "</script>\n", "text <script>" + scriptMark + "</script> ",
		"<img src=x onerror=\"" + handlerMark + "\"> "} {
		if got := CleanText(prefix+s, FormatMarkdown); strings.Contains(got, scriptMark) || strings.Contains(got, handlerMark) {
			t.Fatalf("markdown: script or handler leaked out of %q: %q", prefix+s, got)
		}
	}
}

// scriptAsText reports whether "<script" is in the text of an HTML
// document, or in an attribute value (an image's alt text is kept), as
// its tokenizer reads it: "&lt;script&gt;" is text, and may be kept.
func scriptAsText(s string) bool {
	z := html.NewTokenizer(strings.NewReader(sanitize(s)))
	has := func(b []byte) bool { return strings.Contains(strings.ToLower(string(b)), "<script") }
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.TextToken:
			if has(z.Text()) {
				return true
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, more := z.TagName(); more; {
				var v []byte
				_, v, more = z.TagAttr()
				if has(v) {
					return true
				}
			}
		}
	}
}

// plantedAsMarkup reports whether the HTML tokenizer reads the planted
// script body as the text of a <script> element and the planted handler as
// an on* attribute of a start tag.
func plantedAsMarkup(s string) (inScript, inHandler bool) {
	z := html.NewTokenizer(strings.NewReader(sanitize(s)))
	prevScript := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return inScript, inHandler
		case html.TextToken:
			if prevScript && strings.Contains(string(z.Text()), scriptMark) {
				inScript = true
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if strings.HasPrefix(string(k), "on") && strings.Contains(string(v), handlerMark) {
					inHandler = true
				}
			}
			prevScript = tt == html.StartTagToken && string(name) == "script"
			continue
		}
		prevScript = false
	}
}

// FuzzChunkDocument checks the chunks of any document with any bounds:
// each is at most MaxChars long and not empty, numbered in order, under a
// heading path that starts with the document's title, with its code
// fences paired; and together they lose no word of the cleaned text.
func FuzzChunkDocument(f *testing.F) {
	f.Add("# Reset\n\n"+sentence(1, 300)+"\n\n## Windows\n\n"+sentence(2, 600), uint8(1), uint16(0), uint16(0), int16(0))
	f.Add("<h1>VPN</h1><p>"+sentence(3, 600)+"</p><pre>"+strings.Repeat("echo x\n", 60)+"</pre>", uint8(0), uint16(200), uint16(50), int16(40))
	f.Add("```"+strings.Repeat("info", 30)+"\n"+strings.Repeat("line\n", 60)+"```", uint8(1), uint16(100), uint16(0), int16(-1))
	f.Add(strings.Repeat("QUJD", 300), uint8(2), uint16(40), uint16(10), int16(10))
	f.Add("# "+strings.Repeat("long heading ", 10)+"\n\n"+sentence(4, 300), uint8(1), uint16(60), uint16(0), int16(0))
	f.Add("```\ncode\n```\ntext after "+sentence(5, 100), uint8(2), uint16(50), uint16(0), int16(0))
	f.Add("```\n"+strings.Repeat("a", 20)+"``````````\nmore\n```", uint8(1), uint16(40), uint16(0), int16(0))
	f.Fuzz(func(t *testing.T, body string, format uint8, maxChars, minChars uint16, overlap int16) {
		formats := []Format{FormatHTML, FormatMarkdown, FormatText}
		d := &Document{ID: 7, Source: "kb", ExternalID: "a-1", Body: body, Format: formats[int(format)%len(formats)], Language: "en"}
		opts := ChunkOptions{MaxChars: int(maxChars), MinChars: int(minChars), Overlap: int(overlap)}
		chunks := ChunkDocument(d, opts)
		norm := opts.normalized()
		title := Title(body, d.Format)
		parts := make([]ChunkPart, len(chunks))
		for i, c := range chunks {
			if c.Ordinal != i || c.DocumentID != 7 || c.ExternalID != "a-1" || c.Source != "kb" {
				t.Fatalf("chunk %d: ordinal %d, document %d %q %q", i, c.Ordinal, c.DocumentID, c.ExternalID, c.Source)
			}
			if n := utf8.RuneCountInString(c.Text); n > norm.MaxChars || strings.TrimSpace(c.Text) == "" {
				t.Fatalf("chunk %d: %d runes, over the max of %d or empty:\n%s", i, n, norm.MaxChars, c.Text)
			}
			if !utf8.ValidString(c.Text) {
				t.Fatalf("chunk %d: invalid UTF-8", i)
			}
			if title = strings.TrimSpace(title); title != "" && (len(c.Heading) == 0 || c.Heading[0] != title) {
				t.Fatalf("chunk %d: heading path %q does not start with the title %q", i, c.Heading, title)
			}
			parts[i] = ChunkPart{Heading: c.Heading, Text: c.Text}
		}
		// Text that looks like a fence ("```0`" is not one: a backtick
		// fence has none in its info string) may become one when a chunk
		// starts in it; the chunker does not escape it. Such documents are
		// checked for the size bound only.
		cleaned := CleanText(body, d.Format)
		if rest := withoutFences(cleaned); strings.Contains(rest, "```") || strings.Contains(rest, "~~~") {
			return
		}
		checkFencesBalanced(t, parts)
		checkWordsKept(t, cleaned, parts)
	})
}

// checkWordsKept checks that chunking loses no text: every word of the
// cleaned text is in the chunks, in order. Long words and code lines may
// be cut across chunks, and code cut that way is fenced again (its fences
// longer, or plain when its info string is too long to repeat), so the
// comparison leaves out fence lines and white space.
func checkWordsKept(t *testing.T, cleaned string, parts []ChunkPart) {
	t.Helper()
	noSpace := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	var all strings.Builder
	for _, p := range parts {
		all.WriteString(noSpace(withoutFences(p.Text)))
	}
	joined := all.String()
	at := 0 // words come in order: each is looked for after the one before
	for _, w := range strings.Fields(withoutFences(cleaned)) {
		if i := strings.Index(joined[at:], w); i >= 0 {
			at += i + len(w)
		} else if !strings.Contains(joined, w) {
			t.Fatalf("word %q of the cleaned text is in no chunk", w)
		}
	}
}

// withoutFences returns text without the lines that open or close its code
// blocks.
func withoutFences(text string) string {
	var b strings.Builder
	var fence fenceState
	for line := range strings.Lines(text) {
		was := fence.char != 0
		if in := fence.inside(strings.TrimRight(line, "\n")); in && (!was || fence.char == 0) {
			b.WriteByte('\n')
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}
