package tickets

import (
	"context"
	"time"
)

// Conversation is a self-service chat between a requester and the
// assistant. It becomes a ticket when it is handed off to a person.
type Conversation struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Language  string    `json:"language,omitempty"`
	Turns     []Turn    `json:"turns"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// TicketID is the ticket a handoff created, nil before.
	TicketID *int64 `json:"ticket_id,omitempty"`
	// Resolved is the requester's answer to "did this solve it?", nil
	// until they answer.
	Resolved *bool `json:"resolved,omitempty"`
}

// Turn is one message of a conversation.
type Turn struct {
	Role      string    `json:"role"` // "user" or "assistant"
	Text      string    `json:"text"`
	Decision  string    `json:"decision,omitempty"` // the assistant's: auto, suggest, handoff
	Reason    string    `json:"reason,omitempty"`   // its handoff reason
	Citations []string  `json:"citations,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// ConversationStore keeps conversations. Missing ones are ErrNotFound.
type ConversationStore interface {
	CreateConversation(ctx context.Context, c *Conversation) error
	GetConversation(ctx context.Context, id int64) (*Conversation, error)
	AppendTurn(ctx context.Context, id int64, t Turn) error
	// SetHandoff records the ticket a conversation became. The same ticket
	// again is a no-op; another ticket is ErrConflict (one handoff wins).
	SetHandoff(ctx context.Context, id, ticketID int64) error
	// SetResolved records the requester's feedback.
	SetResolved(ctx context.Context, id int64, resolved bool) error
	// ListConversations returns the conversations created at or after
	// since, oldest first, for analytics.
	ListConversations(ctx context.Context, since time.Time) ([]*Conversation, error)
}

// Suggestion outcomes: what an agent did with the assistant's draft.
const (
	OutcomeAccepted  = "accepted"  // sent as drafted
	OutcomeEdited    = "edited"    // edited, then sent
	OutcomeDiscarded = "discarded" // not used
)

// SuggestionOutcome records what an agent did with a suggested reply.
type SuggestionOutcome struct {
	ID       int64  `json:"id"`
	TicketID int64  `json:"ticket_id"`
	AgentID  int64  `json:"agent_id"`
	Action   string `json:"action"` // accepted, edited or discarded
	Draft    string `json:"draft"`
	Sent     string `json:"sent,omitempty"`
	// EditDistance is the Levenshtein distance, in characters, between the
	// draft and what was sent.
	EditDistance  int       `json:"edit_distance"`
	DiscardReason string    `json:"discard_reason,omitempty"`
	Confidence    float64   `json:"confidence"`
	Category      string    `json:"category,omitempty"`
	SuggestedAt   time.Time `json:"suggested_at"`
	DecidedAt     time.Time `json:"decided_at"`
}

// OutcomeStore keeps suggestion outcomes.
type OutcomeStore interface {
	RecordOutcome(ctx context.Context, o *SuggestionOutcome) error
	// ListOutcomes returns the outcomes decided at or after since, oldest
	// first.
	ListOutcomes(ctx context.Context, since time.Time) ([]*SuggestionOutcome, error)
}
