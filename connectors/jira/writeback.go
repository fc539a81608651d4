package jira

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"deskpilot/connectors/copilot"
)

var _ copilot.Desk = (*Source)(nil)

// CopilotLabel is the label the copilot adds to each request it drafted
// for; a team it cannot set as a request type becomes a label too.
const CopilotLabel = "deskpilot"

// issuePath is the API path of an issue, once its id is checked.
func issuePath(id string) (string, error) {
	if !copilot.Digits(id) {
		return "", fmt.Errorf("jira: %q is not an issue id", id)
	}
	return "/rest/api/3/issue/" + id, nil
}

// Ticket fetches a request (GET /rest/api/3/issue/{id}): its summary and
// its description as text.
func (s *Source) Ticket(ctx context.Context, id string) (*copilot.Ticket, error) {
	path, err := issuePath(id)
	if err != nil {
		return nil, err
	}
	var is issue
	if err := s.get(ctx, s.url(path, url.Values{"fields": {"summary,description"}}), &is); err != nil {
		return nil, err
	}
	return &copilot.Ticket{ID: id, Subject: is.Fields.Summary, Description: adfText(is.Fields.Description)}, nil
}

// HasNote reports whether a comment of the request carries marker.
func (s *Source) HasNote(ctx context.Context, id, marker string) (bool, error) {
	if _, err := issuePath(id); err != nil {
		return false, err
	}
	comments, err := s.comments(ctx, &issue{ID: id})
	if err != nil {
		return false, err
	}
	for _, c := range comments {
		if copilot.HasMarker(adfText(c.Body), marker) {
			return true, nil
		}
	}
	return false, nil
}

// WriteBack adds the note as an internal comment (POST
// /rest/servicedeskapi/request/{id}/comment, public false), then sets the
// request type whose name is the category, and labels: the copilot's, the
// team's and, without a request type for it, the category's (PUT
// /rest/api/3/issue/{id}).
func (s *Source) WriteBack(ctx context.Context, id string, wb copilot.WriteBack) ([]string, error) {
	path, err := issuePath(id)
	if err != nil {
		return nil, err
	}
	if err := s.prepare(ctx); err != nil {
		return nil, err
	}
	if wb.Note != nil {
		u := s.url("/rest/servicedeskapi/request/"+id+"/comment", nil)
		if err := s.c.SendJSON(ctx, http.MethodPost, u, map[string]any{"body": wb.Note.Text, "public": false}, nil); err != nil {
			return nil, fmt.Errorf("jira: %w", err)
		}
	}
	labels := []map[string]string{{"add": CopilotLabel}}
	done := []string{"label " + CopilotLabel}
	upd := map[string]any{}
	if team := wb.Fields.Team; team != "" {
		labels = append(labels, map[string]string{"add": "team-" + slug(team)})
		done = append(done, "label team-"+slug(team))
	}
	if cat := wb.Fields.Category; cat != "" {
		rt, ok, err := s.requestTypeFor(ctx, id, cat)
		if err != nil {
			return nil, err
		}
		if ok {
			upd["fields"] = map[string]any{s.reqType: rt}
			done = append(done, "request type for "+cat)
		} else {
			labels = append(labels, map[string]string{"add": "category-" + slug(cat)})
			done = append(done, "label category-"+slug(cat))
		}
	}
	upd["update"] = map[string]any{"labels": labels}
	if err := s.c.SendJSON(ctx, http.MethodPut, s.url(path, nil), upd, nil); err != nil {
		return nil, fmt.Errorf("jira: %w", err)
	}
	return done, nil
}

var nonLabel = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes a label of a name: "Network/VPN" is network-vpn.
func slug(s string) string {
	return strings.Trim(nonLabel.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

// requestTypeFor finds the request type, of the service desk the issue is
// in, whose name is the category (see copilot.MatchCategory).
func (s *Source) requestTypeFor(ctx context.Context, id, category string) (string, bool, error) {
	if s.reqType == "" {
		return "", false, nil
	}
	desk, err := s.serviceDeskOf(ctx, id)
	if err != nil || desk == "" {
		return "", false, err
	}
	var names, ids []string
	for start := 0; ; {
		q := url.Values{"start": {strconv.Itoa(start)}, "limit": {"100"}}
		var page struct {
			Values []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"values"`
			IsLastPage bool `json:"isLastPage"`
		}
		if err := s.get(ctx, s.url("/rest/servicedeskapi/servicedesk/"+url.PathEscape(desk)+"/requesttype", q), &page); err != nil {
			return "", false, err
		}
		for _, v := range page.Values {
			names, ids = append(names, v.Name), append(ids, v.ID)
		}
		if page.IsLastPage || len(page.Values) == 0 {
			break
		}
		start += len(page.Values)
	}
	name, ok := copilot.MatchCategory(category, names)
	if !ok {
		return "", false, nil
	}
	for i, n := range names {
		if n == name {
			return ids[i], true, nil
		}
	}
	return "", false, nil
}

// serviceDeskOf returns the id of the service desk of the issue's
// project: from its request type when it has one, else from the list of
// service desks; "" when the project is not one.
func (s *Source) serviceDeskOf(ctx context.Context, id string) (string, error) {
	var is struct {
		Fields map[string]json.RawMessage `json:"fields"`
	}
	q := url.Values{"fields": {"project," + s.reqType}}
	if err := s.get(ctx, s.url("/rest/api/3/issue/"+id, q), &is); err != nil {
		return "", err
	}
	var rt struct {
		RequestType *struct {
			ServiceDeskID string `json:"serviceDeskId"`
		} `json:"requestType"`
	}
	if json.Unmarshal(is.Fields[s.reqType], &rt) == nil && rt.RequestType != nil && rt.RequestType.ServiceDeskID != "" {
		return rt.RequestType.ServiceDeskID, nil
	}
	var project struct {
		Key string `json:"key"`
	}
	_ = json.Unmarshal(is.Fields["project"], &project)
	for start := 0; ; {
		var page struct {
			Values []struct {
				ID         string `json:"id"`
				ProjectKey string `json:"projectKey"`
			} `json:"values"`
			IsLastPage bool `json:"isLastPage"`
		}
		if err := s.get(ctx, s.url("/rest/servicedeskapi/servicedesk", url.Values{"start": {strconv.Itoa(start)}}), &page); err != nil {
			return "", err
		}
		for _, v := range page.Values {
			if v.ProjectKey == project.Key && project.Key != "" {
				return v.ID, nil
			}
		}
		if page.IsLastPage || len(page.Values) == 0 {
			return "", nil
		}
		start += len(page.Values)
	}
}
