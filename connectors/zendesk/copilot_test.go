package zendesk_test

import (
	"context"
	"encoding/base64"
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
	"deskpilot/connectors/zendesk"
	"deskpilot/connectors/zendesk/zendesktest"
)

const secret = "zd-signing-secret"

func TestWebhookVerify(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	body := []byte(`{"type":"zen:event-type:ticket.created","id":"ev-1","detail":{"id":"35436"}}`)
	w := &zendesk.Webhook{Secret: secret}
	tests := []struct {
		name string
		h    http.Header
		body []byte
		w    *zendesk.Webhook
		ok   bool
	}{
		{"signed now", zendesk.Sign(secret, body, now), body, w, true},
		{"signed a minute ago", zendesk.Sign(secret, body, now.Add(-time.Minute)), body, w, true},
		{"unix timestamp", unixSigned(body, now), body, w, true},
		{"another secret", zendesk.Sign("not-the-secret", body, now), body, w, false},
		{"body changed", zendesk.Sign(secret, body, now), append([]byte(`{"x":1}`), body...), w, false},
		{"stale", zendesk.Sign(secret, body, now.Add(-10*time.Minute)), body, w, false},
		{"from the future", zendesk.Sign(secret, body, now.Add(10*time.Minute)), body, w, false},
		{"no signature", http.Header{zendesk.TimestampHeader: {now.Format(time.RFC3339)}}, body, w, false},
		{"no timestamp", http.Header{zendesk.SignatureHeader: zendesk.Sign(secret, body, now)[zendesk.SignatureHeader]}, body, w, false},
		{"signature not base64", http.Header{zendesk.SignatureHeader: {"%%%"}, zendesk.TimestampHeader: {now.Format(time.RFC3339)}}, body, w, false},
		{"no secret configured", zendesk.Sign("", body, now), body, &zendesk.Webhook{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.w.Verify(tt.h, tt.body, now)
			if tt.ok != (err == nil) {
				t.Fatalf("Verify: %v, want ok %v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, copilot.ErrUnauthorized) {
				t.Errorf("error %v is not ErrUnauthorized", err)
			}
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the secret: %v", err)
			}
		})
	}
}

func unixSigned(body []byte, at time.Time) http.Header {
	ts := strconv.FormatInt(at.Unix(), 10)
	return http.Header{
		zendesk.SignatureHeader: {b64(copilot.Sign(secret, []byte(ts), body))},
		zendesk.TimestampHeader: {ts},
	}
}

func TestWebhookEvents(t *testing.T) {
	w := &zendesk.Webhook{Secret: secret}
	invocation := http.Header{zendesk.InvocationHeader: {"8350205582"}}
	tests := []struct {
		name    string
		h       http.Header
		body    string
		want    []copilot.Event
		wantErr bool
	}{
		{"ticket created event", nil, `{"type":"zen:event-type:ticket.created","account_id":1,"id":"01HN-EV","time":"2025-03-01T12:00:00Z",
			"zendesk_event_version":"2022-11-06","subject":"zen:ticket:35436","detail":{"id":"35436","subject":"VPN"},"event":{}}`,
			[]copilot.Event{{ID: "01HN-EV", TicketID: "35436"}}, false},
		{"event with the id in its subject only", nil, `{"type":"zen:event-type:ticket.created","id":"e2","subject":"zen:ticket:7","detail":{}}`,
			[]copilot.Event{{ID: "e2", TicketID: "7"}}, false},
		{"another event", nil, `{"type":"zen:event-type:ticket.status_changed","id":"e3","detail":{"id":"7"}}`, nil, false},
		{"trigger body", invocation, `{"ticket_id":"123"}`, []copilot.Event{{ID: "8350205582", TicketID: "123"}}, false},
		{"trigger body, a number", nil, `{"ticket":{"id":123,"subject":"x"}}`, []copilot.Event{{TicketID: "123"}}, false},
		{"placeholder left unrendered", nil, `{"ticket_id":"{{ticket.id}}"}`, nil, true},
		{"not JSON", nil, `ticket=1`, nil, true},
		{"no ticket", nil, `{"hello":"world"}`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.Events(tt.h, []byte(tt.body))
			if tt.wantErr {
				if !errors.Is(err, copilot.ErrBadPayload) {
					t.Fatalf("Events: %v, %v; want ErrBadPayload", got, err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("Events: %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// copilotDesk is the fake account with a category drop-down and a new
// ticket to write back on.
func copilotDesk(t *testing.T) (*desk, int64, *zendesk.Source) {
	t.Helper()
	d := newDesk(t)
	d.zd.AddTicketField(zendesktest.TicketField{ID: categoryField, Title: "Category", Options: []zendesktest.FieldOption{
		{Name: "Network::VPN", Value: "network__vpn"}, {Name: "Accounts", Value: "accounts"}}})
	id := d.zd.AddTicket(zendesktest.Ticket{Subject: "VPN keeps dropping", Status: "new", RequesterID: d.users["ana"],
		Tags: []string{"web"}, Comments: []zendesktest.Comment{{AuthorID: d.users["ana"], Body: "Since this morning the VPN drops.", Public: true}}})
	src, err := zendesk.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log, Retries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return d, id, src
}

func TestTicketForCopilot(t *testing.T) {
	_, id, src := copilotDesk(t)
	got, err := src.Ticket(context.Background(), strconv.FormatInt(id, 10))
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "VPN keeps dropping" || got.Description != "Since this morning the VPN drops." {
		t.Errorf("ticket %+v", got)
	}
	if _, err := src.Ticket(context.Background(), "99999"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing ticket: %v, want a 404", err)
	}
	if _, err := src.Ticket(context.Background(), "../users/1"); err == nil {
		t.Error("a path for an id was fetched")
	}
}

func TestWriteBack(t *testing.T) {
	d, id, src := copilotDesk(t)
	ctx := context.Background()
	sid := strconv.FormatInt(id, 10)
	marker := copilot.Marker("zendesk", sid)
	if has, err := src.HasNote(ctx, sid, marker); err != nil || has {
		t.Fatalf("HasNote before writing: %v, %v", has, err)
	}
	note := &copilot.Note{Text: "Reset your VPN token [1].\n\n" + marker, Marker: marker}
	set, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note,
		Fields: copilot.Fields{Category: "Network/VPN", Team: "network", Priority: "high"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"tag deskpilot", "group network", "category Network/VPN"}; !slices.Equal(set, want) {
		t.Errorf("set %q, want %q", set, want)
	}
	writes := d.zd.Writes()
	if len(writes) != 1 || writes[0].Method != http.MethodPut || writes[0].Path != "/api/v2/tickets/"+sid+".json" {
		t.Fatalf("writes %+v, want one PUT of the ticket", writes)
	}
	var body struct {
		Ticket struct {
			Comment struct {
				Body   string `json:"body"`
				Public *bool  `json:"public"`
			} `json:"comment"`
			GroupID        int64    `json:"group_id"`
			AdditionalTags []string `json:"additional_tags"`
			CustomFields   []struct {
				ID    int64  `json:"id"`
				Value string `json:"value"`
			} `json:"custom_fields"`
		} `json:"ticket"`
	}
	if err := json.Unmarshal(writes[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	b := body.Ticket
	if b.Comment.Body != note.Text || b.Comment.Public == nil || *b.Comment.Public || b.GroupID != d.groups["Network"] ||
		!slices.Equal(b.AdditionalTags, []string{"deskpilot"}) || len(b.CustomFields) != 1 || b.CustomFields[0].Value != "network__vpn" {
		t.Errorf("PUT body %s", writes[0].Body)
	}
	tk := d.zd.Ticket(id)
	last := tk.Comments[len(tk.Comments)-1]
	if last.Public || last.Body != note.Text || tk.GroupID != d.groups["Network"] || tk.CustomFields[categoryField] != "network__vpn" ||
		!slices.Equal(tk.Tags, []string{"web", "deskpilot"}) || tk.Priority != "" {
		t.Errorf("ticket after the write: %+v", tk)
	}
	if has, err := src.HasNote(ctx, sid, marker); err != nil || !has {
		t.Errorf("HasNote after writing: %v, %v", has, err)
	}
	if has, _ := src.HasNote(ctx, sid, copilot.Marker("zendesk", sid[:len(sid)-1])); has {
		t.Error("the marker of another ticket was found in this one's")
	}
}

func TestWriteBackMapsOnlyWhatExists(t *testing.T) {
	d, id, src := copilotDesk(t)
	sid := strconv.FormatInt(id, 10)
	set, err := src.WriteBack(context.Background(), sid, copilot.WriteBack{Fields: copilot.Fields{Category: "Printers", Team: "Facilities"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"tag deskpilot", "no group named Facilities", "no category option for Printers"}; !slices.Equal(set, want) {
		t.Errorf("set %q, want %q", set, want)
	}
	w := d.zd.Writes()
	if len(w) != 1 || strings.Contains(string(w[0].Body), "group_id") || strings.Contains(string(w[0].Body), "comment") {
		t.Errorf("writes %s: want tags only", w[0].Body)
	}
}

func TestWriteBackWaitsOutRateLimitAndDoesNotRepeatAFailure(t *testing.T) {
	d, id, src := copilotDesk(t)
	ctx := context.Background()
	sid := strconv.FormatInt(id, 10)
	note := &copilot.Note{Text: "draft", Marker: "m"}
	d.zd.RateLimitNext("/api/v2/tickets/"+sid, "7")
	d.clock.Slept()
	if _, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note}); err != nil {
		t.Fatal(err)
	}
	if slept := d.clock.Slept(); !slices.Contains(slept, 7*time.Second) {
		t.Errorf("waits %v, want the 7 s of Retry-After", slept)
	}
	if n := len(d.zd.Writes()); n != 1 {
		t.Fatalf("%d writes after a 429, want 1", n)
	}
	// A 500 may come after the write was made: it is not sent again.
	d.zd.Inject(zendesktest.Fault{Path: "/api/v2/tickets/" + sid, Status: http.StatusInternalServerError, AfterWrite: true})
	_, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note})
	var he *connectors.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusInternalServerError {
		t.Fatalf("WriteBack after a 500: %v", err)
	}
	if n := len(d.zd.Writes()); n != 2 {
		t.Errorf("%d writes, want 2: the one answered 500 was not sent twice", n)
	}
	d.zd.Inject(zendesktest.Fault{Path: "/api/v2/tickets/" + sid, Status: http.StatusForbidden,
		Body: `{"error":"Forbidden","description":"You do not have access to this page"}`})
	_, err = src.WriteBack(ctx, sid, copilot.WriteBack{Note: note})
	if !errors.As(err, &he) || he.Status != http.StatusForbidden || !strings.Contains(err.Error(), "You do not have access") {
		t.Errorf("WriteBack refused: %v, want the 403 with Zendesk's message", err)
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
