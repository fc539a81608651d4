package gdocstest

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MIME types of Drive files.
const (
	DocumentMIME    = "application/vnd.google-apps.document"
	SpreadsheetMIME = "application/vnd.google-apps.spreadsheet"
	FolderMIME      = "application/vnd.google-apps.folder"
)

// File is a Drive file: a folder, a Google Doc, a sheet.
type File struct {
	ID       string
	Name     string
	MimeType string // default DocumentMIME
	Parents  []string
	// Text is a document's content, paragraphs separated by blank lines.
	Text         string
	Trashed      bool
	CreatedTime  time.Time
	ModifiedTime time.Time
	// Malformed serves the file with a modifiedTime that is not a time.
	Malformed bool
}

// AddFolder adds a folder and returns its id.
func (s *Server) AddFolder(name string) string {
	return s.AddFile(File{Name: name, MimeType: FolderMIME})
}

// AddFile adds a file (a document unless told) and returns its id.
func (s *Server) AddFile(f File) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	if f.ID == "" {
		f.ID = fmt.Sprintf("1Ab-x_%03d%s", s.seq, strings.Repeat("Q", 30))
	}
	if f.MimeType == "" {
		f.MimeType = DocumentMIME
	}
	now := s.tick()
	f.CreatedTime, f.ModifiedTime = now, now
	f.Parents = slices.Clone(f.Parents)
	s.files = append(s.files, &f)
	return f.ID
}

// UpdateFile changes a file with fn (its text, its name, its parents), as
// an edit does: its modifiedTime moves.
func (s *Server) UpdateFile(id string, fn func(f *File)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.file(id)
	fn(f)
	f.ModifiedTime = s.tick()
}

// MoveFile puts a file in other folders. As in Drive, this does not
// change its modifiedTime.
func (s *Server) MoveFile(id string, parents ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.file(id).Parents = parents
}

// TrashFile moves a file to the trash. As in Drive, this does not change
// its modifiedTime.
func (s *Server) TrashFile(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.file(id).Trashed = true
}

// DeleteFile deletes a file for good.
func (s *Server) DeleteFile(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.files, func(f *File) bool { return f.ID == id })
	s.files = slices.Delete(s.files, i, i+1)
}

func (s *Server) file(id string) *File {
	i := slices.IndexFunc(s.files, func(f *File) bool { return f.ID == id })
	if i < 0 {
		panic("gdocstest: no file " + id)
	}
	return s.files[i]
}

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// fieldsRE reads the fields parameter: "nextPageToken,files(id,name)".
var fieldsRE = regexp.MustCompile(`^((?:[a-zA-Z]+,)*)files\(([a-zA-Z,]+)\)((?:,[a-zA-Z]+)*)$`)

// list serves GET /drive/v3/files.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	match, err := parseQuery(q.Get("q"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid", "Invalid Value: q: "+err.Error())
		return
	}
	top, fileFields := map[string]bool{}, []string{"kind", "id", "name", "mimeType"}
	if f := q.Get("fields"); f != "" {
		m := fieldsRE.FindStringSubmatch(f)
		if m == nil {
			writeError(w, http.StatusBadRequest, "invalidParameter", "Invalid field selection "+f)
			return
		}
		for _, t := range strings.Split(strings.Trim(m[1]+m[3], ","), ",") {
			top[t] = true
		}
		fileFields = strings.Split(m[2], ",")
	} else {
		top["nextPageToken"] = true
	}
	size := 100
	if v := q.Get("pageSize"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size <= 0 {
			writeError(w, http.StatusBadRequest, "invalid", "Invalid value for pageSize")
			return
		}
	}
	size = min(size, s.MaxPageSize)
	from := 0
	if tok := q.Get("pageToken"); tok != "" {
		b, err := base64.RawURLEncoding.DecodeString(tok)
		if from, err = strconv.Atoi(strings.TrimPrefix(string(b), "offset:")); err != nil || !strings.HasPrefix(string(b), "offset:") {
			writeError(w, http.StatusBadRequest, "invalid", "Invalid Value: pageToken")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*File
	for _, f := range s.files {
		if match(f) {
			found = append(found, f)
		}
	}
	if q.Get("orderBy") == "modifiedTime" {
		slices.SortStableFunc(found, func(a, b *File) int { return a.ModifiedTime.Compare(b.ModifiedTime) })
	} else {
		slices.SortStableFunc(found, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })
	}
	from = min(from, len(found))
	to := min(from+size, len(found))
	out := []map[string]any{}
	for _, f := range found[from:to] {
		out = append(out, s.view(f, fileFields))
	}
	body := map[string]any{"files": out}
	if top["kind"] {
		body["kind"] = "drive#fileList"
	}
	if top["incompleteSearch"] {
		body["incompleteSearch"] = false
	}
	if top["nextPageToken"] && to < len(found) {
		body["nextPageToken"] = base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(to)))
	}
	b, _ := json.Marshal(body)
	writeJSON(w, http.StatusOK, string(b))
}

// view is f as Drive writes it, with the fields asked for.
func (s *Server) view(f *File, fields []string) map[string]any {
	all := map[string]any{"kind": "drive#file", "id": f.ID, "name": f.Name, "mimeType": f.MimeType, "parents": f.Parents,
		"trashed": f.Trashed, "createdTime": f.CreatedTime.Format(timeLayout), "modifiedTime": f.ModifiedTime.Format(timeLayout),
		"webViewLink": "https://docs.google.com/document/d/" + f.ID + "/edit?usp=drivesdk"}
	if f.Malformed {
		all["modifiedTime"] = "last Tuesday"
	}
	out := map[string]any{}
	for _, k := range fields {
		if v, ok := all[k]; ok {
			out[k] = v
		}
	}
	return out
}

// export serves GET /drive/v3/files/{id}/export?mimeType=.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	i := slices.IndexFunc(s.files, func(f *File) bool { return f.ID == id })
	var f File
	if i >= 0 {
		f = *s.files[i]
	}
	s.mu.Unlock()
	if i < 0 {
		writeJSON(w, http.StatusNotFound, errorJSON(http.StatusNotFound, "notFound", "File not found: "+id+".", "NOT_FOUND"))
		return
	}
	if f.MimeType != DocumentMIME {
		writeError(w, http.StatusForbidden, "fileNotExportable", "Export only supports Docs Editors files.")
		return
	}
	paras := strings.Split(f.Text, "\n\n")
	switch r.URL.Query().Get("mimeType") {
	case "text/html":
		var b strings.Builder
		fmt.Fprintf(&b, `<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"><style type="text/css">.c1{font-weight:700}</style></head><body class="doc-content"><h1 class="c1"><span>%s</span></h1>`, html.EscapeString(f.Name))
		for _, p := range paras {
			fmt.Fprintf(&b, `<p class="c0"><span>%s</span></p>`, html.EscapeString(p))
		}
		b.WriteString("</body></html>")
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, b.String())
	case "text/plain":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "\ufeff"+f.Name+"\r\n\r\n"+strings.Join(paras, "\r\n\r\n"))
	default:
		writeError(w, http.StatusBadRequest, "badRequest", "The requested conversion is not supported.")
	}
}
