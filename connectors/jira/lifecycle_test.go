package jira_test

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
	"deskpilot/connectors/jira/jiratest"
	"deskpilot/tickets"
)

// TestDeletionPropagates: a deleted request, which no search shows again,
// leaves the desk at the daily reconciliation.
func TestDeletionPropagates(t *testing.T) {
	d := newDesk(t)
	d.mustSync()
	d.jira.DeleteIssue(d.issues[5])
	d.clock.Advance(time.Hour) // the reconciliation is not due yet: the request stays
	d.mustSync()
	if len(d.ticketIDs()) != 6 {
		t.Fatalf("before the daily reconciliation: %d tickets", len(d.ticketIDs()))
	}
	d.jira.ResetRequests()
	d.clock.Advance(25 * time.Hour)
	st := d.mustSync()
	if _, err := d.db.GetTicketByExternalID(context.Background(), "jira", d.tid(5)); !errors.Is(err, tickets.ErrNotFound) {
		t.Fatalf("deleted request: %v, want it gone", err)
	}
	var listing []string
	for _, r := range d.requests("/rest/api/3/search/jql?") {
		if !strings.Contains(r, "fields=") {
			listing = append(listing, jql(r))
		}
	}
	if st.Counts.Deleted != 1 || !cmp.Equal(listing, []string{`project in ("ITSM") ORDER BY key ASC`}) {
		t.Fatalf("reconciliation: counts %+v, id listings %q", st.Counts, listing)
	}
}

// TestResumeAfterCancel: a sync stopped after two pages resumes from its
// checkpoint: no request fetched or written twice.
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
	ts := st.Streams["tickets"]
	if diff := cmp.Diff(d.tids(0, 1, 2), d.ticketIDs()); !ts.Resuming || diff != "" {
		t.Fatalf("after the cancel: stream %+v, tickets (-want +got):\n%s", ts, diff)
	}
	d.jira.ResetRequests()
	st = d.mustSync()
	var cp struct{ Since time.Time }
	must(t, json.Unmarshal([]byte(ts.Checkpoint), &cp))
	ny, _ := time.LoadLocation(jiratest.TimeZone)
	if s := d.searches(); len(s) == 0 || !strings.Contains(jql(s[0]), cp.Since.In(ny).Format("2006-01-02 15:04")) {
		t.Fatalf("resumed searches %v, want the first from the checkpoint %s", s, ts.Checkpoint)
	}
	if diff := cmp.Diff(d.tids(3), d.commentRequests()); diff != "" {
		t.Fatalf("comments fetched on resume (-want +got):\n%s", diff)
	}
	if st.Counts.Added != 3 || st.Counts.Updated+st.Counts.Unchanged != 0 || len(d.ticketIDs()) != 6 {
		t.Fatalf("resumed run: counts %+v, %d tickets; want the last 3 added", st.Counts, len(d.ticketIDs()))
	}
}

// TestResumeAfterFault: a sync that fails midway (comments that keep
// failing) resumes from its checkpoint once the fault is gone.
func TestResumeAfterFault(t *testing.T) {
	d := newDesk(t)
	d.jira.FailNext("/rest/api/3/issue/"+d.tid(3)+"/comment", 6) // past every retry
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	var he *connectors.HTTPError
	if !errors.As(err, &he) || he.Status != 500 || st.Status != connectors.StatusFailed {
		t.Fatalf("sync through a lasting 500: %v, status %s", err, st.Status)
	}
	if diff := cmp.Diff(d.tids(0, 1, 2), d.ticketIDs()); diff != "" {
		t.Fatalf("after the failure (-want +got):\n%s", diff)
	}
	d.jira.ResetRequests()
	st = d.mustSync()
	if diff := cmp.Diff(d.tids(3), d.commentRequests()); diff != "" {
		t.Fatalf("comments fetched on resume (-want +got):\n%s", diff)
	}
	if st.Counts.Added != 3 || len(d.ticketIDs()) != 6 || st.LastError != "" {
		t.Fatalf("resumed run: %+v, %d tickets", st, len(d.ticketIDs()))
	}
}

// TestSecretsStayHidden: neither the logs, at debug level, nor the state
// show the token; a wrong one fails with the API's message.
func TestSecretsStayHidden(t *testing.T) {
	d := newDesk(t)
	var logs bytes.Buffer
	d.log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d.jira.FailNext("/rest/api/3/search/jql", 1)
	d.mustSync()
	d.cfg.APIToken = "wrong-token-987"
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	if err == nil || st.Status != connectors.StatusFailed || !strings.Contains(st.LastError, "HTTP 401: Client must be authenticated") {
		t.Fatalf("sync with a wrong token: %v, %q", err, st.LastError)
	}
	state, _ := json.Marshal(st)
	basic := base64.StdEncoding.EncodeToString([]byte(jiratest.Email + ":" + jiratest.Token))
	for _, secret := range []string{jiratest.Token, "wrong-token-987", basic} {
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

// TestChangeDuringSync: a request changed while the sync runs, after its
// page was written, is met again behind the position.
func TestChangeDuringSync(t *testing.T) {
	d := newDesk(t)
	_, err := d.sync(context.Background(), connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Pages == 1 {
			d.jira.UpdateIssue(d.issues[0], func(is *jiratest.Issue) {
				is.Comments = append(is.Comments, jiratest.Comment{AuthorID: "ana", Body: "It dropped again.", Public: true})
			})
		}
	}})
	must(t, err)
	if tk := d.ticket(0); len(tk.Messages) != 5 {
		t.Fatalf("the comment added during the sync is missing: %d messages", len(tk.Messages))
	}
}
