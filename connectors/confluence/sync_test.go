package confluence_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"deskpilot/connectors"
	"deskpilot/connectors/confluence/confluencetest"
	"deskpilot/retrieval"
)

func TestFullSync(t *testing.T) {
	d := newDesk(t)
	st := d.mustSync()
	if diff := cmp.Diff(d.ids("home", "vpn", "reset", "unlock", "runbooks", "concentrator"), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got); the HR page must be left out:\n%s", diff)
	}
	reset := d.doc("reset")
	if reset.Title != "Reset your VPN token" || reset.Visibility != retrieval.Public || reset.Format != retrieval.FormatHTML ||
		reset.URL != d.wiki.URL+"/wiki/spaces/IT/pages/"+d.ids("reset")[0]+"/Reset+your+VPN+token" ||
		!cmp.Equal(reset.Tags, []string{"vpn", "token", "IT Help", "VPN"}) {
		t.Errorf("reset page: %+v", reset)
	}
	for _, want := range []string{"<pre>vpn reset --all</pre>", "See also Unlock your account."} {
		if !strings.Contains(reset.Body, want) {
			t.Errorf("reset page's body lacks %q: %s", want, reset.Body)
		}
	}
	if strings.Contains(reset.Body, "ac:") || strings.Contains(reset.Body, "bash") {
		t.Errorf("reset page's body keeps storage markup: %s", reset.Body)
	}
	if c := d.doc("concentrator"); c.Visibility != retrieval.Internal || !cmp.Equal(c.Tags, []string{"Runbooks"}) {
		t.Errorf("a page of a space not named public: %s, tags %v", c.Visibility, c.Tags)
	}
	if st.Counts.Added != 6 || st.Counts.Skipped != 0 || st.LastSuccessAt.IsZero() {
		t.Errorf("state after a full sync: %+v", st)
	}
	if n := len(d.requests("/wiki/rest/api/user/current")); n != 1 {
		t.Errorf("%d requests for the user's zone, want 1", n)
	}
	if s := d.searches(); len(s) == 0 || s[0] != `space in ("IT","OPS") and type = page order by lastmodified asc` {
		t.Errorf("first search %q", s)
	}
	again := d.mustSync()
	if again.Counts != (connectors.Counts{Pages: again.Counts.Pages}) {
		t.Errorf("a sync with nothing changed wrote or read again: %+v", again.Counts)
	}
}

// TestIncrementalSync: the second run searches from the last change
// written, in the API user's zone, and writes only what changed.
func TestIncrementalSync(t *testing.T) {
	d := newDesk(t)
	first := d.mustSync()
	d.wiki.UpdatePage(d.pages["unlock"], func(p *confluencetest.Page) { p.Body = "<p>Use the self-service portal, then sign in again.</p>" })
	d.wiki.ResetRequests()
	d.clock.Advance(time.Hour)
	st := d.mustSync()
	var cur struct{ Since time.Time }
	must(t, json.Unmarshal([]byte(first.Streams["articles"].Cursor), &cur))
	ny, _ := time.LoadLocation(confluencetest.TimeZone)
	from := `lastmodified >= "` + cur.Since.In(ny).Format("2006-01-02 15:04") + `"`
	if s := d.searches(); len(s) == 0 || !strings.Contains(s[0], from) {
		t.Errorf("searches %q, want them from %s (the last change, in New York time)", s, from)
	}
	if st.Counts.Added != 0 || st.Counts.Updated != 1 || st.Counts.Unchanged != 0 {
		t.Errorf("counts %+v, want the page updated, nothing else read", st.Counts)
	}
	if b := d.doc("unlock").Body; !strings.Contains(b, "sign in again") {
		t.Errorf("updated page: %s", b)
	}
}

// TestRateLimitWaitedOut: a 429 is waited out for its Retry-After, and a
// spent budget (X-RateLimit-Remaining: 0) pauses until its reset.
func TestRateLimitWaitedOut(t *testing.T) {
	d := newDesk(t)
	d.wiki.SpendBudgetNext("/wiki/rest/api/user/current", d.clock.Now().Add(time.Minute))
	d.wiki.RateLimitNext("/wiki/rest/api/content/search", 7)
	d.mustSync()
	if diff := cmp.Diff([]time.Duration{time.Minute, 7 * time.Second}, d.clock.Slept()); diff != "" {
		t.Fatalf("waits (-want +got): until the budget's reset, then the 7 s of Retry-After\n%s", diff)
	}
	if s := d.searches(); len(s) < 2 || s[0] != s[1] || len(d.articleIDs()) != 6 {
		t.Fatalf("the rate-limited search was not sent again (%q), or pages are missing", s)
	}
}

// TestServerErrorRetried: a 500 is retried after a backoff.
func TestServerErrorRetried(t *testing.T) {
	d := newDesk(t)
	d.wiki.FailNext("/wiki/rest/api/content/search", 1)
	st := d.mustSync()
	if slept := d.clock.Slept(); len(slept) != 1 || slept[0] < 500*time.Millisecond || slept[0] > time.Second {
		t.Fatalf("waits %v, want one backoff of 0.5 to 1 s", slept)
	}
	if s := d.searches(); len(s) < 2 || s[0] != s[1] || st.Counts.Added != 6 {
		t.Fatalf("searches %q, counts %+v: want the failed one sent again and all pages", s, st.Counts)
	}
}

// TestMalformedRecord: a page that cannot be read is reported, once, with
// its search page and place; the rest is kept.
func TestMalformedRecord(t *testing.T) {
	d := newDesk(t)
	d.wiki.UpdatePage(d.pages["vpn"], func(p *confluencetest.Page) { p.Malformed = true })
	st := d.mustSync()
	if diff := cmp.Diff(d.ids("home", "reset", "unlock", "runbooks", "concentrator"), d.articleIDs()); diff != "" {
		t.Fatalf("articles (-want +got):\n%s", diff)
	}
	if st.Counts.Skipped != 1 || len(st.Problems) != 1 {
		t.Fatalf("counts %+v, problems %v: want the bad page once", st.Counts, st.Problems)
	}
	if p := st.Problems[0]; !strings.Contains(p.File, "/wiki/rest/api/content/search?") || p.Line < 1 || !strings.HasPrefix(p.Message, "page "+d.ids("vpn")[0]+": ") {
		t.Fatalf("problem %+v: want the search page's URL, the place in it and the page's id", p)
	}
}

// TestMalformedPage: a search page that stays unreadable stops the sync
// with its URL in the report; what was written before stays, and the next
// run goes on from there.
func TestMalformedPage(t *testing.T) {
	d := newDesk(t)
	st, err := d.sync(context.Background(), connectors.SyncOptions{Progress: func(p connectors.Progress) {
		if p.Pages == 2 {
			d.wiki.MalformNext("/wiki/rest/api/content/search", 6) // the first try and 5 retries
		}
	}})
	var pe *connectors.PageError
	if !errors.As(err, &pe) || st.Status != connectors.StatusFailed ||
		!strings.Contains(st.LastError, "malformed page "+d.wiki.URL+"/wiki/rest/api/content/search?") {
		t.Fatalf("sync error %v, state %s %q: want a malformed page naming its URL", err, st.Status, st.LastError)
	}
	if diff := cmp.Diff(d.ids("home", "vpn", "reset"), d.articleIDs()); diff != "" {
		t.Fatalf("the two search pages before the bad one must stay (-want +got):\n%s", diff)
	}
	st = d.mustSync()
	if st.Counts.Added != 3 || st.Counts.Updated+st.Counts.Unchanged != 0 || len(d.articleIDs()) != 6 {
		t.Fatalf("the next run: counts %+v, %d articles", st.Counts, len(d.articleIDs()))
	}
}
