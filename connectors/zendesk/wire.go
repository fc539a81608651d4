package zendesk

import (
	"encoding/json"
	"time"
)

// The JSON of Zendesk's API, as its reference documents it, limited to the
// fields the sync reads. Lists are decoded one record at a time (raw), so
// that one bad record does not cost its page.

// articleExport is a page of GET /api/v2/help_center/incremental/articles.
type articleExport struct {
	Articles []json.RawMessage `json:"articles"`
	NextPage *string           `json:"next_page"`
	EndTime  int64             `json:"end_time"`
	Count    int               `json:"count"`
}

// article is a Help Center article, in the locale it was listed in.
type article struct {
	ID             int64     `json:"id"`
	HTMLURL        string    `json:"html_url"`
	Title          string    `json:"title"`
	Body           *string   `json:"body"`
	Locale         string    `json:"locale"`
	SourceLocale   string    `json:"source_locale"`
	SectionID      int64     `json:"section_id"`
	Draft          bool      `json:"draft"`
	LabelNames     []string  `json:"label_names"`
	UserSegmentID  *int64    `json:"user_segment_id"`
	UserSegmentIDs []int64   `json:"user_segment_ids"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	EditedAt       time.Time `json:"edited_at"`
}

// translation is one locale of an article.
type translation struct {
	ID        int64     `json:"id"`
	SourceID  int64     `json:"source_id"`
	Locale    string    `json:"locale"`
	HTMLURL   string    `json:"html_url"`
	Title     string    `json:"title"`
	Body      *string   `json:"body"`
	Draft     bool      `json:"draft"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// translationList is GET /api/v2/help_center/articles/{id}/translations.
type translationList struct {
	Translations []translation `json:"translations"`
	NextPage     *string       `json:"next_page"`
}

// section is a Help Center section.
type section struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// cursorPage is the part of a cursor-paginated list (page[size]) that says
// whether more follows.
type cursorPage struct {
	Meta struct {
		HasMore     bool   `json:"has_more"`
		AfterCursor string `json:"after_cursor"`
	} `json:"meta"`
}

type sectionList struct {
	cursorPage
	Sections []section `json:"sections"`
}

type articleList struct {
	cursorPage
	Articles []article `json:"articles"`
}

// ticketExport is a page of GET /api/v2/incremental/tickets/cursor.
type ticketExport struct {
	Tickets     []json.RawMessage `json:"tickets"`
	AfterCursor *string           `json:"after_cursor"`
	AfterURL    *string           `json:"after_url"`
	EndOfStream bool              `json:"end_of_stream"`
	Users       []user            `json:"users"`
	Groups      []group           `json:"groups"`
	MetricSets  []metricSet       `json:"metric_sets"`
}

// ticket is a Zendesk Support ticket.
type ticket struct {
	ID           int64         `json:"id"`
	Subject      *string       `json:"subject"`
	RawSubject   *string       `json:"raw_subject"`
	Status       string        `json:"status"`
	Priority     *string       `json:"priority"`
	RequesterID  int64         `json:"requester_id"`
	SubmitterID  int64         `json:"submitter_id"`
	AssigneeID   *int64        `json:"assignee_id"`
	GroupID      *int64        `json:"group_id"`
	Tags         []string      `json:"tags"`
	CustomFields []customField `json:"custom_fields"`
	Via          struct {
		Channel string `json:"channel"`
	} `json:"via"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

type customField struct {
	ID    int64 `json:"id"`
	Value any   `json:"value"`
}

type user struct {
	ID    int64   `json:"id"`
	Email *string `json:"email"`
	Role  string  `json:"role"` // "end-user", "agent" or "admin"
}

type group struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type metricSet struct {
	TicketID int64      `json:"ticket_id"`
	SolvedAt *time.Time `json:"solved_at"`
}

// comment is an entry of a ticket's conversation; public is false for an
// internal note.
type comment struct {
	ID        int64     `json:"id"`
	AuthorID  int64     `json:"author_id"`
	Body      string    `json:"body"`
	PlainBody string    `json:"plain_body"`
	Public    bool      `json:"public"`
	CreatedAt time.Time `json:"created_at"`
}

// commentList is a page of GET /api/v2/tickets/{id}/comments.
type commentList struct {
	cursorPage
	Comments []comment `json:"comments"`
	Users    []user    `json:"users"`
}

// errorBody is Zendesk's error answer: {"error": "...", "description":
// "..."}, or {"error": {"title": "...", "message": "..."}}, or a list of
// {"title", "detail"} in "errors".
type errorBody struct {
	Error       json.RawMessage `json:"error"`
	Description string          `json:"description"`
	Errors      []struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
	} `json:"errors"`
}
