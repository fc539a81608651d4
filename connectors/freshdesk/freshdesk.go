package freshdesk

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"deskpilot/connectors"
)

// Product is which of the two Freshworks desks an account is.
type Product string

// Products the source speaks to.
const (
	Freshdesk    Product = "freshdesk"
	Freshservice Product = "freshservice"
)

// Config says which account to sync, how to sign in and what to take
// from it.
type Config struct {
	// Name is the source's name: records are keyed by it (default: the
	// product's name). Two accounts need two names.
	Name string
	// Product is Freshdesk (the default) or Freshservice.
	Product Product
	// Domain is the account's: "acme" for acme.freshdesk.com (or
	// acme.freshservice.com), or a full host name ("support.acme.com").
	Domain string
	// BaseURL replaces Domain with an origin of its own (a proxy, a test
	// server): "https://support.example.com".
	BaseURL string
	// APIKey is an agent's API key; it signs in as basic auth {key}:X.
	APIKey connectors.Secret
	// Kinds are the streams to sync (default articles, then tickets).
	Kinds []connectors.Kind
	// Categories, when set, limits articles to these solution categories.
	Categories []int64
	// TicketStart is where the first ticket listing starts (default: the
	// Unix epoch; without it the API lists only the last 30 days).
	TicketStart time.Time
	// CategoryField names the ticket field whose value is the ticket's
	// category: a custom field ("cf_category") or "type". Empty: the
	// ticket's type on Freshdesk; category / sub_category / item_category
	// on Freshservice.
	CategoryField string
	// WorkspaceID limits Freshservice tickets to a workspace (0: the
	// account's primary workspace, as the API does by default).
	WorkspaceID int64
	// PageSize is how many records a list page holds (default and maximum
	// 100). Each ticket costs a request for its conversations.
	PageSize int
}

// Source syncs one Freshdesk or Freshservice account. It implements
// connectors.Source and connectors.Reconciler.
type Source struct {
	cfg       Config
	base      string
	c         *connectors.Client
	clock     connectors.Clock
	scope     map[int64]bool // cfg.Categories
	folders   []folderInfo   // as of foldersAt
	foldersAt time.Time
	groups    map[int64]string
	groupsAt  time.Time
	walk      *walkState // the article walk this Source started, if any
}

var (
	_ connectors.Source     = (*Source)(nil)
	_ connectors.Reconciler = (*Source)(nil)
)

var domainRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$`)

// New checks cfg and returns its source. o configures the HTTP client
// (the clock, the transport); New sets its credentials, error messages and
// rate-limit headers.
func New(cfg Config, o connectors.ClientOptions) (*Source, error) {
	switch cfg.Product {
	case "":
		cfg.Product = Freshdesk
	case Freshdesk, Freshservice:
	default:
		return nil, fmt.Errorf("freshdesk: unknown product %q: want freshdesk or freshservice", cfg.Product)
	}
	if cfg.Name == "" {
		cfg.Name = string(cfg.Product)
	}
	base, err := origin(cfg)
	if err != nil {
		return nil, err
	}
	if !cfg.APIKey.IsSet() {
		return nil, errors.New("freshdesk: no API key")
	}
	if len(cfg.Kinds) == 0 {
		cfg.Kinds = []connectors.Kind{connectors.KindArticles, connectors.KindTickets}
	}
	for _, k := range cfg.Kinds {
		if k != connectors.KindArticles && k != connectors.KindTickets {
			return nil, fmt.Errorf("freshdesk: unknown kind %q: want articles or tickets", k)
		}
	}
	if cfg.PageSize <= 0 || cfg.PageSize > 100 {
		cfg.PageSize = 100
	}
	if cfg.TicketStart.IsZero() {
		cfg.TicketStart = time.Unix(0, 0)
	}
	auth := connectors.Secret("Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.APIKey.Reveal()+":X")))
	o.Authorize = func(r *http.Request) { r.Header.Set("Authorization", auth.Reveal()) }
	o.ErrorMessage = errorMessage
	o.RateLimitWait = rateLimitWait
	if o.Clock == nil {
		o.Clock = connectors.SystemClock{}
	}
	s := &Source{cfg: cfg, base: base, c: connectors.NewClient(o), clock: o.Clock, scope: map[int64]bool{}}
	for _, id := range cfg.Categories {
		s.scope[id] = true
	}
	return s, nil
}

// origin returns the API origin cfg names.
func origin(cfg Config) (string, error) {
	if base := strings.TrimRight(cfg.BaseURL, "/"); base != "" {
		if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return "", fmt.Errorf("freshdesk: base URL %q is not an http(s) origin", cfg.BaseURL)
		}
		return base, nil
	}
	d := strings.ToLower(strings.TrimSpace(cfg.Domain))
	if !domainRE.MatchString(d) {
		return "", fmt.Errorf("freshdesk: domain %q is not an account domain (acme for acme.%s.com)", cfg.Domain, cfg.Product)
	}
	if !strings.Contains(d, ".") {
		d += "." + string(cfg.Product) + ".com"
	}
	return "https://" + d, nil
}

// Name returns the source's name.
func (s *Source) Name() string { return s.cfg.Name }

// Kinds returns the streams to sync.
func (s *Source) Kinds() []connectors.Kind { return s.cfg.Kinds }

// Fetch returns the page of kind at cursor.
func (s *Source) Fetch(ctx context.Context, kind connectors.Kind, cursor string) (*connectors.Page, error) {
	switch kind {
	case connectors.KindArticles:
		return s.fetchArticles(ctx, cursor)
	case connectors.KindTickets:
		return s.fetchTickets(ctx, cursor)
	}
	return nil, fmt.Errorf("freshdesk: unknown kind %q", kind)
}

// service reports whether the account is a Freshservice one.
func (s *Source) service() bool { return s.cfg.Product == Freshservice }

// url returns the API URL of path with query q.
func (s *Source) url(path string, q url.Values) string {
	if len(q) == 0 {
		return s.base + path
	}
	return s.base + path + "?" + q.Encode()
}

// getList fetches a list page: a bare array on Freshdesk, an array under
// key on Freshservice. Its records are left raw, for each to be read on
// its own.
func (s *Source) getList(ctx context.Context, u, key string) ([]json.RawMessage, error) {
	var body json.RawMessage
	if err := s.c.GetJSON(ctx, u, &body); err != nil {
		return nil, fmt.Errorf("freshdesk: %w", err)
	}
	var items []json.RawMessage
	var err error
	if s.service() {
		var wrapped map[string]json.RawMessage
		if err = json.Unmarshal(body, &wrapped); err == nil {
			err = json.Unmarshal(wrapped[key], &items)
			if wrapped[key] == nil {
				err = fmt.Errorf("no %q in the answer", key)
			}
		}
	} else {
		err = json.Unmarshal(body, &items)
	}
	if err != nil {
		return nil, fmt.Errorf("freshdesk: %w", &connectors.PageError{URL: u, Err: err})
	}
	return items, nil
}

// eachPage walks a page/per_page list, giving fn each page's records. The
// API marks the last page by leaving out its Link header, which the client
// does not show; a page shorter than asked is the last one instead. An
// endpoint that ignores paging (and serves its first page again) ends the
// walk rather than loop.
func (s *Source) eachPage(ctx context.Context, path string, q url.Values, key string, fn func(u string, items []json.RawMessage) error) error {
	if q == nil {
		q = url.Values{}
	}
	q.Set("per_page", strconv.Itoa(s.cfg.PageSize))
	var first string
	for page := 1; ; page++ {
		q.Set("page", strconv.Itoa(page))
		u := s.url(path, q)
		items, err := s.getList(ctx, u, key)
		if err != nil {
			return err
		}
		if len(items) > 0 {
			if page > 1 && string(items[0]) == first {
				return nil
			}
			first = string(items[0])
		}
		if err := fn(u, items); err != nil {
			return err
		}
		if len(items) < s.cfg.PageSize {
			return nil
		}
	}
}

// errorMessage reads the API's error body: {"code", "message"} or
// {"description", "errors": [{"field", "message", "code"}]}.
func errorMessage(body []byte) string {
	var e errorBody
	if json.Unmarshal(body, &e) != nil {
		return clip(strings.TrimSpace(string(body)))
	}
	var parts []string
	for _, p := range []string{e.Code, e.Message, e.Description} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	for _, x := range e.Errors {
		parts = append(parts, strings.Trim(x.Field+": "+x.Message, ": "))
	}
	return clip(strings.Join(parts, ": "))
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// rateWindow is how long a spent budget pauses requests: the API counts
// its limit per minute and sends no reset time.
const rateWindow = time.Minute

// rateLimitWait reads X-Ratelimit-Remaining: a spent budget pauses the
// next request for a minute, the longest it can take to refill, rather
// than spend a request (which counts too) on a 429. A 429's own
// Retry-After says better when to come back, and wins.
func rateLimitWait(h http.Header) time.Duration {
	if h.Get("Retry-After") == "" && strings.TrimSpace(h.Get("X-Ratelimit-Remaining")) == "0" {
		return rateWindow
	}
	return 0
}

// rawID names a record that could not be decoded by its id, if it has one.
func rawID(raw json.RawMessage) string {
	var v struct {
		ID json.Number `json:"id"`
	}
	if json.Unmarshal(raw, &v) == nil && v.ID != "" {
		return " " + v.ID.String()
	}
	return ""
}
