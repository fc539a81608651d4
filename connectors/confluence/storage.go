package confluence

import (
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
)

// Confluence's storage format is XHTML with elements of its own: macros
// (ac:structured-macro with ac:parameter, ac:rich-text-body and, for
// code, ac:plain-text-body holding CDATA), links to pages and attachments
// (ac:link with ri:page and an optional body), images, task lists,
// layouts, and newer ADF extensions with an HTML fallback. storageHTML
// rewrites these as the plain HTML that retrieval's cleaner reads, so
// that a page is imported with format html like any other article: code
// becomes <pre>, a titled panel a paragraph of its title and its body, a
// link its text or its target's title, a task list a list; macro
// parameters, images, emoticons and bodiless macros (a table of contents,
// a Jira issue list) leave nothing.

// macroFrame says what an open Confluence element does with its content.
type macroFrame struct {
	name  string
	drop  bool   // its content is left out
	close string // the HTML written when it ends
	link  *link  // for ac:link: its target and whether it had a body
}

// link is an ac:link being read.
type link struct {
	target  string
	hasBody bool
}

// codeMacros hold code in their plain-text body.
var codeMacros = map[string]bool{"code": true, "noformat": true}

// blockMacros stand apart from what surrounds them; titledMacros among
// them show their title parameter.
var (
	blockMacros  = map[string]bool{"info": true, "note": true, "warning": true, "tip": true, "panel": true, "expand": true, "excerpt": true, "details": true, "section": true, "column": true}
	titledMacros = map[string]bool{"info": true, "note": true, "warning": true, "tip": true, "panel": true, "expand": true}
)

// droppedElements carry no text of the page.
var droppedElements = map[string]bool{
	"ac:image": true, "ac:emoticon": true, "ac:placeholder": true, "ac:task-id": true, "ac:task-uuid": true,
	"ac:task-status": true, "ac:adf-node": true, "ac:adf-attribute": true, "ac:inline-comment-marker-ref": true,
}

// storageHTML turns a page body in storage format into plain HTML.
func storageHTML(storage string) string {
	z := xhtml.NewTokenizer(strings.NewReader(storage))
	z.AllowCDATA(true)
	w := &storageWriter{}
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		w.token(z.Token())
	}
	for i := len(w.stack) - 1; i >= 0; i-- {
		w.b.WriteString(w.stack[i].close)
	}
	return w.b.String()
}

// storageWriter writes the HTML of a storage body, token by token. What
// the open elements imply (content dropped, the link or macro being read,
// where an element of a name is open) is kept as they open and close, so
// that a token costs the same however deep the nesting.
type storageWriter struct {
	b      strings.Builder
	stack  []macroFrame     // the open Confluence elements
	drops  int              // how many of them drop their content
	links  []int            // the indexes in stack of the open ac:links
	macros []int            // and of the open macros
	byName map[string][]int // and of the open elements, by name
}

// push opens an element.
func (w *storageWriter) push(f macroFrame) {
	i := len(w.stack)
	w.stack = append(w.stack, f)
	if f.drop {
		w.drops++
	}
	if f.link != nil {
		w.links = append(w.links, i)
	}
	base, _, macro := strings.Cut(f.name, "/")
	if macro {
		w.macros = append(w.macros, i)
	}
	if w.byName == nil {
		w.byName = map[string][]int{}
	}
	w.byName[base] = append(w.byName[base], i)
}

// pop closes the innermost open element and returns it.
func (w *storageWriter) pop() macroFrame {
	i := len(w.stack) - 1
	f := w.stack[i]
	w.stack = w.stack[:i]
	if f.drop {
		w.drops--
	}
	if f.link != nil {
		w.links = w.links[:len(w.links)-1]
	}
	base, _, macro := strings.Cut(f.name, "/")
	if macro {
		w.macros = w.macros[:len(w.macros)-1]
	}
	w.byName[base] = w.byName[base][:len(w.byName[base])-1]
	return f
}

// dropping reports whether the content being read is left out.
func (w *storageWriter) dropping() bool { return w.drops > 0 }

// openLink is the innermost ac:link being read, if any.
func (w *storageWriter) openLink() *link {
	if len(w.links) == 0 {
		return nil
	}
	return w.stack[w.links[len(w.links)-1]].link
}

func (w *storageWriter) token(t xhtml.Token) {
	switch t.Type {
	case xhtml.TextToken:
		if !w.dropping() {
			if l := w.openLink(); l != nil && strings.TrimSpace(t.Data) != "" {
				l.hasBody = true
			}
			w.b.WriteString(html.EscapeString(t.Data))
		}
	case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
		if !strings.Contains(t.Data, ":") {
			w.html(t)
			return
		}
		if t.Type == xhtml.SelfClosingTagToken {
			w.empty(t)
			return
		}
		w.open(t)
	case xhtml.EndTagToken:
		if !strings.Contains(t.Data, ":") {
			if !w.dropping() {
				w.b.WriteString(t.String())
			}
			return
		}
		w.end(t.Data)
	}
}

// html writes a plain HTML tag; <time> as its date, which it holds in an
// attribute.
func (w *storageWriter) html(t xhtml.Token) {
	if w.dropping() {
		return
	}
	if t.Data == "time" {
		w.b.WriteString(html.EscapeString(attr(t, "datetime")))
		return
	}
	w.b.WriteString(t.String())
}

// empty handles a self-closing Confluence element: the target of a link,
// or nothing.
func (w *storageWriter) empty(t xhtml.Token) {
	l := w.openLink()
	if l == nil || w.dropping() {
		return
	}
	switch t.Data {
	case "ri:page", "ri:blogpost":
		l.target = attr(t, "ri:content-title")
	case "ri:attachment":
		l.target = attr(t, "ri:filename")
	case "ri:url":
		l.target = attr(t, "ri:value")
	case "ri:space":
		l.target = attr(t, "ri:space-key")
	}
}

// open starts a Confluence element.
func (w *storageWriter) open(t xhtml.Token) {
	f := macroFrame{name: t.Data}
	macro := w.macroName()
	switch {
	case w.dropping() || droppedElements[t.Data]:
		f.drop = true
	case t.Data == "ac:structured-macro" || t.Data == "ac:macro":
		name := strings.ToLower(attr(t, "ac:name"))
		f.name = t.Data + "/" + name
		switch {
		case codeMacros[name]:
			w.b.WriteString("<pre>")
			f.close = "</pre>"
		case blockMacros[name]:
			w.b.WriteString("<div>")
			f.close = "</div>"
		}
	case t.Data == "ac:parameter":
		if titledMacros[macro] && strings.EqualFold(attr(t, "ac:name"), "title") {
			w.b.WriteString("<p><strong>")
			f.close = "</strong></p>"
		} else {
			f.drop = true
		}
	case t.Data == "ac:plain-text-body":
		f.drop = !codeMacros[macro] // a raw HTML macro's body is no text of the page
	case t.Data == "ac:link":
		f.link = &link{}
	case t.Data == "ac:task-list":
		w.b.WriteString("<ul>")
		f.close = "</ul>"
	case t.Data == "ac:task":
		w.b.WriteString("<li>")
		f.close = "</li>"
	case t.Data == "ac:layout-cell":
		w.b.WriteString("<div>")
		f.close = "</div>"
	}
	w.push(f)
}

// end closes the innermost open element of that name, and any left open
// inside it.
func (w *storageWriter) end(name string) {
	open := w.byName[name]
	if len(open) == 0 {
		return
	}
	for i := open[len(open)-1]; len(w.stack) > i; {
		f := w.pop()
		if f.link != nil && !f.link.hasBody && f.link.target != "" && !w.dropping() {
			w.b.WriteString(html.EscapeString(f.link.target))
		}
		w.b.WriteString(f.close)
	}
}

// macroName is the name of the innermost open macro, "" outside macros.
func (w *storageWriter) macroName() string {
	if len(w.macros) == 0 {
		return ""
	}
	_, name, _ := strings.Cut(w.stack[w.macros[len(w.macros)-1]].name, "/")
	return name
}

func attr(t xhtml.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
