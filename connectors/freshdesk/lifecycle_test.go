package freshdesk_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/freshdesk"
	"deskpilot/connectors/freshdesk/freshdesktest"
	"deskpilot/connectors/synctest"
	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// TestDeletionPropagates: a deleted ticket, a spam ticket and an article
// turned draft leave the desk at once; a deleted article, which no listing
// shows again, at the daily reconciliation, from the walk just made.
func TestDeletionPropagates(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.mustSync()
		d.fd.DeleteTicket(d.tickets[5])
		d.fd.UpdateTicket(d.tickets[4], func(tk *freshdesktest.Ticket) { tk.Spam = true })
		d.fd.UpdateArticle(d.articles["vpn"], func(a *freshdesktest.Article) { a.Status = 1 })
		d.clock.Advance(time.Hour)
		st := d.mustSync()
		ctx, src := context.Background(), string(d.product)
		if st.Counts.Deleted != 3 {
			t.Fatalf("counts %+v, want 3 deleted", st.Counts)
		}
		if diff := cmp.Diff(d.tids(0, 1, 2, 3, 6), d.ticketIDs()); diff != "" {
			t.Fatalf("tickets after the delete and the spam (-want +got):\n%s", diff)
		}
		if _, err := d.db.GetDocumentByExternalID(ctx, src, d.aids("vpn")[0]); !errors.Is(err, retrieval.ErrNotFound) {
			t.Fatalf("article turned draft: %v, want it gone", err)
		}

		d.fd.DeleteArticle(d.articles["unlock"])
		d.fd.ResetRequests()
		d.clock.Advance(time.Hour) // the reconciliation is not due yet: the article stays
		d.mustSync()
		if diff := cmp.Diff(d.aids("unlock", "printer", "runbook"), d.articleIDs()); diff != "" {
			t.Fatalf("before the daily reconciliation (-want +got):\n%s", diff)
		}
		walk := len(d.requests("/articles"))
		d.fd.ResetRequests()
		d.clock.Advance(25 * time.Hour)
		st = d.mustSync()
		if diff := cmp.Diff(d.aids("printer", "runbook"), d.articleIDs()); diff != "" {
			t.Fatalf("after the reconciliation (-want +got):\n%s", diff)
		}
		if n := len(d.requests("/articles")); st.Counts.Deleted != 1 || n != walk {
			t.Fatalf("reconciliation: counts %+v, %d article requests, want the %d of the walk alone", st.Counts, n, walk)
		}
	})
}

// TestResumeAfterCancel: a sync stopped after two pages of tickets resumes
// from its checkpoint: no page fetched twice, no ticket written twice.
func TestResumeAfterCancel(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		ctx, cancel := context.WithCancel(context.Background())
		st, err := d.sync(ctx, connectors.SyncOptions{Progress: func(p connectors.Progress) {
			if p.Kind == connectors.KindTickets && p.Pages == 2 {
				cancel()
			}
		}})
		if !errors.Is(err, context.Canceled) || st.Status != connectors.StatusInterrupted {
			t.Fatalf("cancelled sync: %v, status %s", err, st.Status)
		}
		// Freshdesk pages by the last change (pages [6 0] [0 1]),
		// Freshservice by creation ([6 0] [1 2]).
		done, rest := []int{6, 0, 1}, []int{2, 3, 4, 5}
		if d.product == freshdesk.Freshservice {
			done, rest = []int{6, 0, 1, 2}, []int{3, 4, 5}
		}
		ts := st.Streams["tickets"]
		if diff := cmp.Diff(d.tids(done...), d.ticketIDs()); !ts.Resuming || ts.Checkpoint == "" || diff != "" {
			t.Fatalf("after the cancel: stream %+v, tickets (-want +got):\n%s", ts, diff)
		}
		saved, err := d.db.GetSyncState(context.Background(), string(d.product))
		must(t, err)
		if saved.Owner != "" || saved.Streams["tickets"].Checkpoint != ts.Checkpoint {
			t.Fatalf("stored state after the cancel: %+v", saved)
		}

		d.fd.ResetRequests()
		st = d.mustSync()
		var cp struct {
			Since time.Time
			Page  int
		}
		must(t, json.Unmarshal([]byte(ts.Checkpoint), &cp))
		from := url.Values{"updated_since": {cp.Since.Format(time.RFC3339)}}.Encode()
		if reqs := d.ticketListings(); len(reqs) == 0 || !strings.Contains(reqs[0], from) || !strings.Contains(reqs[0], "page="+strconv.Itoa(cp.Page)+"&") {
			t.Fatalf("resumed listings %v, want the first at the checkpoint %s", reqs, ts.Checkpoint)
		}
		if diff := cmp.Diff(d.tids(rest...), d.conversationRequests()); diff != "" {
			t.Fatalf("conversations fetched on resume (-want +got):\n%s", diff)
		}
		if st.Counts.Added != len(rest) || st.Counts.Updated+st.Counts.Unchanged != 0 || len(d.ticketIDs()) != 7 {
			t.Fatalf("resumed run: counts %+v, %d tickets; want the last %d added", st.Counts, len(d.ticketIDs()), len(rest))
		}
	})
}

// TestResumeAfterFault: a sync that fails midway (a ticket whose
// conversations keep failing) resumes from its checkpoint once the fault
// is gone.
func TestResumeAfterFault(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.fd.FailNext("/api/v2/tickets/"+d.tid(4)+"/conversations", 6) // past every retry
		st, err := d.sync(context.Background(), connectors.SyncOptions{})
		var he *connectors.HTTPError
		if !errors.As(err, &he) || he.Status != 500 || st.Status != connectors.StatusFailed {
			t.Fatalf("sync through a lasting 500: %v, status %s", err, st.Status)
		}
		done, rest := []int{6, 0, 1, 2, 3}, []int{4, 5}
		if d.product == freshdesk.Freshservice { // the failing page holds tickets 3 and 4
			done, rest = []int{6, 0, 1, 2}, []int{3, 4, 5}
		}
		if diff := cmp.Diff(d.tids(done...), d.ticketIDs()); diff != "" || len(d.articleIDs()) != 4 {
			t.Fatalf("after the failure: %d articles, tickets (-want +got):\n%s", len(d.articleIDs()), diff)
		}
		d.fd.ResetRequests()
		st = d.mustSync()
		if diff := cmp.Diff(d.tids(rest...), d.conversationRequests()); diff != "" {
			t.Fatalf("conversations fetched on resume (-want +got):\n%s", diff)
		}
		if st.Counts.Added != len(rest) || len(d.ticketIDs()) != 7 || st.LastError != "" {
			t.Fatalf("resumed run: %+v, %d tickets", st, len(d.ticketIDs()))
		}
	})
}

// TestSecretsStayHidden: neither the logs, at debug level, nor the state
// show the API key; a wrong key fails with the API's message.
func TestSecretsStayHidden(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		var logs bytes.Buffer
		d.log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		d.fd.FailNext("/api/v2/tickets", 1)
		d.mustSync()
		d.cfg.APIKey = "wrong-key-987"
		st, err := d.sync(context.Background(), connectors.SyncOptions{})
		if err == nil || st.Status != connectors.StatusFailed ||
			!strings.Contains(st.LastError, "HTTP 401: invalid_credentials: You have to be logged in to perform this action.") {
			t.Fatalf("sync with a wrong key: %v, %q", err, st.LastError)
		}
		state, _ := json.Marshal(st)
		basic := base64.StdEncoding.EncodeToString([]byte(freshdesktest.APIKey + ":X"))
		for _, secret := range []string{freshdesktest.APIKey, "wrong-key-987", basic} {
			for name, out := range map[string]string{"logs": logs.String(), "state": string(state), "error": err.Error()} {
				if strings.Contains(out, secret) {
					t.Errorf("the %s show a credential", name)
				}
			}
		}
		if !strings.Contains(logs.String(), "connector request") {
			t.Fatalf("no request was logged at debug level: %s", logs.String())
		}
	})
}

// TestCategoriesInScope: only the categories asked for are synced; an
// article whose category leaves the scope goes at the reconciliation.
func TestCategoriesInScope(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.cfg.Kinds = []connectors.Kind{connectors.KindArticles}
		d.mustSync()
		cats := d.requests("/api/v2/solutions/categories")
		if len(cats) == 0 {
			t.Fatal("no category listing")
		}
		// "IT Help" was the first category added: its id is the one below
		// the VPN folder's.
		d.cfg.Categories = []int64{d.folders["VPN"] - 2}
		d.clock.Advance(25 * time.Hour)
		d.mustSync()
		if diff := cmp.Diff(d.aids("vpn", "unlock", "printer"), d.articleIDs()); diff != "" {
			t.Fatalf("articles of IT Help only (-want +got):\n%s", diff)
		}
		if _, err := d.db.GetTicketByExternalID(context.Background(), string(d.product), d.tid(0)); !errors.Is(err, tickets.ErrNotFound) {
			t.Fatalf("tickets were synced though not asked for: %v", err)
		}
	})
}

// TestChangeDuringSync: a ticket changed while the sync runs, after its
// page was written, is not lost though later tickets changed after it:
// Freshdesk meets it again behind its position, Freshservice's next pass
// starts no later than this one began.
func TestChangeDuringSync(t *testing.T) {
	eachProduct(t, func(t *testing.T, d *desk) {
		d.clock = synctest.NewClock(d.fd.Now()) // the desk's clock, this time
		_, err := d.sync(context.Background(), connectors.SyncOptions{Progress: func(p connectors.Progress) {
			if p.Kind == connectors.KindTickets && p.Pages == 1 {
				d.fd.UpdateTicket(d.tickets[0], func(tk *freshdesktest.Ticket) {
					tk.Conversations = append(tk.Conversations, freshdesktest.Conversation{UserID: d.contacts["ana"], Body: "<p>It dropped again.</p>", Incoming: true})
				})
				d.fd.UpdateTicket(d.tickets[5], func(tk *freshdesktest.Ticket) { tk.Status = 5 })
			}
		}})
		must(t, err)
		d.mustSync()
		tk, err := d.db.GetTicketByExternalID(context.Background(), string(d.product), d.tid(0))
		must(t, err)
		if n := len(tk.Messages); n != 5 || tk.Messages[n-1].Body != "It dropped again." {
			t.Fatalf("the reply added during the first sync is missing: %d messages", n)
		}
	})
}
