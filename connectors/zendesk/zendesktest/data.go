package zendesktest

import (
	"slices"
	"time"
)

// AddSection adds a section and returns it with its id.
func (s *Server) AddSection(sec Section) Section {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec.ID == 0 {
		sec.ID = s.id()
	}
	s.sections = append(s.sections, sec)
	return sec
}

// AddUser adds a user and returns it with its id.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == 0 {
		u.ID = s.id()
	}
	if u.Role == "" {
		u.Role = "end-user"
	}
	s.users[u.ID] = u
	return u
}

// AddGroup adds a group and returns it with its id.
func (s *Server) AddGroup(g Group) Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g.ID == 0 {
		g.ID = s.id()
	}
	s.groups[g.ID] = g
	return g
}

// AddArticle publishes an article (a draft if a.Draft) and returns its id.
func (s *Server) AddArticle(a Article) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.ID == 0 {
		a.ID = s.id()
	}
	if a.SourceLocale == "" {
		a.SourceLocale = "en-us"
	}
	now := s.tick()
	a.CreatedAt, a.UpdatedAt, a.EditedAt = now, now, now
	trs := map[string]Translation{}
	for l, tr := range a.Translations {
		tr.ID, tr.CreatedAt, tr.UpdatedAt = s.id(), now, now
		trs[l] = tr
	}
	a.Translations = trs
	s.articles = append(s.articles, &a)
	return a.ID
}

// UpdateArticle changes an article with fn, as an edit in Guide does.
func (s *Server) UpdateArticle(id int64, fn func(a *Article)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.article(id)
	fn(a)
	now := s.tick()
	a.UpdatedAt, a.EditedAt = now, now
	for l, tr := range a.Translations {
		if tr.ID == 0 {
			tr.ID, tr.CreatedAt = s.id(), now
		}
		tr.UpdatedAt = now
		a.Translations[l] = tr
	}
}

// ArchiveArticle archives an article: it leaves every listing and export.
func (s *Server) ArchiveArticle(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.article(id)
	a.archived, a.UpdatedAt = true, s.tick()
}

func (s *Server) article(id int64) *Article {
	i := slices.IndexFunc(s.articles, func(a *Article) bool { return a.ID == id })
	if i < 0 {
		panic("zendesktest: no article " + itoa(id))
	}
	return s.articles[i]
}

// AddTicket adds a ticket and returns its id. Unset times are filled in:
// created now, comments a minute apart, solved at the last change.
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
	t.UpdatedAt = now
	if t.Channel == "" {
		t.Channel = "web"
	}
	s.fillComments(&t)
	t.Comments = slices.Clone(t.Comments)
	s.tickets = append(s.tickets, &t)
	return t.ID
}

func (s *Server) fillComments(t *Ticket) {
	for i := range t.Comments {
		c := &t.Comments[i]
		if c.ID == 0 {
			c.ID = s.id()
		}
		if c.CreatedAt.IsZero() {
			c.CreatedAt = t.CreatedAt.Add(time.Duration(i) * time.Minute)
		}
	}
	if (t.Status == "solved" || t.Status == "closed") && t.SolvedAt == nil {
		at := t.UpdatedAt
		t.SolvedAt = &at
	}
}

// UpdateTicket changes a ticket with fn (a new comment, a status).
func (s *Server) UpdateTicket(id int64, fn func(t *Ticket)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.ticket(id)
	fn(t)
	t.UpdatedAt = s.tick()
	s.fillComments(t)
}

// DeleteTicket deletes a ticket: the export shows it with status "deleted".
func (s *Server) DeleteTicket(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.ticket(id)
	t.Status, t.UpdatedAt = "deleted", s.tick()
}

func (s *Server) ticket(id int64) *Ticket {
	i := slices.IndexFunc(s.tickets, func(t *Ticket) bool { return t.ID == id })
	if i < 0 {
		panic("zendesktest: no ticket " + itoa(id))
	}
	return s.tickets[i]
}
