package jiratest

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

// APIAccountID is the account the API token belongs to: the author of
// the comments written through the API.
const APIAccountID = "agent-1"

// Write is a change the fake carried out, as it was sent.
type Write struct {
	Method, Path string
	Body         json.RawMessage
}

// RequestType is a request type of a project's service desk.
type RequestType struct {
	ID, Name, ServiceDeskID string
}

// AddRequestType adds a request type to project's service desk (made a
// service desk on its first request type) and returns it.
func (s *Server) AddRequestType(project, name string) RequestType {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.desks, project) {
		s.desks = append(s.desks, project)
	}
	rt := RequestType{ID: strconv.Itoa(20 + len(s.reqTypes)), Name: name, ServiceDeskID: s.deskID(project)}
	s.reqTypes = append(s.reqTypes, rt)
	return rt
}

func (s *Server) deskID(project string) string {
	return strconv.Itoa(slices.Index(s.desks, project) + 1)
}

// requestType finds project's request type by name.
func (s *Server) requestType(project, name string) (RequestType, bool) {
	i := slices.IndexFunc(s.reqTypes, func(rt RequestType) bool { return rt.Name == name && rt.ServiceDeskID == s.deskID(project) })
	if i < 0 {
		return RequestType{}, false
	}
	return s.reqTypes[i], true
}

// Writes returns the changes carried out so far, in order.
func (s *Server) Writes() []Write {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.writes)
}

// Issue returns a copy of an issue as it stands.
func (s *Server) Issue(id int64) Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := *s.issue(id)
	is.Comments, is.Labels = slices.Clone(is.Comments), slices.Clone(is.Labels)
	return is
}

// find returns the issue of an id or key, or nil.
func (s *Server) find(idOrKey string) *Issue {
	i := slices.IndexFunc(s.issues, func(is *Issue) bool {
		return !is.deleted && (strconv.FormatInt(is.ID, 10) == idOrKey || is.Key == idOrKey)
	})
	if i < 0 {
		return nil
	}
	return s.issues[i]
}

// readJSON reads a write's JSON body, answering 415 or 400 as Jira does.
func readJSON(w http.ResponseWriter, r *http.Request, v any) ([]byte, bool) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "Unsupported Media Type")
		return nil, false
	}
	raw, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(raw, v); err != nil {
		writeError(w, http.StatusBadRequest, "Unexpected character in the request body.")
		return nil, false
	}
	return raw, true
}

// showIssue serves GET /rest/api/3/issue/{id}, with the fields asked for
// (all of them without).
func (s *Server) showIssue(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.find(r.PathValue("id"))
	if is == nil {
		writeError(w, http.StatusNotFound, "Issue does not exist or you do not have permission to see it.")
		return
	}
	fields := []string{"*all"}
	if f := r.URL.Query().Get("fields"); f != "" {
		fields = strings.Split(f, ",")
	}
	writeJSON(w, http.StatusOK, s.issueJSON(is, fields))
}

// addComment serves POST /rest/servicedeskapi/request/{id}/comment: a
// comment, public unless public is false.
func (s *Server) addComment(w http.ResponseWriter, r *http.Request) {
	var c struct {
		Body   string `json:"body"`
		Public *bool  `json:"public"`
	}
	raw, ok := readJSON(w, r, &c)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.find(r.PathValue("id"))
	switch {
	case is == nil:
		writeJSON(w, http.StatusNotFound, map[string]any{"errorMessage": "Request does not exist or you do not have permission to see it.", "i18nErrorMessage": map[string]any{}})
		return
	case !slices.Contains(s.desks, is.Project):
		writeJSON(w, http.StatusNotFound, map[string]any{"errorMessage": "The issue is not a customer request."})
		return
	case strings.TrimSpace(c.Body) == "":
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorMessage": "The comment body must not be empty."})
		return
	}
	s.nextID++
	cm := Comment{ID: s.nextID, AuthorID: APIAccountID, Body: c.Body, Public: c.Public == nil || *c.Public, Created: s.tick()}
	is.Comments, is.Updated = append(is.Comments, cm), cm.Created
	s.writes = append(s.writes, Write{Method: r.Method, Path: r.URL.Path, Body: raw})
	writeJSON(w, http.StatusCreated, map[string]any{"id": strconv.FormatInt(cm.ID, 10), "body": cm.Body, "public": cm.Public,
		"author": s.accountJSON(cm.AuthorID), "created": map[string]any{"iso8601": cm.Created.Format("2006-01-02T15:04:05-0700"),
			"epochMillis": cm.Created.UnixMilli()}, "_links": map[string]any{"self": s.URL + r.URL.Path}})
}

// issueEdit is the body of PUT /rest/api/3/issue/{id}, limited to what
// the fake carries out: the request type, labels set or changed.
type issueEdit struct {
	Fields map[string]json.RawMessage `json:"fields"`
	Update map[string][]struct {
		Add    *string  `json:"add"`
		Remove *string  `json:"remove"`
		Set    []string `json:"set"`
	} `json:"update"`
}

// editIssue serves PUT /rest/api/3/issue/{id}: 204 once done; a field it
// cannot set, a request type of another desk or a label with a space is
// a 400 with Jira's errors.
func (s *Server) editIssue(w http.ResponseWriter, r *http.Request) {
	var e issueEdit
	raw, ok := readJSON(w, r, &e)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.find(r.PathValue("id"))
	if is == nil {
		writeError(w, http.StatusNotFound, "Issue does not exist or you do not have permission to see it.")
		return
	}
	fieldErrs := map[string]string{}
	var rt *RequestType
	for k, v := range e.Fields {
		if k != RequestTypeField {
			fieldErrs[k] = fmt.Sprintf("Field '%s' cannot be set. It is not on the appropriate screen, or unknown.", k)
			continue
		}
		var id string
		_ = json.Unmarshal(v, &id)
		i := slices.IndexFunc(s.reqTypes, func(t RequestType) bool { return t.ID == id && t.ServiceDeskID == s.deskID(is.Project) })
		if i < 0 {
			fieldErrs[k] = "The request type is not valid for this service project."
			continue
		}
		rt = &s.reqTypes[i]
	}
	for k, ops := range e.Update {
		if k != "labels" {
			fieldErrs[k] = fmt.Sprintf("Field '%s' cannot be set. It is not on the appropriate screen, or unknown.", k)
		}
		for _, op := range ops {
			if op.Add != nil && (strings.ContainsAny(*op.Add, " \t") || *op.Add == "") {
				fieldErrs["labels"] = "The label '" + *op.Add + "' contains spaces which is invalid."
			}
		}
	}
	if len(fieldErrs) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorMessages": []string{}, "errors": fieldErrs})
		return
	}
	if rt != nil {
		is.RequestType = rt.Name
	}
	for _, op := range e.Update["labels"] {
		switch {
		case op.Set != nil:
			is.Labels = slices.Clone(op.Set)
		case op.Add != nil && !slices.Contains(is.Labels, *op.Add):
			is.Labels = append(is.Labels, *op.Add)
		case op.Remove != nil:
			is.Labels = slices.DeleteFunc(is.Labels, func(l string) bool { return l == *op.Remove })
		}
	}
	is.Updated = s.tick()
	s.writes = append(s.writes, Write{Method: r.Method, Path: r.URL.Path, Body: raw})
	w.WriteHeader(http.StatusNoContent)
}

// page writes a service desk API page of values: start, limit, size,
// isLastPage.
func page(w http.ResponseWriter, r *http.Request, values []any) {
	start, _ := strconv.Atoi(r.URL.Query().Get("start"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 50 {
		limit = 50
	}
	start = min(max(start, 0), len(values))
	end := min(start+limit, len(values))
	out := values[start:end]
	if out == nil {
		out = []any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"start": start, "limit": limit, "size": len(out), "isLastPage": end == len(values),
		"values": out, "_links": map[string]any{"base": "", "context": ""}})
}

// listServiceDesks serves GET /rest/servicedeskapi/servicedesk.
func (s *Server) listServiceDesks(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var values []any
	for _, p := range s.desks {
		values = append(values, map[string]any{"id": s.deskID(p), "projectId": "100", "projectKey": p, "projectName": p})
	}
	s.mu.Unlock()
	page(w, r, values)
}

// listRequestTypes serves GET /rest/servicedeskapi/servicedesk/{desk}/requesttype.
func (s *Server) listRequestTypes(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var values []any
	for _, rt := range s.reqTypes {
		if rt.ServiceDeskID == r.PathValue("desk") {
			values = append(values, map[string]any{"id": rt.ID, "name": rt.Name, "description": "", "helpText": "",
				"issueTypeId": "10004", "serviceDeskId": rt.ServiceDeskID, "groupIds": []string{}})
		}
	}
	s.mu.Unlock()
	page(w, r, values)
}

// discard is a ResponseWriter that keeps nothing: a request carried out
// whose answer is then replaced by a fault.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
