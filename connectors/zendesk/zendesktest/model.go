package zendesktest

import "time"

// Section is a Help Center section.
type Section struct {
	ID         int64
	Name       string
	CategoryID int64
}

// Article is a Help Center article in its source locale, with its other
// locales in Translations.
type Article struct {
	ID            int64
	Title         string
	Body          string
	SourceLocale  string // default "en-us"
	SectionID     int64
	Draft         bool
	Labels        []string
	UserSegmentID *int64 // nil: everyone may read it
	Translations  map[string]Translation
	CreatedAt     time.Time
	UpdatedAt     time.Time
	EditedAt      time.Time

	archived bool
}

// Translation is an article in another locale.
type Translation struct {
	ID        int64
	Title     string
	Body      string
	Draft     bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// User is an account: "end-user", "agent" or "admin".
type User struct {
	ID    int64
	Name  string
	Email string
	Role  string
}

// Group is a group of agents.
type Group struct {
	ID   int64
	Name string
}

// Ticket is a Support ticket and its conversation.
type Ticket struct {
	ID           int64
	Subject      string
	Status       string // new, open, pending, hold, solved, closed; "deleted" once deleted
	Priority     string // "" for none
	RequesterID  int64
	SubmitterID  int64
	AssigneeID   int64
	GroupID      int64
	Tags         []string
	Channel      string // via.channel, default "web"
	CustomFields map[int64]string
	Comments     []Comment
	CreatedAt    time.Time
	UpdatedAt    time.Time
	SolvedAt     *time.Time
	// Malformed serves the ticket with a created_at that is not a time.
	Malformed bool
}

// Comment is an entry of a ticket's conversation; Public false is an
// internal note.
type Comment struct {
	ID        int64
	AuthorID  int64
	Body      string
	Public    bool
	CreatedAt time.Time
}
