package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// myTickets lists the signed-in user's own tickets, newest first.
func (s *Server) myTickets(c *gin.Context) {
	u := currentUser(c)
	list, err := s.deps.Tickets.Store().ListTickets(c.Request.Context(), tickets.TicketFilter{Requester: u.Email, Limit: 200})
	if err != nil {
		s.logger(c).Error("list my tickets", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	s.render(c, http.StatusOK, "mytickets", &page{Title: "mytickets.title", Data: list})
}
