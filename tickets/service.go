package tickets

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxSubjectLen and MaxBodyLen bound what a ticket may hold, in bytes.
const (
	MaxSubjectLen = 1000
	MaxBodyLen    = 256 << 10
)

// Service applies the desk's rules to tickets: validation, the status
// lifecycle, assignment and the SLA timestamps. It is safe for concurrent
// use.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService returns a Service over store. now is the clock; nil means
// time.Now.
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Store returns the store the service writes to.
func (s *Service) Store() Store { return s.store }

// NewTicket is what a requester (or an agent on their behalf) submits.
type NewTicket struct {
	Subject   string
	Body      string
	Requester string
	Channel   string
	Priority  Priority
	Category  string
	Team      string
	Language  string
	Tags      []string
}

// Create validates and stores a new ticket whose first message is the
// requester's body.
func (s *Service) Create(ctx context.Context, in NewTicket) (*Ticket, error) {
	ve := &ValidationError{}
	in.Subject = strings.TrimSpace(dropNUL(in.Subject))
	in.Body = strings.TrimSpace(dropNUL(in.Body))
	checkText(ve, "subject", in.Subject, MaxSubjectLen)
	checkText(ve, "body", in.Body, MaxBodyLen)
	if in.Subject == "" && in.Body == "" {
		ve.Add("body", "a ticket needs a subject or a body")
	}
	if in.Priority == "" {
		in.Priority = PriorityNormal
	} else if !in.Priority.Valid() {
		ve.Add("priority", "unknown priority %q", in.Priority)
	}
	if err := s.checkLabels(ctx, ve, in.Category, in.Team); err != nil {
		return nil, err
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	t := &Ticket{
		Source: "local", Subject: in.Subject, Status: StatusNew, Priority: in.Priority,
		Category: CleanCategoryPath(in.Category), Team: in.Team, Requester: NormalizeEmail(in.Requester),
		Channel: in.Channel, Language: in.Language, Tags: in.Tags, CreatedAt: now, UpdatedAt: now,
	}
	if in.Body != "" {
		t.Messages = []Message{{Author: AuthorRequester, Body: in.Body, Public: true, CreatedAt: now}}
	}
	if err := s.store.CreateTicket(ctx, t); err != nil {
		return nil, fmt.Errorf("tickets: create: %w", err)
	}
	return t, nil
}

func checkText(ve *ValidationError, field, s string, max int) {
	if len(s) > max {
		ve.Add(field, "longer than %d bytes", max)
	}
	if !utf8.ValidString(s) {
		ve.Add(field, "not valid UTF-8")
	}
}

// checkLabels refuses a category outside the admin's taxonomy and a team that
// does not exist: the desk never invents labels.
func (s *Service) checkLabels(ctx context.Context, ve *ValidationError, category, team string) error {
	if c := CleanCategoryPath(category); c != "" {
		cats, err := s.store.ListCategories(ctx)
		if err != nil {
			return fmt.Errorf("tickets: list categories: %w", err)
		}
		if !hasCategory(cats, c) {
			ve.Add("category", "%q is not in the taxonomy", c)
		}
	}
	if team != "" {
		teams, err := s.store.ListTeams(ctx)
		if err != nil {
			return fmt.Errorf("tickets: list teams: %w", err)
		}
		if !hasTeam(teams, team) {
			ve.Add("team", "no team %q", team)
		}
	}
	return nil
}

func hasCategory(cats []Category, path string) bool {
	for _, c := range cats {
		if c.Path == path {
			return true
		}
	}
	return false
}

func hasTeam(teams []Team, name string) bool {
	for _, t := range teams {
		if t.Name == name {
			return true
		}
	}
	return false
}

// Reply appends a message to ticket id and moves the lifecycle as a help desk
// does: an agent's first public reply starts the work (new -> open) and stops
// the first-response clock; a requester's reply to a pending ticket reopens
// work on it, and to a solved one reopens the ticket.
func (s *Service) Reply(ctx context.Context, id int64, m Message) (*Ticket, error) {
	ve := &ValidationError{}
	m.Body = strings.TrimSpace(dropNUL(m.Body))
	checkText(ve, "body", m.Body, MaxBodyLen)
	if m.Body == "" {
		ve.Add("body", "empty message")
	}
	if !m.Author.Valid() {
		ve.Add("author", "unknown author %q", m.Author)
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	t, err := s.store.GetTicket(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("tickets: reply %d: %w", id, err)
	}
	if t.Status == StatusClosed {
		return nil, fmt.Errorf("tickets: reply %d: ticket is closed: %w", id, ErrConflict)
	}
	now := s.now().UTC()
	m.TicketID, m.CreatedAt = id, now
	switch {
	case m.Author == AuthorAgent && m.Public:
		if t.FirstResponseAt == nil {
			t.FirstResponseAt = &now
		}
		if t.Status == StatusNew {
			t.Status = StatusOpen
		}
	case m.Author == AuthorRequester && t.Status == StatusPending:
		s.setStatus(t, StatusOpen, now)
	case m.Author == AuthorRequester && t.Status == StatusSolved:
		s.setStatus(t, StatusOpen, now)
	}
	if err := s.store.AddMessage(ctx, &m); err != nil {
		return nil, fmt.Errorf("tickets: reply %d: %w", id, err)
	}
	t.UpdatedAt = now
	if err := s.store.UpdateTicket(ctx, t); err != nil {
		return nil, fmt.Errorf("tickets: reply %d: %w", id, err)
	}
	t.Messages = append(t.Messages, m)
	return t, nil
}

// SetStatus moves ticket id to status to, if the lifecycle allows it.
func (s *Service) SetStatus(ctx context.Context, id int64, to Status) (*Ticket, error) {
	if !to.Valid() {
		ve := &ValidationError{}
		ve.Add("status", "unknown status %q", to)
		return nil, ve
	}
	t, err := s.store.GetTicket(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("tickets: set status %d: %w", id, err)
	}
	if t.Status == to {
		return t, nil
	}
	if !CanTransition(t.Status, to) {
		ve := &ValidationError{}
		ve.Add("status", "cannot go from %s to %s", t.Status, to)
		return nil, ve
	}
	now := s.now().UTC()
	s.setStatus(t, to, now)
	t.UpdatedAt = now
	if err := s.store.UpdateTicket(ctx, t); err != nil {
		return nil, fmt.Errorf("tickets: set status %d: %w", id, err)
	}
	return t, nil
}

// setStatus applies a transition's side effects on the SLA timestamps.
func (s *Service) setStatus(t *Ticket, to Status, now time.Time) {
	if t.PendingSince != nil && to != StatusPending {
		t.PausedSeconds += int64(now.Sub(*t.PendingSince) / time.Second)
		t.PendingSince = nil
	}
	switch to {
	case StatusPending:
		t.PendingSince = &now
	case StatusSolved:
		t.ResolvedAt = &now
	case StatusClosed:
		t.ClosedAt = &now
		if t.ResolvedAt == nil {
			t.ResolvedAt = &now
		}
	case StatusOpen:
		if t.Status == StatusSolved {
			t.ReopenCount++
			t.ResolvedAt = nil
		}
	}
	t.Status = to
}

// Fields are the triage fields an agent (or the assistant) may set. Nil
// pointers leave a field as it is.
type Fields struct {
	Category   *string
	Team       *string
	Priority   *Priority
	AssigneeID *int64
	Tags       *[]string
}

// Update sets the triage fields of ticket id; category and team must exist,
// the assignee must be an agent or admin.
func (s *Service) Update(ctx context.Context, id int64, f Fields) (*Ticket, error) {
	ve := &ValidationError{}
	var cat, team string
	if f.Category != nil {
		cat = *f.Category
	}
	if f.Team != nil {
		team = *f.Team
	}
	if err := s.checkLabels(ctx, ve, cat, team); err != nil {
		return nil, err
	}
	if f.Priority != nil && !f.Priority.Valid() {
		ve.Add("priority", "unknown priority %q", *f.Priority)
	}
	if f.AssigneeID != nil && *f.AssigneeID != 0 {
		u, err := s.store.GetUser(ctx, *f.AssigneeID)
		switch {
		case err != nil && !isNotFound(err):
			return nil, fmt.Errorf("tickets: update %d: %w", id, err)
		case err != nil || !u.Role.AtLeast(RoleAgent):
			ve.Add("assignee_id", "no agent with id %d", *f.AssigneeID)
		}
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	t, err := s.store.GetTicket(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("tickets: update %d: %w", id, err)
	}
	if f.Category != nil {
		t.Category = CleanCategoryPath(*f.Category)
	}
	if f.Team != nil {
		t.Team = *f.Team
	}
	if f.Priority != nil {
		t.Priority = *f.Priority
	}
	if f.AssigneeID != nil {
		t.AssigneeID = *f.AssigneeID
	}
	if f.Tags != nil {
		t.Tags = *f.Tags
	}
	t.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateTicket(ctx, t); err != nil {
		return nil, fmt.Errorf("tickets: update %d: %w", id, err)
	}
	return t, nil
}

// dropNUL removes NUL bytes: no message means them and PostgreSQL refuses
// them in text.
func dropNUL(s string) string { return strings.ReplaceAll(s, "\x00", "") }
