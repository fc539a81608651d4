// Package gdocstest is a fake Google Drive that answers like Drive API v3
// for what a sync of Google Docs needs: files.list with its query language
// ('X' in parents, mimeType, trashed, modifiedTime comparisons, and, or,
// parentheses), fields selection, orderBy, pageSize and pageToken; and
// files.export as HTML or plain text. It checks the bearer token, logs
// every request, and fails on demand: Drive's 403 rateLimitExceeded, a 429
// with Retry-After, a 500, a malformed page.
package gdocstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Token is the OAuth access token the fake accepts.
const Token = "ya29.fake-drive-token-0123456789"

// Server is a fake Drive. Its methods are safe for concurrent use with the
// requests it serves.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	now      time.Time
	seq      int
	files    []*File
	requests []string
	faults   []*Fault

	// MaxPageSize caps pageSize (the real one: 1000).
	MaxPageSize int
}

// New starts a fake Drive, closed when tb ends. Its clock starts at
// 2025-01-06 09:00:00.250 UTC and moves a second with each change.
func New(tb testing.TB) *Server {
	s := &Server{now: time.Date(2025, 1, 6, 9, 0, 0, 250e6, time.UTC), MaxPageSize: 1000}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /drive/v3/files", s.list)
	mux.HandleFunc("GET /drive/v3/files/{id}/export", s.export)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "notFound", "Not Found")
	})
	s.Server = httptest.NewServer(s.middleware(mux))
	tb.Cleanup(s.Close)
	return s
}

// Fault is an answer served instead of the real one, to the next Times
// requests whose path starts with Path.
type Fault struct {
	Path       string
	Times      int
	Status     int // default 200
	RetryAfter string
	Body       string // default: a Drive error body for the status
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

// RateLimitNext answers the next request under path as Drive does when a
// user sends too much: 403 with reason userRateLimitExceeded.
func (s *Server) RateLimitNext(path string) {
	s.Inject(Fault{Path: path, Status: http.StatusForbidden, Body: errorJSON(http.StatusForbidden, "userRateLimitExceeded",
		"User rate limit exceeded.", "PERMISSION_DENIED")})
}

// TooManyNext answers the next request under path with 429 and
// Retry-After: seconds.
func (s *Server) TooManyNext(path, seconds string) {
	s.Inject(Fault{Path: path, Status: http.StatusTooManyRequests, RetryAfter: seconds,
		Body: errorJSON(http.StatusTooManyRequests, "rateLimitExceeded", "Too Many Requests", "RESOURCE_EXHAUSTED")})
}

// FailNext answers the next n requests under path with a 500.
func (s *Server) FailNext(path string, n int) {
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusInternalServerError,
		Body: errorJSON(http.StatusInternalServerError, "backendError", "Internal Error", "INTERNAL")})
}

// MalformNext answers the next n requests under path with 200 and a body
// cut short.
func (s *Server) MalformNext(path string, n int) {
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusOK, Body: `{"nextPageToken":"x","files":[{"id":"1ab`})
}

// Requests returns the requests served so far, as "GET /path?query".
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Lists returns the query parameters of the files.list requests so far.
func (s *Server) Lists() []url.Values {
	var out []url.Values
	for _, r := range s.Requests() {
		if u, err := url.Parse(strings.TrimPrefix(r, "GET ")); err == nil && u.Path == "/drive/v3/files" {
			out = append(out, u.Query())
		}
	}
	return out
}

// Exports returns the ids of the documents exported so far, in order.
func (s *Server) Exports() []string {
	var out []string
	for _, r := range s.Requests() {
		if u, err := url.Parse(strings.TrimPrefix(r, "GET ")); err == nil && strings.HasSuffix(u.Path, "/export") {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(u.Path, "/drive/v3/files/"), "/export"))
		}
	}
	return out
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

func (s *Server) tick() time.Time {
	s.now = s.now.Add(time.Second)
	return s.now
}

// middleware logs the request, checks the token, and serves a queued
// fault if one matches.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		f := s.takeFault(r.URL.Path)
		s.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+Token {
			writeJSON(w, http.StatusUnauthorized, errorJSON(http.StatusUnauthorized, "authError",
				"Request had invalid authentication credentials. Expected OAuth 2 access token.", "UNAUTHENTICATED"))
			return
		}
		if f != nil {
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			status := f.Status
			if status == 0 {
				status = http.StatusOK
			}
			body := f.Body
			if body == "" {
				body = errorJSON(status, "injected", http.StatusText(status), "")
			}
			writeJSON(w, status, body)
			return
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

// errorJSON is Drive's error body.
func errorJSON(code int, reason, message, status string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"code": code, "message": message, "status": status,
		"errors": []map[string]string{{"message": message, "domain": "global", "reason": reason}}}})
	return string(b)
}

func writeError(w http.ResponseWriter, code int, reason, message string) {
	status := map[int]string{400: "INVALID_ARGUMENT", 404: "NOT_FOUND"}[code]
	writeJSON(w, code, errorJSON(code, reason, message, status))
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}
