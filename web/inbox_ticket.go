package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// agentTicketData is what templates/agent_ticket.html shows: the ticket
// with its whole conversation, its SLA timers, and what the AI panel and
// the actions need.
type agentTicketData struct {
	Ticket     *tickets.Ticket
	SLA        slaView
	Assignee   string
	Me         int64
	Back       string // the inbox the agent came from
	Statuses   []tickets.Status
	Reasons    []string
	Assistant  bool // the AI panel has an assistant to ask
	Outcomes   bool // sending through the panel is recorded
	Suggestion bool // the ticket has a question to suggest a reply to
}

// agentTicket renders GET /agent/tickets/:id.
func (s *Server) agentTicket(c *gin.Context) {
	u := currentUser(c)
	p := &page{Title: "ticket.view.title", User: u, Lang: s.uiLanguage(c, u.Language)}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	}
	t, err := s.deps.Tickets.Store().GetTicket(c.Request.Context(), id) // agents see every ticket, notes included
	switch {
	case errors.Is(err, tickets.ErrNotFound):
		s.errorPage(c, http.StatusNotFound, "error.notfound")
		return
	case err != nil:
		s.logger(c).Error("agent ticket page", "ticket_id", id, "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	d, err := s.agentTicketData(c, t, u, p.Lang)
	if err != nil {
		s.logger(c).Error("agent ticket page", "ticket_id", t.ID, "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	p.Data = d
	s.render(c, http.StatusOK, "agent_ticket", p)
}

func (s *Server) agentTicketData(c *gin.Context, t *tickets.Ticket, me *tickets.User, lang string) (*agentTicketData, error) {
	ctx := c.Request.Context()
	policies, err := s.deps.Tickets.Store().SLAPolicies(ctx)
	if err != nil {
		return nil, err
	}
	d := &agentTicketData{
		Ticket: t, SLA: slaOf(t, tickets.PolicyFor(policies, t.Priority), time.Now(), lang), Me: me.ID,
		Back: inboxBack(c.GetHeader("Referer")), Statuses: tickets.Statuses, Reasons: discardReasons,
		Assistant: s.deps.Assistant != nil, Outcomes: s.deps.Outcomes != nil,
		Suggestion: strings.TrimSpace(t.Question()) != "",
	}
	if t.AssigneeID != 0 {
		names, err := s.agentNames(ctx)
		if err != nil {
			return nil, err
		}
		d.Assignee = cmp.Or(names[t.AssigneeID], fmt.Sprintf("#%d", t.AssigneeID))
	}
	return d, nil
}

// inboxBack returns the inbox URL the agent came from, so that "back"
// keeps their queue and filters; any other referrer goes to /agent.
func inboxBack(ref string) string {
	u, err := url.Parse(ref)
	if err != nil || u.Path != "/agent" {
		return "/agent"
	}
	return "/agent?" + u.Query().Encode()
}
