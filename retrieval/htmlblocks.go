package retrieval

import (
	"strconv"
	"strings"
)

// The parts of the HTML cleaner that keep state across tags: list items,
// table cells, links and preformatted blocks.

func (c *htmlCleaner) startItem() {
	marker := "- "
	depth := len(c.lists)
	if depth > 0 {
		l := &c.lists[depth-1]
		if l.items > 0 {
			// Items follow each other line by line even when the one
			// before ended with a paragraph.
			c.w.pendingBreak = min(c.w.pendingBreak, 1)
		}
		l.items++
		if l.ordered {
			marker = strconv.Itoa(l.next) + ". "
			l.next++
		}
		depth--
	}
	indent := strings.Repeat("  ", min(depth, maxListIndent))
	c.w.startLine(1, indent+marker)
}

func (c *htmlCleaner) startCell() {
	n := len(c.tables)
	if n == 0 {
		c.w.pendingSpace = true
		return
	}
	c.endCell()
	t := &c.tables[n-1]
	if t.cells > 0 {
		c.w.raw(" | ")
	}
	t.cells++
	t.inCell = true
}

func (c *htmlCleaner) endCell() {
	if n := len(c.tables); n > 0 && c.tables[n-1].inCell {
		c.tables[n-1].inCell = false
		c.w.cancelPrefix()
		c.sync()
	}
}

// closeLink appends the URL of the link being closed when it tells the
// reader something the link text does not.
func (c *htmlCleaner) closeLink() {
	l := c.link
	c.link = nil
	if l == nil || l.href == "" || l.start > c.w.len() {
		return
	}
	written := c.w.b[l.start:]
	if len(written) > len(l.href)+64 {
		// Far longer than the URL, so not the URL: skip the comparison.
		c.w.text(" (" + l.href + ")")
		return
	}
	text := strings.TrimSpace(string(written))
	if text == "" || sameLink(text, l.href) {
		return
	}
	c.w.text(" (" + l.href + ")")
}

// flushPre writes a finished <pre> block between fences longer than any
// run of backticks inside it, so the block cannot close early.
func (c *htmlCleaner) flushPre() {
	code := strings.TrimPrefix(c.preBuf.String(), "\n") // as browsers do
	code = strings.TrimRight(code, " \t\n")
	c.preBuf.Reset()
	if strings.TrimSpace(code) == "" {
		return
	}
	if c.w.oneLine {
		c.w.text(code)
		return
	}
	fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
	c.w.cancelPrefix()
	c.w.breakLine(2)
	c.w.raw(fence + "\n" + code + "\n" + fence)
	c.w.breakLine(2)
}

// finish closes what the document left open.
func (c *htmlCleaner) finish() {
	if c.pre > 0 {
		c.pre = 0
		c.flushPre()
	}
	c.closeLink()
}

func longestRun(s string, ch byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == ch {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
