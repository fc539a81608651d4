package web

import "github.com/gin-gonic/gin"

// agentRoutes registers the agent's pages: the inbox and the ticket view
// with its AI panel.
func (s *Server) agentRoutes(pages *gin.RouterGroup) {}

// agentAPI registers the agent's API: suggestions and their outcomes.
func (s *Server) agentAPI(api *gin.RouterGroup) {}
