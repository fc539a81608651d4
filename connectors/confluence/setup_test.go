package confluence_test

import (
	"context"
	"log/slog"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/confluence"
	"deskpilot/connectors/confluence/confluencetest"
	"deskpilot/connectors/synctest"
	"deskpilot/retrieval"
	"deskpilot/store/sqlite"
)

// desk is a test's world: a fake Confluence site with three spaces, the
// SQLite store the sync writes to, and the clock of the sync.
type desk struct {
	t     *testing.T
	wiki  *confluencetest.Server
	db    *sqlite.DB
	clock *synctest.Clock
	cfg   confluence.Config
	log   *slog.Logger

	pages map[string]int64 // home, vpn, reset, unlock (IT, public); runbooks, concentrator (OPS); payroll (HR, not synced)
	order []string         // the synced pages, in the order of their last change
}

// resetBody is the storage format of the VPN reset page.
const resetBody = `<p>Open the <strong>VPN</strong> app and choose Reset:</p>` +
	`<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter>` +
	`<ac:plain-text-body><![CDATA[vpn reset --all]]></ac:plain-text-body></ac:structured-macro>` +
	`<p>See also <ac:link><ri:page ri:content-title="Unlock your account"/></ac:link>.</p>`

// newDesk builds the fake site: searches of two pages a page, so that
// everything pages.
func newDesk(t *testing.T) *desk {
	t.Helper()
	wiki := confluencetest.New(t)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "deskpilot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := &desk{t: t, wiki: wiki, db: db, clock: synctest.NewClock(wiki.Now().Add(time.Hour)), log: slog.New(slog.DiscardHandler),
		pages: map[string]int64{},
		cfg: confluence.Config{URL: wiki.URL + "/wiki", Email: confluencetest.Email, APIToken: confluencetest.Token,
			Spaces: []string{"IT", "OPS"}, PublicSpaces: []string{"IT"}, PageSize: 2}}
	wiki.AddSpace("IT", "IT Help")
	wiki.AddSpace("OPS", "Operations")
	wiki.AddSpace("HR", "People")
	add := func(name string, p confluencetest.Page) {
		d.pages[name] = wiki.AddPage(p)
		if p.SpaceKey != "HR" {
			d.order = append(d.order, name)
		}
	}
	add("home", confluencetest.Page{SpaceKey: "IT", Title: "IT Help", Body: "<p>Welcome to IT Help.</p>"})
	add("vpn", confluencetest.Page{SpaceKey: "IT", ParentID: d.pages["home"], Title: "VPN", Body: "<p>Everything about the VPN.</p>", Labels: []string{"network"}})
	add("reset", confluencetest.Page{SpaceKey: "IT", ParentID: d.pages["vpn"], Title: "Reset your VPN token", Body: resetBody, Labels: []string{"vpn", "token"}})
	add("unlock", confluencetest.Page{SpaceKey: "IT", ParentID: d.pages["home"], Title: "Unlock your account", Body: "<p>Use the self-service portal.</p>"})
	add("payroll", confluencetest.Page{SpaceKey: "HR", Title: "Payroll", Body: "<p>Paid monthly.</p>"})
	add("runbooks", confluencetest.Page{SpaceKey: "OPS", Title: "Runbooks", Body: "<p>Operations runbooks.</p>"})
	add("concentrator", confluencetest.Page{SpaceKey: "OPS", ParentID: d.pages["runbooks"], Title: "VPN concentrator runbook", Body: "<p>Restart the concentrator.</p>"})
	return d
}

// source returns a new Source on the desk's config, as each run of
// `deskpilot sync` makes one.
func (d *desk) source() *confluence.Source {
	d.t.Helper()
	src, err := confluence.New(d.cfg, connectors.ClientOptions{Clock: d.clock, Log: d.log})
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
	docs, err := d.db.ListDocuments(context.Background(), retrieval.DocumentFilter{Source: "confluence", Limit: 1000})
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

// ids returns the external ids of the pages named, sorted.
func (d *desk) ids(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, strconv.FormatInt(d.pages[n], 10))
	}
	slices.Sort(out)
	return out
}

// doc returns the synced article of the page named.
func (d *desk) doc(name string) *retrieval.Document {
	d.t.Helper()
	doc, err := d.db.GetDocumentByExternalID(context.Background(), "confluence", d.ids(name)[0])
	if err != nil {
		d.t.Fatal(err)
	}
	return doc
}

// requests returns the fake's requests whose path contains part.
func (d *desk) requests(part string) []string {
	var out []string
	for _, r := range d.wiki.Requests() {
		if strings.Contains(r, part) {
			out = append(out, r)
		}
	}
	return out
}

// searches returns the CQL of the content searches, in order.
func (d *desk) searches() []string {
	var out []string
	for _, r := range d.requests("/wiki/rest/api/content/search?") {
		_, query, _ := strings.Cut(r, "?")
		v, _ := url.ParseQuery(query)
		out = append(out, v.Get("cql"))
	}
	return out
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
