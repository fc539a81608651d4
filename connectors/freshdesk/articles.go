package freshdesk

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// foldersTTL is how long the folder tree is reused before it is listed
// again.
const foldersTTL = 10 * time.Minute

// folderInfo is a folder with what the walk needs of its ancestors.
type folderInfo struct {
	folder
	path    []string  // category name, parent folders, the folder's name
	public  bool      // visible to everyone, as are all its ancestors
	changed time.Time // last change of the folder or an ancestor
}

// articleCursor is where the article walk stands. The API has no listing
// of changed articles: each walk lists every folder, a page per folder,
// and writes the articles changed at or after Since (or in a folder that
// changed: its visibility or name may be theirs now).
// Seen and SeenFolders are the articles and folders changed at Since that
// the last walk wrote, not to be written again.
type articleCursor struct {
	Since        time.Time `json:"since,omitzero"`
	Seen         []int64   `json:"seen,omitempty"`
	SeenFolders  []int64   `json:"seen_folders,omitempty"`
	Max          time.Time `json:"max,omitzero"` // latest change seen by this walk
	AtMax        []int64   `json:"at_max,omitempty"`
	FoldersAtMax []int64   `json:"folders_at_max,omitempty"`
	Start        time.Time `json:"start,omitzero"` // when this walk began; zero between walks
	After        int64     `json:"after,omitempty"`
}

// walkState is what a walk this Source ran from its first folder learned:
// the published articles in scope, all of them once it is complete, for
// the reconciliation to use without listing them again.
type walkState struct {
	live     []string
	fresh    bool
	complete bool
}

// fetchArticles writes the changed articles of the next folder of the
// walk, folders taken in the order of their ids.
func (s *Source) fetchArticles(ctx context.Context, cursor string) (*connectors.Page, error) {
	c, err := decodeCursor[articleCursor](cursor)
	if err != nil {
		return nil, err
	}
	if c.Start.IsZero() {
		c.Start, c.Max, c.AtMax, c.FoldersAtMax, c.After = s.clock.Now().UTC(), time.Time{}, nil, nil, 0
		s.walk = &walkState{fresh: true}
	} else if s.walk == nil {
		s.walk = &walkState{}
	}
	folders, err := s.loadFolders(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(folders, func(f folderInfo) bool { return f.ID > c.After })
	if i < 0 {
		return s.endWalk(&connectors.Page{URL: s.url("/api/v2/solutions/categories", nil)}, c), nil
	}
	f := folders[i]
	page := &connectors.Page{}
	if err := s.folderArticles(ctx, &f, &c, page); err != nil {
		return nil, err
	}
	c.After = f.ID
	if i == len(folders)-1 {
		return s.endWalk(page, c), nil
	}
	page.Next = encodeCursor(c)
	return page, nil
}

// endWalk ends the stream: the next walk starts at the watermark.
func (s *Source) endWalk(page *connectors.Page, c articleCursor) *connectors.Page {
	page.Done = true
	next := articleCursor{Since: watermark(c.Since, c.Max, c.Start)}
	switch {
	case next.Since.Equal(c.Max):
		next.Seen, next.SeenFolders = c.AtMax, c.FoldersAtMax
	case next.Since.Equal(c.Since):
		next.Seen, next.SeenFolders = c.Seen, c.SeenFolders
	}
	page.Next = encodeCursor(next)
	s.walk.complete = s.walk.fresh
	return page
}

// folderArticles adds a folder's changed articles to page, and its drafts
// as deletions: a published article turned draft leaves the desk.
func (s *Source) folderArticles(ctx context.Context, f *folderInfo, c *articleCursor, page *connectors.Page) error {
	noteMax(&c.Max, &c.FoldersAtMax, f.changed, f.ID)
	folderChanged := changedSince(f.changed, f.ID, c.Since, c.SeenFolders)
	return s.eachArticle(ctx, f, func(u string, i int, raw json.RawMessage) error {
		if page.URL == "" {
			page.URL = u
		}
		var a article
		if err := json.Unmarshal(raw, &a); err != nil {
			page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "article" + rawID(raw) + ": " + err.Error()})
			return nil
		}
		id := strconv.FormatInt(a.ID, 10)
		if a.Status != statusPublished {
			page.Deleted = append(page.Deleted, id)
			return nil
		}
		s.walk.live = append(s.walk.live, id)
		noteMax(&c.Max, &c.AtMax, a.UpdatedAt, a.ID)
		if !folderChanged && !changedSince(a.UpdatedAt, a.ID, c.Since, c.Seen) {
			return nil
		}
		if a.Description == nil {
			full, err := s.article(ctx, a.ID)
			var he *connectors.HTTPError
			switch {
			case errors.As(err, &he) && he.Status == http.StatusNotFound:
				page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "article " + id + ": not found (deleted since listed?)"})
				return nil
			case err != nil:
				return err
			}
			a.Description = full.Description
		}
		page.Articles = append(page.Articles, s.articleRecord(&a, f))
		return nil
	})
}

// eachArticle lists the articles of a folder, giving fn each record with
// its page's URL and place.
func (s *Source) eachArticle(ctx context.Context, f *folderInfo, fn func(u string, i int, raw json.RawMessage) error) error {
	path, q := fmt.Sprintf("/api/v2/solutions/folders/%d/articles", f.ID), url.Values(nil)
	if s.service() {
		path, q = "/api/v2/solutions/articles", url.Values{"folder_id": {strconv.FormatInt(f.ID, 10)}}
	}
	return s.eachPage(ctx, path, q, "articles", func(u string, items []json.RawMessage) error {
		for i, raw := range items {
			if err := fn(u, i, raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// article fetches an article whole.
func (s *Source) article(ctx context.Context, id int64) (*article, error) {
	u := s.url(fmt.Sprintf("/api/v2/solutions/articles/%d", id), nil)
	var body json.RawMessage
	if err := s.c.GetJSON(ctx, u, &body); err != nil {
		return nil, fmt.Errorf("freshdesk: %w", err)
	}
	var a article
	if err := itemOf(body, "article", s.service(), &a); err != nil {
		return nil, fmt.Errorf("freshdesk: %w", &connectors.PageError{URL: u, Err: err})
	}
	return &a, nil
}

// articleRecord maps an article to the open article format. An article
// in a folder restricted to anyone (signed-in users, agents, companies,
// groups) becomes internal: it must never answer anyone.
func (s *Source) articleRecord(a *article, f *folderInfo) files.Article {
	vis := "internal"
	if f.public {
		vis = "public"
	}
	body := ""
	if a.Description != nil {
		body = *a.Description
	}
	id := strconv.FormatInt(a.ID, 10)
	return files.Article{
		ID: id, Title: a.Title, Body: body, Format: "html", URL: s.base + "/support/solutions/articles/" + id,
		Visibility: vis, Tags: append(slices.Clone(a.Tags), f.path...), CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}
}

// loadFolders lists the folders of the categories in scope, subfolders
// included, sorted by id, unless listed lately.
func (s *Source) loadFolders(ctx context.Context) ([]folderInfo, error) {
	if s.folders != nil && s.clock.Now().Sub(s.foldersAt) < foldersTTL {
		return s.folders, nil
	}
	var cats []category
	err := s.eachPage(ctx, "/api/v2/solutions/categories", nil, "categories", func(u string, items []json.RawMessage) error {
		return decodeAll(u, items, &cats)
	})
	if err != nil {
		return nil, err
	}
	out := []folderInfo{}
	for _, cat := range cats {
		if len(s.scope) > 0 && !s.scope[cat.ID] {
			continue
		}
		parent := folderInfo{path: []string{cat.Name}, public: true, changed: cat.UpdatedAt}
		path, q := fmt.Sprintf("/api/v2/solutions/categories/%d/folders", cat.ID), url.Values(nil)
		if s.service() {
			path, q = "/api/v2/solutions/folders", url.Values{"category_id": {strconv.FormatInt(cat.ID, 10)}}
		}
		if out, err = s.addFolders(ctx, out, path, q, &parent); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b folderInfo) int { return cmp.Compare(a.ID, b.ID) })
	s.folders, s.foldersAt = out, s.clock.Now()
	return out, nil
}

// addFolders adds the folders listed at path, children of parent, and
// their subfolders, to out. Freshdesk lists subfolders apart, Freshservice
// with the category's folders, each naming its parent.
func (s *Source) addFolders(ctx context.Context, out []folderInfo, path string, q url.Values, parent *folderInfo) ([]folderInfo, error) {
	var list []folder
	err := s.eachPage(ctx, path, q, "folders", func(u string, items []json.RawMessage) error {
		return decodeAll(u, items, &list)
	})
	var he *connectors.HTTPError
	if errors.As(err, &he) && he.Status == http.StatusNotFound && parent.ID != 0 {
		return out, nil // an account without subfolders
	}
	if err != nil {
		return nil, err
	}
	if s.service() {
		return addTree(out, list, parent), nil
	}
	for _, f := range list {
		if walked(out, f.ID) {
			continue // listed inside itself or twice: walked once
		}
		fi := parent.child(f)
		out = append(out, fi)
		if out, err = s.addFolders(ctx, out, fmt.Sprintf("/api/v2/solutions/folders/%d/subfolders", f.ID), nil, &fi); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// addTree adds the folders of list whose parent is parent (0: the
// category), and theirs, to out.
func addTree(out []folderInfo, list []folder, parent *folderInfo) []folderInfo {
	for _, f := range list {
		var p int64
		if f.ParentFolderID != nil {
			p = *f.ParentFolderID
		}
		if p != parent.ID || walked(out, f.ID) {
			continue
		}
		fi := parent.child(f)
		out = append(out, fi)
		out = addTree(out, list, &fi)
	}
	return out
}

// walked reports whether the folder id is in out already: a folder that
// is its own ancestor, or listed twice, must not be walked forever.
func walked(out []folderInfo, id int64) bool {
	return slices.ContainsFunc(out, func(f folderInfo) bool { return f.ID == id })
}

// child returns f as a child of p: restricted when either is, changed
// when either changed.
func (p *folderInfo) child(f folder) folderInfo {
	return folderInfo{folder: f, path: append(slices.Clone(p.path), f.Name),
		public: p.public && f.Visibility == 1, changed: maxTime(p.changed, f.UpdatedAt)}
}

// LiveIDs lists the published articles in scope now, for the engine to
// remove what was deleted since: the walk of this run when it covered
// every folder, a new listing otherwise. Tickets are not listed whole:
// their deletions come from the trash.
func (s *Source) LiveIDs(ctx context.Context, kind connectors.Kind) ([]string, bool, error) {
	if kind != connectors.KindArticles {
		return nil, false, nil
	}
	if s.walk != nil && s.walk.complete {
		return s.walk.live, true, nil
	}
	folders, err := s.loadFolders(ctx)
	if err != nil {
		return nil, false, err
	}
	var ids []string
	for i := range folders {
		err := s.eachArticle(ctx, &folders[i], func(u string, _ int, raw json.RawMessage) error {
			var a struct {
				ID     int64 `json:"id"`
				Status int   `json:"status"`
			}
			if err := json.Unmarshal(raw, &a); err != nil {
				return fmt.Errorf("freshdesk: %w", &connectors.PageError{URL: u, Err: err})
			}
			if a.Status == statusPublished {
				ids = append(ids, strconv.FormatInt(a.ID, 10))
			}
			return nil
		})
		if err != nil {
			return nil, false, err
		}
	}
	return ids, true, nil
}

// decodeAll decodes the records of a page into out, or fails with the
// page: categories and folders shape the walk, so none may be skipped.
func decodeAll[T any](u string, items []json.RawMessage, out *[]T) error {
	for _, raw := range items {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("freshdesk: %w", &connectors.PageError{URL: u, Err: err})
		}
		*out = append(*out, v)
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// noteMax notes a change at t of the record id, the latest of the walk
// (at) or one of them (ids).
func noteMax(at *time.Time, ids *[]int64, t time.Time, id int64) {
	switch {
	case t.After(*at):
		*at, *ids = t.UTC(), []int64{id}
	case t.Equal(*at) && !slices.Contains(*ids, id):
		*ids = append(*ids, id)
	}
}

// changedSince reports whether the record id, changed at t, changed at or
// after since and was not written at since already.
func changedSince(t time.Time, id int64, since time.Time, seen []int64) bool {
	return t.After(since) || t.Equal(since) && !slices.Contains(seen, id)
}
