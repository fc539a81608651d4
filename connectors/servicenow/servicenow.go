package servicenow

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

// Config says which ServiceNow instance to sync, how to sign in and what to
// take from it.
type Config struct {
	// Name is the source's name: records are keyed by it (default
	// "servicenow").
	Name string
	// Instance is the instance's name: "acme" for
	// https://acme.service-now.com.
	Instance string
	// BaseURL replaces Instance with an origin of its own (a custom
	// domain, a proxy, a test server): "https://itsm.example.com".
	BaseURL string
	// Username and Password sign in with basic auth; OAuthToken, when set
	// instead, as an OAuth bearer token.
	Username   string
	Password   connectors.Secret
	OAuthToken connectors.Secret
	// Kinds are the streams to sync (default articles, then tickets).
	Kinds []connectors.Kind
	// KnowledgeBases, when set, limits articles to these knowledge bases
	// (kb_knowledge_base sys_ids).
	KnowledgeBases []string
	// IncidentQuery is an encoded query that incidents must also match,
	// such as "assignment_group.name=Service Desk" or "active=false".
	IncidentQuery string
	// TicketStart is where the first incident sync starts (default: the
	// instance's beginning).
	TicketStart time.Time
	// PageSize is how many records a page holds (default 100, at most
	// 10000, the Table API's limit).
	PageSize int
}

// Source syncs one ServiceNow instance. It implements connectors.Source
// and connectors.Reconciler.
type Source struct {
	cfg   Config
	base  string
	c     *connectors.Client
	pages *pageHeaders
}

var (
	_ connectors.Source     = (*Source)(nil)
	_ connectors.Reconciler = (*Source)(nil)
)

var instanceRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// New checks cfg and returns its source. o configures the HTTP client
// (the clock, the transport); New sets its credentials and error messages.
func New(cfg Config, o connectors.ClientOptions) (*Source, error) {
	if cfg.Name == "" {
		cfg.Name = "servicenow"
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	switch {
	case base != "":
		if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("servicenow: base URL %q is not an http(s) origin", cfg.BaseURL)
		}
	case instanceRE.MatchString(cfg.Instance):
		base = "https://" + cfg.Instance + ".service-now.com"
	default:
		return nil, fmt.Errorf("servicenow: instance %q is not an instance name (acme for acme.service-now.com)", cfg.Instance)
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
			return nil, fmt.Errorf("servicenow: unknown kind %q: want articles or tickets", k)
		}
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	cfg.PageSize = min(cfg.PageSize, 10000)
	if strings.ContainsAny(cfg.IncidentQuery, "\n\r") || strings.Contains(cfg.IncidentQuery, "ORDERBY") {
		return nil, errors.New("servicenow: incident query must be one encoded query without ORDERBY")
	}
	pages := &pageHeaders{}
	o.HTTP = pages.wrap(o.HTTP)
	o.Authorize = func(r *http.Request) { r.Header.Set("Authorization", auth.Reveal()) }
	o.ErrorMessage = errorMessage
	return &Source{cfg: cfg, base: base, c: connectors.NewClient(o), pages: pages}, nil
}

// authorization returns the Authorization header cfg's credentials give.
func authorization(cfg Config) (connectors.Secret, error) {
	switch {
	case cfg.OAuthToken.IsSet():
		return connectors.Secret("Bearer " + cfg.OAuthToken.Reveal()), nil
	case cfg.Username != "" && cfg.Password.IsSet():
		creds := cfg.Username + ":" + cfg.Password.Reveal()
		return connectors.Secret("Basic " + base64.StdEncoding.EncodeToString([]byte(creds))), nil
	case cfg.Password.IsSet():
		return "", errors.New("servicenow: a password needs the username it belongs to")
	}
	return "", errors.New("servicenow: no credentials: set a username and password, or an OAuth token")
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
		return s.fetchIncidents(ctx, cursor)
	}
	return nil, fmt.Errorf("servicenow: unknown kind %q", kind)
}

// tableURL returns the Table API URL of table with query q.
func (s *Source) tableURL(table string, q url.Values) string {
	return s.base + "/api/now/table/" + table + "?" + q.Encode()
}

// errorMessage reads ServiceNow's error body: {"error": {"message": ...,
// "detail": ...}, "status": "failure"}.
func errorMessage(body []byte) string {
	var e errorBody
	if json.Unmarshal(body, &e) != nil || e.Error.Message+e.Error.Detail == "" {
		return clip(strings.TrimSpace(string(body)))
	}
	return clip(strings.Trim(e.Error.Message+": "+e.Error.Detail, ": "))
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}
