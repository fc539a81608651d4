package freshdesk

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
)

func TestErrorMessage(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}`,
			"invalid_credentials: You have to be logged in to perform this action."},
		{`{"description":"Validation failed","errors":[{"field":"updated_since","message":"It should be in the 'valid date' format","code":"invalid_value"}]}`,
			"Validation failed: updated_since: It should be in the 'valid date' format"},
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
		{"budget left", map[string]string{"X-Ratelimit-Total": "700", "X-Ratelimit-Remaining": "12"}, 0},
		{"budget spent", map[string]string{"X-Ratelimit-Total": "700", "X-Ratelimit-Remaining": "0"}, time.Minute},
		{"a 429 says when", map[string]string{"X-Ratelimit-Remaining": "0", "Retry-After": "7"}, 0},
		{"no headers", nil, 0},
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
	ok := Config{Domain: "acme", APIKey: "k"}
	tests := []struct {
		name     string
		edit     func(c *Config)
		wantErr  string
		wantBase string
		wantName string
	}{
		{"freshdesk", func(*Config) {}, "", "https://acme.freshdesk.com", "freshdesk"},
		{"freshservice", func(c *Config) { c.Product = Freshservice }, "", "https://acme.freshservice.com", "freshservice"},
		{"own host", func(c *Config) { c.Domain = "Support.Acme.com" }, "", "https://support.acme.com", "freshdesk"},
		{"base URL", func(c *Config) { c.BaseURL = "http://127.0.0.1:8080/"; c.Name = "fd-eu" }, "", "http://127.0.0.1:8080", "fd-eu"},
		{"no domain", func(c *Config) { c.Domain = "" }, "domain", "", ""},
		{"a URL for a domain", func(c *Config) { c.Domain = "https://acme.freshdesk.com" }, "domain", "", ""},
		{"bad base URL", func(c *Config) { c.BaseURL = "ftp://x" }, "base URL", "", ""},
		{"no key", func(c *Config) { c.APIKey = "" }, "no API key", "", ""},
		{"unknown product", func(c *Config) { c.Product = "freshsales" }, "unknown product", "", ""},
		{"unknown kind", func(c *Config) { c.Kinds = []connectors.Kind{"macros"} }, "unknown kind", "", ""},
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
			case err == nil && (s.Name() != tt.wantName || s.base != tt.wantBase || s.cfg.PageSize != 100):
				t.Fatalf("source %s at %s, pages of %d", s.Name(), s.base, s.cfg.PageSize)
			}
		})
	}
}

func TestCategory(t *testing.T) {
	str := func(s string) *string { return &s }
	tk := &ticket{Type: str("Incident"), CustomFields: map[string]any{"cf_category": "Network", "cf_sub": "VPN", "cf_n": 3.0},
		Category: str("Hardware"), SubCategory: str("Laptop"), ItemCategory: str("")}
	tests := []struct {
		product Product
		field   string
		want    string
	}{
		{Freshdesk, "", "Incident"},
		{Freshservice, "", "Hardware/Laptop"},
		{Freshdesk, "cf_category", "Network"},
		{Freshdesk, "cf_category, cf_sub", "Network/VPN"},
		{Freshservice, "type", "Incident"},
		{Freshdesk, "cf_n", ""},
		{Freshdesk, "cf_missing", ""},
	}
	for _, tt := range tests {
		s := &Source{cfg: Config{Product: tt.product, CategoryField: tt.field}}
		if got := s.category(tk); got != tt.want {
			t.Errorf("%s, field %q: %q, want %q", tt.product, tt.field, got, tt.want)
		}
	}
}

func TestWatermark(t *testing.T) {
	t0 := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name              string
		since, max, start time.Time
		want              time.Time
	}{
		{"the latest change", t0, t0.Add(time.Hour), t0.Add(2 * time.Hour), t0.Add(time.Hour)},
		{"no later than the start", t0, t0.Add(time.Hour), t0.Add(time.Hour + time.Minute), t0.Add(time.Hour - 4*time.Minute)},
		{"nothing seen", t0, time.Time{}, t0.Add(time.Hour), t0},
		{"never back", t0, t0.Add(time.Minute), t0.Add(2 * time.Minute), t0},
	}
	for _, tt := range tests {
		if got := watermark(tt.since, tt.max, tt.start); !got.Equal(tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
