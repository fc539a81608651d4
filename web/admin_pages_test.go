package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"deskpilot/assistant"
	"deskpilot/tickets"
)

func TestAdminPagesRefuseOtherRoles(t *testing.T) {
	d := newAdminDesk(t)
	for _, path := range []string{"/admin", "/admin/policy", "/admin/simulations", "/admin/sources", "/admin/users", "/admin/teams",
		"/admin/categories", "/admin/simulations/" + d.reportOK + "/report.html"} {
		cases := []struct {
			who  string
			want int
		}{{"", http.StatusSeeOther}, {"requester", http.StatusForbidden}, {"agent", http.StatusForbidden}, {"admin", http.StatusOK}}
		for _, c := range cases {
			t.Run(path+" as "+c.who, func(t *testing.T) {
				code, body, h := d.page(t, c.who, "GET", path, nil)
				if code != c.want {
					t.Fatalf("status %d, want %d: %.300s", code, c.want, body)
				}
				if c.who == "" && !strings.HasPrefix(h.Get("Location"), "/login?next=") {
					t.Errorf("redirected to %q, want the login page", h.Get("Location"))
				}
			})
		}
	}
}

func TestAdminFormsNeedTheirCSRFToken(t *testing.T) {
	d := newAdminDesk(t)
	form := url.Values{"name": {"Security"}}
	for _, path := range []string{"/admin/teams", "/admin/categories", "/admin/users", "/admin/policy", "/admin/simulations",
		"/admin/simulations/" + d.reportOK + "/apply"} {
		if code, _, _ := d.page(t, "admin", "POST", path, form); code != http.StatusForbidden {
			t.Errorf("POST %s without a token: %d, want 403", path, code)
		}
	}
	form.Set("csrf_token", d.csrf["agent"]) // another session's token
	if code, _, _ := d.page(t, "admin", "POST", "/admin/teams", form); code != http.StatusForbidden {
		t.Errorf("another session's token: %d, want 403", code)
	}
	teams, err := d.db.ListTeams(context.Background())
	must(t, err)
	if len(teams) != 1 {
		t.Errorf("a refused form changed the teams: %v", teams)
	}
}

func TestAdminPolicyForm(t *testing.T) {
	d := newAdminDesk(t)
	ctx := context.Background()
	must(t, d.db.SetRule(ctx, "Accounts", assistant.Rule{Mode: assistant.ModeOff}))
	code, body, _ := d.page(t, "admin", "GET", "/admin/policy", nil)
	if code != 200 || !strings.Contains(body, `data-category="Network/VPN"`) || !strings.Contains(body, "follow parent") {
		t.Fatalf("policy page: %d %.500s", code, body)
	}
	form := url.Values{"csrf_token": {d.csrf["admin"]}, "default_mode": {"suggest"}, "default_threshold": {"0.8"},
		"category": {"Accounts", "Accounts/Password", "Network", "Network/VPN"},
		"mode":     {"inherit", "inherit", "inherit", "auto"}, "threshold": {"", "", "", "0.85"}}
	if code, body, h := d.page(t, "admin", "POST", "/admin/policy", form); code != http.StatusSeeOther || h.Get("Location") != "/admin/policy?done=saved" {
		t.Fatalf("save: %d %s %.300s", code, h.Get("Location"), body)
	}
	p, err := d.db.Policy(ctx)
	must(t, err)
	if len(p.Categories) != 1 || p.Categories["Network/VPN"] != (assistant.Rule{Mode: assistant.ModeAuto, Threshold: 0.85}) {
		t.Errorf("policy after the form: %+v, want only Network/VPN on auto at 0.85 (Accounts back to inherit)", p)
	}
	form.Set("default_threshold", "most")
	code, body, _ = d.page(t, "admin", "POST", "/admin/policy", form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "threshold") {
		t.Errorf("a bad threshold: %d %.400s", code, body)
	}
}

func TestAdminUsersForm(t *testing.T) {
	d := newAdminDesk(t)
	ctx := context.Background()
	create := url.Values{"csrf_token": {d.csrf["admin"]}, "email": {"nia@example.com"}, "name": {"Nia <b>"}, "role": {"agent"},
		"team": {"Network"}, "language": {"fr"}, "password": {"a long enough one"}}
	if code, body, _ := d.page(t, "admin", "POST", "/admin/users", create); code != http.StatusSeeOther {
		t.Fatalf("create: %d %.300s", code, body)
	}
	u, err := d.db.GetUserByEmail(ctx, "nia@example.com")
	must(t, err)
	if u.Role != tickets.RoleAgent || u.Team != "Network" || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Errorf("created %+v", u)
	}
	if code, body, _ := d.page(t, "admin", "POST", "/admin/users", create); code != http.StatusConflict || !strings.Contains(body, "already has") {
		t.Errorf("the same e-mail again: %d", code)
	}
	code, body, _ := d.page(t, "admin", "GET", "/admin/users", nil)
	if code != 200 || !strings.Contains(body, "Nia &lt;b&gt;") || strings.Contains(body, "Nia <b>") {
		t.Errorf("users page does not escape names: %.300s", body)
	}
	// The agent is signed in; a new password signs them out.
	if code, _, _ := d.page(t, "agent", "GET", "/portal/tickets", nil); code != http.StatusOK {
		t.Fatalf("the agent's session does not work to begin with: %d", code)
	}
	reset := url.Values{"csrf_token": {d.csrf["admin"]}, "password": {"another long password"}}
	path := "/admin/users/" + adminID(d.users["agent"].ID)
	if code, _, h := d.page(t, "admin", "POST", path, reset); code != http.StatusSeeOther || h.Get("Location") != "/admin/users?done=password" {
		t.Fatalf("reset: %d %s", code, h.Get("Location"))
	}
	if code, _, _ := d.page(t, "agent", "GET", "/portal/tickets", nil); code != http.StatusSeeOther {
		t.Errorf("after a password reset the agent's old session answers %d, want a redirect to sign in", code)
	}
	// An admin cannot demote themselves from the page either.
	self := url.Values{"csrf_token": {d.csrf["admin"]}, "role": {"requester"}}
	if code, _, _ := d.page(t, "admin", "POST", "/admin/users/"+adminID(d.users["admin"].ID), self); code != http.StatusUnprocessableEntity {
		t.Errorf("self-demotion: %d, want 422", code)
	}
}

func TestAdminTaxonomyAndSourcesEscape(t *testing.T) {
	d := newAdminDesk(t)
	for _, f := range []struct{ path, field, value, page string }{
		{"/admin/teams", "name", "<script>alert(1)</script>", "/admin/teams"},
		{"/admin/categories", "path", "Sec/<img src=x onerror=alert(1)>", "/admin/categories"},
	} {
		form := url.Values{"csrf_token": {d.csrf["admin"]}, f.field: {f.value}}
		if code, body, _ := d.page(t, "admin", "POST", f.path, form); code != http.StatusSeeOther {
			t.Fatalf("POST %s: %d %.300s", f.path, code, body)
		}
		_, body, _ := d.page(t, "admin", "GET", f.page, nil)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;") {
			t.Errorf("%s shows %q unescaped", f.page, f.value)
		}
	}
	_, body, _ := d.page(t, "admin", "GET", "/admin/policy", nil)
	if strings.Contains(body, "<img src=x") {
		t.Error("the policy page shows a category unescaped")
	}
	_, body, _ = d.page(t, "admin", "GET", "/admin/sources", nil)
	if !strings.Contains(body, "zendesk") || !strings.Contains(body, "HTTP 401 &lt;b&gt;bad token&lt;/b&gt;") {
		t.Errorf("sources page: %.600s", body)
	}
}

func TestAdminSimulationPages(t *testing.T) {
	d := newAdminDesk(t)
	base := "/admin/simulations/" + d.reportOK
	code, body, h := d.page(t, "admin", "GET", base+"/report.html", nil)
	if code != 200 || !strings.Contains(body, "What the assistant would have done") {
		t.Fatalf("report: %d %.200s", code, body)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'; style-src 'unsafe-inline'; img-src data:") || strings.Contains(csp, "script") {
		t.Errorf("report CSP %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Errorf("report headers %v", h)
	}
	if _, _, h := d.page(t, "admin", "GET", base+"/tickets.csv", nil); !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("tickets.csv is not a download: %v", h)
	}
	for _, path := range []string{base + "/job.json", base + "/..%2Fjob.json", "/admin/simulations/20251201-000000-abcdef/report.html", "/admin/simulations/nope/report.html"} {
		if code, _, _ := d.page(t, "admin", "GET", path, nil); code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, code)
		}
	}
	_, body, _ = d.page(t, "admin", "GET", "/admin/simulations", nil)
	if !strings.Contains(body, base+"/report.html") || !strings.Contains(body, "30.0%") || !strings.Contains(body, "/resume") {
		t.Errorf("simulations page: %.800s", body)
	}
	start := url.Values{"csrf_token": {d.csrf["admin"]}, "target_precision": {"0.95"}, "minutes_per_ticket": {"6"}}
	if code, _, h := d.page(t, "admin", "POST", "/admin/simulations", start); code != http.StatusSeeOther || h.Get("Location") != "/admin/simulations?done=started" {
		t.Fatalf("start: %d %s", code, h.Get("Location"))
	}
	if code, body, _ := d.page(t, "admin", "POST", "/admin/simulations", start); code != http.StatusConflict || !strings.Contains(body, "one runs at a time") {
		t.Errorf("a second start: %d", code)
	}
	start.Set("target_precision", "high")
	if code, _, _ := d.page(t, "admin", "POST", "/admin/simulations", start); code != http.StatusUnprocessableEntity {
		t.Errorf("a bad target: %d, want 422", code)
	}
	apply := url.Values{"csrf_token": {d.csrf["admin"]}}
	if code, _, h := d.page(t, "admin", "POST", base+"/apply", apply); code != http.StatusSeeOther || h.Get("Location") != "/admin/policy?done=applied" {
		t.Errorf("apply: %d %s", code, h.Get("Location"))
	}
}

func TestAdminDashboard(t *testing.T) {
	d := newAdminDesk(t)
	for _, tc := range []struct{ path, want string }{
		{"/admin", `id="kpi-suggestion_edit_rate"><b>100.0%</b>`},
		{"/admin", `<svg class="chart"`},
		{"/admin?weeks=4", "Rates per week"},
		{"/admin?lang=fr", "Taux d&#39;automatisation"},
		{"/admin?from=2001-01-01&to=2001-01-31", `id="kpi-automation_rate"><b>–</b>`},
	} {
		code, body, h := d.page(t, "admin", "GET", tc.path, nil)
		if code != 200 || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %d, want %s in %.300s", tc.path, code, tc.want, body)
		}
		if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-inline") {
			t.Errorf("the dashboard's CSP allows inline code: %s", h.Get("Content-Security-Policy"))
		}
	}
	if code, body, _ := d.page(t, "admin", "GET", "/admin?from=nonsense", nil); code != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) {
		t.Errorf("a bad window: %d", code)
	}
}

func adminID(n int64) string { return strconv.FormatInt(n, 10) }
