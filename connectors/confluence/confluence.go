package confluence

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

// Config says which Confluence site to sync, how to sign in and which
// spaces to take.
type Config struct {
	// Name is the source's name: records are keyed by it (default
	// "confluence"). Two sites need two names.
	Name string
	// URL is the site: "https://acme.atlassian.net" (a URL ending in
	// /wiki is taken too).
	URL string
	// Email and APIToken sign in (basic auth) as the account the token
	// belongs to.
	Email    string
	APIToken connectors.Secret
	// Spaces are the keys of the spaces whose pages are synced.
	Spaces []string
	// PublicSpaces are the keys of spaces whose pages may answer anyone;
	// the pages of the others are internal.
	PublicSpaces []string
	// TimeZone is the IANA zone CQL dates are read in, the API user's
	// (default: asked to /wiki/rest/api/user/current).
	TimeZone string
	// PageSize is how many pages a search page holds (default 25, at most
	// 100; Confluence may return fewer with bodies expanded).
	PageSize int
}

// Source syncs the pages of a Confluence site's spaces. It implements
// connectors.Source and connectors.Reconciler.
type Source struct {
	cfg    Config
	base   string // the site, without /wiki
	c      *connectors.Client
	clock  connectors.Clock
	spaces string // the CQL of cfg.Spaces
	public map[string]bool

	ready bool
	zone  *time.Location // CQL dates' zone; nil when unknown
}

var (
	_ connectors.Source     = (*Source)(nil)
	_ connectors.Reconciler = (*Source)(nil)
)

var spaceKeyRE = regexp.MustCompile(`^~?[A-Za-z0-9_-]+$`)

// New checks cfg and returns its source. o configures the HTTP client
// (the clock, the transport); New sets its credentials, error messages and
// rate-limit headers.
func New(cfg Config, o connectors.ClientOptions) (*Source, error) {
	if cfg.Name == "" {
		cfg.Name = "confluence"
	}
	base := strings.TrimSuffix(strings.TrimRight(cfg.URL, "/"), "/wiki")
	if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" {
		return nil, fmt.Errorf("confluence: URL %q is not a site's origin (https://acme.atlassian.net)", cfg.URL)
	}
	if cfg.Email == "" || !cfg.APIToken.IsSet() {
		return nil, errors.New("confluence: no credentials: set the email of an account and its API token")
	}
	if len(cfg.Spaces) == 0 {
		return nil, errors.New("confluence: no spaces: name the keys of the spaces to sync")
	}
	quoted := make([]string, len(cfg.Spaces))
	for i, k := range cfg.Spaces {
		if !spaceKeyRE.MatchString(k) {
			return nil, fmt.Errorf("confluence: %q is not a space key", k)
		}
		quoted[i] = `"` + k + `"`
	}
	public := map[string]bool{}
	for _, k := range cfg.PublicSpaces {
		public[k] = true
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 25
	}
	cfg.PageSize = min(cfg.PageSize, 100)
	if cfg.TimeZone != "" {
		if _, err := time.LoadLocation(cfg.TimeZone); err != nil {
			return nil, fmt.Errorf("confluence: time zone %q: %w", cfg.TimeZone, err)
		}
	}
	auth := connectors.Secret("Basic " + base64.StdEncoding.EncodeToString([]byte(cfg.Email+":"+cfg.APIToken.Reveal())))
	o.Authorize = func(r *http.Request) { r.Header.Set("Authorization", auth.Reveal()) }
	o.ErrorMessage = errorMessage
	if o.Clock == nil {
		o.Clock = connectors.SystemClock{}
	}
	o.RateLimitWait = rateLimitWait(o.Clock)
	return &Source{cfg: cfg, base: base, c: connectors.NewClient(o), clock: o.Clock, public: public,
		spaces: "space in (" + strings.Join(quoted, ",") + ") and type = page"}, nil
}

// Name returns the source's name.
func (s *Source) Name() string { return s.cfg.Name }

// Kinds returns the one stream of the source: articles.
func (s *Source) Kinds() []connectors.Kind { return []connectors.Kind{connectors.KindArticles} }

// Fetch returns the page of articles at cursor.
func (s *Source) Fetch(ctx context.Context, kind connectors.Kind, cursor string) (*connectors.Page, error) {
	if kind != connectors.KindArticles {
		return nil, fmt.Errorf("confluence: unknown kind %q", kind)
	}
	if err := s.prepare(ctx); err != nil {
		return nil, err
	}
	return s.fetchPages(ctx, cursor)
}

// prepare learns, once, the time zone CQL dates are read in.
func (s *Source) prepare(ctx context.Context) error {
	if s.ready {
		return nil
	}
	tz := s.cfg.TimeZone
	if tz == "" {
		var me user
		if err := s.get(ctx, s.url("/wiki/rest/api/user/current", nil), &me); err != nil {
			return err
		}
		tz = me.TimeZone
	}
	if loc, err := time.LoadLocation(tz); err == nil && tz != "" {
		s.zone = loc
	}
	s.ready = true
	return nil
}

// get fetches u into v.
func (s *Source) get(ctx context.Context, u string, v any) error {
	if err := s.c.GetJSON(ctx, u, v); err != nil {
		return fmt.Errorf("confluence: %w", err)
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

// errorMessage reads Confluence's error body, v1's or v2's.
func errorMessage(body []byte) string {
	var e errorBody
	if json.Unmarshal(body, &e) != nil {
		return clip(strings.TrimSpace(string(body)))
	}
	var parts []string
	if e.Message != "" {
		parts = append(parts, e.Message)
	}
	for _, x := range e.Errors {
		parts = append(parts, strings.Trim(strings.Join([]string{x.Code, x.Title, x.Detail}, ": "), ": "))
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
			v := strings.TrimSpace(h.Get("X-RateLimit-Reset"))
			for _, l := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04Z"} {
				if reset, err := time.Parse(l, v); err == nil {
					return max(reset.Sub(clock.Now()), 0)
				}
			}
			return time.Minute
		}
		if strings.EqualFold(strings.TrimSpace(h.Get("X-RateLimit-NearLimit")), "true") {
			return nearLimitPause
		}
		return 0
	}
}
