package zendesk_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/zendesk/zendesktest"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

func TestFullSync(t *testing.T) {
	d := newDesk(t)
	st := d.mustSync()
	ctx := context.Background()

	wantArticles := []string{d.aid("vpn", "en-us"), d.aid("unlock", "en-us"), d.aid("runbook", "en-us")}
	if diff := cmp.Diff(sorted(wantArticles), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got); the draft must be left out:\n%s", diff)
	}
	vpn, err := d.db.GetDocumentByExternalID(ctx, "zendesk", d.aid("vpn", "en-us"))
	must(t, err)
	if vpn.Title != "Reset your VPN token" || vpn.Visibility != retrieval.Public || vpn.Language != "en" || vpn.Format != retrieval.FormatHTML ||
		!strings.HasPrefix(vpn.URL, d.zd.URL+"/hc/en-us/articles/") || !cmp.Equal(vpn.Tags, []string{"vpn", "token", "VPN"}) {
		t.Errorf("vpn article: %+v", vpn)
	}
	runbook, err := d.db.GetDocumentByExternalID(ctx, "zendesk", d.aid("runbook", "en-us"))
	must(t, err)
	if runbook.Visibility != retrieval.Internal {
		t.Errorf("an article restricted to a user segment is %s, want internal", runbook.Visibility)
	}

	if diff := cmp.Diff(d.ticketIDsOf(0, 1, 2, 3, 4, 5), d.ticketIDs()); diff != "" {
		t.Fatalf("tickets (-want +got):\n%s", diff)
	}
	vpnTicket, err := d.db.GetTicketByExternalID(ctx, "zendesk", d.tid(0))
	must(t, err)
	if vpnTicket.Status != tickets.StatusSolved || vpnTicket.Priority != tickets.PriorityHigh || vpnTicket.Team != "Network" ||
		vpnTicket.Requester != "ana@example.com" || vpnTicket.Category != "network/vpn" || vpnTicket.ResolvedAt == nil || vpnTicket.Channel != "web" {
		t.Errorf("vpn ticket: %+v", vpnTicket)
	}
	type msg struct {
		Author tickets.Author
		Public bool
		Body   string
	}
	var got []msg
	for _, m := range vpnTicket.Messages {
		got = append(got, msg{m.Author, m.Public, m.Body})
	}
	want := []msg{
		{tickets.AuthorRequester, true, "My VPN drops every hour."},
		{tickets.AuthorAgent, false, "Internal: the concentrator logs show token expiry."},
		{tickets.AuthorAgent, true, "Please reset your VPN token from the app."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("vpn ticket's messages (-want +got):\n%s", diff)
	}
	mailbox, err := d.db.GetTicketByExternalID(ctx, "zendesk", d.tid(3))
	must(t, err)
	if mailbox.Status != tickets.StatusClosed || mailbox.Messages[1].Author != tickets.AuthorRequester || mailbox.Messages[2].Author != tickets.AuthorAgent {
		t.Errorf("a CC's comment must be the requester side's: %+v", mailbox.Messages)
	}
	onHold, err := d.db.GetTicketByExternalID(ctx, "zendesk", d.tid(2))
	must(t, err)
	if onHold.Status != tickets.StatusPending {
		t.Errorf("an on-hold ticket is %s, want pending", onHold.Status)
	}

	if st.Counts.Added != 9 || st.Counts.Deleted != 0 || st.Counts.Skipped != 0 || st.LastSuccessAt.IsZero() || st.Owner != "" {
		t.Errorf("state after a full sync: %+v", st)
	}
	if n := len(d.requests("/incremental/tickets/cursor.json")); n != 3 {
		t.Errorf("%d ticket export requests for 6 tickets at 2 a page, want 3", n)
	}
	if n := len(d.requests("/tickets/" + d.tid(0) + "/comments.json")); n != 2 {
		t.Errorf("%d comment pages for 3 comments at 2 a page, want 2", n)
	}
	// A second run with nothing changed writes nothing.
	again := d.mustSync()
	if again.Counts.Added+again.Counts.Updated+again.Counts.Deleted != 0 {
		t.Errorf("a sync with nothing changed wrote: %+v", again.Counts)
	}
}

// TestIncrementalSync: the second run fetches from where the first ended
// and only what changed.
func TestIncrementalSync(t *testing.T) {
	d := newDesk(t)
	first := d.mustSync()
	d.zd.UpdateArticle(d.articles["unlock"], func(a *zendesktest.Article) { a.Title = "Unlock your account in two minutes" })
	d.zd.UpdateTicket(d.tickets[1], func(tk *zendesktest.Ticket) {
		tk.Status = "solved"
		tk.Comments = append(tk.Comments, zendesktest.Comment{AuthorID: d.users["carl"], Body: "Unlocked it for you.", Public: true})
	})
	d.zd.ResetRequests()
	d.clock.Advance(time.Hour)
	st := d.mustSync()

	articleStart := first.Streams["articles"].Cursor
	if reqs := d.requests("/incremental/articles"); len(reqs) != 1 || !strings.Contains(reqs[0], "start_time="+articleStart) {
		t.Errorf("article export requests %v, want one from start_time=%s", reqs, articleStart)
	}
	ticketCursor := url.Values{"cursor": {first.Streams["tickets"].Cursor}}.Encode()
	if reqs := d.requests("/incremental/tickets"); len(reqs) != 1 || !strings.Contains(reqs[0], ticketCursor) || strings.Contains(reqs[0], "start_time") {
		t.Errorf("ticket export requests %v, want one at %s", reqs, ticketCursor)
	}
	if diff := cmp.Diff([]string{d.tid(1)}, d.commentRequests()); diff != "" {
		t.Errorf("comments fetched (-want +got): only the changed ticket's\n%s", diff)
	}
	if reqs := d.requests("/help_center/articles.json"); len(reqs) != 0 {
		t.Errorf("an incremental sync listed every article: %v", reqs)
	}
	if st.Counts.Added != 0 || st.Counts.Updated != 2 {
		t.Errorf("counts: %+v, want the article and the ticket updated", st.Counts)
	}
	tk, err := d.db.GetTicketByExternalID(context.Background(), "zendesk", d.tid(1))
	must(t, err)
	if tk.Status != tickets.StatusSolved || len(tk.Messages) != 2 {
		t.Errorf("updated ticket: %s with %d messages", tk.Status, len(tk.Messages))
	}
}

// TestRateLimitWaitedOut: a 429 is waited out for its Retry-After, and a
// spent budget in Zendesk's headers pauses the next request.
func TestRateLimitWaitedOut(t *testing.T) {
	d := newDesk(t)
	d.zd.RateLimitNext("/api/v2/incremental/tickets/cursor", "7")
	d.zd.Inject(zendesktest.Fault{Path: "/api/v2/help_center/incremental/articles", Status: 200, Header: map[string][]string{
		"Zendesk-Ratelimit-Help-Center-Incremental": {"total=10; remaining=0; resets=42"}}, Body: `{"articles":[],"next_page":null,"end_time":0,"count":0}`})
	d.mustSync()
	slept := d.clock.Slept()
	if !containsDuration(slept, 7*time.Second) || !containsDuration(slept, 42*time.Second) {
		t.Fatalf("waits %v, want the 7 s of Retry-After and the 42 s of the spent budget", slept)
	}
	if n := len(d.requests("/incremental/tickets/cursor.json?include=users%2Cgroups%2Cmetric_sets&per_page=2&start_time=0")); n != 2 {
		t.Fatalf("the rate-limited request was sent %d times, want 2", n)
	}
	if diff := cmp.Diff(d.ticketIDsOf(0, 1, 2, 3, 4, 5), d.ticketIDs()); diff != "" {
		t.Fatalf("tickets (-want +got):\n%s", diff)
	}
}

// TestServerErrorRetried: a 500 is retried after a backoff.
func TestServerErrorRetried(t *testing.T) {
	d := newDesk(t)
	d.zd.FailNext("/api/v2/tickets/"+d.tid(0)+"/comments", 1)
	st := d.mustSync()
	if slept := d.clock.Slept(); len(slept) != 1 || slept[0] < 500*time.Millisecond || slept[0] > time.Second {
		t.Fatalf("waits %v, want one backoff of 0.5 to 1 s", slept)
	}
	if n := len(d.requests("/tickets/" + d.tid(0) + "/comments.json")); n != 3 {
		t.Fatalf("%d comment requests for the ticket, want 3 (a failed one and 2 pages)", n)
	}
	tk, err := d.db.GetTicketByExternalID(context.Background(), "zendesk", d.tid(0))
	must(t, err)
	if len(tk.Messages) != 3 || st.Counts.Added != 9 {
		t.Fatalf("after the retry: %d messages, counts %+v", len(tk.Messages), st.Counts)
	}
}

// TestMalformedRecord: a ticket that cannot be read is reported with its
// page and place; the rest of the page is kept.
func TestMalformedRecord(t *testing.T) {
	d := newDesk(t)
	d.zd.UpdateTicket(d.tickets[4], func(tk *zendesktest.Ticket) { tk.Malformed = true })
	untitled := d.zd.AddArticle(zendesktest.Article{Body: "<p>An article without a title.</p>", SectionID: d.sections["VPN"]})
	st := d.mustSync()
	if diff := cmp.Diff(d.ticketIDsOf(0, 1, 2, 3, 5), d.ticketIDs()); diff != "" {
		t.Fatalf("tickets (-want +got):\n%s", diff)
	}
	if st.Counts.Skipped != 2 || len(st.Problems) != 2 || len(d.articleIDs()) != 3 {
		t.Fatalf("counts %+v, problems %v: want the bad article and the bad ticket", st.Counts, st.Problems)
	}
	if a := st.Problems[0]; !strings.Contains(a.File, "/incremental/articles.json?") || a.Message != fmt.Sprintf("article %d-en-us: title is required", untitled) {
		t.Fatalf("article problem %+v", a)
	}
	p := st.Problems[1]
	if !strings.Contains(p.File, "/api/v2/incremental/tickets/cursor.json?") || p.Line < 1 || !strings.Contains(p.Message, "ticket "+d.tid(4)) {
		t.Fatalf("problem %+v: want the page's URL, the place in it and the ticket's id", p)
	}
}

// TestMalformedPage: a page that stays unreadable stops its stream, with
// its URL in the report; the other stream is synced, and the next run
// picks the stream up where it stopped.
func TestMalformedPage(t *testing.T) {
	d := newDesk(t)
	d.zd.MalformNext("/api/v2/help_center/incremental/articles", 6) // the first try and 5 retries
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	var pe *connectors.PageError
	if !errors.As(err, &pe) || !strings.Contains(pe.URL, "/api/v2/help_center/incremental/articles.json?start_time=0") {
		t.Fatalf("sync error %v, want a malformed page naming its URL", err)
	}
	if st.Status != connectors.StatusFailed || !strings.Contains(st.LastError, "malformed page "+d.zd.URL+"/api/v2/help_center/incremental/articles.json") {
		t.Fatalf("state: %s, %q", st.Status, st.LastError)
	}
	if len(d.articleIDs()) != 0 || len(d.ticketIDs()) != 6 {
		t.Fatalf("after a malformed article page: %d articles, %d tickets; want 0 and 6", len(d.articleIDs()), len(d.ticketIDs()))
	}
	st = d.mustSync()
	if len(d.articleIDs()) != 3 || st.Counts.Added != 3 {
		t.Fatalf("the next run: %d articles, counts %+v", len(d.articleIDs()), st.Counts)
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}

func containsDuration(ds []time.Duration, d time.Duration) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
