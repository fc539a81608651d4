package jira_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/jira/jiratest"
	"deskpilot/tickets"
)

func TestFullSync(t *testing.T) {
	d := newDesk(t)
	st := d.mustSync()
	if diff := cmp.Diff(d.tids(0, 1, 2, 3, 4, 5), d.ticketIDs()); diff != "" {
		t.Fatalf("tickets (-want +got); the HR request must be left out:\n%s", diff)
	}
	tk := d.ticket(0)
	if tk.Subject != "VPN drops every hour" || tk.Status != tickets.StatusSolved || tk.Priority != tickets.PriorityHigh ||
		tk.Team != "Network" || tk.Requester != "ana@example.com" || tk.Category != "Get IT help" || tk.ResolvedAt == nil ||
		!cmp.Equal(tk.Tags, []string{"vpn"}) {
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
		t.Errorf("vpn ticket's messages (-want +got); the third comment comes from the comment list:\n%s", diff)
	}
	for i, want := range map[int]tickets.Status{1: tickets.StatusNew, 2: tickets.StatusPending, 3: tickets.StatusClosed, 4: tickets.StatusOpen} {
		if got := d.ticket(i).Status; got != want {
			t.Errorf("request %d is %s, want %s", i, got, want)
		}
	}
	if tk := d.ticket(3); tk.Messages[1].Author != tickets.AuthorRequester || tk.Messages[2].Author != tickets.AuthorAgent {
		t.Errorf("a customer's comment must be the requester side's: %+v", tk.Messages)
	}
	if st.Counts.Added != 6 || st.Counts.Skipped != 0 || st.LastSuccessAt.IsZero() {
		t.Errorf("state after a full sync: %+v", st)
	}
	if diff := cmp.Diff(d.tids(0, 3), d.commentRequests()); diff != "" {
		t.Errorf("comment lists fetched (-want +got): only of the requests with more comments than a search carries\n%s", diff)
	}
	if n := len(d.requests("/rest/api/3/myself")) + len(d.requests("/rest/api/3/field")); n != 2 {
		t.Errorf("%d requests for the user's zone and the fields, want one each", n)
	}
	again := d.mustSync()
	if again.Counts != (connectors.Counts{Pages: again.Counts.Pages}) {
		t.Errorf("a sync with nothing changed wrote or read again: %+v", again.Counts)
	}
}

// TestIncrementalSync: the second run searches from the last change
// written, in the API user's zone, and fetches only what changed.
func TestIncrementalSync(t *testing.T) {
	d := newDesk(t)
	first := d.mustSync()
	d.jira.UpdateIssue(d.issues[0], func(is *jiratest.Issue) {
		is.Status = "In progress"
		is.Comments = append(is.Comments, jiratest.Comment{AuthorID: "ana", Body: "It dropped again.", Public: true})
	})
	d.jira.ResetRequests()
	d.clock.Advance(time.Hour)
	st := d.mustSync()

	var cur struct{ Since time.Time }
	must(t, json.Unmarshal([]byte(first.Streams["tickets"].Cursor), &cur))
	ny, _ := time.LoadLocation(jiratest.TimeZone)
	from := `updated >= "` + cur.Since.In(ny).Format("2006-01-02 15:04") + `"`
	if s := d.searches(); len(s) == 0 || !strings.Contains(jql(s[0]), from) {
		t.Errorf("searches %v, want them from %s (the last change, in New York time)", s, from)
	}
	if diff := cmp.Diff([]string{d.tid(0)}, d.commentRequests()); diff != "" {
		t.Errorf("comments fetched (-want +got): only the changed request's\n%s", diff)
	}
	if st.Counts.Added != 0 || st.Counts.Updated != 1 {
		t.Errorf("counts %+v, want the request updated", st.Counts)
	}
	if tk := d.ticket(0); tk.Status != tickets.StatusOpen || len(tk.Messages) != 5 {
		t.Errorf("updated ticket: %s with %d messages", tk.Status, len(tk.Messages))
	}
}

// TestRateLimitWaitedOut: a 429 is waited out for its Retry-After, and a
// spent budget (X-RateLimit-Remaining: 0) pauses until its reset.
func TestRateLimitWaitedOut(t *testing.T) {
	d := newDesk(t)
	d.jira.SpendBudgetNext("/rest/api/3/myself", d.clock.Now().Add(time.Minute))
	d.jira.RateLimitNext("/rest/api/3/search/jql", 7)
	d.mustSync()
	if diff := cmp.Diff([]time.Duration{time.Minute, 7 * time.Second}, d.clock.Slept()); diff != "" {
		t.Fatalf("waits (-want +got): until the budget's reset, then the 7 s of Retry-After\n%s", diff)
	}
	if s := d.searches(); len(s) < 2 || s[0] != s[1] {
		t.Fatalf("the rate-limited search was not sent again: %v", s)
	}
	if len(d.ticketIDs()) != 6 {
		t.Fatalf("%d tickets after the waits", len(d.ticketIDs()))
	}
}

// TestServerErrorRetried: a 500 is retried after a backoff.
func TestServerErrorRetried(t *testing.T) {
	d := newDesk(t)
	d.jira.FailNext("/rest/api/3/issue/"+d.tid(0)+"/comment", 1)
	st := d.mustSync()
	if slept := d.clock.Slept(); len(slept) != 1 || slept[0] < 500*time.Millisecond || slept[0] > time.Second {
		t.Fatalf("waits %v, want one backoff of 0.5 to 1 s", slept)
	}
	if n := len(d.requests("/issue/" + d.tid(0) + "/comment")); n != 2 {
		t.Fatalf("%d comment requests, want 2 (a failed one and its retry)", n)
	}
	if n := len(d.ticket(0).Messages); n != 4 || st.Counts.Added != 6 {
		t.Fatalf("after the retry: %d messages, counts %+v", n, st.Counts)
	}
}

// TestMalformedRecord: an issue that cannot be read is reported, once,
// with its page and place; the rest is kept.
func TestMalformedRecord(t *testing.T) {
	d := newDesk(t)
	d.jira.UpdateIssue(d.issues[4], func(is *jiratest.Issue) { is.Malformed = true })
	st := d.mustSync()
	if diff := cmp.Diff(d.tids(0, 1, 2, 3, 5), d.ticketIDs()); diff != "" {
		t.Fatalf("tickets (-want +got):\n%s", diff)
	}
	if st.Counts.Skipped != 1 || len(st.Problems) != 1 {
		t.Fatalf("counts %+v, problems %v: want the bad issue once", st.Counts, st.Problems)
	}
	if p := st.Problems[0]; !strings.Contains(p.File, "/rest/api/3/search/jql?") || p.Line < 1 || !strings.HasPrefix(p.Message, "issue "+d.keys[4]+": ") {
		t.Fatalf("problem %+v: want the page's URL, the place in it and the issue's key", p)
	}
}

// TestMalformedPage: a search page that stays unreadable stops the sync
// with its URL in the report; what was written before stays, and the next
// run goes on from there.
func TestMalformedPage(t *testing.T) {
	d := newDesk(t)
	st, err := d.sync(context.Background(), connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Pages == 2 {
			d.jira.MalformNext("/rest/api/3/search/jql", 6) // the first try and 5 retries
		}
	}})
	var pe *connectors.PageError
	if !errors.As(err, &pe) || !strings.Contains(pe.URL, "/rest/api/3/search/jql?") || st.Status != connectors.StatusFailed ||
		!strings.Contains(st.LastError, "malformed page "+d.jira.URL+"/rest/api/3/search/jql?") {
		t.Fatalf("sync error %v, state %s %q: want a malformed page naming its URL", err, st.Status, st.LastError)
	}
	if diff := cmp.Diff(d.tids(0, 1, 2), d.ticketIDs()); diff != "" {
		t.Fatalf("the two pages before the bad one must stay (-want +got):\n%s", diff)
	}
	st = d.mustSync()
	if st.Counts.Added != 3 || st.Counts.Updated != 0 || len(d.ticketIDs()) != 6 {
		t.Fatalf("the next run: counts %+v, %d tickets", st.Counts, len(d.ticketIDs()))
	}
}

// jql returns the JQL of a logged search request.
func jql(req string) string {
	_, query, _ := strings.Cut(req, "?")
	v, _ := url.ParseQuery(query)
	return v.Get("jql")
}
