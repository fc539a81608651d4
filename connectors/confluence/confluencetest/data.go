package confluencetest

import (
	"slices"
	"strconv"
	"time"
)

// Space is a space.
type Space struct {
	ID   int64
	Key  string
	Name string
}

// Page is a page. Body is in storage format. Status is "current" (the
// default), "trashed" or "archived".
type Page struct {
	ID       int64
	SpaceKey string
	ParentID int64
	Title    string
	Body     string
	Labels   []string
	Status   string
	Version  int
	Created  time.Time
	Updated  time.Time // the current version's
	// Malformed serves the page with a creation date that is not a time.
	Malformed bool
}

// AddSpace adds a space and returns its id.
func (s *Server) AddSpace(key, name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := Space{ID: s.id(), Key: key, Name: name}
	s.spaces = append(s.spaces, sp)
	return sp.ID
}

// AddPage adds a page (version 1) and returns its id.
func (s *Server) AddPage(p Page) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.ID, p.Version = s.id(), 1
	if p.Status == "" {
		p.Status = "current"
	}
	p.Created = s.tick()
	p.Updated = p.Created
	s.pages = append(s.pages, &p)
	return p.ID
}

// UpdatePage changes a page with fn, as an edit does: a new version.
func (s *Server) UpdatePage(id int64, fn func(p *Page)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.page(id)
	fn(p)
	p.Version++
	p.Updated = s.tick()
}

// TrashPage moves a page to the trash: it leaves searches and listings,
// and its last change stays what it was.
func (s *Server) TrashPage(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.page(id).Status = "trashed"
}

// MovePage moves a page to another space, as a move does: without a new
// version.
func (s *Server) MovePage(id int64, spaceKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.page(id)
	p.SpaceKey, p.ParentID = spaceKey, 0
}

func (s *Server) page(id int64) *Page {
	i := slices.IndexFunc(s.pages, func(p *Page) bool { return p.ID == id })
	if i < 0 {
		panic("confluencetest: no page " + strconv.FormatInt(id, 10))
	}
	return s.pages[i]
}

// ancestors returns the pages above p, the root first.
func (s *Server) ancestors(p *Page) []*Page {
	var out []*Page
	for id := p.ParentID; id != 0 && len(out) < 100; {
		i := slices.IndexFunc(s.pages, func(q *Page) bool { return q.ID == id })
		if i < 0 {
			break
		}
		out = append([]*Page{s.pages[i]}, out...)
		id = s.pages[i].ParentID
	}
	return out
}
