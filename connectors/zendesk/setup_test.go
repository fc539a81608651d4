package zendesk_test

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
	"deskpilot/connectors/synctest"
	"deskpilot/connectors/zendesk"
	"deskpilot/connectors/zendesk/zendesktest"
	"deskpilot/retrieval"
	"deskpilot/store/sqlite"
	"deskpilot/tickets"
)

// desk is a test's world: a fake Zendesk account with some content, the
// SQLite store the sync writes to, and the clock of the sync.
type desk struct {
	t     *testing.T
	zd    *zendesktest.Server
	db    *sqlite.DB
	clock *synctest.Clock
	cfg   zendesk.Config
	log   *slog.Logger

	sections map[string]int64 // by name
	users    map[string]int64 // ana (requester), bob (a CC), carl (agent)
	groups   map[string]int64
	articles map[string]int64 // vpn, unlock, runbook (restricted), draft
	tickets  []int64          // 6, in the order added
}

// categoryField is the id of the fake's category drop-down.
const categoryField = 360001

// newDesk builds the fake account: pages of two articles, two tickets and
// two list items, so that every stream pages.
func newDesk(t *testing.T) *desk {
	t.Helper()
	zd := zendesktest.New(t)
	zd.ArticlePageSize, zd.TicketPageSize, zd.ListPageSize = 2, 2, 2
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := &desk{t: t, zd: zd, db: db, clock: synctest.NewClock(zd.Now().Add(time.Hour)),
		log:      slog.New(slog.DiscardHandler),
		sections: map[string]int64{}, users: map[string]int64{}, groups: map[string]int64{}, articles: map[string]int64{},
		cfg: zendesk.Config{BaseURL: zd.URL, Email: zendesktest.Email, APIToken: zendesktest.Token, CategoryField: categoryField, PageSize: 2},
	}
	for _, name := range []string{"VPN", "Accounts", "Printers"} {
		d.sections[name] = zd.AddSection(zendesktest.Section{Name: name}).ID
	}
	d.users["ana"] = zd.AddUser(zendesktest.User{Name: "Ana", Email: "ana@example.com", Role: "end-user"}).ID
	d.users["bob"] = zd.AddUser(zendesktest.User{Name: "Bob", Email: "bob@example.com", Role: "end-user"}).ID
	d.users["carl"] = zd.AddUser(zendesktest.User{Name: "Carl", Email: "carl@example.com", Role: "agent"}).ID
	d.groups["Network"] = zd.AddGroup(zendesktest.Group{Name: "Network"}).ID
	d.groups["Service Desk"] = zd.AddGroup(zendesktest.Group{Name: "Service Desk"}).ID
	segment := int64(77)
	d.articles["vpn"] = zd.AddArticle(zendesktest.Article{Title: "Reset your VPN token", Body: "<p>Open the <b>VPN</b> app and choose Reset.</p>",
		SectionID: d.sections["VPN"], Labels: []string{"vpn", "token"},
		Translations: map[string]zendesktest.Translation{"fr": {Title: "Réinitialiser votre jeton VPN", Body: "<p>Ouvrez l'application VPN.</p>"}}})
	d.articles["unlock"] = zd.AddArticle(zendesktest.Article{Title: "Unlock your account", Body: "<p>Use the self-service portal.</p>", SectionID: d.sections["Accounts"]})
	d.articles["runbook"] = zd.AddArticle(zendesktest.Article{Title: "VPN concentrator runbook", Body: "<p>Restart the concentrator.</p>",
		SectionID: d.sections["VPN"], UserSegmentID: &segment})
	d.articles["draft"] = zd.AddArticle(zendesktest.Article{Title: "Printer setup (draft)", Body: "<p>TBD</p>", SectionID: d.sections["Printers"], Draft: true})
	ana, bob, carl := d.users["ana"], d.users["bob"], d.users["carl"]
	for _, tk := range []zendesktest.Ticket{
		{Subject: "VPN drops every hour", Status: "solved", Priority: "high", RequesterID: ana, AssigneeID: carl, GroupID: d.groups["Network"],
			Tags: []string{"vpn"}, CustomFields: map[int64]string{categoryField: "network__vpn"}, Comments: []zendesktest.Comment{
				{AuthorID: ana, Body: "My VPN drops every hour.", Public: true},
				{AuthorID: carl, Body: "Internal: the concentrator logs show token expiry.", Public: false},
				{AuthorID: carl, Body: "Please reset your VPN token from the app.", Public: true}}},
		{Subject: "Locked out", Status: "open", RequesterID: ana, GroupID: d.groups["Service Desk"],
			Comments: []zendesktest.Comment{{AuthorID: ana, Body: "I am locked out of my account.", Public: true}}},
		{Subject: "Waiting on vendor", Status: "hold", Priority: "low", RequesterID: ana,
			Comments: []zendesktest.Comment{{AuthorID: ana, Body: "The scanner is broken.", Public: true}}},
		{Subject: "Shared mailbox", Status: "closed", RequesterID: ana, Comments: []zendesktest.Comment{
			{AuthorID: ana, Body: "Please give Bob access to the shared mailbox.", Public: true},
			{AuthorID: bob, Body: "Thanks, that works for me too.", Public: true},
			{AuthorID: carl, Body: "Done.", Public: true}}},
		{Subject: "New laptop", Status: "new", RequesterID: bob,
			Comments: []zendesktest.Comment{{AuthorID: bob, Body: "When does my new laptop arrive?", Public: true}}},
		{Subject: "Printer jam", Status: "solved", RequesterID: bob, Comments: []zendesktest.Comment{
			{AuthorID: bob, Body: "The printer on floor 2 jams.", Public: true},
			{AuthorID: carl, Body: "Cleared the jam.", Public: true}}},
	} {
		d.tickets = append(d.tickets, zd.AddTicket(tk))
	}
	return d
}

// source returns a new Source on the desk's config, as each run of
// `deskpilot sync` makes one.
func (d *desk) source() *zendesk.Source {
	d.t.Helper()
	src, err := zendesk.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log})
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
	docs, err := d.db.ListDocuments(context.Background(), retrieval.DocumentFilter{Source: "zendesk", Limit: 1000})
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
	ts, err := d.db.ListTickets(context.Background(), tickets.TicketFilter{Source: "zendesk", Limit: 1000})
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

// aid is the external id of an article of the desk in a locale.
func (d *desk) aid(name, locale string) string {
	return strconv.FormatInt(d.articles[name], 10) + "-" + locale
}

// tid is the external id of the i-th ticket of the desk (from 0).
func (d *desk) tid(i int) string { return strconv.FormatInt(d.tickets[i], 10) }

// ticketIDsOf returns the external ids of the desk's tickets at the
// indexes given, sorted.
func (d *desk) ticketIDsOf(idx ...int) []string {
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
	for _, r := range d.zd.Requests() {
		if strings.Contains(r, part) {
			out = append(out, r)
		}
	}
	return out
}

// commentRequests returns the ids of the tickets whose comments were
// requested, in order.
func (d *desk) commentRequests() []string {
	var ids []string
	for _, r := range d.requests("/comments.json") {
		id, _, _ := strings.Cut(strings.TrimPrefix(r, "GET /api/v2/tickets/"), "/")
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}
