package tickets

import (
	"context"
	"time"
)

// Store persists tickets, users, teams, the category taxonomy and SLA
// policies. Implementations translate their driver's errors into ErrNotFound
// and ErrConflict.
type Store interface {
	// CreateTicket stores a new ticket with its messages and sets their IDs.
	CreateTicket(ctx context.Context, t *Ticket) error
	// GetTicket returns a ticket with its messages in time order.
	GetTicket(ctx context.Context, id int64) (*Ticket, error)
	// GetTicketByExternalID returns the ticket a source knows as externalID.
	GetTicketByExternalID(ctx context.Context, source, externalID string) (*Ticket, error)
	// UpdateTicket saves the fields of t (not its messages).
	UpdateTicket(ctx context.Context, t *Ticket) error
	// AddMessage appends a message to its ticket and sets its ID.
	AddMessage(ctx context.Context, m *Message) error
	// ListTickets returns the tickets matching f, without their messages,
	// newest first.
	ListTickets(ctx context.Context, f TicketFilter) ([]*Ticket, error)
	// CountTickets counts the tickets matching f (Limit and AfterID ignored).
	CountTickets(ctx context.Context, f TicketFilter) (int, error)
	// UpsertTickets writes a batch in one transaction, keyed by (Source,
	// ExternalID): a ticket whose ContentHash is unchanged is left alone,
	// a changed one has its fields and messages replaced. The outcomes are in
	// the batch's order, and IDs are set on the batch's tickets.
	UpsertTickets(ctx context.Context, batch []*Ticket) ([]Outcome, error)
	// DeleteTicket removes a ticket and its messages.
	DeleteTicket(ctx context.Context, id int64) error

	// CreateUser stores a new user; ErrConflict when the e-mail is taken.
	CreateUser(ctx context.Context, u *User) error
	// GetUser returns a user by ID.
	GetUser(ctx context.Context, id int64) (*User, error)
	// GetUserByEmail returns a user by normalized e-mail address.
	GetUserByEmail(ctx context.Context, email string) (*User, error)
	// UpdateUser saves a user's fields.
	UpdateUser(ctx context.Context, u *User) error
	// ListUsers returns users with the given role ("" for all), by e-mail.
	ListUsers(ctx context.Context, role Role) ([]*User, error)

	// UpsertTeams creates the teams that do not exist and updates the
	// description of those that do.
	UpsertTeams(ctx context.Context, teams []Team) error
	// ListTeams returns every team by name.
	ListTeams(ctx context.Context) ([]Team, error)
	// EnsureCategories adds the given paths and their ancestors to the
	// taxonomy; existing ones are kept.
	EnsureCategories(ctx context.Context, paths []string) error
	// ListCategories returns the taxonomy, sorted by path.
	ListCategories(ctx context.Context) ([]Category, error)

	// SLAPolicies returns the stored policies (the defaults when none are).
	SLAPolicies(ctx context.Context) ([]SLAPolicy, error)
	// SetSLAPolicy creates or replaces the policy for p.Priority.
	SetSLAPolicy(ctx context.Context, p SLAPolicy) error
}

// TicketFilter narrows ListTickets and CountTickets. Zero fields do not
// filter.
type TicketFilter struct {
	Status    []Status
	Team      string
	Category  string // the category and everything below it
	Requester string
	Source    string
	Assignee  int64
	// CreatedAfter and CreatedBefore bound CreatedAt (after is inclusive,
	// before exclusive).
	CreatedAfter  time.Time
	CreatedBefore time.Time
	// AfterID pages through results: only tickets with a smaller ID (the
	// list is newest first, by ID).
	AfterID int64
	Limit   int // 0 means DefaultListLimit
}

// DefaultListLimit is the page size when a filter sets none.
const DefaultListLimit = 50

// MaxListLimit caps a page, so that no request can ask for everything.
const MaxListLimit = 1000

// EffectiveLimit returns the page size to use for f.
func (f TicketFilter) EffectiveLimit() int {
	switch {
	case f.Limit <= 0:
		return DefaultListLimit
	case f.Limit > MaxListLimit:
		return MaxListLimit
	}
	return f.Limit
}
