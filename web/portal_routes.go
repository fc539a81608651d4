package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// portalRoutes registers the requester's pages: the self-service portal
// with its chat, and the embeddable widget.
func (s *Server) portalRoutes(pages *gin.RouterGroup) {
	pages.GET("/portal", s.pageAuth(tickets.RoleRequester), func(c *gin.Context) {
		s.render(c, http.StatusOK, "portal", &page{Title: "portal.title"})
	})
}

// portalAPI registers the self-service API: chat, handoff, feedback.
func (s *Server) portalAPI(api *gin.RouterGroup) {}
