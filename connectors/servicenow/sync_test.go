package servicenow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/servicenow/servicenowtest"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

func TestFullSync(t *testing.T) {
	d := newDesk(t)
	st := d.mustSync()
	ctx := context.Background()

	if diff := cmp.Diff(d.aids("vpn", "unlock", "runbook"), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got); the draft and the retired one must be left out:\n%s", diff)
	}
	vpn, err := d.db.GetDocumentByExternalID(ctx, "servicenow", d.articles["vpn"])
	must(t, err)
	if vpn.Title != "Reset your VPN token" || vpn.Visibility != retrieval.Public || vpn.Language != "en" || vpn.Format != retrieval.FormatHTML ||
		vpn.URL != d.sn.URL+"/kb_view.do?sysparm_article=KB0010001" || !cmp.Equal(vpn.Tags, []string{"VPN"}) {
		t.Errorf("vpn article: %+v", vpn)
	}
	if !vpn.UpdatedAt.Equal(time.Date(2025, 1, 6, 9, 0, 1, 0, time.UTC)) {
		t.Errorf("vpn article updated at %v: want sys_updated_on read as UTC, not the display value", vpn.UpdatedAt)
	}
	runbook, err := d.db.GetDocumentByExternalID(ctx, "servicenow", d.articles["runbook"])
	must(t, err)
	if runbook.Visibility != retrieval.Internal {
		t.Errorf("an article with user criteria is %s, want internal", runbook.Visibility)
	}

	if diff := cmp.Diff(d.numbersOf(0, 1, 2, 3, 4), d.ticketIDs()); diff != "" {
		t.Fatalf("tickets (-want +got):\n%s", diff)
	}
	vpnTicket, err := d.db.GetTicketByExternalID(ctx, "servicenow", d.numbers[0])
	must(t, err)
	if vpnTicket.Status != tickets.StatusSolved || vpnTicket.Priority != tickets.PriorityHigh || vpnTicket.Team != "Network" ||
		vpnTicket.Requester != "ana@example.com" || vpnTicket.Category != "Network/VPN" || vpnTicket.ResolvedAt == nil ||
		vpnTicket.Channel != "email" || vpnTicket.Resolution != "Reset the VPN token." || vpnTicket.Subject != "VPN drops every hour" {
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
		{tickets.AuthorAgent, false, "The concentrator logs show token expiry."},
		{tickets.AuthorAgent, true, "Please reset your VPN token from the app."},
		{tickets.AuthorRequester, true, "Works now, thanks."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("vpn ticket's messages (-want +got): the work note must be internal\n%s", diff)
	}
	for i, want := range []tickets.Status{1: tickets.StatusOpen, 2: tickets.StatusPending, 3: tickets.StatusNew, 4: tickets.StatusClosed} {
		if i == 0 {
			continue
		}
		tk, err := d.db.GetTicketByExternalID(ctx, "servicenow", d.numbers[i])
		must(t, err)
		if tk.Status != want {
			t.Errorf("incident %d: status %s, want %s", i, tk.Status, want)
		}
	}
	laptop, err := d.db.GetTicketByExternalID(ctx, "servicenow", d.numbers[3])
	must(t, err)
	if laptop.Requester != "bob.ng" || laptop.Priority != tickets.PriorityLow {
		t.Errorf("a caller without e-mail is named by user name: %q, priority %s", laptop.Requester, laptop.Priority)
	}

	if st.Counts.Added != 8 || st.Counts.Deleted != 0 || st.Counts.Skipped != 0 || st.LastSuccessAt.IsZero() || st.Owner != "" {
		t.Errorf("state after a full sync: %+v", st)
	}
	if n := len(d.sn.Queries("incident")); n != 3 {
		t.Errorf("%d incident pages for 5 incidents at 2 a page, want 3", n)
	}
	if n := len(d.journalRequests()); n != 3 {
		t.Errorf("%d journal requests, want one per page of incidents (3)", n)
	}
	first := d.sn.Queries("kb_knowledge")[0]
	if first.Get("sysparm_query") != "ORDERBYsys_updated_on^ORDERBYsys_id" || first.Get("sysparm_offset") != "0" || first.Get("sysparm_limit") != "2" {
		t.Errorf("first article request %v", first)
	}
	// A second run with nothing changed writes nothing.
	again := d.mustSync()
	if again.Counts.Added+again.Counts.Updated+again.Counts.Deleted != 0 {
		t.Errorf("a sync with nothing changed wrote: %+v", again.Counts)
	}
}

// TestIncrementalSync: the second run asks only for what changed since
// the first (and the first's last second again).
func TestIncrementalSync(t *testing.T) {
	d := newDesk(t)
	first := d.mustSync()
	d.sn.UpdateArticle(d.articles["unlock"], func(a *servicenowtest.Article) { a.Title = "Unlock your account in two minutes" })
	d.sn.Comment(d.incidents[1], "comments", d.users["carl"].UserName, "Unlocked it for you.")
	d.sn.UpdateIncident(d.incidents[1], func(inc *servicenowtest.Incident) { inc.State = "6" })
	d.sn.ResetRequests()
	d.clock.Advance(time.Hour)
	st := d.mustSync()

	for kind, table := range map[string]string{"articles": "kb_knowledge", "tickets": "incident"} {
		cursor := first.Streams[kind].Cursor
		at, _, _ := strings.Cut(cursor, "|")
		qs := d.sn.Queries(table)
		if len(qs) != 1 || qs[0].Get("sysparm_query") != "sys_updated_on>="+at+"^ORDERBYsys_updated_on^ORDERBYsys_id" {
			t.Errorf("%s requests %v, want one from %s (cursor %q)", table, qs, at, cursor)
		}
	}
	// The journals asked for: the changed incident's, and the last
	// incident of the first run, whose second is read again.
	if diff := cmp.Diff([][]int{{1, 4}}, [][]int{d.incidentIndexes(d.journalRequests()[0])}); diff != "" || len(d.journalRequests()) != 1 {
		t.Errorf("journals fetched (-want +got):\n%s", diff)
	}
	if st.Counts.Added != 0 || st.Counts.Updated != 2 || st.Counts.Unchanged != 1 {
		t.Errorf("counts: %+v, want the article and the incident updated, the last incident unchanged", st.Counts)
	}
	tk, err := d.db.GetTicketByExternalID(context.Background(), "servicenow", d.numbers[1])
	must(t, err)
	if tk.Status != tickets.StatusSolved || len(tk.Messages) != 2 || tk.Messages[1].Author != tickets.AuthorAgent {
		t.Errorf("updated ticket: %s with %+v", tk.Status, tk.Messages)
	}
}

// TestRateLimitWaitedOut: a 429 from a rate limit rule is waited out for
// its Retry-After.
func TestRateLimitWaitedOut(t *testing.T) {
	d := newDesk(t)
	d.sn.RateLimitNext("incident", "7")
	d.mustSync()
	if slept := d.clock.Slept(); !containsDuration(slept, 7*time.Second) {
		t.Fatalf("waits %v, want the 7 s of Retry-After", slept)
	}
	qs := d.sn.Queries("incident")
	if len(qs) != 4 || qs[0].Encode() != qs[1].Encode() {
		t.Fatalf("incident requests %v: want the rate-limited one sent again, then 2 more pages", qs)
	}
	if diff := cmp.Diff(d.numbersOf(0, 1, 2, 3, 4), d.ticketIDs()); diff != "" {
		t.Fatalf("tickets (-want +got):\n%s", diff)
	}
}

// TestServerErrorRetried: a 500 is retried after a backoff.
func TestServerErrorRetried(t *testing.T) {
	d := newDesk(t)
	d.sn.FailNext("sys_journal_field", 1)
	st := d.mustSync()
	if slept := d.clock.Slept(); len(slept) != 1 || slept[0] < 500*time.Millisecond || slept[0] > time.Second {
		t.Fatalf("waits %v, want one backoff of 0.5 to 1 s", slept)
	}
	if n := len(d.journalRequests()); n != 4 {
		t.Fatalf("%d journal requests, want 4 (a failed one and 3)", n)
	}
	tk, err := d.db.GetTicketByExternalID(context.Background(), "servicenow", d.numbers[0])
	must(t, err)
	if len(tk.Messages) != 4 || st.Counts.Added != 8 {
		t.Fatalf("after the retry: %d messages, counts %+v", len(tk.Messages), st.Counts)
	}
}

// TestMalformedRecord: an article that cannot be read is reported with
// its page, place and number; the rest of the page is kept.
func TestMalformedRecord(t *testing.T) {
	d := newDesk(t)
	d.sn.UpdateArticle(d.articles["unlock"], func(a *servicenowtest.Article) { a.Malformed = true })
	st := d.mustSync()
	if diff := cmp.Diff(d.aids("vpn", "runbook"), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got):\n%s", diff)
	}
	if st.Counts.Skipped != 1 || len(st.Problems) != 1 || len(d.ticketIDs()) != 5 {
		t.Fatalf("counts %+v, problems %v: want the bad article alone", st.Counts, st.Problems)
	}
	p := st.Problems[0]
	if !strings.Contains(p.File, "/api/now/table/kb_knowledge?") || p.Line < 1 ||
		p.Message != `article KB0010002: sys_updated_on: "yesterday" is not a date-time (2006-01-02 15:04:05)` {
		t.Fatalf("problem %+v: want the page's URL, the place in it and the article's number", p)
	}
}

// TestMalformedPage: a page that stays unreadable stops its stream, with
// its URL in the report; the other stream is synced, and the next run
// picks the stream up where it stopped.
func TestMalformedPage(t *testing.T) {
	d := newDesk(t)
	d.sn.MalformNext("kb_knowledge", 6) // the first try and 5 retries
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	var pe *connectors.PageError
	if !errors.As(err, &pe) || !strings.Contains(pe.URL, "/api/now/table/kb_knowledge?") {
		t.Fatalf("sync error %v, want a malformed page naming its URL", err)
	}
	if st.Status != connectors.StatusFailed || !strings.Contains(st.LastError, "malformed page "+d.sn.URL+"/api/now/table/kb_knowledge?") {
		t.Fatalf("state: %s, %q", st.Status, st.LastError)
	}
	if len(d.articleIDs()) != 0 || len(d.ticketIDs()) != 5 {
		t.Fatalf("after a malformed article page: %d articles, %d tickets; want 0 and 5", len(d.articleIDs()), len(d.ticketIDs()))
	}
	st = d.mustSync()
	if len(d.articleIDs()) != 3 || st.Counts.Added != 3 {
		t.Fatalf("the next run: %d articles, counts %+v", len(d.articleIDs()), st.Counts)
	}
}
