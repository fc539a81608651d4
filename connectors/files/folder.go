package files

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"deskpilot/retrieval"
)

// documentExts maps the extensions of files read as one article each to
// their format.
var documentExts = map[string]string{
	".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".txt": "text",
}

// readDocumentFile reads one Markdown, HTML or text file as an article:
// front matter may set any field, the title defaults to the first heading
// or <title>, the id to the path below root.
func readDocumentFile(root, path string, max int) (*Article, []Problem, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if info.Size() > int64(max) {
		return nil, nil, fmt.Errorf("file is %d bytes, over the limit of %d bytes: skipped", info.Size(), max)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var warn []Problem
	if !utf8.Valid(raw) {
		raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
		warn = append(warn, Problem{path, 0, "invalid UTF-8 replaced with U+FFFD"})
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	front, body, line, err := splitFrontMatter(raw)
	if err != nil {
		return nil, warn, fmt.Errorf("front matter at line %d: %w", line, err)
	}
	a := &Article{Format: documentExts[strings.ToLower(filepath.Ext(path))], Body: string(body)}
	if err := applyFrontMatter(a, front); err != nil {
		return nil, warn, fmt.Errorf("front matter: %w", err)
	}
	if a.ID == "" {
		rel, err := filepath.Rel(root, path)
		if err != nil || rel == "." {
			rel = filepath.Base(path)
		}
		a.ID = filepath.ToSlash(rel)
	}
	if a.Title == "" {
		a.Title = firstTitle(a.Body, a.Format)
	}
	if a.Title == "" {
		a.Title = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	if a.CreatedAt.IsZero() && a.UpdatedAt.IsZero() {
		a.UpdatedAt = info.ModTime().UTC().Truncate(time.Second)
	}
	return a, warn, nil
}

// splitFrontMatter separates YAML between leading "---" lines from the body.
func splitFrontMatter(raw []byte) (front, body []byte, line int, err error) {
	if !bytes.HasPrefix(raw, []byte("---\n")) && !bytes.HasPrefix(raw, []byte("---\r\n")) {
		return nil, raw, 0, nil
	}
	rest := raw[bytes.IndexByte(raw, '\n')+1:]
	for off, n := 0, 2; off < len(rest); n++ {
		end := bytes.IndexByte(rest[off:], '\n')
		lineBytes := rest[off:]
		if end >= 0 {
			lineBytes = rest[off : off+end]
		}
		if l := bytes.TrimRight(lineBytes, "\r"); string(l) == "---" || string(l) == "..." {
			if end < 0 {
				return rest[:off], nil, n, nil
			}
			return rest[:off], rest[off+end+1:], n, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, nil, 1, fmt.Errorf("no closing ---")
}

// applyFrontMatter sets an article's fields from YAML front matter.
func applyFrontMatter(a *Article, front []byte) error {
	if len(bytes.TrimSpace(front)) == 0 {
		return nil
	}
	var m map[string]any
	if err := yaml.Unmarshal(front, &m); err != nil {
		return err
	}
	str := func(k string) string {
		if v, ok := m[k]; ok && v != nil {
			return strings.TrimSpace(fmt.Sprint(v))
		}
		return ""
	}
	for k, dst := range map[string]*string{"id": &a.ID, "title": &a.Title, "url": &a.URL, "visibility": &a.Visibility, "language": &a.Language} {
		if v := str(k); v != "" {
			*dst = v
		}
	}
	if v := str("format"); v != "" {
		a.Format = v
	}
	switch tags := m["tags"].(type) {
	case []any:
		for _, t := range tags {
			a.Tags = append(a.Tags, fmt.Sprint(t))
		}
	case string:
		a.Tags = splitTags(tags)
	}
	for k, dst := range map[string]*time.Time{"created_at": &a.CreatedAt, "updated_at": &a.UpdatedAt} {
		switch v := m[k].(type) {
		case time.Time:
			*dst = v.UTC()
		case string:
			t, err := parseTime(v)
			if err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			*dst = t
		}
	}
	return nil
}

var (
	htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	htmlH1    = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`)
	htmlTag   = regexp.MustCompile(`(?s)<[^>]*>`)
)

// firstTitle finds a document's own title: the first Markdown heading, the
// HTML <title> or first <h1>, or the first line of a text file.
func firstTitle(body, format string) string {
	switch format {
	case "html":
		for _, re := range []*regexp.Regexp{htmlTitle, htmlH1} {
			if m := re.FindStringSubmatch(body); m != nil {
				if t := strings.Join(strings.Fields(htmlUnescape(htmlTag.ReplaceAllString(m[1], ""))), " "); t != "" {
					return t
				}
			}
		}
		return ""
	case "markdown":
		for _, l := range strings.Split(body, "\n") {
			if l = strings.TrimSpace(l); strings.HasPrefix(l, "#") {
				if t := strings.TrimSpace(strings.TrimLeft(l, "#")); t != "" {
					return t
				}
			}
		}
		return ""
	}
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return retrieval.Truncate(l, 200)
		}
	}
	return ""
}

func htmlUnescape(s string) string {
	r := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ")
	return r.Replace(s)
}

// walkFolder lists, in a stable order, the files below root that can be
// imported: documents and JSONL/CSV exports. Hidden files are skipped.
func walkFolder(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && d.Type().IsRegular() && importable(name) {
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

func importable(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	_, doc := documentExts[ext]
	return doc || ext == ".jsonl" || ext == ".ndjson" || ext == ".csv"
}
