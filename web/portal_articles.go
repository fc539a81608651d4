package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// articleView is what the article page shows: the article's text as
// blocks of plain text, never its markup.
type articleView struct {
	Doc       *retrieval.Document
	Blocks    []articleBlock
	SourceURL string
	Updated   time.Time
}

// articleBlock is a heading, a paragraph, a list or a code block.
type articleBlock struct {
	Kind  string // h2, h3, p, ul, ol, pre
	Text  string
	Items []string
}

// articlePage serves /portal/articles/:id, the page a citation links to.
// Requesters read public articles only: an internal one does not exist
// for them.
func (s *Server) articlePage(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 || s.deps.Documents == nil {
		s.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	d, err := s.deps.Documents.GetDocument(c.Request.Context(), id)
	if err != nil || (d.Visibility != retrieval.Public && !currentUser(c).Role.AtLeast(tickets.RoleAgent)) {
		if err != nil && !errors.Is(err, retrieval.ErrNotFound) {
			s.logger(c).Error("article page", "document_id", id, "error", err)
			s.errorPage(c, http.StatusInternalServerError, "error.title")
			return
		}
		s.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	v := articleView{Doc: d, Blocks: articleBlocks(d.Title, retrieval.CleanText(d.Body, d.Format)), SourceURL: webURL(d.URL), Updated: d.UpdatedAt}
	if v.Updated.IsZero() {
		v.Updated = d.CreatedAt
	}
	s.render(c, http.StatusOK, "article", &page{Title: "article.title", Data: v})
}

// articleBlocks splits cleaned text (see retrieval.CleanText) into blocks;
// a first heading that repeats the title goes.
func articleBlocks(title, text string) []articleBlock {
	var out []articleBlock
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence, code := trimmed[:3], []string{}
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence); i++ {
				code = append(code, lines[i])
			}
			out = append(out, articleBlock{Kind: "pre", Text: strings.Join(code, "\n")})
		case strings.HasPrefix(trimmed, "#"):
			level := len(trimmed) - len(strings.TrimLeft(trimmed, "#"))
			h := strings.TrimSpace(trimmed[level:])
			if len(out) == 0 && strings.EqualFold(h, strings.TrimSpace(title)) {
				continue
			}
			kind := "h3"
			if level <= 2 {
				kind = "h2"
			}
			out = append(out, articleBlock{Kind: kind, Text: h})
		case listItem(trimmed) != "":
			kind := "ul"
			if !strings.HasPrefix(trimmed, "- ") {
				kind = "ol"
			}
			b := articleBlock{Kind: kind}
			for ; i < len(lines) && listItem(strings.TrimSpace(lines[i])) != ""; i++ {
				b.Items = append(b.Items, listItem(strings.TrimSpace(lines[i])))
			}
			i--
			out = append(out, b)
		default:
			para := []string{trimmed}
			for i+1 < len(lines) && paragraphLine(lines[i+1]) {
				i++
				para = append(para, strings.TrimSpace(lines[i]))
			}
			out = append(out, articleBlock{Kind: "p", Text: strings.Join(para, " ")})
		}
	}
	return out
}

// paragraphLine reports whether line continues a paragraph.
func paragraphLine(line string) bool {
	t := strings.TrimSpace(line)
	return t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "```") && !strings.HasPrefix(t, "~~~") && listItem(t) == ""
}

// listItem returns the text of a "- item" or "1. item" line, "" for other
// lines.
func listItem(line string) string {
	if rest, ok := strings.CutPrefix(line, "- "); ok {
		return strings.TrimSpace(rest)
	}
	digits := len(line) - len(strings.TrimLeft(line, "0123456789"))
	if digits > 0 && digits < 4 {
		if rest, ok := strings.CutPrefix(line[digits:], ". "); ok {
			return strings.TrimSpace(rest)
		}
	}
	return ""
}

// webURL returns raw when it is an http or https URL, "" otherwise (a
// javascript: link must never reach a page).
func webURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.String()
}
