package confluence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// unknownZoneOverlap is how far back a search starts when the API user's
// time zone is unknown: the widest offset from UTC, so that no change is
// missed whatever zone Confluence reads the date in.
const unknownZoneOverlap = 14 * time.Hour

// cqlDate is the layout of CQL dates: minutes, in the user's zone.
const cqlDate = "2006-01-02 15:04"

// expansions are what a search result carries besides the page's id.
const expansions = "body.storage,version,ancestors,metadata.labels,history,space"

// cursor is where the stream stands: the last change written (Since) and
// the pages changed at that instant that were written (Seen). Each page
// is a search from Since, so that a page edited meanwhile moves behind the
// position instead of shifting a search page under it; Next is the
// search's own cursor to its next page, used only while its pages bring
// nothing new (more pages changed within a minute than a page holds).
type cursor struct {
	Since time.Time `json:"since,omitzero"`
	Seen  []string  `json:"seen,omitempty"`
	Next  string    `json:"next,omitempty"`
}

// fetchPages reads a page of the search for changed pages.
func (s *Source) fetchPages(ctx context.Context, raw string) (*connectors.Page, error) {
	var c cursor
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return nil, fmt.Errorf("confluence: cursor %q is not one of this source's", raw)
		}
	}
	q := url.Values{"cql": {s.cql(c.Since)}, "limit": {strconv.Itoa(s.cfg.PageSize)}, "expand": {expansions}}
	if c.Next != "" {
		q.Set("cursor", c.Next)
	}
	u := s.url("/wiki/rest/api/content/search", q)
	var resp searchPage
	if err := s.get(ctx, u, &resp); err != nil {
		return nil, err
	}
	site := resp.Links.Base
	if site == "" {
		site = s.base + "/wiki"
	}
	page := &connectors.Page{URL: u}
	last, atLast := c.Since, slices.Clone(c.Seen)
	for i, raw := range resp.Results {
		// The position is read apart, so that a page that cannot be read
		// is passed (and reported) once, not searched again and again.
		var pos struct {
			ID      string `json:"id"`
			Version struct {
				When time.Time `json:"when"`
			} `json:"version"`
		}
		if json.Unmarshal(raw, &pos) == nil && pos.ID != "" && !pos.Version.When.IsZero() {
			when := pos.Version.When.UTC()
			switch {
			case when.After(last):
				last, atLast = when, []string{pos.ID}
			case when.Equal(last) && !slices.Contains(atLast, pos.ID):
				atLast = append(atLast, pos.ID)
			}
			if when.Before(c.Since) || when.Equal(c.Since) && slices.Contains(c.Seen, pos.ID) {
				continue // written already
			}
		}
		var ct content
		err := json.Unmarshal(raw, &ct)
		if err == nil && ct.ID == "" {
			err = errors.New("no id")
		}
		if err != nil {
			page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "page" + rawID(raw) + ": " + err.Error()})
			continue
		}
		if ct.Status != "" && ct.Status != "current" {
			page.Deleted = append(page.Deleted, ct.ID)
			continue
		}
		page.Articles = append(page.Articles, s.article(&ct, site))
	}
	if last.After(c.Since) {
		c.Since, c.Seen, c.Next = last, atLast, ""
	} else {
		c.Seen, c.Next = atLast, nextCursor(resp.Links.Next)
	}
	page.Done = resp.Links.Next == ""
	if page.Done {
		c.Next = ""
	}
	b, _ := json.Marshal(c)
	page.Next = string(b)
	return page, nil
}

// cql is the search for the pages of the spaces changed at or after
// since, in the order of their changes. CQL dates are minutes in the
// user's zone: the search starts at since's minute and the pages before
// since are passed.
func (s *Source) cql(since time.Time) string {
	q := s.spaces
	if !since.IsZero() {
		loc := s.zone
		if loc == nil {
			since, loc = since.Add(-unknownZoneOverlap), time.UTC
		}
		q += ` and lastmodified >= "` + since.In(loc).Format(cqlDate) + `"`
	}
	return q + " order by lastmodified asc"
}

// article maps a page to the open article format: its labels and its
// ancestors' titles (the page tree above it) as tags.
func (s *Source) article(ct *content, site string) files.Article {
	var tags []string
	for _, l := range ct.Metadata.Labels.Results {
		tags = append(tags, l.Name)
	}
	for _, a := range ct.Ancestors {
		tags = append(tags, a.Title)
	}
	vis := "internal"
	if ct.Space != nil && s.public[ct.Space.Key] {
		vis = "public"
	}
	body := ""
	if ct.Body.Storage != nil {
		body = storageHTML(ct.Body.Storage.Value)
	}
	created := ct.Version.When
	if ct.History != nil && !ct.History.CreatedDate.IsZero() {
		created = ct.History.CreatedDate
	}
	a := files.Article{ID: ct.ID, Title: ct.Title, Body: body, Format: "html", Visibility: vis, Tags: tags,
		CreatedAt: created, UpdatedAt: ct.Version.When}
	if ct.Links.WebUI != "" {
		a.URL = strings.TrimRight(site, "/") + ct.Links.WebUI
	}
	return a
}

// LiveIDs lists the current pages of the spaces, for the engine to remove
// those trashed, archived or moved out since: no search shows them again.
func (s *Source) LiveIDs(ctx context.Context, kind connectors.Kind) ([]string, bool, error) {
	if kind != connectors.KindArticles {
		return nil, false, nil
	}
	var spaces []string
	err := s.eachListed(ctx, "/wiki/api/v2/spaces", url.Values{"keys": {strings.Join(s.cfg.Spaces, ",")}}, func(id, _ string) {
		spaces = append(spaces, id)
	})
	if err != nil {
		return nil, false, err
	}
	var ids []string
	for _, sp := range spaces {
		err := s.eachListed(ctx, "/wiki/api/v2/spaces/"+url.PathEscape(sp)+"/pages", url.Values{"status": {"current"}}, func(id, status string) {
			if status == "" || status == "current" {
				ids = append(ids, id)
			}
		})
		if err != nil {
			return nil, false, err
		}
	}
	return ids, true, nil
}

// eachListed walks a v2 listing, giving fn the id and status of each
// result. It builds the next URL from the cursor of _links.next rather
// than follow the link, so that credentials only ever go to the site.
func (s *Source) eachListed(ctx context.Context, path string, q url.Values, fn func(id, status string)) error {
	q.Set("limit", "250")
	for {
		u := s.url(path, q)
		var body json.RawMessage
		if err := s.get(ctx, u, &body); err != nil {
			return err
		}
		var l listPage
		if err := json.Unmarshal(body, &l); err != nil {
			return fmt.Errorf("confluence: %w", &connectors.PageError{URL: u, Err: err})
		}
		for _, r := range l.Results {
			if r.ID == "" {
				return fmt.Errorf("confluence: %w", &connectors.PageError{URL: u, Err: errors.New("a result without id")})
			}
			fn(r.ID, r.Status)
		}
		next := nextCursor(l.Links.Next)
		if next == "" || len(l.Results) == 0 {
			return nil
		}
		q.Set("cursor", next)
	}
}

// nextCursor returns the cursor a _links.next link carries, "" for none.
func nextCursor(link string) string {
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return u.Query().Get("cursor")
}

// rawID names a page that could not be decoded by its id, if it has one.
func rawID(raw json.RawMessage) string {
	var v struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(raw, &v) == nil && v.ID != "" {
		return " " + v.ID
	}
	return ""
}
