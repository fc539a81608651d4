package servicenow

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"deskpilot/connectors"
)

func TestErrorMessage(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}`,
			"User Not Authenticated: Required to provide Auth information"},
		{`{"error":{"message":"Invalid table foo","detail":null},"status":"failure"}`, "Invalid table foo"},
		{`<html>Bad gateway</html>`, "<html>Bad gateway</html>"},
		{``, ""},
	}
	for _, tt := range tests {
		if got := errorMessage([]byte(tt.body)); got != tt.want {
			t.Errorf("errorMessage(%s) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestFieldReadsEveryDisplayMode(t *testing.T) {
	tests := []struct {
		json string
		want field
	}{
		{`"3"`, field{"3", "3"}},
		{`{"display_value":"3 - Moderate","value":"3"}`, field{"3", "3 - Moderate"}},
		{`{"display_value":"Network","link":"https://x/api/now/table/sys_user_group/abc","value":"abc"}`, field{"abc", "Network"}},
		{`{"link":"https://x/api/now/table/sys_user/abc","value":"abc"}`, field{"abc", "abc"}},
		{`null`, field{}},
	}
	for _, tt := range tests {
		var f field
		if err := json.Unmarshal([]byte(tt.json), &f); err != nil || f != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.json, f, err, tt.want)
		}
	}
	var f field
	if err := json.Unmarshal([]byte(`{"x":1}`), &f); err == nil {
		t.Errorf("an object without value or display value was read")
	}
}

func TestPosition(t *testing.T) {
	p, err := parsePosition("2025-01-06 09:00:05|3")
	if err != nil || p != (position{"2025-01-06 09:00:05", 3}) || p.String() != "2025-01-06 09:00:05|3" {
		t.Fatalf("parse: %+v, %v", p, err)
	}
	for _, bad := range []string{"yesterday|1", "2025-01-06 09:00:05", "2025-01-06 09:00:05|-1"} {
		if _, err := parsePosition(bad); err == nil {
			t.Errorf("cursor %q was accepted", bad)
		}
	}
	a, b := "2025-01-06 09:00:05", "2025-01-06 09:00:06"
	tests := []struct {
		name    string
		from    position
		updated []string
		more    bool
		want    position
	}{
		{"crosses a second", position{a, 1}, []string{a, b}, true, position{b, 1}},
		{"stays in the second: the whole page counts", position{a, 1}, []string{a}, true, position{a, 3}},
		{"an unreadable record is not counted", position{a, 0}, []string{b, ""}, true, position{b, 1}},
		{"the end starts the last second again", position{a, 4}, []string{a, b, b}, false, position{b, 0}},
	}
	for _, tt := range tests {
		if got := tt.from.advance(tt.updated, 2, tt.more); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestMore(t *testing.T) {
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	tests := []struct {
		name               string
		h                  http.Header
		offset, limit, got int
		want               bool
	}{
		{"next link", h("Link", `<u0>;rel="first",<u2>;rel="next",<u4>;rel="last"`, "X-Total-Count", "5"), 0, 2, 1, true},
		{"no next link", h("Link", `<u0>;rel="first",<u2>;rel="prev",<u4>;rel="last"`, "X-Total-Count", "5"), 4, 2, 1, false},
		{"one page: total only", h("X-Total-Count", "2"), 0, 2, 2, false},
		{"short page, more by the total", h("X-Total-Count", "9"), 0, 4, 1, true},
		{"no headers: a full page", nil, 0, 2, 2, true},
	}
	for _, tt := range tests {
		if got := more(tt.h, tt.offset, tt.limit, tt.got); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNewChecksConfig(t *testing.T) {
	ok := Config{Instance: "acme", Username: "u", Password: "p"}
	tests := []struct {
		name    string
		edit    func(c *Config)
		wantErr string
	}{
		{"valid", func(*Config) {}, ""},
		{"oauth", func(c *Config) { c.Username, c.Password, c.OAuthToken = "", "", "o" }, ""},
		{"no instance", func(c *Config) { c.Instance = "" }, "instance"},
		{"a URL for an instance", func(c *Config) { c.Instance = "https://acme.service-now.com" }, "instance"},
		{"bad base URL", func(c *Config) { c.BaseURL = "ftp://x" }, "base URL"},
		{"no credentials", func(c *Config) { c.Password = "" }, "no credentials"},
		{"password without user", func(c *Config) { c.Username = "" }, "username"},
		{"unknown kind", func(c *Config) { c.Kinds = []connectors.Kind{"changes"} }, "unknown kind"},
		{"ORDERBY in the query", func(c *Config) { c.IncidentQuery = "active=true^ORDERBYnumber" }, "incident query"},
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
			case err == nil && (s.Name() != "servicenow" || s.base != "https://acme.service-now.com"):
				t.Fatalf("source %s at %s", s.Name(), s.base)
			}
		})
	}
}
