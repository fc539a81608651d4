package zendesk

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
)

func TestErrorMessage(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"error":"RecordNotFound","description":"Not found"}`, "RecordNotFound: Not found"},
		{`{"error":"Couldn't authenticate you"}`, "Couldn't authenticate you"},
		{`{"error":{"title":"Forbidden","message":"You do not have access to this page."}}`, "Forbidden: You do not have access to this page."},
		{`{"errors":[{"title":"Invalid","detail":"page[size] is too large"}]}`, "Invalid: page[size] is too large"},
		{`<html>Bad gateway</html>`, "<html>Bad gateway</html>"},
		{``, ""},
	}
	for _, tt := range tests {
		if got := errorMessage([]byte(tt.body)); got != tt.want {
			t.Errorf("errorMessage(%s) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestRateLimitWait(t *testing.T) {
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"budget left", map[string]string{"Ratelimit-Remaining": "699", "Ratelimit-Reset": "30"}, 0},
		{"account budget spent", map[string]string{"Ratelimit-Remaining": "0", "Ratelimit-Reset": "30"}, 30 * time.Second},
		{"legacy header spent", map[string]string{"X-Rate-Limit-Remaining": "0", "Ratelimit-Reset": "12"}, 12 * time.Second},
		{"endpoint budget spent", map[string]string{"Zendesk-RateLimit-Tickets-Index": "total=100; remaining=0; resets=8"}, 8 * time.Second},
		{"endpoint budget left", map[string]string{"Zendesk-RateLimit-Tickets-Index": "total=100; remaining=3; resets=8"}, 0},
		{"the longest wins", map[string]string{"Zendesk-RateLimit-Incremental-Exports": "total=10; remaining=0; resets=50",
			"Ratelimit-Remaining": "0", "Ratelimit-Reset": "20"}, 50 * time.Second},
	}
	for _, tt := range tests {
		h := http.Header{}
		for k, v := range tt.header {
			h.Set(k, v)
		}
		if got := rateLimitWait(h); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNewChecksConfig(t *testing.T) {
	ok := Config{Subdomain: "acme", Email: "a@acme.com", APIToken: "t"}
	tests := []struct {
		name    string
		edit    func(c *Config)
		wantErr string
	}{
		{"valid", func(*Config) {}, ""},
		{"oauth", func(c *Config) { c.Email, c.APIToken, c.OAuthToken = "", "", "o" }, ""},
		{"no subdomain", func(c *Config) { c.Subdomain = "" }, "subdomain"},
		{"a URL for a subdomain", func(c *Config) { c.Subdomain = "https://acme.zendesk.com" }, "subdomain"},
		{"bad base URL", func(c *Config) { c.BaseURL = "ftp://x" }, "base URL"},
		{"no credentials", func(c *Config) { c.APIToken = "" }, "no credentials"},
		{"token without email", func(c *Config) { c.Email = "" }, "email"},
		{"unknown kind", func(c *Config) { c.Kinds = []connectors.Kind{"macros"} }, "unknown kind"},
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
			case err == nil && (s.Name() != "zendesk" || s.base != "https://acme.zendesk.com"):
				t.Fatalf("source %s at %s", s.Name(), s.base)
			}
		})
	}
}
