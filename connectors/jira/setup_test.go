package jira_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/jira"
	"deskpilot/connectors/jira/jiratest"
	"deskpilot/connectors/synctest"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
)

// desk is a test's world: a fake Jira site with two projects, the SQLite
// store the sync writes to, and the clock of the sync.
type desk struct {
	t     *testing.T
	jira  *jiratest.Server
	db    *sqlite.DB
	clock *synctest.Clock
	cfg   jira.Config
	log   *slog.Logger

	issues []int64 // the 6 requests of ITSM, in the order added
	keys   []string
}

// newDesk builds the fake site: searches of two issues a page, two
// comments carried by a search result, so that everything pages.
func newDesk(t *testing.T) *desk {
	t.Helper()
	js := jiratest.New(t)
	js.EmbeddedComments = 2
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := &desk{t: t, jira: js, db: db, clock: synctest.NewClock(js.Now().Add(time.Hour)), log: slog.New(slog.DiscardHandler),
		cfg: jira.Config{URL: js.URL, Email: jiratest.Email, APIToken: jiratest.Token, Projects: []string{"ITSM"},
			TeamField: jiratest.TeamField, PageSize: 2}}
	js.AddAccount(jiratest.Account{ID: "ana", Name: "Ana", Email: "ana@example.com", Type: "customer"})
	js.AddAccount(jiratest.Account{ID: "bob", Name: "Bob", Email: "bob@example.com", Type: "customer"})
	js.AddAccount(jiratest.Account{ID: "carl", Name: "Carl", Email: "carl@example.com", Type: "atlassian"})
	for _, is := range []jiratest.Issue{
		{Summary: "VPN drops every hour", Description: "My VPN drops every hour.", Status: "Resolved", Priority: "High", ReporterID: "ana",
			RequestType: "Get IT help", Team: "Network", Labels: []string{"vpn"}, Comments: []jiratest.Comment{
				{AuthorID: "carl", Body: "Internal: the concentrator logs show token expiry."},
				{AuthorID: "carl", Body: "Please reset your VPN token from the app.", Public: true},
				{AuthorID: "ana", Body: "Thanks, that fixed it.", Public: true}}},
		{Summary: "Locked out", Description: "I am locked out of my account.", ReporterID: "ana", RequestType: "Reset password"},
		{Summary: "Waiting on vendor", Description: "The scanner is broken.", Status: "Waiting for customer", Priority: "Low", ReporterID: "ana"},
		{Summary: "Shared mailbox", Description: "Please give Bob access to the shared mailbox.", Status: "Closed", ReporterID: "ana",
			Comments: []jiratest.Comment{{AuthorID: "bob", Body: "I need it too.", Public: true},
				{AuthorID: "carl", Body: "Which mailbox?", Public: true}, {AuthorID: "carl", Body: "Done.", Public: true}}},
		{Summary: "New laptop", Description: "When does my new laptop arrive?", Status: "In progress", Priority: "Highest", ReporterID: "bob"},
		{Summary: "Printer jam", Description: "The printer on floor 2 jams.", Status: "Resolved", ReporterID: "bob",
			Comments: []jiratest.Comment{{AuthorID: "carl", Body: "Cleared the jam.", Public: true}}},
	} {
		is.Project = "ITSM"
		id, key := js.AddIssue(is)
		d.issues, d.keys = append(d.issues, id), append(d.keys, key)
	}
	js.AddIssue(jiratest.Issue{Project: "HR", Summary: "Payroll question", Description: "When is payday?", ReporterID: "ana"})
	return d
}

// source returns a new Source on the desk's config, as each run of
// `deskpilot sync` makes one.
func (d *desk) source() *jira.Source {
	d.t.Helper()
	src, err := jira.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log})
	if err != nil {
		d.t.Fatal(err)
	}
	return src
}

// sync runs one sync of the desk's source.
func (d *desk) sync(ctx context.Context, o connectors.SyncOptions) (*connectors.SyncState, error) {
	d.t.Helper()
	o.Clock, o.Log = d.clock, d.log
	if o.Owner == "" {
		o.Owner = "test"
	}
	return connectors.NewSyncer(d.db, d.db, o).Sync(ctx, d.source())
}

// mustSync runs a sync that must end well.
func (d *desk) mustSync() *connectors.SyncState {
	d.t.Helper()
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	if err != nil {
		d.t.Fatalf("sync: %v", err)
	}
	if st.Status != connectors.StatusOK {
		d.t.Fatalf("sync status %s: %s", st.Status, st.LastError)
	}
	return st
}

// ticketIDs lists the external ids of the synced tickets.
func (d *desk) ticketIDs() []string {
	d.t.Helper()
	ts, err := d.db.ListTickets(context.Background(), tickets.TicketFilter{Source: "jira", Limit: 1000})
	if err != nil {
		d.t.Fatal(err)
	}
	var ids []string
	for _, tk := range ts {
		ids = append(ids, tk.ExternalID)
	}
	slices.Sort(ids)
	return ids
}

// tid is the external id of the i-th request of the desk (from 0).
func (d *desk) tid(i int) string { return strconv.FormatInt(d.issues[i], 10) }

// tids returns the external ids of the desk's requests at the indexes
// given, sorted.
func (d *desk) tids(idx ...int) []string {
	var ids []string
	for _, i := range idx {
		ids = append(ids, d.tid(i))
	}
	slices.Sort(ids)
	return ids
}

// ticket returns the synced ticket of the i-th request.
func (d *desk) ticket(i int) *tickets.Ticket {
	d.t.Helper()
	tk, err := d.db.GetTicketByExternalID(context.Background(), "jira", d.tid(i))
	if err != nil {
		d.t.Fatal(err)
	}
	return tk
}

// requests returns the fake's requests whose path contains part.
func (d *desk) requests(part string) []string {
	var out []string
	for _, r := range d.jira.Requests() {
		if strings.Contains(r, part) {
			out = append(out, r)
		}
	}
	return out
}

// searches returns the JQL of the searches for changed requests.
func (d *desk) searches() []string {
	var out []string
	for _, r := range d.requests("/rest/api/3/search/jql?") {
		if strings.Contains(r, "fields=") {
			out = append(out, r)
		}
	}
	return out
}

// commentRequests returns the ids of the issues whose comments were
// listed, sorted.
func (d *desk) commentRequests() []string {
	var ids []string
	for _, r := range d.requests("/comment?") {
		id, _, _ := strings.Cut(strings.TrimPrefix(r, "GET /rest/api/3/issue/"), "/")
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
