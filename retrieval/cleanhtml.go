package retrieval

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The HTML cleaner reads tokens, never builds a tree: a page nested ten
// thousand levels deep costs no stack and no more than a flat one. The few
// things that need nesting (lists, tables, dropped elements) keep their own
// small stacks or counters, and every token does constant work on them.

// maxListIndent caps the indentation of nested lists; deeper lists are
// shown at this depth so that hostile nesting cannot make output quadratic.
const maxListIndent = 6

// maxURLLen bounds the links kept in text; longer ones are data, not links.
const maxURLLen = 2048

// droppedElements never carry article text: scripts and styles, navigation
// and page furniture, forms and embedded objects.
var droppedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Aside: true, atom.Form: true, atom.Iframe: true,
	atom.Svg: true, atom.Math: true, atom.Object: true, atom.Canvas: true,
	atom.Audio: true, atom.Video: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Title: true, atom.Noembed: true, atom.Noframes: true,
	atom.Dialog: true, atom.Map: true,
}

// voidElements have no end tag, so they never open a dropped region.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Keygen: true, atom.Link: true,
	atom.Meta: true, atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// paragraphElements separate their content from what surrounds it by a
// blank line.
var paragraphElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Blockquote: true, atom.Figure: true, atom.Figcaption: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Fieldset: true, atom.Header: true,
	atom.Footer: true, atom.Hgroup: true, atom.Center: true, atom.Dl: true, atom.Hr: true,
	atom.Body: true,
}

var headingLevels = map[atom.Atom]int{
	atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6,
}

type htmlCleaner struct {
	w          textWriter
	skipName   string // element whose content is being dropped
	skipDepth  int    // nesting of skipName inside the dropped region
	landmark   bool   // the dropped element is page furniture (nav, header ...)
	title      strings.Builder
	titleDone  bool
	pre        int // depth of <pre>
	preBuf     strings.Builder
	lists      []htmlList
	tables     []htmlTable
	link       *htmlLink
	heading    int // level of the open heading, 0 outside
	sectioning int // depth of article, main and section
}

type htmlList struct {
	ordered bool
	next    int
	items   int
}

type htmlTable struct {
	cells  int
	inCell bool
}

type htmlLink struct {
	href  string
	start int
}

// htmlAttrs are the attributes the cleaner looks at.
type htmlAttrs struct {
	hidden          bool
	href, alt, from string // from is <ol start>
}

// cleanHTML returns the clean text of an HTML document or fragment and the
// text of its <title>.
func cleanHTML(body string) (text, title string) {
	z := html.NewTokenizer(strings.NewReader(body))
	c := &htmlCleaner{}
	for {
		switch z.Next() {
		case html.ErrorToken: // io.EOF: the tokenizer reads from memory
			c.finish()
			// Entities ("&#127;", "&#xFEFF;") decode to what sanitize
			// removed from the markup: it runs again on the text.
			return finishText(sanitize(c.w.String())), strings.Join(strings.Fields(sanitize(c.title.String())), " ")
		case html.TextToken:
			c.onText(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			// "/>" means nothing on HTML elements: <script/> still opens a
			// script, as it does in a browser.
			name, hasAttr := z.TagName()
			c.onStart(name, readAttrs(z, hasAttr))
		case html.EndTagToken:
			name, _ := z.TagName()
			c.onEnd(name)
		}
	}
}

func readAttrs(z *html.Tokenizer, more bool) htmlAttrs {
	var a htmlAttrs
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "hidden":
			a.hidden = true
		case "aria-hidden":
			a.hidden = a.hidden || strings.EqualFold(strings.TrimSpace(string(v)), "true")
		case "style":
			s := strings.ToLower(strings.Join(strings.Fields(string(v)), ""))
			a.hidden = a.hidden || strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
		case "href":
			a.href = string(v)
		case "alt":
			a.alt = string(v)
		case "start":
			a.from = string(v)
		}
	}
	return a
}

func (c *htmlCleaner) onText(b []byte) {
	switch {
	case c.skipDepth > 0:
		if c.skipName == "title" && !c.titleDone {
			c.title.Write(b)
		}
	case c.pre > 0:
		c.preBuf.Write(b)
	default:
		c.w.text(string(b))
	}
}

func (c *htmlCleaner) onStart(name []byte, attrs htmlAttrs) {
	a := atom.Lookup(name)
	if c.skipDepth > 0 {
		switch {
		case string(name) == c.skipName && !voidElements[a]:
			c.skipDepth++
			return
		case c.landmark && (a == atom.Main || a == atom.Article):
			// An unclosed <nav> must not swallow the article after it.
			c.skipDepth = 0
		default:
			return
		}
	}
	if c.dropped(a, attrs) {
		if !voidElements[a] {
			c.skipName, c.skipDepth = string(name), 1
			c.landmark = a == atom.Nav || a == atom.Aside || a == atom.Header || a == atom.Footer
		}
		return
	}
	if c.pre > 0 {
		c.startInPre(a, attrs)
		return
	}
	c.startElement(a, attrs)
	c.sync()
}

// dropped reports whether an element and its content are left out. A
// header or footer is page furniture only outside an article: inside one
// it holds the article's own title or notes.
func (c *htmlCleaner) dropped(a atom.Atom, attrs htmlAttrs) bool {
	if attrs.hidden || droppedElements[a] {
		return true
	}
	return (a == atom.Header || a == atom.Footer) && c.sectioning == 0
}

// startInPre handles tags inside preformatted text, where only line
// breaks, images and nested <pre> matter.
func (c *htmlCleaner) startInPre(a atom.Atom, attrs htmlAttrs) {
	switch a {
	case atom.Pre:
		c.pre++
	case atom.Br:
		c.preBuf.WriteByte('\n')
	case atom.Img:
		c.preBuf.WriteString(attrs.alt)
	}
}

func (c *htmlCleaner) startElement(a atom.Atom, attrs htmlAttrs) {
	if lvl := headingLevels[a]; lvl > 0 {
		c.heading = lvl
		c.w.startLine(2, strings.Repeat("#", lvl)+" ")
		return
	}
	switch a {
	case atom.Article, atom.Main, atom.Section:
		c.sectioning++
		c.w.breakLine(2)
	case atom.Ul, atom.Ol, atom.Menu:
		from, err := strconv.Atoi(strings.TrimSpace(attrs.from))
		if err != nil {
			from = 1
		}
		c.lists = append(c.lists, htmlList{ordered: a == atom.Ol, next: from})
		c.w.breakLine(1)
	case atom.Li:
		c.startItem()
	case atom.Dt, atom.Dd, atom.Caption:
		c.w.breakLine(1)
	case atom.Br:
		c.w.breakLine(1)
	case atom.Pre:
		c.pre = 1
		c.preBuf.Reset()
	case atom.Table:
		c.tables = append(c.tables, htmlTable{})
		c.w.breakLine(2)
	case atom.Tr:
		c.endCell()
		if n := len(c.tables); n > 0 {
			c.tables[n-1].cells = 0
		}
		c.w.breakLine(1)
	case atom.Td, atom.Th:
		c.startCell()
	case atom.A:
		c.closeLink() // links do not nest: a new <a> ends the open one
		c.link = &htmlLink{href: safeURL(attrs.href), start: c.w.len()}
	case atom.Img:
		c.w.text(" " + attrs.alt + " ")
	default:
		if paragraphElements[a] {
			c.w.breakLine(2)
		}
	}
}

// sync keeps the writer on one line inside headings and table cells.
func (c *htmlCleaner) sync() {
	n := len(c.tables)
	c.w.oneLine = c.heading > 0 || (n > 0 && c.tables[n-1].inCell)
}

func (c *htmlCleaner) onEnd(name []byte) {
	a := atom.Lookup(name)
	if c.skipDepth > 0 {
		switch {
		case string(name) == c.skipName:
			if c.skipDepth--; c.skipDepth == 0 && c.skipName == "title" {
				c.titleDone = strings.TrimSpace(c.title.String()) != ""
			}
		case c.landmark && a == atom.Body:
			c.skipDepth = 0
		}
		return
	}
	if c.pre > 0 {
		if a == atom.Pre {
			if c.pre--; c.pre == 0 {
				c.flushPre()
			}
		}
		return
	}
	c.endElement(a)
	c.sync()
}

func (c *htmlCleaner) endElement(a atom.Atom) {
	if headingLevels[a] > 0 {
		if c.heading > 0 {
			c.heading = 0
			c.w.cancelPrefix()
			c.sync()
			c.w.breakLine(2)
		}
		return
	}
	switch a {
	case atom.Article, atom.Main, atom.Section:
		c.sectioning = max(c.sectioning-1, 0)
		c.w.breakLine(2)
	case atom.Ul, atom.Ol, atom.Menu:
		if n := len(c.lists); n > 0 {
			c.lists = c.lists[:n-1]
		}
		c.w.cancelPrefix()
		c.w.breakLine(1 + boolInt(len(c.lists) == 0))
	case atom.Li, atom.Dt, atom.Dd, atom.Caption:
		c.w.cancelPrefix()
		c.w.breakLine(1)
	case atom.Table:
		c.endCell()
		if n := len(c.tables); n > 0 {
			c.tables = c.tables[:n-1]
		}
		c.w.breakLine(2)
	case atom.Tr:
		c.endCell()
		c.w.breakLine(1)
	case atom.Td, atom.Th:
		c.endCell()
	case atom.A:
		c.closeLink()
	default:
		if paragraphElements[a] {
			c.w.breakLine(2)
		}
	}
}
