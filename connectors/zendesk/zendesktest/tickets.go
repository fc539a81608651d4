package zendesktest

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// position is a place in the ticket export: after (generated_timestamp, id).
type position struct{ ts, id int64 }

func (p position) cursor() string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "%d.0||%d|", p.ts, p.id))
}

func parseCursor(c string) (position, bool) {
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		return position{}, false
	}
	ts, rest, ok := strings.Cut(string(b), ".0||")
	id, _, ok2 := strings.Cut(rest, "|")
	var p position
	var e1, e2 error
	p.ts, e1 = strconv.ParseInt(ts, 10, 64)
	p.id, e2 = strconv.ParseInt(id, 10, 64)
	return p, ok && ok2 && e1 == nil && e2 == nil
}

// incrementalTickets serves GET /api/v2/incremental/tickets/cursor: the
// tickets changed after the cursor (or at or after start_time), oldest
// change first, deleted ones as tombstones unless exclude_deleted=true,
// with the side-loads asked for in include.
func (s *Server) incrementalTickets(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var from position
	switch {
	case q.Get("cursor") != "":
		p, ok := parseCursor(q.Get("cursor"))
		if !ok {
			writeError(w, http.StatusBadRequest, "InvalidPaginationParameter", "cursor is invalid")
			return
		}
		from = p
	case q.Get("start_time") != "":
		ts, err := strconv.ParseInt(q.Get("start_time"), 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidValue", "start_time must be a Unix time")
			return
		}
		from = position{ts, 0}
	default:
		writeError(w, http.StatusBadRequest, "InvalidValue", "start_time or cursor is required")
		return
	}
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 || per > 1000 {
		per = 1000
	}
	per = min(per, s.TicketPageSize)
	s.mu.Lock()
	defer s.mu.Unlock()
	var after []*Ticket
	for _, t := range s.tickets {
		p := position{t.UpdatedAt.Unix(), t.ID}
		if cmp.Or(cmp.Compare(p.ts, from.ts), cmp.Compare(p.id, from.id)) > 0 &&
			!(t.Status == "deleted" && q.Get("exclude_deleted") == "true") {
			after = append(after, t)
		}
	}
	slices.SortFunc(after, func(a, b *Ticket) int {
		return cmp.Or(a.UpdatedAt.Compare(b.UpdatedAt), cmp.Compare(a.ID, b.ID))
	})
	page := after[:min(len(after), per)]
	last, before := from, any(nil)
	out := make([]map[string]any, 0, len(page))
	for _, t := range page {
		out = append(out, s.ticketJSON(t))
		last = position{t.UpdatedAt.Unix(), t.ID}
	}
	if len(page) > 0 {
		before = position{page[0].UpdatedAt.Unix(), page[0].ID - 1}.cursor()
	}
	next := url.Values{"cursor": {last.cursor()}}
	body := map[string]any{
		"tickets": out, "after_cursor": last.cursor(), "before_cursor": before,
		"after_url":     s.URL + "/api/v2/incremental/tickets/cursor.json?" + next.Encode(),
		"before_url":    nil,
		"end_of_stream": len(page) == len(after),
	}
	s.sideload(body, q.Get("include"), page)
	writeJSON(w, http.StatusOK, body)
}

// ticketJSON is a ticket as the Support API writes it.
func (s *Server) ticketJSON(t *Ticket) map[string]any {
	fields := []map[string]any{}
	for _, id := range sortedKeys(t.CustomFields) {
		fields = append(fields, map[string]any{"id": id, "value": t.CustomFields[id]})
	}
	description := ""
	if len(t.Comments) > 0 {
		description = t.Comments[0].Body
	}
	j := map[string]any{
		"id": t.ID, "url": fmt.Sprintf("%s/api/v2/tickets/%d.json", s.URL, t.ID), "external_id": nil,
		"via":        map[string]any{"channel": t.Channel, "source": map[string]any{"from": map[string]any{}, "to": map[string]any{}, "rel": nil}},
		"created_at": t.CreatedAt, "updated_at": t.UpdatedAt, "generated_timestamp": t.UpdatedAt.Unix(),
		"type": nil, "subject": t.Subject, "raw_subject": t.Subject, "description": description,
		"priority": nilIfEmpty(t.Priority), "status": t.Status, "recipient": nil,
		"requester_id": t.RequesterID, "submitter_id": cmp.Or(t.SubmitterID, t.RequesterID),
		"assignee_id": nilIfZero(t.AssigneeID), "organization_id": nil, "group_id": nilIfZero(t.GroupID),
		"collaborator_ids": []int64{}, "follower_ids": []int64{}, "email_cc_ids": []int64{},
		"forum_topic_id": nil, "problem_id": nil, "has_incidents": false, "is_public": true, "due_at": nil,
		"tags": nonNil(t.Tags), "custom_fields": fields, "fields": fields, "satisfaction_rating": nil,
		"sharing_agreement_ids": []int64{}, "followup_ids": []int64{}, "ticket_form_id": nil, "brand_id": 1,
		"allow_channelback": false, "allow_attachments": true, "from_messaging_channel": false,
	}
	if t.Malformed {
		j["created_at"] = "yesterday, around noon"
	}
	return j
}

// sideload adds the users, groups and metric sets of page to body, as
// include (comma-separated) asks.
func (s *Server) sideload(body map[string]any, include string, page []*Ticket) {
	for _, what := range strings.Split(include, ",") {
		switch strings.TrimSpace(what) {
		case "users":
			ids := map[int64]bool{}
			for _, t := range page {
				ids[t.RequesterID], ids[cmp.Or(t.SubmitterID, t.RequesterID)], ids[t.AssigneeID] = true, true, true
			}
			body["users"] = s.usersJSON(ids)
		case "groups":
			groups := []map[string]any{}
			for _, id := range sortedKeys(s.groups) {
				g := s.groups[id]
				groups = append(groups, map[string]any{"id": g.ID, "url": fmt.Sprintf("%s/api/v2/groups/%d.json", s.URL, g.ID),
					"name": g.Name, "description": "", "default": false, "deleted": false, "is_public": true,
					"created_at": s.now, "updated_at": s.now})
			}
			body["groups"] = groups
		case "metric_sets":
			sets := []map[string]any{}
			for _, t := range page {
				sets = append(sets, map[string]any{"id": t.ID + 5_000_000, "ticket_id": t.ID, "url": fmt.Sprintf("%s/api/v2/ticket_metrics/%d.json", s.URL, t.ID+5_000_000),
					"solved_at": t.SolvedAt, "created_at": t.CreatedAt, "updated_at": t.UpdatedAt, "reopens": 0, "replies": len(t.Comments)})
			}
			body["metric_sets"] = sets
		}
	}
}

func (s *Server) usersJSON(ids map[int64]bool) []map[string]any {
	out := []map[string]any{}
	for _, id := range sortedKeys(ids) {
		u, ok := s.users[id]
		if !ok {
			continue
		}
		out = append(out, map[string]any{"id": u.ID, "url": fmt.Sprintf("%s/api/v2/users/%d.json", s.URL, u.ID),
			"name": u.Name, "email": u.Email, "role": u.Role, "active": true, "verified": true, "locale": "en-US",
			"created_at": s.now, "updated_at": s.now})
	}
	return out
}

// listComments serves GET /api/v2/tickets/{id}/comments, with the authors
// when include=users.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	i := slices.IndexFunc(s.tickets, func(t *Ticket) bool { return t.ID == id && t.Status != "deleted" })
	if i < 0 {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "RecordNotFound", "Not found")
		return
	}
	t := s.tickets[i]
	var items []any
	authors := map[int64]bool{}
	for _, c := range t.Comments {
		authors[c.AuthorID] = true
		items = append(items, map[string]any{
			"id": c.ID, "type": "Comment", "author_id": c.AuthorID, "body": c.Body, "html_body": "<div class=\"zd-comment\"><p>" + c.Body + "</p></div>",
			"plain_body": c.Body, "public": c.Public, "attachments": []any{}, "audit_id": c.ID + 1,
			"via":        map[string]any{"channel": t.Channel, "source": map[string]any{"from": map[string]any{}, "to": map[string]any{}, "rel": nil}},
			"created_at": c.CreatedAt, "metadata": map[string]any{"system": map[string]any{}, "custom": map[string]any{}},
		})
	}
	var users []map[string]any
	if strings.Contains(r.URL.Query().Get("include"), "users") {
		users = s.usersJSON(authors)
	}
	s.mu.Unlock()
	status, body := s.pageOf(r, "comments", items)
	if users != nil && status == http.StatusOK {
		body["users"] = users
	}
	writeJSON(w, status, body)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nilIfZero(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
