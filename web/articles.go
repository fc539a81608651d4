package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

type articlesPage struct {
	Articles []*retrieval.Document `json:"articles"`
	Next     string                `json:"next,omitempty"`
}

func (s *Server) listArticles(c *gin.Context) {
	q := c.Request.URL.Query()
	f := retrieval.DocumentFilter{Source: q.Get("source"), Language: q.Get("language"), Visibility: retrieval.Visibility(q.Get("visibility"))}
	if f.Visibility != "" && !f.Visibility.Valid() {
		s.respondError(c, badRequest("visibility: want public or internal"))
		return
	}
	if !currentUser(c).Role.AtLeast(tickets.RoleAgent) {
		if f.Visibility == retrieval.Internal {
			s.respondError(c, errForbidden)
			return
		}
		f.Visibility = retrieval.Public
	}
	limit, err := intParam(q.Get("limit"))
	if err != nil {
		s.respondError(c, badRequest("limit: want a whole number"))
		return
	}
	after, err := intParam(q.Get("after"))
	if err != nil {
		s.respondError(c, badRequest("after: want an article id"))
		return
	}
	f.Limit, f.AfterID = limit, int64(after)
	list, err := s.deps.Documents.ListDocuments(c.Request.Context(), f)
	if err != nil {
		s.respondError(c, err)
		return
	}
	page := articlesPage{Articles: nonNil(list)}
	if len(list) == f.EffectiveLimit() {
		page.Next = strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	c.JSON(http.StatusOK, page)
}

func (s *Server) getArticle(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.respondError(c, retrieval.ErrNotFound)
		return
	}
	d, err := s.deps.Documents.GetDocument(c.Request.Context(), id)
	if err != nil {
		s.respondError(c, err)
		return
	}
	if d.Visibility != retrieval.Public && !currentUser(c).Role.AtLeast(tickets.RoleAgent) {
		s.respondError(c, retrieval.ErrNotFound) // internal articles do not exist for requesters
		return
	}
	c.JSON(http.StatusOK, d)
}
