package freshdesk_test

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
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/freshdesk/freshdesktest"
	"deskpilot/connectors/synctest"
	"deskpilot/retrieval"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
)

// desk is a test's world: a fake account with some content, the SQLite
// store the sync writes to, and the clock of the sync.
type desk struct {
	t       *testing.T
	product freshdesk.Product
	fd      *freshdesktest.Server
	db      *sqlite.DB
	clock   *synctest.Clock
	cfg     freshdesk.Config
	log     *slog.Logger

	folders  map[string]int64 // VPN, Accounts, Printers (a subfolder of Accounts), Runbooks (agents only)
	contacts map[string]int64 // ana, bob (requesters), carl (agent)
	groups   map[string]int64
	articles map[string]int64 // vpn, unlock, printer, runbook, draft
	tickets  []int64          // 7, in the order added; the 7th is 60 days old
}

// eachProduct runs fn as a subtest for Freshdesk and for Freshservice.
func eachProduct(t *testing.T, fn func(t *testing.T, d *desk)) {
	for _, p := range []freshdesk.Product{freshdesk.Freshdesk, freshdesk.Freshservice} {
		t.Run(string(p), func(t *testing.T) { fn(t, newDesk(t, p)) })
	}
}

// newDesk builds the fake account. The source asks for pages of two, so
// that every list pages.
func newDesk(t *testing.T, p freshdesk.Product) *desk {
	t.Helper()
	fd := freshdesktest.New(t, freshdesktest.Product(p))
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := &desk{t: t, product: p, fd: fd, db: db, clock: synctest.NewClock(fd.Now().Add(time.Hour)),
		log:     slog.New(slog.DiscardHandler),
		folders: map[string]int64{}, contacts: map[string]int64{}, groups: map[string]int64{}, articles: map[string]int64{},
		cfg: freshdesk.Config{Product: p, BaseURL: fd.URL, APIKey: freshdesktest.APIKey, PageSize: 2},
	}
	if p == freshdesk.Freshdesk {
		d.cfg.CategoryField = "cf_category"
	}
	help, internal := fd.AddCategory("IT Help"), fd.AddCategory("Internal")
	d.folders["VPN"] = fd.AddFolder(freshdesktest.Folder{CategoryID: help, Name: "VPN"})
	d.folders["Accounts"] = fd.AddFolder(freshdesktest.Folder{CategoryID: help, Name: "Accounts"})
	d.folders["Printers"] = fd.AddFolder(freshdesktest.Folder{CategoryID: help, ParentID: d.folders["Accounts"], Name: "Printers"})
	d.folders["Runbooks"] = fd.AddFolder(freshdesktest.Folder{CategoryID: internal, Name: "Runbooks", Visibility: 3})
	d.articles["vpn"] = fd.AddArticle(freshdesktest.Article{FolderID: d.folders["VPN"], Title: "Reset your VPN token",
		Body: "<p>Open the <b>VPN</b> app and choose Reset.</p>", Tags: []string{"vpn", "token"}})
	d.articles["unlock"] = fd.AddArticle(freshdesktest.Article{FolderID: d.folders["Accounts"], Title: "Unlock your account", Body: "<p>Use the self-service portal.</p>"})
	d.articles["printer"] = fd.AddArticle(freshdesktest.Article{FolderID: d.folders["Printers"], Title: "Add a printer", Body: "<p>Open Settings, then Printers.</p>"})
	d.articles["runbook"] = fd.AddArticle(freshdesktest.Article{FolderID: d.folders["Runbooks"], Title: "VPN concentrator runbook", Body: "<p>Restart the concentrator.</p>"})
	d.articles["draft"] = fd.AddArticle(freshdesktest.Article{FolderID: d.folders["VPN"], Title: "VPN on Linux (draft)", Body: "<p>TBD</p>", Status: 1})
	d.groups["Network"], d.groups["Service Desk"] = fd.AddGroup("Network"), fd.AddGroup("Service Desk")
	ana, bob, carl := fd.AddContact("Ana", "ana@example.com"), fd.AddContact("Bob", "bob@example.com"), fd.AddContact("Carl", "carl@example.com")
	d.contacts["ana"], d.contacts["bob"], d.contacts["carl"] = ana, bob, carl
	for _, tk := range []freshdesktest.Ticket{
		{Subject: "VPN drops every hour", Description: "<div>My VPN drops every hour.</div>", Status: 4, Priority: 3, RequesterID: ana,
			GroupID: d.groups["Network"], Type: "Incident", Tags: []string{"vpn"}, CustomFields: map[string]string{"cf_category": "Network"},
			Category: "Network", SubCategory: "VPN", Conversations: []freshdesktest.Conversation{
				{UserID: carl, Body: "<p>Internal: the concentrator logs show token expiry.</p>", Private: true},
				{UserID: carl, Body: "<p>Please reset your VPN token from the app.</p>"},
				{UserID: ana, Body: "<p>Thanks, that fixed it.</p>", Incoming: true}}},
		{Subject: "Locked out", Description: "<p>I am locked out of my account.</p>", RequesterID: ana, GroupID: d.groups["Service Desk"]},
		{Subject: "Waiting on vendor", Description: "<p>The scanner is broken.</p>", Status: 3, Priority: 1, RequesterID: ana},
		{Subject: "Shared mailbox", Description: "<p>Please give Bob access to the shared mailbox.</p>", Status: 5, RequesterID: ana,
			Conversations: []freshdesktest.Conversation{{UserID: carl, Body: "<p>Done.</p>"}}},
		{Subject: "New laptop", Description: "<p>When does my new laptop arrive?</p>", RequesterID: bob, Source: 1},
		{Subject: "Printer jam", Description: "<p>The printer on floor 2 jams.</p>", Status: 4, RequesterID: bob,
			Conversations: []freshdesktest.Conversation{{UserID: carl, Body: "<p>Cleared the jam.</p>"}}},
	} {
		d.tickets = append(d.tickets, fd.AddTicket(tk))
	}
	old := fd.Now().AddDate(0, 0, -60)
	d.tickets = append(d.tickets, fd.AddTicket(freshdesktest.Ticket{Subject: "Old password reset", Description: "<p>Reset my password.</p>",
		Status: 5, RequesterID: ana, CreatedAt: old, UpdatedAt: old}))
	return d
}

// source returns a new Source on the desk's config, as each run of
// `deskpilot sync` makes one.
func (d *desk) source() *freshdesk.Source {
	d.t.Helper()
	src, err := freshdesk.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log})
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
	docs, err := d.db.ListDocuments(context.Background(), retrieval.DocumentFilter{Source: string(d.product), Limit: 1000})
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
	ts, err := d.db.ListTickets(context.Background(), tickets.TicketFilter{Source: string(d.product), Limit: 1000})
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

// aids returns the external ids of the desk's articles named, sorted.
func (d *desk) aids(names ...string) []string {
	var ids []string
	for _, n := range names {
		ids = append(ids, strconv.FormatInt(d.articles[n], 10))
	}
	slices.Sort(ids)
	return ids
}

// tid is the external id of the i-th ticket of the desk (from 0).
func (d *desk) tid(i int) string { return strconv.FormatInt(d.tickets[i], 10) }

// tids returns the external ids of the desk's tickets at the indexes
// given, sorted.
func (d *desk) tids(idx ...int) []string {
	var ids []string
	for _, i := range idx {
		ids = append(ids, d.tid(i))
	}
	slices.Sort(ids)
	return ids
}

// requests returns the fake's requests whose path contains part.
func (d *desk) requests(part string) []string {
	var out []string
	for _, r := range d.fd.Requests() {
		if strings.Contains(r, part) {
			out = append(out, r)
		}
	}
	return out
}

// ticketListings returns the requests for changed tickets (not the trash).
func (d *desk) ticketListings() []string {
	var out []string
	for _, r := range d.requests("/api/v2/tickets?") {
		if !strings.Contains(r, "filter=") {
			out = append(out, r)
		}
	}
	return out
}

// conversationRequests returns the ids of the tickets whose conversations
// were requested, sorted.
func (d *desk) conversationRequests() []string {
	var ids []string
	for _, r := range d.requests("/conversations") {
		id, _, _ := strings.Cut(strings.TrimPrefix(r, "GET /api/v2/tickets/"), "/")
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
