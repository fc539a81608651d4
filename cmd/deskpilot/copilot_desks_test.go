package main

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors/copilot"
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/freshdesk/freshdesktest"
	"deskpilot/connectors/jira"
	"deskpilot/connectors/jira/jiratest"
	"deskpilot/connectors/zendesk"
	"deskpilot/connectors/zendesk/zendesktest"
)

// helpDesk is a fake help desk wired for the copilot tests: its
// deskpilot.yaml entry, two new tickets, how it delivers a webhook, and
// what it holds.
type helpDesk struct {
	family  string
	yaml    string
	env     map[string]string
	tickets [3]string
	// deliver returns the headers and body of the ticket created webhook
	// of ticket, signed at `at` with secret.
	deliver func(ticket, secret string, at time.Time) (http.Header, []byte)
	// failWrites fails the next n writes of ticket's note with a 500.
	failWrites func(ticket string, n int)
	// notes counts the copilot's notes on ticket; writes all writes.
	notes  func(ticket string) int
	writes func() int
	// fieldsSet checks the fields the triage set on ticket.
	fieldsSet func(t *testing.T, ticket string)
}

const hookSecret = "shared-webhook-secret-123"

func zendeskDesk(t *testing.T) *helpDesk {
	zd := zendesktest.New(t)
	network := zd.AddGroup(zendesktest.Group{Name: "Network"}).ID
	zd.AddTicketField(zendesktest.TicketField{ID: 360001, Title: "Category", Options: []zendesktest.FieldOption{{Name: "Network::VPN", Value: "network__vpn"}}})
	ana := zd.AddUser(zendesktest.User{Name: "Ana", Email: "ana@example.com"}).ID
	h := &helpDesk{family: "zendesk"}
	for i := range h.tickets {
		id := zd.AddTicket(zendesktest.Ticket{Subject: "VPN keeps dropping", Status: "new", RequesterID: ana,
			Comments: []zendesktest.Comment{{AuthorID: ana, Body: "My VPN drops every hour.", Public: true}}})
		h.tickets[i] = strconv.FormatInt(id, 10)
	}
	h.yaml = fmt.Sprintf("connectors:\n  - type: zendesk\n    name: zd\n    base_url: %s\n    email: %s\n    api_token: %s\n    category_field: 360001\n    copilot: true\n",
		zd.URL, zendesktest.Email, zendesktest.Token)
	h.env = map[string]string{"DESKPILOT_ZD_WEBHOOK_SECRET": hookSecret} // the secret from the environment
	h.deliver = func(ticket, secret string, at time.Time) (http.Header, []byte) {
		body := []byte(`{"type":"zen:event-type:ticket.created","account_id":1,"id":"ev-` + ticket + `","time":"` + at.Format(time.RFC3339) +
			`","zendesk_event_version":"2022-11-06","subject":"zen:ticket:` + ticket + `","detail":{"id":"` + ticket + `"},"event":{}}`)
		return zendesk.Sign(secret, body, at), body
	}
	h.failWrites = func(ticket string, n int) {
		zd.Inject(zendesktest.Fault{Path: "/api/v2/tickets/" + ticket + ".json", Method: http.MethodPut, Status: 500, Times: n})
	}
	h.notes = func(ticket string) int {
		n, _ := strconv.ParseInt(ticket, 10, 64)
		c := 0
		for _, cm := range zd.Ticket(n).Comments {
			if copilot.HasMarker(cm.Body, copilot.Marker("zd", ticket)) && !cm.Public {
				c++
			}
		}
		return c
	}
	h.writes = func() int { return len(zd.Writes()) }
	h.fieldsSet = func(t *testing.T, ticket string) {
		n, _ := strconv.ParseInt(ticket, 10, 64)
		if tk := zd.Ticket(n); tk.GroupID != network || tk.CustomFields[360001] != "network__vpn" || !slices.Contains(tk.Tags, "deskpilot") {
			t.Errorf("ticket %s: group %d, fields %v, tags %v", ticket, tk.GroupID, tk.CustomFields, tk.Tags)
		}
	}
	return h
}

func freshdeskDesk(t *testing.T) *helpDesk {
	fd := freshdesktest.New(t, freshdesktest.Freshdesk)
	network := fd.AddGroup("Network")
	fd.AddDropdown("cf_category", "Network/VPN", "Accounts")
	ana := fd.AddContact("Ana", "ana@example.com")
	h := &helpDesk{family: "freshdesk"}
	for i := range h.tickets {
		id := fd.AddTicket(freshdesktest.Ticket{Subject: "VPN keeps dropping", Description: "<p>My VPN drops every hour.</p>", RequesterID: ana})
		h.tickets[i] = strconv.FormatInt(id, 10)
	}
	h.yaml = fmt.Sprintf("connectors:\n  - type: freshdesk\n    name: fd\n    base_url: %s\n    api_key: %s\n    category_field: cf_category\n    copilot: true\n    webhook_secret: %s\n",
		fd.URL, freshdesktest.APIKey, hookSecret)
	h.deliver = func(ticket, secret string, at time.Time) (http.Header, []byte) {
		return http.Header{freshdesk.SecretHeader: {secret}}, []byte(`{"freshdesk_webhook":{"ticket_id":` + ticket + `,"ticket_subject":"VPN keeps dropping"}}`)
	}
	h.failWrites = func(ticket string, n int) {
		fd.Inject(freshdesktest.Fault{Path: "/api/v2/tickets/" + ticket + "/notes", Method: http.MethodPost, Status: 500, Times: n})
	}
	h.notes = func(ticket string) int {
		n, _ := strconv.ParseInt(ticket, 10, 64)
		c := 0
		for _, cv := range fd.Ticket(n).Conversations {
			if copilot.HasMarker(cv.Body, copilot.Marker("fd", ticket)) && cv.Private {
				c++
			}
		}
		return c
	}
	h.writes = func() int { return len(fd.Writes()) }
	h.fieldsSet = func(t *testing.T, ticket string) {
		n, _ := strconv.ParseInt(ticket, 10, 64)
		if tk := fd.Ticket(n); tk.GroupID != network || tk.CustomFields["cf_category"] != "Network/VPN" || !slices.Contains(tk.Tags, "deskpilot") {
			t.Errorf("ticket %s: group %d, fields %v, tags %v", ticket, tk.GroupID, tk.CustomFields, tk.Tags)
		}
	}
	return h
}

func jiraDesk(t *testing.T) *helpDesk {
	js := jiratest.New(t)
	js.AddAccount(jiratest.Account{ID: "ana", Name: "Ana", Email: "ana@example.com", Type: "customer"})
	js.AddRequestType("ITSM", "Get IT help")
	js.AddRequestType("ITSM", "VPN")
	h := &helpDesk{family: "jira"}
	var ids [3]int64
	for i := range h.tickets {
		ids[i], _ = js.AddIssue(jiratest.Issue{Project: "ITSM", Summary: "VPN keeps dropping", Description: "My VPN drops every hour.",
			ReporterID: "ana", RequestType: "Get IT help"})
		h.tickets[i] = strconv.FormatInt(ids[i], 10)
	}
	h.yaml = fmt.Sprintf("connectors:\n  - type: jira\n    name: jsm\n    url: %s\n    email: %s\n    api_token: %s\n    projects: [ITSM]\n    copilot: true\n    webhook_secret: %s\n",
		js.URL, jiratest.Email, jiratest.Token, hookSecret)
	h.deliver = func(ticket, secret string, at time.Time) (http.Header, []byte) {
		i := slices.Index(h.tickets[:], ticket)
		body := []byte(fmt.Sprintf(`{"timestamp":%d,"webhookEvent":"jira:issue_created","issue_event_type_name":"issue_created","issue":{"id":"%s","key":"ITSM-%d","fields":{"summary":"VPN keeps dropping"}}}`,
			at.UnixMilli(), ticket, i+1))
		hd := jira.Sign(secret, body)
		hd.Set(jira.IdentifierHeader, "delivery-"+ticket)
		return hd, body
	}
	h.failWrites = func(ticket string, n int) {
		js.Inject(jiratest.Fault{Path: "/rest/servicedeskapi/request/" + ticket + "/comment", Method: http.MethodPost, Status: 500, Times: n})
	}
	h.notes = func(ticket string) int {
		n, _ := strconv.ParseInt(ticket, 10, 64)
		c := 0
		for _, cm := range js.Issue(n).Comments {
			if copilot.HasMarker(cm.Body, copilot.Marker("jsm", ticket)) && !cm.Public {
				c++
			}
		}
		return c
	}
	h.writes = func() int { return len(js.Writes()) }
	h.fieldsSet = func(t *testing.T, ticket string) {
		n, _ := strconv.ParseInt(ticket, 10, 64)
		if is := js.Issue(n); is.RequestType != "VPN" || !slices.Contains(is.Labels, "deskpilot") || !slices.Contains(is.Labels, "team-network") {
			t.Errorf("issue %s: request type %q, labels %v", ticket, is.RequestType, is.Labels)
		}
	}
	return h
}

// connectorName is the name the desk's entry gives its connector.
func (h *helpDesk) connectorName() string {
	_, rest, _ := strings.Cut(h.yaml, "name: ")
	name, _, _ := strings.Cut(rest, "\n")
	return name
}
