package freshdesktest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// APIUserID is the id of the agent the API key belongs to: the author of
// the notes written through the API.
const APIUserID int64 = 1

// Write is a change the fake carried out, as it was sent.
type Write struct {
	Method, Path string
	Body         json.RawMessage
}

// Choice is a value of a Freshservice category, with its sub-categories
// (or items) nested.
type Choice struct {
	Value  string
	Nested []Choice
}

// SetTicketTypes sets the choices of the ticket type (default Question,
// Incident, Problem, Feature Request).
func (s *Server) SetTicketTypes(types ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.types = types
}

// AddDropdown adds a custom drop-down field (name "cf_...") and its
// choices.
func (s *Server) AddDropdown(name string, choices ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropdowns[name] = choices
}

// SetCategories sets Freshservice's category tree.
func (s *Server) SetCategories(c ...Choice) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ticketCats = c
}

// Writes returns the changes carried out so far, in order.
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
	t.Conversations, t.Tags = slices.Clone(t.Conversations), slices.Clone(t.Tags)
	return t
}

// liveTicket finds the ticket of the request's {id}, not in the trash.
func (s *Server) liveTicket(r *http.Request) *Ticket {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	i := slices.IndexFunc(s.tickets, func(t *Ticket) bool { return err == nil && t.ID == id && !t.Deleted })
	if i < 0 {
		return nil
	}
	return s.tickets[i]
}

func notFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]any{"code": "access_denied", "message": "The requested resource could not be found"})
}

// writeItem writes one record: itself on Freshdesk, under key on
// Freshservice.
func (s *Server) writeItem(w http.ResponseWriter, status int, key string, v any) {
	if s.service() {
		v = map[string]any{key: v}
	}
	writeJSON(w, status, v)
}

// showTicket serves GET /api/v2/tickets/{id}, with its description.
func (s *Server) showTicket(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.liveTicket(r)
	if t == nil {
		notFound(w)
		return
	}
	s.writeItem(w, http.StatusOK, "ticket", s.showJSON(t))
}

// showJSON is a ticket as GET (and PUT) /api/v2/tickets/{id} write it:
// with its description and, on both products, its tags.
func (s *Server) showJSON(t *Ticket) map[string]any {
	j := s.ticketJSON(t, []string{"description"})
	j["tags"] = nonNil(t.Tags)
	return j
}

// readJSON reads a write's JSON body, answering 400 as the API does when
// it is not JSON.
func readJSON(w http.ResponseWriter, r *http.Request, v any) ([]byte, bool) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeJSON(w, http.StatusUnsupportedMediaType, map[string]any{"code": "invalid_content_type",
			"message": "Content-Type header should have application/json"})
		return nil, false
	}
	raw, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(raw, v); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": "invalid_json", "message": "Request body has invalid json format"})
		return nil, false
	}
	return raw, true
}

// addNote serves POST /api/v2/tickets/{id}/notes: a note, private unless
// private is false.
func (s *Server) addNote(w http.ResponseWriter, r *http.Request) {
	var n struct {
		Body    string `json:"body"`
		Private *bool  `json:"private"`
	}
	raw, ok := readJSON(w, r, &n)
	if !ok {
		return
	}
	if strings.TrimSpace(n.Body) == "" {
		invalid(w, "body", "It should not be blank as this is a mandatory field", "missing_field")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.liveTicket(r)
	if t == nil {
		notFound(w)
		return
	}
	c := Conversation{ID: s.id(), UserID: APIUserID, Body: n.Body, Private: n.Private == nil || *n.Private, CreatedAt: s.tick()}
	t.Conversations = append(t.Conversations, c)
	t.UpdatedAt = c.CreatedAt
	s.writes = append(s.writes, Write{Method: r.Method, Path: r.URL.Path, Body: raw})
	s.writeItem(w, http.StatusCreated, "conversation", map[string]any{"id": c.ID, "body": c.Body, "body_text": plain(c.Body),
		"incoming": false, "private": c.Private, "user_id": c.UserID, "ticket_id": t.ID, "source": 2,
		"support_email": nil, "to_emails": []string{}, "attachments": []any{}, "created_at": c.CreatedAt, "updated_at": c.CreatedAt})
}

// ticketChange is the body of PUT /api/v2/tickets/{id}, limited to what
// the fake carries out.
type ticketChange struct {
	GroupID      *int64            `json:"group_id"`
	Type         *string           `json:"type"`
	Tags         []string          `json:"tags"`
	CustomFields map[string]string `json:"custom_fields"`
	Category     *string           `json:"category"`
	SubCategory  *string           `json:"sub_category"`
	ItemCategory *string           `json:"item_category"`
}

// updateTicket serves PUT /api/v2/tickets/{id}: a field it does not know,
// a group, type, drop-down value or category that is not one of the
// account's is a validation error, as the API answers it.
func (s *Server) updateTicket(w http.ResponseWriter, r *http.Request) {
	var keys map[string]json.RawMessage
	raw, ok := readJSON(w, r, &keys)
	if !ok {
		return
	}
	allowed := []string{"group_id", "tags", "custom_fields", "priority", "status", "responder_id"}
	if s.service() {
		allowed = append(allowed, "category", "sub_category", "item_category")
	} else {
		allowed = append(allowed, "type")
	}
	for k := range keys {
		if !slices.Contains(allowed, k) {
			invalid(w, k, "Unexpected/invalid field in request", "invalid_field")
			return
		}
	}
	var c ticketChange
	_ = json.Unmarshal(raw, &c)
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.liveTicket(r)
	if t == nil {
		notFound(w)
		return
	}
	if field, msg := s.invalidChange(&c); field != "" {
		invalid(w, field, msg, "invalid_value")
		return
	}
	s.apply(t, &c)
	t.UpdatedAt = s.tick()
	s.writes = append(s.writes, Write{Method: r.Method, Path: r.URL.Path, Body: raw})
	s.writeItem(w, http.StatusOK, "ticket", s.showJSON(t))
}

// invalidChange names the field of a change the account has no such
// value for, and why; "" when there is none.
func (s *Server) invalidChange(c *ticketChange) (string, string) {
	if c.GroupID != nil && !slices.ContainsFunc(s.groups, func(g Group) bool { return g.ID == *c.GroupID }) {
		return "group_id", "There is no group matching the given group_id"
	}
	if c.Type != nil && !slices.Contains(s.types, *c.Type) {
		return "type", "It should be one of these values: '" + strings.Join(s.types, ",") + "'"
	}
	for k, v := range c.CustomFields {
		choices, ok := s.dropdowns[k]
		if !ok {
			return k, "Unexpected/invalid field in request"
		}
		if !slices.Contains(choices, v) {
			return k, "It should be one of these values: '" + strings.Join(choices, ",") + "'"
		}
	}
	level := s.ticketCats
	for _, part := range []struct {
		name string
		v    *string
	}{{"category", c.Category}, {"sub_category", c.SubCategory}, {"item_category", c.ItemCategory}} {
		if part.v == nil {
			break
		}
		i := slices.IndexFunc(level, func(ch Choice) bool { return ch.Value == *part.v })
		if i < 0 {
			return part.name, "It should be one of the values of its parent"
		}
		level = level[i].Nested
	}
	return "", ""
}

// apply carries a valid change out on t.
func (s *Server) apply(t *Ticket, c *ticketChange) {
	if c.GroupID != nil {
		t.GroupID = *c.GroupID
	}
	if c.Type != nil {
		t.Type = *c.Type
	}
	if c.Tags != nil {
		t.Tags = slices.Clone(c.Tags)
	}
	for k, v := range c.CustomFields {
		if t.CustomFields == nil {
			t.CustomFields = map[string]string{}
		}
		t.CustomFields[k] = v
	}
	for _, p := range []struct {
		dst *string
		v   *string
	}{{&t.Category, c.Category}, {&t.SubCategory, c.SubCategory}, {&t.ItemCategory, c.ItemCategory}} {
		if p.v != nil {
			*p.dst = *p.v
		}
	}
}

// listTicketFields serves the ticket fields with their choices: GET
// /api/v2/ticket_fields on Freshdesk (choices as strings), GET
// /api/v2/ticket_form_fields on Freshservice (choices as objects with
// nested options, under "ticket_fields").
func (s *Server) listTicketFields(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fields := []map[string]any{}
	if s.service() {
		fields = append(fields, map[string]any{"id": 1, "name": "category", "label": "Category", "field_type": "default_category",
			"default_field": true, "choices": choicesJSON(s.ticketCats)})
	} else {
		fields = append(fields, map[string]any{"id": 1, "name": "ticket_type", "label": "Type", "type": "default_ticket_type",
			"default": true, "choices": nonNil(s.types)})
	}
	names := make([]string, 0, len(s.dropdowns))
	for k := range s.dropdowns {
		names = append(names, k)
	}
	slices.Sort(names)
	for i, name := range names {
		f := map[string]any{"id": 100 + i, "name": name, "label": name, "default": false}
		if s.service() {
			var cs []Choice
			for _, v := range s.dropdowns[name] {
				cs = append(cs, Choice{Value: v})
			}
			f["field_type"], f["choices"] = "custom_dropdown", choicesJSON(cs)
		} else {
			f["type"], f["choices"] = "custom_dropdown", nonNil(s.dropdowns[name])
		}
		fields = append(fields, f)
	}
	if s.service() {
		writeJSON(w, http.StatusOK, map[string]any{"ticket_fields": fields})
		return
	}
	writeJSON(w, http.StatusOK, fields)
}

func choicesJSON(cs []Choice) []map[string]any {
	out := []map[string]any{}
	for i, c := range cs {
		out = append(out, map[string]any{"id": i + 1, "value": c.Value, "nested_options": choicesJSON(c.Nested)})
	}
	return out
}

// discard is a ResponseWriter that keeps nothing: a request carried out
// whose answer is then replaced by a fault.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
