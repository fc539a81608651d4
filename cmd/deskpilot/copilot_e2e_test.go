package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors/copilot"
	"deskpilot/connectors/zendesk"
	"deskpilot/connectors/zendesk/zendesktest"
)

// TestCopilotEndToEnd runs `deskpilot serve` on the demo desk with a
// Zendesk connector in copilot mode: a signed webhook of a new ticket in
// the fake Zendesk comes back as a private note drafted by the real,
// offline assistant, with the group and category set.
func TestCopilotEndToEnd(t *testing.T) {
	zd := zendesktest.New(t)
	groups := map[string]int64{}
	for _, name := range []string{"Service Desk", "Network", "Identity"} {
		groups[name] = zd.AddGroup(zendesktest.Group{Name: name}).ID
	}
	zd.AddTicketField(zendesktest.TicketField{ID: 360001, Title: "Category", Options: []zendesktest.FieldOption{
		{Name: "Network::VPN", Value: "network__vpn"}, {Name: "Accounts::Account lockout", Value: "accounts__account_lockout"}}})
	ana := zd.AddUser(zendesktest.User{Name: "Ana", Email: "ana@example.com"}).ID
	id := zd.AddTicket(zendesktest.Ticket{Subject: "VPN keeps disconnecting", Status: "new", RequesterID: ana, Comments: []zendesktest.Comment{
		{AuthorID: ana, Body: "My VPN keeps disconnecting every hour since this morning.", Public: true}}})
	ticket := strconv.FormatInt(id, 10)
	yaml := fmt.Sprintf("connectors:\n  - type: zendesk\n    name: zd\n    base_url: %s\n    email: %s\n    api_token: %s\n    kinds: [tickets]\n    category_field: 360001\n    copilot: true\n",
		zd.URL, zendesktest.Email, zendesktest.Token)
	cfgPath := writeFile(t, t.TempDir(), "deskpilot.yaml", yaml)
	d := startDesk(t, map[string]string{"DESKPILOT_CONFIG": cfgPath, "DESKPILOT_ZD_WEBHOOK_SECRET": hookSecret})

	body := []byte(`{"type":"zen:event-type:ticket.created","account_id":1,"id":"01HQ-E2E","time":"` + time.Now().UTC().Format(time.RFC3339) +
		`","zendesk_event_version":"2022-11-06","subject":"zen:ticket:` + ticket + `","detail":{"id":"` + ticket + `"},"event":{}}`)
	deliver := func(h http.Header) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, d.URL+"/webhooks/zendesk/zd", strings.NewReader(string(body)))
		for k, v := range h {
			req.Header[k] = v
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, out := deliver(zendesk.Sign("forged", body, time.Now())); code != http.StatusUnauthorized {
		t.Fatalf("forged webhook: %d %s", code, out)
	}
	if code, out := deliver(zendesk.Sign(hookSecret, body, time.Now())); code != http.StatusOK || !strings.Contains(out, `"queued":1`) {
		t.Fatalf("webhook: %d %s", code, out)
	}
	job := waitForJob(t, d)
	if job.Status != copilot.StatusDone {
		t.Fatalf("job %+v", job)
	}
	tk := zd.Ticket(id)
	note := tk.Comments[len(tk.Comments)-1]
	for _, want := range []string{"deskpilot suggests a reply", "VPN keeps disconnecting or is very slow", "https://help.northwind.example/kb/",
		"Category: Network/VPN", copilot.Marker("zd", ticket)} {
		if !strings.Contains(note.Body, want) {
			t.Errorf("note lacks %q:\n%s", want, note.Body)
		}
	}
	if note.Public || note.AuthorID != zendesktest.APIUserID {
		t.Errorf("note public %v, by %d: want a private note of the API user", note.Public, note.AuthorID)
	}
	if tk.GroupID != groups["Network"] || tk.CustomFields[360001] != "network__vpn" || !slices.Contains(tk.Tags, "deskpilot") {
		t.Errorf("ticket fields: group %d, custom %v, tags %v", tk.GroupID, tk.CustomFields, tk.Tags)
	}
	// Zendesk retries a delivery it thinks failed: nothing more is written.
	writes := len(zd.Writes())
	if code, out := deliver(zendesk.Sign(hookSecret, body, time.Now())); code != http.StatusOK || !strings.Contains(out, `"duplicates":1`) {
		t.Fatalf("replayed webhook: %d %s", code, out)
	}
	if j := waitForJob(t, d); j.ID != job.ID || len(zd.Writes()) != writes {
		t.Errorf("after the replay: job %+v, %d writes (was %d)", j, len(zd.Writes()), writes)
	}
}

// waitForJob polls the admin API until the queue's one job has ended.
func waitForJob(t *testing.T, d *desk) *copilot.Job {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		req, _ := http.NewRequest(http.MethodGet, d.URL+"/api/v1/copilot/jobs", nil)
		req.Header.Set("Authorization", "Bearer "+d.Creds["admin"].Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Counts map[copilot.Status]int `json:"counts"`
			Jobs   []*copilot.Job         `json:"jobs"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("copilot jobs: %d %v", resp.StatusCode, err)
		}
		if len(out.Jobs) != 1 {
			t.Fatalf("jobs %+v: want one", out.Jobs)
		}
		if j := out.Jobs[0]; j.Status == copilot.StatusDone || j.Status == copilot.StatusFailed {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job did not end: %+v", out.Jobs[0])
		}
		<-time.After(50 * time.Millisecond) // the worker runs in serve: poll its queue
	}
}
