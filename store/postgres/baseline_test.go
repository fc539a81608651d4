package postgres_test

import (
	"context"
	"testing"
	"time"

	"deskpilot/retrieval"
)

func TestPlainHybridSearch(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	vi, err := db.Vectors(3)
	if err != nil {
		t.Fatal(err)
	}
	chunk := func(id int64, text string, v []float32) retrieval.Vector {
		return retrieval.Vector{Chunk: retrieval.Chunk{Kind: retrieval.KindArticle, DocumentID: id, Text: text,
			Visibility: retrieval.Public, Source: "t", CreatedAt: time.Unix(0, 0)}, Values: v}
	}
	err = vi.Upsert(ctx, []retrieval.Vector{
		chunk(1, "The printer on floor 3 jams on every page", []float32{1, 0, 0}),
		chunk(2, "Replace the toner cartridge of a printer", []float32{0, 1, 0}),
		chunk(3, "Connect to the VPN from home", []float32{0, 0, 1}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.EnsureFullTextIndex(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := db.PlainHybridSearch(ctx, "printer jams", []float32{0.9, 0.1, 0}, 10, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Chunk 1 matches the words and the vector, chunk 2 one word and
	// somewhat the vector; chunk 3 only comes from the vector side, last.
	if len(keys) != 3 || keys[0] != "article:1:0" || keys[1] != "article:2:0" || keys[2] != "article:3:0" {
		t.Fatalf("keys %v", keys)
	}
}
