// Package storetest is the contract every retrieval.DocumentStore must meet.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"deskpilot/retrieval"
)

// Run runs the contract suite; newStore returns an empty store.
func Run(t *testing.T, newStore func(t *testing.T) retrieval.DocumentStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s retrieval.DocumentStore)
	}{
		{"UpsertAndGet", testUpsertAndGet},
		{"UpsertIdempotent", testUpsertIdempotent},
		{"ListAndCount", testListAndCount},
		{"Delete", testDelete},
		{"CancelledBatch", testCancelledBatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore(t)) })
	}
}

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// MustDocument returns a document with its hash set.
func MustDocument(tb testing.TB, ext string) *retrieval.Document {
	tb.Helper()
	d := &retrieval.Document{
		Source: "test", ExternalID: ext, Title: "Reset your password " + ext,
		Body: "# Reset\n\n1. Open the portal — « réinitialiser »\n2. Choose *Forgot*", Format: retrieval.FormatMarkdown,
		URL: "https://kb.example.com/" + ext, Visibility: retrieval.Public, Language: "en",
		Tags: []string{"password", "account"}, CreatedAt: t0, UpdatedAt: t0.Add(time.Hour),
	}
	d.ContentHash = d.Hash()
	return d
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func testUpsertAndGet(t *testing.T, s retrieval.DocumentStore) {
	d := MustDocument(t, "a1")
	out, err := s.UpsertDocuments(context.Background(), []*retrieval.Document{d})
	must(t, err)
	if out[0] != retrieval.Added || d.ID == 0 {
		t.Fatalf("upsert: %v id %d", out, d.ID)
	}
	got, err := s.GetDocument(context.Background(), d.ID)
	must(t, err)
	if got.Title != d.Title || got.Body != d.Body || got.Format != d.Format || got.URL != d.URL ||
		got.Visibility != d.Visibility || got.Language != d.Language || fmt.Sprint(got.Tags) != fmt.Sprint(d.Tags) ||
		!got.CreatedAt.Equal(d.CreatedAt) || !got.UpdatedAt.Equal(d.UpdatedAt) || got.ContentHash != d.ContentHash {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, d)
	}
	byExt, err := s.GetDocumentByExternalID(context.Background(), "test", "a1")
	must(t, err)
	if byExt.ID != d.ID {
		t.Fatalf("by external id: %d, want %d", byExt.ID, d.ID)
	}
	if _, err := s.GetDocument(context.Background(), 999999); !errors.Is(err, retrieval.ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if _, err := s.GetDocumentByExternalID(context.Background(), "test", "zz"); !errors.Is(err, retrieval.ErrNotFound) {
		t.Fatalf("missing by external id: %v", err)
	}
}

func testUpsertIdempotent(t *testing.T, s retrieval.DocumentStore) {
	ctx := context.Background()
	_, err := s.UpsertDocuments(ctx, []*retrieval.Document{MustDocument(t, "1"), MustDocument(t, "2")})
	must(t, err)
	b := []*retrieval.Document{MustDocument(t, "1"), MustDocument(t, "2"), MustDocument(t, "3")}
	b[1].Body = strings.Repeat("long body ", 10000)
	b[1].ContentHash = b[1].Hash()
	out, err := s.UpsertDocuments(ctx, b)
	must(t, err)
	if fmt.Sprint(out) != "[unchanged updated added]" {
		t.Fatalf("outcomes: %v", out)
	}
	n, err := s.CountDocuments(ctx, retrieval.DocumentFilter{})
	must(t, err)
	if n != 3 {
		t.Fatalf("count: %d, want 3", n)
	}
	got, err := s.GetDocumentByExternalID(ctx, "test", "2")
	must(t, err)
	if got.Body != b[1].Body {
		t.Fatal("update not applied")
	}
}

func testListAndCount(t *testing.T, s retrieval.DocumentStore) {
	ctx := context.Background()
	var batch []*retrieval.Document
	for i := range 30 {
		d := MustDocument(t, fmt.Sprint(i))
		if i%3 == 0 {
			d.Visibility = retrieval.Internal
		}
		if i%5 == 0 {
			d.Language = "fr"
		}
		if i >= 20 {
			d.Source = "other"
		}
		d.ContentHash = d.Hash()
		batch = append(batch, d)
	}
	_, err := s.UpsertDocuments(ctx, batch)
	must(t, err)
	cases := []struct {
		name string
		f    retrieval.DocumentFilter
		want int
	}{
		{"all", retrieval.DocumentFilter{}, 30},
		{"internal", retrieval.DocumentFilter{Visibility: retrieval.Internal}, 10},
		{"french", retrieval.DocumentFilter{Language: "fr"}, 6},
		{"source", retrieval.DocumentFilter{Source: "other"}, 10},
		{"source and public", retrieval.DocumentFilter{Source: "other", Visibility: retrieval.Public}, 7},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := s.CountDocuments(ctx, c.f)
			must(t, err)
			if n != c.want {
				t.Fatalf("count: %d, want %d", n, c.want)
			}
			// Page through in steps of 7 and see each once, in ID order.
			f, seen, last := c.f, 0, int64(0)
			f.Limit = 7
			for {
				page, err := s.ListDocuments(ctx, f)
				must(t, err)
				if len(page) == 0 {
					break
				}
				for _, d := range page {
					if d.ID <= last {
						t.Fatalf("ids not ascending: %d after %d", d.ID, last)
					}
					last = d.ID
					seen++
				}
				f.AfterID = last
			}
			if seen != c.want {
				t.Fatalf("listed %d, want %d", seen, c.want)
			}
		})
	}
}

func testDelete(t *testing.T, s retrieval.DocumentStore) {
	ctx := context.Background()
	d := MustDocument(t, "d")
	_, err := s.UpsertDocuments(ctx, []*retrieval.Document{d})
	must(t, err)
	must(t, s.DeleteDocument(ctx, d.ID))
	if err := s.DeleteDocument(ctx, d.ID); !errors.Is(err, retrieval.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	out, err := s.UpsertDocuments(ctx, []*retrieval.Document{MustDocument(t, "d")})
	must(t, err)
	if out[0] != retrieval.Added {
		t.Fatalf("re-import after delete: %v", out[0])
	}
}

func testCancelledBatch(t *testing.T, s retrieval.DocumentStore) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.UpsertDocuments(c, []*retrieval.Document{MustDocument(t, "1"), MustDocument(t, "2")}); err == nil {
		t.Fatal("upsert with a cancelled context succeeded")
	}
	n, err := s.CountDocuments(context.Background(), retrieval.DocumentFilter{})
	must(t, err)
	if n != 0 {
		t.Fatalf("after failed batch: %d documents", n)
	}
}
