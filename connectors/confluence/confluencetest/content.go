package confluencetest

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// stamp is the layout of Confluence's timestamps.
const stamp = "2006-01-02T15:04:05.000Z07:00"

// query is a parsed CQL query: the subset this fake understands.
type query struct {
	spaces []string
	since  time.Time
}

var (
	spacesRE   = regexp.MustCompile(`^space in \(((?:"[^"]+",?)+)\)$`)
	modifiedRE = regexp.MustCompile(`^lastmodified >= "(\d{4}-\d{2}-\d{2} \d{2}:\d{2})"$`)
)

// parseCQL reads `space in (...) and type = page [and lastmodified >=
// "yyyy-MM-dd HH:mm"] order by lastmodified asc`, dates in the user's
// zone.
func parseCQL(cql string) (query, error) {
	var q query
	where, order, ok := strings.Cut(cql, " order by ")
	if !ok || order != "lastmodified asc" {
		return q, fmt.Errorf("unsupported order in %q", cql)
	}
	loc, _ := time.LoadLocation(TimeZone)
	typed := false
	for _, clause := range strings.Split(where, " and ") {
		if m := spacesRE.FindStringSubmatch(clause); m != nil {
			for _, k := range strings.Split(m[1], ",") {
				q.spaces = append(q.spaces, strings.Trim(k, `"`))
			}
		} else if m := modifiedRE.FindStringSubmatch(clause); m != nil {
			q.since, _ = time.ParseInLocation("2006-01-02 15:04", m[1], loc)
		} else if clause == "type = page" {
			typed = true
		} else {
			return q, fmt.Errorf("could not parse cql: %s", clause)
		}
	}
	if len(q.spaces) == 0 || !typed {
		return q, fmt.Errorf("the query must name spaces and type = page")
	}
	return q, nil
}

// search serves GET /wiki/rest/api/content/search: the current pages the
// CQL selects, oldest change first, with the expansions asked for, a page
// at a time from cursor.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	q, err := parseCQL(params.Get("cql"))
	if err != nil {
		writeV1Error(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []*Page
	for _, p := range s.pages {
		if p.Status == "current" && slices.Contains(q.spaces, p.SpaceKey) && !p.Updated.Before(q.since) {
			list = append(list, p)
		}
	}
	slices.SortFunc(list, func(a, b *Page) int { return cmp.Or(a.Updated.Compare(b.Updated), cmp.Compare(a.ID, b.ID)) })
	expand := strings.Split(params.Get("expand"), ",")
	items, next, ok := s.pageOf(r, len(list))
	if !ok {
		writeV1Error(w, http.StatusBadRequest, "invalid cursor")
		return
	}
	results := []any{}
	for _, i := range items {
		results = append(results, s.contentJSON(list[i], expand))
	}
	links := map[string]any{"base": s.URL + "/wiki", "context": "/wiki", "self": s.URL + "/wiki" + strings.TrimPrefix(r.URL.RequestURI(), "/wiki")}
	if next != "" {
		links["next"] = next
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": results, "start": 0, "limit": len(items), "size": len(results), "_links": links})
}

// pageOf returns the indexes, among n items, of the page r asks for
// (limit, cursor), and the link to the next page, relative to /wiki for
// v1 and absolute for v2, as Confluence writes them.
func (s *Server) pageOf(r *http.Request, n int) ([]int, string, bool) {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 25
	}
	limit = min(limit, s.MaxResults)
	from := 0
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if from, err = strconv.Atoi(strings.TrimPrefix(string(b), "next:")); err != nil {
			return nil, "", false
		}
	}
	from = min(from, n)
	to := min(from+limit, n)
	var idx []int
	for i := from; i < to; i++ {
		idx = append(idx, i)
	}
	if to == n {
		return idx, "", true
	}
	q.Set("cursor", base64.RawURLEncoding.EncodeToString([]byte("next:"+strconv.Itoa(to))))
	path := r.URL.Path
	if strings.HasPrefix(path, "/wiki/rest/") {
		path = strings.TrimPrefix(path, "/wiki")
	}
	return idx, path + "?" + q.Encode(), true
}

// contentJSON is a page as the v1 API writes it, with its expansions.
func (s *Server) contentJSON(p *Page, expand []string) map[string]any {
	id := strconv.FormatInt(p.ID, 10)
	j := map[string]any{"id": id, "type": "page", "status": p.Status, "title": p.Title,
		"_links": map[string]any{"webui": fmt.Sprintf("/spaces/%s/pages/%d/%s", p.SpaceKey, p.ID, url.QueryEscape(p.Title)),
			"self": s.URL + "/wiki/rest/api/content/" + id, "tinyui": "/x/" + id}}
	agent := map[string]any{"type": "known", "accountId": "agent-1", "accountType": "atlassian", "displayName": "API agent"}
	for _, e := range expand {
		switch e {
		case "space":
			i := slices.IndexFunc(s.spaces, func(sp Space) bool { return sp.Key == p.SpaceKey })
			if i >= 0 {
				j["space"] = map[string]any{"id": s.spaces[i].ID, "key": p.SpaceKey, "name": s.spaces[i].Name, "type": "global", "status": "current"}
			}
		case "history":
			created := p.Created.Format(stamp)
			if p.Malformed {
				created = "yesterday, around noon"
			}
			j["history"] = map[string]any{"latest": true, "createdBy": agent, "createdDate": created}
		case "version":
			j["version"] = map[string]any{"by": agent, "when": p.Updated.Format(stamp), "number": p.Version, "minorEdit": false, "message": ""}
		case "ancestors":
			anc := []any{}
			for _, a := range s.ancestors(p) {
				anc = append(anc, map[string]any{"id": strconv.FormatInt(a.ID, 10), "type": "page", "status": a.Status, "title": a.Title})
			}
			j["ancestors"] = anc
		case "body.storage":
			j["body"] = map[string]any{"storage": map[string]any{"value": p.Body, "representation": "storage"}}
		case "metadata.labels":
			labels := []any{}
			for i, l := range p.Labels {
				labels = append(labels, map[string]any{"prefix": "global", "name": l, "id": strconv.Itoa(7000 + i), "label": l})
			}
			j["metadata"] = map[string]any{"labels": map[string]any{"results": labels, "start": 0, "limit": 200, "size": len(labels)}}
		}
	}
	return j
}

// currentUser serves GET /wiki/rest/api/user/current: the API user, with
// its zone.
func (s *Server) currentUser(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"type": "known", "accountId": "agent-1", "accountType": "atlassian", "email": Email,
		"publicName": "API agent", "displayName": "API agent", "timeZone": TimeZone, "isExternalCollaborator": false})
}

// listSpaces serves GET /wiki/api/v2/spaces, filtered by keys.
func (s *Server) listSpaces(w http.ResponseWriter, r *http.Request) {
	keys := strings.Split(r.URL.Query().Get("keys"), ",")
	s.mu.Lock()
	var list []Space
	for _, sp := range s.spaces {
		if r.URL.Query().Get("keys") == "" || slices.Contains(keys, sp.Key) {
			list = append(list, sp)
		}
	}
	s.mu.Unlock()
	idx, next, ok := s.pageOf(r, len(list))
	if !ok {
		writeV2Error(w, http.StatusBadRequest, "INVALID_REQUEST_PARAMETER", "Invalid cursor")
		return
	}
	results := []any{}
	for _, i := range idx {
		sp := list[i]
		results = append(results, map[string]any{"id": strconv.FormatInt(sp.ID, 10), "key": sp.Key, "name": sp.Name, "type": "global",
			"status": "current", "authorId": "agent-1", "createdAt": s.now.Format(stamp), "_links": map[string]any{"webui": "/spaces/" + sp.Key}})
	}
	s.writeList(w, results, next)
}

// listPages serves GET /wiki/api/v2/spaces/{id}/pages, filtered by status.
func (s *Server) listPages(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	i := slices.IndexFunc(s.spaces, func(sp Space) bool { return sp.ID == id })
	if i < 0 {
		s.mu.Unlock()
		writeV2Error(w, http.StatusNotFound, "NOT_FOUND", "Space not found")
		return
	}
	status := cmp.Or(r.URL.Query().Get("status"), "current")
	var list []*Page
	for _, p := range s.pages {
		if p.SpaceKey == s.spaces[i].Key && slices.Contains(strings.Split(status, ","), p.Status) {
			list = append(list, p)
		}
	}
	s.mu.Unlock()
	idx, next, ok := s.pageOf(r, len(list))
	if !ok {
		writeV2Error(w, http.StatusBadRequest, "INVALID_REQUEST_PARAMETER", "Invalid cursor")
		return
	}
	results := []any{}
	for _, k := range idx {
		p := list[k]
		results = append(results, map[string]any{"id": strconv.FormatInt(p.ID, 10), "status": p.Status, "title": p.Title,
			"spaceId": strconv.FormatInt(id, 10), "parentId": strconv.FormatInt(p.ParentID, 10), "parentType": "page",
			"authorId": "agent-1", "createdAt": p.Created.Format(stamp),
			"version": map[string]any{"number": p.Version, "createdAt": p.Updated.Format(stamp), "authorId": "agent-1"}})
	}
	s.writeList(w, results, next)
}

// writeList writes a v2 listing, with the link to its next page; v2 sends
// it in a Link header too.
func (s *Server) writeList(w http.ResponseWriter, results []any, next string) {
	links := map[string]any{"base": s.URL + "/wiki"}
	if next != "" {
		links["next"] = next
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next"`, next))
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": results, "_links": links})
}
