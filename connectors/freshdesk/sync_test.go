package freshdesk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/freshdesk/freshdesktest"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

func TestFullSync(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		st := d.mustSync()
		ctx, src := context.Background(), string(d.product)
		if diff := cmp.Diff(d.aids("vpn", "unlock", "printer", "runbook"), d.articleIDs()); diff != "" {
			t.Fatalf("articles (-want +got); the draft must be left out, the subfolder's article in:\n%s", diff)
		}
		vpn, err := d.db.GetDocumentByExternalID(ctx, src, d.aids("vpn")[0])
		must(t, err)
		if vpn.Title != "Reset your VPN token" || vpn.Visibility != retrieval.Public || vpn.Format != retrieval.FormatHTML ||
			vpn.URL != d.fd.URL+"/support/solutions/articles/"+d.aids("vpn")[0] || !cmp.Equal(vpn.Tags, []string{"vpn", "token", "IT Help", "VPN"}) ||
			!strings.Contains(vpn.Body, "<b>VPN</b>") {
			t.Errorf("vpn article: %+v", vpn)
		}
		printer, err := d.db.GetDocumentByExternalID(ctx, src, d.aids("printer")[0])
		must(t, err)
		if !cmp.Equal(printer.Tags, []string{"IT Help", "Accounts", "Printers"}) {
			t.Errorf("subfolder article's tags %v, want the folder path", printer.Tags)
		}
		runbook, err := d.db.GetDocumentByExternalID(ctx, src, d.aids("runbook")[0])
		must(t, err)
		if runbook.Visibility != retrieval.Internal {
			t.Errorf("an article of an agents-only folder is %s, want internal", runbook.Visibility)
		}

		if diff := cmp.Diff(d.tids(0, 1, 2, 3, 4, 5, 6), d.ticketIDs()); diff != "" {
			t.Fatalf("tickets (-want +got); the 60-day-old one too:\n%s", diff)
		}
		tk, err := d.db.GetTicketByExternalID(ctx, src, d.tid(0))
		must(t, err)
		wantCategory := map[freshdesk.Product]string{freshdesk.Freshdesk: "Network", freshdesk.Freshservice: "Network/VPN"}[d.product]
		if tk.Status != tickets.StatusSolved || tk.Priority != tickets.PriorityHigh || tk.Team != "Network" || tk.Requester != "ana@example.com" ||
			tk.Category != wantCategory || tk.ResolvedAt == nil || tk.Channel != "web" || !cmp.Equal(tk.Tags, []string{"vpn"}) && d.product == freshdesk.Freshdesk {
			t.Errorf("vpn ticket: %+v", tk)
		}
		type msg struct {
			Author tickets.Author
			Public bool
			Body   string
		}
		var got []msg
		for _, m := range tk.Messages {
			got = append(got, msg{m.Author, m.Public, m.Body})
		}
		want := []msg{
			{tickets.AuthorRequester, true, "My VPN drops every hour."},
			{tickets.AuthorAgent, false, "Internal: the concentrator logs show token expiry."},
			{tickets.AuthorAgent, true, "Please reset your VPN token from the app."},
			{tickets.AuthorRequester, true, "Thanks, that fixed it."},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("vpn ticket's messages (-want +got):\n%s", diff)
		}
		for i, want := range map[int]tickets.Status{1: tickets.StatusOpen, 2: tickets.StatusPending, 3: tickets.StatusClosed} {
			tk, err := d.db.GetTicketByExternalID(ctx, src, d.tid(i))
			must(t, err)
			if tk.Status != want {
				t.Errorf("ticket %d is %s, want %s", i, tk.Status, want)
			}
		}

		if st.Counts.Added != 11 || st.Counts.Deleted != 0 || st.Counts.Skipped != 0 || st.LastSuccessAt.IsZero() {
			t.Errorf("state after a full sync: %+v", st)
		}
		// Freshdesk asks each page from the last change written (one new
		// ticket a page of two, here); Freshservice pages through.
		wantListings := map[freshdesk.Product]int{freshdesk.Freshdesk: 7, freshdesk.Freshservice: 4}[d.product]
		if n := len(d.ticketListings()); n != wantListings {
			t.Errorf("%d ticket listings, want %d: %v", n, wantListings, d.ticketListings())
		}
		if n := len(d.requests("/tickets/" + d.tid(0) + "/conversations")); n != 2 {
			t.Errorf("%d conversation pages for 3 conversations at 2 a page, want 2", n)
		}
		again := d.mustSync()
		if again.Counts != (connectors.Counts{Pages: again.Counts.Pages}) {
			t.Errorf("a sync with nothing changed wrote or read again: %+v", again.Counts)
		}
	})
}

// TestIncrementalSync: the second run lists tickets from where the first
// ended and fetches only what changed.
func TestIncrementalSync(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		first := d.mustSync()
		d.fd.UpdateArticle(d.articles["unlock"], func(a *freshdesktest.Article) { a.Title = "Unlock your account in two minutes" })
		d.fd.UpdateTicket(d.tickets[1], func(tk *freshdesktest.Ticket) {
			tk.Status = 4
			tk.Conversations = append(tk.Conversations, freshdesktest.Conversation{UserID: d.contacts["carl"], Body: "<p>Unlocked it for you.</p>"})
		})
		d.fd.ResetRequests()
		d.clock.Advance(time.Hour)
		st := d.mustSync()

		var cur struct{ Since time.Time }
		must(t, json.Unmarshal([]byte(first.Streams["tickets"].Cursor), &cur))
		since := url.Values{"updated_since": {cur.Since.Format(time.RFC3339)}}.Encode()
		if reqs := d.ticketListings(); len(reqs) == 0 || !strings.Contains(reqs[0], since) || cur.Since.Before(d.fd.Now().Add(-time.Hour)) {
			t.Errorf("ticket listings %v, want them from %s, the last change synced", reqs, since)
		}
		if diff := cmp.Diff([]string{d.tid(1)}, d.conversationRequests()); diff != "" {
			t.Errorf("conversations fetched (-want +got): only the changed ticket's\n%s", diff)
		}
		var details []string
		if d.product == freshdesk.Freshservice { // its listing has no bodies: the changed article's only is fetched
			details = []string{"GET /api/v2/solutions/articles/" + d.aids("unlock")[0]}
		}
		if diff := cmp.Diff(details, d.requests("/api/v2/solutions/articles/")); diff != "" {
			t.Errorf("articles fetched (-want +got):\n%s", diff)
		}
		if st.Counts.Added != 0 || st.Counts.Updated != 2 {
			t.Errorf("counts: %+v, want the article and the ticket updated", st.Counts)
		}
		tk, err := d.db.GetTicketByExternalID(context.Background(), string(d.product), d.tid(1))
		must(t, err)
		if tk.Status != tickets.StatusSolved || len(tk.Messages) != 2 {
			t.Errorf("updated ticket: %s with %d messages", tk.Status, len(tk.Messages))
		}
	})
}

// TestFolderVisibility: a folder restricted to agents makes its articles
// internal, though none of them changed.
func TestFolderVisibility(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.cfg.Kinds = []connectors.Kind{connectors.KindArticles}
		d.mustSync()
		d.fd.UpdateFolder(d.folders["VPN"], func(f *freshdesktest.Folder) { f.Visibility = 3 })
		st := d.mustSync()
		vpn, err := d.db.GetDocumentByExternalID(context.Background(), string(d.product), d.aids("vpn")[0])
		must(t, err)
		if vpn.Visibility != retrieval.Internal || st.Counts.Updated != 1 {
			t.Fatalf("after the folder went agents-only: %s, counts %+v", vpn.Visibility, st.Counts)
		}
	})
}

// TestRateLimitWaitedOut: a 429 is waited out for its Retry-After, and a
// spent budget (X-Ratelimit-Remaining: 0) pauses the next request.
func TestRateLimitWaitedOut(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.fd.SpendBudgetNext("/api/v2/solutions/categories")
		d.fd.RateLimitNext("/api/v2/tickets", "7")
		d.mustSync()
		if diff := cmp.Diff([]time.Duration{time.Minute, 7 * time.Second}, d.clock.Slept()); diff != "" {
			t.Fatalf("waits (-want +got): the minute of the spent budget, then the 7 s of Retry-After\n%s", diff)
		}
		if reqs := d.ticketListings(); len(reqs) < 2 || reqs[0] != reqs[1] {
			t.Fatalf("the rate-limited listing was not sent again: %v", reqs)
		}
		if len(d.ticketIDs()) != 7 || len(d.articleIDs()) != 4 {
			t.Fatalf("after the waits: %d tickets, %d articles", len(d.ticketIDs()), len(d.articleIDs()))
		}
	})
}

// TestServerErrorRetried: a 500 is retried after a backoff.
func TestServerErrorRetried(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.fd.FailNext("/api/v2/tickets/"+d.tid(0)+"/conversations", 1)
		st := d.mustSync()
		if slept := d.clock.Slept(); len(slept) != 1 || slept[0] < 500*time.Millisecond || slept[0] > time.Second {
			t.Fatalf("waits %v, want one backoff of 0.5 to 1 s", slept)
		}
		if n := len(d.requests("/tickets/" + d.tid(0) + "/conversations")); n != 3 {
			t.Fatalf("%d conversation requests for the ticket, want 3 (a failed one and 2 pages)", n)
		}
		tk, err := d.db.GetTicketByExternalID(context.Background(), string(d.product), d.tid(0))
		must(t, err)
		if len(tk.Messages) != 4 || st.Counts.Added != 11 {
			t.Fatalf("after the retry: %d messages, counts %+v", len(tk.Messages), st.Counts)
		}
	})
}

// TestMalformedRecord: a ticket or an article that cannot be read is
// reported, once, with its page and place; the rest of the page is kept.
func TestMalformedRecord(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.fd.UpdateTicket(d.tickets[4], func(tk *freshdesktest.Ticket) { tk.Malformed = true })
		bad := d.fd.AddArticle(freshdesktest.Article{FolderID: d.folders["Accounts"], Title: "Broken", Body: "<p>x</p>", Malformed: true})
		st := d.mustSync()
		if diff := cmp.Diff(d.tids(0, 1, 2, 3, 5, 6), d.ticketIDs()); diff != "" {
			t.Fatalf("tickets (-want +got):\n%s", diff)
		}
		if len(d.articleIDs()) != 4 || st.Counts.Skipped != 2 || len(st.Problems) != 2 {
			t.Fatalf("%d articles, counts %+v, problems %v: want the bad article and the bad ticket", len(d.articleIDs()), st.Counts, st.Problems)
		}
		if a := st.Problems[0]; !strings.Contains(a.File, "/articles") || a.Line < 1 || !strings.HasPrefix(a.Message, "article "+itoa(bad)+": ") {
			t.Fatalf("article problem %+v", a)
		}
		if p := st.Problems[1]; !strings.Contains(p.File, "/api/v2/tickets?") || p.Line < 1 || !strings.HasPrefix(p.Message, "ticket "+d.tid(4)+": ") {
			t.Fatalf("ticket problem %+v: want the page's URL, the place in it and the ticket's id", p)
		}
	})
}

// TestMalformedPage: a page that stays unreadable stops its stream, with
// its URL in the report; the other stream is synced, and the next run
// picks the stream up.
func TestMalformedPage(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.fd.MalformNext("/api/v2/solutions/categories", 6) // the first try and 5 retries
		st, err := d.sync(context.Background(), connectors.SyncOptions{})
		var pe *connectors.PageError
		if !errors.As(err, &pe) || !strings.Contains(pe.URL, "/api/v2/solutions/categories?page=1&per_page=2") {
			t.Fatalf("sync error %v, want a malformed page naming its URL", err)
		}
		if st.Status != connectors.StatusFailed || !strings.Contains(st.LastError, "malformed page "+d.fd.URL+"/api/v2/solutions/categories") {
			t.Fatalf("state: %s, %q", st.Status, st.LastError)
		}
		if len(d.articleIDs()) != 0 || len(d.ticketIDs()) != 7 {
			t.Fatalf("after a malformed category page: %d articles, %d tickets; want 0 and 7", len(d.articleIDs()), len(d.ticketIDs()))
		}
		st = d.mustSync()
		if len(d.articleIDs()) != 4 || st.Counts.Added != 4 {
			t.Fatalf("the next run: %d articles, counts %+v", len(d.articleIDs()), st.Counts)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
