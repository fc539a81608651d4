package zendesk_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/zendesk/zendesktest"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// TestDeletionPropagates: a deleted ticket, an article turned draft, and
// an archived article (which no export shows again) leave the desk.
func TestDeletionPropagates(t *testing.T) {
	d := newDesk(t)
	d.mustSync()
	d.zd.DeleteTicket(d.tickets[5])
	d.zd.UpdateArticle(d.articles["vpn"], func(a *zendesktest.Article) { a.Draft = true })
	d.clock.Advance(time.Hour)
	st := d.mustSync()
	if st.Counts.Deleted != 2 {
		t.Fatalf("counts %+v, want 2 deleted", st.Counts)
	}
	ctx := context.Background()
	if _, err := d.db.GetTicketByExternalID(ctx, "zendesk", d.tid(5)); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("deleted ticket: %v, want it gone", err)
	}
	if _, err := d.db.GetDocumentByExternalID(ctx, "zendesk", d.aid("vpn", "en-us")); !errors.Is(err, retrieval.ErrNotFound) {
		t.Fatalf("unpublished article: %v, want it gone", err)
	}

	d.zd.ArchiveArticle(d.articles["unlock"])
	d.clock.Advance(time.Hour) // the reconciliation is not due yet: the article stays
	d.mustSync()
	if diff := cmp.Diff(sorted([]string{d.aid("unlock", "en-us"), d.aid("runbook", "en-us")}), d.articleIDs()); diff != "" {
		t.Fatalf("before the daily reconciliation (-want +got):\n%s", diff)
	}
	d.zd.ResetRequests()
	d.clock.Advance(25 * time.Hour)
	st = d.mustSync()
	if diff := cmp.Diff([]string{d.aid("runbook", "en-us")}, d.articleIDs()); diff != "" {
		t.Fatalf("after the reconciliation (-want +got):\n%s", diff)
	}
	if st.Counts.Deleted != 1 || len(d.requests("/api/v2/help_center/articles.json?page%5Bsize%5D=100")) != 1 {
		t.Fatalf("reconciliation: counts %+v, requests %v", st.Counts, d.zd.Requests())
	}
}

// TestResumeAfterCancel: a sync stopped after two pages of tickets resumes
// from its checkpoint: no page fetched twice, no record written twice.
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
	saved, err := d.db.GetSyncState(context.Background(), "zendesk")
	must(t, err)
	if saved.Owner != "" || saved.Streams["tickets"].Checkpoint != ts.Checkpoint {
		t.Fatalf("stored state after the cancel: %+v", saved)
	}

	d.zd.ResetRequests()
	st = d.mustSync()
	reqs := d.requests("/incremental/tickets")
	if len(reqs) != 1 || !strings.Contains(reqs[0], url.Values{"cursor": {ts.Checkpoint}}.Encode()) {
		t.Fatalf("resumed ticket export %v, want one request from the checkpoint", reqs)
	}
	if diff := cmp.Diff(d.ticketIDsOf(4, 5), d.commentRequests()); diff != "" {
		t.Fatalf("comments fetched on resume (-want +got):\n%s", diff)
	}
	if st.Counts.Added != 2 || st.Counts.Updated != 0 || len(d.ticketIDs()) != 6 {
		t.Fatalf("resumed run: counts %+v, %d tickets; want the last 2 added", st.Counts, len(d.ticketIDs()))
	}
}

// TestResumeAfterFault: a sync that fails midway (a page that keeps
// failing) resumes from its checkpoint once the fault is gone.
func TestResumeAfterFault(t *testing.T) {
	d := newDesk(t)
	d.zd.FailNext("/api/v2/tickets/"+d.tid(4)+"/comments", 6) // third page of tickets, past every retry
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	var he *connectors.HTTPError
	if !errors.As(err, &he) || he.Status != 500 || st.Status != connectors.StatusFailed {
		t.Fatalf("sync through a lasting 500: %v, status %s", err, st.Status)
	}
	if len(d.ticketIDs()) != 4 || len(d.articleIDs()) != 3 {
		t.Fatalf("after the failure: %d tickets, %d articles; want 4 and 3", len(d.ticketIDs()), len(d.articleIDs()))
	}
	d.zd.ResetRequests()
	st = d.mustSync()
	if diff := cmp.Diff(d.ticketIDsOf(4, 5), d.commentRequests()); diff != "" {
		t.Fatalf("comments fetched on resume (-want +got):\n%s", diff)
	}
	if st.Counts.Added != 2 || len(d.ticketIDs()) != 6 || st.LastError != "" {
		t.Fatalf("resumed run: %+v, %d tickets", st, len(d.ticketIDs()))
	}
}

// TestLocales: an article is a record in each locale synced; a locale it
// lacks, or a translation turned draft, is no record.
func TestLocales(t *testing.T) {
	d := newDesk(t)
	d.cfg.Locales = []string{"en-US", "fr"}
	d.cfg.Kinds = []connectors.Kind{connectors.KindArticles}
	d.mustSync()
	want := []string{d.aid("vpn", "en-us"), d.aid("vpn", "fr"), d.aid("unlock", "en-us"), d.aid("runbook", "en-us")}
	if diff := cmp.Diff(sorted(want), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got):\n%s", diff)
	}
	fr, err := d.db.GetDocumentByExternalID(context.Background(), "zendesk", d.aid("vpn", "fr"))
	must(t, err)
	if fr.Language != "fr" || fr.Title != "Réinitialiser votre jeton VPN" || !strings.Contains(fr.URL, "/hc/fr/") {
		t.Fatalf("french article: %+v", fr)
	}
	d.zd.UpdateArticle(d.articles["vpn"], func(a *zendesktest.Article) {
		tr := a.Translations["fr"]
		tr.Draft = true
		a.Translations["fr"] = tr
	})
	st := d.mustSync()
	if diff := cmp.Diff(sorted([]string{want[0], want[2], want[3]}), d.articleIDs()); diff != "" || st.Counts.Deleted != 1 {
		t.Fatalf("after the french translation went back to draft (-want +got), %d deleted:\n%s", st.Counts.Deleted, diff)
	}
}

// TestSecretsStayHidden: neither the logs, at debug level, nor the state
// show a credential; bad credentials fail with Zendesk's message.
func TestSecretsStayHidden(t *testing.T) {
	d := newDesk(t)
	var logs bytes.Buffer
	d.log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d.zd.FailNext("/api/v2/incremental/tickets", 1)
	d.mustSync()
	d.cfg.APIToken = "wrong-token-987"
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	if err == nil || st.Status != connectors.StatusFailed || !strings.Contains(st.LastError, "HTTP 401: Couldn't authenticate you") {
		t.Fatalf("sync with a wrong token: %v, %q", err, st.LastError)
	}
	state, _ := json.Marshal(st)
	basic := base64.StdEncoding.EncodeToString([]byte(zendesktest.Email + "/token:" + zendesktest.Token))
	for _, secret := range []string{zendesktest.Token, "wrong-token-987", basic} {
		for name, out := range map[string]string{"logs": logs.String(), "state": string(state), "error": err.Error()} {
			if strings.Contains(out, secret) {
				t.Errorf("the %s show a credential", name)
			}
		}
	}
	if !strings.Contains(logs.String(), "connector request") {
		t.Fatalf("no request was logged at debug level: %s", logs.String())
	}

	d.cfg.APIToken, d.cfg.Email, d.cfg.OAuthToken = "", "", zendesktest.OAuthToken
	d.mustSync() // an OAuth bearer token signs in too
}
