package servicenowtest

import (
	"fmt"
	"slices"
	"time"
)

// User is a sys_user record.
type User struct {
	SysID, UserName, Name, Email string
}

// Group is a sys_user_group record: an assignment group.
type Group struct {
	SysID, Name string
}

// Category is a kb_category record.
type Category struct {
	SysID, Label string
}

// Article is a kb_knowledge record.
type Article struct {
	SysID, Number string
	Title, Text   string
	// State is the workflow_state: draft, review, published,
	// pending_retirement, retired or outdated (default published).
	State         string
	CategoryID    string
	KnowledgeBase string // a kb_knowledge_base sys_id
	// CanRead lists user criteria sys_ids (can_read_user_criteria): set,
	// only those users may read the article.
	CanRead   string
	Language  string // default "en"
	CreatedOn time.Time
	UpdatedOn time.Time
	// Malformed serves the article with a sys_updated_on that is not a
	// date-time.
	Malformed bool
}

// Incident is an incident record.
type Incident struct {
	SysID, Number         string
	ShortDescription      string
	Description           string
	State                 string // 1 New ... 8 Canceled
	Priority              string // 1 Critical ... 5 Planning
	Category, Subcategory string // choice values
	CallerID              string // a User's SysID
	AssignmentGroup       string // a Group's SysID
	ContactType           string // email, phone, self-service...
	CloseNotes            string
	OpenedAt, ResolvedAt  time.Time
	ClosedAt              time.Time
	CreatedOn, UpdatedOn  time.Time
}

// JournalEntry is a sys_journal_field record: an additional comment
// (Element "comments") or a work note ("work_notes") on an incident.
type JournalEntry struct {
	SysID     string
	Element   string
	ElementID string // the incident's sys_id
	Value     string
	CreatedBy string // the author's user name
	CreatedOn time.Time
}

// AddUser adds a user and returns it with its sys_id.
func (s *Server) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.SysID == "" {
		u.SysID = s.sysID()
	}
	s.users = append(s.users, &u)
	return u
}

// AddGroup adds an assignment group and returns it with its sys_id.
func (s *Server) AddGroup(g Group) Group {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g.SysID == "" {
		g.SysID = s.sysID()
	}
	s.groups = append(s.groups, &g)
	return g
}

// AddCategory adds a knowledge category and returns it with its sys_id.
func (s *Server) AddCategory(c Category) Category {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.SysID == "" {
		c.SysID = s.sysID()
	}
	s.categories = append(s.categories, &c)
	return c
}

// AddChoice sets the label of a choice value of table.field, as
// sys_choice does: AddChoice("incident", "subcategory", "vpn", "VPN").
// Values without a label show as themselves.
func (s *Server) AddChoice(table, field, value, label string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.choices[table+"."+field+"="+value] = label
}

// AddArticle adds an article and returns its sys_id.
func (s *Server) AddArticle(a Article) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.SysID == "" {
		a.SysID = s.sysID()
	}
	if a.Number == "" {
		a.Number = fmt.Sprintf("KB%07d", 10000+len(s.articles)+1)
	}
	if a.State == "" {
		a.State = "published"
	}
	if a.Language == "" {
		a.Language = "en"
	}
	now := s.tick()
	a.CreatedOn, a.UpdatedOn = now, now
	s.articles = append(s.articles, &a)
	return a.SysID
}

// UpdateArticle changes an article with fn (a new text, a new state).
func (s *Server) UpdateArticle(id string, fn func(a *Article)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.articles[s.indexOf(id, func(i int) string { return s.articles[i].SysID }, len(s.articles))]
	fn(a)
	a.UpdatedOn = s.tick()
}

// DeleteArticle deletes an article outright: it leaves every listing.
func (s *Server) DeleteArticle(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.indexOf(id, func(i int) string { return s.articles[i].SysID }, len(s.articles))
	s.articles = slices.Delete(s.articles, i, i+1)
}

// AddIncident adds an incident and returns its sys_id and number.
func (s *Server) AddIncident(inc Incident) (sysID, number string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if inc.SysID == "" {
		inc.SysID = s.sysID()
	}
	if inc.Number == "" {
		inc.Number = fmt.Sprintf("INC%07d", 10000+len(s.incidents)+1)
	}
	now := s.tick()
	inc.CreatedOn, inc.UpdatedOn = now, now
	if inc.OpenedAt.IsZero() {
		inc.OpenedAt = now
	}
	s.incidents = append(s.incidents, &inc)
	return inc.SysID, inc.Number
}

// UpdateIncident changes an incident with fn (a state, a group).
func (s *Server) UpdateIncident(id string, fn func(inc *Incident)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inc := s.incident(id)
	fn(inc)
	inc.UpdatedOn = s.tick()
}

// Comment adds a journal entry to an incident, as the form does: element
// "comments" (additional comments) or "work_notes", by the user named.
func (s *Server) Comment(incidentID, element, userName, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inc := s.incident(incidentID)
	now := s.tick()
	s.journal = append(s.journal, &JournalEntry{SysID: s.sysID(), Element: element, ElementID: inc.SysID,
		Value: text, CreatedBy: userName, CreatedOn: now})
	inc.UpdatedOn = now
}

// Hide makes the integration user's ACLs hide a record: it is counted in
// X-Total-Count and offsets, and left out of the pages, as the real API
// does.
func (s *Server) Hide(sysID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hidden[sysID] = true
}

func (s *Server) incident(id string) *Incident {
	return s.incidents[s.indexOf(id, func(i int) string { return s.incidents[i].SysID }, len(s.incidents))]
}

func (s *Server) indexOf(id string, key func(i int) string, n int) int {
	for i := range n {
		if key(i) == id {
			return i
		}
	}
	panic("servicenowtest: no record " + id)
}
