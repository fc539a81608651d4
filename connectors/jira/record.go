package jira

import (
	"encoding/json"
	"slices"
	"strings"

	"deskpilot/connectors/files"
)

// ticketRecord maps a request and its comments to the open ticket format.
// The description is the reporter's first message. A comment is the
// requester's when its author reported the request or is a service desk
// customer, an agent's otherwise; jsdPublic false makes it an internal
// note, and a comment without the flag (not a service desk one) is public
// only on the requester's side.
func (s *Source) ticketRecord(is *issue, comments []comment) files.Ticket {
	f := &is.Fields
	r := files.Ticket{
		ID: is.ID, Subject: f.Summary, CreatedAt: f.Created.Time, Status: statusOf(f.Status),
		Priority: priorities[strings.ToLower(nameOf(f.Priority))], Tags: f.Labels, Messages: []files.Message{},
		Team: fieldValue(is.Custom[s.cfg.TeamField]),
	}
	if s.cfg.CategoryField != "" {
		r.Category = fieldValue(is.Custom[s.cfg.CategoryField])
	} else if s.reqType != "" {
		var v struct {
			RequestType *named `json:"requestType"`
		}
		if json.Unmarshal(is.Custom[s.reqType], &v) == nil {
			r.Category = nameOf(v.RequestType)
		}
	}
	var reporter string
	if f.Reporter != nil {
		reporter = f.Reporter.AccountID
		r.Requester = f.Reporter.EmailAddress
		if r.Requester == "" && reporter != "" {
			r.Requester = "jira:" + reporter // the email is hidden by the user's privacy settings
		}
	}
	if r.Status == "solved" || r.Status == "closed" {
		at := f.Updated.Time // without a resolution date, the last change is the closest
		if f.ResolutionDate != nil && !f.ResolutionDate.IsZero() {
			at = f.ResolutionDate.Time
		}
		r.ResolvedAt = &at
	}
	yes := true
	if body := adfText(f.Description); body != "" {
		r.Messages = append(r.Messages, files.Message{Author: "requester", Body: body, CreatedAt: f.Created.Time, Public: &yes})
	}
	for _, c := range comments {
		body := adfText(c.Body)
		if body == "" {
			continue // an attachment alone
		}
		author := "agent"
		if c.Author != nil && (c.Author.AccountID == reporter && reporter != "" || c.Author.AccountType == "customer") {
			author = "requester"
		}
		public := author == "requester"
		if c.JSDPublic != nil {
			public = *c.JSDPublic
		}
		r.Messages = append(r.Messages, files.Message{Author: author, Body: body, CreatedAt: c.Created.Time, Public: &public})
	}
	return r
}

// priorities maps Jira's priority names, default and common custom ones,
// onto the desk's.
var priorities = map[string]string{
	"highest": "urgent", "critical": "urgent", "blocker": "urgent", "urgent": "urgent",
	"high": "high", "major": "high",
	"medium": "normal", "normal": "normal",
	"low": "low", "lowest": "low", "minor": "low", "trivial": "low",
}

// pendingStatuses are the names of statuses that wait on someone else
// than the service desk, as pending does.
var pendingStatuses = []string{"waiting for customer", "pending", "on hold", "waiting for approval", "awaiting"}

// statusOf maps a workflow status onto the desk's by its category (to do,
// in progress, done) and, for waiting and closed ones, its name.
func statusOf(st status) string {
	name := strings.ToLower(st.Name)
	switch {
	case st.StatusCategory.Key == "done" && (strings.Contains(name, "closed") || strings.Contains(name, "cancel")):
		return "closed"
	case st.StatusCategory.Key == "done":
		return "solved"
	case slices.ContainsFunc(pendingStatuses, func(p string) bool { return strings.Contains(name, p) }):
		return "pending"
	case st.StatusCategory.Key == "new":
		return "new"
	}
	return "open"
}

// fieldValue reads a field's value as text: a string, an option
// ({"value"}, a cascading one as "parent/child"), a named object (a
// group, a team, a user), or the first of a list.
func fieldValue(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		if len(list) == 0 {
			return ""
		}
		return fieldValue(list[0])
	}
	var o struct {
		Value, Name, Title, DisplayName string
		Child                           *struct{ Value string }
	}
	if json.Unmarshal(raw, &o) != nil {
		return ""
	}
	v := strings.TrimSpace(o.Value + o.Name)
	if v == "" {
		v = strings.TrimSpace(o.Title + o.DisplayName)
	}
	if o.Child != nil && o.Child.Value != "" {
		v += "/" + o.Child.Value
	}
	return v
}

func nameOf(n *named) string {
	if n == nil {
		return ""
	}
	return n.Name
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
