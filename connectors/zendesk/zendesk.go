package zendesk

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

// Config says which Zendesk account to sync, how to sign in and what to
// take from it.
type Config struct {
	// Name is the source's name: records are keyed by it (default
	// "zendesk"). Two accounts need two names.
	Name string
	// Subdomain is the account's: "acme" for https://acme.zendesk.com.
	Subdomain string
	// BaseURL replaces Subdomain with an origin of its own (a proxy, a
	// test server): "https://support.example.com".
	BaseURL string
	// Email and APIToken sign in with an API token ({email}/token:{token}
	// basic auth); OAuthToken, when set instead, as an OAuth bearer.
	Email      string
	APIToken   connectors.Secret
	OAuthToken connectors.Secret
	// Kinds are the streams to sync (default articles, then tickets).
	Kinds []connectors.Kind
	// Locales are the Help Center locales to sync ("en-us", "fr"); each
	// article in each of them is a record. Empty: each article in its
	// source locale.
	Locales []string
	// Sections, when set, limits articles to these section ids.
	Sections []int64
	// TicketStart is where the first ticket export starts (default: the
	// account's beginning).
	TicketStart time.Time
	// CategoryField is the id of a ticket field (a drop-down) whose value
	// is the ticket's category; 0 for none.
	CategoryField int64
	// PageSize is how many tickets an export page holds (default 100,
	// at most 1000). Each ticket costs a request for its comments.
	PageSize int
}

// Source syncs one Zendesk account. It implements connectors.Source and
// connectors.Reconciler.
type Source struct {
	cfg     Config
	base    string
	c       *connectors.Client
	clock   connectors.Clock
	scope   map[int64]bool   // cfg.Sections
	names   map[int64]string // section names, as of namesAt
	namesAt time.Time
}

var (
	_ connectors.Source     = (*Source)(nil)
	_ connectors.Reconciler = (*Source)(nil)
)

var subdomainRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// New checks cfg and returns its source. o configures the HTTP client
// (the clock, the transport); New sets its credentials, error messages and
// rate-limit headers.
func New(cfg Config, o connectors.ClientOptions) (*Source, error) {
	if cfg.Name == "" {
		cfg.Name = "zendesk"
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	switch {
	case base != "":
		if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("zendesk: base URL %q is not an http(s) origin", cfg.BaseURL)
		}
	case subdomainRE.MatchString(cfg.Subdomain):
		base = "https://" + cfg.Subdomain + ".zendesk.com"
	default:
		return nil, fmt.Errorf("zendesk: subdomain %q is not a Zendesk subdomain (acme for acme.zendesk.com)", cfg.Subdomain)
	}
	auth, err := authorization(cfg)
	if err != nil {
		return nil, err
	}
	if len(cfg.Kinds) == 0 {
		cfg.Kinds = []connectors.Kind{connectors.KindArticles, connectors.KindTickets}
	}
	for _, k := range cfg.Kinds {
		if k != connectors.KindArticles && k != connectors.KindTickets {
			return nil, fmt.Errorf("zendesk: unknown kind %q: want articles or tickets", k)
		}
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	cfg.PageSize = min(cfg.PageSize, 1000)
	for i, l := range cfg.Locales {
		cfg.Locales[i] = strings.ToLower(strings.TrimSpace(l))
	}
	o.Authorize = func(r *http.Request) { r.Header.Set("Authorization", auth.Reveal()) }
	o.ErrorMessage = errorMessage
	o.RateLimitWait = rateLimitWait
	if o.Clock == nil {
		o.Clock = connectors.SystemClock{}
	}
	s := &Source{cfg: cfg, base: base, c: connectors.NewClient(o), clock: o.Clock, scope: map[int64]bool{}}
	for _, id := range cfg.Sections {
		s.scope[id] = true
	}
	return s, nil
}

// authorization returns the Authorization header cfg's credentials give.
func authorization(cfg Config) (connectors.Secret, error) {
	switch {
	case cfg.OAuthToken.IsSet():
		return connectors.Secret("Bearer " + cfg.OAuthToken.Reveal()), nil
	case cfg.Email != "" && cfg.APIToken.IsSet():
		creds := cfg.Email + "/token:" + cfg.APIToken.Reveal()
		return connectors.Secret("Basic " + base64.StdEncoding.EncodeToString([]byte(creds))), nil
	case cfg.APIToken.IsSet():
		return "", errors.New("zendesk: an API token needs the email of the agent it belongs to")
	}
	return "", errors.New("zendesk: no credentials: set an email and API token, or an OAuth token")
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
	return nil, fmt.Errorf("zendesk: unknown kind %q", kind)
}

// url returns the API URL of path with query q.
func (s *Source) url(path string, q url.Values) string {
	if len(q) == 0 {
		return s.base + path
	}
	return s.base + path + "?" + q.Encode()
}

// errorMessage reads Zendesk's error body, whatever its shape.
func errorMessage(body []byte) string {
	var e errorBody
	if json.Unmarshal(body, &e) != nil {
		return clip(strings.TrimSpace(string(body)))
	}
	var parts []string
	var s string
	var obj struct{ Title, Message string }
	switch {
	case json.Unmarshal(e.Error, &s) == nil && s != "":
		parts = append(parts, s)
	case json.Unmarshal(e.Error, &obj) == nil && obj.Title+obj.Message != "":
		parts = append(parts, strings.Trim(obj.Title+": "+obj.Message, ": "))
	}
	if e.Description != "" {
		parts = append(parts, e.Description)
	}
	for _, x := range e.Errors {
		parts = append(parts, strings.Trim(x.Title+": "+x.Detail, ": "))
	}
	return clip(strings.Join(parts, ": "))
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// rateLimitWait reads Zendesk's rate-limit headers: the account's budget
// (ratelimit-remaining with ratelimit-reset, or X-Rate-Limit-Remaining) and
// the per-endpoint ones (Zendesk-RateLimit-<endpoint>: total=10;
// remaining=0; resets=40). A spent budget pauses until its reset.
func rateLimitWait(h http.Header) time.Duration {
	var wait time.Duration
	for name, vals := range h {
		if !strings.HasPrefix(strings.ToLower(name), "zendesk-ratelimit-") || len(vals) == 0 {
			continue
		}
		f := map[string]string{}
		for _, kv := range strings.Split(vals[0], ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(kv), "=")
			f[strings.ToLower(k)] = strings.TrimSpace(v)
		}
		if f["remaining"] == "0" {
			wait = max(wait, seconds(f["resets"]))
		}
	}
	remaining := h.Get("Ratelimit-Remaining")
	if remaining == "" {
		remaining = h.Get("X-Rate-Limit-Remaining")
	}
	if strings.TrimSpace(remaining) == "0" {
		wait = max(wait, seconds(h.Get("Ratelimit-Reset")))
	}
	return wait
}

func seconds(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}
