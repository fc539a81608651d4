package freshdesktest

import (
	"slices"
	"strconv"
	"time"
)

// AddCategory adds a solution category and returns its id.
func (s *Server) AddCategory(name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &Category{ID: s.id(), Name: name, UpdatedAt: s.tick()}
	s.categories = append(s.categories, c)
	return c.ID
}

// AddFolder adds a folder (a subfolder when f.ParentID is set) and
// returns its id.
func (s *Server) AddFolder(f Folder) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.ID == 0 {
		f.ID = s.id()
	}
	if f.Visibility == 0 {
		f.Visibility = 1
	}
	f.UpdatedAt = s.tick()
	s.folders = append(s.folders, &f)
	return f.ID
}

// UpdateFolder changes a folder with fn (its visibility, its name).
func (s *Server) UpdateFolder(id int64, fn func(f *Folder)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.folders, func(f *Folder) bool { return f.ID == id })
	if i < 0 {
		panic("freshdesktest: no folder " + itoa(id))
	}
	fn(s.folders[i])
	s.folders[i].UpdatedAt = s.tick()
}

// AddArticle adds an article (published unless a.Status says 1) and
// returns its id.
func (s *Server) AddArticle(a Article) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.ID == 0 {
		a.ID = s.id()
	}
	if a.Status == 0 {
		a.Status = 2
	}
	now := s.tick()
	a.CreatedAt, a.UpdatedAt = now, now
	s.articles = append(s.articles, &a)
	return a.ID
}

// UpdateArticle changes an article with fn, as an edit in the portal does.
func (s *Server) UpdateArticle(id int64, fn func(a *Article)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.article(id)
	fn(a)
	a.UpdatedAt = s.tick()
}

// DeleteArticle deletes an article: it leaves every listing.
func (s *Server) DeleteArticle(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.article(id).deleted = true
}

func (s *Server) article(id int64) *Article {
	i := slices.IndexFunc(s.articles, func(a *Article) bool { return a.ID == id && !a.deleted })
	if i < 0 {
		panic("freshdesktest: no article " + itoa(id))
	}
	return s.articles[i]
}

// AddGroup adds an agent group and returns its id.
func (s *Server) AddGroup(name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := Group{ID: s.id(), Name: name}
	s.groups = append(s.groups, g)
	return g.ID
}

// AddContact adds a requester or an agent and returns its id.
func (s *Server) AddContact(name, email string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := Contact{ID: s.id(), Name: name, Email: email}
	s.contacts[c.ID] = c
	return c.ID
}

// AddTicket adds a ticket and returns its id. Unset times are filled in:
// created now, conversations a minute apart, resolved at the last change.
func (s *Server) AddTicket(t Ticket) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.ID == 0 {
		t.ID = s.id()
	}
	now := s.tick()
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now
	}
	if t.UpdatedAt.IsZero() {
		t.UpdatedAt = now
	}
	if t.Status == 0 {
		t.Status = 2
	}
	if t.Priority == 0 {
		t.Priority = 1
	}
	if t.Source == 0 {
		t.Source = 2
	}
	t.Conversations = slices.Clone(t.Conversations)
	s.fill(&t)
	s.tickets = append(s.tickets, &t)
	return t.ID
}

func (s *Server) fill(t *Ticket) {
	for i := range t.Conversations {
		c := &t.Conversations[i]
		if c.ID == 0 {
			c.ID = s.id()
		}
		if c.CreatedAt.IsZero() {
			c.CreatedAt = t.CreatedAt.Add(time.Duration(i+1) * time.Minute)
		}
	}
	if (t.Status == 4 || t.Status == 5) && t.ResolvedAt == nil {
		at := t.UpdatedAt
		t.ResolvedAt = &at
	}
}

// UpdateTicket changes a ticket with fn (a reply, a status, spam).
func (s *Server) UpdateTicket(id int64, fn func(t *Ticket)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.ticket(id)
	fn(t)
	t.UpdatedAt = s.tick()
	s.fill(t)
}

// DeleteTicket moves a ticket to the trash.
func (s *Server) DeleteTicket(id int64) {
	s.UpdateTicket(id, func(t *Ticket) { t.Deleted = true })
}

func (s *Server) ticket(id int64) *Ticket {
	i := slices.IndexFunc(s.tickets, func(t *Ticket) bool { return t.ID == id })
	if i < 0 {
		panic("freshdesktest: no ticket " + itoa(id))
	}
	return s.tickets[i]
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
