package retrieval

import (
	"regexp"
	"strings"
)

// Markdown is normalised line by line rather than rendered: the cleaned
// text keeps Markdown's own structure (headings, lists, fences), so only
// inline markup has to go. Each line is looked at a bounded number of
// times, so the cost is linear whatever the nesting.

var (
	mdRefDef    = regexp.MustCompile(`^ {0,3}\[([^\]]{1,999})\]:[ \t]*<?([^\s>]+)>?`)
	mdHTMLBlock = regexp.MustCompile(`(?i)^ {0,3}<(/?)(address|article|aside|blockquote|body|center|details|dialog|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|html|iframe|li|main|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|script|style|pre|textarea|noscript|svg)(\s|/?>|$)`)
)

// mdRawBlocks end at their closing tag rather than at a blank line.
var mdRawBlocks = map[string]string{
	"script": "</script", "style": "</style", "pre": "</pre", "textarea": "</textarea",
	"noscript": "</noscript", "svg": "</svg",
}

type mdCleaner struct {
	lines      []string
	i          int
	out        strings.Builder
	refs       map[string]string
	fence      fenceState
	htmlBlock  []string // lines of an HTML block being collected
	htmlEnd    string   // its closing tag, or "" to end at a blank line
	indented   bool     // inside an indented code block
	codeBlanks int      // blank lines held back inside it
	prevBlank  bool
	inList     bool
	inTable    bool
}

// cleanMarkdown returns the clean text of a Markdown document and the
// title of its front matter, if any.
func cleanMarkdown(body string) (text, title string) {
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	start, title := frontMatter(lines)
	m := &mdCleaner{lines: lines[start:], prevBlank: true}
	m.refs = linkRefs(m.lines)
	for m.i = 0; m.i < len(m.lines); m.i++ {
		m.line(m.lines[m.i])
	}
	m.endBlocks()
	if m.fence.char != 0 { // close what the author left open
		m.emit(strings.Repeat(string(m.fence.char), m.fence.n))
	}
	return finishText(sanitize(m.out.String())), title // sanitize: entities decoded
}

func (m *mdCleaner) emit(s string) {
	m.out.WriteString(s)
	m.out.WriteByte('\n')
}

func (m *mdCleaner) line(line string) {
	if m.htmlBlock != nil {
		m.collectHTML(line)
		return
	}
	if m.fence.char != 0 {
		m.fence.inside(line)
		m.emit(line)
		if m.fence.char == 0 {
			m.emit("")
		}
		return
	}
	if m.codeLine(line) {
		return
	}
	line = stripQuote(line)
	blank := strings.TrimSpace(line) == ""
	defer func() { m.prevBlank = blank }()
	if _, _, _, item := listItem(line); !blank && line[0] != ' ' && line[0] != '\t' && !item {
		m.inList = false // a line at the margin ends the list
	}
	switch {
	case blank:
		m.inTable = false
		m.emit("")
	case m.fence.inside(line):
		m.emit("")
		m.emit(strings.TrimLeft(line, " "))
	case strings.HasPrefix(strings.TrimLeft(line, " "), "<") && mdHTMLBlock.MatchString(line):
		m.startHTML(line)
	case strings.HasPrefix(strings.TrimLeft(line, " "), "<!--"):
		m.htmlEnd, m.htmlBlock = "-->", []string{}
		m.collectHTML(line)
	case m.structure(line):
	default:
		if !m.inList {
			line = strings.TrimLeft(line, " \t")
		}
		m.emit(inlineMD(line, m.refs))
	}
}

// codeLine handles indented code blocks: four spaces or a tab after a blank
// line, outside lists. They are fenced in the output so that what follows
// never mistakes a "# comment" in them for a heading.
func (m *mdCleaner) codeLine(line string) bool {
	indentedLine := strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")
	blank := strings.TrimSpace(line) == ""
	if m.indented && blank {
		m.codeBlanks++ // kept only if the code goes on after them
		return true
	}
	if m.indented && indentedLine {
		for ; m.codeBlanks > 0; m.codeBlanks-- {
			m.emit("")
		}
		m.emit(strings.TrimPrefix(strings.TrimPrefix(line, "\t"), "    "))
		return true
	}
	m.endBlocks()
	if !indentedLine || blank || m.inList || !m.prevBlank {
		return false
	}
	m.indented = true
	m.emit("```")
	m.emit(strings.TrimPrefix(strings.TrimPrefix(line, "\t"), "    "))
	return true
}

// endBlocks closes an open indented code block.
func (m *mdCleaner) endBlocks() {
	if m.indented {
		m.indented, m.codeBlanks = false, 0
		m.emit("```")
		m.emit("")
		m.prevBlank = true
	}
}

// structure handles the lines that are not plain paragraph text and
// reports whether line was one of them.
func (m *mdCleaner) structure(line string) bool {
	if strings.Contains(line, "]:") && mdRefDef.MatchString(line) {
		return true // definitions are used by the links that cite them
	}
	if lvl, text := atxHeading(line); lvl > 0 {
		m.heading(lvl, text)
		return true
	}
	if m.i+1 < len(m.lines) && !m.inList && m.prevBlank {
		if lvl := setextLevel(m.lines[m.i+1]); lvl > 0 && !isListItem(line) {
			m.heading(lvl, line)
			m.i++
			return true
		}
	}
	if isThematicBreak(line) {
		m.emit("")
		return true
	}
	if m.tableRow(line) {
		return true
	}
	if indent, marker, rest, ok := listItem(line); ok {
		m.inList = true
		m.emit(strings.ReplaceAll(indent, "\t", "    ") + marker + " " + inlineMD(rest, m.refs))
		return true
	}
	return false
}

func (m *mdCleaner) heading(level int, text string) {
	text = strings.TrimSpace(inlineMD(strings.TrimSpace(text), m.refs))
	if text == "" {
		return
	}
	m.inList = false
	m.emit("")
	m.emit(strings.Repeat("#", level) + " " + text)
	m.emit("")
}

// tableRow turns a pipe table row into cells joined by " | " and drops
// the delimiter row under the header.
func (m *mdCleaner) tableRow(line string) bool {
	if !strings.Contains(line, "|") {
		m.inTable = false
		return false
	}
	if !m.inTable {
		if m.i+1 >= len(m.lines) || !isDelimRow(m.lines[m.i+1]) {
			return false
		}
		m.inTable = true
	}
	if isDelimRow(line) {
		return true
	}
	row := strings.TrimSpace(line)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	cells := splitCells(row)
	for i, c := range cells {
		cells[i] = strings.TrimSpace(inlineMD(strings.TrimSpace(c), m.refs))
	}
	m.emit(strings.Join(cells, " | "))
	return true
}

// splitCells splits a table row at pipes that are not escaped.
func splitCells(row string) []string {
	var cells []string
	start := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, row[start:i])
			start = i + 1
		}
	}
	return append(cells, row[start:])
}

// startHTML begins an HTML block; it ends at its closing tag for raw
// blocks and comments, at the next blank line otherwise.
func (m *mdCleaner) startHTML(line string) {
	sub := mdHTMLBlock.FindStringSubmatch(line)
	m.htmlEnd = ""
	if sub[1] == "" {
		m.htmlEnd = mdRawBlocks[strings.ToLower(sub[2])]
	}
	m.htmlBlock = []string{}
	m.collectHTML(line)
}

func (m *mdCleaner) collectHTML(line string) {
	end := false
	if m.htmlEnd == "" {
		end = strings.TrimSpace(line) == ""
	} else {
		end = strings.Contains(strings.ToLower(line), m.htmlEnd)
	}
	if m.htmlEnd == "" && end {
		m.flushHTML()
		m.emit("")
		return
	}
	m.htmlBlock = append(m.htmlBlock, line)
	if end || m.i == len(m.lines)-1 {
		m.flushHTML()
	}
}

func (m *mdCleaner) flushHTML() {
	text, _ := cleanHTML(strings.Join(m.htmlBlock, "\n"))
	m.htmlBlock = nil
	m.emit("")
	m.emit(text)
	m.emit("")
}
