package confluence

import (
	"encoding/json"
	"time"
)

// The JSON of the Confluence Cloud REST APIs (v1 for the CQL search and
// the current user, v2 for spaces and page listings), as their references
// document it, limited to the fields the sync reads. Search results are
// decoded one page at a time (raw), so that one bad page does not cost
// its search page.

// searchPage is an answer of GET /wiki/rest/api/content/search.
type searchPage struct {
	Results []json.RawMessage `json:"results"`
	Links   struct {
		Next string `json:"next"` // relative to base; holds the cursor of the next page
		Base string `json:"base"` // "https://acme.atlassian.net/wiki"
	} `json:"_links"`
}

// content is a page, with the expansions asked for.
type content struct {
	ID     string `json:"id"`
	Type   string `json:"type"`
	Status string `json:"status"`
	Title  string `json:"title"`
	Space  *struct {
		Key string `json:"key"`
	} `json:"space"`
	History *struct {
		CreatedDate time.Time `json:"createdDate"`
	} `json:"history"`
	Version struct {
		Number int       `json:"number"`
		When   time.Time `json:"when"`
	} `json:"version"`
	Ancestors []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"ancestors"`
	Body struct {
		Storage *struct {
			Value string `json:"value"`
		} `json:"storage"`
	} `json:"body"`
	Metadata struct {
		Labels struct {
			Results []struct {
				Prefix string `json:"prefix"`
				Name   string `json:"name"`
			} `json:"results"`
		} `json:"labels"`
	} `json:"metadata"`
	Links struct {
		WebUI string `json:"webui"`
	} `json:"_links"`
}

// listPage is a page of a v2 listing (spaces, pages of a space): cursor
// pagination, the next page's link in _links.next.
type listPage struct {
	Results []struct {
		ID     string `json:"id"`
		Key    string `json:"key"`
		Status string `json:"status"`
	} `json:"results"`
	Links struct {
		Next string `json:"next"`
	} `json:"_links"`
}

// user is GET /wiki/rest/api/user/current.
type user struct {
	AccountID string `json:"accountId"`
	TimeZone  string `json:"timeZone"`
}

// errorBody is Confluence's error answer: v1 {"statusCode", "message"},
// v2 {"errors": [{"status", "code", "title", "detail"}]}.
type errorBody struct {
	Message string `json:"message"`
	Errors  []struct {
		Code   string `json:"code"`
		Title  string `json:"title"`
		Detail string `json:"detail"`
	} `json:"errors"`
}
