package web

import (
	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// agentRoutes registers the agent's pages: the inbox and the ticket view
// with its AI panel.
func (s *Server) agentRoutes(pages *gin.RouterGroup) {
	pages.GET("/agent", s.pageAuth(tickets.RoleAgent), s.inbox)
	pages.GET("/agent/tickets/:id", s.pageAuth(tickets.RoleAgent), s.agentTicket)
}

// agentAPI registers the agent's API: suggestions and their outcomes.
func (s *Server) agentAPI(api *gin.RouterGroup) {
	// The routes are built once, before the server answers anything.
	s.deps.SuggestionKey = suggestionKey(s.deps.SuggestionKey)
	agent := s.require(tickets.RoleAgent)
	api.GET("/tickets/:id/suggestion", agent, s.getSuggestion)
	api.POST("/tickets/:id/suggestion/outcome", agent, s.postOutcome)
	api.GET("/outcomes", agent, s.listOutcomes)
}
