package jira

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The JSON of the Jira Cloud REST API v3, as its reference documents it,
// limited to the fields the sync reads. Search results are decoded one
// issue at a time (raw), so that one bad issue does not cost its page.

// searchPage is an answer of GET /rest/api/3/search/jql.
type searchPage struct {
	Issues        []json.RawMessage `json:"issues"`
	NextPageToken string            `json:"nextPageToken"`
	IsLast        *bool             `json:"isLast"`
}

// last reports whether no page follows.
func (p *searchPage) last() bool {
	if p.IsLast != nil {
		return *p.IsLast || p.NextPageToken == ""
	}
	return p.NextPageToken == ""
}

// issue is a request, with the fields asked for; custom fields are read
// by id from Custom.
type issue struct {
	ID     string `json:"id"`
	Key    string `json:"key"`
	Fields struct {
		Summary        string          `json:"summary"`
		Status         status          `json:"status"`
		Priority       *named          `json:"priority"`
		Created        jiraTime        `json:"created"`
		Updated        jiraTime        `json:"updated"`
		ResolutionDate *jiraTime       `json:"resolutiondate"`
		Reporter       *account        `json:"reporter"`
		Labels         []string        `json:"labels"`
		Description    json.RawMessage `json:"description"`
		Comment        *commentPage    `json:"comment"`
	} `json:"fields"`
	Custom map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads an issue, keeping its fields raw too, for the
// custom ones.
func (i *issue) UnmarshalJSON(b []byte) error {
	type plain issue
	if err := json.Unmarshal(b, (*plain)(i)); err != nil {
		return err
	}
	var raw struct {
		Fields map[string]json.RawMessage `json:"fields"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	i.Custom = raw.Fields
	return nil
}

type status struct {
	Name           string `json:"name"`
	StatusCategory struct {
		Key string `json:"key"` // "new", "indeterminate" or "done"
	} `json:"statusCategory"`
}

type named struct {
	Name string `json:"name"`
}

// account is a user: accountType "customer" for a service desk customer,
// "atlassian" for a licensed user (an agent), "app" for a bot.
type account struct {
	AccountID    string `json:"accountId"`
	EmailAddress string `json:"emailAddress"`
	DisplayName  string `json:"displayName"`
	AccountType  string `json:"accountType"`
	TimeZone     string `json:"timeZone"`
}

// commentPage is the comment field of an issue, or an answer of GET
// /rest/api/3/issue/{id}/comment.
type commentPage struct {
	Comments   []comment `json:"comments"`
	StartAt    int       `json:"startAt"`
	MaxResults int       `json:"maxResults"`
	Total      int       `json:"total"`
}

// comment is a comment; on service desk projects JSDPublic is false for
// an internal note.
type comment struct {
	ID        string          `json:"id"`
	Author    *account        `json:"author"`
	Body      json.RawMessage `json:"body"`
	Created   jiraTime        `json:"created"`
	JSDPublic *bool           `json:"jsdPublic"`
}

// field is an entry of GET /rest/api/3/field.
type field struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Custom bool   `json:"custom"`
	Schema *struct {
		Type   string `json:"type"`
		Custom string `json:"custom"`
	} `json:"schema"`
}

// requestTypeSchema is the custom field type of the Customer Request Type
// field of Jira Service Management.
const requestTypeSchema = "com.atlassian.servicedesk:vp-origin"

// errorBody is Jira's error answer: {"errorMessages": [...], "errors":
// {field: message}}; the service desk API and the gateway answer
// {"errorMessage"} or {"message"}.
type errorBody struct {
	ErrorMessages []string          `json:"errorMessages"`
	Errors        map[string]string `json:"errors"`
	ErrorMessage  string            `json:"errorMessage"`
	Message       string            `json:"message"`
}

// jiraTime reads Jira's timestamps: "2025-01-06T09:00:00.000+0000".
type jiraTime struct{ time.Time }

var timeLayouts = []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", time.RFC3339Nano}

// UnmarshalJSON reads a timestamp in any of Jira's layouts; null is zero.
func (t *jiraTime) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" || s == "" {
		t.Time = time.Time{}
		return nil
	}
	for _, l := range timeLayouts {
		if v, err := time.Parse(l, s); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("%q is not a Jira timestamp", s)
}
