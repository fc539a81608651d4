package web_test

import (
	"fmt"
	"strings"
	"testing"

	"deskpilot/web"
)

func TestParseWidgetOrigins(t *testing.T) {
	cases := []struct {
		in, want string // want "error" for a refused value
	}{
		{"", ""},
		{"'self'", ""},
		{"https://intranet.example  'self' http://10.0.0.5:8080/", "https://intranet.example http://10.0.0.5:8080"},
		{"https://*.corp.example", "https://*.corp.example"},
		{"intranet.example", "error"},
		{"javascript:alert(1)", "error"},
		{"https://intranet.example/page", "error"},
		{"https://intranet.example;script-src", "error"},
		{"https://a.example?x=1", "error"},
		{"ftp://files.example", "error"},
		{"https://user@intranet.example", "error"},
		{"*", "error"},
	}
	for _, c := range cases {
		got, err := web.ParseWidgetOrigins(c.in)
		s := strings.Join(got, " ")
		if err != nil {
			s = "error"
		}
		if s != c.want {
			t.Errorf("ParseWidgetOrigins(%q) = %q (%v), want %q", c.in, s, err, c.want)
		}
	}
}

func TestPortalPages(t *testing.T) {
	d := newChatDesk(t, func(deps *web.Deps) { deps.WidgetOrigins = []string{"https://intranet.example"} })
	article := fmt.Sprint("/portal/articles/", d.asst.publicDoc)
	cases := []struct {
		name, who, path  string
		wantStatus       int
		wantBody         []string
		notBody          string
		wantHeader, want string // a header and a part of its value
	}{
		{"the widget script", "", "/widget.js", 200, []string{`"open":"IT help"`, "/widget"}, "/*LABELS*/", "Content-Type", "text/javascript"},
		{"the widget script in French", "", "/widget.js?lang=fr", 200, []string{`"open":"Aide informatique"`}, "", "", ""},
		{"the widget may be framed by the intranet", "ana/nocsrf", "/widget", 200, []string{`id="chat"`, `content="csrf-ana"`, "Talk to a human", "/static/chat.js"}, "",
			"Content-Security-Policy", "frame-ancestors 'self' https://intranet.example; "},
		{"the widget asks strangers to sign in elsewhere", "", "/widget", 200, []string{`id="chat-signin"`, `target="_blank"`}, `id="chat"`, "", ""},
		{"the portal embeds the widget", "ana/nocsrf", "/portal", 200, []string{`src="/widget.js" data-inline="#portal-chat"`, `href="/portal/tickets"`}, "", "Content-Security-Policy", "frame-ancestors 'self';"},
		{"the portal needs a session", "", "/portal", 303, nil, "", "Location", "/login?next=%2Fportal"},
		{"a cited article, as text", "ana/nocsrf", article, 200, []string{"Reset your password &lt;script&gt;alert(1)&lt;/script&gt;", "<h2>Reset your password</h2>", "<p>Open the portal.</p>", "<li>Step one</li>", `href="https://help.example/kb/1"`}, "<script>alert", "", ""},
		{"an internal article does not exist for requesters", "ana/nocsrf", fmt.Sprint("/portal/articles/", d.internal), 404, nil, "secret steps", "", ""},
		{"agents read internal articles", "agent/nocsrf", fmt.Sprint("/portal/articles/", d.internal), 200, []string{"secret steps"}, "", "", ""},
		{"an unknown article", "ana/nocsrf", "/portal/articles/999999", 404, nil, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := d.call(t, c.who, "GET", c.path, "")
			if resp.StatusCode != c.wantStatus {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, c.wantStatus, body)
			}
			for _, w := range c.wantBody {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%.1500s", w, body)
				}
			}
			if c.notBody != "" && strings.Contains(body, c.notBody) {
				t.Errorf("body holds %q", c.notBody)
			}
			if c.wantHeader != "" && !strings.Contains(resp.Header.Get(c.wantHeader), c.want) {
				t.Errorf("%s: %q, want it to contain %q", c.wantHeader, resp.Header.Get(c.wantHeader), c.want)
			}
			if c.path == "/widget" && resp.Header.Get("X-Frame-Options") != "" {
				t.Errorf("X-Frame-Options %q would forbid the intranet's frame", resp.Header.Get("X-Frame-Options"))
			}
		})
	}
}
