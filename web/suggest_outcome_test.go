package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestOutcomeScenarios(t *testing.T) {
	d := newAgentDesk(t, nil)
	s := d.suggest(t, d.anaTicket)
	sid, at := s["suggestion_id"].(string), s["suggested_at"].(string)
	other := d.suggest(t, d.boTicket)["suggestion_id"].(string)
	path := fmt.Sprintf("/api/v1/tickets/%d/suggestion/outcome", d.anaTicket)
	body := func(kv ...any) string {
		m := map[string]any{"suggestion_id": sid, "draft": fakeDraft}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return jsonBody(m)
	}
	edited := "Hello Ana,\n\nPlease update the VPN client to 5.2 [1]. It fixes the drops."
	d.run(t, []scenario{
		{"requester refused", "ana", "POST", path, body("action", "accepted"), 403, "", ""},
		{"malformed JSON", "agent", "POST", path, `{"action":`, 400, "JSON", ""},
		{"unknown action", "agent", "POST", path, body("action", "ignored"), 422, `"field":"action"`, ""},
		{"forged suggestion id", "agent", "POST", path, body("action", "accepted", "suggestion_id", sid[:len(sid)-3]+"abc"), 422, `"field":"suggestion_id"`, ""},
		{"no suggestion id", "agent", "POST", path, body("action", "accepted", "suggestion_id", ""), 422, `"field":"suggestion_id"`, ""},
		{"another ticket's suggestion", "agent", "POST", path, body("action", "accepted", "suggestion_id", other), 422, `"field":"suggestion_id"`, ""},
		{"a draft that was not suggested", "agent", "POST", path, body("action", "accepted", "draft", "Reboot."), 422, "not the draft of this suggestion", ""},
		{"empty draft", "agent", "POST", path, body("action", "accepted", "draft", "  "), 422, `"field":"draft"`, ""},
		{"accepted but changed", "agent", "POST", path, body("action", "accepted", "sent", "Reboot."), 422, "that is an edit", ""},
		{"edited with nothing to send", "agent", "POST", path, body("action", "edited", "sent", " "), 422, `"field":"sent"`, ""},
		{"a sent reply has no discard reason", "agent", "POST", path, body("action", "edited", "sent", edited, "reason", "outdated"), 422, `"field":"reason"`, ""},
		{"discarded without a reason", "agent", "POST", path, body("action", "discarded"), 422, `"field":"reason"`, ""},
		{"discarded with an invented reason", "agent", "POST", path, body("action", "discarded", "reason", "lazy"), 422, "want one of", ""},
		{"other needs a note", "agent", "POST", path, body("action", "discarded", "reason", "other"), 422, `"field":"note"`, ""},
		{"a discard sends nothing", "agent", "POST", path, body("action", "discarded", "reason", "outdated", "sent", "x"), 422, `"field":"sent"`, ""},
		{"a note has a limit", "agent", "POST", path, body("action", "discarded", "reason", "other", "note", strings.Repeat("é", 501)), 422, "longer than 500 characters", ""},
		{"a reply has a limit", "agent", "POST", path, body("action", "edited", "sent", strings.Repeat("x", 20001)), 422, "longer than 20000", ""},
		{"suggested_at must be the suggestion's", "agent", "POST", path, body("action", "accepted", "suggested_at", "2020-01-01T00:00:00Z"), 422, `"field":"suggested_at"`, ""},
		{"nothing was sent or recorded so far", "agent", "GET", "/api/v1/outcomes", "", 200, `{"outcomes":[]}`, ""},
		{"edited and sent", "agent", "POST", path, body("action", "edited", "sent", edited, "suggested_at", at), 201, `"edit_distance":32`, ""},
		{"the requester reads the reply, not the note", "ana", "GET", fmt.Sprint("/api/v1/tickets/", d.anaTicket), "", 200, "It fixes the drops.", "internal: check the concentrator"},
		{"an unchanged edit is an acceptance", "agent", "POST", path, body("action", "edited", "sent", " "+fakeDraft+"\n"), 201, `"action":"accepted","draft":"Please update`, ""},
		{"accepted as is", "admin", "POST", path, body("action", "accepted"), 201, `"edit_distance":0`, ""},
		{"discarded with a reason", "agent", "POST", path, body("action", "discarded", "reason", "outdated", "note", "5.3 is out"), 201, `"discard_reason":"outdated: 5.3 is out"`, `"message"`},
		{"requesters cannot list outcomes", "ana", "GET", "/api/v1/outcomes", "", 403, "", ""},
		{"since must be a time", "agent", "GET", "/api/v1/outcomes?since=yesterday", "", 400, "since", ""},
		{"nothing since tomorrow", "agent", "GET", "/api/v1/outcomes?since=" + time.Now().AddDate(0, 0, 2).Format(time.DateOnly), "", 200, `{"outcomes":[]}`, ""},
		{"another ticket has none", "agent", "GET", fmt.Sprintf("/api/v1/outcomes?ticket_id=%d", d.boTicket), "", 200, `{"outcomes":[]}`, ""},
	})

	// Three outcomes, in decision order, and two replies on the ticket.
	_, list := d.do(t, "agent", "GET", fmt.Sprintf("/api/v1/outcomes?ticket_id=%d&since=2020-01-01", d.anaTicket), "")
	var got struct {
		Outcomes []struct {
			Action        string
			Draft, Sent   string
			EditDistance  int     `json:"edit_distance"`
			AgentID       int64   `json:"agent_id"`
			Confidence    float64 `json:"confidence"`
			Category      string
			TimeToSendMS  int64     `json:"time_to_send_ms"`
			DiscardReason string    `json:"discard_reason"`
			SuggestedAt   time.Time `json:"suggested_at"`
		}
	}
	must(t, json.Unmarshal([]byte(list), &got))
	if len(got.Outcomes) != 4 {
		t.Fatalf("outcomes: %s, want 4", list)
	}
	e := got.Outcomes[0]
	if e.Action != "edited" || e.Sent != edited || e.Draft != fakeDraft || e.AgentID != d.users["agent"].ID ||
		e.Confidence != 0.72 || e.Category != "Network/VPN" || e.TimeToSendMS < 0 || e.SuggestedAt.Format(time.RFC3339Nano) != at {
		t.Errorf("the edited outcome: %+v", e)
	}
	if a := got.Outcomes[2]; a.Action != "accepted" || a.AgentID != d.users["admin"].ID || a.Sent != fakeDraft {
		t.Errorf("the accepted outcome: %+v", a)
	}
	tk, err := d.db.GetTicket(context.Background(), d.anaTicket)
	must(t, err)
	var public []string
	for _, m := range tk.Messages {
		if m.Public && m.Author == "agent" {
			public = append(public, m.Body)
		}
	}
	if len(public) != 3 || public[0] != edited || public[1] != fakeDraft || tk.Status != "open" || tk.FirstResponseAt == nil {
		t.Errorf("replies %q, status %s: want the edit, then the draft twice, and the ticket open and answered", public, tk.Status)
	}
}

func TestOutcomeOnAClosedTicketSendsNothing(t *testing.T) {
	d := newAgentDesk(t, nil)
	sid := d.suggest(t, d.anaTicket)["suggestion_id"].(string)
	id := fmt.Sprint(d.anaTicket)
	if st, body := d.do(t, "agent", "PATCH", "/api/v1/tickets/"+id, `{"status":"closed"}`); st != http.StatusOK {
		t.Fatalf("close: %d %s", st, body)
	}
	st, body := d.do(t, "agent", "POST", "/api/v1/tickets/"+id+"/suggestion/outcome",
		jsonBody(map[string]any{"suggestion_id": sid, "draft": fakeDraft, "action": "accepted"}))
	if st != http.StatusConflict {
		t.Fatalf("accepting on a closed ticket: %d %s, want 409", st, body)
	}
	if _, list := d.do(t, "agent", "GET", "/api/v1/outcomes", ""); list != `{"outcomes":[]}` {
		t.Errorf("an outcome was recorded for a reply that was not sent: %s", list)
	}
}
