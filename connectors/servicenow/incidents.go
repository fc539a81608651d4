package servicenow

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// journalBatch is how many incidents' journals one request asks for: their
// sys_ids go in the URL.
const journalBatch = 50

// fetchIncidents reads a page of incidents changed since the cursor, with
// their additional comments and work notes.
func (s *Source) fetchIncidents(ctx context.Context, cursor string) (*connectors.Page, error) {
	pos, err := parsePosition(cursor)
	if err != nil {
		return nil, err
	}
	if cursor == "" && !s.cfg.TicketStart.IsZero() {
		pos.at = s.cfg.TicketStart.UTC().Format(timeLayout)
	}
	q := url.Values{
		"sysparm_query":                  {pos.query(s.cfg.IncidentQuery)},
		"sysparm_fields":                 {incidentFields},
		"sysparm_display_value":          {"all"},
		"sysparm_exclude_reference_link": {"true"},
	}
	tp, err := s.list(ctx, "incident", q, pos.n, s.cfg.PageSize)
	if err != nil {
		return nil, err
	}
	page := &connectors.Page{URL: tp.URL, Done: !tp.More}
	updated := make([]string, len(tp.Rows))
	var good []*incident
	for i, raw := range tp.Rows {
		inc := &incident{}
		err := json.Unmarshal(raw, inc)
		if err == nil && (inc.SysID.Value == "" || inc.Number.Value == "") {
			err = fmt.Errorf("no sys_id or number")
		}
		if err == nil {
			updated[i] = inc.UpdatedOn.stamp()
			if _, err = inc.CreatedOn.when(); err == nil {
				good = append(good, inc)
				continue
			}
			err = fmt.Errorf("sys_created_on: %w", err)
		}
		page.Problems = append(page.Problems, files.Problem{File: tp.URL, Line: i + 1, Message: "incident" + rawName(raw) + ": " + err.Error()})
	}
	journals, err := s.journals(ctx, good, page)
	if err != nil {
		return nil, err
	}
	for _, inc := range good {
		page.Tickets = append(page.Tickets, ticketRecord(inc, journals[inc.SysID.Value]))
	}
	page.Next = pos.advance(updated, s.cfg.PageSize, tp.More).String()
	return page, nil
}

// journals lists the comments and work notes of incs, oldest first, by
// incident sys_id. An entry that cannot be read is a problem of page.
func (s *Source) journals(ctx context.Context, incs []*incident, page *connectors.Page) (map[string][]journalEntry, error) {
	out := map[string][]journalEntry{}
	for batch := range slices.Chunk(incs, journalBatch) {
		ids := make([]string, len(batch))
		for i, inc := range batch {
			ids[i] = inc.SysID.Value
		}
		q := url.Values{
			"sysparm_query":  {"name=incident^element_idIN" + strings.Join(ids, ",") + "^elementINcomments,work_notes^ORDERBYsys_created_on"},
			"sysparm_fields": {journalFields},
		}
		limit := 1000
		for offset := 0; ; offset += limit {
			tp, err := s.list(ctx, "sys_journal_field", q, offset, limit)
			if err != nil {
				return nil, err
			}
			for i, raw := range tp.Rows {
				var e journalEntry
				err := json.Unmarshal(raw, &e)
				if err == nil {
					_, err = e.CreatedOn.when()
				}
				if err != nil {
					page.Problems = append(page.Problems, files.Problem{File: tp.URL, Line: i + 1, Message: "journal entry" + rawName(raw) + ": " + err.Error()})
					continue
				}
				out[e.ElementID.Value] = append(out[e.ElementID.Value], e)
			}
			if !tp.More {
				break
			}
		}
	}
	for id, es := range out {
		slices.SortStableFunc(es, func(a, b journalEntry) int { return cmp.Compare(a.CreatedOn.Value, b.CreatedOn.Value) })
		out[id] = es
	}
	return out, nil
}

// statuses maps incident states onto the desk's: 1 New, 2 In Progress, 3
// On Hold, 4 and 5 (awaiting, in older releases), 6 Resolved, 7 Closed,
// 8 Canceled.
var statuses = map[string]string{"1": "new", "2": "open", "3": "pending", "4": "pending", "5": "pending",
	"6": "solved", "7": "closed", "8": "closed"}

// priorities maps incident priorities: 1 Critical, 2 High, 3 Moderate,
// 4 Low, 5 Planning.
var priorities = map[string]string{"1": "urgent", "2": "high", "3": "normal", "4": "low", "5": "low"}

// ticketRecord maps an incident and its journal to the open ticket
// format. The description is the caller's first message; an additional
// comment is the caller's when the caller wrote it, an agent's otherwise;
// a work note is an internal note.
func ticketRecord(inc *incident, journal []journalEntry) files.Ticket {
	created, _ := inc.CreatedOn.when() // checked by the caller
	if opened, err := inc.OpenedAt.when(); err == nil && !opened.IsZero() {
		created = opened
	}
	r := files.Ticket{
		ID: inc.Number.Value, Subject: inc.Subject.Value, CreatedAt: created, Status: statuses[inc.State.Value],
		Priority: priorities[inc.Priority.Value], Team: inc.Group.Display, Category: categoryPath(inc),
		Channel: inc.ContactType.Value, Resolution: strings.TrimSpace(inc.CloseNotes.Value), Messages: []files.Message{},
	}
	switch {
	case inc.CallerEmail.Value != "":
		r.Requester = inc.CallerEmail.Value
	case inc.CallerUserName.Value != "":
		r.Requester = inc.CallerUserName.Value
	case inc.Caller.Value != "":
		r.Requester = "servicenow:" + inc.Caller.Value
	}
	if r.Status == "solved" || r.Status == "closed" {
		r.ResolvedAt = resolvedAt(inc)
	}
	if body := strings.TrimSpace(inc.Description.Value); body != "" {
		r.Messages = append(r.Messages, files.Message{Author: "requester", Body: body, CreatedAt: created, Public: ptr(true)})
	}
	for _, e := range journal {
		body := strings.TrimSpace(e.Value.Value)
		if body == "" {
			continue
		}
		at, _ := e.CreatedOn.when()
		author := "agent"
		if inc.CallerUserName.Value != "" && e.CreatedBy.Value == inc.CallerUserName.Value {
			author = "requester"
		}
		r.Messages = append(r.Messages, files.Message{Author: author, Body: body, CreatedAt: at, Public: ptr(e.Element.Value == "comments")})
	}
	return r
}

// categoryPath joins category and subcategory by their labels:
// "Network/VPN".
func categoryPath(inc *incident) string {
	var parts []string
	for _, f := range []field{inc.Category, inc.Subcategory} {
		if v := strings.TrimSpace(f.Display); v != "" {
			parts = append(parts, strings.ReplaceAll(v, "/", "-"))
		}
	}
	return strings.Join(parts, "/")
}

// resolvedAt is when a resolved or closed incident was resolved: its
// resolved_at, else its closed_at, else its last change.
func resolvedAt(inc *incident) *time.Time {
	for _, f := range []field{inc.ResolvedAt, inc.ClosedAt, inc.UpdatedOn} {
		if t, err := f.when(); err == nil && !t.IsZero() {
			return &t
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
