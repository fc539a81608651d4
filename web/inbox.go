package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"deskpilot/tickets"
)

// Inbox sizes. The queue is sorted by SLA urgency, which the store cannot
// do (the deadlines depend on the policies and on paused time), so the
// matching tickets are read and sorted here, up to inboxScanCap of them.
const (
	inboxPageSize = 50
	inboxScanCap  = 5000
)

// activeStatuses are the statuses of the default view: work not done.
var activeStatuses = []tickets.Status{tickets.StatusNew, tickets.StatusOpen, tickets.StatusPending}

// inboxQuery is the inbox's URL: ?team=&status=&category=&priority=&assigned=&q=&page=.
// An absent team is the agent's home team; an empty one is all teams.
type inboxQuery struct {
	Team     string
	Status   string // "" (active), a status, or "all"
	Category string
	Priority string
	Assigned string // "", "me" or "none"
	Text     string
	Page     int
}

func parseInbox(q url.Values, home string) inboxQuery {
	iq := inboxQuery{Team: home, Status: q.Get("status"), Category: q.Get("category"), Priority: q.Get("priority"),
		Assigned: q.Get("assigned"), Text: strings.TrimSpace(q.Get("q"))}
	if q.Has("team") {
		iq.Team = q.Get("team")
	}
	if iq.Status != "all" && !tickets.Status(iq.Status).Valid() {
		iq.Status = ""
	}
	if !tickets.Priority(iq.Priority).Valid() {
		iq.Priority = ""
	}
	if iq.Assigned != "me" && iq.Assigned != "none" {
		iq.Assigned = ""
	}
	iq.Page, _ = strconv.Atoi(q.Get("page"))
	iq.Page = max(iq.Page, 1)
	return iq
}

// values writes the query back as URL parameters, page left out.
func (q inboxQuery) values() url.Values {
	v := url.Values{"team": {q.Team}}
	for k, s := range map[string]string{"status": q.Status, "category": q.Category, "priority": q.Priority, "assigned": q.Assigned, "q": q.Text} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// href is the inbox URL of q at page.
func (q inboxQuery) href(page int) string {
	v := q.values()
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/agent?" + v.Encode()
}

// inboxData is what templates/inbox.html shows.
type inboxData struct {
	Query      inboxQuery
	Queues     []queueTab
	Rows       []*inboxRow
	Total      int
	Page       int
	Pages      int
	PrevHref   string
	NextHref   string
	Truncated  bool
	Statuses   []tickets.Status
	Priorities []tickets.Priority
	Categories []tickets.Category
}

// queueTab is one team's queue; All is every team's.
type queueTab struct {
	Team   string
	Href   string
	Home   bool
	All    bool
	Active bool
}

// inboxRow is a ticket of the inbox with its SLA timers.
type inboxRow struct {
	Ticket   *tickets.Ticket
	Assignee string
	SLA      slaView
}

// inbox renders GET /agent: a team's queue, filtered, by SLA urgency.
func (s *Server) inbox(c *gin.Context) {
	u := currentUser(c)
	p := &page{Title: "inbox.title", User: u, Lang: s.uiLanguage(c, u.Language)}
	d, err := s.inboxData(c.Request.Context(), parseInbox(c.Request.URL.Query(), u.Team), u, p.Lang)
	if err != nil {
		s.logger(c).Error("inbox", "error", err)
		s.errorPage(c, http.StatusInternalServerError, "error.title")
		return
	}
	p.Data = d
	s.render(c, http.StatusOK, "inbox", p)
}

// inboxData reads, filters, sorts and pages the queue q.
func (s *Server) inboxData(ctx context.Context, q inboxQuery, me *tickets.User, lang string) (*inboxData, error) {
	st := s.deps.Tickets.Store()
	teams, err := st.ListTeams(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := st.ListCategories(ctx)
	if err != nil {
		return nil, err
	}
	list, truncated, err := s.scanQueue(ctx, q, me)
	if err != nil {
		return nil, err
	}
	policies, err := st.SLAPolicies(ctx)
	if err != nil {
		return nil, err
	}
	names, err := s.agentNames(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	rows := make([]*inboxRow, 0, len(list))
	for _, t := range list {
		r := &inboxRow{Ticket: t, SLA: slaOf(t, tickets.PolicyFor(policies, t.Priority), now, lang)}
		switch {
		case t.AssigneeID == 0:
		case t.AssigneeID == me.ID:
			r.Assignee = translate(lang, "inbox.me")
		default:
			r.Assignee = cmp.Or(names[t.AssigneeID], fmt.Sprintf("#%d", t.AssigneeID))
		}
		rows = append(rows, r)
	}
	slices.SortFunc(rows, urgency)
	d := &inboxData{Query: q, Queues: queueTabs(q, teams, me.Team), Total: len(rows), Truncated: truncated,
		Statuses: tickets.Statuses, Priorities: tickets.Priorities, Categories: cats}
	d.Pages = max((len(rows)+inboxPageSize-1)/inboxPageSize, 1)
	d.Page = min(q.Page, d.Pages)
	from := (d.Page - 1) * inboxPageSize
	d.Rows = rows[from:min(from+inboxPageSize, len(rows))]
	if d.Page > 1 {
		d.PrevHref = q.href(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextHref = q.href(d.Page + 1)
	}
	return d, nil
}

// scanQueue reads the tickets of q: the store filters by team, status,
// category and assignee; priority, "unassigned" and the search text are
// applied here.
func (s *Server) scanQueue(ctx context.Context, q inboxQuery, me *tickets.User) ([]*tickets.Ticket, bool, error) {
	f := tickets.TicketFilter{Team: q.Team, Category: q.Category, Limit: tickets.MaxListLimit}
	switch q.Status {
	case "":
		f.Status = activeStatuses
	case "all":
	default:
		f.Status = []tickets.Status{tickets.Status(q.Status)}
	}
	if q.Assigned == "me" {
		f.Assignee = me.ID
	}
	text := strings.ToLower(q.Text)
	var out []*tickets.Ticket
	for {
		list, err := s.deps.Tickets.Store().ListTickets(ctx, f)
		if err != nil {
			return nil, false, err
		}
		for _, t := range list {
			if (q.Priority == "" || string(t.Priority) == q.Priority) && (q.Assigned != "none" || t.AssigneeID == 0) && matches(t, text) {
				out = append(out, t)
			}
		}
		if len(list) < f.EffectiveLimit() {
			return out, false, nil
		}
		if len(out) >= inboxScanCap {
			return out, true, nil
		}
		f.AfterID = list[len(list)-1].ID
	}
}

// matches reports whether the lower-cased search text is the ticket's
// number ("42" or "#42") or is in its subject, requester or external id.
func matches(t *tickets.Ticket, text string) bool {
	if text == "" {
		return true
	}
	if id, err := strconv.ParseInt(strings.TrimPrefix(text, "#"), 10, 64); err == nil && id == t.ID {
		return true
	}
	for _, f := range []string{t.Subject, t.Requester, t.ExternalID} {
		if strings.Contains(strings.ToLower(f), text) {
			return true
		}
	}
	return false
}

// agentNames maps the ids of agents and admins to their names.
func (s *Server) agentNames(ctx context.Context) (map[int64]string, error) {
	names := map[int64]string{}
	for _, r := range []tickets.Role{tickets.RoleAgent, tickets.RoleAdmin} {
		users, err := s.deps.Tickets.Store().ListUsers(ctx, r)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			names[u.ID] = cmp.Or(u.Name, u.Email)
		}
	}
	return names, nil
}

// queueTabs lists the queues: the agent's home team first, the other
// teams by name, then all teams.
func queueTabs(q inboxQuery, teams []tickets.Team, home string) []queueTab {
	var tabs []queueTab
	add := func(team string, isHome bool) {
		v := q
		v.Team = team
		tabs = append(tabs, queueTab{Team: team, Href: v.href(1), Home: isHome, Active: q.Team == team})
	}
	if home != "" && slices.ContainsFunc(teams, func(t tickets.Team) bool { return t.Name == home }) {
		add(home, true)
	}
	for _, t := range teams {
		if t.Name != home {
			add(t.Name, false)
		}
	}
	all := q
	all.Team = ""
	return append(tabs, queueTab{Href: all.href(1), All: true, Active: q.Team == ""})
}
