package servicenow_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/servicenow/servicenowtest"
	"deskpilot/retrieval"
)

// TestDeletionPropagates: a retired article and one sent back to draft
// leave the desk at the next sync; one deleted outright (which no listing
// shows again) at the next reconciliation.
func TestDeletionPropagates(t *testing.T) {
	d := newDesk(t)
	d.mustSync()
	d.sn.UpdateArticle(d.articles["vpn"], func(a *servicenowtest.Article) { a.State = "retired" })
	d.sn.UpdateArticle(d.articles["unlock"], func(a *servicenowtest.Article) { a.State = "draft" })
	d.clock.Advance(time.Hour)
	st := d.mustSync()
	if st.Counts.Deleted != 2 {
		t.Fatalf("counts %+v, want 2 deleted", st.Counts)
	}
	if _, err := d.db.GetDocumentByExternalID(context.Background(), "servicenow", d.articles["vpn"]); !errors.Is(err, retrieval.ErrNotFound) {
		t.Fatalf("retired article: %v, want it gone", err)
	}
	if diff := cmp.Diff(d.aids("runbook"), d.articleIDs()); diff != "" {
		t.Fatalf("articles after retirement (-want +got):\n%s", diff)
	}

	d.sn.UpdateArticle(d.articles["unlock"], func(a *servicenowtest.Article) { a.State = "published" })
	d.mustSync()
	d.sn.DeleteArticle(d.articles["runbook"])
	d.clock.Advance(time.Hour) // the reconciliation is not due yet: the article stays
	d.mustSync()
	if diff := cmp.Diff(d.aids("unlock", "runbook"), d.articleIDs()); diff != "" {
		t.Fatalf("before the daily reconciliation (-want +got):\n%s", diff)
	}
	d.sn.ResetRequests()
	d.clock.Advance(25 * time.Hour)
	st = d.mustSync()
	if diff := cmp.Diff(d.aids("unlock"), d.articleIDs()); diff != "" {
		t.Fatalf("after the reconciliation (-want +got):\n%s", diff)
	}
	var listed int
	for _, q := range d.sn.Queries("kb_knowledge") {
		if q.Get("sysparm_fields") == "sys_id" && q.Get("sysparm_query") == "workflow_stateINpublished,pending_retirement^ORDERBYsys_id" {
			listed++
		}
	}
	if st.Counts.Deleted != 1 || listed != 1 {
		t.Fatalf("reconciliation: counts %+v, %d listings of the published articles", st.Counts, listed)
	}
}

// TestResumeAfterCancel: a sync stopped after two pages of incidents
// resumes from its checkpoint: no page fetched twice, no record written
// twice.
func TestResumeAfterCancel(t *testing.T) {
	d := newDesk(t)
	ctx, cancel := context.WithCancel(context.Background())
	st, err := d.sync(ctx, connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Kind == connectors.KindTickets && p.Pages == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || st.Status != connectors.StatusInterrupted {
		t.Fatalf("cancelled sync: %v, status %s", err, st.Status)
	}
	ts := st.Streams["tickets"]
	if !ts.Resuming || ts.Checkpoint == "" || len(d.ticketIDs()) != 4 {
		t.Fatalf("after the cancel: stream %+v, %d tickets; want a checkpoint after 4", ts, len(d.ticketIDs()))
	}
	d.sn.ResetRequests()
	st = d.mustSync()
	at, n, _ := strings.Cut(ts.Checkpoint, "|")
	qs := d.sn.Queries("incident")
	if len(qs) != 1 || !strings.HasPrefix(qs[0].Get("sysparm_query"), "sys_updated_on>="+at+"^") || qs[0].Get("sysparm_offset") != n {
		t.Fatalf("resumed incident requests %v, want one from the checkpoint %q", qs, ts.Checkpoint)
	}
	if diff := cmp.Diff([][]int{{4}}, [][]int{d.incidentIndexes(d.journalRequests()[0])}); diff != "" {
		t.Fatalf("journals fetched on resume (-want +got):\n%s", diff)
	}
	if st.Counts.Added != 1 || st.Counts.Updated != 0 || len(d.ticketIDs()) != 5 {
		t.Fatalf("resumed run: counts %+v, %d tickets; want the last one added", st.Counts, len(d.ticketIDs()))
	}
}

// TestResumeAfterFault: a sync that fails midway (journals that keep
// failing) resumes from its checkpoint once the fault is gone.
func TestResumeAfterFault(t *testing.T) {
	d := newDesk(t)
	st, err := d.sync(context.Background(), connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Kind == connectors.KindTickets && p.Pages == 2 {
			d.sn.FailNext("sys_journal_field", 6) // the third page's, past every retry
		}
	}})
	var he *connectors.HTTPError
	if !errors.As(err, &he) || he.Status != 500 || st.Status != connectors.StatusFailed {
		t.Fatalf("sync through a lasting 500: %v, status %s", err, st.Status)
	}
	if len(d.ticketIDs()) != 4 || len(d.articleIDs()) != 3 {
		t.Fatalf("after the failure: %d tickets, %d articles; want 4 and 3", len(d.ticketIDs()), len(d.articleIDs()))
	}
	d.sn.ResetRequests()
	st = d.mustSync()
	if st.Counts.Added != 1 || len(d.ticketIDs()) != 5 || st.LastError != "" || len(d.journalRequests()) != 1 {
		t.Fatalf("resumed run: %+v, %d tickets, journal requests %v", st, len(d.ticketIDs()), d.journalRequests())
	}
}

// TestHiddenAndSameSecond: records the ACLs hide shorten pages without
// ending the stream, and a page boundary inside one second (a bulk
// update) neither skips nor repeats a record.
func TestHiddenAndSameSecond(t *testing.T) {
	d := newDesk(t)
	d.cfg.Kinds = []connectors.Kind{connectors.KindArticles}
	d.sn.Step = 0 // every change below in the same second
	var bulk []string
	for range 5 {
		bulk = append(bulk, d.sn.AddArticle(servicenowtest.Article{Title: "Bulk article", Text: "<p>Imported in bulk.</p>"}))
	}
	d.sn.Hide(d.articles["vpn"]) // on the first page, which ends a second later
	d.sn.Hide(bulk[1])           // on a page within the bulk's second
	st := d.mustSync()
	want := append(d.aids("unlock", "runbook"), bulk[0], bulk[2], bulk[3], bulk[4])
	if diff := cmp.Diff(sortedCopy(want), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got):\n%s", diff)
	}
	if st.Counts.Added != 6 || st.Counts.Unchanged != 0 {
		t.Fatalf("counts %+v: want each visible article read once", st.Counts)
	}
	d.sn.Step = time.Second
	d.sn.UpdateArticle(bulk[2], func(a *servicenowtest.Article) { a.Title = "Bulk article, revised" })
	st = d.mustSync()
	if st.Counts.Updated != 1 || st.Counts.Added != 0 {
		t.Fatalf("after an update in a bulk-changed second: %+v", st.Counts)
	}
}

// TestSecretsStayHidden: neither the logs, at debug level, nor the state
// show a credential; bad credentials fail with ServiceNow's message.
func TestSecretsStayHidden(t *testing.T) {
	d := newDesk(t)
	var logs bytes.Buffer
	d.log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d.sn.FailNext("incident", 1)
	d.mustSync()
	d.cfg.Password = "wrong-password-987"
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	if err == nil || st.Status != connectors.StatusFailed || !strings.Contains(st.LastError, "HTTP 401: User Not Authenticated: Required to provide Auth information") {
		t.Fatalf("sync with a wrong password: %v, %q", err, st.LastError)
	}
	state, _ := json.Marshal(st)
	basic := base64.StdEncoding.EncodeToString([]byte(servicenowtest.Username + ":" + servicenowtest.Password))
	for _, secret := range []string{servicenowtest.Password, "wrong-password-987", basic} {
		for name, out := range map[string]string{"logs": logs.String(), "state": string(state), "error": err.Error()} {
			if strings.Contains(out, secret) {
				t.Errorf("the %s show a credential", name)
			}
		}
	}
	if !strings.Contains(logs.String(), "connector request") {
		t.Fatalf("no request was logged at debug level: %s", logs.String())
	}
	d.cfg.Password, d.cfg.Username, d.cfg.OAuthToken = "", "", servicenowtest.OAuthToken
	d.mustSync() // an OAuth bearer token signs in too
}
