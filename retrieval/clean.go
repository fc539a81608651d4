package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cleaned text is plain text with a little Markdown-like structure that the
// chunker and the assistant rely on: "#" marks of the heading level at the
// start of heading lines, "- " and "1. " list items, code between fences of
// backticks or tildes kept verbatim, table rows as cells joined by " | ",
// and a blank line between paragraphs.

// CleanText turns a document body into clean plain text that keeps its
// structure (see the package's cleaned-text conventions above). It accepts
// any input, including broken or hostile markup and invalid UTF-8, and runs
// in time linear in the size of the body. An unknown format is read as
// plain text.
func CleanText(body string, f Format) string {
	body = sanitize(body)
	switch f {
	case FormatHTML:
		text, _ := cleanHTML(body)
		return text
	case FormatMarkdown:
		text, _ := cleanMarkdown(body)
		return text
	}
	return finishText(body)
}

// Title returns the title a document gives itself, or "": for HTML the
// first <h1>, else the <title>, else the first heading of any level; for
// Markdown the "title" of its front matter, else its first heading. Plain
// text has no markup to tell a title from a first sentence, so it has none.
func Title(body string, f Format) string {
	body = sanitize(body)
	switch f {
	case FormatHTML:
		text, title := cleanHTML(body)
		if h := firstHeading(text, 1); h != "" {
			return h
		}
		if title != "" {
			return title
		}
		return firstHeading(text, 0)
	case FormatMarkdown:
		text, title := cleanMarkdown(body)
		if title != "" {
			return title
		}
		return firstHeading(text, 0)
	}
	return ""
}

// firstHeading returns the text of the first heading of cleaned text at the
// given level, or at any level when level is 0.
func firstHeading(text string, level int) string {
	var fence fenceState
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\n")
		if fence.inside(line) {
			continue
		}
		if lvl, h := headingLine(line); lvl > 0 && (level == 0 || lvl == level) {
			return h
		}
	}
	return ""
}

// headingLine parses a cleaned heading line ("## Reset your password") into
// its level and text; level is 0 when the line is not a heading.
func headingLine(line string) (level int, text string) {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n >= len(line) || line[n] != ' ' {
		return 0, ""
	}
	text = strings.TrimSpace(line[n+1:])
	if text == "" {
		return 0, ""
	}
	return n, text
}

// fenceState follows code fences line by line so that lines inside code
// are never mistaken for headings or rewritten.
type fenceState struct {
	char byte // '`' or '~' while inside a fence, 0 outside
	n    int  // length of the opening fence
}

// inside reports whether line belongs to a code block, fence lines
// included, and updates the state.
func (f *fenceState) inside(line string) bool {
	c, n, rest := fenceLine(line)
	if f.char != 0 {
		if c == f.char && n >= f.n && strings.TrimSpace(rest) == "" {
			f.char = 0
		}
		return true
	}
	if n > 0 && !(c == '`' && strings.ContainsRune(rest, '`')) {
		f.char, f.n = c, n
		return true
	}
	return false
}

// fenceLine reports the fence character and length a line opens or closes
// with (at most three spaces of indentation, three or more '`' or '~'),
// and what follows the fence; n is 0 for other lines.
func fenceLine(line string) (c byte, n int, rest string) {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i == len(line) || (line[i] != '`' && line[i] != '~') {
		return 0, 0, ""
	}
	c = line[i]
	j := i
	for j < len(line) && line[j] == c {
		j++
	}
	if j-i < 3 {
		return 0, 0, ""
	}
	return c, j - i, line[j:]
}

// sanitize repairs what would otherwise leak into the index: invalid UTF-8
// becomes U+FFFD, line ends become "\n", and control characters, byte order
// marks and zero-width spaces are dropped. NO-BREAK SPACE becomes a space.
func sanitize(s string) string {
	var b []byte
	kept := 0 // s[kept:i] is clean and not yet copied into b
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		repl, drop := sanitizeRune(r, size, s[i+size:])
		if !drop && repl == "" {
			i += size
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[kept:i]...)
		b = append(b, repl...)
		i += size
		kept = i
	}
	if b == nil {
		return s
	}
	return string(append(b, s[kept:]...))
}

// sanitizeRune says what to do with a rune sanitize cannot keep as it is:
// replace it (repl), drop it, or keep it (neither). rest follows the rune.
func sanitizeRune(r rune, size int, rest string) (repl string, drop bool) {
	switch {
	case r == utf8.RuneError && size == 1:
		return "\uFFFD", false
	case r == '\r':
		if strings.HasPrefix(rest, "\n") {
			return "", true
		}
		return "\n", false
	case r == 0xA0:
		return " ", false
	case r < 0x20 || r >= 0x7f && r < 0xA0 || r == 0xFEFF || r == 0x200B:
		return "", true
	}
	return "", false
}

// finishText is the last pass of every format: outside code blocks it
// collapses runs of spaces inside lines, trims line ends and leaves at most
// one blank line between paragraphs; code blocks are kept verbatim, and
// one left open (by a line of text that only looks like a fence) is closed
// at the end, so that fences in cleaned text, and in its chunks, pair up.
func finishText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var fence fenceState
	blank := false
	for line := range strings.Lines(s) {
		line = strings.TrimRight(line, "\n")
		if fence.inside(line) {
			if blank && b.Len() > 0 {
				b.WriteByte('\n')
			}
			blank = false
			b.WriteString(line)
			b.WriteByte('\n')
			continue
		}
		line = collapseSpaces(line)
		if line == "" {
			blank = true
			continue
		}
		if blank && b.Len() > 0 {
			b.WriteByte('\n')
		}
		blank = false
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if fence.char != 0 {
		b.WriteString(strings.Repeat(string(fence.char), fence.n))
	}
	return strings.TrimRight(b.String(), "\n")
}

// collapseSpaces keeps a line's indentation (it carries list nesting),
// turns every other run of white space into one space and trims the end.
func collapseSpaces(line string) string {
	indent := 0
	for indent < len(line) && (line[indent] == ' ' || line[indent] == '\t') {
		indent++
	}
	if strings.TrimLeftFunc(line[indent:], unicode.IsSpace) == "" {
		return ""
	}
	if !needsCollapse(line[indent:]) {
		return line
	}
	b := make([]byte, 0, len(line))
	b = append(b, line[:indent]...)
	space := false
	for _, r := range line[indent:] {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// needsCollapse reports whether s has white space other than single
// spaces between words.
func needsCollapse(s string) bool {
	prevSpace := false
	for _, r := range s {
		if r == ' ' {
			if prevSpace {
				return true
			}
			prevSpace = true
			continue
		}
		if unicode.IsSpace(r) {
			return true
		}
		prevSpace = false
	}
	return prevSpace
}
