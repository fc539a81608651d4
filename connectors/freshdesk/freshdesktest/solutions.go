package freshdesktest

import (
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// listCategories serves GET /api/v2/solutions/categories.
func (s *Server) listCategories(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var items []any
	for _, c := range s.categories {
		j := map[string]any{"id": c.ID, "name": c.Name, "description": nil, "created_at": c.UpdatedAt, "updated_at": c.UpdatedAt}
		if s.service() {
			j["position"], j["default_category"], j["visible_in_portals"] = 1, false, []int64{}
		} else {
			j["visible_in_portals"] = []int64{1}
		}
		items = append(items, j)
	}
	s.mu.Unlock()
	s.writeList(w, r, "categories", items)
}

// listFolders serves Freshdesk's GET /api/v2/solutions/categories/{id}/folders
// (top-level folders) and /folders/{id}/subfolders, and Freshservice's
// GET /api/v2/solutions/folders?category_id= (every folder of the
// category, each naming its parent).
func (s *Server) listFolders(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keep func(f *Folder) bool
	switch {
	case s.service():
		cat, err := strconv.ParseInt(r.URL.Query().Get("category_id"), 10, 64)
		if err != nil {
			invalid(w, "category_id", "It should be a/an Positive Integer", "missing_field")
			return
		}
		keep = func(f *Folder) bool { return f.CategoryID == cat }
	case strings.HasSuffix(r.URL.Path, "/subfolders"):
		parent, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if !slices.ContainsFunc(s.folders, func(f *Folder) bool { return f.ID == parent }) {
			writeJSON(w, http.StatusNotFound, map[string]any{"code": "not_found", "message": "Folder not found"})
			return
		}
		keep = func(f *Folder) bool { return f.ParentID == parent }
	default:
		cat, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		keep = func(f *Folder) bool { return f.CategoryID == cat && f.ParentID == 0 }
	}
	var items []any
	for _, f := range s.folders {
		if !keep(f) {
			continue
		}
		j := map[string]any{"id": f.ID, "name": f.Name, "description": nil, "visibility": f.Visibility,
			"created_at": f.UpdatedAt, "updated_at": f.UpdatedAt}
		if f.ParentID != 0 {
			j["parent_folder_id"] = f.ParentID
		}
		if s.service() {
			j["category_id"], j["position"], j["default_folder"] = f.CategoryID, 1, false
			if f.ParentID == 0 {
				j["parent_folder_id"] = nil
			}
		}
		items = append(items, j)
	}
	s.writeList(w, r, "folders", items)
}

// listArticles serves Freshdesk's GET /api/v2/solutions/folders/{id}/articles
// (articles whole) and Freshservice's GET /api/v2/solutions/articles?folder_id=
// (without their description).
func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if s.service() {
		id = r.URL.Query().Get("folder_id")
	}
	fid, err := strconv.ParseInt(id, 10, 64)
	s.mu.Lock()
	i := slices.IndexFunc(s.folders, func(f *Folder) bool { return f.ID == fid })
	if err != nil || i < 0 {
		s.mu.Unlock()
		writeJSON(w, http.StatusNotFound, map[string]any{"code": "not_found", "message": "Folder not found"})
		return
	}
	var items []any
	for _, a := range s.articles {
		if a.FolderID == fid && !a.deleted {
			items = append(items, s.articleJSON(a, s.folders[i], !s.service()))
		}
	}
	s.mu.Unlock()
	s.writeList(w, r, "articles", items)
}

// showArticle serves GET /api/v2/solutions/articles/{id}.
func (s *Server) showArticle(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.articles, func(a *Article) bool { return a.ID == id && !a.deleted })
	if i < 0 {
		writeJSON(w, http.StatusNotFound, map[string]any{"code": "not_found", "message": "Article not found"})
		return
	}
	a := s.articles[i]
	var f *Folder
	if j := slices.IndexFunc(s.folders, func(f *Folder) bool { return f.ID == a.FolderID }); j >= 0 {
		f = s.folders[j]
	}
	j := s.articleJSON(a, f, true)
	if s.service() {
		writeJSON(w, http.StatusOK, map[string]any{"article": j})
		return
	}
	writeJSON(w, http.StatusOK, j)
}

// articleJSON is an article as the API writes it, with its description
// when whole.
func (s *Server) articleJSON(a *Article, f *Folder, whole bool) map[string]any {
	j := map[string]any{"id": a.ID, "title": a.Title, "status": a.Status, "folder_id": a.FolderID,
		"created_at": a.CreatedAt, "updated_at": a.UpdatedAt, "tags": nonNil(a.Tags), "thumbs_up": 0, "thumbs_down": 0}
	if f != nil {
		j["category_id"] = f.CategoryID
	}
	if s.service() {
		j["article_type"], j["position"], j["approval_status"], j["views"], j["user_id"] = 1, 1, nil, 0, 1
		j["modified_at"], j["keywords"], j["url"] = a.UpdatedAt, []string{}, nil
		if f != nil {
			j["folder_visibility"] = f.Visibility
		}
	} else {
		j["type"], j["agent_id"], j["hits"], j["feedback_count"], j["seo_data"] = 1, 1, 0, 0, map[string]any{}
	}
	if whole {
		j["description"], j["description_text"] = a.Body, plain(a.Body)
	}
	if a.Malformed {
		j["created_at"] = "yesterday, around noon"
	}
	return j
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plain is the text of an HTML body, as the API's *_text fields give it.
func plain(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(h, " "))), " ")
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
