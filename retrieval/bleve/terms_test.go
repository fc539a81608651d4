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

// TestScoreOnlyAmongKeys checks the scoring of candidates found elsewhere:
// only the given chunks, only those that match, best first.
func TestScoreOnlyAmongKeys(t *testing.T) {
	ctx := context.Background()
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	texts := []string{"printer jams on every page", "the printer is offline", "printer toner empty, printer jams", "vpn drops"}
	var cs []retrieval.Chunk
	for i, text := range texts {
		cs = append(cs, retrieval.Chunk{Kind: retrieval.KindTicket, DocumentID: int64(i + 1), Text: text, Language: "en",
			Visibility: retrieval.Internal, Source: "t", CreatedAt: time.Unix(0, 0)})
	}
	if err := ix.Upsert(ctx, cs); err != nil {
		t.Fatal(err)
	}
	key := func(id int64) retrieval.ChunkKey { return retrieval.KeyOf(retrieval.KindTicket, id, 0) }
	got, err := ix.Score(ctx, "printer jams", "en", []retrieval.ChunkKey{key(1), key(2), key(4)})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Key != key(1) || got[1].Key != key(2) || got[0].Score <= got[1].Score {
		t.Fatalf("scores %v: want chunk 1 then 2; 3 was not asked for and 4 does not match", got)
	}
	if got, err := ix.Score(ctx, "printer", "en", nil); err != nil || len(got) != 0 {
		t.Fatalf("no keys: %v %v", got, err)
	}
}

// TestDocFreqsFollowWrites checks that cached document frequencies do not
// outlive a write.
func TestDocFreqsFollowWrites(t *testing.T) {
	ctx := context.Background()
	ix, err := Open("", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	chunk := func(id int64, text string) retrieval.Chunk {
		return retrieval.Chunk{Kind: retrieval.KindTicket, DocumentID: id, Text: text, Language: "en",
			Visibility: retrieval.Internal, Source: "t", CreatedAt: time.Unix(0, 0)}
	}
	field := langField(fieldText, "en")
	if err := ix.Upsert(ctx, []retrieval.Chunk{chunk(1, "fuser jam")}); err != nil {
		t.Fatal(err)
	}
	if df := ix.docFreqs(field, []string{"fuser"}); df["fuser"] != 1 {
		t.Fatalf("df %v, want 1", df)
	}
	if err := ix.Upsert(ctx, []retrieval.Chunk{chunk(2, "fuser again")}); err != nil {
		t.Fatal(err)
	}
	if df := ix.docFreqs(field, []string{"fuser"}); df["fuser"] != 2 {
		t.Fatalf("df after a write %v, want 2", df)
	}
	if err := ix.DeleteDocument(ctx, retrieval.DocRef{Kind: retrieval.KindTicket, ID: 1}); err != nil {
		t.Fatal(err)
	}
	if df := ix.docFreqs(field, []string{"fuser"}); df["fuser"] != 1 {
		t.Fatalf("df after a delete %v, want 1", df)
	}
}

// TestCompactKeepsResults checks that merging the segments of an index on
// disk changes no search result, and that an in-memory index (which has no
// merger) returns at once.
func TestCompactKeepsResults(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"", t.TempDir() + "/bleve"} {
		ix, err := Open(path, Options{BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		var cs []retrieval.Chunk
		for i := range 40 {
			cs = append(cs, retrieval.Chunk{Kind: retrieval.KindArticle, DocumentID: int64(i + 1), Text: fmt.Sprintf("printer %d jams tray %d", i, i%7),
				Language: "en", Visibility: retrieval.Public, Source: "t", CreatedAt: time.Unix(0, 0)})
		}
		if err := ix.Upsert(ctx, cs); err != nil {
			t.Fatal(err)
		}
		before, err := ix.Search(ctx, "printer tray 3", "en", 10, retrieval.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Compact(ctx); err != nil {
			t.Fatalf("compact %q: %v", path, err)
		}
		after, err := ix.Search(ctx, "printer tray 3", "en", 10, retrieval.Filter{})
		// Only the order within a tie larger than tieSlack may depend on
		// segments: compare what ranks above the last tied score.
		untied := func(ms []retrieval.Match) string {
			var out []retrieval.Match
			for _, m := range ms {
				if m.Score > ms[len(ms)-1].Score {
					out = append(out, m)
				}
			}
			return fmt.Sprint(out)
		}
		if err != nil || len(after) != 10 || untied(after) != untied(before) || len(untied(before)) < 20 {
			t.Fatalf("%q: after compacting %v (%v), before %v", path, after, err, before)
		}
		ix.Close()
	}
}
