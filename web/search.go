package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// searchResult is one hit of /api/v1/search, cited by its id as imported.
type searchResult struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Title    string   `json:"title"`
	URL      string   `json:"url,omitempty"`
	Heading  []string `json:"heading,omitempty"`
	Text     string   `json:"text"`
	Score    float64  `json:"score"`
	Why      string   `json:"why"`
	Language string   `json:"language,omitempty"`
}

// search answers GET /api/v1/search?q=...&k=10. Requesters search public
// articles only: internal articles and past tickets are for agents.
func (s *Server) search(c *gin.Context) {
	if s.deps.Search == nil {
		c.JSON(http.StatusServiceUnavailable, errorBody{Error: "search is not available"})
		return
	}
	q := c.Request.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	if text == "" || len(text) > 2000 {
		s.respondError(c, badRequest("q: want a query of 1 to 2000 bytes"))
		return
	}
	k, err := intParam(q.Get("k"))
	if err != nil || k > 50 {
		s.respondError(c, badRequest("k: want a number from 1 to 50"))
		return
	}
	query := retrieval.Query{Text: text, K: k}
	if kind := retrieval.Kind(q.Get("kind")); kind != "" {
		if kind != retrieval.KindArticle && kind != retrieval.KindTicket {
			s.respondError(c, badRequest("kind: want article or ticket"))
			return
		}
		query.Filter.Kinds = []retrieval.Kind{kind}
	}
	if !currentUser(c).Role.AtLeast(tickets.RoleAgent) {
		query.Filter.Kinds = []retrieval.Kind{retrieval.KindArticle}
		query.Filter.Visibility = []retrieval.Visibility{retrieval.Public}
	}
	hits, err := s.deps.Search.SearchDocuments(c.Request.Context(), query)
	if err != nil {
		s.respondError(c, err)
		return
	}
	out := make([]searchResult, len(hits))
	for i, h := range hits {
		ch := h.Chunk
		out[i] = searchResult{ID: ch.ExternalID, Kind: string(ch.Kind), Title: ch.Title(), URL: ch.URL, Heading: ch.Heading,
			Text: ch.Text, Score: h.Score, Why: h.Why(), Language: ch.Language}
	}
	c.JSON(http.StatusOK, gin.H{"hits": out})
}
