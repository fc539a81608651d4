package freshdesktest

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// listTickets serves GET /api/v2/tickets: the tickets changed at or after
// updated_since (created in the last 30 days without it), deleted and spam
// ones only under their filter, sorted as order_by (Freshdesk only) and
// order_type ask, with the includes asked for.
func (s *Server) listTickets(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	allowed := []string{"filter", "requester_id", "email", "updated_since", "order_type", "include", "page", "per_page"}
	includes := []string{"requester", "stats", "requested_for"}
	if s.service() {
		allowed = append(allowed, "workspace_id")
	} else {
		allowed = append(allowed, "order_by", "company_id", "unique_external_id")
		includes = []string{"description", "requester", "stats", "company"}
	}
	for k := range q {
		if !slices.Contains(allowed, k) {
			invalid(w, k, "Unexpected/invalid field in request", "invalid_field")
			return
		}
	}
	include := splitList(q.Get("include"))
	for _, inc := range include {
		if !slices.Contains(includes, inc) {
			invalid(w, "include", "It should be one of these values: '"+strings.Join(includes, ",")+"'", "invalid_value")
			return
		}
	}
	filter := q.Get("filter")
	if !slices.Contains([]string{"", "deleted", "spam"}, filter) {
		invalid(w, "filter", "It should be one of these values: 'deleted,spam'", "invalid_value")
		return
	}
	s.mu.Lock()
	keep := func(t *Ticket) bool { return t.CreatedAt.After(s.now.AddDate(0, 0, -30)) }
	if v := q.Get("updated_since"); v != "" {
		since, err := time.Parse(time.RFC3339, v)
		if err != nil {
			s.mu.Unlock()
			invalid(w, "updated_since", "It should be in the 'valid date' format", "invalid_value")
			return
		}
		keep = func(t *Ticket) bool { return !t.UpdatedAt.Before(since) }
	}
	var list []*Ticket
	for _, t := range s.tickets {
		if keep(t) && t.Deleted == (filter == "deleted") && (t.Spam && !t.Deleted) == (filter == "spam") {
			list = append(list, t)
		}
	}
	by := func(t *Ticket) time.Time { return t.CreatedAt }
	if q.Get("order_by") == "updated_at" {
		by = func(t *Ticket) time.Time { return t.UpdatedAt }
	}
	slices.SortStableFunc(list, func(a, b *Ticket) int {
		c := cmp.Or(by(a).Compare(by(b)), cmp.Compare(a.ID, b.ID))
		if q.Get("order_type") != "asc" {
			c = -c
		}
		return c
	})
	items := make([]any, 0, len(list))
	for _, t := range list {
		items = append(items, s.ticketJSON(t, include))
	}
	s.mu.Unlock()
	s.writeList(w, r, "tickets", items)
}

// ticketJSON is a ticket as the list writes it.
func (s *Server) ticketJSON(t *Ticket, include []string) map[string]any {
	fields := map[string]any{}
	for k, v := range t.CustomFields {
		fields[k] = v
	}
	j := map[string]any{
		"id": t.ID, "subject": t.Subject, "status": t.Status, "priority": t.Priority, "source": t.Source,
		"type": nilIfEmpty(t.Type), "group_id": nilIfZero(t.GroupID), "responder_id": nil, "requester_id": t.RequesterID,
		"custom_fields": fields, "created_at": t.CreatedAt, "updated_at": t.UpdatedAt, "due_by": t.CreatedAt.Add(72 * time.Hour),
		"fr_due_by": t.CreatedAt.Add(24 * time.Hour), "is_escalated": false,
	}
	if s.service() {
		j["category"], j["sub_category"], j["item_category"] = nilIfEmpty(t.Category), nilIfEmpty(t.SubCategory), nilIfEmpty(t.ItemCategory)
		j["description"], j["description_text"] = t.Description, plain(t.Description)
		j["requested_for_id"], j["department_id"], j["workspace_id"], j["deleted"] = t.RequesterID, nil, 2, t.Deleted
	} else {
		j["tags"], j["spam"], j["company_id"], j["fr_escalated"], j["to_emails"], j["cc_emails"] = nonNil(t.Tags), t.Spam, nil, false, nil, []string{}
		if t.Deleted {
			j["deleted"] = true
		}
	}
	for _, inc := range include {
		switch inc {
		case "description":
			j["description"], j["description_text"] = t.Description, plain(t.Description)
		case "requester":
			c := s.contacts[t.RequesterID]
			j["requester"] = map[string]any{"id": c.ID, "name": c.Name, "email": c.Email, "mobile": nil, "phone": nil}
		case "stats":
			var closed any
			if t.Status == 5 {
				closed = t.ResolvedAt
			}
			j["stats"] = map[string]any{"agent_responded_at": nil, "requester_responded_at": nil, "first_responded_at": nil,
				"status_updated_at": t.UpdatedAt, "reopened_at": nil, "resolved_at": t.ResolvedAt, "closed_at": closed, "pending_since": nil}
		}
	}
	if t.Malformed {
		j["created_at"] = "yesterday, around noon"
	}
	return j
}

// listConversations serves GET /api/v2/tickets/{id}/conversations.
func (s *Server) listConversations(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	i := slices.IndexFunc(s.tickets, func(t *Ticket) bool { return t.ID == id && !t.Deleted })
	if i < 0 {
		s.mu.Unlock()
		writeJSON(w, http.StatusNotFound, map[string]any{"code": "not_found", "message": "Ticket not found"})
		return
	}
	t := s.tickets[i]
	var items []any
	for _, c := range t.Conversations {
		source := 0
		if c.Private {
			source = 2
		}
		items = append(items, map[string]any{
			"id": c.ID, "body": c.Body, "body_text": plain(c.Body), "incoming": c.Incoming, "private": c.Private,
			"user_id": c.UserID, "support_email": nil, "source": source, "ticket_id": t.ID, "to_emails": []string{},
			"from_email": nil, "cc_emails": []string{}, "bcc_emails": []string{}, "attachments": []any{},
			"created_at": c.CreatedAt, "updated_at": c.CreatedAt,
		})
	}
	s.mu.Unlock()
	s.writeList(w, r, "conversations", items)
}

// listGroups serves GET /api/v2/groups.
func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var items []any
	for _, g := range s.groups {
		items = append(items, map[string]any{"id": g.ID, "name": g.Name, "description": nil, "escalate_to": nil,
			"unassigned_for": nil, "business_hours_id": nil, "created_at": s.now, "updated_at": s.now})
	}
	s.mu.Unlock()
	s.writeList(w, r, "groups", items)
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
