package jira

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"deskpilot/connectors"
)

// Config says which Jira site to sync, how to sign in and what to take
// from it.
type Config struct {
	// Name is the source's name: records are keyed by it (default
	// "jira"). Two sites need two names.
	Name string
	// URL is the site: "https://acme.atlassian.net".
	URL string
	// Email and APIToken sign in (basic auth) as the account the token
	// belongs to.
	Email    string
	APIToken connectors.Secret
	// Projects are the keys of the service desk projects to sync.
	Projects []string
	// JQL, when set, narrows the requests further; it is ANDed to the
	// projects ("issuetype != Task").
	JQL string
	// RequestTypeField is the id of the Customer Request Type field
	// ("customfield_10010"); found by its type when empty.
	RequestTypeField string
	// CategoryField is the id of a field whose value is the category (a
	// select, a cascading select, a text); empty: the request type's name.
	CategoryField string
	// TeamField is the id of a field whose value is the team (a select, a
	// group picker, an Atlassian team); empty: no team.
	TeamField string
	// TicketStart is where the first sync starts (default: every request).
	TicketStart time.Time
	// TimeZone is the IANA zone JQL dates are read in, the API user's
	// (default: asked to /rest/api/3/myself).
	TimeZone string
	// PageSize is how many issues a search page holds (default 50, at
	// most 100).
	PageSize int
}

// Source syncs the requests of a Jira site. It implements
// connectors.Source and connectors.Reconciler.
type Source struct {
	cfg   Config
	base  string
	c     *connectors.Client
	clock connectors.Clock

	ready    bool
	zone     *time.Location // JQL dates' zone; nil when unknown
	reqType  string         // id of the request type field, "" if none
	projects string         // the JQL of cfg.Projects and cfg.JQL
}

var (
	_ connectors.Source     = (*Source)(nil)
	_ connectors.Reconciler = (*Source)(nil)
)

var projectKeyRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]+$`)

// New checks cfg and returns its source. o configures the HTTP client
// (the clock, the transport); New sets its credentials, error messages and
// rate-limit headers.
func New(cfg Config, o connectors.ClientOptions) (*Source, error) {
	if cfg.Name == "" {
		cfg.Name = "jira"
	}
	base := strings.TrimRight(cfg.URL, "/")
	if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" {
		return nil, fmt.Errorf("jira: URL %q is not a site's origin (https://acme.atlassian.net)", cfg.URL)
	}
	if cfg.Email == "" || !cfg.APIToken.IsSet() {
		return nil, errors.New("jira: no credentials: set the email of an account and its API token")
	}
	if len(cfg.Projects) == 0 {
		return nil, errors.New("jira: no projects: name the keys of the service desk projects to sync")
	}
	quoted := make([]string, len(cfg.Projects))
	for i, p := range cfg.Projects {
		p = strings.ToUpper(strings.TrimSpace(p))
		if !projectKeyRE.MatchString(p) {
			return nil, fmt.Errorf("jira: %q is not a project key", cfg.Projects[i])
		}
		quoted[i] = `"` + p + `"`
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 50
	}
	cfg.PageSize = min(cfg.PageSize, 100)
	if cfg.TimeZone != "" {
		if _, err := time.LoadLocation(cfg.TimeZone); err != nil {
			return nil, fmt.Errorf("jira: time zone %q: %w", cfg.TimeZone, err)
		}
	}
	auth := connectors.Secret("Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.Email+":"+cfg.APIToken.Reveal())))
	o.Authorize = func(r *http.Request) { r.Header.Set("Authorization", auth.Reveal()) }
	o.ErrorMessage = errorMessage
	if o.Clock == nil {
		o.Clock = connectors.SystemClock{}
	}
	o.RateLimitWait = rateLimitWait(o.Clock)
	projects := "project in (" + strings.Join(quoted, ", ") + ")"
	if strings.TrimSpace(cfg.JQL) != "" {
		projects += " AND (" + cfg.JQL + ")"
	}
	return &Source{cfg: cfg, base: base, c: connectors.NewClient(o), clock: o.Clock, projects: projects}, nil
}

// Name returns the source's name.
func (s *Source) Name() string { return s.cfg.Name }

// Kinds returns the one stream of the source: tickets.
func (s *Source) Kinds() []connectors.Kind { return []connectors.Kind{connectors.KindTickets} }

// Fetch returns the page of tickets at cursor.
func (s *Source) Fetch(ctx context.Context, kind connectors.Kind, cursor string) (*connectors.Page, error) {
	if kind != connectors.KindTickets {
		return nil, fmt.Errorf("jira: unknown kind %q", kind)
	}
	if err := s.prepare(ctx); err != nil {
		return nil, err
	}
	return s.fetchTickets(ctx, cursor)
}

// prepare learns, once, the time zone JQL dates are read in and the id of
// the request type field.
func (s *Source) prepare(ctx context.Context) error {
	if s.ready {
		return nil
	}
	tz := s.cfg.TimeZone
	if tz == "" {
		var me account
		if err := s.get(ctx, s.url("/rest/api/3/myself", nil), &me); err != nil {
			return err
		}
		tz = me.TimeZone
	}
	if loc, err := time.LoadLocation(tz); err == nil && tz != "" {
		s.zone = loc
	}
	s.reqType = s.cfg.RequestTypeField
	if s.reqType == "" {
		var fields []field
		if err := s.get(ctx, s.url("/rest/api/3/field", nil), &fields); err != nil {
			return err
		}
		for _, f := range fields {
			if f.Schema != nil && f.Schema.Custom == requestTypeSchema {
				s.reqType = f.ID
				break
			}
		}
	}
	s.ready = true
	return nil
}

// get fetches u into v.
func (s *Source) get(ctx context.Context, u string, v any) error {
	if err := s.c.GetJSON(ctx, u, v); err != nil {
		return fmt.Errorf("jira: %w", err)
	}
	return nil
}

// url returns the API URL of path with query q.
func (s *Source) url(path string, q url.Values) string {
	if len(q) == 0 {
		return s.base + path
	}
	return s.base + path + "?" + q.Encode()
}

// errorMessage reads Jira's error body, whatever its shape.
func errorMessage(body []byte) string {
	var e errorBody
	if json.Unmarshal(body, &e) != nil {
		return clip(strings.TrimSpace(string(body)))
	}
	parts := append([]string(nil), e.ErrorMessages...)
	for _, k := range sortedKeys(e.Errors) {
		parts = append(parts, k+": "+e.Errors[k])
	}
	for _, p := range []string{e.ErrorMessage, e.Message} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return clip(strings.Join(parts, "; "))
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

// nearLimitPause spaces requests while Atlassian says the budget is
// nearly spent (X-RateLimit-NearLimit: less than a fifth of it left).
const nearLimitPause = time.Second

// rateLimitWait reads Atlassian's rate-limit headers: a spent budget
// (X-RateLimit-Remaining: 0) pauses until X-RateLimit-Reset, an ISO 8601
// time; a nearly spent one spaces requests. A 429's Retry-After wins.
func rateLimitWait(clock connectors.Clock) func(h http.Header) time.Duration {
	return func(h http.Header) time.Duration {
		if h.Get("Retry-After") != "" {
			return 0
		}
		if strings.TrimSpace(h.Get("X-RateLimit-Remaining")) == "0" {
			if reset, ok := parseReset(h.Get("X-RateLimit-Reset")); ok {
				return max(reset.Sub(clock.Now()), 0)
			}
			return time.Minute
		}
		if strings.EqualFold(strings.TrimSpace(h.Get("X-RateLimit-NearLimit")), "true") {
			return nearLimitPause
		}
		return 0
	}
}

// parseReset reads X-RateLimit-Reset: "2025-01-06T09:01Z" or RFC 3339.
func parseReset(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, l := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04Z"} {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
