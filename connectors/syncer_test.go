package connectors_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"deskpilot/connectors"
	"deskpilot/connectors/files"
	"deskpilot/connectors/synctest"
	"deskpilot/retrieval"
	"deskpilot/store/sqlite"
)

// pagedSource serves fixed pages of articles; its cursor is the index of
// the next page.
type pagedSource struct {
	pages   [][]files.Article
	fetched []string // cursors asked for
	live    []string // LiveIDs' answer
	stuck   bool     // answer every page with the same cursor
}

func (s *pagedSource) Name() string             { return "paged" }
func (s *pagedSource) Kinds() []connectors.Kind { return []connectors.Kind{connectors.KindArticles} }

func (s *pagedSource) Fetch(_ context.Context, _ connectors.Kind, cursor string) (*connectors.Page, error) {
	s.fetched = append(s.fetched, cursor)
	i, _ := strconv.Atoi(cursor)
	if i >= len(s.pages) { // nothing new since the last run
		return &connectors.Page{URL: "mem://page/" + cursor, Next: cursor, Done: true}, nil
	}
	p := &connectors.Page{URL: "mem://page/" + strconv.Itoa(i), Articles: s.pages[i], Next: strconv.Itoa(i + 1), Done: i == len(s.pages)-1}
	if s.stuck {
		p.Next, p.Done = cursor, false
	}
	return p, nil
}

func (s *pagedSource) LiveIDs(context.Context, connectors.Kind) ([]string, bool, error) {
	return s.live, s.live != nil, nil
}

func articles(ids ...string) []files.Article {
	var out []files.Article
	for _, id := range ids {
		out = append(out, files.Article{ID: id, Title: "Article " + id, Body: "How to fix " + id + ".", UpdatedAt: t0})
	}
	return out
}

func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func storedIDs(t *testing.T, db *sqlite.DB) string {
	t.Helper()
	docs, err := db.ListDocuments(context.Background(), retrieval.DocumentFilter{Source: "paged"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ExternalID)
	}
	return strings.Join(ids, " ")
}

// TestResumeAfterCrash: a process that dies midway leaves its claim; once
// the claim expires, another process resumes from the checkpoint.
func TestResumeAfterCrash(t *testing.T) {
	db := openDB(t)
	clock := synctest.NewClock(t0)
	src := &pagedSource{pages: [][]files.Article{articles("a", "b"), articles("c"), articles("d")}}
	crash := errors.New("killed")
	func() {
		defer func() {
			if r := recover(); r != crash {
				t.Fatalf("recovered %v", r)
			}
		}()
		connectors.NewSyncer(db, db, connectors.SyncOptions{Clock: clock, Owner: "dead", Progress: func(p connectors.Progress) {
			if p.Pages == 2 {
				panic(crash) // dies without a word: no release
			}
		}}).Sync(context.Background(), src)
	}()
	other := connectors.NewSyncer(db, db, connectors.SyncOptions{Clock: clock, Owner: "other"})
	if _, err := other.Sync(context.Background(), src); !errors.Is(err, connectors.ErrBusy) {
		t.Fatalf("sync while the dead process's claim lasts: %v, want ErrBusy", err)
	}
	st, err := db.GetSyncState(context.Background(), "paged")
	if err != nil || !st.Stale(t0.Add(3*time.Minute)) || st.Stale(t0) {
		t.Fatalf("state left by the dead process: %+v, %v", st, err)
	}
	clock.Advance(3 * time.Minute)
	src.fetched = nil
	st, err = other.Sync(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(src.fetched, ","); got != "2" {
		t.Fatalf("the takeover fetched pages %q, want only the third (2)", got)
	}
	if got := storedIDs(t, db); got != "a b c d" || st.Counts.Added != 1 {
		t.Fatalf("after the takeover: %q stored, counts %+v", got, st.Counts)
	}
	if st.Streams["articles"].Cursor != "3" || st.Streams["articles"].Resuming {
		t.Fatalf("stream after the run: %+v", st.Streams["articles"])
	}
}

// TestNoWayForward: a source that gives the same cursor again fails the
// stream instead of looping.
func TestNoWayForward(t *testing.T) {
	db := openDB(t)
	src := &pagedSource{pages: [][]files.Article{articles("a"), articles("b")}, stuck: true}
	st, err := connectors.NewSyncer(db, db, connectors.SyncOptions{Clock: synctest.NewClock(t0)}).Sync(context.Background(), src)
	if err == nil || !strings.Contains(err.Error(), "no way forward") || st.Status != connectors.StatusFailed || len(src.fetched) != 1 {
		t.Fatalf("stuck source: %v after %d fetches", err, len(src.fetched))
	}
}

// TestReconcile removes what the source no longer lists, but not
// everything when it lists nothing.
func TestReconcile(t *testing.T) {
	db := openDB(t)
	clock := synctest.NewClock(t0)
	s := connectors.NewSyncer(db, db, connectors.SyncOptions{Clock: clock, ReconcileEvery: time.Hour})
	src := &pagedSource{pages: [][]files.Article{articles("a", "b", "c")}, live: []string{}}
	st, err := s.Sync(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if got := storedIDs(t, db); got != "a b c" || len(st.Problems) != 1 || !strings.Contains(st.Problems[0].Message, "lists no articles") {
		t.Fatalf("an empty listing: %q stored, problems %v", got, st.Problems)
	}
	src.live = []string{"a", "c"}
	if st, err = s.Sync(context.Background(), src); err != nil || st.Counts.Deleted != 1 || storedIDs(t, db) != "a c" {
		t.Fatalf("reconciliation: %v, %+v, %q stored", err, st.Counts, storedIDs(t, db))
	}
	src.live = []string{"a"}
	if st, _ = s.Sync(context.Background(), src); st.Counts.Deleted != 0 {
		t.Fatalf("a reconciliation before it is due again deleted %d", st.Counts.Deleted)
	}
	clock.Advance(2 * time.Hour)
	if st, _ = s.Sync(context.Background(), src); st.Counts.Deleted != 1 || storedIDs(t, db) != "a" {
		t.Fatalf("a due reconciliation: %+v, %q stored", st.Counts, storedIDs(t, db))
	}
}

// failingRecords fails every article write.
type failingRecords struct{ *sqlite.DB }

func (failingRecords) UpsertDocuments(context.Context, []*retrieval.Document) ([]retrieval.Outcome, error) {
	return nil, fmt.Errorf("disk full")
}

// TestWriteFailure: a page that cannot be written is not checkpointed.
func TestWriteFailure(t *testing.T) {
	db := openDB(t)
	src := &pagedSource{pages: [][]files.Article{articles("a"), articles("b")}}
	st, err := connectors.NewSyncer(db, failingRecords{db}, connectors.SyncOptions{Clock: synctest.NewClock(t0)}).Sync(context.Background(), src)
	if err == nil || !strings.Contains(err.Error(), "disk full") || st.Status != connectors.StatusFailed {
		t.Fatalf("sync onto a failing store: %v, %s", err, st.Status)
	}
	if ss := st.Streams["articles"]; ss.Resuming || ss.Checkpoint != "" || st.Counts.Pages != 0 {
		t.Fatalf("a page that was not written moved the checkpoint: %+v", st)
	}
}
