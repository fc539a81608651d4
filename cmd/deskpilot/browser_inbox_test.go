package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserAgentEditsTheSuggestedReply is the agent's path of issue 6:
// find a new ticket in the inbox, leave an internal note, edit the
// assistant's draft and send it; the outcome is recorded with its edit
// distance and counts in the KPIs, and the requester sees the reply but
// not the note.
func TestBrowserAgentEditsTheSuggestedReply(t *testing.T) {
	chromium(t)
	d := startDesk(t, nil)
	code, tk := apiAs(t, d, "requester", http.MethodPost, "/api/v1/tickets", map[string]any{
		"subject": "VPN keeps disconnecting",
		"body":    "NorthGate VPN connects but drops every few minutes when I work from home, and Teams calls freeze.",
	})
	if code != http.StatusCreated {
		t.Fatalf("create ticket: %d %v", code, tk)
	}
	id := fmt.Sprint(tk["id"])
	row := fmt.Sprintf(`#inbox tr[data-ticket="%s"]`, id)

	ctx := browser(t)
	do(t, ctx, signIn(d, "agent")...)
	// The ticket has no team yet: it is in the all-teams queue, found by
	// its number.
	do(t, ctx,
		chromedp.Navigate(d.URL+"/agent"),
		chromedp.WaitVisible(chromedp.CSS("#queues")),
		clickToLoad("#queues a.queue:last-of-type"),
		chromedp.WaitVisible(chromedp.CSS(`#queues a.queue.active:last-of-type`)),
		chromedp.SendKeys(chromedp.CSS("#f-q"), "#"+id),
		clickToLoad("#f-submit"),
		chromedp.WaitVisible(chromedp.CSS(row)),
	)
	if sla := textOf(t, ctx, row+" td.sla.first-response"); !strings.HasSuffix(sla, "left") {
		t.Errorf("a new ticket's first-response timer reads %q, want the time left", sla)
	}
	do(t, ctx,
		clickToLoad(row+" a.subject"),
		chromedp.WaitVisible(chromedp.CSS("#reply-form")),
		// An internal note first, through the reply box.
		chromedp.SendKeys(chromedp.CSS("#reply-body"), "Checked the gateway logs: nothing on our side."),
		chromedp.Click(chromedp.CSS("#reply-internal")),
		chromedp.Click(chromedp.CSS("#reply-send")),
		chromedp.WaitVisible(chromedp.CSS("#conversation li.msg.internal.author-agent")),
		chromedp.WaitVisible(chromedp.CSS(`#ai-panel:not([data-state="loading"])`)),
	)
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("ai-panel").dataset.state`))
	if err != nil || state != "ready" {
		t.Fatalf("AI panel in state %q (%v): %s", state, err, textOf(t, ctx, "#ai-panel"))
	}
	draft, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#ai-draft")))
	if err != nil || strings.TrimSpace(draft) == "" {
		t.Fatalf("no suggested draft (%v)", err)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#ai-sources a[href]").length`)); err != nil || n == 0 {
		t.Errorf("the draft has no source links (%d, %v)", n, err)
	}

	const added = "Regards, the service desk."
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#ai-edit")),
		chromedp.WaitVisible(chromedp.CSS("#ai-send-edited")),
		chromedp.SendKeys(chromedp.CSS("#ai-draft"), added),
		chromedp.Click(chromedp.CSS("#ai-send-edited")),
		chromedp.WaitVisible(chromedp.CSS("#ai-status.done.edited")),
		chromedp.WaitVisible(chromedp.CSS("#conversation li.msg.public.author-agent")),
	)
	distance := utf8.RuneCountInString(added)
	if status := textOf(t, ctx, "#ai-status"); !strings.Contains(status, fmt.Sprint(distance)) {
		t.Errorf("status %q does not give the %d characters changed", status, distance)
	}
	sent := textOf(t, ctx, "#conversation li.msg.public.author-agent .body")
	if !strings.Contains(sent, strings.TrimSpace(added)) {
		t.Errorf("the conversation shows %q, want the edited reply", sent)
	}

	// The outcome is recorded: the draft, what was sent, the distance.
	code, out := apiAs(t, d, "agent", http.MethodGet, "/api/v1/outcomes?ticket_id="+id, nil)
	outcomes, _ := out["outcomes"].([]any)
	if code != http.StatusOK || len(outcomes) != 1 {
		t.Fatalf("outcomes of ticket %s: %d %v", id, code, out)
	}
	o := outcomes[0].(map[string]any)
	if o["action"] != "edited" || o["edit_distance"] != float64(distance) || o["draft"] != strings.TrimSpace(draft) ||
		!strings.Contains(fmt.Sprint(o["sent"]), strings.TrimSpace(added)) || o["time_to_send_ms"].(float64) < 0 {
		t.Errorf("outcome %v: want edited, distance %d, the draft and the sent text", o, distance)
	}

	// It counts in the KPIs of the hours around it (the demo history has
	// no outcome of its own).
	now := time.Now().UTC()
	window := "/api/v1/kpis?from=" + now.Add(-time.Hour).Format(time.RFC3339) + "&to=" + now.Add(time.Hour).Format(time.RFC3339)
	code, kpis := apiAs(t, d, "admin", http.MethodGet, window, nil)
	if code != http.StatusOK || kpis["suggestions_total"] != 1.0 || kpis["suggestions_edited"] != 1.0 ||
		kpis["suggestion_edit_rate"] != 1.0 || kpis["suggestion_mean_edit_distance"] != float64(distance) {
		t.Errorf("KPIs: %d, suggestions total %v, edited %v, edit rate %v, mean distance %v; want 1, 1, 1, %d", code,
			kpis["suggestions_total"], kpis["suggestions_edited"], kpis["suggestion_edit_rate"], kpis["suggestion_mean_edit_distance"], distance)
	}

	// The requester reads the reply, never the note.
	code, mine := apiAs(t, d, "requester", http.MethodGet, "/api/v1/tickets/"+id, nil)
	if code != http.StatusOK {
		t.Fatalf("requester reads the ticket: %d %v", code, mine)
	}
	var bodies []string
	for _, m := range mine["messages"].([]any) {
		bodies = append(bodies, fmt.Sprint(m.(map[string]any)["body"]))
	}
	all := strings.Join(bodies, "\n")
	if !strings.Contains(all, strings.TrimSpace(added)) || strings.Contains(all, "gateway logs") || len(bodies) != 2 {
		t.Errorf("the requester sees %q: want their question and the reply, not the internal note", bodies)
	}
}

// clickToLoad clicks what sel matches and waits for the page it leads to
// to load, so that the next step does not read the page it left.
func clickToLoad(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))(ctx, t)
		return chromedp.Void{}, err
	}
}
