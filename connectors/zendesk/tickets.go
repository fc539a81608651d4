package zendesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// fetchTickets reads a page of the cursor-based incremental ticket export,
// with each ticket's comments. Its cursor is the export's after_cursor;
// the first page starts at TicketStart. Deleted tickets come as
// tombstones (status "deleted") and are removed.
func (s *Source) fetchTickets(ctx context.Context, cursor string) (*connectors.Page, error) {
	q := url.Values{"per_page": {strconv.Itoa(s.cfg.PageSize)}, "include": {"users,groups,metric_sets"}}
	if cursor == "" {
		q.Set("start_time", strconv.FormatInt(max(s.cfg.TicketStart.Unix(), 0), 10))
	} else {
		q.Set("cursor", cursor)
	}
	u := s.url("/api/v2/incremental/tickets/cursor.json", q)
	var resp ticketExport
	if err := s.c.GetJSON(ctx, u, &resp); err != nil {
		return nil, fmt.Errorf("zendesk: %w", err)
	}
	x := newSideloads(&resp)
	page := &connectors.Page{URL: u, Done: resp.EndOfStream, Next: cursor}
	if resp.AfterCursor != nil && *resp.AfterCursor != "" {
		page.Next = *resp.AfterCursor
	}
	for i, raw := range resp.Tickets {
		problem := func(msg string) {
			page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "ticket" + rawID(raw) + ": " + msg})
		}
		var t ticket
		if err := json.Unmarshal(raw, &t); err != nil {
			problem(err.Error())
			continue
		}
		if t.Status == "deleted" {
			page.Deleted = append(page.Deleted, strconv.FormatInt(t.ID, 10))
			continue
		}
		comments, err := s.comments(ctx, t.ID, x)
		var he *connectors.HTTPError
		var pe *connectors.PageError
		switch {
		case errors.As(err, &he) && he.Status == http.StatusNotFound:
			problem("comments: not found (deleted since the export?)")
			continue
		case errors.As(err, &pe):
			problem("comments: " + pe.Error())
			continue
		case err != nil:
			return nil, err
		}
		page.Tickets = append(page.Tickets, s.ticketRecord(&t, comments, x))
	}
	return page, nil
}

// sideloads are the users, groups and metric sets an export page carries,
// plus the comment authors met since.
type sideloads struct {
	users  map[int64]user
	groups map[int64]string
	solved map[int64]time.Time
}

func newSideloads(r *ticketExport) *sideloads {
	x := &sideloads{users: map[int64]user{}, groups: map[int64]string{}, solved: map[int64]time.Time{}}
	for _, u := range r.Users {
		x.users[u.ID] = u
	}
	for _, g := range r.Groups {
		x.groups[g.ID] = g.Name
	}
	for _, m := range r.MetricSets {
		if m.SolvedAt != nil {
			x.solved[m.TicketID] = *m.SolvedAt
		}
	}
	return x
}

// comments lists a ticket's comments, oldest first, noting their authors.
func (s *Source) comments(ctx context.Context, id int64, x *sideloads) ([]comment, error) {
	var out []comment
	path := fmt.Sprintf("/api/v2/tickets/%d/comments.json", id)
	err := s.eachCursorPage(ctx, path, url.Values{"include": {"users"}}, func(body []byte) (cursorPage, error) {
		var l commentList
		err := json.Unmarshal(body, &l)
		out = append(out, l.Comments...)
		for _, u := range l.Users {
			x.users[u.ID] = u
		}
		return l.cursorPage, err
	})
	return out, err
}

// statuses maps Zendesk's statuses onto the desk's; on-hold waits, as
// pending does.
var statuses = map[string]string{"new": "new", "open": "open", "pending": "pending", "hold": "pending", "solved": "solved", "closed": "closed"}

// ticketRecord maps a ticket and its comments to the open ticket format.
// A comment is the requester's when its author is the ticket's requester
// or another end user (a CC), an agent's otherwise; a private comment is
// an internal note.
func (s *Source) ticketRecord(t *ticket, comments []comment, x *sideloads) files.Ticket {
	r := files.Ticket{
		ID: strconv.FormatInt(t.ID, 10), Subject: deref(t.Subject), CreatedAt: t.CreatedAt, Status: statuses[t.Status],
		Priority: deref(t.Priority), Tags: t.Tags, Channel: t.Via.Channel, Messages: []files.Message{},
	}
	if r.Subject == "" {
		r.Subject = deref(t.RawSubject)
	}
	if u, ok := x.users[t.RequesterID]; ok && deref(u.Email) != "" {
		r.Requester = deref(u.Email)
	} else if t.RequesterID != 0 {
		r.Requester = "zendesk:" + strconv.FormatInt(t.RequesterID, 10)
	}
	if t.GroupID != nil {
		r.Team = x.groups[*t.GroupID]
	}
	if r.Status == "solved" || r.Status == "closed" {
		at, ok := x.solved[t.ID]
		if !ok {
			at = t.UpdatedAt // without metrics, the last change is the closest
		}
		r.ResolvedAt = &at
	}
	r.Category = s.category(t)
	for _, c := range comments {
		body := c.PlainBody
		if strings.TrimSpace(body) == "" {
			body = c.Body
		}
		if strings.TrimSpace(body) == "" {
			continue // an attachment alone
		}
		author := "agent"
		if u, ok := x.users[c.AuthorID]; c.AuthorID == t.RequesterID || ok && u.Role == "end-user" {
			author = "requester"
		}
		public := c.Public
		r.Messages = append(r.Messages, files.Message{Author: author, Body: body, CreatedAt: c.CreatedAt, Public: &public})
	}
	return r
}

// category reads the category field: Zendesk's nested drop-down values
// ("network__vpn") become paths ("network/vpn").
func (s *Source) category(t *ticket) string {
	if s.cfg.CategoryField == 0 {
		return ""
	}
	for _, f := range t.CustomFields {
		if v, ok := f.Value.(string); ok && f.ID == s.cfg.CategoryField {
			return strings.ReplaceAll(v, "__", "/")
		}
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
