package jira_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/copilot"
	"deskpilot/connectors/jira"
	"deskpilot/connectors/jira/jiratest"
)

const secret = "jira-webhook-secret"

func TestWebhookVerify(t *testing.T) {
	body := []byte(`{"webhookEvent":"jira:issue_created","issue":{"id":"10001","key":"ITSM-1"}}`)
	w := &jira.Webhook{Secret: secret}
	tests := []struct {
		name string
		h    http.Header
		body []byte
		w    *jira.Webhook
		ok   bool
	}{
		{"signed", jira.Sign(secret, body), body, w, true},
		{"another secret", jira.Sign("guess", body), body, w, false},
		{"body changed", jira.Sign(secret, body), []byte(`{"webhookEvent":"jira:issue_created","issue":{"id":"10002"}}`), w, false},
		{"sha1", http.Header{jira.SignatureHeader: {"sha1=" + strings.TrimPrefix(jira.Sign(secret, body).Get(jira.SignatureHeader), "sha256=")}}, body, w, false},
		{"not hex", http.Header{jira.SignatureHeader: {"sha256=zz"}}, body, w, false},
		{"unsigned", http.Header{}, body, w, false},
		{"no secret configured", jira.Sign("", body), body, &jira.Webhook{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.w.Verify(tt.h, tt.body, time.Now())
			if tt.ok != (err == nil) {
				t.Fatalf("Verify: %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, copilot.ErrUnauthorized) {
				t.Errorf("error %v is not ErrUnauthorized", err)
			}
		})
	}
}

func TestWebhookEvents(t *testing.T) {
	w := &jira.Webhook{Secret: secret, Projects: []string{"ITSM"}}
	h := http.Header{jira.IdentifierHeader: {"d0b5-42"}}
	tests := []struct {
		name, body string
		want       []copilot.Event
		wantErr    bool
	}{
		{"issue created", `{"timestamp":1736154000000,"webhookEvent":"jira:issue_created","issue_event_type_name":"issue_created",
			"user":{"accountId":"ana"},"issue":{"id":"10001","key":"ITSM-1","fields":{"summary":"VPN"}}}`,
			[]copilot.Event{{ID: "d0b5-42", TicketID: "10001"}}, false},
		{"issue updated", `{"webhookEvent":"jira:issue_updated","issue":{"id":"10001","key":"ITSM-1"}}`, nil, false},
		{"another project", `{"webhookEvent":"jira:issue_created","issue":{"id":"10009","key":"HR-3"}}`, nil, false},
		{"no issue", `{"webhookEvent":"jira:issue_created"}`, nil, true},
		{"not json", `<xml/>`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.Events(h, []byte(tt.body))
			if tt.wantErr != errors.Is(err, copilot.ErrBadPayload) || !tt.wantErr && err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("Events: %+v, %v; want %+v (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// newRequest adds the request the copilot writes back on, with the
// service desk's request types, and returns the source for it.
func newRequest(t *testing.T, d *desk) (int64, *jira.Source) {
	t.Helper()
	d.jira.AddRequestType("ITSM", "Get IT help")
	d.jira.AddRequestType("ITSM", "VPN")
	d.jira.AddRequestType("HR", "VPN") // another desk's: never chosen for ITSM
	id, _ := d.jira.AddIssue(jiratest.Issue{Project: "ITSM", Summary: "VPN keeps dropping", Description: "Since this morning\nthe VPN drops.",
		ReporterID: "ana", Labels: []string{"web"}})
	src, err := jira.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log, Retries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return id, src
}

func TestWriteBack(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	id, src := newRequest(t, d)
	sid := strconv.FormatInt(id, 10)
	tk, err := src.Ticket(ctx, sid)
	if err != nil || tk.Subject != "VPN keeps dropping" || tk.Description != "Since this morning\nthe VPN drops." {
		t.Fatalf("Ticket: %+v, %v", tk, err)
	}
	marker := copilot.Marker("jira", sid)
	if has, err := src.HasNote(ctx, sid, marker); err != nil || has {
		t.Fatalf("HasNote before: %v, %v", has, err)
	}
	note := &copilot.Note{Text: "Reset your VPN token [1].\n\n" + marker, Marker: marker}
	set, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note, Fields: copilot.Fields{Category: "Network/VPN", Team: "Service Desk"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"label deskpilot", "label team-service-desk", "request type for Network/VPN"}; !slices.Equal(set, want) {
		t.Errorf("set %q, want %q", set, want)
	}
	w := d.jira.Writes()
	if len(w) != 2 || w[0].Method != "POST" || w[0].Path != "/rest/servicedeskapi/request/"+sid+"/comment" ||
		w[1].Method != "PUT" || w[1].Path != "/rest/api/3/issue/"+sid {
		t.Fatalf("writes %+v: want the comment, then the issue", w)
	}
	var posted struct {
		Body   string `json:"body"`
		Public *bool  `json:"public"`
	}
	if err := json.Unmarshal(w[0].Body, &posted); err != nil || posted.Body != note.Text || posted.Public == nil || *posted.Public {
		t.Errorf("comment posted %s", w[0].Body)
	}
	got := d.jira.Issue(id)
	last := got.Comments[len(got.Comments)-1]
	if last.Public || last.Body != note.Text || got.RequestType != "VPN" || !slices.Equal(got.Labels, []string{"web", "deskpilot", "team-service-desk"}) {
		t.Errorf("issue after the write: %+v", got)
	}
	if has, err := src.HasNote(ctx, sid, marker); err != nil || !has {
		t.Errorf("HasNote after: %v, %v", has, err)
	}
	// A category without a request type is a label.
	set, err = src.WriteBack(ctx, sid, copilot.WriteBack{Fields: copilot.Fields{Category: "Printers/Jam"}})
	if err != nil || !slices.Contains(set, "label category-printers-jam") {
		t.Fatalf("set %q, %v", set, err)
	}
	if got := d.jira.Issue(id); !slices.Contains(got.Labels, "category-printers-jam") || got.RequestType != "VPN" {
		t.Errorf("issue %+v", got)
	}
}

func TestWriteBackFailures(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	id, src := newRequest(t, d)
	sid := strconv.FormatInt(id, 10)
	note := &copilot.Note{Text: "draft", Marker: "m"}
	path := "/rest/servicedeskapi/request/" + sid + "/comment"
	d.jira.RateLimitNext(path, 4)
	d.clock.Slept()
	if _, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note}); err != nil {
		t.Fatal(err)
	}
	if slept := d.clock.Slept(); !slices.Contains(slept, 4*time.Second) {
		t.Errorf("waits %v, want Retry-After's 4 s", slept)
	}
	before := len(d.jira.Writes())
	d.jira.Inject(jiratest.Fault{Path: path, Status: 500, AfterWrite: true})
	_, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note})
	var he *connectors.HTTPError
	if !errors.As(err, &he) || he.Status != 500 {
		t.Fatalf("after a 500: %v", err)
	}
	if after := len(d.jira.Writes()); after != before+1 {
		t.Errorf("%d writes, want %d: a POST is not sent twice", after, before+1)
	}
	d.jira.Inject(jiratest.Fault{Path: path, Status: 403, Body: `{"errorMessage":"You do not have permission to comment on this request."}`})
	if _, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note}); !errors.As(err, &he) || he.Status != 403 ||
		!strings.Contains(err.Error(), "permission to comment") {
		t.Errorf("refused: %v", err)
	}
}
