package retrieval

import (
	"context"
	"errors"
	"testing"
)

// downEmb is an embedding service that is down.
type downEmb struct{ fakeEmb }

func (downEmb) Embed(context.Context, []string) ([][]float32, error) {
	return nil, errors.New("embeddings: connection refused")
}

func TestQueryEmbeddingFailure(t *testing.T) {
	a1, a2 := KeyOf(KindArticle, 1, 0), KeyOf(KindArticle, 2, 0)
	lex := &fakeLex{ranked: map[Kind][]ChunkKey{KindArticle: {a1}}, stored: stored(a1, a2)}
	vec := &fakeVec{ranked: map[Kind][]ChunkKey{KindArticle: {a2}}}
	if _, err := NewSearcher(lex, vec, downEmb{}, SearchOptions{}).Search(context.Background(), Query{Text: "x"}); err == nil {
		t.Fatal("without EmbedFailed a failed query embedding must fail the search")
	}
	var told []error
	s := NewSearcher(lex, vec, downEmb{}, SearchOptions{EmbedFailed: func(_ context.Context, err error) { told = append(told, err) }})
	hits, err := s.Search(context.Background(), Query{Text: "x"})
	if err != nil || keys(hits) != "article:1:0/lexical" || len(told) != 1 {
		t.Fatalf("hits %s, err %v, told %v: want the lexical hit alone, and the failure reported", keys(hits), err, told)
	}
	// A caller that left gets its own error, not a degraded search.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Search(ctx, Query{Text: "x"}); err == nil || len(told) != 1 {
		t.Fatalf("cancelled search: %v, told %d times", err, len(told))
	}
}
