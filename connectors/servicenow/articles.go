package servicenow

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// liveStates are the workflow states in which an article is shown to
// readers: a published one, and one published but due to retire. Any
// other (draft, review, retired, outdated: an older version) is no record.
var liveStates = map[string]bool{"published": true, "pending_retirement": true}

// fetchArticles reads a page of kb_knowledge records changed since the
// cursor. Published articles are added or updated; retired, draft and
// outdated ones are deleted.
func (s *Source) fetchArticles(ctx context.Context, cursor string) (*connectors.Page, error) {
	pos, err := parsePosition(cursor)
	if err != nil {
		return nil, err
	}
	q := url.Values{
		"sysparm_query":                  {pos.query(s.scope())},
		"sysparm_fields":                 {articleFields},
		"sysparm_display_value":          {"all"},
		"sysparm_exclude_reference_link": {"true"},
	}
	tp, err := s.list(ctx, "kb_knowledge", q, pos.n, s.cfg.PageSize)
	if err != nil {
		return nil, err
	}
	page := &connectors.Page{URL: tp.URL, Done: !tp.More}
	updated := make([]string, len(tp.Rows))
	for i, raw := range tp.Rows {
		var a kbArticle
		err := json.Unmarshal(raw, &a)
		if err == nil && a.SysID.Value == "" {
			err = fmt.Errorf("no sys_id")
		}
		if err == nil {
			updated[i] = a.UpdatedOn.stamp()
			if !liveStates[a.WorkflowState.Value] {
				page.Deleted = append(page.Deleted, a.SysID.Value)
				continue
			}
			var rec files.Article
			if rec, err = s.articleRecord(&a); err == nil {
				page.Articles = append(page.Articles, rec)
				continue
			}
		}
		page.Problems = append(page.Problems, files.Problem{File: tp.URL, Line: i + 1, Message: "article" + rawName(raw) + ": " + err.Error()})
	}
	page.Next = pos.advance(updated, s.cfg.PageSize, tp.More).String()
	return page, nil
}

// scope is the encoded query that limits articles to the knowledge bases
// synced.
func (s *Source) scope() string {
	if len(s.cfg.KnowledgeBases) == 0 {
		return ""
	}
	return "kb_knowledge_baseIN" + strings.Join(s.cfg.KnowledgeBases, ",")
}

// articleRecord maps a kb_knowledge record to the open article format.
// An article that user criteria or roles restrict to some readers becomes
// internal: it must never answer anyone else.
func (s *Source) articleRecord(a *kbArticle) (files.Article, error) {
	created, err := a.CreatedOn.when()
	if err != nil {
		return files.Article{}, fmt.Errorf("sys_created_on: %w", err)
	}
	updated, err := a.UpdatedOn.when()
	if err != nil {
		return files.Article{}, fmt.Errorf("sys_updated_on: %w", err)
	}
	body, format := a.Text.Value, "html"
	if strings.TrimSpace(body) == "" && a.Wiki.Value != "" {
		body, format = a.Wiki.Value, "text" // wiki markup reads best as text
	}
	vis := "public"
	if a.CanRead.Value != "" || a.Roles.Value != "" {
		vis = "internal"
	}
	var tags []string
	if c := strings.TrimSpace(a.Category.Display); c != "" {
		tags = append(tags, c)
	}
	link := ""
	if a.Number.Value != "" {
		link = s.base + "/kb_view.do?" + url.Values{"sysparm_article": {a.Number.Value}}.Encode()
	}
	return files.Article{
		ID: a.SysID.Value, Title: a.Title.Value, Body: body, Format: format, URL: link, Visibility: vis,
		Language: strings.ToLower(a.Language.Value), Tags: tags, CreatedAt: created, UpdatedAt: updated,
	}, nil
}

// LiveIDs lists the sys_ids of the articles published now in the
// knowledge bases synced, for the engine to remove what left: a deleted
// article, one moved to another knowledge base. Incidents cannot be
// listed so (ok false): a deleted incident stays.
func (s *Source) LiveIDs(ctx context.Context, kind connectors.Kind) ([]string, bool, error) {
	if kind != connectors.KindArticles {
		return nil, false, nil
	}
	filter := "workflow_stateINpublished,pending_retirement"
	if sc := s.scope(); sc != "" {
		filter += "^" + sc
	}
	q := url.Values{"sysparm_query": {filter + "^ORDERBYsys_id"}, "sysparm_fields": {"sys_id"}}
	var ids []string
	for offset := 0; ; offset += max(s.cfg.PageSize, 1000) {
		tp, err := s.list(ctx, "kb_knowledge", q, offset, max(s.cfg.PageSize, 1000))
		if err != nil {
			return nil, false, err
		}
		for _, raw := range tp.Rows {
			var r struct {
				SysID field `json:"sys_id"`
			}
			if err := json.Unmarshal(raw, &r); err != nil || r.SysID.Value == "" {
				return nil, false, fmt.Errorf("servicenow: %w", &connectors.PageError{URL: tp.URL, Err: fmt.Errorf("a record without a sys_id")})
			}
			ids = append(ids, r.SysID.Value)
		}
		if !tp.More {
			return ids, true, nil
		}
	}
}

// rawName names a record that could not be read by its number or sys_id,
// when it has one.
func rawName(raw json.RawMessage) string {
	var v struct {
		SysID  field `json:"sys_id"`
		Number field `json:"number"`
	}
	_ = json.Unmarshal(raw, &v)
	switch {
	case v.Number.Value != "":
		return " " + v.Number.Value
	case v.SysID.Value != "":
		return " " + v.SysID.Value
	}
	return ""
}
