package zendesktest

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// articleJSON is an article as the Help Center API writes it.
type articleJSON struct {
	ID                int64     `json:"id"`
	URL               string    `json:"url"`
	HTMLURL           string    `json:"html_url"`
	AuthorID          int64     `json:"author_id"`
	CommentsDisabled  bool      `json:"comments_disabled"`
	Draft             bool      `json:"draft"`
	Promoted          bool      `json:"promoted"`
	Position          int       `json:"position"`
	VoteSum           int       `json:"vote_sum"`
	VoteCount         int       `json:"vote_count"`
	SectionID         int64     `json:"section_id"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	EditedAt          time.Time `json:"edited_at"`
	Name              string    `json:"name"`
	Title             string    `json:"title"`
	SourceLocale      string    `json:"source_locale"`
	Locale            string    `json:"locale"`
	Outdated          bool      `json:"outdated"`
	OutdatedLocales   []string  `json:"outdated_locales"`
	PermissionGroupID int64     `json:"permission_group_id"`
	UserSegmentID     *int64    `json:"user_segment_id"`
	UserSegmentIDs    []int64   `json:"user_segment_ids"`
	ContentTagIDs     []string  `json:"content_tag_ids"`
	LabelNames        []string  `json:"label_names"`
	Body              string    `json:"body"`
}

// view returns a in locale, and whether it has that locale.
func (s *Server) view(a *Article, locale string) (articleJSON, bool) {
	j := articleJSON{
		ID: a.ID, URL: fmt.Sprintf("%s/api/v2/help_center/%s/articles/%d.json", s.URL, a.SourceLocale, a.ID),
		HTMLURL: fmt.Sprintf("%s/hc/%s/articles/%d", s.URL, a.SourceLocale, a.ID), AuthorID: 1, Draft: a.Draft,
		SectionID: a.SectionID, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, EditedAt: a.EditedAt, Name: a.Title,
		Title: a.Title, SourceLocale: a.SourceLocale, Locale: a.SourceLocale, OutdatedLocales: []string{}, PermissionGroupID: 1,
		UserSegmentID: a.UserSegmentID, UserSegmentIDs: []int64{}, ContentTagIDs: []string{}, LabelNames: nonNil(a.Labels), Body: a.Body,
	}
	if a.UserSegmentID != nil {
		j.UserSegmentIDs = []int64{*a.UserSegmentID}
	}
	if locale == "" || strings.EqualFold(locale, a.SourceLocale) {
		return j, true
	}
	tr, ok := a.Translations[strings.ToLower(locale)]
	if !ok {
		return j, false
	}
	j.Locale, j.Name, j.Title, j.Body, j.Draft, j.EditedAt = strings.ToLower(locale), tr.Title, tr.Title, tr.Body, tr.Draft, tr.UpdatedAt
	j.URL = fmt.Sprintf("%s/api/v2/help_center/%s/articles/%d.json", s.URL, j.Locale, a.ID)
	j.HTMLURL = fmt.Sprintf("%s/hc/%s/articles/%d", s.URL, j.Locale, a.ID)
	return j, true
}

// incrementalArticles serves GET /api/v2/help_center/incremental/articles:
// every article changed at or after start_time, drafts included (the
// caller is an agent), oldest change first; next_page starts at the
// page's end_time, and is null on the last page.
func (s *Server) incrementalArticles(w http.ResponseWriter, r *http.Request) {
	start, err := strconv.ParseInt(r.URL.Query().Get("start_time"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidValue", "start_time must be a Unix time")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var changed []*Article
	for _, a := range s.articles {
		if !a.archived && a.UpdatedAt.Unix() >= start {
			changed = append(changed, a)
		}
	}
	slices.SortFunc(changed, func(a, b *Article) int {
		return cmp.Or(a.UpdatedAt.Compare(b.UpdatedAt), cmp.Compare(a.ID, b.ID))
	})
	page := changed[:min(len(changed), s.ArticlePageSize)]
	out := make([]articleJSON, 0, len(page))
	end := start
	for _, a := range page {
		j, _ := s.view(a, "")
		out = append(out, j)
		end = a.UpdatedAt.Unix()
	}
	var next any
	if len(page) < len(changed) {
		next = fmt.Sprintf("%s/api/v2/help_center/incremental/articles.json?start_time=%d", s.URL, end)
	}
	writeJSON(w, http.StatusOK, map[string]any{"articles": out, "next_page": next, "end_time": end, "count": len(out)})
}

// listArticles serves GET /api/v2/help_center[/{locale}]/articles: the
// articles that have the locale, in it.
func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	locale := r.PathValue("locale")
	s.mu.Lock()
	var items []any
	for _, a := range s.articles {
		if a.archived {
			continue
		}
		if j, ok := s.view(a, locale); ok {
			items = append(items, j)
		}
	}
	s.mu.Unlock()
	s.paginate(w, r, "articles", items)
}

// listSections serves GET /api/v2/help_center[/{locale}]/sections.
func (s *Server) listSections(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var items []any
	for _, sec := range s.sections {
		items = append(items, map[string]any{
			"id": sec.ID, "url": fmt.Sprintf("%s/api/v2/help_center/en-us/sections/%d.json", s.URL, sec.ID),
			"html_url": fmt.Sprintf("%s/hc/en-us/sections/%d", s.URL, sec.ID), "category_id": sec.CategoryID,
			"position": 0, "sorting": "manual", "created_at": s.now, "updated_at": s.now, "name": sec.Name,
			"description": "", "locale": "en-us", "source_locale": "en-us", "outdated": false,
			"parent_section_id": nil, "theme_template": "section_page",
		})
	}
	s.mu.Unlock()
	s.paginate(w, r, "sections", items)
}

// listTranslations serves GET /api/v2/help_center/articles/{id}/translations.
func (s *Server) listTranslations(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.articles, func(a *Article) bool { return a.ID == id && !a.archived })
	if i < 0 {
		writeError(w, http.StatusNotFound, "RecordNotFound", "Not found")
		return
	}
	a := s.articles[i]
	locales := []string{a.SourceLocale}
	for l := range a.Translations {
		locales = append(locales, l)
	}
	slices.Sort(locales[1:])
	var out []map[string]any
	for _, l := range locales {
		j, _ := s.view(a, l)
		tid := a.ID + 1_000_000
		if tr, ok := a.Translations[l]; ok {
			tid = tr.ID
		}
		out = append(out, map[string]any{
			"id": tid, "url": j.URL, "html_url": j.HTMLURL, "source_id": a.ID, "source_type": "Article", "locale": l,
			"title": j.Title, "body": j.Body, "outdated": false, "draft": j.Draft, "hidden": false,
			"created_at": a.CreatedAt, "updated_at": j.EditedAt, "updated_by_id": 1, "created_by_id": 1,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"translations": out, "next_page": nil, "previous_page": nil, "count": len(out)})
}

// paginate serves items under key: with cursor pagination when the
// request has page[size] (meta and links), with offset pagination (page,
// per_page, next_page) otherwise.
func (s *Server) paginate(w http.ResponseWriter, r *http.Request, key string, items []any) {
	status, body := s.pageOf(r, key, items)
	writeJSON(w, status, body)
}

// pageOf returns the status and body of the page of items r asks for.
func (s *Server) pageOf(r *http.Request, key string, items []any) (int, map[string]any) {
	q := r.URL.Query()
	if size := q.Get("page[size]"); size != "" {
		n, err := strconv.Atoi(size)
		if err != nil || n <= 0 {
			return http.StatusBadRequest, errorJSON("InvalidPaginationParameter", "page[size] must be a positive number")
		}
		n = min(n, s.ListPageSize)
		from := 0
		if after := q.Get("page[after]"); after != "" {
			b, err := base64.RawURLEncoding.DecodeString(after)
			if from, err = strconv.Atoi(string(b)); err != nil {
				return http.StatusBadRequest, errorJSON("InvalidPaginationParameter", "page[after] is not a cursor")
			}
		}
		from = min(from, len(items))
		to := min(from+n, len(items))
		cursor := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(to)))
		links := map[string]any{"prev": nil, "next": nil}
		if to < len(items) {
			q.Set("page[after]", cursor)
			links["next"] = s.URL + r.URL.Path + "?" + q.Encode()
		}
		return http.StatusOK, map[string]any{key: nonNilAny(items[from:to]),
			"meta": map[string]any{"has_more": to < len(items), "after_cursor": cursor, "before_cursor": nil}, "links": links}
	}
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 || per > 100 {
		per = 30
	}
	pg, _ := strconv.Atoi(q.Get("page"))
	pg = max(pg, 1)
	from := min((pg-1)*per, len(items))
	to := min(from+per, len(items))
	var next, prev any
	if to < len(items) {
		next = s.URL + r.URL.Path + "?" + url.Values{"page": {strconv.Itoa(pg + 1)}, "per_page": {strconv.Itoa(per)}}.Encode()
	}
	if pg > 1 {
		prev = s.URL + r.URL.Path + "?" + url.Values{"page": {strconv.Itoa(pg - 1)}, "per_page": {strconv.Itoa(per)}}.Encode()
	}
	return http.StatusOK, map[string]any{key: nonNilAny(items[from:to]), "page": pg, "per_page": per,
		"page_count": (len(items) + per - 1) / per, "count": len(items), "next_page": next, "previous_page": prev}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilAny(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
