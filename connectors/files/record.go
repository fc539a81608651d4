package files

import (
	"fmt"
	"strings"
	"time"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// Article is one KB article in the open JSONL format of formats.md.
type Article struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Body       string    `json:"body"`
	Format     string    `json:"format,omitempty"`
	URL        string    `json:"url,omitempty"`
	Visibility string    `json:"visibility,omitempty"`
	Language   string    `json:"language,omitempty"`
	Tags       []string  `json:"tags,omitempty"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
}

// Ticket is one historic ticket in the open JSONL format of formats.md.
type Ticket struct {
	ID         string     `json:"id"`
	Subject    string     `json:"subject,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	Status     string     `json:"status,omitempty"`
	Requester  string     `json:"requester,omitempty"`
	Category   string     `json:"category,omitempty"`
	Team       string     `json:"team,omitempty"`
	Priority   string     `json:"priority,omitempty"`
	Language   string     `json:"language,omitempty"`
	Tags       []string   `json:"tags,omitempty"`
	Messages   []Message  `json:"messages"`
	Resolution string     `json:"resolution,omitempty"`
	// Channel is an optional extension: how the ticket came in.
	Channel string `json:"channel,omitempty"`
}

// Message is one entry of a Ticket's conversation.
type Message struct {
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	Public    *bool     `json:"public,omitempty"` // absent means public
}

// IsPublic reports whether the message is public (the default).
func (m Message) IsPublic() bool { return m.Public == nil || *m.Public }

// noNUL drops NUL bytes, which PostgreSQL refuses in text and no article
// or message means to contain.
func noNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "")
}

func noNULs(list []string) []string {
	for i, s := range list {
		list[i] = noNUL(s)
	}
	return list
}

// Document converts an Article into a retrieval.Document of the given
// source, checking the fields formats.md requires and setting ContentHash.
// fallback stands in for missing timestamps.
func (a *Article) Document(source string, fallback time.Time) (*retrieval.Document, error) {
	var problems []string
	// Checked without their NUL bytes: a body of NULs is no body.
	id, title, body := strings.TrimSpace(noNUL(a.ID)), strings.TrimSpace(noNUL(a.Title)), noNUL(a.Body)
	if id == "" {
		problems = append(problems, "id is required")
	}
	if title == "" {
		problems = append(problems, "title is required")
	}
	if strings.TrimSpace(body) == "" {
		problems = append(problems, "body is required")
	}
	format := retrieval.Format(strings.ToLower(a.Format))
	if format == "" {
		format = GuessFormat(body)
	} else if !format.Valid() {
		problems = append(problems, fmt.Sprintf("format %q is not markdown, html or text", a.Format))
	}
	vis := retrieval.Visibility(strings.ToLower(a.Visibility))
	if vis == "" {
		vis = retrieval.Public
	} else if !vis.Valid() {
		problems = append(problems, fmt.Sprintf("visibility %q is not public or internal", a.Visibility))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	d := &retrieval.Document{
		Source: source, ExternalID: id, Title: title, Body: body,
		Format: format, URL: noNUL(a.URL), Visibility: vis, Language: noNUL(a.Language), Tags: noNULs(a.Tags),
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
	}
	// The hash covers what the source gave, before defaults, so that a
	// record without timestamps stays unchanged across re-imports.
	d.ContentHash = d.Hash()
	switch {
	case d.CreatedAt.IsZero() && d.UpdatedAt.IsZero():
		d.CreatedAt, d.UpdatedAt = fallback.UTC(), fallback.UTC()
	case d.CreatedAt.IsZero():
		d.CreatedAt = d.UpdatedAt
	case d.UpdatedAt.IsZero():
		d.UpdatedAt = d.CreatedAt
	}
	return d, nil
}

// GuessFormat tells HTML from Markdown from plain text by their marks.
func GuessFormat(body string) retrieval.Format {
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	lower := strings.ToLower(head)
	for _, tag := range []string{"<p>", "<p ", "<div", "<br", "<h1", "<h2", "<h3", "<ul", "<ol", "<li", "<table", "<a href", "<html", "<span", "<strong", "<em>", "<pre", "<code"} {
		if strings.Contains(lower, tag) {
			return retrieval.FormatHTML
		}
	}
	for _, line := range strings.Split(head, "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "#") && strings.Contains(l, "# ") || strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") ||
			strings.HasPrefix(l, "```") || strings.HasPrefix(l, "1. ") || strings.Contains(l, "](") || strings.Contains(l, "**") {
			return retrieval.FormatMarkdown
		}
	}
	return retrieval.FormatText
}

// DomainTicket converts a Ticket into a tickets.Ticket of the given source,
// checking the fields formats.md requires and setting ContentHash.
func (r *Ticket) DomainTicket(source string) (*tickets.Ticket, error) {
	var problems []string
	id := strings.TrimSpace(noNUL(r.ID)) // checked without NUL bytes, as it is kept
	if id == "" {
		problems = append(problems, "id is required")
	}
	if r.CreatedAt.IsZero() {
		problems = append(problems, "created_at is required")
	}
	if r.Messages == nil {
		problems = append(problems, "messages is required")
	}
	status := tickets.Status(strings.ToLower(r.Status))
	if status == "" {
		status = tickets.StatusNew
		if r.ResolvedAt != nil {
			status = tickets.StatusSolved
		}
	} else if !status.Valid() {
		problems = append(problems, fmt.Sprintf("status %q is not one of new, open, pending, solved, closed", r.Status))
	}
	prio := tickets.Priority(strings.ToLower(r.Priority))
	if prio != "" && !prio.Valid() {
		problems = append(problems, fmt.Sprintf("priority %q is not one of low, normal, high, urgent", r.Priority))
	}
	t := &tickets.Ticket{
		Source: source, ExternalID: id, Subject: noNUL(strings.TrimSpace(r.Subject)), Status: status,
		Priority: prio, Category: noNUL(tickets.CleanCategoryPath(r.Category)), Team: noNUL(strings.TrimSpace(r.Team)),
		Requester: noNUL(tickets.NormalizeEmail(r.Requester)), Channel: noNUL(r.Channel), Language: noNUL(r.Language), Tags: noNULs(r.Tags),
		Resolution: noNUL(r.Resolution), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.CreatedAt.UTC(),
	}
	if r.ResolvedAt != nil {
		at := r.ResolvedAt.UTC()
		t.ResolvedAt, t.UpdatedAt = &at, at
	}
	for i, m := range r.Messages {
		author := tickets.Author(strings.ToLower(m.Author))
		if !author.Valid() {
			problems = append(problems, fmt.Sprintf("messages[%d]: author %q is not requester, agent or system", i, m.Author))
			continue
		}
		at := m.CreatedAt
		if at.IsZero() {
			at = r.CreatedAt
		}
		t.Messages = append(t.Messages, tickets.Message{Author: author, Body: noNUL(m.Body), Public: m.IsPublic(), CreatedAt: at.UTC()})
		if author == tickets.AuthorAgent && m.IsPublic() && t.FirstResponseAt == nil {
			fr := at.UTC()
			t.FirstResponseAt = &fr
		}
		if at.After(t.UpdatedAt) {
			t.UpdatedAt = at.UTC()
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	t.ContentHash = t.Hash()
	return t, nil
}
