package freshdesk

import (
	"encoding/json"
	"time"
)

// The JSON of the Freshdesk and Freshservice v2 APIs, as their references
// document it, limited to the fields the sync reads. Lists are decoded one
// record at a time (raw), so that one bad record does not cost its page.

// category is a solution category.
type category struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	UpdatedAt time.Time `json:"updated_at"`
}

// folder is a solution folder. Visibility 1 is everyone; the others
// restrict it (signed-in users, agents, some companies or groups).
type folder struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	Visibility     int       `json:"visibility"`
	ParentFolderID *int64    `json:"parent_folder_id"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// article is a solution article. Status 1 is a draft, 2 published.
// Freshservice lists articles without their description; Freshdesk
// lists them whole.
type article struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Description *string   `json:"description"`
	Status      int       `json:"status"`
	FolderID    int64     `json:"folder_id"`
	CategoryID  int64     `json:"category_id"`
	Tags        []string  `json:"tags"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Article statuses.
const (
	statusDraft     = 1
	statusPublished = 2
)

// ticket is a ticket as the list (with include=requester,stats and, on
// Freshdesk, description) gives it.
type ticket struct {
	ID              int64          `json:"id"`
	Subject         string         `json:"subject"`
	DescriptionText *string        `json:"description_text"`
	Description     *string        `json:"description"`
	Status          int            `json:"status"`
	Priority        int            `json:"priority"`
	Source          int            `json:"source"`
	Type            *string        `json:"type"`
	GroupID         *int64         `json:"group_id"`
	RequesterID     int64          `json:"requester_id"`
	Tags            []string       `json:"tags"`
	CustomFields    map[string]any `json:"custom_fields"`
	Category        *string        `json:"category"`
	SubCategory     *string        `json:"sub_category"`
	ItemCategory    *string        `json:"item_category"`
	Spam            bool           `json:"spam"`
	Deleted         bool           `json:"deleted"`
	Requester       *struct {
		Email *string `json:"email"`
	} `json:"requester"`
	Stats *struct {
		ResolvedAt *time.Time `json:"resolved_at"`
		ClosedAt   *time.Time `json:"closed_at"`
	} `json:"stats"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// conversation is a reply or a note of a ticket. Incoming is true for
// what came from outside (the requester's replies); Private marks a note
// only agents see.
type conversation struct {
	ID        int64     `json:"id"`
	Body      string    `json:"body"`
	BodyText  string    `json:"body_text"`
	Incoming  bool      `json:"incoming"`
	Private   bool      `json:"private"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
}

// group is an agent group.
type group struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// errorBody is the APIs' error answer: {"code", "message"} for
// authentication and access, {"description", "errors"} for validation.
type errorBody struct {
	Code        string `json:"code"`
	Message     string `json:"message"`
	Description string `json:"description"`
	Errors      []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
		Code    string `json:"code"`
	} `json:"errors"`
}

// itemOf decodes the single record a Freshservice answer wraps under key,
// or a Freshdesk answer is.
func itemOf(body json.RawMessage, key string, wrapped bool, v any) error {
	if wrapped {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return err
		}
		body = m[key]
	}
	return json.Unmarshal(body, v)
}
