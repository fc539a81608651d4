package servicenow_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/servicenow"
	"deskpilot/connectors/servicenow/servicenowtest"
	"deskpilot/connectors/synctest"
	"deskpilot/retrieval"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
)

// desk is a test's world: a fake ServiceNow instance with some content,
// the SQLite store the sync writes to, and the clock of the sync.
type desk struct {
	t     *testing.T
	sn    *servicenowtest.Server
	db    *sqlite.DB
	clock *synctest.Clock
	cfg   servicenow.Config
	log   *slog.Logger

	users     map[string]servicenowtest.User // ana and bob (callers), carl (agent)
	articles  map[string]string              // vpn, unlock, runbook (restricted), draft, retired: sys_ids
	incidents []string                       // 5 sys_ids, in the order added
	numbers   []string                       // their numbers
}

// newDesk builds the fake instance: pages of two records, so that every
// stream pages.
func newDesk(t *testing.T) *desk {
	t.Helper()
	sn := servicenowtest.New(t)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := &desk{t: t, sn: sn, db: db, clock: synctest.NewClock(sn.Now().Add(time.Hour)), log: slog.New(slog.DiscardHandler),
		cfg:   servicenow.Config{BaseURL: sn.URL, Username: servicenowtest.Username, Password: servicenowtest.Password, PageSize: 2},
		users: map[string]servicenowtest.User{}, articles: map[string]string{}}
	for _, c := range [][4]string{
		{"incident", "category", "network", "Network"}, {"incident", "subcategory", "vpn", "VPN"},
		{"incident", "category", "hardware", "Hardware"}, {"incident", "state", "6", "Resolved"},
		{"incident", "priority", "2", "2 - High"}, {"kb_knowledge", "workflow_state", "published", "Published"},
	} {
		sn.AddChoice(c[0], c[1], c[2], c[3])
	}
	d.users["ana"] = sn.AddUser(servicenowtest.User{UserName: "ana.lopez", Name: "Ana Lopez", Email: "ana@example.com"})
	d.users["bob"] = sn.AddUser(servicenowtest.User{UserName: "bob.ng", Name: "Bob Ng"}) // no e-mail
	d.users["carl"] = sn.AddUser(servicenowtest.User{UserName: "carl.agent", Name: "Carl Agent", Email: "carl@example.com"})
	network := sn.AddGroup(servicenowtest.Group{Name: "Network"})
	desk := sn.AddGroup(servicenowtest.Group{Name: "Service Desk"})
	vpn := sn.AddCategory(servicenowtest.Category{Label: "VPN"})
	accounts := sn.AddCategory(servicenowtest.Category{Label: "Accounts"})

	d.articles["vpn"] = sn.AddArticle(servicenowtest.Article{Title: "Reset your VPN token", Text: "<p>Open the <b>VPN</b> app and choose Reset.</p>", CategoryID: vpn.SysID})
	d.articles["unlock"] = sn.AddArticle(servicenowtest.Article{Title: "Unlock your account", Text: "<p>Use the self-service portal.</p>", CategoryID: accounts.SysID})
	d.articles["runbook"] = sn.AddArticle(servicenowtest.Article{Title: "VPN concentrator runbook", Text: "<p>Restart the concentrator.</p>",
		CategoryID: vpn.SysID, CanRead: "0c4e5e0fdb1b1300e0f5f4d6f4961933"})
	d.articles["draft"] = sn.AddArticle(servicenowtest.Article{Title: "Printer setup", Text: "<p>TBD</p>", State: "draft"})
	d.articles["retired"] = sn.AddArticle(servicenowtest.Article{Title: "Old VPN client", Text: "<p>Gone.</p>", State: "retired"})

	ana, bob, carl := d.users["ana"], d.users["bob"], d.users["carl"]
	for _, inc := range []servicenowtest.Incident{
		{ShortDescription: "VPN drops every hour", Description: "My VPN drops every hour.", State: "6", Priority: "2", Category: "network",
			Subcategory: "vpn", CallerID: ana.SysID, AssignmentGroup: network.SysID, ContactType: "email", CloseNotes: "Reset the VPN token."},
		{ShortDescription: "Locked out", Description: "I am locked out of my account.", State: "2", Priority: "3", CallerID: ana.SysID, AssignmentGroup: desk.SysID},
		{ShortDescription: "Waiting on vendor", Description: "The scanner is broken.", State: "3", Priority: "4", Category: "hardware", CallerID: ana.SysID},
		{ShortDescription: "New laptop", Description: "When does my new laptop arrive?", State: "1", Priority: "5", CallerID: bob.SysID},
		{ShortDescription: "Printer jam", Description: "The printer on floor 2 jams.", State: "7", Priority: "3", CallerID: bob.SysID},
	} {
		id, number := sn.AddIncident(inc)
		d.incidents, d.numbers = append(d.incidents, id), append(d.numbers, number)
		if len(d.incidents) == 1 {
			sn.Comment(id, "work_notes", carl.UserName, "The concentrator logs show token expiry.")
			sn.Comment(id, "comments", carl.UserName, "Please reset your VPN token from the app.")
			sn.Comment(id, "comments", ana.UserName, "Works now, thanks.")
			resolved := sn.Now().Add(time.Second) // the change's own time
			sn.UpdateIncident(id, func(inc *servicenowtest.Incident) { inc.ResolvedAt = resolved })
		}
	}
	return d
}

// source returns a new Source on the desk's config, as each run of
// `deskpilot sync` makes one.
func (d *desk) source() *servicenow.Source {
	d.t.Helper()
	src, err := servicenow.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log})
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

// articleIDs lists the external ids of the synced articles.
func (d *desk) articleIDs() []string {
	d.t.Helper()
	docs, err := d.db.ListDocuments(context.Background(), retrieval.DocumentFilter{Source: "servicenow", Limit: 1000})
	if err != nil {
		d.t.Fatal(err)
	}
	var ids []string
	for _, doc := range docs {
		ids = append(ids, doc.ExternalID)
	}
	slices.Sort(ids)
	return ids
}

// ticketIDs lists the external ids of the synced tickets.
func (d *desk) ticketIDs() []string {
	d.t.Helper()
	ts, err := d.db.ListTickets(context.Background(), tickets.TicketFilter{Source: "servicenow", Limit: 1000})
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

// aids returns the sys_ids of the desk's articles named, sorted.
func (d *desk) aids(names ...string) []string {
	var ids []string
	for _, n := range names {
		ids = append(ids, d.articles[n])
	}
	slices.Sort(ids)
	return ids
}

// numbersOf returns the numbers of the desk's incidents at the indexes
// given, sorted.
func (d *desk) numbersOf(idx ...int) []string {
	var out []string
	for _, i := range idx {
		out = append(out, d.numbers[i])
	}
	slices.Sort(out)
	return out
}

// journalRequests returns, for each sys_journal_field request, the
// incident sys_ids it asked for, sorted.
func (d *desk) journalRequests() [][]string {
	var out [][]string
	for _, q := range d.sn.Queries("sys_journal_field") {
		for _, part := range strings.Split(q.Get("sysparm_query"), "^") {
			if ids, ok := strings.CutPrefix(part, "element_idIN"); ok {
				list := strings.Split(ids, ",")
				slices.Sort(list)
				out = append(out, list)
			}
		}
	}
	return out
}

// incidentIndexes returns the indexes in the desk of the incident sys_ids
// given.
func (d *desk) incidentIndexes(ids []string) []int {
	var out []int
	for _, id := range ids {
		out = append(out, slices.Index(d.incidents, id))
	}
	slices.Sort(out)
	return out
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func containsDuration(ds []time.Duration, d time.Duration) bool {
	return slices.Contains(ds, d)
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
