package retrieval

import "strings"

// The lookahead of the inline Markdown pass: code spans, matching
// brackets and parentheses, and what a '<' opens (comments, autolinks,
// inline HTML). Each is found in linear time.

// findCodeSpans pairs each run of backticks with the next run of the same
// length, as Markdown does; the lookup table makes it linear.
func (m *mdInline) findCodeSpans() {
	s := m.s
	if strings.IndexByte(s, '`') < 0 {
		return
	}
	type run struct{ pos, n int }
	var runs []run
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		runs = append(runs, run{i, j - i})
		i = j
	}
	next := make([]int, len(runs))
	last := map[int]int{}
	for r := len(runs) - 1; r >= 0; r-- {
		next[r] = -1
		if v, ok := last[runs[r].n]; ok {
			next[r] = v
		}
		last[runs[r].n] = r
	}
	for r := 0; r < len(runs); {
		nx := next[r]
		if nx < 0 {
			r++
			continue
		}
		a, b := runs[r], runs[nx]
		m.spans = append(m.spans, codeSpan{open: a.pos, from: a.pos + a.n, to: b.pos, end: b.pos + b.n})
		r = nx + 1
	}
}

// match pairs open and close characters outside code spans with a stack
// and returns, for each opener, the index of its closer or -1.
func (m *mdInline) match(open, close byte) []int32 {
	s := m.s
	res := make([]int32, len(s))
	for i := range res {
		res[i] = -1
	}
	var stack []int32
	k := 0
	for i := 0; i < len(s); i++ {
		if k < len(m.spans) && i == m.spans[k].open {
			i = m.spans[k].end - 1
			k++
			continue
		}
		switch s[i] {
		case '\\':
			i++
		case open:
			stack = append(stack, int32(i))
		case close:
			if n := len(stack); n > 0 {
				res[stack[n-1]] = int32(i)
				stack = stack[:n-1]
			}
		}
	}
	return res
}

// angle handles '<': comments, autolinks and inline HTML tags. Scripts and
// the like are dropped with their content.
func (m *mdInline) angle(i int) (int, bool) {
	s := m.s
	if strings.HasPrefix(s[i:], "<!--") {
		if end := m.commentEndFrom(i + 4); end >= 0 {
			return end + 3, true
		}
		return i, false
	}
	j := i + 1
	for j < len(s) && s[j] != '>' && s[j] != '<' {
		j++
	}
	if j >= len(s) || s[j] != '>' {
		return i, false
	}
	inner := s[i+1 : j]
	if isAutolink(inner) {
		m.out = append(m.out, safeURL(inner)...)
		return j + 1, true
	}
	name, closing, ok := tagName(inner)
	if !ok {
		return i, false
	}
	if name == "br" {
		m.out = append(m.out, ' ')
	}
	if !closing && mdRawBlocks[name] != "" || name == "title" || name == "template" || name == "iframe" {
		return m.skipRaw(name, j+1), true
	}
	return j + 1, true
}

// commentEndFrom finds the next "-->" at or after from, remembering the
// answer so that many "<!--" on one line cost one scan.
func (m *mdInline) commentEndFrom(from int) int {
	if m.commentEnd == -2 {
		return -1
	}
	if m.commentEnd >= from {
		return m.commentEnd
	}
	k := strings.Index(m.s[from:], "-->")
	if k < 0 {
		m.commentEnd = -2
		return -1
	}
	m.commentEnd = from + k
	return m.commentEnd
}

// skipRaw returns the index after the closing tag of name, or the end of
// the line when it is not closed there.
func (m *mdInline) skipRaw(name string, from int) int {
	if m.lower == "" {
		m.lower = asciiLower(m.s)
	}
	k := strings.Index(m.lower[from:], "</"+name)
	if k < 0 {
		return len(m.s)
	}
	if e := strings.IndexByte(m.s[from+k:], '>'); e >= 0 {
		return from + k + e + 1
	}
	return len(m.s)
}

// asciiLower lowercases ASCII letters only, keeping byte offsets valid.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// isAutolink reports whether the inside of <...> is a URL or an address.
func isAutolink(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t<>") {
		return false
	}
	if at := strings.IndexByte(s, '@'); at > 0 && !strings.Contains(s, ":") {
		return strings.Contains(s[at:], ".")
	}
	colon := strings.IndexByte(s, ':')
	if colon < 2 || colon > 32 || !isAlpha(s[0]) {
		return false
	}
	for k := 1; k < colon; k++ {
		if c := s[k]; !isAlnum(c) && c != '+' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// tagName parses the inside of an HTML tag: its lower-cased name and
// whether it is a closing tag; ok is false for text that only looks like
// one ("a < b", "<3").
func tagName(inner string) (name string, closing, ok bool) {
	if strings.HasPrefix(inner, "/") {
		closing, inner = true, inner[1:]
	}
	if inner == "" || !isAlpha(inner[0]) {
		return "", false, false
	}
	k := 1
	for k < len(inner) && (isAlnum(inner[k]) || inner[k] == '-') {
		k++
	}
	if k < len(inner) && inner[k] != ' ' && inner[k] != '\t' && inner[k] != '/' {
		return "", false, false
	}
	return asciiLower(inner[:k]), closing, true
}
