package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// routes is the one route table.
func (s *Server) routes() {
	r := s.engine
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", s.serveMetrics)

	r.GET("/", s.root)
	r.GET("/login", s.loginPage)
	r.POST("/login", s.login)
	r.GET("/static/*path", gin.WrapH(staticFiles()))

	pages := r.Group("")
	pages.POST("/logout", s.pageAuth(tickets.RoleRequester), s.logout)
	pages.GET("/portal/tickets", s.pageAuth(tickets.RoleRequester), s.myTickets)
	s.portalRoutes(pages)
	s.agentRoutes(pages)
	s.adminRoutes(pages)

	s.copilotRoutes(r)

	r.GET("/api/v1/openapi.json", s.openAPI)
	api := r.Group("/api/v1", s.identify())
	api.GET("/me", s.me)

	api.GET("/tickets", s.listTickets)
	api.POST("/tickets", s.createTicket)
	api.GET("/tickets/:id", s.getTicket)
	api.POST("/tickets/:id/messages", s.addMessage)
	api.PATCH("/tickets/:id", s.require(tickets.RoleAgent), s.updateTicket)

	api.GET("/search", s.search)

	api.GET("/articles", s.listArticles)
	api.GET("/articles/:id", s.getArticle)

	api.GET("/teams", s.require(tickets.RoleAgent), s.listTeams)
	api.GET("/categories", s.require(tickets.RoleAgent), s.listCategories)
	s.portalAPI(api)
	s.agentAPI(api)
	s.adminAPI(api)
	s.copilotAPI(api)

	r.NoRoute(func(c *gin.Context) { c.JSON(http.StatusNotFound, errorBody{Error: "no such route"}) })
	r.NoMethod(func(c *gin.Context) { c.JSON(http.StatusMethodNotAllowed, errorBody{Error: "method not allowed"}) })
}

func (s *Server) healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

func (s *Server) readyz(c *gin.Context) {
	if s.deps.Ready != nil {
		if err := s.deps.Ready(c.Request.Context()); err != nil {
			s.logger(c).Warn("not ready", "error", err)
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

func (s *Server) me(c *gin.Context) { c.JSON(http.StatusOK, currentUser(c)) }
