package web

import "github.com/gin-gonic/gin"

// adminRoutes registers the admin's pages: sources, the rollout policy,
// simulations, KPIs, users, teams and categories.
func (s *Server) adminRoutes(pages *gin.RouterGroup) {}

// adminAPI registers the admin's API.
func (s *Server) adminAPI(api *gin.RouterGroup) {}
