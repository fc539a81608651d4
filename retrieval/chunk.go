package retrieval

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Chunk is a piece of a document small enough to embed and to quote, with
// what a filter needs copied from its document so that search never has to
// join back to documents.
type Chunk struct {
	// Kind says whether DocumentID is a documents (article) or a tickets id.
	Kind       Kind  `json:"kind"`
	DocumentID int64 `json:"document_id"`
	Ordinal    int   `json:"ordinal"` // position in the document, from 0
	// ExternalID and URL are the document's, for citations and for the ids
	// "as imported" that evaluations compare.
	ExternalID string `json:"external_id"`
	URL        string `json:"url,omitempty"`
	// Heading is the chunk's title path: the document title, then the
	// headings of the sections the chunk's text sits under.
	Heading    []string   `json:"heading"`
	Text       string     `json:"text"`
	Visibility Visibility `json:"visibility"`
	Language   string     `json:"language,omitempty"`
	Source     string     `json:"source"`
	// CreatedAt is the document's: the simulation hides a chunk until its
	// document existed.
	CreatedAt time.Time `json:"created_at"`
}

// ChunkOptions bound the size of chunks, counted in characters (runes).
// Zero fields take the defaults.
type ChunkOptions struct {
	MinChars int // sections shorter than this are merged with a neighbour; default 200
	MaxChars int // longer sections are split; default 1200
	// Overlap is how much of the end of a split piece the next piece
	// repeats, so a sentence cut from its context keeps some; default 100,
	// negative for none.
	Overlap int
}

// Default chunk bounds: big enough for a step of a procedure with its
// context, small enough for a precise embedding and a short citation.
const (
	DefaultMinChars = 200
	DefaultMaxChars = 1200
	DefaultOverlap  = 100
)

func (o ChunkOptions) normalized() ChunkOptions {
	if o.MaxChars <= 0 {
		o.MaxChars = DefaultMaxChars
	}
	o.MaxChars = max(o.MaxChars, 40) // room for a heading and a few words
	if o.MinChars <= 0 {
		o.MinChars = min(DefaultMinChars, o.MaxChars/4)
	}
	o.MinChars = min(o.MinChars, o.MaxChars/2)
	switch {
	case o.Overlap < 0:
		o.Overlap = 0
	case o.Overlap == 0:
		o.Overlap = DefaultOverlap
	}
	o.Overlap = min(o.Overlap, o.MaxChars/4)
	return o
}

// ChunkPart is one chunk of a text: its heading path and its text.
type ChunkPart struct {
	Heading []string
	Text    string
}

// ChunkText splits cleaned text (see CleanText) into parts along its
// headings. Sections shorter than opts.MinChars are merged with their
// neighbours, the heading path then being the one they share; sections
// longer than opts.MaxChars are split at paragraphs, then sentences, then
// words, with a small overlap. Every part is at most MaxChars long, and at
// least MinChars unless no neighbour had room for it. Heading paths start
// with title when it is not empty; a first-level heading repeating the
// title is not repeated. The result depends only on the arguments.
func ChunkText(title, cleaned string, opts ChunkOptions) []ChunkPart {
	opts = opts.normalized()
	title = strings.TrimSpace(title)
	var pieces []piece
	for i, s := range parseSections(cleaned) {
		pieces = append(pieces, splitSection(i, s, opts)...)
	}
	merged := mergePieces(pieces, opts)
	parts := make([]ChunkPart, 0, len(merged))
	for _, p := range merged {
		parts = append(parts, ChunkPart{Heading: headingPath(title, p.path), Text: p.text})
	}
	return parts
}

// ChunkDocument cleans a document's body and chunks it, copying onto each
// chunk the document's ID, visibility, language, source and creation time.
// A document without a title is titled from its body; one without a
// language gets the detected one. ChunkDocument does not redact: ticket
// text must go through Redact before it is turned into a Document.
func ChunkDocument(d *Document, opts ChunkOptions) []Chunk {
	text := CleanText(d.Body, d.Format)
	title := d.Title
	if strings.TrimSpace(title) == "" {
		title = Title(d.Body, d.Format)
	}
	lang := d.Language
	if lang == "" {
		lang, _ = DetectLanguage(text)
	}
	parts := ChunkText(title, text, opts)
	chunks := make([]Chunk, len(parts))
	for i, p := range parts {
		chunks[i] = Chunk{
			Kind: KindArticle, DocumentID: d.ID, Ordinal: i, ExternalID: d.ExternalID, URL: d.URL, Heading: p.Heading, Text: p.Text,
			Visibility: d.Visibility, Language: lang, Source: d.Source, CreatedAt: d.CreatedAt,
		}
	}
	return chunks
}

func headingPath(title string, path []string) []string {
	if title != "" && len(path) > 0 && strings.EqualFold(path[0], title) {
		path = path[1:]
	}
	h := make([]string, 0, len(path)+1)
	if title != "" {
		h = append(h, title)
	}
	return append(h, path...)
}

// section is the text under one heading, down to the next heading of any
// level. blocks are its paragraphs, list runs and code blocks; the first
// is the heading line itself.
type section struct {
	path   []string
	blocks []string
}

// parseSections splits cleaned text at heading lines outside code, and
// each section into blocks at blank lines outside code and around code.
func parseSections(text string) []section {
	var (
		sections []section
		cur      section
		stack    []int // heading levels of cur.path
		para     []string
		fence    fenceState
	)
	endPara := func() {
		if len(para) > 0 {
			cur.blocks = append(cur.blocks, strings.Join(para, "\n"))
			para = para[:0]
		}
	}
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\n")
		wasCode := fence.char != 0
		inCode := fence.inside(line)
		if !inCode && strings.TrimSpace(line) == "" {
			endPara()
			continue
		}
		if lvl, h := headingLine(line); lvl > 0 && !inCode {
			endPara()
			if len(cur.blocks) > 0 {
				sections = append(sections, cur)
			}
			for len(stack) > 0 && stack[len(stack)-1] >= lvl {
				stack = stack[:len(stack)-1]
				cur.path = cur.path[:len(cur.path)-1]
			}
			stack = append(stack, lvl)
			path := append(append([]string(nil), cur.path...), h)
			cur = section{path: path, blocks: []string{line}}
			continue
		}
		// A code block is a block of its own even when no blank line
		// sets it apart: it is cut as code, between fences.
		if inCode && !wasCode {
			endPara()
		}
		para = append(para, line)
		if inCode && fence.char == 0 {
			endPara()
		}
	}
	endPara()
	if len(cur.blocks) > 0 {
		sections = append(sections, cur)
	}
	return sections
}

// piece is a part of one section, at most MaxChars long.
type piece struct {
	path    []string
	text    string
	size    int    // runes
	section int    // index of the section it comes from
	body    string // text without the overlap it starts with
	join    string // separator between the overlap and body
}

// mergePieces merges neighbours while one of them is shorter than
// MinChars and the result fits in MaxChars. A piece merged back into the
// piece it overlaps drops the overlap.
func mergePieces(pieces []piece, opts ChunkOptions) []piece {
	var out []piece
	for _, p := range pieces {
		if len(out) == 0 {
			out = append(out, p)
			continue
		}
		acc := &out[len(out)-1]
		join, body, bodySize := "\n\n", p.text, p.size
		if p.body != p.text && p.section == acc.section {
			// p is the continuation of acc's last piece: its overlap
			// would repeat what acc already ends with.
			join, body, bodySize = p.join, p.body, utf8.RuneCountInString(p.body)
		}
		size := acc.size + utf8.RuneCountInString(join) + bodySize
		if (acc.size >= opts.MinChars && p.size >= opts.MinChars) || size > opts.MaxChars {
			out = append(out, p)
			continue
		}
		acc.text, acc.size = acc.text+join+body, size
		acc.path = commonPath(acc.path, p.path)
		acc.section = p.section
	}
	return out
}

func commonPath(a, b []string) []string {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return a[:n:n]
}

// Truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
