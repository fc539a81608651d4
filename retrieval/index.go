package retrieval

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is what a piece of knowledge is.
type Kind string

// Kinds of knowledge: KB articles, and solved tickets whose answer can
// answer the next one.
const (
	KindArticle Kind = "article"
	KindTicket  Kind = "ticket"
)

// ChunkKey identifies a chunk in every index: "article:12:0" is chunk 0 of
// document 12, "ticket:7:0" chunk 0 of ticket 7.
type ChunkKey string

// KeyOf returns the key of a chunk.
func KeyOf(kind Kind, docID int64, ordinal int) ChunkKey {
	return ChunkKey(string(kind) + ":" + strconv.FormatInt(docID, 10) + ":" + strconv.Itoa(ordinal))
}

// Title is what a hit is called: its document's title (the first entry
// of its heading path), "" when it has none.
func (c *Chunk) Title() string {
	if len(c.Heading) == 0 {
		return ""
	}
	return c.Heading[0]
}

// Key returns c's key.
func (c *Chunk) Key() ChunkKey { return KeyOf(c.Kind, c.DocumentID, c.Ordinal) }

// DocRef names a document of either kind.
type DocRef struct {
	Kind Kind
	ID   int64
}

// Parse splits a key into its document and ordinal.
func (k ChunkKey) Parse() (DocRef, int, error) {
	parts := strings.Split(string(k), ":")
	if len(parts) != 3 {
		return DocRef{}, 0, fmt.Errorf("retrieval: bad chunk key %q", k)
	}
	id, err1 := strconv.ParseInt(parts[1], 10, 64)
	ord, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || (Kind(parts[0]) != KindArticle && Kind(parts[0]) != KindTicket) {
		return DocRef{}, 0, fmt.Errorf("retrieval: bad chunk key %q", k)
	}
	return DocRef{Kind(parts[0]), id}, ord, nil
}

// Filter restricts what a search may return. Zero fields do not restrict.
// Every index applies it inside the search, so that a filtered search still
// returns k results when k exist.
type Filter struct {
	Kinds      []Kind
	Visibility []Visibility // the visibilities allowed
	Sources    []string
	Languages  []string
	// AsOf, when set, admits only chunks whose CreatedAt is strictly before
	// it: what existed at that moment. The simulation depends on it.
	AsOf time.Time
	// Exclude lists documents never to return (a simulated ticket itself).
	Exclude []DocRef
}

// Allows reports whether c passes f; indexes may use it for a final check
// and tests use it as the reference.
func (f *Filter) Allows(c *Chunk) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, c.Kind) {
		return false
	}
	if len(f.Visibility) > 0 && !slices.Contains(f.Visibility, c.Visibility) {
		return false
	}
	if len(f.Sources) > 0 && !slices.Contains(f.Sources, c.Source) {
		return false
	}
	if len(f.Languages) > 0 && !slices.Contains(f.Languages, c.Language) {
		return false
	}
	if !f.AsOf.IsZero() && !c.CreatedAt.Before(f.AsOf) {
		return false
	}
	return !slices.Contains(f.Exclude, DocRef{c.Kind, c.DocumentID})
}

// Match is one result of an index: a chunk and the index's score for it
// (higher is better; scales differ between indexes).
type Match struct {
	Key   ChunkKey
	Score float64
}

// LexicalIndex is full-text search over chunks (BM25).
type LexicalIndex interface {
	// Upsert adds chunks, replacing those with the same key.
	Upsert(ctx context.Context, chunks []Chunk) error
	// DeleteDocument removes every chunk of a document.
	DeleteDocument(ctx context.Context, doc DocRef) error
	// Search returns up to k chunks matching query under f, best first.
	// language, when set, selects the analyzer for the query's words.
	Search(ctx context.Context, query, language string, k int, f Filter) ([]Match, error)
	// Score returns BM25 scores for query among the given chunks only, best
	// first, leaving out those that do not match: the lexical half of a
	// search whose candidates came from elsewhere (the vector index).
	Score(ctx context.Context, query, language string, keys []ChunkKey) ([]Match, error)
	// Chunks returns the stored chunks for keys, in the same order; a key
	// not in the index yields a zero Chunk.
	Chunks(ctx context.Context, keys []ChunkKey) ([]Chunk, error)
	// Count is the number of chunks indexed.
	Count(ctx context.Context) (int, error)
	Close() error
}

// Vector is a chunk's embedding with what filters need of the chunk.
type Vector struct {
	Chunk  Chunk // Text may be empty: vector indexes need only the metadata
	Values []float32
}

// VectorIndex is nearest-neighbour search over chunk embeddings (cosine).
type VectorIndex interface {
	// Upsert adds vectors, replacing those with the same chunk key.
	Upsert(ctx context.Context, vectors []Vector) error
	// DeleteDocument removes every vector of a document.
	DeleteDocument(ctx context.Context, doc DocRef) error
	// Search returns up to k chunks nearest to query under f, best first;
	// Score is the cosine similarity.
	Search(ctx context.Context, query []float32, k int, f Filter) ([]Match, error)
	// Count is the number of vectors indexed.
	Count(ctx context.Context) (int, error)
	Close() error
}

// Embedder turns texts into vectors of Dimensions() floats, normalized to
// unit length.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Dimensions() int
	// Model names the embedder and its settings: indexes built with another
	// model must be rebuilt.
	Model() string
}
