package main

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// TestBrowserRequesterAsksInTheWidget is the requester's path of issue 6:
// on an intranet page of another origin, the widget's one script tag adds
// the chat; a question gets a streamed answer with a citation linking to a
// page that loads; "did this solve it?" is answered no, "talk to a human"
// makes a ticket, and the ticket is in "my tickets".
func TestBrowserRequesterAsksInTheWidget(t *testing.T) {
	chromium(t)
	// The intranet page is on another port: another origin of the same
	// site, as intranet.corp.example and desk.corp.example are.
	var deskURL atomic.Value
	intranet := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>Intranet</title><h1>Company news</h1><script src="%s/widget.js" defer></script>`,
			html.EscapeString(deskURL.Load().(string)))
	}))
	t.Cleanup(intranet.Close)
	d := startDesk(t, map[string]string{"DESKPILOT_WIDGET_ORIGINS": intranet.URL})
	deskURL.Store(d.URL)
	// Answer password questions automatically, as an admin would after a
	// simulation.
	var out, errb bytes.Buffer
	pm := &Main{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := pm.Run(context.Background(), []string{"policy", "set", "default", "auto", "--threshold", "0", "--data", d.Data}); code != 0 {
		t.Fatalf("policy set: %d %s", code, errb.String())
	}

	ctx := browser(t)
	do(t, ctx, signIn(d, "requester")...)
	do(t, ctx, chromedp.Navigate(intranet.URL), chromedp.WaitVisible(chromedp.CSS("#deskpilot-launcher")))
	// The frame loads on the first click.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.FrameStoppedLoading, nil, chromedp.Click(chromedp.CSS("#deskpilot-launcher")))); err != nil {
		t.Fatal(err)
	}
	frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("#deskpilot-frame")))
	if err != nil {
		t.Fatal(err)
	}
	in := chromedp.FromNode(frames[0])
	const question = "How do I reset my password?"
	do(t, ctx,
		chromedp.WaitVisible(chromedp.CSS("#chat-input"), in),
		chromedp.SendKeys(chromedp.CSS("#chat-input"), question, in),
		chromedp.Click(chromedp.CSS("#chat-send"), in),
		chromedp.WaitVisible(chromedp.CSS(".turn.bot[data-decision]"), in),
	)
	attr := func(sel, name string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name, in))
		if err != nil {
			t.Fatalf("%s[%s]: %v", sel, name, err)
		}
		return v.Value
	}
	answer, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".turn.bot[data-decision] .text"), in))
	if err != nil {
		t.Fatal(err)
	}
	if decision := attr(".turn.bot[data-decision]", "data-decision"); decision != "auto" {
		t.Fatalf("decision %q, want auto; the requester was told %q", decision, answer)
	}
	// Streamed: text arrived in delta events before the answer was done.
	if events := attr("#chat", "data-events"); !regexp.MustCompile(`^conversation(,reset|,delta)*,delta(,reset|,delta)*,done$`).MatchString(events) {
		t.Errorf("events %q: want the conversation, at least one delta, then done", events)
	}
	if !strings.Contains(strings.ToLower(answer), "password") {
		t.Errorf("answer %q does not speak of passwords", answer)
	}

	// The citation opens the article in a tab of its own.
	href := attr("a.citation", "href")
	if !strings.HasPrefix(href, "/portal/articles/") {
		t.Fatalf("citation links %q, want the portal's article page", href)
	}
	opened := chromedp.WaitNewTarget(ctx, func(info *target.Info) bool { return strings.Contains(info.URL, "/portal/articles/") })
	do(t, ctx, chromedp.Click(chromedp.CSS("a.citation"), in))
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(<-opened))
	defer cancel()
	do(t, tab, chromedp.WaitVisible(chromedp.CSS("#article-title")))
	heading := textOf(t, tab, "#article-title")
	cited, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("a.citation"), in))
	if err != nil {
		t.Fatal(err)
	}
	if heading == "" || !strings.Contains(cited, heading) && !strings.Contains(heading, cited) {
		t.Errorf("the article page shows %q for the citation %q", heading, cited)
	}
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("#article p, #article li").length`)); err != nil || n == 0 {
		t.Errorf("the article page has no text (%d, %v)", n, err)
	}
	cancel()

	// Not solved: a person takes over.
	do(t, ctx,
		chromedp.Click(chromedp.CSS("#chat-no"), in),
		chromedp.WaitVisible(chromedp.CSS(`.feedback[data-recorded="false"]`), in),
		chromedp.Click(chromedp.CSS("#chat-human"), in),
		chromedp.WaitVisible(chromedp.CSS(".notice.ticket"), in),
	)
	id := attr(".notice.ticket", "data-ticket")
	do(t, ctx,
		chromedp.Navigate(d.URL+"/portal/tickets"),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#my-tickets tr[data-ticket="%s"]`, id))),
	)
	if subject := textOf(t, ctx, fmt.Sprintf(`#my-tickets tr[data-ticket="%s"] .subject`, id)); subject != question {
		t.Errorf("ticket subject %q, want the question %q", subject, question)
	}
	code, tk := apiAs(t, d, "requester", http.MethodGet, "/api/v1/tickets/"+id, nil)
	if code != http.StatusOK {
		t.Fatalf("ticket %s: %d", id, code)
	}
	msgs, _ := tk["messages"].([]any)
	if len(msgs) == 0 || !strings.Contains(fmt.Sprint(msgs[0]), question) || !strings.Contains(fmt.Sprint(msgs[0]), "Assistant:") {
		t.Errorf("the ticket does not carry the transcript: %v", msgs)
	}
	field := func(k string) string { v, _ := tk[k].(string); return v }
	if field("channel") != "chat" || field("category") == "" || field("team") == "" {
		t.Errorf("the ticket is not triaged and routed: channel %q category %q team %q", field("channel"), field("category"), field("team"))
	}

	// The portal's own chat is the same widget, inline.
	do(t, ctx, chromedp.Navigate(d.URL+"/portal"), chromedp.WaitVisible(chromedp.CSS("#portal-chat iframe#deskpilot-frame")))
	frames, err = chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("#deskpilot-frame")))
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#chat-human"), chromedp.FromNode(frames[0])))
}
