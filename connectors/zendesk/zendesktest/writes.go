package zendesktest

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// APIUserID is the id of the agent the API token belongs to: the author
// of the comments written through the API.
const APIUserID int64 = 1

// Write is an update the fake carried out, as it was sent.
type Write struct {
	Method, Path string
	Body         json.RawMessage
}

// TicketField is a custom ticket field; a drop-down (tagger) has options.
type TicketField struct {
	ID      int64
	Title   string
	Options []FieldOption
}

// FieldOption is an option of a drop-down: its name as agents see it
// ("Network::VPN" when nested) and its value, the tag it sets.
type FieldOption struct {
	Name, Value string
}

// AddTicketField adds a custom ticket field.
func (s *Server) AddTicketField(f TicketField) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fields[f.ID] = f
}

// Writes returns the updates carried out so far, in order.
func (s *Server) Writes() []Write {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.writes)
}

// Ticket returns a copy of a ticket as it stands.
func (s *Server) Ticket(id int64) Ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := *s.ticket(id)
	t.Comments, t.Tags = slices.Clone(t.Comments), slices.Clone(t.Tags)
	return t
}

// pathID reads the {id} of a path whose last segment may end in .json.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSuffix(r.PathValue("id"), ".json"), 10, 64)
	return id, err == nil
}

// showTicket serves GET /api/v2/tickets/{id}.
func (s *Server) showTicket(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.tickets, func(t *Ticket) bool { return ok && t.ID == id && t.Status != "deleted" })
	if i < 0 {
		writeError(w, http.StatusNotFound, "RecordNotFound", "Not found")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ticket": s.ticketJSON(s.tickets[i])})
}

// ticketUpdate is the body of PUT /api/v2/tickets/{id}, limited to what
// the fake carries out.
type ticketUpdate struct {
	Ticket *struct {
		Comment *struct {
			Body     string `json:"body"`
			HTMLBody string `json:"html_body"`
			Public   *bool  `json:"public"`
		} `json:"comment"`
		GroupID        *int64   `json:"group_id"`
		Priority       *string  `json:"priority"`
		Tags           []string `json:"tags"`
		AdditionalTags []string `json:"additional_tags"`
		CustomFields   []struct {
			ID    int64  `json:"id"`
			Value string `json:"value"`
		} `json:"custom_fields"`
	} `json:"ticket"`
}

// updateTicket serves PUT /api/v2/tickets/{id}: a comment (public unless
// public is false), the group, the priority, tags set or added, custom
// field values; a group or a drop-down value that does not exist is a 422,
// as Zendesk answers it.
func (s *Server) updateTicket(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "UnsupportedMediaType", "Content-Type must be application/json")
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var u ticketUpdate
	if err := json.Unmarshal(raw, &u); err != nil || u.Ticket == nil {
		writeError(w, http.StatusBadRequest, "InvalidJSON", "The request body is not a ticket update")
		return
	}
	id, ok := pathID(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.tickets, func(t *Ticket) bool { return ok && t.ID == id && t.Status != "deleted" })
	if i < 0 {
		writeError(w, http.StatusNotFound, "RecordNotFound", "Not found")
		return
	}
	if msg := s.invalidUpdate(&u); msg != "" {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": "RecordInvalid",
			"description": "Record validation errors", "details": map[string]any{"base": []map[string]any{{"description": msg}}}})
		return
	}
	t, up := s.tickets[i], u.Ticket
	if c := up.Comment; c != nil {
		body := c.Body
		if body == "" {
			body = c.HTMLBody
		}
		t.Comments = append(t.Comments, Comment{ID: s.id(), AuthorID: APIUserID, Body: body, Public: c.Public == nil || *c.Public, CreatedAt: s.now})
	}
	if up.GroupID != nil {
		t.GroupID = *up.GroupID
	}
	if up.Priority != nil {
		t.Priority = *up.Priority
	}
	if up.Tags != nil {
		t.Tags = slices.Clone(up.Tags)
	}
	for _, tag := range up.AdditionalTags {
		if !slices.Contains(t.Tags, tag) {
			t.Tags = append(t.Tags, tag)
		}
	}
	for _, cf := range up.CustomFields {
		if t.CustomFields == nil {
			t.CustomFields = map[int64]string{}
		}
		t.CustomFields[cf.ID] = cf.Value
	}
	t.UpdatedAt = s.tick()
	s.writes = append(s.writes, Write{Method: r.Method, Path: r.URL.Path, Body: raw})
	writeJSON(w, http.StatusOK, map[string]any{"ticket": s.ticketJSON(t), "audit": map[string]any{
		"id": s.id(), "ticket_id": t.ID, "created_at": s.now, "author_id": APIUserID, "events": []any{}}})
}

// invalidUpdate says what of an update Zendesk would refuse, "" if none.
func (s *Server) invalidUpdate(u *ticketUpdate) string {
	up := u.Ticket
	if up.GroupID != nil {
		if _, ok := s.groups[*up.GroupID]; !ok {
			return fmt.Sprintf("Group: %d is not a valid group", *up.GroupID)
		}
	}
	if up.Comment != nil && strings.TrimSpace(up.Comment.Body+up.Comment.HTMLBody) == "" {
		return "Comment: cannot be blank"
	}
	for _, cf := range up.CustomFields {
		f, ok := s.fields[cf.ID]
		if !ok {
			return fmt.Sprintf("Field %d does not exist", cf.ID)
		}
		if len(f.Options) > 0 && !slices.ContainsFunc(f.Options, func(o FieldOption) bool { return o.Value == cf.Value }) {
			return fmt.Sprintf("%s: %s is not a valid option", f.Title, cf.Value)
		}
	}
	return ""
}

// listGroups serves GET /api/v2/groups.
func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var items []any
	for _, id := range sortedKeys(s.groups) {
		g := s.groups[id]
		items = append(items, map[string]any{"id": g.ID, "url": fmt.Sprintf("%s/api/v2/groups/%d.json", s.URL, g.ID),
			"name": g.Name, "description": "", "default": false, "deleted": false, "is_public": true,
			"created_at": s.now, "updated_at": s.now})
	}
	s.mu.Unlock()
	s.paginate(w, r, "groups", items)
}

// showTicketField serves GET /api/v2/ticket_fields/{id}.
func (s *Server) showTicketField(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.fields[id]
	if !ok {
		writeError(w, http.StatusNotFound, "RecordNotFound", "Not found")
		return
	}
	opts := []map[string]any{}
	for i, o := range f.Options {
		opts = append(opts, map[string]any{"id": f.ID*100 + int64(i), "name": o.Name, "raw_name": o.Name, "value": o.Value, "default": false})
	}
	writeJSON(w, http.StatusOK, map[string]any{"ticket_field": map[string]any{
		"id": f.ID, "url": fmt.Sprintf("%s/api/v2/ticket_fields/%d.json", s.URL, f.ID), "type": "tagger", "title": f.Title,
		"raw_title": f.Title, "active": true, "required": false, "visible_in_portal": false, "editable_in_portal": false,
		"custom_field_options": opts, "created_at": s.now, "updated_at": s.now}})
}

// discard is a ResponseWriter that keeps nothing: a request carried out
// whose answer is then replaced by a fault.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
