package jira

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/synctest"
)

func TestErrorMessage(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}`,
			"Issue does not exist or you do not have permission to see it."},
		{`{"errorMessages":[],"errors":{"jql":"The value 'X' does not exist for the field 'project'."}}`,
			"jql: The value 'X' does not exist for the field 'project'."},
		{`{"errorMessage":"The request type is not valid","i18nErrorMessage":{}}`, "The request type is not valid"},
		{`Client must be authenticated to access this resource.`, "Client must be authenticated to access this resource."},
		{``, ""},
	}
	for _, tt := range tests {
		if got := errorMessage([]byte(tt.body)); got != tt.want {
			t.Errorf("errorMessage(%s) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestRateLimitWait(t *testing.T) {
	clock := synctest.NewClock(time.Date(2025, 1, 6, 9, 0, 30, 0, time.UTC))
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
	}{
		{"budget left", map[string]string{"X-RateLimit-Remaining": "40", "X-RateLimit-Limit": "100"}, 0},
		{"spent, until the reset", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2025-01-06T09:02Z"}, 90 * time.Second},
		{"spent, RFC 3339 reset", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2025-01-06T09:01:00Z"}, 30 * time.Second},
		{"spent, reset past", map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2025-01-06T08:00Z"}, 0},
		{"spent, no reset", map[string]string{"X-RateLimit-Remaining": "0"}, time.Minute},
		{"near the limit", map[string]string{"X-RateLimit-NearLimit": "true"}, time.Second},
		{"a 429 says when", map[string]string{"X-RateLimit-Remaining": "0", "Retry-After": "5", "X-RateLimit-Reset": "2025-01-06T09:02Z"}, 0},
	}
	wait := rateLimitWait(clock)
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
	ok := Config{URL: "https://acme.atlassian.net", Email: "a@acme.com", APIToken: "t", Projects: []string{"itsm"}}
	tests := []struct {
		name    string
		edit    func(c *Config)
		wantErr string
	}{
		{"valid", func(*Config) {}, ""},
		{"a path", func(c *Config) { c.URL = "https://acme.atlassian.net/jira" }, "origin"},
		{"no URL", func(c *Config) { c.URL = "" }, "origin"},
		{"no token", func(c *Config) { c.APIToken = "" }, "no credentials"},
		{"no email", func(c *Config) { c.Email = "" }, "no credentials"},
		{"no projects", func(c *Config) { c.Projects = nil }, "no projects"},
		{"bad key", func(c *Config) { c.Projects = []string{`X") OR ("`} }, "not a project key"},
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
			case err == nil && (s.Name() != "jira" || s.projects != `project in ("ITSM")` || s.cfg.PageSize != 50):
				t.Fatalf("source %s, %q, pages of %d", s.Name(), s.projects, s.cfg.PageSize)
			}
		})
	}
}

func TestJQL(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	since := time.Date(2025, 1, 6, 9, 30, 59, 999e6, time.UTC)
	tests := []struct {
		name  string
		zone  *time.Location
		since time.Time
		want  string
	}{
		{"from the start", paris, time.Time{}, `project in ("ITSM") ORDER BY updated ASC, key ASC`},
		{"in the user's zone, at the minute", paris, since, `project in ("ITSM") AND updated >= "2025-01-06 10:30" ORDER BY updated ASC, key ASC`},
		{"zone unknown: 14 h earlier", nil, since, `project in ("ITSM") AND updated >= "2025-01-05 19:30" ORDER BY updated ASC, key ASC`},
	}
	for _, tt := range tests {
		s := &Source{projects: `project in ("ITSM")`, zone: tt.zone}
		if got := s.jql(tt.since); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestStatusOf(t *testing.T) {
	tests := []struct{ name, category, want string }{
		{"Waiting for support", "new", "new"},
		{"In progress", "indeterminate", "open"},
		{"Waiting for customer", "indeterminate", "pending"},
		{"Pending", "indeterminate", "pending"},
		{"Resolved", "done", "solved"},
		{"Done", "done", "solved"},
		{"Closed", "done", "closed"},
		{"Canceled", "done", "closed"},
	}
	for _, tt := range tests {
		var st status
		st.Name, st.StatusCategory.Key = tt.name, tt.category
		if got := statusOf(st); got != tt.want {
			t.Errorf("%s (%s): %s, want %s", tt.name, tt.category, got, tt.want)
		}
	}
}

func TestFieldValue(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`"Network"`, "Network"},
		{`{"self":"x","value":"Network","id":"1"}`, "Network"},
		{`{"value":"Network","child":{"value":"VPN"}}`, "Network/VPN"},
		{`{"id":"b3c1","name":"Service Desk","title":"Service Desk"}`, "Service Desk"},
		{`[{"value":"First"},{"value":"Second"}]`, "First"},
		{`null`, ""},
		{`42`, ""},
		{``, ""},
	}
	for _, tt := range tests {
		if got := fieldValue(json.RawMessage(tt.raw)); got != tt.want {
			t.Errorf("fieldValue(%s) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestADFText(t *testing.T) {
	doc := `{"type":"doc","version":1,"content":[
	  {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"VPN"}]},
	  {"type":"paragraph","content":[{"type":"text","text":"Hi "},{"type":"mention","attrs":{"id":"1","text":"@Carl"}},
	    {"type":"text","text":", see "},{"type":"text","text":"the guide","marks":[{"type":"link","attrs":{"href":"https://kb/vpn"}}]},
	    {"type":"hardBreak"},{"type":"text","text":"thanks "},{"type":"emoji","attrs":{"shortName":":smile:","text":"😄"}}]},
	  {"type":"bulletList","content":[
	    {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]},
	      {"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"nested"}]}]}]}]},
	    {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two"}]}]}]},
	  {"type":"orderedList","attrs":{"order":3},"content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"third"}]}]}]},
	  {"type":"codeBlock","attrs":{"language":"sh"},"content":[{"type":"text","text":"vpn reset --all"}]},
	  {"type":"mediaSingle","content":[{"type":"media","attrs":{"id":"x","type":"file"}}]},
	  {"type":"table","content":[{"type":"tableRow","content":[
	    {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"OS"}]}]},
	    {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"Client"}]}]}]},
	    {"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"macOS"}]}]},
	    {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"inlineCard","attrs":{"url":"https://kb/mac"}}]}]}]}]},
	  {"type":"panel","attrs":{"panelType":"warning"},"content":[{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"Careful"}]}]}]}
	]}`
	want := "## VPN\n\nHi @Carl, see the guide (https://kb/vpn)\nthanks 😄\n\n- one\n  - nested\n- two\n\n3. third\n\n" +
		"```\nvpn reset --all\n```\n\nOS | Client\nmacOS | https://kb/mac\n\n> Careful"
	if got := adfText(json.RawMessage(doc)); got != want {
		t.Errorf("adfText:\n%s\nwant:\n%s", got, want)
	}
	for raw, want := range map[string]string{`"plain *wiki* text "`: "plain *wiki* text", `null`: "", `{"type":"doc"}`: "", `[1,2]`: ""} {
		if got := adfText(json.RawMessage(raw)); got != want {
			t.Errorf("adfText(%s) = %q, want %q", raw, got, want)
		}
	}
	deep := strings.Repeat(`{"type":"blockquote","content":[`, 500) + `{"type":"text","text":"deep"}` + strings.Repeat(`]}`, 500)
	if got := adfText(json.RawMessage(`{"type":"doc","content":[` + deep + `]}`)); strings.Contains(got, "deep") {
		t.Errorf("content nested past the limit was rendered")
	}
}
