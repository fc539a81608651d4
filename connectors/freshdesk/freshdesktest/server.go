// Package freshdesktest is a fake Freshdesk or Freshservice account that
// answers like the real v2 API: solution categories, folders (Freshdesk's
// subfolders), articles; tickets listed by updated_since with their
// includes, filters and sort orders, the trash filters, conversations and
// groups, all paged by page/per_page with a Link header; and what the
// copilot writes: a ticket shown and updated (group, type, tags, custom
// and category fields, checked against the account's choices), private
// notes, the ticket fields with their choices; each write carried out is
// recorded (Writes). Freshservice
// wraps its lists in objects and refuses what it does not support
// (order_by, Freshdesk's includes). It checks the API key (basic auth,
// "X" as password), sends the X-Ratelimit-* headers, logs every request,
// and fails on demand: a 429 with Retry-After, a 500, a malformed page.
package freshdesktest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// APIKey is the key the fake accepts.
const APIKey = "fd-api-key-0123456789abcdef"

// Product is which API the fake speaks.
type Product string

// Products.
const (
	Freshdesk    Product = "freshdesk"
	Freshservice Product = "freshservice"
)

// Server is a fake account. Its methods are safe for concurrent use with
// the requests it serves.
type Server struct {
	*httptest.Server
	// Product is the API the fake speaks.
	Product Product

	mu         sync.Mutex
	now        time.Time
	nextID     int64
	categories []*Category
	folders    []*Folder
	articles   []*Article
	groups     []Group
	contacts   map[int64]Contact
	tickets    []*Ticket
	requests   []string
	faults     []*Fault
	writes     []Write
	types      []string            // the ticket type's choices
	dropdowns  map[string][]string // custom drop-downs' choices, by name
	ticketCats []Choice            // Freshservice's ticket categories
}

// New starts a fake account of product, closed when tb ends. Its clock
// starts at 2025-01-06 09:00 UTC and moves a second with each change.
func New(tb testing.TB, product Product) *Server {
	s := &Server{Product: product, now: time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC), nextID: 1000, contacts: map[int64]Contact{},
		types: []string{"Question", "Incident", "Problem", "Feature Request"}, dropdowns: map[string][]string{}}
	s.Server = httptest.NewServer(s.routes())
	tb.Cleanup(s.Close)
	return s
}

// Fault is an answer served instead of the real one, to the next Times
// requests whose path starts with Path (and whose query has Query, if
// set).
type Fault struct {
	Path       string
	Method     string // only requests of this method; "" for any
	Query      string
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
// Retry-After: retryAfter seconds, as the API does once the budget of the
// minute is spent.
func (s *Server) RateLimitNext(path, retryAfter string) {
	s.Inject(Fault{Path: path, Status: http.StatusTooManyRequests, RetryAfter: retryAfter,
		Header: http.Header{"X-Ratelimit-Remaining": {"0"}},
		Body:   `{"code":"too_many_requests","message":"You have exceeded the limit of requests per minute"}`})
}

// SpendBudgetNext serves the next request under path as usual, but with
// X-Ratelimit-Remaining: 0, as the last request of the minute's budget.
func (s *Server) SpendBudgetNext(path string) {
	s.Inject(Fault{Path: path, PassThrough: true, Header: http.Header{"X-Ratelimit-Remaining": {"0"}}})
}

// FailNext answers the next n requests under path with a 500.
func (s *Server) FailNext(path string, n int) {
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusInternalServerError})
}

// MalformNext answers the next n requests under path with 200 and a body
// cut short, as a dropped connection leaves it.
func (s *Server) MalformNext(path string, n int) {
	s.Inject(Fault{Path: path, Times: n, Status: http.StatusOK, Body: `[{"id":1,"title":"cut sh`})
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

// tick moves the clock a second for a change and returns the new time.
func (s *Server) tick() time.Time {
	s.now = s.now.Add(time.Second)
	return s.now
}

func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

func (s *Server) service() bool { return s.Product == Freshservice }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/solutions/categories", s.listCategories)
	mux.HandleFunc("GET /api/v2/solutions/articles/{id}", s.showArticle)
	if s.service() {
		mux.HandleFunc("GET /api/v2/solutions/folders", s.listFolders)
		mux.HandleFunc("GET /api/v2/solutions/articles", s.listArticles)
	} else {
		mux.HandleFunc("GET /api/v2/solutions/categories/{id}/folders", s.listFolders)
		mux.HandleFunc("GET /api/v2/solutions/folders/{id}/subfolders", s.listFolders)
		mux.HandleFunc("GET /api/v2/solutions/folders/{id}/articles", s.listArticles)
	}
	mux.HandleFunc("GET /api/v2/tickets", s.listTickets)
	mux.HandleFunc("GET /api/v2/tickets/{id}/conversations", s.listConversations)
	mux.HandleFunc("GET /api/v2/groups", s.listGroups)
	mux.HandleFunc("GET /api/v2/tickets/{id}", s.showTicket)
	mux.HandleFunc("PUT /api/v2/tickets/{id}", s.updateTicket)
	mux.HandleFunc("POST /api/v2/tickets/{id}/notes", s.addNote)
	if s.service() {
		mux.HandleFunc("GET /api/v2/ticket_form_fields", s.listTicketFields)
	} else {
		mux.HandleFunc("GET /api/v2/ticket_fields", s.listTicketFields)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"code": "invalid_url", "message": "The requested URL is not found"})
	})
	return s.middleware(mux)
}

// middleware logs the request, checks the API key, serves a queued fault
// if one matches, and sets the rate-limit headers.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		f := s.takeFault(r.Method, r.URL)
		s.mu.Unlock()
		h := w.Header()
		h.Set("X-Ratelimit-Total", "700")
		h.Set("X-Ratelimit-Remaining", "699")
		h.Set("X-Ratelimit-Used-Currentrequest", strconv.Itoa(1+2*len(splitList(r.URL.Query().Get("include")))))
		if !authorized(r.Header.Get("Authorization")) {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"code": "invalid_credentials", "message": "You have to be logged in to perform this action."})
			return
		}
		if f != nil && f.AfterWrite {
			next.ServeHTTP(discard{http.Header{}}, r)
		}
		if f != nil && f.PassThrough {
			for k, vs := range f.Header {
				h[k] = vs
			}
		} else if f != nil {
			serveFault(w, f)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) takeFault(method string, u *url.URL) *Fault {
	for i, f := range s.faults {
		if strings.HasPrefix(u.Path, f.Path) && strings.Contains(u.RawQuery, f.Query) && (f.Method == "" || f.Method == method) {
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
		writeJSON(w, status, map[string]any{"code": "internal_error", "message": http.StatusText(status) + " (injected by freshdesktest)"})
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, f.Body)
}

// authorized accepts the API key as basic auth user, any password (the
// API ignores it; clients send "X").
func authorized(h string) bool {
	b64, ok := strings.CutPrefix(h, "Basic ")
	if !ok {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	user, _, _ := strings.Cut(string(raw), ":")
	return err == nil && user == APIKey
}

// invalid writes the API's validation error for a field.
func invalid(w http.ResponseWriter, field, message, code string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{"description": "Validation failed",
		"errors": []map[string]any{{"field": field, "message": message, "code": code}}})
}

// writeList writes a page of items: a bare array on Freshdesk, wrapped
// under key on Freshservice; with a Link header to the next page when
// there is one.
func (s *Server) writeList(w http.ResponseWriter, r *http.Request, key string, items []any) {
	q := r.URL.Query()
	per, err := strconv.Atoi(q.Get("per_page"))
	if q.Get("per_page") == "" {
		per, err = 30, nil
	}
	if err != nil || per < 1 || per > 100 {
		invalid(w, "per_page", "It should be a Positive Integer less than or equal to 100", "invalid_value")
		return
	}
	page, err := strconv.Atoi(q.Get("page"))
	if q.Get("page") == "" {
		page, err = 1, nil
	}
	if err != nil || page < 1 {
		invalid(w, "page", "It should be a Positive Integer", "invalid_value")
		return
	}
	if !s.service() && r.URL.Path == "/api/v2/tickets" && page > 300 {
		invalid(w, "page", "You cannot access tickets beyond the 300th page. Please provide a smaller page number.", "invalid_value")
		return
	}
	from := min((page-1)*per, len(items))
	to := min(from+per, len(items))
	if to < len(items) {
		q.Set("page", strconv.Itoa(page+1))
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?%s>; rel="next"`, s.URL, r.URL.Path, q.Encode()))
	}
	out := items[from:to]
	if out == nil {
		out = []any{}
	}
	if s.service() {
		writeJSON(w, http.StatusOK, map[string]any{key: out})
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
