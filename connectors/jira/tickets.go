package jira

import (
	"cmp"
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
)

// unknownZoneOverlap is how far back a search starts when the API user's
// time zone is unknown: the widest offset from UTC, so that no change is
// missed whatever zone Jira reads the date in.
const unknownZoneOverlap = 14 * time.Hour

// jqlDate is the layout of JQL dates: minutes, in the user's zone.
const jqlDate = "2006-01-02 15:04"

// cursor is where the stream stands: the last change written (Since) and
// the issues changed at that instant that were written (Seen). Each page
// is a search from Since, so that an issue changed meanwhile moves behind
// the position instead of shifting a page under it; Token is the next
// page of that same search, used only while its pages bring nothing new
// (more issues changed within a minute than a page holds).
type cursor struct {
	Since time.Time `json:"since,omitzero"`
	Seen  []string  `json:"seen,omitempty"`
	Token string    `json:"token,omitempty"`
}

// position is where an issue stands in the search's order.
type position struct {
	id      string
	updated time.Time
}

// fetchTickets reads a page of the search for changed requests, with each
// one's comments.
func (s *Source) fetchTickets(ctx context.Context, raw string) (*connectors.Page, error) {
	var c cursor
	if raw == "" {
		c.Since = s.cfg.TicketStart.UTC()
	} else if err := json.Unmarshal([]byte(raw), &c); err != nil {
		return nil, fmt.Errorf("jira: cursor %q is not one of this source's", raw)
	}
	q := url.Values{"jql": {s.jql(c.Since)}, "fields": {strings.Join(s.fields(), ",")}, "maxResults": {strconv.Itoa(s.cfg.PageSize)}}
	if c.Token != "" {
		q.Set("nextPageToken", c.Token)
	}
	u := s.url("/rest/api/3/search/jql", q)
	var resp searchPage
	if err := s.get(ctx, u, &resp); err != nil {
		return nil, err
	}
	page := &connectors.Page{URL: u}
	var listed []position
	for i, raw := range resp.Issues {
		// The position is read apart, so that an issue that cannot be
		// read is passed (and reported) once, not searched again and again.
		var pos struct {
			ID     string `json:"id"`
			Fields struct {
				Updated jiraTime `json:"updated"`
			} `json:"fields"`
		}
		if json.Unmarshal(raw, &pos) == nil && pos.ID != "" && !pos.Fields.Updated.IsZero() {
			p := position{pos.ID, pos.Fields.Updated.Time}
			listed = append(listed, p)
			if p.updated.Before(c.Since) || p.updated.Equal(c.Since) && slices.Contains(c.Seen, p.id) {
				continue // written already
			}
		}
		if err := s.addIssue(ctx, page, u, i, raw); err != nil {
			return nil, err
		}
	}
	page.Done = advance(&c, listed, &resp)
	b, _ := json.Marshal(c)
	page.Next = string(b)
	return page, nil
}

// advance moves c past a page that listed the issues given, and reports
// whether the search is over.
func advance(c *cursor, listed []position, resp *searchPage) bool {
	last := c.Since
	for _, p := range listed {
		if p.updated.After(last) {
			last = p.updated
		}
	}
	if last.After(c.Since) {
		c.Since, c.Seen, c.Token = last, nil, ""
	} else {
		c.Token = resp.NextPageToken
	}
	for _, p := range listed {
		if p.updated.Equal(c.Since) && !slices.Contains(c.Seen, p.id) {
			c.Seen = append(c.Seen, p.id)
		}
	}
	if resp.last() {
		c.Token = ""
		return true
	}
	return false
}

// jql is the search for the requests changed at or after since, in the
// order of their changes. JQL dates are minutes in the user's zone: the
// search starts at since's minute and the issues before since are passed.
func (s *Source) jql(since time.Time) string {
	q := s.projects
	if !since.IsZero() {
		loc := s.zone
		if loc == nil {
			since, loc = since.Add(-unknownZoneOverlap), time.UTC
		}
		q += ` AND updated >= "` + since.In(loc).Format(jqlDate) + `"`
	}
	return q + " ORDER BY updated ASC, key ASC"
}

// fields are the fields a search asks for.
func (s *Source) fields() []string {
	f := []string{"summary", "status", "priority", "created", "updated", "resolutiondate", "reporter", "labels", "description", "comment"}
	for _, id := range []string{s.reqType, s.cfg.CategoryField, s.cfg.TeamField} {
		if id != "" && !slices.Contains(f, id) {
			f = append(f, id)
		}
	}
	return f
}

// addIssue reads an issue and adds it, with all its comments, to page.
func (s *Source) addIssue(ctx context.Context, page *connectors.Page, u string, i int, raw json.RawMessage) error {
	var is issue
	if err := json.Unmarshal(raw, &is); err != nil {
		page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "issue" + rawID(raw) + ": " + err.Error()})
		return nil
	}
	comments, err := s.comments(ctx, &is)
	var he *connectors.HTTPError
	var pe *connectors.PageError
	problem := func(msg string) {
		page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "issue " + is.Key + ": " + msg})
	}
	switch {
	case errors.As(err, &he) && he.Status == http.StatusNotFound:
		problem("comments: not found (deleted since the search?)")
		return nil
	case errors.As(err, &pe):
		problem("comments: " + pe.Error())
		return nil
	case err != nil:
		return err
	}
	page.Tickets = append(page.Tickets, s.ticketRecord(&is, comments))
	return nil
}

// comments returns an issue's comments, oldest first: those the search
// carried, and the others from the issue's comment list.
func (s *Source) comments(ctx context.Context, is *issue) ([]comment, error) {
	var out []comment
	total := -1
	if cp := is.Fields.Comment; cp != nil {
		out, total = cp.Comments, cp.Total
	}
	for total < 0 || len(out) < total {
		q := url.Values{"startAt": {strconv.Itoa(len(out))}, "maxResults": {"100"}, "orderBy": {"created"}}
		u := s.url("/rest/api/3/issue/"+url.PathEscape(is.ID)+"/comment", q)
		var body json.RawMessage
		if err := s.get(ctx, u, &body); err != nil {
			return nil, err
		}
		var cp commentPage
		if err := json.Unmarshal(body, &cp); err != nil {
			return nil, fmt.Errorf("jira: %w", &connectors.PageError{URL: u, Err: err})
		}
		if len(cp.Comments) == 0 || slices.ContainsFunc(out, func(c comment) bool { return c.ID == cp.Comments[0].ID }) {
			break // the end, or an answer that ignores startAt: it would page forever
		}
		out, total = append(out, cp.Comments...), cp.Total
	}
	return out, nil
}

// LiveIDs lists the requests of the projects now, for the engine to
// remove those deleted or moved out since: no search shows them again.
func (s *Source) LiveIDs(ctx context.Context, kind connectors.Kind) ([]string, bool, error) {
	if kind != connectors.KindTickets {
		return nil, false, nil
	}
	if err := s.prepare(ctx); err != nil {
		return nil, false, err
	}
	var ids []string
	q := url.Values{"jql": {s.projects + " ORDER BY key ASC"}, "maxResults": {"1000"}}
	for {
		u := s.url("/rest/api/3/search/jql", q)
		var resp searchPage
		if err := s.get(ctx, u, &resp); err != nil {
			return nil, false, err
		}
		for _, raw := range resp.Issues {
			var is struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(raw, &is); err != nil || is.ID == "" {
				return nil, false, fmt.Errorf("jira: %w", &connectors.PageError{URL: u, Err: errors.New("an issue without id")})
			}
			ids = append(ids, is.ID)
		}
		if resp.last() {
			return ids, true, nil
		}
		q.Set("nextPageToken", resp.NextPageToken)
	}
}

// rawID names an issue that could not be decoded by its key or id.
func rawID(raw json.RawMessage) string {
	var v struct {
		ID  string `json:"id"`
		Key string `json:"key"`
	}
	if json.Unmarshal(raw, &v) == nil && v.Key+v.ID != "" {
		return " " + cmp.Or(v.Key, v.ID)
	}
	return ""
}
