package zendesk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// sectionsTTL is how long section names are reused before they are
// listed again.
const sectionsTTL = 10 * time.Minute

// fetchArticles reads a page of the incremental article export. Its
// cursor is the export's start_time (Unix seconds); the next is the page's
// end_time, the last change of its last article, as Zendesk advises.
func (s *Source) fetchArticles(ctx context.Context, cursor string) (*connectors.Page, error) {
	var start int64
	if cursor != "" {
		var err error
		if start, err = strconv.ParseInt(cursor, 10, 64); err != nil || start < 0 {
			return nil, fmt.Errorf("zendesk: article cursor %q is not a start time", cursor)
		}
	}
	u := s.url("/api/v2/help_center/incremental/articles.json", url.Values{"start_time": {strconv.FormatInt(start, 10)}})
	var resp articleExport
	if err := s.c.GetJSON(ctx, u, &resp); err != nil {
		return nil, fmt.Errorf("zendesk: %w", err)
	}
	page := &connectors.Page{URL: u}
	if len(resp.Articles) > 0 {
		if err := s.loadSections(ctx); err != nil {
			return nil, err
		}
	}
	for i, raw := range resp.Articles {
		var a article
		if err := json.Unmarshal(raw, &a); err != nil {
			page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "article" + rawID(raw) + ": " + err.Error()})
			continue
		}
		if err := s.addArticle(ctx, page, &a); err != nil {
			return nil, err
		}
	}
	next := start
	if len(resp.Articles) > 0 && resp.EndTime > start {
		next = resp.EndTime
	}
	page.Next = strconv.FormatInt(next, 10)
	// The export has no end marker but a missing next page; an end_time
	// that does not move (every article of a full page changed in one
	// second) would page forever, so it ends the stream too.
	page.Done = resp.NextPage == nil || *resp.NextPage == "" || len(resp.Articles) == 0 || next <= start
	return page, nil
}

// addArticle adds an article's records to page, one for each locale
// synced, or its deletions: a draft or missing translation, an article
// moved out of the sections synced.
func (s *Source) addArticle(ctx context.Context, page *connectors.Page, a *article) error {
	locales := s.cfg.Locales
	if len(locales) == 0 {
		locales = []string{strings.ToLower(a.SourceLocale)}
	}
	if len(s.scope) > 0 && !s.scope[a.SectionID] {
		for _, l := range locales {
			page.Deleted = append(page.Deleted, articleID(a.ID, l))
		}
		return nil
	}
	var trs []translation
	fetched := false
	for _, l := range locales {
		tr, ok := translation{Locale: a.Locale, HTMLURL: a.HTMLURL, Title: a.Title, Body: a.Body, Draft: a.Draft,
			CreatedAt: a.CreatedAt, UpdatedAt: a.EditedAt}, strings.EqualFold(a.Locale, l)
		if !ok {
			if !fetched {
				var err error
				if trs, err = s.translations(ctx, a.ID); err != nil {
					return err
				}
				fetched = true
			}
			i := slices.IndexFunc(trs, func(t translation) bool { return strings.EqualFold(t.Locale, l) })
			if ok = i >= 0; ok {
				tr = trs[i]
			}
		}
		if !ok || tr.Draft {
			page.Deleted = append(page.Deleted, articleID(a.ID, l))
			continue
		}
		page.Articles = append(page.Articles, s.articleRecord(a, &tr, l))
	}
	return nil
}

// articleRecord maps a translation of a to the open article format.
// Articles restricted to a user segment (signed-in users, agents, some
// organizations) become internal: they must never answer anyone.
func (s *Source) articleRecord(a *article, tr *translation, locale string) files.Article {
	vis := "public"
	if a.UserSegmentID != nil || len(a.UserSegmentIDs) > 0 {
		vis = "internal"
	}
	tags := slices.Clone(a.LabelNames)
	if name := s.names[a.SectionID]; name != "" {
		tags = append(tags, name)
	}
	updated := tr.UpdatedAt
	if updated.IsZero() {
		updated = a.UpdatedAt
	}
	body := ""
	if tr.Body != nil {
		body = *tr.Body
	}
	return files.Article{
		ID: articleID(a.ID, locale), Title: tr.Title, Body: body, Format: "html", URL: tr.HTMLURL,
		Visibility: vis, Language: language(locale), Tags: tags, CreatedAt: a.CreatedAt, UpdatedAt: updated,
	}
}

// articleID is the external id of an article in a locale: "360001-en-us".
func articleID(id int64, locale string) string {
	return strconv.FormatInt(id, 10) + "-" + strings.ToLower(locale)
}

// language turns a Help Center locale into the language the desk filters
// and analyses by: "en-us" -> "en".
func language(locale string) string {
	l, _, _ := strings.Cut(strings.ToLower(locale), "-")
	return l
}

// translations lists the locales of an article.
func (s *Source) translations(ctx context.Context, id int64) ([]translation, error) {
	var out []translation
	u := s.url(fmt.Sprintf("/api/v2/help_center/articles/%d/translations.json", id), nil)
	for page := 1; ; page++ {
		var l translationList
		if err := s.c.GetJSON(ctx, u, &l); err != nil {
			return nil, fmt.Errorf("zendesk: %w", err)
		}
		out = append(out, l.Translations...)
		if l.NextPage == nil || *l.NextPage == "" || len(l.Translations) == 0 {
			return out, nil
		}
		u = s.url(fmt.Sprintf("/api/v2/help_center/articles/%d/translations.json", id), url.Values{"page": {strconv.Itoa(page + 1)}})
	}
}

// loadSections lists the sections, for their names, unless listed lately.
func (s *Source) loadSections(ctx context.Context) error {
	if s.names != nil && s.clock.Now().Sub(s.namesAt) < sectionsTTL {
		return nil
	}
	names := map[int64]string{}
	err := s.eachCursorPage(ctx, "/api/v2/help_center/sections.json", nil, func(body []byte) (cursorPage, error) {
		var l sectionList
		err := json.Unmarshal(body, &l)
		for _, sec := range l.Sections {
			names[sec.ID] = sec.Name
		}
		return l.cursorPage, err
	})
	if err != nil {
		return err
	}
	s.names, s.namesAt = names, s.clock.Now()
	return nil
}

// LiveIDs lists the articles published now, in the locales and sections
// synced, for the engine to remove what was archived since: the
// incremental export never shows an archived article again.
func (s *Source) LiveIDs(ctx context.Context, kind connectors.Kind) ([]string, bool, error) {
	if kind != connectors.KindArticles {
		return nil, false, nil
	}
	locales := s.cfg.Locales
	if len(locales) == 0 {
		locales = []string{""} // the default listing; each article under its source locale
	}
	var ids []string
	for _, l := range locales {
		path := "/api/v2/help_center/articles.json"
		if l != "" {
			path = "/api/v2/help_center/" + url.PathEscape(l) + "/articles.json"
		}
		err := s.eachCursorPage(ctx, path, nil, func(body []byte) (cursorPage, error) {
			var list articleList
			err := json.Unmarshal(body, &list)
			for _, a := range list.Articles {
				if len(s.scope) > 0 && !s.scope[a.SectionID] {
					continue
				}
				switch {
				case l != "" && !a.Draft:
					ids = append(ids, articleID(a.ID, l))
				case l == "" && !(a.Draft && strings.EqualFold(a.Locale, a.SourceLocale)):
					ids = append(ids, articleID(a.ID, a.SourceLocale))
				}
			}
			return list.cursorPage, err
		})
		if err != nil {
			return nil, false, err
		}
	}
	return ids, true, nil
}

// eachCursorPage walks a list with cursor pagination (page[size],
// page[after]), giving fn each page's body. It builds the next URL from
// the after cursor rather than follow links.next, so that credentials only
// ever go to the configured origin. An after cursor that does not move
// would page forever: it is a broken page.
func (s *Source) eachCursorPage(ctx context.Context, path string, q url.Values, fn func(body []byte) (cursorPage, error)) error {
	if q == nil {
		q = url.Values{}
	}
	q.Set("page[size]", "100")
	for {
		u := s.url(path, q)
		var body json.RawMessage
		if err := s.c.GetJSON(ctx, u, &body); err != nil {
			return fmt.Errorf("zendesk: %w", err)
		}
		meta, err := fn(body)
		if err == nil && meta.Meta.HasMore && meta.Meta.AfterCursor != "" && meta.Meta.AfterCursor == q.Get("page[after]") {
			err = fmt.Errorf("after cursor %q again", meta.Meta.AfterCursor)
		}
		if err != nil {
			return fmt.Errorf("zendesk: %w", &connectors.PageError{URL: u, Err: err})
		}
		if !meta.Meta.HasMore || meta.Meta.AfterCursor == "" {
			return nil
		}
		q.Set("page[after]", meta.Meta.AfterCursor)
	}
}

// rawID names a record that could not be decoded by its id, if it has one.
func rawID(raw json.RawMessage) string {
	var v struct {
		ID json.Number `json:"id"`
	}
	if json.Unmarshal(raw, &v) == nil && v.ID != "" {
		return " " + v.ID.String()
	}
	return ""
}
