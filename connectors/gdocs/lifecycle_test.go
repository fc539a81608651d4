package gdocs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/gdocs"
	"deskpilot/connectors/gdocs/gdocstest"
)

// TestDeletionPropagates: a trashed document, one deleted for good and one
// moved out of the folders leave the desk at the next reconciliation: no
// incremental listing shows them.
func TestDeletionPropagates(t *testing.T) {
	d := newDesk(t)
	d.mustSync()
	d.drive.TrashFile(d.docs["vpn"])
	d.drive.DeleteFile(d.docs["printers"])
	d.drive.MoveFile(d.docs["unlock"], d.folders["Finance"])
	d.clock.Advance(time.Hour) // the reconciliation is not due yet: they stay
	d.mustSync()
	if diff := cmp.Diff(d.ids("vpn", "unlock", "printers", "leave"), d.articleIDs()); diff != "" {
		t.Fatalf("before the daily reconciliation (-want +got):\n%s", diff)
	}
	d.clock.Advance(25 * time.Hour)
	st := d.mustSync()
	if diff := cmp.Diff(d.ids("leave"), d.articleIDs()); diff != "" {
		t.Fatalf("after the reconciliation (-want +got):\n%s", diff)
	}
	if st.Counts.Deleted != 3 {
		t.Fatalf("counts %+v, want 3 deleted", st.Counts)
	}
}

// TestResumeAfterCancel: a sync stopped after its first page resumes from
// the listing's page token: no document exported or written twice.
func TestResumeAfterCancel(t *testing.T) {
	d := newDesk(t)
	ctx, cancel := context.WithCancel(context.Background())
	st, err := d.sync(ctx, connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Pages == 1 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || st.Status != connectors.StatusInterrupted {
		t.Fatalf("cancelled sync: %v, status %s", err, st.Status)
	}
	as := st.Streams["articles"]
	if !as.Resuming || !strings.Contains(as.Checkpoint, `"page":`) || len(d.articleIDs()) != 2 {
		t.Fatalf("after the cancel: stream %+v, %d articles", as, len(d.articleIDs()))
	}
	firstPage := d.exported()
	d.drive.ResetRequests()
	st = d.mustSync()
	lists := d.drive.Lists()
	if len(lists) < 1 || lists[0].Get("pageToken") == "" || !strings.Contains(as.Checkpoint, lists[0].Get("pageToken")) {
		t.Fatalf("resumed listing %v, want the checkpoint's page token", lists)
	}
	for _, id := range d.drive.Exports() {
		if strings.Contains(strings.Join(firstPage, ","), id) {
			t.Fatalf("document %s exported again on resume", id)
		}
	}
	if st.Counts.Added != 2 || st.Counts.Updated+st.Counts.Unchanged != 0 || len(d.articleIDs()) != 4 {
		t.Fatalf("resumed run: counts %+v, %d articles; want the last 2 added", st.Counts, len(d.articleIDs()))
	}
}

// TestSecretsStayHidden: neither the logs, at debug level, nor the state
// show the token; a bad token fails with Drive's message.
func TestSecretsStayHidden(t *testing.T) {
	d := newDesk(t)
	var logs bytes.Buffer
	d.log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d.drive.FailNext("/drive/v3/files", 1)
	d.mustSync()
	d.cfg.Token = "ya29.wrong-token-987"
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	if err == nil || !strings.Contains(st.LastError, "HTTP 401: Request had invalid authentication credentials. Expected OAuth 2 access token. (authError)") {
		t.Fatalf("sync with a wrong token: %v, %q", err, st.LastError)
	}
	state, _ := json.Marshal(st)
	for _, secret := range []string{gdocstest.Token, "ya29.wrong-token-987"} {
		for name, out := range map[string]string{"logs": logs.String(), "state": string(state), "error": err.Error()} {
			if strings.Contains(out, secret) {
				t.Errorf("the %s show a credential", name)
			}
		}
	}
	if !strings.Contains(logs.String(), "connector request") {
		t.Fatalf("no request was logged at debug level")
	}
}

func TestNewChecksConfig(t *testing.T) {
	ok := gdocs.Config{Folders: []string{"1AbC"}, Token: "t"}
	tests := []struct {
		name    string
		edit    func(c *gdocs.Config)
		wantErr string
	}{
		{"valid", func(*gdocs.Config) {}, ""},
		{"no folders", func(c *gdocs.Config) { c.Folders = nil }, "no folders"},
		{"a folder URL", func(c *gdocs.Config) { c.Folders = []string{"https://drive.google.com/drive/folders/1AbC"} }, "not a Drive folder id"},
		{"a quote in a folder id", func(c *gdocs.Config) { c.Folders = []string{"1A' or name != '"} }, "not a Drive folder id"},
		{"no token", func(c *gdocs.Config) { c.Token = "" }, "no token"},
		{"bad export", func(c *gdocs.Config) { c.Export = "pdf" }, "export"},
		{"bad visibility", func(c *gdocs.Config) { c.Visibility = "everyone" }, "visibility"},
		{"bad base URL", func(c *gdocs.Config) { c.BaseURL = "ftp://x" }, "base URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			s, err := gdocs.New(c, connectors.ClientOptions{})
			switch {
			case tt.wantErr == "" && (err != nil || s.Name() != "gdocs"):
				t.Fatalf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("New: %v, want an error about %s", err, tt.wantErr)
			}
		})
	}
}
