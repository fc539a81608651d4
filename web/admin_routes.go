package web

import (
	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// adminRoutes registers the admin's pages: sources, the rollout policy,
// simulations, KPIs, users, teams and categories. Every form posts its
// CSRF token (pageAuth checks it).
func (s *Server) adminRoutes(pages *gin.RouterGroup) {
	a := pages.Group("/admin", s.pageAuth(tickets.RoleAdmin))
	a.GET("", s.dashboard)
	a.GET("/policy", s.policyPage)
	a.POST("/policy", s.savePolicy)
	a.GET("/simulations", s.simulationsPage)
	a.POST("/simulations", s.startSimulationForm)
	a.POST("/simulations/:id/resume", s.resumeSimulationForm)
	a.POST("/simulations/:id/apply", s.applySimulationForm)
	a.GET("/simulations/:id/:file", s.simulationFile)
	a.GET("/sources", s.sourcesPage)
	a.GET("/users", s.usersPage)
	a.POST("/users", s.createUserForm)
	a.POST("/users/:id", s.updateUserForm)
	a.GET("/teams", s.teamsPage)
	a.POST("/teams", s.addTeamForm)
	a.GET("/categories", s.categoriesPage)
	a.POST("/categories", s.addCategoryForm)
}

// adminAPI registers the admin's API.
func (s *Server) adminAPI(api *gin.RouterGroup) {
	a := api.Group("", s.require(tickets.RoleAdmin))
	a.GET("/kpis", s.apiKPIs)
	a.GET("/policy", s.apiGetPolicy)
	a.PUT("/policy", s.apiPutPolicy)
	sims := a.Group("/simulations", s.needSimulations)
	sims.GET("", s.apiListSimulations)
	sims.POST("", s.apiStartSimulation)
	sims.GET("/:id", s.apiGetSimulation)
	sims.POST("/:id/resume", s.apiResumeSimulation)
	sims.POST("/:id/apply", s.apiApplySimulation)
	a.GET("/sources", s.apiSources)
	a.GET("/users", s.apiListUsers)
	a.POST("/users", s.apiCreateUser)
	a.PATCH("/users/:id", s.apiUpdateUser)
	a.POST("/teams", s.apiAddTeam)
	a.POST("/categories", s.apiAddCategory)
}
