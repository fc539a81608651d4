package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"deskpilot/metrics"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
	"deskpilot/web"
)

// obsRig is a server with metrics, a metrics token, an admin's and an
// agent's API tokens, and its log in a buffer.
type obsRig struct {
	handler http.Handler
	tokens  map[tickets.Role]string
	log     *bytes.Buffer
	ready   error
	db      *sqlite.DB
}

const metricsToken = "metrics-token-0123456789abcdef"

func newObsRig(t *testing.T, reg *metrics.Registry) *obsRig {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"))
	must(t, err)
	t.Cleanup(func() { db.Close() })
	r := &obsRig{tokens: map[tickets.Role]string{}, log: &bytes.Buffer{}, db: db}
	for _, u := range []tickets.User{{Email: "admin@example.com", Role: tickets.RoleAdmin}, {Email: "agent@example.com", Role: tickets.RoleAgent}} {
		must(t, db.CreateUser(ctx, &u))
		tok, hash, err := web.NewAPIToken()
		must(t, err)
		must(t, db.CreateAPIToken(ctx, &tickets.APIToken{UserID: u.ID, Name: "t", Hash: hash}))
		r.tokens[u.Role] = tok
	}
	log := slog.New(web.LogHandler(slog.NewJSONHandler(r.log, &slog.HandlerOptions{Level: slog.LevelDebug})))
	r.handler = web.New(web.Deps{Tickets: tickets.NewService(db, nil), Documents: db, Tokens: db, Logger: log,
		Metrics: reg, MetricsToken: metricsToken,
		Ready: func(ctx context.Context) error {
			if r.ready != nil {
				log.WarnContext(ctx, "a check below the handler failed") // as the store or the assistant log
			}
			return r.ready
		},
	}).Handler()
	return r
}

// do sends a request from remote with the given headers.
func (r *obsRig) do(method, path, remote string, h map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = remote
	for k, v := range h {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	r.handler.ServeHTTP(rec, req)
	return rec
}

const (
	loopback = "127.0.0.1:40000"
	outside  = "203.0.113.9:40000"
)

func TestMetricsAccess(t *testing.T) {
	r := newObsRig(t, metrics.NewRegistry())
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
	cases := []struct {
		name       string
		remote     string
		header     map[string]string
		wantStatus int
	}{
		{"from this host", loopback, nil, 200},
		{"from this host over IPv6", "[::1]:40000", nil, 200},
		{"through a proxy on this host", loopback, map[string]string{"X-Forwarded-For": "198.51.100.7"}, 401},
		{"through a proxy saying Forwarded", loopback, map[string]string{"Forwarded": "for=198.51.100.7"}, 401},
		{"from outside without a token", outside, nil, 401},
		{"from outside with the metrics token", outside, bearer(metricsToken), 200},
		{"from outside with a wrong token", outside, bearer("metrics-token-0123456789abcdeX"), 401},
		{"from outside with an admin's API token", outside, bearer(r.tokens[tickets.RoleAdmin]), 200},
		{"from outside with an agent's API token", outside, bearer(r.tokens[tickets.RoleAgent]), 403},
		{"a wrong token from this host is still wrong", loopback, bearer("nope"), 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := r.do("GET", "/metrics", tc.remote, tc.header)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.wantStatus, rec.Body)
			}
			if rec.Code == 200 && (rec.Header().Get("Content-Type") != metrics.ContentType ||
				!strings.Contains(rec.Body.String(), "# TYPE deskpilot_http_requests_total counter")) {
				t.Fatalf("scrape: %s\n%s", rec.Header(), rec.Body)
			}
			if rec.Code != 200 && strings.Contains(rec.Body.String(), "deskpilot_") {
				t.Fatal("metrics leaked to a refused scraper")
			}
		})
	}
	if rec := newObsRig(t, nil).do("GET", "/metrics", loopback, nil); rec.Code != 404 {
		t.Errorf("metrics off: %d", rec.Code)
	}
}

func TestHTTPMetricsUseRouteTemplates(t *testing.T) {
	r := newObsRig(t, metrics.NewRegistry())
	admin := map[string]string{"Authorization": "Bearer " + r.tokens[tickets.RoleAdmin]}
	for _, path := range []string{"/api/v1/tickets/123456", "/api/v1/tickets/98765", "/no/such/page-4242"} {
		r.do("GET", path, outside, admin)
	}
	r.do("BREW", "/healthz", outside, nil)
	body := r.do("GET", "/metrics", loopback, nil).Body.String()
	for _, want := range []string{
		`deskpilot_http_requests_total{method="GET",route="/api/v1/tickets/:id",status="404"} 2`,
		`deskpilot_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`deskpilot_http_requests_total{method="OTHER",route="unmatched",status="405"} 1`,
		`deskpilot_http_request_duration_seconds_count{method="GET",route="/api/v1/tickets/:id"} 2`,
		`deskpilot_http_requests_in_flight 1`, // the scrape itself
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("missing %s", want)
		}
	}
	for _, raw := range []string{"123456", "98765", "4242", "BREW"} {
		if strings.Contains(body, raw) {
			t.Errorf("a raw path or method became a label: %s", raw)
		}
	}
}

func TestRequestIDs(t *testing.T) {
	r := newObsRig(t, nil)
	hexID := regexp.MustCompile(`^[0-9a-f]{24}$`)
	cases := []struct {
		name, sent string
		keep       bool
	}{
		{"none sent: one is made", "", false},
		{"a proxy's UUID is kept", "3f2b8c1e-7d4a-4e7b-9c0f-1a2b3c4d5e6f", true},
		{"a tracing id is kept", "00-4bf92f35/b7ad6b71:01.x_y+z=", true},
		{"spaces are refused", "a b", false},
		{"a forged log line is refused", "x\n level=ERROR msg=forged", false},
		{"too long is refused", strings.Repeat("a", 129), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := r.do("GET", "/healthz", outside, map[string]string{web.RequestIDHeader: tc.sent}).Header().Get(web.RequestIDHeader)
			if tc.keep && got != tc.sent || !tc.keep && !hexID.MatchString(got) {
				t.Errorf("sent %q, answered %q", tc.sent, got)
			}
		})
	}
	// Every line logged for a request carries its id: the handler's own
	// and those logged with its context further down.
	r.ready = errors.New("store down")
	rec := r.do("GET", "/readyz", outside, map[string]string{web.RequestIDHeader: "req-42"})
	if rec.Code != 503 {
		t.Fatalf("readyz: %d", rec.Code)
	}
	lines := 0
	for _, line := range strings.Split(strings.TrimSpace(r.log.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == "not ready" || rec["msg"] == "a check below the handler failed" || (rec["msg"] == "request" && rec["route"] == "/readyz") {
			lines++
			if rec["request_id"] != "req-42" {
				t.Errorf("line without the request's id: %s", line)
			}
		}
	}
	if lines != 3 || strings.Count(r.log.String(), `"request_id":"req-42"`) != 3 {
		t.Errorf("want 3 lines with the id once each, got:\n%s", r.log)
	}
}

func TestInternalErrorWhileNotReadyIs503(t *testing.T) {
	r := newObsRig(t, nil)
	admin := map[string]string{"Authorization": "Bearer " + r.tokens[tickets.RoleAdmin]}
	r.db.Close() // every query fails from now on
	rec := r.do("GET", "/api/v1/tickets", outside, admin)
	if rec.Code != 500 || rec.Header().Get("Retry-After") != "" {
		t.Fatalf("store failing while ready: %d %s", rec.Code, rec.Header())
	}
	r.ready = errors.New("store: ping: connection refused")
	rec = r.do("GET", "/api/v1/tickets", outside, admin)
	if rec.Code != 503 || rec.Header().Get("Retry-After") != "5" || !strings.Contains(rec.Body.String(), "try again") ||
		strings.Contains(rec.Body.String(), "refused") {
		t.Fatalf("store down: %d %s %s", rec.Code, rec.Header(), rec.Body)
	}
}
