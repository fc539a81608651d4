package tickets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Status is where a ticket stands in its lifecycle.
type Status string

// The lifecycle: new -> open -> pending -> solved -> closed; a solved ticket
// can be reopened. See CanTransition.
const (
	StatusNew     Status = "new"
	StatusOpen    Status = "open"
	StatusPending Status = "pending"
	StatusSolved  Status = "solved"
	StatusClosed  Status = "closed"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusNew, StatusOpen, StatusPending, StatusSolved, StatusClosed}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Resolved reports whether the work on a ticket in status s is done.
func (s Status) Resolved() bool { return s == StatusSolved || s == StatusClosed }

// transitions is the lifecycle graph. Reopening is solved -> open; a closed
// ticket is final (a follow-up becomes a new ticket), as in most help desks.
var transitions = map[Status][]Status{
	StatusNew:     {StatusOpen, StatusPending, StatusSolved, StatusClosed},
	StatusOpen:    {StatusPending, StatusSolved, StatusClosed},
	StatusPending: {StatusOpen, StatusSolved, StatusClosed},
	StatusSolved:  {StatusOpen, StatusClosed},
	StatusClosed:  {},
}

// CanTransition reports whether a ticket may move from one status to another.
func CanTransition(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Priority is how urgent a ticket is.
type Priority string

// Priorities from least to most urgent.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Priorities lists every priority from least to most urgent.
var Priorities = []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}

// Valid reports whether p is one of Priorities.
func (p Priority) Valid() bool {
	for _, v := range Priorities {
		if p == v {
			return true
		}
	}
	return false
}

// Rank orders priorities: low is 0, urgent is 3, unknown is -1.
func (p Priority) Rank() int {
	for i, v := range Priorities {
		if p == v {
			return i
		}
	}
	return -1
}

// Author says who wrote a message.
type Author string

// The authors of messages.
const (
	AuthorRequester Author = "requester"
	AuthorAgent     Author = "agent"
	AuthorSystem    Author = "system"
)

// Valid reports whether a is a known author kind.
func (a Author) Valid() bool {
	return a == AuthorRequester || a == AuthorAgent || a == AuthorSystem
}

// Message is one entry of a ticket's conversation. A message that is not
// Public is an internal note, visible to agents only.
type Message struct {
	ID        int64     `json:"id"`
	TicketID  int64     `json:"ticket_id"`
	Author    Author    `json:"author"`
	AuthorID  int64     `json:"author_id,omitempty"` // the user, when known
	Body      string    `json:"body"`
	Public    bool      `json:"public"`
	CreatedAt time.Time `json:"created_at"`
}

// Ticket is a request for help and its conversation.
//
// Source and ExternalID identify a ticket that came from elsewhere (an import
// or a connector); tickets created here have Source "local". Requester is the
// requester's e-mail address or external id; a requester user sees the
// tickets whose Requester is their e-mail address.
type Ticket struct {
	ID         int64    `json:"id"`
	Source     string   `json:"source"`
	ExternalID string   `json:"external_id"`
	Subject    string   `json:"subject"`
	Status     Status   `json:"status"`
	Priority   Priority `json:"priority,omitempty"`
	Category   string   `json:"category,omitempty"` // a path of the taxonomy: "Network/VPN"
	Team       string   `json:"team,omitempty"`
	AssigneeID int64    `json:"assignee_id,omitempty"`
	Requester  string   `json:"requester,omitempty"`
	Channel    string   `json:"channel,omitempty"` // email, portal, chat, phone ...
	Language   string   `json:"language,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	// Resolution is the agent's answer when the source keeps it apart from
	// the messages.
	Resolution string `json:"resolution,omitempty"`

	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	FirstResponseAt *time.Time `json:"first_response_at,omitempty"`
	ResolvedAt      *time.Time `json:"resolved_at,omitempty"`
	ClosedAt        *time.Time `json:"closed_at,omitempty"`
	// PendingSince is set while the ticket waits on the requester; the SLA
	// resolution clock does not run then. PausedSeconds adds up past waits.
	PendingSince  *time.Time `json:"pending_since,omitempty"`
	PausedSeconds int64      `json:"paused_seconds,omitempty"`
	ReopenCount   int        `json:"reopen_count,omitempty"`

	// ContentHash fingerprints what was imported, so that re-importing an
	// unchanged ticket is a no-op. See Hash.
	ContentHash string `json:"content_hash,omitempty"`

	Messages []Message `json:"messages,omitempty"`
}

// Hash returns a fingerprint of the ticket's imported content: every field a
// source can set, messages included, but not the ids and clocks kept here.
func (t *Ticket) Hash() string {
	type msg struct {
		Author    Author    `json:"a"`
		Body      string    `json:"b"`
		Public    bool      `json:"p"`
		CreatedAt time.Time `json:"t"`
	}
	v := struct {
		Subject, Status, Priority, Category, Team, Requester, Channel, Language, Resolution string
		Tags                                                                                []string
		Created                                                                             time.Time
		Resolved                                                                            *time.Time
		Messages                                                                            []msg
	}{
		t.Subject, string(t.Status), string(t.Priority), t.Category, t.Team, t.Requester, t.Channel, t.Language, t.Resolution,
		t.Tags, t.CreatedAt.UTC(), utcPtr(t.ResolvedAt), nil,
	}
	for _, m := range t.Messages {
		v.Messages = append(v.Messages, msg{m.Author, m.Body, m.Public, m.CreatedAt.UTC()})
	}
	b, _ := json.Marshal(v) // plain data: cannot fail
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// Question is what the requester asked: the subject and the first requester
// message, as formats.md defines it for simulation and evaluation.
func (t *Ticket) Question() string {
	for _, m := range t.Messages {
		if m.Author == AuthorRequester {
			if t.Subject == "" {
				return m.Body
			}
			return t.Subject + "\n\n" + m.Body
		}
	}
	return t.Subject
}

// Answer is the agent's answer that resolved the ticket: Resolution when the
// source keeps it, else the last public agent message, else "".
func (t *Ticket) Answer() string {
	if t.Resolution != "" {
		return t.Resolution
	}
	for i := len(t.Messages) - 1; i >= 0; i-- {
		if m := t.Messages[i]; m.Author == AuthorAgent && m.Public {
			return m.Body
		}
	}
	return ""
}

// Outcome says what an upsert did with one record.
type Outcome int

// Upsert outcomes.
const (
	Unchanged Outcome = iota // same content hash: nothing written
	Added
	Updated
)

// String names the outcome.
func (o Outcome) String() string {
	return [...]string{"unchanged", "added", "updated"}[o]
}
