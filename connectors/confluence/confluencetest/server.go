// Package confluencetest is a fake Confluence Cloud site that answers
// like the real REST APIs: the v1 CQL content search (the CQL this sync
// writes, dates read in the API user's time zone, expansions, cursor
// pages with _links.next), the v1 current user, and the v2 listings of
// spaces and of a space's pages (cursor pages). Page bodies are in
// storage format. It checks basic auth (email and API token), logs every
// request, and fails on demand: a 429 with Retry-After and Atlassian's
// X-RateLimit-* headers, a 500, a malformed page.
package confluencetest

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
	Token    = "confluence-api-token-0123456789"
	TimeZone = "America/New_York"
)

// Server is a fake Confluence site. Its methods are safe for concurrent
// use with the requests it serves.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	now      time.Time
	nextID   int64
	spaces   []Space
	pages    []*Page
	requests []string
	faults   []*Fault

	// MaxResults caps a page of search results or of a v2 listing.
	MaxResults int
}

// New starts a fake site, closed when tb ends. Its clock starts at
// 2025-01-06 09:00 UTC and moves a minute with each change.
func New(tb testing.TB) *Server {
	s := &Server{now: time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), nextID: 90000, MaxResults: 250}
	s.Server = httptest.NewServer(s.routes())
	tb.Cleanup(s.Close)
	return s
}

// Fault is an answer served instead of the real one, to the next Times
// requests whose path starts with Path.
type Fault struct {
	Path       string
	Times      int
	Status     int         // default 200
	RetryAfter string      // Retry-After header
	Header     http.Header // more headers
	Body       string      // default: an error body for the status
	// PassThrough serves the real answer with Header set on it.
	PassThrough bool
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
// Retry-After: seconds, with the reset time Atlassian sends.
func (s *Server) RateLimitNext(path string, seconds int) {
	reset := s.Now().Add(time.Duration(seconds) * time.Second).Format("2006-01-02T15:04Z")
	s.Inject(Fault{Path: path, Status: http.StatusTooManyRequests, RetryAfter: fmt.Sprint(seconds),
		Header: http.Header{"X-Ratelimit-Reset": {reset}, "Ratelimit-Reason": {"confluence-burst-based"}},
		Body:   `{"statusCode":429,"message":"Rate limit exceeded"}`})
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
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusOK, Body: `{"results":[{"id":"1","type":"page","tit`})
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

func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /wiki/rest/api/user/current", s.currentUser)
	mux.HandleFunc("GET /wiki/rest/api/content/search", s.search)
	mux.HandleFunc("GET /wiki/api/v2/spaces", s.listSpaces)
	mux.HandleFunc("GET /wiki/api/v2/spaces/{id}/pages", s.listPages)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeV2Error(w, http.StatusNotFound, "NOT_FOUND", "No resource at "+r.URL.Path)
	})
	return s.middleware(mux)
}

// middleware logs the request, checks its credentials and serves a queued
// fault if one matches.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		f := s.takeFault(r.URL.Path)
		s.mu.Unlock()
		if !authorized(r.Header.Get("Authorization")) {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"statusCode": 401, "message": "Current user not permitted to use Confluence",
				"data": map[string]any{"authorized": false, "valid": true, "errors": []any{}, "successful": false}})
			return
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

func (s *Server) takeFault(path string) *Fault {
	for i, f := range s.faults {
		if strings.HasPrefix(path, f.Path) {
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
		writeV1Error(w, status, http.StatusText(status)+" (injected by confluencetest)")
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

// writeV1Error writes the v1 API's error body.
func writeV1Error(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"statusCode": status, "message": message,
		"data": map[string]any{"authorized": true, "valid": false, "errors": []any{}, "successful": false}})
}

// writeV2Error writes the v2 API's error body.
func writeV2Error(w http.ResponseWriter, status int, code, title string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{"status": status, "code": code, "title": title, "detail": nil}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
