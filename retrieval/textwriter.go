package retrieval

import (
	"unicode"
	"unicode/utf8"
)

// textWriter accumulates cleaned text from a stream of inline text and
// block events. Breaks and spaces are held back until the next visible
// character, so empty elements and runs of white space leave no trace.
type textWriter struct {
	b            []byte
	pendingBreak int    // newlines owed before the next text: 0, 1 or 2
	pendingSpace bool   // a space owed before the next text
	prefix       string // list or heading marker owed at the next line start
	oneLine      bool   // inside a heading or table cell: breaks become spaces
}

// breakLine asks for n newlines (1: new line, 2: new paragraph) before the
// next text. A pending list or heading marker absorbs it: the <p> inside
// an <li> must not push the item's text away from its "- ".
func (w *textWriter) breakLine(n int) {
	if w.oneLine {
		w.pendingSpace = true
		return
	}
	if w.prefix != "" {
		return
	}
	w.pendingBreak = max(w.pendingBreak, n)
}

// startLine asks for a break and a marker ("- ", "## ") before the next text.
func (w *textWriter) startLine(n int, prefix string) {
	if w.oneLine { // a heading or list inside a table cell stays in its row
		w.pendingSpace = true
		return
	}
	w.prefix = ""
	w.breakLine(n)
	w.prefix = prefix
}

// cancelPrefix drops a marker whose element ended without text, so that an
// empty heading does not turn the next paragraph into a heading.
func (w *textWriter) cancelPrefix() { w.prefix = "" }

// flush writes what is owed before visible text.
func (w *textWriter) flush() {
	if len(w.b) > 0 && w.pendingBreak > 0 {
		have := 0 // newlines already at the end
		for have < 2 && have < len(w.b) && w.b[len(w.b)-1-have] == '\n' {
			have++
		}
		for ; have < w.pendingBreak; have++ {
			w.b = append(w.b, '\n')
		}
		w.pendingSpace = false
	}
	w.pendingBreak = 0
	if w.prefix != "" {
		if len(w.b) > 0 && w.b[len(w.b)-1] != '\n' {
			w.b = append(w.b, '\n')
		}
		w.b = append(w.b, w.prefix...)
		w.prefix = ""
		w.pendingSpace = false
	}
	if w.pendingSpace {
		if n := len(w.b); n > 0 && w.b[n-1] != '\n' && w.b[n-1] != ' ' {
			w.b = append(w.b, ' ')
		}
		w.pendingSpace = false
	}
}

// text writes inline text, collapsing white space.
func (w *textWriter) text(s string) {
	for i := 0; i < len(s); {
		if size := spaceAt(s, i); size > 0 {
			w.pendingSpace = true
			i += size
			continue
		}
		j := i + 1
		for j < len(s) && spaceAt(s, j) == 0 {
			j++
		}
		w.flush()
		w.b = append(w.b, s[i:j]...)
		i = j
	}
}

// spaceAt returns the size of the white space character at s[i], or 0.
// Continuation bytes of a multi-byte rune are never space, so stepping
// one byte at a time over a word is safe.
func spaceAt(s string, i int) int {
	c := s[i]
	if c < utf8.RuneSelf {
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			return 1
		}
		return 0
	}
	if c < 0xC0 {
		return 0 // continuation byte
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if unicode.IsSpace(r) {
		return size
	}
	return 0
}

// raw writes s as it is after what is owed, for table separators and code.
func (w *textWriter) raw(s string) {
	w.flush()
	w.b = append(w.b, s...)
}

// len is the number of bytes written so far.
func (w *textWriter) len() int { return len(w.b) }

// String returns the text written so far.
func (w *textWriter) String() string { return string(w.b) }
