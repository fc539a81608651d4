package confluence_test

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
	"deskpilot/connectors/confluence/confluencetest"
)

// TestDeletionPropagates: a trashed page and a page moved to a space not
// synced, which no search shows again, leave the desk at the daily
// reconciliation.
func TestDeletionPropagates(t *testing.T) {
	d := newDesk(t)
	d.mustSync()
	d.wiki.TrashPage(d.pages["unlock"])
	d.wiki.MovePage(d.pages["concentrator"], "HR")
	d.clock.Advance(time.Hour) // the reconciliation is not due yet: the pages stay
	d.mustSync()
	if len(d.articleIDs()) != 6 {
		t.Fatalf("before the daily reconciliation: %d articles", len(d.articleIDs()))
	}
	d.wiki.ResetRequests()
	d.clock.Advance(25 * time.Hour)
	st := d.mustSync()
	if diff := cmp.Diff(d.ids("home", "vpn", "reset", "runbooks"), d.articleIDs()); diff != "" {
		t.Fatalf("after the reconciliation (-want +got):\n%s", diff)
	}
	if n, m := len(d.requests("/wiki/api/v2/spaces?")), len(d.requests("/pages?")); st.Counts.Deleted != 2 || n != 1 || m != 2 {
		t.Fatalf("reconciliation: counts %+v, %d space listings, %d page listings", st.Counts, n, m)
	}
}

// TestResumeAfterCancel: a sync stopped after two search pages resumes
// from its checkpoint: no page written twice.
func TestResumeAfterCancel(t *testing.T) {
	d := newDesk(t)
	ctx, cancel := context.WithCancel(context.Background())
	st, err := d.sync(ctx, connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Pages == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || st.Status != connectors.StatusInterrupted {
		t.Fatalf("cancelled sync: %v, status %s", err, st.Status)
	}
	as := st.Streams["articles"]
	if diff := cmp.Diff(d.ids("home", "vpn", "reset"), d.articleIDs()); !as.Resuming || diff != "" {
		t.Fatalf("after the cancel: stream %+v, articles (-want +got):\n%s", as, diff)
	}
	d.wiki.ResetRequests()
	st = d.mustSync()
	var cp struct{ Since time.Time }
	must(t, json.Unmarshal([]byte(as.Checkpoint), &cp))
	ny, _ := time.LoadLocation(confluencetest.TimeZone)
	if s := d.searches(); len(s) == 0 || !strings.Contains(s[0], cp.Since.In(ny).Format("2006-01-02 15:04")) {
		t.Fatalf("resumed searches %q, want the first from the checkpoint %s", s, as.Checkpoint)
	}
	if st.Counts.Added != 3 || st.Counts.Updated+st.Counts.Unchanged != 0 || len(d.articleIDs()) != 6 {
		t.Fatalf("resumed run: counts %+v, %d articles; want the last 3 added", st.Counts, len(d.articleIDs()))
	}
}

// TestResumeAfterFault: a sync whose search keeps failing midway resumes
// from its checkpoint once the fault is gone.
func TestResumeAfterFault(t *testing.T) {
	d := newDesk(t)
	st, err := d.sync(context.Background(), connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Pages == 2 {
			d.wiki.FailNext("/wiki/rest/api/content/search", 6) // past every retry
		}
	}})
	var he *connectors.HTTPError
	if !errors.As(err, &he) || he.Status != 500 || st.Status != connectors.StatusFailed {
		t.Fatalf("sync through a lasting 500: %v, status %s", err, st.Status)
	}
	d.wiki.ResetRequests()
	st = d.mustSync()
	if st.Counts.Added != 3 || st.Counts.Updated+st.Counts.Unchanged != 0 || len(d.articleIDs()) != 6 || st.LastError != "" {
		t.Fatalf("resumed run: %+v, %d articles", st, len(d.articleIDs()))
	}
}

// TestSecretsStayHidden: neither the logs, at debug level, nor the state
// show the token; a wrong one fails with the API's message.
func TestSecretsStayHidden(t *testing.T) {
	d := newDesk(t)
	var logs bytes.Buffer
	d.log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d.wiki.FailNext("/wiki/rest/api/content/search", 1)
	d.mustSync()
	d.cfg.APIToken = "wrong-token-987"
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	if err == nil || st.Status != connectors.StatusFailed || !strings.Contains(st.LastError, "HTTP 401: Current user not permitted to use Confluence") {
		t.Fatalf("sync with a wrong token: %v, %q", err, st.LastError)
	}
	state, _ := json.Marshal(st)
	basic := base64.StdEncoding.EncodeToString([]byte(confluencetest.Email + ":" + confluencetest.Token))
	for _, secret := range []string{confluencetest.Token, "wrong-token-987", basic} {
		for name, out := range map[string]string{"logs": logs.String(), "state": string(state), "error": err.Error()} {
			if strings.Contains(out, secret) {
				t.Errorf("the %s show a credential", name)
			}
		}
	}
	if !strings.Contains(logs.String(), "connector request") {
		t.Fatalf("no request was logged at debug level: %s", logs.String())
	}
}

// TestChangeDuringSync: a page edited while the sync runs, after its
// search page was written, is met again behind the position.
func TestChangeDuringSync(t *testing.T) {
	d := newDesk(t)
	_, err := d.sync(context.Background(), connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Pages == 1 {
			d.wiki.UpdatePage(d.pages["home"], func(p *confluencetest.Page) { p.Body = "<p>Welcome! The VPN is down tonight.</p>" })
		}
	}})
	must(t, err)
	if b := d.doc("home").Body; !strings.Contains(b, "down tonight") {
		t.Fatalf("the edit made during the sync is missing: %s", b)
	}
}
