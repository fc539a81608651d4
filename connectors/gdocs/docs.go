package gdocs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
)

// cursor is where the stream stands: documents modified after Since (RFC
// 3339, "" for all), and, while a sync pages through them, the listing's
// next page token and the latest modification seen so far.
type cursor struct {
	Since string `json:"since,omitempty"`
	Page  string `json:"page,omitempty"`
	Max   string `json:"max,omitempty"`
}

func parseCursor(s string) (cursor, error) {
	var c cursor
	if s == "" {
		return c, nil
	}
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		return c, fmt.Errorf("gdocs: cursor %q is not a position: %w", s, err)
	}
	for _, t := range []string{c.Since, c.Max} {
		if _, err := time.Parse(time.RFC3339Nano, t); t != "" && err != nil {
			return c, fmt.Errorf("gdocs: cursor %q: %q is not a time", s, t)
		}
	}
	return c, nil
}

func (c cursor) String() string {
	if c == (cursor{}) {
		return ""
	}
	b, _ := json.Marshal(c)
	return string(b)
}

// driveTime is how Drive writes times, and how a query compares them.
const driveTime = "2006-01-02T15:04:05.000Z07:00"

// fileList is a page of GET /drive/v3/files.
type fileList struct {
	NextPageToken string             `json:"nextPageToken"`
	Files         *[]json.RawMessage `json:"files"`
}

// file is a Drive file, with the fields asked for.
type file struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	MimeType     string    `json:"mimeType"`
	CreatedTime  time.Time `json:"createdTime"`
	ModifiedTime time.Time `json:"modifiedTime"`
	WebViewLink  string    `json:"webViewLink"`
	Trashed      bool      `json:"trashed"`
}

// listFields is files.list's fields parameter.
const listFields = "nextPageToken,files(id,name,mimeType,createdTime,modifiedTime,webViewLink,trashed)"

// fetchDocs reads a page of the documents modified since the cursor, in
// order of modification, and exports each.
func (s *Source) fetchDocs(ctx context.Context, cur string) (*connectors.Page, error) {
	c, err := parseCursor(cur)
	if err != nil {
		return nil, err
	}
	q := s.query()
	if c.Since != "" {
		q += " and modifiedTime > '" + c.Since + "'"
	}
	params := s.listParams(q, listFields, s.cfg.PageSize)
	params.Set("orderBy", "modifiedTime")
	if c.Page != "" {
		params.Set("pageToken", c.Page)
	}
	u := s.base + "/drive/v3/files?" + params.Encode()
	var resp fileList
	if err := s.c.GetJSON(ctx, u, &resp); err != nil {
		return nil, fmt.Errorf("gdocs: %w", err)
	}
	if resp.Files == nil {
		return nil, fmt.Errorf("gdocs: %w", &connectors.PageError{URL: u, Err: errors.New("no files list")})
	}
	page := &connectors.Page{URL: u}
	latest := c.Max
	for i, raw := range *resp.Files {
		problem := func(msg string) {
			page.Problems = append(page.Problems, files.Problem{File: u, Line: i + 1, Message: "document" + rawID(raw) + ": " + msg})
		}
		var f file
		if err := json.Unmarshal(raw, &f); err != nil {
			problem(err.Error())
			continue
		}
		if f.ID == "" {
			problem("no id")
			continue
		}
		if m := f.ModifiedTime.UTC().Format(driveTime); !f.ModifiedTime.IsZero() && (latest == "" || after(m, latest)) {
			latest = m
		}
		if f.Trashed || f.MimeType != "" && f.MimeType != DocumentMIME {
			page.Deleted = append(page.Deleted, f.ID)
			continue
		}
		body, err := s.export(ctx, f.ID)
		if errors.Is(err, errSkip) {
			problem(err.Error())
			continue
		}
		if err != nil {
			return nil, err
		}
		page.Articles = append(page.Articles, s.articleRecord(&f, body))
	}
	if resp.NextPageToken != "" {
		page.Next = cursor{Since: c.Since, Page: resp.NextPageToken, Max: latest}.String()
		return page, nil
	}
	page.Done = true
	page.Next = cursor{Since: latest}.String()
	return page, nil
}

// errSkip marks an export that failed for its document alone: the
// document is reported and the page goes on.
var errSkip = errors.New("export")

// export returns a document's export. A document gone since the listing
// (404) or too large to export is errSkip; anything else fails the page,
// which the next sync fetches again.
func (s *Source) export(ctx context.Context, id string) (string, error) {
	u := s.base + "/drive/v3/files/" + url.PathEscape(id) + "/export?" + url.Values{"mimeType": {s.exportAs}}.Encode()
	var body string
	err := s.c.GetJSON(ctx, u, &body)
	var he *connectors.HTTPError
	switch {
	case err == nil:
		return body, nil
	case errors.As(err, &he) && (he.Status == http.StatusNotFound || he.Status == http.StatusForbidden && strings.Contains(he.Message, "exportSizeLimitExceeded")):
		return "", fmt.Errorf("%w: %s", errSkip, he.Error())
	}
	return "", fmt.Errorf("gdocs: %w", err)
}

// articleRecord maps a document and its export to the open article format.
func (s *Source) articleRecord(f *file, body string) files.Article {
	format := "html"
	if s.exportAs == "text/plain" {
		format = "text"
	}
	title := strings.TrimSpace(f.Name)
	if title == "" {
		title = "Untitled document"
	}
	return files.Article{
		ID: f.ID, Title: title, Body: body, Format: format, URL: f.WebViewLink, Visibility: s.cfg.Visibility,
		CreatedAt: f.CreatedTime, UpdatedAt: f.ModifiedTime,
	}
}

// query is the files.list query of the documents of the folders synced.
func (s *Source) query() string {
	parents := make([]string, len(s.cfg.Folders))
	for i, f := range s.cfg.Folders {
		parents[i] = "'" + f + "' in parents"
	}
	in := strings.Join(parents, " or ")
	if len(parents) > 1 {
		in = "(" + in + ")"
	}
	return in + " and mimeType = '" + DocumentMIME + "' and trashed = false"
}

// listParams are files.list's parameters, shared drives included.
func (s *Source) listParams(q, fields string, size int) url.Values {
	return url.Values{"q": {q}, "fields": {fields}, "pageSize": {strconv.Itoa(size)},
		"supportsAllDrives": {"true"}, "includeItemsFromAllDrives": {"true"}}
}

// LiveIDs lists the documents in the folders now, for the engine to remove
// those trashed, deleted or moved away since: the incremental listing
// never shows them.
func (s *Source) LiveIDs(ctx context.Context, kind connectors.Kind) ([]string, bool, error) {
	if kind != connectors.KindArticles {
		return nil, false, nil
	}
	params := s.listParams(s.query(), "nextPageToken,files(id)", 1000)
	var ids []string
	for {
		u := s.base + "/drive/v3/files?" + params.Encode()
		var resp struct {
			NextPageToken string `json:"nextPageToken"`
			Files         *[]struct {
				ID string `json:"id"`
			} `json:"files"`
		}
		if err := s.c.GetJSON(ctx, u, &resp); err != nil {
			return nil, false, fmt.Errorf("gdocs: %w", err)
		}
		if resp.Files == nil {
			return nil, false, fmt.Errorf("gdocs: %w", &connectors.PageError{URL: u, Err: errors.New("no files list")})
		}
		for _, f := range *resp.Files {
			ids = append(ids, f.ID)
		}
		if resp.NextPageToken == "" {
			return ids, true, nil
		}
		params.Set("pageToken", resp.NextPageToken)
	}
}

// after reports whether RFC 3339 time a is after b.
func after(a, b string) bool {
	ta, err1 := time.Parse(time.RFC3339Nano, a)
	tb, err2 := time.Parse(time.RFC3339Nano, b)
	return err1 == nil && (err2 != nil || ta.After(tb))
}

// rawID names a file that could not be read by its id, if it has one.
func rawID(raw json.RawMessage) string {
	var v struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(raw, &v) == nil && v.ID != "" {
		return " " + v.ID
	}
	return ""
}
