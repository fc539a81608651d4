package freshdesktest

import "time"

// Category is a solution category.
type Category struct {
	ID        int64
	Name      string
	UpdatedAt time.Time
}

// Folder is a solution folder; ParentID makes it a subfolder.
// Visibility: 1 everyone, 2 signed-in users, 3 agents, 4 and up some
// companies, departments or groups.
type Folder struct {
	ID         int64
	CategoryID int64
	ParentID   int64
	Name       string
	Visibility int // default 1
	UpdatedAt  time.Time
}

// Article is a solution article. Status: 1 draft, 2 published (default).
type Article struct {
	ID        int64
	FolderID  int64
	Title     string
	Body      string
	Status    int
	Tags      []string
	CreatedAt time.Time
	UpdatedAt time.Time
	// Malformed serves the article with a created_at that is not a time.
	Malformed bool

	deleted bool
}

// Group is an agent group.
type Group struct {
	ID   int64
	Name string
}

// Contact is a requester or an agent.
type Contact struct {
	ID    int64
	Name  string
	Email string
}

// Ticket is a ticket and its conversations. Status: 2 open, 3 pending, 4
// resolved, 5 closed; priority 1 low to 4 urgent; source 1 email, 2
// portal, 3 phone.
type Ticket struct {
	ID           int64
	Subject      string
	Description  string // HTML
	Status       int
	Priority     int
	Source       int
	Type         string
	GroupID      int64
	RequesterID  int64
	Tags         []string
	CustomFields map[string]string
	// Freshservice's category fields.
	Category, SubCategory, ItemCategory string
	Conversations                       []Conversation
	CreatedAt                           time.Time
	UpdatedAt                           time.Time
	ResolvedAt                          *time.Time
	// Deleted tickets are in the trash (filter=deleted), spam ones under
	// filter=spam; neither is in the default listing.
	Deleted, Spam bool
	// Malformed serves the ticket with a created_at that is not a time.
	Malformed bool
}

// Conversation is a reply or a note. Incoming is set on what came from
// the requester; Private on notes.
type Conversation struct {
	ID        int64
	UserID    int64
	Body      string // HTML
	Incoming  bool
	Private   bool
	CreatedAt time.Time
}
