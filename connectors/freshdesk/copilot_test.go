package freshdesk_test

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
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/freshdesk/freshdesktest"
)

const secret = "fd-shared-secret"

func basic(user, pass string) http.Header {
	return http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))}}
}

func TestWebhookVerify(t *testing.T) {
	w := &freshdesk.Webhook{Secret: secret}
	tests := []struct {
		name string
		h    http.Header
		w    *freshdesk.Webhook
		ok   bool
	}{
		{"custom header", http.Header{freshdesk.SecretHeader: {secret}}, w, true},
		{"basic auth password", basic("freshdesk", secret), w, true},
		{"secret as API key", basic(secret, "X"), w, true},
		{"wrong header", http.Header{freshdesk.SecretHeader: {"guess"}}, w, false},
		{"a prefix of the secret", http.Header{freshdesk.SecretHeader: {secret[:5]}}, w, false},
		{"wrong password", basic("freshdesk", "guess"), w, false},
		{"bearer", http.Header{"Authorization": {"Bearer " + secret}}, w, false},
		{"nothing", http.Header{}, w, false},
		{"no secret configured", http.Header{freshdesk.SecretHeader: {""}}, &freshdesk.Webhook{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.w.Verify(tt.h, []byte(`{"ticket_id":"1"}`), time.Now())
			if tt.ok != (err == nil) {
				t.Fatalf("Verify: %v, want ok %v", err, tt.ok)
			}
			if err != nil && (!errors.Is(err, copilot.ErrUnauthorized) || strings.Contains(err.Error(), secret)) {
				t.Errorf("error %v: want ErrUnauthorized, without the secret", err)
			}
		})
	}
}

func TestWebhookEvents(t *testing.T) {
	w := &freshdesk.Webhook{Secret: secret}
	tests := []struct {
		body string
		want string // ticket id; "" for ErrBadPayload
	}{
		{`{"ticket_id":"42"}`, "42"},
		{`{"ticket_id":42}`, "42"},
		{`{"freshdesk_webhook":{"ticket_id":42,"ticket_subject":"VPN"}}`, "42"},
		{`{"ticket":{"id":"#INC-42"}}`, "42"},
		{`{"ticket_id":"SR-42"}`, "42"},
		{`{"ticket_id":"{{ticket.id}}"}`, ""},
		{`{}`, ""},
		{`not json`, ""},
	}
	for _, tt := range tests {
		got, err := w.Events(nil, []byte(tt.body))
		if tt.want == "" {
			if !errors.Is(err, copilot.ErrBadPayload) {
				t.Errorf("%s: %v, %v; want ErrBadPayload", tt.body, got, err)
			}
			continue
		}
		if err != nil || len(got) != 1 || got[0].TicketID != tt.want || got[0].ID != "" {
			t.Errorf("%s: %+v, %v; want ticket %s", tt.body, got, err, tt.want)
		}
	}
}

// newTicket adds the ticket the copilot writes back on and returns the
// desk's source for it, with the category choices of the product.
func newTicket(t *testing.T, d *desk) (string, *freshdesk.Source) {
	t.Helper()
	if d.product == freshdesk.Freshdesk {
		d.fd.AddDropdown("cf_category", "Network/VPN", "Accounts")
	} else {
		d.fd.SetCategories(freshdesktest.Choice{Value: "Network", Nested: []freshdesktest.Choice{{Value: "VPN"}, {Value: "Wi-Fi"}}},
			freshdesktest.Choice{Value: "Accounts"})
	}
	id := d.fd.AddTicket(freshdesktest.Ticket{Subject: "VPN keeps dropping", Description: "<p>Since this morning the <b>VPN</b> drops.</p>",
		RequesterID: d.contacts["ana"], Tags: []string{"web"}})
	src, err := freshdesk.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log, Retries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10), src
}

func TestWriteBack(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		ctx := context.Background()
		sid, src := newTicket(t, d)
		tk, err := src.Ticket(ctx, sid)
		if err != nil || tk.Subject != "VPN keeps dropping" || tk.Description != "Since this morning the VPN drops." {
			t.Fatalf("Ticket: %+v, %v", tk, err)
		}
		marker := copilot.Marker(string(d.product), sid)
		if has, err := src.HasNote(ctx, sid, marker); err != nil || has {
			t.Fatalf("HasNote before: %v, %v", has, err)
		}
		note := &copilot.Note{Text: "text", HTML: "<p>Reset your VPN token [1].</p><p>" + marker + "</p>", Marker: marker}
		set, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note, Fields: copilot.Fields{Category: "Network/VPN", Team: "network"}})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"tag deskpilot", "group network", "category Network/VPN"}; !slices.Equal(set, want) {
			t.Errorf("set %q, want %q", set, want)
		}
		w := d.fd.Writes()
		if len(w) != 2 || w[0].Method != "POST" || w[0].Path != "/api/v2/tickets/"+sid+"/notes" || w[1].Method != "PUT" || w[1].Path != "/api/v2/tickets/"+sid {
			t.Fatalf("writes %+v: want the note, then the ticket", w)
		}
		var posted struct {
			Body    string `json:"body"`
			Private *bool  `json:"private"`
		}
		if err := json.Unmarshal(w[0].Body, &posted); err != nil || posted.Body != note.HTML || posted.Private == nil || !*posted.Private {
			t.Errorf("note posted %s", w[0].Body)
		}
		n, _ := strconv.ParseInt(sid, 10, 64)
		got := d.fd.Ticket(n)
		last := got.Conversations[len(got.Conversations)-1]
		if !last.Private || last.Body != note.HTML || got.GroupID != d.groups["Network"] || !slices.Equal(got.Tags, []string{"web", "deskpilot"}) {
			t.Errorf("ticket after the write: %+v", got)
		}
		if d.product == freshdesk.Freshdesk && got.CustomFields["cf_category"] != "Network/VPN" {
			t.Errorf("cf_category %q", got.CustomFields["cf_category"])
		}
		if d.product == freshdesk.Freshservice && (got.Category != "Network" || got.SubCategory != "VPN") {
			t.Errorf("category %q / %q", got.Category, got.SubCategory)
		}
		if has, err := src.HasNote(ctx, sid, marker); err != nil || !has {
			t.Errorf("HasNote after: %v, %v", has, err)
		}
		// The fields again: the tag is there, nothing else changes.
		if _, err := src.WriteBack(ctx, sid, copilot.WriteBack{Fields: copilot.Fields{Category: "Printers", Team: "Facilities"}}); err != nil {
			t.Fatal(err)
		}
		if w := d.fd.Writes(); len(w) != 2 {
			t.Errorf("%d writes: nothing left to set was written", len(w))
		}
	})
}

func TestWriteBackTypeAndFailures(t *testing.T) {
	d := newDesk(t, freshdesk.Freshdesk)
	d.cfg.CategoryField = "" // the ticket's type
	sid, src := newTicket(t, d)
	ctx := context.Background()
	set, err := src.WriteBack(ctx, sid, copilot.WriteBack{Fields: copilot.Fields{Category: "Hardware/Incident"}})
	if err != nil || !slices.Contains(set, "category Hardware/Incident") {
		t.Fatalf("set %q, %v", set, err)
	}
	if n, _ := strconv.ParseInt(sid, 10, 64); d.fd.Ticket(n).Type != "Incident" {
		t.Errorf("type %q, want Incident", d.fd.Ticket(n).Type)
	}
	// A 429 on the note is waited out; a 500 is not sent again.
	d.fd.RateLimitNext("/api/v2/tickets/"+sid+"/notes", "3")
	d.clock.Slept()
	note := &copilot.Note{HTML: "<p>draft</p>", Marker: "m"}
	if _, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note}); err != nil {
		t.Fatal(err)
	}
	if slept := d.clock.Slept(); !slices.Contains(slept, 3*time.Second) {
		t.Errorf("waits %v, want Retry-After's 3 s", slept)
	}
	before := len(d.fd.Writes())
	d.fd.Inject(freshdesktest.Fault{Path: "/api/v2/tickets/" + sid + "/notes", Status: 500, AfterWrite: true})
	_, err = src.WriteBack(ctx, sid, copilot.WriteBack{Note: note})
	var he *connectors.HTTPError
	if !errors.As(err, &he) || he.Status != 500 {
		t.Fatalf("after a 500: %v", err)
	}
	if after := len(d.fd.Writes()); after != before+1 {
		t.Errorf("%d writes after the 500, want %d: a POST is not sent twice", after, before+1)
	}
	d.fd.Inject(freshdesktest.Fault{Path: "/api/v2/tickets/" + sid + "/notes", Status: 403,
		Body: `{"code":"access_denied","message":"You are not authorized to perform this action."}`})
	if _, err := src.WriteBack(ctx, sid, copilot.WriteBack{Note: note}); !errors.As(err, &he) || he.Status != 403 ||
		!strings.Contains(err.Error(), "not authorized") {
		t.Errorf("refused: %v", err)
	}
}
