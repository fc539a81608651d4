package demo

import (
	"html"
	"strings"
	"unicode/utf8"
)

// doc is an article body as a list of blocks, written out as Markdown or
// HTML. Articles are composed once and rendered in either format, so the
// HTML articles say the same things as the Markdown ones.
type doc struct{ blocks []block }

type blockKind int

const (
	bHeading blockKind = iota
	bPara
	bSteps
	bBullets
	bNote
	bTable
	bCode
)

type block struct {
	kind  blockKind
	level int
	text  string // heading, paragraph, note text, code source
	label string // note label ("Note"), code language
	items []string
	rows  [][]string
}

func (d *doc) h(level int, s string) { d.add(block{kind: bHeading, level: level, text: s}) }
func (d *doc) p(s string)            { d.add(block{kind: bPara, text: s}) }
func (d *doc) ol(items []string)     { d.add(block{kind: bSteps, items: items}) }
func (d *doc) ul(items []string)     { d.add(block{kind: bBullets, items: items}) }
func (d *doc) note(label, s string)  { d.add(block{kind: bNote, label: label, text: s}) }
func (d *doc) table(rows [][]string) { d.add(block{kind: bTable, rows: rows}) }
func (d *doc) code(lang, src string) { d.add(block{kind: bCode, label: lang, text: src}) }
func (d *doc) add(b block)           { d.blocks = append(d.blocks, b) }

// markdown renders the body; with title, it starts with the title as a
// level-1 heading, as most Markdown knowledge bases do.
func (d *doc) markdown(title string) string {
	var b strings.Builder
	if title != "" {
		b.WriteString("# " + title + "\n\n")
	}
	for i, bl := range d.blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		switch bl.kind {
		case bHeading:
			b.WriteString(strings.Repeat("#", bl.level) + " " + bl.text + "\n")
		case bPara:
			b.WriteString(bl.text + "\n")
		case bSteps:
			for j, it := range bl.items {
				b.WriteString(itoaDot(j+1) + " " + it + "\n")
			}
		case bBullets:
			for _, it := range bl.items {
				b.WriteString("- " + it + "\n")
			}
		case bNote:
			b.WriteString("> **" + bl.label + "** " + bl.text + "\n")
		case bTable:
			writeMarkdownTable(&b, bl.rows)
		case bCode:
			b.WriteString("```" + bl.label + "\n" + strings.TrimRight(bl.text, "\n") + "\n```\n")
		}
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

func writeMarkdownTable(b *strings.Builder, rows [][]string) {
	for i, row := range rows {
		cells := make([]string, len(row))
		for j, c := range row {
			cells[j] = strings.ReplaceAll(c, "|", "\\|")
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", len(row)) + "\n")
		}
	}
}

// html renders the body as the fragment a help-center export holds: no
// <html> or <h1>, the title being a separate field.
func (d *doc) html() string {
	var b strings.Builder
	for _, bl := range d.blocks {
		switch bl.kind {
		case bHeading:
			tag := "h" + string(rune('0'+bl.level))
			b.WriteString("<" + tag + ">" + inlineHTML(bl.text) + "</" + tag + ">\n")
		case bPara:
			b.WriteString("<p>" + inlineHTML(bl.text) + "</p>\n")
		case bSteps, bBullets:
			tag := "ul"
			if bl.kind == bSteps {
				tag = "ol"
			}
			b.WriteString("<" + tag + ">\n")
			for _, it := range bl.items {
				b.WriteString("  <li>" + inlineHTML(it) + "</li>\n")
			}
			b.WriteString("</" + tag + ">\n")
		case bNote:
			b.WriteString(`<div class="callout"><strong>` + escText.Replace(bl.label) + "</strong> " + inlineHTML(bl.text) + "</div>\n")
		case bTable:
			writeHTMLTable(&b, bl.rows)
		case bCode:
			b.WriteString(`<pre><code class="language-` + bl.label + `">` + escText.Replace(strings.TrimRight(bl.text, "\n")) + "</code></pre>\n")
		}
	}
	return b.String()
}

func writeHTMLTable(b *strings.Builder, rows [][]string) {
	b.WriteString("<table>\n")
	for i, row := range rows {
		cell := "td"
		if i == 0 {
			cell = "th"
			b.WriteString("  <thead>")
		} else if i == 1 {
			b.WriteString("  <tbody>\n")
		}
		b.WriteString("<tr>")
		for _, c := range row {
			b.WriteString("<" + cell + ">" + inlineHTML(c) + "</" + cell + ">")
		}
		b.WriteString("</tr>")
		if i == 0 {
			b.WriteString("</thead>\n")
		} else {
			b.WriteString("\n")
		}
	}
	if len(rows) > 1 {
		b.WriteString("  </tbody>\n")
	}
	b.WriteString("</table>\n")
}

// escText escapes text content; quotes need escaping only in attributes,
// and help-center exports keep apostrophes as they are.
var escText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// inlineHTML escapes s and turns the inline Markdown marks into tags.
func inlineHTML(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		if tag, inner, rest, ok := cutInline(s); ok {
			if tag == "a" {
				b.WriteString(inner)
			} else {
				b.WriteString("<" + tag + ">" + escText.Replace(inner) + "</" + tag + ">")
			}
			s = rest
			continue
		}
		_, n := utf8.DecodeRuneInString(s)
		b.WriteString(escText.Replace(s[:n]))
		s = s[n:]
	}
	return b.String()
}

// cutInline recognises one inline mark at the start of s. For links, inner
// is the finished <a> element.
func cutInline(s string) (tag, inner, rest string, ok bool) {
	switch {
	case strings.HasPrefix(s, "**"):
		if j := strings.Index(s[2:], "**"); j > 0 {
			return "strong", s[2 : 2+j], s[4+j:], true
		}
	case s[0] == '`':
		if j := strings.IndexByte(s[1:], '`'); j > 0 {
			return "code", s[1 : 1+j], s[2+j:], true
		}
	case s[0] == '*':
		if j := strings.IndexByte(s[1:], '*'); j > 0 {
			return "em", s[1 : 1+j], s[2+j:], true
		}
	case s[0] == '[':
		if text, url, after, ok := cutLink(s); ok {
			return "a", `<a href="` + html.EscapeString(url) + `">` + escText.Replace(text) + "</a>", after, true
		}
	}
	return "", "", s, false
}

func itoaDot(n int) string {
	if n < 10 {
		return string(rune('0'+n)) + "."
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10)) + "."
}
