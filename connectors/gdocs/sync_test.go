package gdocs_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/gdocs/gdocstest"
	"deskpilot/retrieval"
)

func TestFullSync(t *testing.T) {
	d := newDesk(t)
	st := d.mustSync()
	if diff := cmp.Diff(d.ids("vpn", "unlock", "printers", "leave"), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got); other folders, sheets and the trash left out:\n%s", diff)
	}
	vpn, err := d.db.GetDocumentByExternalID(context.Background(), "gdocs", d.docs["vpn"])
	must(t, err)
	if vpn.Title != "Reset your VPN token" || vpn.Format != retrieval.FormatHTML || vpn.Visibility != retrieval.Internal ||
		!strings.Contains(vpn.Body, "<p class=\"c0\"><span>Then sign in again.</span></p>") ||
		vpn.URL != "https://docs.google.com/document/d/"+d.docs["vpn"]+"/edit?usp=drivesdk" ||
		!vpn.UpdatedAt.Equal(time.Date(2025, 1, 6, 9, 0, 4, 250e6, time.UTC)) {
		t.Errorf("vpn document: %+v", vpn)
	}
	lists := d.drive.Lists()
	wantQ := "('" + d.folders["IT"] + "' in parents or '" + d.folders["HR"] + "' in parents) and " +
		"mimeType = 'application/vnd.google-apps.document' and trashed = false"
	if len(lists) != 3 || lists[0].Get("q") != wantQ || lists[0].Get("orderBy") != "modifiedTime" || lists[1].Get("pageToken") == "" {
		t.Errorf("listings %v, want 2 pages of %q by modifiedTime and one to reconcile", lists, wantQ)
	}
	if lists[2].Get("fields") != "nextPageToken,files(id)" {
		t.Errorf("the reconciliation lists %q", lists[2].Get("fields"))
	}
	if diff := cmp.Diff(d.ids("vpn", "unlock", "printers", "leave"), d.exported()); diff != "" {
		t.Errorf("exports (-want +got):\n%s", diff)
	}
	if st.Counts.Added != 4 || st.Counts.Skipped != 0 || st.Counts.Pages != 2 {
		t.Errorf("state after a full sync: %+v", st)
	}
	d.drive.ResetRequests()
	again := d.mustSync()
	if again.Counts.Added+again.Counts.Updated+again.Counts.Deleted != 0 || len(d.drive.Exports()) != 0 {
		t.Errorf("a sync with nothing changed: %+v, exports %v", again.Counts, d.drive.Exports())
	}
}

func TestTextExport(t *testing.T) {
	d := newDesk(t)
	d.cfg.Export, d.cfg.Visibility = "text", "public"
	d.mustSync()
	leave, err := d.db.GetDocumentByExternalID(context.Background(), "gdocs", d.docs["leave"])
	must(t, err)
	if leave.Format != retrieval.FormatText || leave.Visibility != retrieval.Public || !strings.Contains(leave.Body, "Ask your manager first.") {
		t.Fatalf("text export: %+v", leave)
	}
}

// TestIncrementalSync: the second run lists only what was modified since
// the first, and exports only that.
func TestIncrementalSync(t *testing.T) {
	d := newDesk(t)
	first := d.mustSync()
	d.drive.UpdateFile(d.docs["unlock"], func(f *gdocstest.File) { f.Text = "Use the self-service portal, or call the desk." })
	d.drive.ResetRequests()
	d.clock.Advance(time.Hour)
	st := d.mustSync()
	lists := d.drive.Lists()
	since := "2025-01-06T09:00:09.250Z" // the last modification seen by the first run
	if !strings.Contains(first.Streams["articles"].Cursor, since) || len(lists) != 1 ||
		!strings.HasSuffix(lists[0].Get("q"), " and trashed = false and modifiedTime > '"+since+"'") {
		t.Fatalf("cursor %q, listings %v: want one from %s", first.Streams["articles"].Cursor, lists, since)
	}
	if diff := cmp.Diff(d.ids("unlock"), d.exported()); diff != "" {
		t.Errorf("exports (-want +got):\n%s", diff)
	}
	if st.Counts.Updated != 1 || st.Counts.Added+st.Counts.Unchanged != 0 {
		t.Errorf("counts %+v, want the one document updated", st.Counts)
	}
}

// TestRateLimitWaitedOut: Drive's 403 userRateLimitExceeded is waited out
// with a backoff, a 429 for its Retry-After.
func TestRateLimitWaitedOut(t *testing.T) {
	d := newDesk(t)
	d.drive.RateLimitNext("/drive/v3/files")
	d.drive.TooManyNext("/drive/v3/files/"+d.docs["vpn"]+"/export", "9")
	d.mustSync()
	slept := d.clock.Slept()
	if len(slept) != 2 || slept[0] < 500*time.Millisecond || slept[0] > time.Second || slept[1] != 9*time.Second {
		t.Fatalf("waits %v, want a backoff of 0.5 to 1 s, then the 9 s of Retry-After", slept)
	}
	if diff := cmp.Diff(d.ids("vpn", "unlock", "printers", "leave"), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got):\n%s", diff)
	}
	if n := len(d.drive.Lists()); n != 4 {
		t.Fatalf("%d listings, want the rate-limited one again, a second page and one to reconcile", n)
	}
}

// TestForbiddenIsNotRetried: a 403 that a wait does not cure fails at
// once, with Drive's message.
func TestForbiddenIsNotRetried(t *testing.T) {
	d := newDesk(t)
	d.drive.Inject(gdocstest.Fault{Path: "/drive/v3/files", Status: http.StatusForbidden,
		Body: `{"error":{"code":403,"message":"The user does not have sufficient permissions for this file.","errors":[{"reason":"insufficientFilePermissions"}]}}`})
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	if err == nil || !strings.Contains(st.LastError, "HTTP 403: The user does not have sufficient permissions for this file. (insufficientFilePermissions)") {
		t.Fatalf("sync: %v, %q", err, st.LastError)
	}
	if slept := d.clock.Slept(); len(slept) != 0 {
		t.Fatalf("waits %v, want none", slept)
	}
}

// TestServerErrorRetried: a 500 is retried after a backoff.
func TestServerErrorRetried(t *testing.T) {
	d := newDesk(t)
	d.drive.FailNext("/drive/v3/files/"+d.docs["unlock"]+"/export", 1)
	st := d.mustSync()
	if slept := d.clock.Slept(); len(slept) != 1 || slept[0] < 500*time.Millisecond || slept[0] > time.Second {
		t.Fatalf("waits %v, want one backoff of 0.5 to 1 s", slept)
	}
	exports := d.drive.Exports()
	if n := len(slices.DeleteFunc(exports, func(id string) bool { return id != d.docs["unlock"] })); n != 2 || st.Counts.Added != 4 {
		t.Fatalf("%d exports of the failing document (want 2), counts %+v", n, st.Counts)
	}
}

// TestMalformedRecord: a document whose listing cannot be read, and one
// gone before its export, are reported with their page and place; the
// rest of the page is kept.
func TestMalformedRecord(t *testing.T) {
	d := newDesk(t)
	d.drive.UpdateFile(d.docs["printers"], func(f *gdocstest.File) { f.Malformed = true })
	d.drive.Inject(gdocstest.Fault{Path: "/drive/v3/files/" + d.docs["leave"] + "/export", Status: http.StatusNotFound,
		Body: `{"error":{"code":404,"message":"File not found: ` + d.docs["leave"] + `.","errors":[{"reason":"notFound"}]}}`})
	st := d.mustSync()
	if diff := cmp.Diff(d.ids("vpn", "unlock"), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got):\n%s", diff)
	}
	if st.Counts.Skipped != 2 || len(st.Problems) != 2 {
		t.Fatalf("counts %+v, problems %v", st.Counts, st.Problems)
	}
	for i, want := range []string{"document " + d.docs["leave"] + ": export: GET ", "document " + d.docs["printers"] + ": parsing time"} {
		p := st.Problems[i]
		if !strings.Contains(p.File, "/drive/v3/files?") || p.Line < 1 || !strings.HasPrefix(p.Message, want) {
			t.Errorf("problem %d: %+v, want the page, the place and %q", i, p, want)
		}
	}
}

// TestMalformedPage: a listing page that stays unreadable fails the sync
// with its URL; the next run syncs everything.
func TestMalformedPage(t *testing.T) {
	d := newDesk(t)
	d.drive.MalformNext("/drive/v3/files", 6) // the first try and 5 retries
	st, err := d.sync(context.Background(), connectors.SyncOptions{})
	var pe *connectors.PageError
	if !errors.As(err, &pe) || !strings.Contains(pe.URL, "/drive/v3/files?") || st.Status != connectors.StatusFailed {
		t.Fatalf("sync error %v, status %s; want a malformed page naming its URL", err, st.Status)
	}
	if len(d.articleIDs()) != 0 {
		t.Fatalf("articles after a malformed first page: %v", d.articleIDs())
	}
	st = d.mustSync()
	if len(d.articleIDs()) != 4 || st.Counts.Added != 4 {
		t.Fatalf("the next run: %d articles, counts %+v", len(d.articleIDs()), st.Counts)
	}
}
