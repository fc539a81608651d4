package freshdesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
	"deskpilot/retrieval"
)

// groupsTTL is how long group names are reused before they are listed
// again.
const groupsTTL = 10 * time.Minute

// ticketCursor is where the ticket stream stands.
//
// Freshdesk sorts the listing by updated_at, so each page is asked from
// the last change written (Since), skipping the tickets of that second
// already written (Seen): a ticket changed meanwhile moves behind the
// position instead of shifting a page under it, and the 300-page cap of
// the listing is never reached. Page counts on only while a whole page
// changed within one second.
//
// Freshservice sorts only by creation: a pass pages through everything
// changed since Since, noting the latest change (Max, the tickets at it in
// AtMax) and its own start, and the next pass starts at their watermark.
//
// After either, the trash listings ("deleted", then "spam") give the
// tickets to remove.
type ticketCursor struct {
	Since time.Time `json:"since"`
	Seen  []int64   `json:"seen,omitempty"`
	Page  int       `json:"page,omitempty"`
	Max   time.Time `json:"max,omitzero"`
	AtMax []int64   `json:"at_max,omitempty"`
	Start time.Time `json:"start,omitzero"`
	Trash string    `json:"trash,omitempty"`
}

// fetchTickets reads a page of changed tickets, with each one's
// conversations, or a page of the trash.
func (s *Source) fetchTickets(ctx context.Context, cursor string) (*connectors.Page, error) {
	c, err := decodeCursor[ticketCursor](cursor)
	if err != nil {
		return nil, err
	}
	if cursor == "" {
		c.Since = s.cfg.TicketStart.UTC()
	}
	c.Page = max(c.Page, 1)
	if c.Trash != "" {
		return s.fetchTrash(ctx, c)
	}
	if s.service() && c.Start.IsZero() {
		c.Start = s.clock.Now().UTC()
	}
	q := url.Values{"updated_since": {c.Since.Format(time.RFC3339)}, "order_type": {"asc"},
		"per_page": {strconv.Itoa(s.cfg.PageSize)}, "page": {strconv.Itoa(c.Page)}}
	if s.service() {
		q.Set("include", "requester,stats")
		if s.cfg.WorkspaceID != 0 {
			q.Set("workspace_id", strconv.FormatInt(s.cfg.WorkspaceID, 10))
		}
	} else {
		q.Set("order_by", "updated_at")
		q.Set("include", "description,requester,stats")
	}
	u := s.url("/api/v2/tickets", q)
	items, err := s.getList(ctx, u, "tickets")
	if err != nil {
		return nil, err
	}
	page := &connectors.Page{URL: u}
	var listed []ticket
	for i, raw := range items {
		// The position is read apart, so that a ticket that cannot be
		// read is passed (and reported) once, not listed again and again.
		var pos ticket
		if json.Unmarshal(raw, &struct {
			ID        *int64     `json:"id"`
			UpdatedAt *time.Time `json:"updated_at"`
		}{&pos.ID, &pos.UpdatedAt}) == nil && pos.ID != 0 && !pos.UpdatedAt.IsZero() {
			listed = append(listed, pos)
			if pos.UpdatedAt.Before(c.Since) || pos.UpdatedAt.Equal(c.Since) && slices.Contains(c.Seen, pos.ID) {
				continue // written already
			}
		}
		var t ticket
		if err := json.Unmarshal(raw, &t); err != nil {
			page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "ticket" + rawID(raw) + ": " + err.Error()})
			continue
		}
		if err := s.addTicket(ctx, page, u, i, &t); err != nil {
			return nil, err
		}
	}
	s.advance(&c, listed, len(items) >= s.cfg.PageSize)
	page.Next = encodeCursor(c)
	return page, nil
}

// addTicket adds a ticket, with its conversations, to page; a deleted or
// spam ticket as a deletion.
func (s *Source) addTicket(ctx context.Context, page *connectors.Page, u string, i int, t *ticket) error {
	id := strconv.FormatInt(t.ID, 10)
	if t.Deleted || t.Spam {
		page.Deleted = append(page.Deleted, id)
		return nil
	}
	convs, err := s.conversations(ctx, t.ID)
	var he *connectors.HTTPError
	var pe *connectors.PageError
	problem := func(msg string) {
		page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "ticket " + id + ": " + msg})
	}
	switch {
	case errors.As(err, &he) && he.Status == http.StatusNotFound:
		problem("conversations: not found (deleted since listed?)")
		return nil
	case errors.As(err, &pe):
		problem("conversations: " + pe.Error())
		return nil
	case err != nil:
		return err
	}
	groups, err := s.loadGroups(ctx)
	if err != nil {
		return err
	}
	page.Tickets = append(page.Tickets, s.ticketRecord(t, convs, groups))
	return nil
}

// advance moves c past a page that listed the tickets given (those it
// could read); full says whether the page was full, so that more follow.
func (s *Source) advance(c *ticketCursor, listed []ticket, full bool) {
	if s.service() {
		for _, t := range listed {
			noteMax(&c.Max, &c.AtMax, t.UpdatedAt, t.ID)
		}
		if full {
			c.Page++
			return
		}
		w := watermark(c.Since, c.Max, c.Start)
		switch {
		case w.Equal(c.Max):
			c.Seen = c.AtMax
		case !w.Equal(c.Since):
			c.Seen = nil
		}
		c.Since, c.Max, c.AtMax, c.Start = w, time.Time{}, nil, time.Time{}
	} else {
		last := c.Since
		for _, t := range listed {
			last = maxTime(last, t.UpdatedAt.UTC())
		}
		if last.After(c.Since) {
			c.Since, c.Seen, c.Page = last, nil, 1
		} else {
			c.Page++
		}
		for _, t := range listed {
			if t.UpdatedAt.Equal(c.Since) && !slices.Contains(c.Seen, t.ID) {
				c.Seen = append(c.Seen, t.ID)
			}
		}
	}
	if !full {
		c.Trash, c.Page = "deleted", 1
	}
}

// fetchTrash reads a page of deleted or spam tickets, to remove them. The
// trash empties itself after 30 days, so it is listed whole each time,
// from TicketStart (the API lists only the last 30 days otherwise).
func (s *Source) fetchTrash(ctx context.Context, c ticketCursor) (*connectors.Page, error) {
	q := url.Values{"filter": {c.Trash}, "updated_since": {s.cfg.TicketStart.UTC().Format(time.RFC3339)},
		"per_page": {strconv.Itoa(s.cfg.PageSize)}, "page": {strconv.Itoa(c.Page)}}
	if s.service() && s.cfg.WorkspaceID != 0 {
		q.Set("workspace_id", strconv.FormatInt(s.cfg.WorkspaceID, 10))
	}
	u := s.url("/api/v2/tickets", q)
	items, err := s.getList(ctx, u, "tickets")
	if err != nil {
		return nil, err
	}
	page := &connectors.Page{URL: u}
	for i, raw := range items {
		var t struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(raw, &t); err != nil || t.ID == 0 {
			page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "ticket" + rawID(raw) + ": no id"})
			continue
		}
		page.Deleted = append(page.Deleted, strconv.FormatInt(t.ID, 10))
	}
	switch {
	case len(items) >= s.cfg.PageSize:
		c.Page++
	case c.Trash == "deleted":
		c.Trash, c.Page = "spam", 1
	default:
		c.Trash, c.Page, page.Done = "", 0, true
	}
	page.Next = encodeCursor(c)
	return page, nil
}

// conversations lists a ticket's replies and notes, oldest first.
func (s *Source) conversations(ctx context.Context, id int64) ([]conversation, error) {
	var out []conversation
	err := s.eachPage(ctx, fmt.Sprintf("/api/v2/tickets/%d/conversations", id), nil, "conversations", func(u string, items []json.RawMessage) error {
		return decodeAll(u, items, &out)
	})
	return out, err
}

// loadGroups lists the agent groups, for their names, unless listed
// lately. An API key not allowed to list them leaves tickets without a
// team rather than stop the sync.
func (s *Source) loadGroups(ctx context.Context) (map[int64]string, error) {
	if s.groups != nil && s.clock.Now().Sub(s.groupsAt) < groupsTTL {
		return s.groups, nil
	}
	var list []group
	err := s.eachPage(ctx, "/api/v2/groups", nil, "groups", func(u string, items []json.RawMessage) error {
		return decodeAll(u, items, &list)
	})
	var he *connectors.HTTPError
	if err != nil && !(errors.As(err, &he) && he.Status == http.StatusForbidden) {
		return nil, err
	}
	names := map[int64]string{}
	for _, g := range list {
		names[g.ID] = g.Name
	}
	s.groups, s.groupsAt = names, s.clock.Now()
	return names, nil
}

// Ticket statuses and priorities: 2 open, 3 pending, 4 resolved, 5
// closed; custom statuses (6 and up) wait on someone, as pending does.
var (
	statuses   = map[int]string{2: "open", 3: "pending", 4: "solved", 5: "closed"}
	priorities = map[int]string{1: "low", 2: "normal", 3: "high", 4: "urgent"}
	// channels name the ticket sources of each product.
	channels = map[Product]map[int]string{
		Freshdesk:    {1: "email", 2: "web", 3: "phone", 7: "chat", 9: "web", 10: "email"},
		Freshservice: {1: "email", 2: "web", 3: "phone", 4: "chat", 5: "web", 9: "walkup", 10: "slack"},
	}
)

// ticketRecord maps a ticket and its conversations to the open ticket
// format. The ticket's description is the requester's first message; a
// conversation is the requester's when it came in from outside or its
// author is the requester, an agent's otherwise; a private one is an
// internal note.
func (s *Source) ticketRecord(t *ticket, convs []conversation, groups map[int64]string) files.Ticket {
	r := files.Ticket{
		ID: strconv.FormatInt(t.ID, 10), Subject: t.Subject, CreatedAt: t.CreatedAt, Status: statuses[t.Status],
		Priority: priorities[t.Priority], Tags: t.Tags, Channel: channels[s.cfg.Product][t.Source], Messages: []files.Message{},
		Category: s.category(t),
	}
	if r.Status == "" {
		r.Status = "pending"
	}
	if t.Requester != nil && deref(t.Requester.Email) != "" {
		r.Requester = deref(t.Requester.Email)
	} else if t.RequesterID != 0 {
		r.Requester = string(s.cfg.Product) + ":" + strconv.FormatInt(t.RequesterID, 10)
	}
	if t.GroupID != nil {
		r.Team = groups[*t.GroupID]
	}
	if r.Status == "solved" || r.Status == "closed" {
		at := t.UpdatedAt // without stats, the last change is the closest
		if t.Stats != nil && t.Stats.ResolvedAt != nil {
			at = *t.Stats.ResolvedAt
		} else if t.Stats != nil && t.Stats.ClosedAt != nil {
			at = *t.Stats.ClosedAt
		}
		r.ResolvedAt = &at
	}
	yes := true
	if body := text(deref(t.DescriptionText), deref(t.Description)); body != "" {
		r.Messages = append(r.Messages, files.Message{Author: "requester", Body: body, CreatedAt: t.CreatedAt, Public: &yes})
	}
	for _, c := range convs {
		body := text(c.BodyText, c.Body)
		if body == "" {
			continue // an attachment alone
		}
		author := "agent"
		if c.Incoming || c.UserID == t.RequesterID {
			author = "requester"
		}
		public := !c.Private
		r.Messages = append(r.Messages, files.Message{Author: author, Body: body, CreatedAt: c.CreatedAt, Public: &public})
	}
	return r
}

// text returns plain, or the text of html when plain is empty.
func text(plain, html string) string {
	if strings.TrimSpace(plain) != "" {
		return strings.TrimSpace(plain)
	}
	if strings.TrimSpace(html) == "" {
		return ""
	}
	return retrieval.CleanText(html, retrieval.FormatHTML)
}

// category reads the ticket's category: the fields CategoryField names
// (comma-separated, for dependent fields), joined as a path; by default
// the type on Freshdesk, category / sub_category / item_category on
// Freshservice.
func (s *Source) category(t *ticket) string {
	var parts []string
	switch {
	case s.cfg.CategoryField != "":
		for _, name := range strings.Split(s.cfg.CategoryField, ",") {
			name = strings.TrimSpace(name)
			if name == "type" {
				parts = append(parts, deref(t.Type))
			} else if v, ok := t.CustomFields[name].(string); ok {
				parts = append(parts, v)
			}
		}
	case s.service():
		parts = []string{deref(t.Category), deref(t.SubCategory), deref(t.ItemCategory)}
	default:
		parts = []string{deref(t.Type)}
	}
	parts = slices.DeleteFunc(parts, func(p string) bool { return strings.TrimSpace(p) == "" })
	return strings.Join(parts, "/")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
