package confluence

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

func TestErrorMessage(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"statusCode":400,"data":{"authorized":true,"valid":false,"errors":[],"successful":false},"message":"Could not parse cql : x"}`,
			"Could not parse cql : x"},
		{`{"errors":[{"status":404,"code":"NOT_FOUND","title":"Space not found","detail":null}]}`, "NOT_FOUND: Space not found"},
		{`Unauthorized`, "Unauthorized"},
		{``, ""},
	}
	for _, tt := range tests {
		if got := errorMessage([]byte(tt.body)); got != tt.want {
			t.Errorf("errorMessage(%s) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestRateLimitWait(t *testing.T) {
	wait := rateLimitWait(synctest.NewClock(time.Date(2025, 1, 6, 9, 0, 30, 0, time.UTC)))
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"budget left", map[string]string{"X-RateLimit-Remaining": "12"}, 0},
		{"spent, until the reset", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2025-01-06T09:01Z"}, 30 * time.Second},
		{"spent, no reset", map[string]string{"X-RateLimit-Remaining": "0"}, time.Minute},
		{"near the limit", map[string]string{"X-RateLimit-NearLimit": "true"}, time.Second},
		{"a 429 says when", map[string]string{"X-RateLimit-Remaining": "0", "Retry-After": "5"}, 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.header {
			h.Set(k, v)
		}
		if got := wait(h); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNewChecksConfig(t *testing.T) {
	ok := Config{URL: "https://acme.atlassian.net/wiki/", Email: "a@acme.com", APIToken: "t", Spaces: []string{"IT", "~5b12ab"}}
	tests := []struct {
		name    string
		edit    func(c *Config)
		wantErr string
	}{
		{"valid", func(*Config) {}, ""},
		{"site without /wiki", func(c *Config) { c.URL = "https://acme.atlassian.net" }, ""},
		{"another path", func(c *Config) { c.URL = "https://acme.atlassian.net/confluence" }, "origin"},
		{"no token", func(c *Config) { c.APIToken = "" }, "no credentials"},
		{"no spaces", func(c *Config) { c.Spaces = nil }, "no spaces"},
		{"bad key", func(c *Config) { c.Spaces = []string{`IT") or space != ("X`} }, "not a space key"},
		{"bad zone", func(c *Config) { c.TimeZone = "Mars/Olympus" }, "time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			s, err := New(c, connectors.ClientOptions{})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatal(err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("New: %v, want an error about %s", err, tt.wantErr)
			case err == nil && (s.Name() != "confluence" || s.base != "https://acme.atlassian.net" || s.spaces != `space in ("IT","~5b12ab") and type = page`):
				t.Fatalf("source %s at %s: %s", s.Name(), s.base, s.spaces)
			}
		})
	}
}

func TestCQL(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	since := time.Date(2025, 1, 6, 9, 30, 59, 0, time.UTC)
	tests := []struct {
		name  string
		zone  *time.Location
		since time.Time
		want  string
	}{
		{"from the start", tokyo, time.Time{}, `space in ("IT") and type = page order by lastmodified asc`},
		{"in the user's zone", tokyo, since, `space in ("IT") and type = page and lastmodified >= "2025-01-06 18:30" order by lastmodified asc`},
		{"zone unknown: 14 h earlier", nil, since, `space in ("IT") and type = page and lastmodified >= "2025-01-05 19:30" order by lastmodified asc`},
	}
	for _, tt := range tests {
		s := &Source{spaces: `space in ("IT") and type = page`, zone: tt.zone}
		if got := s.cql(tt.since); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
