package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"deskpilot/tickets"
	"deskpilot/web"
)

func TestChatScenarios(t *testing.T) {
	d := newChatDesk(t, nil)
	ana := d.mustConversation(t, "ana", "how do I reset my password?")
	bo := d.mustConversation(t, "bo", "my password expired")
	handed := d.mustConversation(t, "ana", "I want a human")
	big := strings.Repeat("é", web.MaxChatMessage+1)
	cases := []struct {
		name, who, method, path, body string
		wantStatus                    int
		wantEvents                    string // the event names of a stream, in order
		wantBody, notBody             string
	}{
		{"nobody may chat", "", "POST", "/api/v1/chat", `{"message":"hi"}`, 401, "", "", ""},
		{"an automatic answer streams", "ana", "POST", "/api/v1/chat", `{"message":"reset my password"}`, 200,
			"conversation,delta,delta,done", `"draft":"Reset it at passport.example [1]."`, ""},
		{"citations link the portal's article page, public ones only", "ana", "POST", "/api/v1/chat", `{"message":"reset my password"}`, 200,
			"", fmt.Sprintf(`"url":"/portal/articles/%d"`, d.asst.publicDoc), "RB-9"},
		{"a source URL that is not a web page is dropped", "ana", "POST", "/api/v1/chat", `{"message":"reset my password"}`, 200, "", `"title":"Reset \u003cb\u003eyour`, "javascript:"},
		{"withdrawn text is reset", "ana", "POST", "/api/v1/chat", `{"message":"flaky password"}`, 200, "conversation,delta,reset,delta,done", `"decision":"auto"`, ""},
		{"a suggestion opens a ticket and never shows the draft", "ana", "POST", "/api/v1/chat", `{"message":"printer jam"}`, 200,
			"conversation,done", `An agent will review your question`, "unreviewed draft"},
		{"a handoff opens a ticket", "bo", "POST", "/api/v1/chat", `{"message":"a human please"}`, 200, "conversation,done", `"ticket_id":`, ""},
		{"out of scope opens none", "bo", "POST", "/api/v1/chat", `{"message":"the weather?"}`, 200, "conversation,done", `"reason":"out_of_scope"`, "ticket_id"},
		{"an assistant failure ends the stream with an error", "bo", "POST", "/api/v1/chat", `{"message":"broken"}`, 200, "conversation,error", "try again", "index unavailable"},
		{"an agent may chat too", "agent", "POST", "/api/v1/chat", `{"message":"password"}`, 200, "conversation,delta,delta,done", "", ""},
		{"continue one's own conversation", "ana", "POST", "/api/v1/chat", fmt.Sprintf(`{"conversation_id":%d,"message":"and my PIN?"}`, ana), 200,
			"conversation,delta,delta,done", fmt.Sprintf(`"conversation_id":%d`, ana), ""},
		{"someone else's conversation is 404", "bo", "POST", "/api/v1/chat", fmt.Sprintf(`{"conversation_id":%d,"message":"hi"}`, ana), 404, "", "", ""},
		{"an unknown conversation is 404", "ana", "POST", "/api/v1/chat", `{"conversation_id":999999,"message":"hi"}`, 404, "", "", ""},
		{"a handed-off conversation takes no more messages", "ana", "POST", "/api/v1/chat", fmt.Sprintf(`{"conversation_id":%d,"message":"hello?"}`, handed), 409, "", "", ""},
		{"read one's own conversation", "ana", "GET", fmt.Sprint("/api/v1/chat/", ana), "", 200, "", `"citations":["KB-1"]`, ""},
		{"read someone else's is 404", "bo", "GET", fmt.Sprint("/api/v1/chat/", ana), "", 404, "", "", "password"},
		{"hand off someone else's is 404", "bo", "POST", fmt.Sprintf("/api/v1/chat/%d/handoff", ana), "", 404, "", "", ""},
		{"feedback on someone else's is 404", "bo", "POST", fmt.Sprintf("/api/v1/chat/%d/feedback", ana), `{"resolved":true}`, 404, "", "", ""},
		{"feedback recorded", "bo", "POST", fmt.Sprintf("/api/v1/chat/%d/feedback", bo), `{"resolved":false}`, 200, "", `"resolved":false`, ""},
		{"feedback needs a yes or a no", "bo", "POST", fmt.Sprintf("/api/v1/chat/%d/feedback", bo), `{}`, 400, "", "resolved", ""},
		{"oversize message", "ana", "POST", "/api/v1/chat", fmt.Sprintf(`{"message":%q}`, big), 400, "", "at most 4000 characters", ""},
		{"oversize body", "ana", "POST", "/api/v1/chat", `{"message":"` + strings.Repeat("a", 70<<10) + `"}`, 400, "", "at most", ""},
		{"empty message", "ana", "POST", "/api/v1/chat", `{"message":"  "}`, 400, "", "empty", ""},
		{"malformed body", "ana", "POST", "/api/v1/chat", `{"message":`, 400, "", "JSON", ""},
		{"session call without CSRF token", "ana/nocsrf", "POST", "/api/v1/chat", `{"message":"password"}`, 403, "", "CSRF", ""},
		{"session handoff without CSRF token", "ana/nocsrf", "POST", fmt.Sprintf("/api/v1/chat/%d/handoff", ana), "", 403, "", "CSRF", ""},
		{"session feedback without CSRF token", "ana/nocsrf", "POST", fmt.Sprintf("/api/v1/chat/%d/feedback", ana), `{"resolved":true}`, 403, "", "CSRF", ""},
		{"session call with its CSRF token", "ana/session", "POST", "/api/v1/chat", `{"message":"password"}`, 200, "conversation,delta,delta,done", "", ""},
		{"session reads need no CSRF token", "ana/nocsrf", "GET", fmt.Sprint("/api/v1/chat/", ana), "", 200, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := d.call(t, c.who, c.method, c.path, c.body)
			if resp.StatusCode != c.wantStatus {
				t.Fatalf("status %d, want %d; body %.300s", resp.StatusCode, c.wantStatus, body)
			}
			if c.wantEvents != "" {
				if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
					t.Errorf("content type %q", ct)
				}
				if got := eventNames(parseEvents(t, body)); got != c.wantEvents {
					t.Errorf("events %s, want %s", got, c.wantEvents)
				}
			}
			if c.wantBody != "" && !strings.Contains(body, c.wantBody) {
				t.Errorf("body %.600s, want it to contain %q", body, c.wantBody)
			}
			if c.notBody != "" && strings.Contains(body, c.notBody) {
				t.Errorf("body %.600s must not contain %q", body, c.notBody)
			}
		})
	}
}

func TestChatRecordsTurnsAndFeedback(t *testing.T) {
	d := newChatDesk(t, nil)
	ctx := context.Background()
	id := d.mustConversation(t, "ana", "reset my password")
	_, body := d.call(t, "ana", "POST", "/api/v1/chat", fmt.Sprintf(`{"conversation_id":%d,"message":"it says expired"}`, id))
	if evs := parseEvents(t, body); evs[len(evs)-1].Name != "done" {
		t.Fatalf("follow-up: %s", body)
	}
	if resp, body := d.call(t, "ana", "POST", fmt.Sprintf("/api/v1/chat/%d/feedback", id), `{"resolved":true}`); resp.StatusCode != 200 {
		t.Fatalf("feedback: %d %s", resp.StatusCode, body)
	}
	conv, err := d.db.GetConversation(ctx, id)
	must(t, err)
	var turns []string
	for _, tr := range conv.Turns {
		turns = append(turns, fmt.Sprintf("%s:%s:%s:%v", tr.Role, tr.Decision, tr.Text, tr.Citations))
	}
	want := "user::reset my password:[] | assistant:auto:Reset it at passport.example [1].:[KB-1] | " +
		"user::it says expired:[] | assistant:auto:Reset it at passport.example [1].:[KB-1]"
	if got := strings.Join(turns, " | "); got != want {
		t.Errorf("turns\n got %s\nwant %s", got, want)
	}
	if conv.Resolved == nil || !*conv.Resolved || conv.UserID != d.users["ana"].ID {
		t.Errorf("feedback not recorded: %+v", conv)
	}
	// The follow-up is asked with the message before it, and Ana is
	// greeted by her first name.
	d.asst.mu.Lock()
	last := d.asst.asked[len(d.asst.asked)-1]
	d.asst.mu.Unlock()
	if last.Text != "reset my password\nit says expired" || last.Name != "Ana" || last.Audience != "requester" {
		t.Errorf("assistant asked %+v", last)
	}
}

func TestHandoffIsTriagedAndIdempotent(t *testing.T) {
	d := newChatDesk(t, nil)
	ctx := context.Background()
	id := d.mustConversation(t, "ana", "reset my password")
	path := fmt.Sprintf("/api/v1/chat/%d/handoff", id)
	// Several "talk to a human" clicks at once make one ticket.
	var wg sync.WaitGroup
	ids := make([]int64, 5)
	codes := make([]int, 5)
	for i := range ids {
		wg.Go(func() {
			resp, body := d.call(t, "ana", "POST", path, "")
			var tk struct{ ID int64 }
			_ = json.Unmarshal([]byte(body), &tk)
			codes[i], ids[i] = resp.StatusCode, tk.ID
		})
	}
	wg.Wait()
	created := 0
	for i := range ids {
		if ids[i] != ids[0] || ids[i] == 0 {
			t.Fatalf("handoffs gave different tickets: %v (statuses %v)", ids, codes)
		}
		if codes[i] == 201 {
			created++
		} else if codes[i] != 200 {
			t.Fatalf("handoff: %d", codes[i])
		}
	}
	if created != 1 {
		t.Errorf("%d handoffs answered 201 Created, want 1", created)
	}
	list, err := d.db.ListTickets(ctx, tickets.TicketFilter{Requester: "ana@example.com"})
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("%d tickets for one conversation", len(list))
	}
	tk, err := d.db.GetTicket(ctx, list[0].ID)
	must(t, err)
	if tk.Category != "Network/VPN" || tk.Team != "Network" || tk.Priority != tickets.PriorityHigh || tk.Channel != "chat" ||
		tk.Subject != "reset my password" || tk.Requester != "ana@example.com" {
		t.Errorf("ticket not triaged and routed: %+v", tk)
	}
	first := tk.Messages[0].Body
	if !strings.Contains(first, fmt.Sprintf("chat #%d", id)) || !strings.Contains(first, "Requester:\nreset my password") ||
		!strings.Contains(first, "Assistant:\nReset it at passport.example [1].") || !tk.Messages[0].Public {
		t.Errorf("first message is not the transcript:\n%s", first)
	}
	conv, err := d.db.GetConversation(ctx, id)
	must(t, err)
	if conv.TicketID == nil || *conv.TicketID != tk.ID {
		t.Errorf("conversation not linked to its ticket: %v", conv.TicketID)
	}
	// A suggestion becomes a ticket triaged by the answer itself.
	sc, err := d.db.GetConversation(ctx, d.mustConversation(t, "bo", "printer jam"))
	must(t, err)
	if sc.TicketID == nil {
		t.Fatal("a suggestion did not become a ticket")
	}
	st, err := d.db.GetTicket(ctx, *sc.TicketID)
	must(t, err)
	if st.Category != "Network/VPN" || st.Team != "Network" || !strings.Contains(st.Messages[0].Body, "An agent will review") {
		t.Errorf("suggested ticket: %+v", st)
	}
	// An abstaining or invented label is left to a person.
	human := d.mustConversation(t, "bo", "let me talk to a human")
	hc, err := d.db.GetConversation(ctx, human)
	must(t, err)
	ht, err := d.db.GetTicket(ctx, *hc.TicketID)
	must(t, err)
	if ht.Category != "" || ht.Team != "" || ht.Priority != tickets.PriorityHigh {
		t.Errorf("handoff ticket took labels it should not: category %q team %q priority %q", ht.Category, ht.Team, ht.Priority)
	}
}

func TestChatRateLimits(t *testing.T) {
	t.Run("per user", func(t *testing.T) {
		d := newChatDesk(t, func(deps *web.Deps) { deps.ChatLimits = web.ChatLimits{PerUser: 2, PerIP: 100} })
		for i := range 2 {
			if resp, _ := d.call(t, "ana", "POST", "/api/v1/chat", `{"message":"password"}`); resp.StatusCode != 200 {
				t.Fatalf("question %d: %d", i, resp.StatusCode)
			}
		}
		resp, body := d.call(t, "ana", "POST", "/api/v1/chat", `{"message":"password"}`)
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "too many") {
			t.Fatalf("third question: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if resp, _ := d.call(t, "ana/session", "POST", "/api/v1/chat", `{"message":"password"}`); resp.StatusCode != 429 {
			t.Errorf("the same user through a session: %d, want 429", resp.StatusCode)
		}
		if resp, _ := d.call(t, "bo", "POST", "/api/v1/chat", `{"message":"password"}`); resp.StatusCode != 200 {
			t.Errorf("another user: %d, want 200", resp.StatusCode)
		}
	})
	t.Run("per address", func(t *testing.T) {
		d := newChatDesk(t, func(deps *web.Deps) { deps.ChatLimits = web.ChatLimits{PerUser: 100, PerIP: 3} })
		for i, who := range []string{"ana", "bo", "agent"} {
			if resp, _ := d.call(t, who, "POST", "/api/v1/chat", `{"message":"password"}`); resp.StatusCode != 200 {
				t.Fatalf("question %d: %d", i, resp.StatusCode)
			}
		}
		if resp, _ := d.call(t, "ana", "POST", "/api/v1/chat", `{"message":"password"}`); resp.StatusCode != 429 {
			t.Fatalf("fourth question from one address: %d, want 429", resp.StatusCode)
		}
	})
}

func TestChatOff(t *testing.T) {
	d := newChatDesk(t, func(deps *web.Deps) { deps.Assistant = nil })
	if resp, body := d.call(t, "ana", "POST", "/api/v1/chat", `{"message":"password"}`); resp.StatusCode != 503 {
		t.Fatalf("chat without an assistant: %d %s", resp.StatusCode, body)
	}
}
