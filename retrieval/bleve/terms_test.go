package bleve

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"deskpilot/retrieval"
)

// TestQueryTermsDropCommonWordsOnlyInLargeIndexes checks the reduction of
// verbose queries: a word in most chunks of a large index is not searched,
// rare words are, the rarest first; a small index keeps every word.
func TestQueryTermsDropCommonWordsOnlyInLargeIndexes(t *testing.T) {
	ctx := context.Background()
	build := func(n int) *Index {
		ix, err := Open("", Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		var cs []retrieval.Chunk
		for i := range n {
			text := fmt.Sprintf("printer issue number %d", i)
			if i%100 == 0 {
				text += " toner"
			}
			if i == 7 {
				text += " fuser"
			}
			cs = append(cs, retrieval.Chunk{Kind: retrieval.KindTicket, DocumentID: int64(i + 1), Text: text, Language: "en",
				Visibility: retrieval.Internal, Source: "t", CreatedAt: time.Unix(0, 0)})
		}
		if err := ix.Upsert(ctx, cs); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	large := build(3000)
	got := large.queryTerms(analyzerEN, langField(fieldText, "en"), "the printer toner fuser issue")
	// "printer" and "issue" are in every chunk: only the first, to make up
	// minQueryTerms, is kept.
	if !slices.Equal(got, []string{"fuser", "toner", "printer"}) {
		t.Fatalf("large index: %v, want [fuser toner printer]", got)
	}
	small := build(50)
	got = small.queryTerms(analyzerEN, langField(fieldText, "en"), "printer toner issue")
	if len(got) != 3 {
		t.Fatalf("small index: %v, want every word", got)
	}
	hits, err := large.Search(ctx, "the printer toner fuser issue", "en", 1, retrieval.Filter{})
	if err != nil || len(hits) != 1 || hits[0].Key != retrieval.KeyOf(retrieval.KindTicket, 8, 0) {
		t.Fatalf("search: %v %v, want the chunk with both rare words", hits, err)
	}
}
