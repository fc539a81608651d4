// Package zendesktest is a fake Zendesk that answers like the real API:
// the Help Center incremental article export, sections, articles by
// locale, translations; the cursor-based incremental ticket export with
// its side-loads; ticket comments with cursor pagination; and what the
// copilot writes: a ticket shown and updated (a private comment, the
// group, tags, custom fields), the groups, a ticket field's options; each
// update carried out is recorded (Writes). It checks the
// Authorization header (API token basic auth or OAuth bearer), sends the
// rate-limit headers, logs every request, and fails on demand: a 429 with
// Retry-After, a 500, a malformed page.
package zendesktest

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

// Credentials the fake accepts unless told others.
const (
	Email      = "agent@example.com"
	Token      = "zd-api-token-0123456789"
	OAuthToken = "zd-oauth-token-abcdef"
)

// Server is a fake Zendesk account. Its methods are safe for concurrent
// use with the requests it serves.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	now      time.Time
	nextID   int64
	sections []Section
	articles []*Article
	tickets  []*Ticket
	users    map[int64]User
	groups   map[int64]Group
	requests []string
	faults   []*Fault
	writes   []Write
	fields   map[int64]TicketField

	// ArticlePageSize and TicketPageSize cap the export pages (the real
	// API: 1000); ListPageSize caps page[size] (the real API: 100).
	ArticlePageSize, TicketPageSize, ListPageSize int
}

// New starts a fake account, closed when tb ends. Its clock starts at
// 2025-01-06 09:00 UTC and moves a second with each change.
func New(tb testing.TB) *Server {
	s := &Server{
		now: time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), nextID: 1000,
		users: map[int64]User{}, groups: map[int64]Group{}, fields: map[int64]TicketField{},
		ArticlePageSize: 1000, TicketPageSize: 1000, ListPageSize: 100,
	}
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
	Body       string      // default: a Zendesk error body for the status
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
// Retry-After: retryAfter (seconds or an HTTP date).
func (s *Server) RateLimitNext(path, retryAfter string) {
	s.Inject(Fault{Path: path, Status: http.StatusTooManyRequests, RetryAfter: retryAfter,
		Body: `{"error":"TooManyRequests","description":"You have exceeded the rate limit"}`})
}

// FailNext answers the next n requests under path with a 500.
func (s *Server) FailNext(path string, n int) {
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusInternalServerError})
}

// MalformNext answers the next n requests under path with 200 and a body
// cut short, as a dropped connection leaves it.
func (s *Server) MalformNext(path string, n int) {
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusOK, Body: `{"tickets":[{"id":1,"subject":"cut sh`})
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

// Advance moves the fake's clock.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(d)
}

// tick moves the clock a second for a change and returns the new time.
func (s *Server) tick() time.Time {
	s.now = s.now.Add(time.Second)
	return s.now
}

func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(path string, h http.HandlerFunc) {
		mux.HandleFunc("GET "+path+".json", h)
		mux.HandleFunc("GET "+path, h)
	}
	handle("/api/v2/help_center/incremental/articles", s.incrementalArticles)
	handle("/api/v2/help_center/sections", s.listSections)
	handle("/api/v2/help_center/{locale}/sections", s.listSections)
	handle("/api/v2/help_center/articles", s.listArticles)
	handle("/api/v2/help_center/{locale}/articles", s.listArticles)
	handle("/api/v2/help_center/articles/{id}/translations", s.listTranslations)
	handle("/api/v2/incremental/tickets/cursor", s.incrementalTickets)
	handle("/api/v2/tickets/{id}/comments", s.listComments)
	handle("/api/v2/groups", s.listGroups)
	// A wildcard is a whole segment: these handlers take "{id}.json".
	mux.HandleFunc("GET /api/v2/tickets/{id}", s.showTicket)
	mux.HandleFunc("PUT /api/v2/tickets/{id}", s.updateTicket)
	mux.HandleFunc("GET /api/v2/ticket_fields/{id}", s.showTicketField)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "InvalidEndpoint", "Not found")
	})
	return s.middleware(mux)
}

// middleware logs the request, checks its credentials, serves a queued
// fault if one matches, and sets the rate-limit headers.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		f := s.takeFault(r.Method, r.URL.Path)
		s.mu.Unlock()
		h := w.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("X-Rate-Limit", "700")
		h.Set("X-Rate-Limit-Remaining", "699")
		h.Set("Ratelimit-Limit", "700")
		h.Set("Ratelimit-Remaining", "699")
		h.Set("Ratelimit-Reset", "60")
		if !authorized(r.Header.Get("Authorization")) {
			writeError(w, http.StatusUnauthorized, "Couldn't authenticate you", "")
			return
		}
		if f != nil && f.AfterWrite {
			next.ServeHTTP(discard{http.Header{}}, r)
		}
		if f != nil {
			serveFault(w, f)
			return
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
	for k, vs := range f.Header {
		w.Header()[k] = vs
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	if f.Body == "" {
		writeError(w, status, http.StatusText(status), "injected by zendesktest")
		return
	}
	w.WriteHeader(status)
	fmt.Fprint(w, f.Body)
}

// authorized accepts the API token of Email ({email}/token:{token}) or
// the OAuth token.
func authorized(h string) bool {
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		return tok == OAuthToken
	}
	b64, ok := strings.CutPrefix(h, "Basic ")
	if !ok {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	return err == nil && string(raw) == Email+"/token:"+Token
}

// writeError writes Zendesk's error body.
func writeError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, errorJSON(code, description))
}

// errorJSON is Zendesk's error body: {"error": code, "description": ...}.
func errorJSON(code, description string) map[string]any {
	body := map[string]any{"error": code}
	if description != "" {
		body["description"] = description
	}
	return body
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
