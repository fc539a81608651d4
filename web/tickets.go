package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// ticketsPage is a page of tickets and the cursor of the next one.
type ticketsPage struct {
	Tickets []*tickets.Ticket `json:"tickets"`
	Next    string            `json:"next,omitempty"`
}

func (s *Server) listTickets(c *gin.Context) {
	u := currentUser(c)
	q := c.Request.URL.Query()
	f := tickets.TicketFilter{Team: q.Get("team"), Category: q.Get("category"), Source: q.Get("source"), Requester: q.Get("requester")}
	for _, st := range q["status"] {
		f.Status = append(f.Status, tickets.Status(st))
	}
	var err error
	if f.Limit, err = intParam(q.Get("limit")); err != nil {
		s.respondError(c, badRequest("limit: want a whole number"))
		return
	}
	after, err := intParam(q.Get("after"))
	if err != nil {
		s.respondError(c, badRequest("after: want a ticket id"))
		return
	}
	f.AfterID = int64(after)
	if !u.Role.AtLeast(tickets.RoleAgent) {
		if u.Email == "" { // an empty requester filter would mean everyone's
			c.JSON(http.StatusOK, ticketsPage{Tickets: []*tickets.Ticket{}})
			return
		}
		f.Requester = u.Email // requesters see only their own tickets
	}
	list, err := s.deps.Tickets.Store().ListTickets(c.Request.Context(), f)
	if err != nil {
		s.respondError(c, err)
		return
	}
	page := ticketsPage{Tickets: list}
	if page.Tickets == nil {
		page.Tickets = []*tickets.Ticket{}
	}
	if len(list) == f.EffectiveLimit() {
		page.Next = strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	c.JSON(http.StatusOK, page)
}

func intParam(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("not a whole number")
	}
	return n, nil
}

// loadTicket returns the ticket in the path if the user may see it. A
// requester asking for someone else's ticket gets 404, as if it did not
// exist, so ids cannot be probed.
func (s *Server) loadTicket(c *gin.Context) (*tickets.Ticket, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.respondError(c, tickets.ErrNotFound)
		return nil, false
	}
	t, err := s.deps.Tickets.Store().GetTicket(c.Request.Context(), id)
	if err != nil {
		s.respondError(c, err)
		return nil, false
	}
	u := currentUser(c)
	if u.Role.AtLeast(tickets.RoleAgent) {
		return t, true
	}
	if u.Email == "" || t.Requester != u.Email {
		s.respondError(c, tickets.ErrNotFound)
		return nil, false
	}
	public := t.Messages[:0:0]
	for _, m := range t.Messages {
		if m.Public {
			public = append(public, m)
		}
	}
	t.Messages = public
	return t, true
}

// ticketView adds the SLA clock to a ticket for agents.
type ticketView struct {
	*tickets.Ticket
	SLA *tickets.SLAClock `json:"sla,omitempty"`
}

func (s *Server) view(c *gin.Context, t *tickets.Ticket) (ticketView, error) {
	v := ticketView{Ticket: t}
	if !currentUser(c).Role.AtLeast(tickets.RoleAgent) {
		return v, nil
	}
	policies, err := s.deps.Tickets.Store().SLAPolicies(c.Request.Context())
	if err != nil {
		return v, err
	}
	clock := tickets.Clock(t, tickets.PolicyFor(policies, t.Priority), time.Now())
	v.SLA = &clock
	return v, nil
}

func (s *Server) getTicket(c *gin.Context) {
	t, ok := s.loadTicket(c)
	if !ok {
		return
	}
	v, err := s.view(c, t)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

type createTicketRequest struct {
	Subject   string           `json:"subject"`
	Body      string           `json:"body"`
	Requester string           `json:"requester"`
	Priority  tickets.Priority `json:"priority"`
	Category  string           `json:"category"`
	Team      string           `json:"team"`
	Language  string           `json:"language"`
	Tags      []string         `json:"tags"`
}

func (s *Server) createTicket(c *gin.Context) {
	var req createTicketRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.respondError(c, badRequest("body: want a JSON object with subject and body"))
		return
	}
	u := currentUser(c)
	in := tickets.NewTicket{Subject: req.Subject, Body: req.Body, Requester: req.Requester, Channel: "api",
		Priority: req.Priority, Category: req.Category, Team: req.Team, Language: req.Language, Tags: req.Tags}
	if !u.Role.AtLeast(tickets.RoleAgent) {
		// A requester files for themself; triage is the desk's job.
		in = tickets.NewTicket{Subject: req.Subject, Body: req.Body, Requester: u.Email, Channel: "api", Language: req.Language}
	} else if in.Requester == "" {
		in.Requester = u.Email
	}
	t, err := s.deps.Tickets.Create(c.Request.Context(), in)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, t)
}

type messageRequest struct {
	Body   string `json:"body"`
	Public *bool  `json:"public"`
}

func (s *Server) addMessage(c *gin.Context) {
	t, ok := s.loadTicket(c)
	if !ok {
		return
	}
	var req messageRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.respondError(c, badRequest("body: want a JSON object with body"))
		return
	}
	u := currentUser(c)
	m := tickets.Message{Author: tickets.AuthorRequester, AuthorID: u.ID, Body: req.Body, Public: true}
	if u.Role.AtLeast(tickets.RoleAgent) {
		m.Author = tickets.AuthorAgent
		if req.Public != nil {
			m.Public = *req.Public
		}
	}
	t, err := s.deps.Tickets.Reply(c.Request.Context(), t.ID, m)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, t.Messages[len(t.Messages)-1])
}

type updateTicketRequest struct {
	Status     *tickets.Status   `json:"status"`
	Category   *string           `json:"category"`
	Team       *string           `json:"team"`
	Priority   *tickets.Priority `json:"priority"`
	AssigneeID *int64            `json:"assignee_id"`
	Tags       *[]string         `json:"tags"`
}

func (s *Server) updateTicket(c *gin.Context) {
	t, ok := s.loadTicket(c)
	if !ok {
		return
	}
	var req updateTicketRequest
	if err := c.ShouldBindJSON(&req); err != nil {
		s.respondError(c, badRequest("body: want a JSON object of fields to change"))
		return
	}
	ctx := c.Request.Context()
	if req.Status != nil && *req.Status != t.Status && !tickets.CanTransition(t.Status, *req.Status) {
		// Refused before anything is written, so a PATCH is all or nothing.
		ve := &tickets.ValidationError{}
		ve.Add("status", "cannot go from %s to %s", t.Status, *req.Status)
		s.respondError(c, ve)
		return
	}
	f := tickets.Fields{Category: req.Category, Team: req.Team, Priority: req.Priority, AssigneeID: req.AssigneeID, Tags: req.Tags}
	var err error
	if f != (tickets.Fields{}) {
		if t, err = s.deps.Tickets.Update(ctx, t.ID, f); err != nil {
			s.respondError(c, err)
			return
		}
	}
	if req.Status != nil {
		if t, err = s.deps.Tickets.SetStatus(ctx, t.ID, *req.Status); err != nil {
			s.respondError(c, err)
			return
		}
	}
	full, err := s.deps.Tickets.Store().GetTicket(ctx, t.ID)
	if err != nil {
		s.respondError(c, err)
		return
	}
	v, err := s.view(c, full)
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) listTeams(c *gin.Context) {
	teams, err := s.deps.Tickets.Store().ListTeams(c.Request.Context())
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"teams": nonNil(teams)})
}

func (s *Server) listCategories(c *gin.Context) {
	cats, err := s.deps.Tickets.Store().ListCategories(c.Request.Context())
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"categories": nonNil(cats)})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
