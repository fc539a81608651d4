// Package servicenowtest is a fake ServiceNow instance that answers like
// the Table API: GET /api/now/table/{table} on kb_knowledge, incident,
// sys_journal_field, sys_user, sys_user_group and kb_category, with
// encoded queries (=, !=, >, >=, <, <=, IN, ORDERBY, ORDERBYDESC, and
// dot-walked fields), sysparm_fields, the three sysparm_display_value
// modes, reference links, offset paging with the Link and X-Total-Count
// headers, and records hidden by ACLs (counted, not shown). It checks the
// Authorization header (basic or OAuth bearer), logs every request, and
// fails on demand: a 429 with Retry-After and the rate-limit headers, a
// 500, a malformed page.
package servicenowtest

import (
	"encoding/base64"
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

// Credentials the fake accepts.
const (
	Username   = "deskpilot.integration"
	Password   = "sn-password-0123456789"
	OAuthToken = "sn-oauth-token-abcdef"
)

// Server is a fake ServiceNow instance. Its methods are safe for
// concurrent use with the requests it serves.
type Server struct {
	*httptest.Server

	mu         sync.Mutex
	now        time.Time
	seq        int
	users      []*User
	groups     []*Group
	categories []*Category
	articles   []*Article
	incidents  []*Incident
	journal    []*JournalEntry
	choices    map[string]string // "table.field=value" -> label
	hidden     map[string]bool   // sys_ids the integration user's ACLs hide
	requests   []string
	faults     []*Fault

	// Step is how far the clock moves with each change (default a second;
	// 0 makes every change at the same second).
	Step time.Duration
	// MaxLimit caps sysparm_limit (the real default: 10000).
	MaxLimit int
}

// New starts a fake instance, closed when tb ends. Its clock starts at
// 2025-01-06 09:00:00 UTC.
func New(tb testing.TB) *Server {
	s := &Server{now: time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), choices: map[string]string{},
		hidden: map[string]bool{}, Step: time.Second, MaxLimit: 10000}
	s.Server = httptest.NewServer(s.middleware(http.HandlerFunc(s.table)))
	tb.Cleanup(s.Close)
	return s
}

// Fault is an answer served instead of the real one, to the next Times
// requests for Table (any table when "").
type Fault struct {
	Table      string
	Times      int
	Status     int         // default 200
	RetryAfter string      // Retry-After header
	Header     http.Header // more headers
	Body       string      // default: a ServiceNow error body for the status
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

// RateLimitNext answers the next request for table with 429, as a rate
// limit rule does, with Retry-After: seconds.
func (s *Server) RateLimitNext(table, seconds string) {
	s.Inject(Fault{Table: table, Status: http.StatusTooManyRequests, RetryAfter: seconds,
		Header: http.Header{"X-Ratelimit-Limit": {"100"}, "X-Ratelimit-Rule": {"8cba4a4d2f0c2110d2b0b5b62799b6c2"}},
		Body:   errorJSON("Rate limit exceeded", "Request rate limit has been exceeded. Retry after "+seconds+" seconds")})
}

// FailNext answers the next n requests for table with a 500.
func (s *Server) FailNext(table string, n int) {
	s.Inject(Fault{Table: table, Times: n, Status: http.StatusInternalServerError})
}

// MalformNext answers the next n requests for table with 200 and a body
// cut short, as a dropped connection leaves it.
func (s *Server) MalformNext(table string, n int) {
	s.Inject(Fault{Table: table, Times: n, Status: http.StatusOK, Body: `{"result":[{"sys_id":"abc","short_descr`})
}

// Requests returns the requests served so far, as "GET /path?query".
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Queries returns the query parameters of the requests for table served
// so far, in order.
func (s *Server) Queries(table string) []url.Values {
	var out []url.Values
	for _, r := range s.Requests() {
		u, err := url.Parse(strings.TrimPrefix(r, "GET "))
		if err == nil && u.Path == "/api/now/table/"+table {
			out = append(out, u.Query())
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

// tick moves the clock for a change and returns the new time.
func (s *Server) tick() time.Time {
	s.now = s.now.Add(s.Step)
	return s.now
}

// sysID returns a new sys_id: 32 hex digits.
func (s *Server) sysID() string {
	s.seq++
	return fmt.Sprintf("%032x", 0x5a0000+s.seq)
}

// middleware logs the request, checks its credentials, and serves a
// queued fault if one matches.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		table, _ := strings.CutPrefix(r.URL.Path, "/api/now/table/")
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		f := s.takeFault(table)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		if !authorized(r.Header.Get("Authorization")) {
			writeError(w, http.StatusUnauthorized, "User Not Authenticated", "Required to provide Auth information")
			return
		}
		if f != nil {
			serveFault(w, f)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) takeFault(table string) *Fault {
	for i, f := range s.faults {
		if f.Table == "" || f.Table == table {
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
	body := f.Body
	if body == "" {
		body = errorJSON(http.StatusText(status), "injected by servicenowtest")
	}
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

// authorized accepts the integration user's password (basic auth) or the
// OAuth token.
func authorized(h string) bool {
	if tok, ok := strings.CutPrefix(h, "Bearer "); ok {
		return tok == OAuthToken
	}
	b64, ok := strings.CutPrefix(h, "Basic ")
	if !ok {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	return err == nil && string(raw) == Username+":"+Password
}

// errorJSON is ServiceNow's error body.
func errorJSON(message, detail string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"message": message, "detail": detail}, "status": "failure"})
	return string(b)
}

func writeError(w http.ResponseWriter, status int, message, detail string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	fmt.Fprint(w, errorJSON(message, detail))
}
