// Package jiratest is a fake Jira Cloud site with Jira Service Management
// that answers like the real REST API v3: the enhanced JQL search
// (/rest/api/3/search/jql, nextPageToken pages, the fields asked for, the
// JQL this sync writes, dates read in the API user's time zone), issue
// comments paged by startAt, the field list with the request type field,
// and /myself; and what the copilot writes: an issue shown and edited
// (labels, the request type), internal comments through the service desk
// API, the service desks and their request types, each write carried out
// recorded (Writes). It checks basic auth (email and API token), logs
// every request, and fails on demand: a 429 with Retry-After and
// Atlassian's X-RateLimit-* headers, a 500, a malformed page. The removed
// /rest/api/3/search answers 410, as it does now.
package jiratest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Credentials the fake accepts, and its API user's time zone.
const (
	Email    = "agent@example.com"
	Token    = "jira-api-token-0123456789"
	TimeZone = "America/New_York"
)

// Ids of the custom fields of the fake site.
const (
	RequestTypeField = "customfield_10010"
	TeamField        = "customfield_10001"
)

// Server is a fake Jira site. Its methods are safe for concurrent use
// with the requests it serves.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	now      time.Time
	nextID   int64
	keys     map[string]int
	accounts map[string]Account
	issues   []*Issue
	requests []string
	faults   []*Fault
	writes   []Write
	desks    []string      // the service desk projects; a desk's id is its place + 1
	reqTypes []RequestType // of all desks

	// MaxResults caps a page of search results or comments (the real
	// API: 100 with fields, 5000 ids); EmbeddedComments caps the comments
	// a search result carries.
	MaxResults, EmbeddedComments int
}

// New starts a fake site, closed when tb ends. Its clock starts at
// 2025-01-06 09:00 UTC and moves a minute with each change.
func New(tb testing.TB) *Server {
	s := &Server{now: time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), nextID: 10000, keys: map[string]int{},
		accounts: map[string]Account{}, MaxResults: 100, EmbeddedComments: 20}
	s.accounts["agent-1"] = Account{ID: "agent-1", Name: "API agent", Email: Email, Type: "atlassian"}
	s.Server = httptest.NewServer(s.routes())
	tb.Cleanup(s.Close)
	return s
}

// Fault is an answer served instead of the real one, to the next Times
// requests whose path starts with Path.
type Fault struct {
	Path       string
	Method     string // only requests of this method; "" for any
	Times      int
	Status     int         // default 200
	RetryAfter string      // Retry-After header
	Header     http.Header // more headers
	Body       string      // default: an error body for the status
	// PassThrough serves the real answer with Header set on it.
	PassThrough bool
	// AfterWrite serves the fault after the request was carried out (a
	// write made, then the answer lost).
	AfterWrite bool
}

// Inject queues a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times <= 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// RateLimitNext answers the next request under path with 429 and
// Retry-After: seconds, with the reset time and reason Jira sends.
func (s *Server) RateLimitNext(path string, seconds int) {
	reset := s.Now().Add(time.Duration(seconds) * time.Second).Format("2006-01-02T15:04Z")
	s.Inject(Fault{Path: path, Status: http.StatusTooManyRequests, RetryAfter: fmt.Sprint(seconds),
		Header: http.Header{"X-Ratelimit-Reset": {reset}, "Ratelimit-Reason": {"jira-burst-based"}},
		Body:   `{"errorMessages":["Rate limit exceeded."],"errors":{}}`})
}

// SpendBudgetNext serves the next request under path as usual, but with
// X-RateLimit-Remaining: 0 and the reset time given.
func (s *Server) SpendBudgetNext(path string, reset time.Time) {
	s.Inject(Fault{Path: path, PassThrough: true, Header: http.Header{
		"X-Ratelimit-Limit": {"100"}, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {reset.UTC().Format("2006-01-02T15:04Z")}}})
}

// FailNext answers the next n requests under path with a 500.
func (s *Server) FailNext(path string, n int) {
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusInternalServerError})
}

// MalformNext answers the next n requests under path with 200 and a body
// cut short, as a dropped connection leaves it.
func (s *Server) MalformNext(path string, n int) {
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusOK, Body: `{"issues":[{"id":"10001","fields":{"summ`})
}

// Requests returns the requests served so far, as "GET /path?query".
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// ResetRequests forgets the requests served so far.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Now returns the fake's clock.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// tick moves the clock a minute for a change and returns the new time.
func (s *Server) tick() time.Time {
	s.now = s.now.Add(time.Minute)
	return s.now
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /rest/api/3/myself", s.myself)
	mux.HandleFunc("GET /rest/api/3/field", s.fields)
	mux.HandleFunc("GET /rest/api/3/search/jql", s.search)
	mux.HandleFunc("GET /rest/api/3/issue/{id}/comment", s.listComments)
	mux.HandleFunc("GET /rest/api/3/issue/{id}", s.showIssue)
	mux.HandleFunc("PUT /rest/api/3/issue/{id}", s.editIssue)
	mux.HandleFunc("POST /rest/servicedeskapi/request/{id}/comment", s.addComment)
	mux.HandleFunc("GET /rest/servicedeskapi/servicedesk", s.listServiceDesks)
	mux.HandleFunc("GET /rest/servicedeskapi/servicedesk/{desk}/requesttype", s.listRequestTypes)
	mux.HandleFunc("GET /rest/api/3/search", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusGone, "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "No resource found at "+r.URL.Path)
	})
	return s.middleware(mux)
}

// middleware logs the request, checks its credentials and serves a queued
// fault if one matches.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		f := s.takeFault(r.Method, r.URL.Path)
		s.mu.Unlock()
		w.Header().Set("X-Arequestid", "fake")
		if !authorized(r.Header.Get("Authorization")) {
			w.Header().Set("Content-Type", "text/plain;charset=UTF-8")
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, "Client must be authenticated to access this resource.")
			return
		}
		if f != nil && f.AfterWrite {
			next.ServeHTTP(discard{http.Header{}}, r)
		}
		if f != nil {
			for k, vs := range f.Header {
				w.Header()[k] = vs
			}
			if !f.PassThrough {
				serveFault(w, f)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) takeFault(method, path string) *Fault {
	for i, f := range s.faults {
		if strings.HasPrefix(path, f.Path) && (f.Method == "" || f.Method == method) {
			f.Times--
			if f.Times <= 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			return f
		}
	}
	return nil
}

func serveFault(w http.ResponseWriter, f *Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	if f.Body == "" {
		writeError(w, status, http.StatusText(status)+" (injected by jiratest)")
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprint(w, f.Body)
}

// authorized accepts Email's API token as basic auth.
func authorized(h string) bool {
	b64, ok := strings.CutPrefix(h, "Basic ")
	if !ok {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	return err == nil && string(raw) == Email+":"+Token
}

// writeError writes Jira's error body.
func writeError(w http.ResponseWriter, status int, messages ...string) {
	writeJSON(w, status, map[string]any{"errorMessages": messages, "errors": map[string]string{}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
