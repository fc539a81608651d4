package jiratest

import (
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// jiraTime is Jira's timestamp layout.
const jiraTime = "2006-01-02T15:04:05.000-0700"

// query is a parsed JQL query: the subset this fake understands.
type query struct {
	projects []string
	since    time.Time // updated >= since; zero for none
	byUpdate bool      // ORDER BY updated ASC, key ASC; else key ASC
}

var (
	projectsRE = regexp.MustCompile(`^project in \(((?:"[A-Z0-9_]+"(?:, )?)+)\)$`)
	updatedRE  = regexp.MustCompile(`^updated >= "(\d{4}-\d{2}-\d{2} \d{2}:\d{2})"$`)
)

// parseJQL reads "project in (...) [AND updated >= "yyyy-MM-dd HH:mm"]
// ORDER BY ...", dates in the user's zone.
func parseJQL(jql string) (query, error) {
	var q query
	where, order, ok := strings.Cut(jql, " ORDER BY ")
	if !ok {
		return q, fmt.Errorf("the search must be ordered")
	}
	switch order {
	case "updated ASC, key ASC":
		q.byUpdate = true
	case "key ASC":
	default:
		return q, fmt.Errorf("unsupported order %q", order)
	}
	loc, _ := time.LoadLocation(TimeZone)
	for _, clause := range strings.Split(where, " AND ") {
		if m := projectsRE.FindStringSubmatch(clause); m != nil {
			for _, p := range strings.Split(m[1], ", ") {
				q.projects = append(q.projects, strings.Trim(p, `"`))
			}
		} else if m := updatedRE.FindStringSubmatch(clause); m != nil {
			q.since, _ = time.ParseInLocation("2006-01-02 15:04", m[1], loc)
		} else {
			return q, fmt.Errorf("error in the JQL Query: unsupported clause %q", clause)
		}
	}
	if len(q.projects) == 0 {
		return q, fmt.Errorf("the search must be bounded by project")
	}
	return q, nil
}

// search serves GET /rest/api/3/search/jql: the issues the JQL selects,
// in its order, with the fields asked for (only the id without), a page
// at a time from nextPageToken.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	jql := params.Get("jql")
	q, err := parseJQL(jql)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errorMessages": []string{err.Error()}, "warningMessages": []string{}})
		return
	}
	per, _ := strconv.Atoi(params.Get("maxResults"))
	if per <= 0 {
		per = 50
	}
	per = min(per, s.MaxResults)
	from := 0
	if tok := params.Get("nextPageToken"); tok != "" {
		if from, err = parseToken(tok, jql); err != nil {
			writeError(w, http.StatusBadRequest, "The provided next page token is invalid or expired.")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []*Issue
	for _, is := range s.issues {
		if !is.deleted && slices.Contains(q.projects, is.Project) && !is.Updated.Before(q.since) {
			list = append(list, is)
		}
	}
	slices.SortFunc(list, func(a, b *Issue) int {
		byKey := cmp.Or(cmp.Compare(a.Project, b.Project), cmp.Compare(a.ID, b.ID))
		if q.byUpdate {
			return cmp.Or(a.Updated.Compare(b.Updated), byKey)
		}
		return byKey
	})
	from = min(from, len(list))
	to := min(from+per, len(list))
	fields := strings.Split(params.Get("fields"), ",")
	issues := []any{}
	for _, is := range list[from:to] {
		issues = append(issues, s.issueJSON(is, fields))
	}
	body := map[string]any{"issues": issues, "isLast": to == len(list)}
	if to < len(list) {
		body["nextPageToken"] = token(to, jql)
	}
	writeJSON(w, http.StatusOK, body)
}

// token is an opaque page token, bound to its query.
func token(offset int, jql string) string {
	sum := sha256.Sum256([]byte(jql))
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d|%x", offset, sum[:6]))
}

func parseToken(tok, jql string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, err
	}
	off, hash, _ := strings.Cut(string(b), "|")
	sum := sha256.Sum256([]byte(jql))
	if hash != fmt.Sprintf("%x", sum[:6]) {
		return 0, fmt.Errorf("token of another query")
	}
	return strconv.Atoi(off)
}

// issueJSON is an issue as the search writes it, with the fields asked.
func (s *Server) issueJSON(is *Issue, fields []string) map[string]any {
	j := map[string]any{"id": strconv.FormatInt(is.ID, 10)}
	if len(fields) == 1 && fields[0] == "" {
		return j
	}
	j["key"], j["self"] = is.Key, fmt.Sprintf("%s/rest/api/3/issue/%d", s.URL, is.ID)
	all := map[string]any{
		"summary": is.Summary, "labels": nonNil(is.Labels), "created": is.Created.Format(jiraTime), "updated": is.Updated.Format(jiraTime),
		"status":   map[string]any{"name": is.Status, "id": "1", "statusCategory": map[string]any{"key": statusCategories[is.Status], "id": 2, "name": is.Status}},
		"priority": nil, "resolutiondate": nil, "reporter": s.accountJSON(is.ReporterID), "description": is.DescriptionADF,
		RequestTypeField: nil, TeamField: nil,
	}
	if is.DescriptionADF == nil {
		all["description"] = adf(is.Description)
	}
	if is.Priority != "" {
		all["priority"] = map[string]any{"name": is.Priority, "id": "3"}
	}
	if is.Resolved != nil {
		all["resolutiondate"] = is.Resolved.Format(jiraTime)
	}
	all["project"] = map[string]any{"id": "100", "key": is.Project, "name": is.Project}
	if is.RequestType != "" {
		rtID, deskID := "12", "1"
		if rt, ok := s.requestType(is.Project, is.RequestType); ok {
			rtID, deskID = rt.ID, rt.ServiceDeskID
		}
		all[RequestTypeField] = map[string]any{"requestType": map[string]any{"id": rtID, "name": is.RequestType, "issueTypeId": "10004", "serviceDeskId": deskID},
			"currentStatus": map[string]any{"status": is.Status, "statusCategory": strings.ToUpper(statusCategories[is.Status])}}
	}
	if is.Team != "" {
		all[TeamField] = map[string]any{"id": "b3c1a2", "name": is.Team, "title": is.Team, "isVisible": true}
	}
	embedded := is.Comments[:min(len(is.Comments), s.EmbeddedComments)]
	comments := []any{}
	for i := range embedded {
		comments = append(comments, s.commentJSON(&embedded[i]))
	}
	all["comment"] = map[string]any{"comments": comments, "maxResults": s.EmbeddedComments, "total": len(is.Comments), "startAt": 0}
	if is.Malformed {
		all["created"] = "yesterday, around noon"
	}
	out := map[string]any{}
	for _, f := range fields {
		if v, ok := all[f]; ok || f == "*all" {
			out[f] = v
		}
	}
	j["fields"] = out
	return j
}

func (s *Server) accountJSON(id string) any {
	a, ok := s.accounts[id]
	if !ok {
		return nil
	}
	return map[string]any{"accountId": a.ID, "emailAddress": a.Email, "displayName": a.Name, "active": true,
		"timeZone": TimeZone, "accountType": a.Type, "self": s.URL + "/rest/api/3/user?accountId=" + a.ID}
}

func (s *Server) commentJSON(c *Comment) map[string]any {
	return map[string]any{"id": strconv.FormatInt(c.ID, 10), "author": s.accountJSON(c.AuthorID), "updateAuthor": s.accountJSON(c.AuthorID),
		"body": adf(c.Body), "created": c.Created.Format(jiraTime), "updated": c.Created.Format(jiraTime), "jsdPublic": c.Public}
}

// listComments serves GET /rest/api/3/issue/{id}/comment.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.issues, func(is *Issue) bool {
		return !is.deleted && (strconv.FormatInt(is.ID, 10) == r.PathValue("id") || is.Key == r.PathValue("id"))
	})
	if i < 0 {
		writeError(w, http.StatusNotFound, "Issue does not exist or you do not have permission to see it.")
		return
	}
	is := s.issues[i]
	start, _ := strconv.Atoi(r.URL.Query().Get("startAt"))
	per, _ := strconv.Atoi(r.URL.Query().Get("maxResults"))
	if per <= 0 {
		per = 5000
	}
	per = min(per, s.MaxResults)
	start = min(max(start, 0), len(is.Comments))
	end := min(start+per, len(is.Comments))
	comments := []any{}
	for k := start; k < end; k++ {
		comments = append(comments, s.commentJSON(&is.Comments[k]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"startAt": start, "maxResults": per, "total": len(is.Comments), "comments": comments})
}

// myself serves GET /rest/api/3/myself: the API user, with its zone.
func (s *Server) myself(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.accountJSON("agent-1"))
}

// fields serves GET /rest/api/3/field.
func (s *Server) fields(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, []map[string]any{
		{"id": "summary", "name": "Summary", "custom": false, "schema": map[string]any{"type": "string", "system": "summary"}},
		{"id": TeamField, "name": "Team", "custom": true, "schema": map[string]any{"type": "team",
			"custom": "com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team", "customId": 10001}},
		{"id": RequestTypeField, "name": "Request Type", "custom": true, "schema": map[string]any{"type": "sd-customerrequesttype",
			"custom": "com.atlassian.servicedesk:vp-origin", "customId": 10010}},
	})
}

// adf is text as an ADF document: a paragraph per blank-line-separated
// block, lines broken with hardBreak.
func adf(text string) map[string]any {
	var content []any
	for _, para := range strings.Split(text, "\n\n") {
		var inline []any
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				inline = append(inline, map[string]any{"type": "hardBreak"})
			}
			inline = append(inline, map[string]any{"type": "text", "text": line})
		}
		content = append(content, map[string]any{"type": "paragraph", "content": inline})
	}
	return map[string]any{"type": "doc", "version": 1, "content": content}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
