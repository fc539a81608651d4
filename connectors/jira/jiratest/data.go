package jiratest

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Account is a user: Type "customer" for a service desk customer,
// "atlassian" for an agent.
type Account struct {
	ID    string
	Name  string
	Email string
	Type  string
}

// Issue is a service desk request.
type Issue struct {
	ID      int64
	Key     string // PROJECT-n, given by AddIssue
	Project string
	Summary string
	// Description is plain text, served as an ADF document of paragraphs
	// (one per blank-line-separated block); DescriptionADF, when set, is
	// served as it is.
	Description    string
	DescriptionADF map[string]any
	Status         string // a workflow status name: "Waiting for support" (default), "In progress", "Waiting for customer", "Resolved", "Closed", "Canceled"
	Priority       string // "" for none
	ReporterID     string
	RequestType    string
	Team           string
	Labels         []string
	Comments       []Comment
	Created        time.Time
	Updated        time.Time
	Resolved       *time.Time
	// Malformed serves the issue with a created date that is not a time.
	Malformed bool

	deleted bool
}

// Comment is a comment; Public false is an internal note.
type Comment struct {
	ID       int64
	AuthorID string
	Body     string
	Public   bool
	Created  time.Time
}

// statusCategories gives each status its category key.
var statusCategories = map[string]string{
	"Waiting for support": "new", "In progress": "indeterminate", "Waiting for customer": "indeterminate",
	"Pending": "indeterminate", "Resolved": "done", "Closed": "done", "Canceled": "done",
}

// AddAccount adds a user.
func (s *Server) AddAccount(a Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[a.ID] = a
}

// AddIssue adds a request to project and returns its id and key. Unset
// times are filled in: created now, comments a second apart after it,
// resolved at the last change.
func (s *Server) AddIssue(is Issue) (int64, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.keys[is.Project]++
	is.ID, is.Key = s.nextID, fmt.Sprintf("%s-%d", is.Project, s.keys[is.Project])
	if is.Status == "" {
		is.Status = "Waiting for support"
	}
	now := s.tick()
	if is.Created.IsZero() {
		is.Created = now
	}
	is.Updated = now
	is.Comments = slices.Clone(is.Comments)
	s.fill(&is)
	s.issues = append(s.issues, &is)
	return is.ID, is.Key
}

func (s *Server) fill(is *Issue) {
	for i := range is.Comments {
		c := &is.Comments[i]
		if c.ID == 0 {
			s.nextID++
			c.ID = s.nextID
		}
		if c.Created.IsZero() {
			c.Created = is.Created.Add(time.Duration(i+1) * time.Second)
		}
	}
	if statusCategories[is.Status] == "done" && is.Resolved == nil {
		at := is.Updated
		is.Resolved = &at
	}
}

// UpdateIssue changes an issue with fn (a comment, a status).
func (s *Server) UpdateIssue(id int64, fn func(is *Issue)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.issue(id)
	fn(is)
	is.Updated = s.tick()
	s.fill(is)
}

// DeleteIssue deletes an issue: it leaves every search.
func (s *Server) DeleteIssue(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issue(id).deleted = true
}

func (s *Server) issue(id int64) *Issue {
	i := slices.IndexFunc(s.issues, func(is *Issue) bool { return is.ID == id && !is.deleted })
	if i < 0 {
		panic("jiratest: no issue " + strconv.FormatInt(id, 10))
	}
	return s.issues[i]
}
