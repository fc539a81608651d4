package retrieval

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Inline Markdown is rewritten in one left-to-right pass over a line.
// Everything that needs to look ahead (matching brackets, parentheses and
// code spans) is computed first with stacks, so hostile input such as ten
// thousand nested brackets costs linear time and no recursion.

type codeSpan struct{ open, from, to, end int } // `open` + content [from,to) + closer up to end

type mdDelim struct {
	pos, n            int // where the run is in the output, its length
	char              byte
	canOpen, canClose bool
}

type mdLinkFrame struct {
	closeAt, resume, outStart int
	url                       string
}

type mdInline struct {
	s          string
	refs       map[string]string
	out        []byte
	spans      []codeSpan
	bracket    []int32 // for each '[' the index of its ']', else -1
	paren      []int32 // for each '(' the index of its ')', else -1
	delims     []mdDelim
	frames     []mdLinkFrame
	commentEnd int // where the next "-->" is, cached; -2 when none is left
	lower      string
}

// inlineMD rewrites one line of Markdown as plain text: emphasis marks go,
// code spans keep their content verbatim, images become their alt text,
// links become "text (url)", inline HTML tags go (scripts with their
// content) and entities are decoded.
func inlineMD(s string, refs map[string]string) string {
	if !strings.ContainsAny(s, "`\\![]<>*_~&") {
		return s
	}
	m := &mdInline{s: s, refs: refs, out: make([]byte, 0, len(s)), commentEnd: -1}
	m.findCodeSpans()
	if strings.ContainsRune(s, '[') && len(s) < 1<<30 { // int32 indexes

		m.bracket = m.match('[', ']')
		m.paren = m.match('(', ')')
	}
	m.scan()
	return m.resolveEmphasis()
}

func (m *mdInline) scan() {
	s, k := m.s, 0
	for i := 0; i < len(s); {
		if n := len(m.frames); n > 0 && i >= m.frames[n-1].closeAt {
			i = max(i, m.closeLink())
			continue
		}
		for k < len(m.spans) && m.spans[k].open < i {
			k++
		}
		if k < len(m.spans) && m.spans[k].open == i {
			sp := m.spans[k]
			m.out = append(m.out, trimCodeSpan(s[sp.from:sp.to])...)
			i = sp.end
			continue
		}
		if next, ok := m.special(i); ok {
			i = next
			continue
		}
		m.out = append(m.out, s[i])
		i++
	}
	for len(m.frames) > 0 {
		m.closeLink()
	}
}

// special handles the markup that starts at s[i] and returns where to go
// on; ok is false when s[i] is an ordinary character.
func (m *mdInline) special(i int) (next int, ok bool) {
	s := m.s
	switch s[i] {
	case '\\':
		if i+1 < len(s) && isASCIIPunct(s[i+1]) {
			m.out = append(m.out, s[i+1])
			return i + 2, true
		}
	case '!':
		if i+1 < len(s) && s[i+1] == '[' {
			if _, _, end, _, ok := m.linkAt(i + 1); ok {
				m.out = append(m.out, altText(s[i+2:m.bracket[i+1]])...)
				return end, true
			}
		}
	case '[':
		if url, ref, end, closeAt, ok := m.linkAt(i); ok {
			if ref != "" {
				// A reference's URL is shown at its first link only: the
				// document has it once, and a thousand "[kb]" must not
				// print it a thousand times.
				m.refs[ref] = ""
			}
			m.frames = append(m.frames, mdLinkFrame{closeAt: closeAt, resume: end, outStart: len(m.out), url: safeURL(url)})
			return i + 1, true
		}
	case '<':
		return m.angle(i)
	case '*', '_', '~':
		return m.delimRun(i), true
	case '&':
		return m.entity(i)
	}
	return i, false
}

// linkAt recognises a link whose text opens at s[i] == '[': inline
// "[text](url)", full "[text][ref]" or shortcut "[ref]" references; ref is
// the label of a reference's definition.
func (m *mdInline) linkAt(i int) (url, ref string, end, closeAt int, ok bool) {
	s := m.s
	if m.bracket == nil || m.bracket[i] < 0 {
		return "", "", 0, 0, false
	}
	j := int(m.bracket[i])
	switch {
	case j+1 < len(s) && s[j+1] == '(' && m.paren[j+1] >= 0:
		k := int(m.paren[j+1])
		return linkDest(s[j+2 : k]), "", k + 1, j, true
	case j+1 < len(s) && s[j+1] == '[' && m.bracket[j+1] >= 0:
		k := int(m.bracket[j+1])
		label := s[j+2 : k]
		if strings.TrimSpace(label) == "" {
			label = s[i+1 : j]
		}
		ref = refLabel(label)
		if u, found := m.refs[ref]; found {
			return u, ref, k + 1, j, true
		}
	case len(m.refs) > 0:
		ref = refLabel(s[i+1 : j])
		if u, found := m.refs[ref]; found {
			return u, ref, j + 1, j, true
		}
	}
	return "", "", 0, 0, false
}

// linkDest takes the URL out of a link destination with an optional title:
// `<url> "title"` or `url 'title'`.
func linkDest(d string) string {
	d = strings.TrimSpace(d)
	if strings.HasPrefix(d, "<") {
		if k := strings.IndexByte(d, '>'); k > 0 {
			return html.UnescapeString(d[1:k])
		}
	}
	if k := strings.IndexAny(d, " \t"); k >= 0 {
		d = d[:k]
	}
	return html.UnescapeString(d)
}

// closeLink ends the innermost open link, printing its URL after its text
// when the text does not already say it, and returns where to resume.
func (m *mdInline) closeLink() int {
	f := m.frames[len(m.frames)-1]
	m.frames = m.frames[:len(m.frames)-1]
	// Compare without copying: nested links would make copies quadratic.
	written := bytes.TrimSpace(m.out[min(f.outStart, len(m.out)):])
	if f.url != "" && len(written) > 0 &&
		(len(written) > len(f.url)+64 || !sameLink(string(written), f.url)) {
		m.out = append(m.out, " ("...)
		m.out = append(m.out, f.url...)
		m.out = append(m.out, ')')
	}
	return f.resume
}

// altText is an image's description without emphasis or code marks.
func altText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '*' || r == '`' || r == '\\' {
			return -1
		}
		return r
	}, s)
}

func trimCodeSpan(s string) string {
	if len(s) >= 2 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.TrimSpace(s) != "" {
		return s[1 : len(s)-1]
	}
	return s
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && unicode.IsPunct(rune(c)) || strings.IndexByte("$+<=>^`|~", c) >= 0
}

// entity decodes an HTML entity such as "&amp;" or "&#233;".
func (m *mdInline) entity(i int) (int, bool) {
	s := m.s
	j := i + 1
	for j < len(s) && j-i <= 32 && (isAlnum(s[j]) || s[j] == '#') {
		j++
	}
	if j >= len(s) || s[j] != ';' || j == i+1 {
		return i, false
	}
	raw := s[i : j+1]
	dec := html.UnescapeString(raw)
	if dec == raw {
		return i, false
	}
	m.out = append(m.out, dec...)
	return j + 1, true
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// delimRun records a run of '*', '_' or '~' and whether it can open or
// close emphasis, using Markdown's flanking rules so that "snake_case",
// "*.log" and "2 * 3" keep their marks.
func (m *mdInline) delimRun(i int) int {
	s, c := m.s, m.s[i]
	e := i
	for e < len(s) && s[e] == c {
		e++
	}
	before, after := ' ', ' '
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if e < len(s) {
		after, _ = utf8.DecodeRuneInString(s[e:])
	}
	left := !unicode.IsSpace(after) && (!isPunctRune(after) || unicode.IsSpace(before) || isPunctRune(before))
	right := !unicode.IsSpace(before) && (!isPunctRune(before) || unicode.IsSpace(after) || isPunctRune(after))
	// Stricter than Markdown: emphasis in real articles opens before a word
	// or a quote and closes after one, which keeps "*.log ... a*b" literal.
	left = left && (isWordRune(after) || strings.ContainsRune("\"'([`", after))
	right = right && (isWordRune(before) || strings.ContainsRune(".,:;!?)]\"'`", before))
	d := mdDelim{pos: len(m.out), n: e - i, char: c, canOpen: left, canClose: right}
	if c == '_' {
		d.canOpen = left && (!right || isPunctRune(before))
		d.canClose = right && (!left || isPunctRune(after))
	}
	if c != '~' || d.n == 2 { // only "~~" strikes through
		m.delims = append(m.delims, d)
	}
	m.out = append(m.out, s[i:e]...)
	return e
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isPunctRune(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// resolveEmphasis pairs closers with the nearest opener of the same mark
// and removes both; unpaired marks stay as literal text.
func (m *mdInline) resolveEmphasis() string {
	var stacks [3][]int
	remove := make([]bool, len(m.delims))
	paired := false
	for idx, d := range m.delims {
		st := &stacks[strings.IndexByte("*_~", d.char)]
		if d.canClose && len(*st) > 0 {
			o := (*st)[len(*st)-1]
			*st = (*st)[:len(*st)-1]
			remove[o], remove[idx], paired = true, true, true
			continue
		}
		if d.canOpen {
			*st = append(*st, idx)
		}
	}
	if !paired {
		return string(m.out)
	}
	b := make([]byte, 0, len(m.out))
	last := 0
	for idx, d := range m.delims {
		if remove[idx] {
			b = append(b, m.out[last:d.pos]...)
			last = d.pos + d.n
		}
	}
	return string(append(b, m.out[last:]...))
}
