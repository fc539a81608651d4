package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"deskpilot/retrieval"
)

var _ retrieval.VectorIndex = (*VectorIndex)(nil)

// The vector index's SQL. The HNSW index is an expression index on the
// embedding cast to its dimensions, partial to the rows of those
// dimensions; a search names the same expression and predicate so that the
// planner can use it. %[1]d is the dimensions, %[2]s the cast type
// ("vector(256)"), %[3]s the operator class.
const (
	sqlVectorIndexLock   = `SELECT pg_advisory_xact_lock(hashtext('deskpilot: vector index'), hashtext(current_schema()))`
	sqlCreateVectorIndex = `
CREATE INDEX IF NOT EXISTS chunks_embedding_%[1]d_idx ON chunks
USING hnsw ((embedding::%[2]s) %[3]s) WITH (m = 16, ef_construction = 64)
WHERE vector_dims(embedding) = %[1]d`

	// Upserts go through a temporary table, which COPY fills fast, kept by
	// the connection and emptied at commit.
	sqlCreateChunksIn = `
CREATE TEMP TABLE IF NOT EXISTS chunks_in (
    key text COLLATE "C", kind text, doc_id bigint, ordinal integer, external_id text,
    url text, heading text[], text text, visibility text, language text, source text,
    created_at timestamptz, embedding vector
) ON COMMIT DELETE ROWS`
	// An unchanged row is not rewritten: an update adds an HNSW entry.
	sqlUpsertChunks = `
INSERT INTO chunks (key, kind, doc_id, ordinal, external_id, url, heading, text,
    visibility, language, source, created_at, embedding)
SELECT key, kind, doc_id, ordinal, external_id, url, heading, text,
    visibility, language, source, created_at, embedding
FROM chunks_in ORDER BY key
ON CONFLICT (key) DO UPDATE SET
    kind = EXCLUDED.kind, doc_id = EXCLUDED.doc_id, ordinal = EXCLUDED.ordinal,
    external_id = EXCLUDED.external_id, url = EXCLUDED.url, heading = EXCLUDED.heading,
    text = EXCLUDED.text, visibility = EXCLUDED.visibility, language = EXCLUDED.language,
    source = EXCLUDED.source, created_at = EXCLUDED.created_at, embedding = EXCLUDED.embedding
WHERE (chunks.kind, chunks.doc_id, chunks.ordinal, chunks.external_id, chunks.url, chunks.heading,
       chunks.text, chunks.visibility, chunks.language, chunks.source, chunks.created_at, chunks.embedding)
    IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.doc_id, EXCLUDED.ordinal, EXCLUDED.external_id, EXCLUDED.url,
       EXCLUDED.heading, EXCLUDED.text, EXCLUDED.visibility, EXCLUDED.language, EXCLUDED.source,
       EXCLUDED.created_at, EXCLUDED.embedding)`

	sqlDeleteChunks = `DELETE FROM chunks WHERE kind = $1 AND doc_id = $2`
	sqlCountChunks  = `SELECT count(*) FROM chunks WHERE vector_dims(embedding) = $1`

	// A search's settings hold for its transaction. The iterative scan
	// goes on through the graph until LIMIT rows pass the WHERE clause
	// (or hnsw.max_scan_tuples are visited); relaxed order lets it return
	// them slightly out of order, which the outer ORDER BY repairs.
	sqlSearchSettings = `
SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`
	// %[1]s is the distance, %[2]s the WHERE clause.
	sqlSearchChunks = `
WITH nearest AS MATERIALIZED (
    SELECT key, %[1]s AS distance
    FROM chunks
    WHERE %[2]s
    ORDER BY %[1]s
    LIMIT $2
)
SELECT key, 1 - distance FROM nearest ORDER BY distance, key`
)

// chunkColumns are the columns of chunks_in, in the order of chunkRow.
var chunkColumns = []string{
	"key", "kind", "doc_id", "ordinal", "external_id", "url", "heading", "text",
	"visibility", "language", "source", "created_at", "embedding",
}

// Dimension limits of HNSW indexes: vector up to 2,000, halfvec up to
// 4,000 (so OpenAI's 3,072 dimensions are indexed at half precision).
const (
	maxVectorDims  = 2000
	maxHalfvecDims = 4000
)

// VectorIndex is the PostgreSQL retrieval.VectorIndex: the chunks table,
// searched through pgvector's HNSW index with cosine distance, filters in
// the WHERE clause and iterative index scans. HNSW is approximate (recall
// about 0.95 at 100,000 chunks); the planner may also pick an exact plan
// when a filter is selective. It is safe for concurrent use and shares the
// DB's pool.
type VectorIndex struct {
	db       *DB
	dims     int
	distance string // the indexed expression compared to the query
	indexed  atomic.Bool
}

// Vectors returns the vector index for embeddings of dims dimensions. Its
// HNSW index is created by EnsureVectorIndex, or by the first Upsert.
func (db *DB) Vectors(dims int) (*VectorIndex, error) {
	cast, _, err := vectorCast(dims)
	if err != nil {
		return nil, fmt.Errorf("postgres: vectors: %w", err)
	}
	return &VectorIndex{db: db, dims: dims, distance: fmt.Sprintf("embedding::%[1]s <=> $1::vector::%[1]s", cast)}, nil
}

// vectorCast returns the type the embeddings of dims dimensions are cast to
// for their HNSW index, and its operator class.
func vectorCast(dims int) (cast, ops string, err error) {
	switch {
	case dims <= 0 || dims > maxHalfvecDims:
		return "", "", fmt.Errorf("%d dimensions, want 1 to %d", dims, maxHalfvecDims)
	case dims > maxVectorDims:
		return fmt.Sprintf("halfvec(%d)", dims), "halfvec_cosine_ops", nil
	}
	return fmt.Sprintf("vector(%d)", dims), "vector_cosine_ops", nil
}

// EnsureVectorIndex creates the HNSW index of the embeddings of dims
// dimensions if it does not exist. Replicas may call it at once: an
// advisory lock makes one create the index while the others wait for it.
// Creating it locks the chunks table against writes; it is quick while no
// chunk of dims dimensions exists, so call it at start.
func (db *DB) EnsureVectorIndex(ctx context.Context, dims int) error {
	cast, ops, err := vectorCast(dims)
	if err != nil {
		return fmt.Errorf("postgres: vector index: %w", err)
	}
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, sqlVectorIndexLock); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, fmt.Sprintf(sqlCreateVectorIndex, dims, cast, ops))
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: vector index of %d dimensions: %w", dims, err)
	}
	return nil
}

// Close does nothing: the index uses the DB's pool, which DB.Close closes.
func (ix *VectorIndex) Close() error { return nil }

// Count returns the number of vectors of the index's dimensions.
func (ix *VectorIndex) Count(ctx context.Context) (int, error) {
	var n int
	if err := ix.db.pool.QueryRow(ctx, sqlCountChunks, ix.dims).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count vectors: %w", err)
	}
	return n, nil
}

// DeleteDocument removes every vector of a document.
func (ix *VectorIndex) DeleteDocument(ctx context.Context, doc retrieval.DocRef) error {
	if _, err := ix.db.pool.Exec(ctx, sqlDeleteChunks, string(doc.Kind), doc.ID); err != nil {
		return fmt.Errorf("postgres: delete vectors of %s %d: %w", doc.Kind, doc.ID, err)
	}
	return nil
}

// Upsert adds vectors, replacing those with the same chunk key, in one
// transaction: a batch with an invalid vector writes nothing.
func (ix *VectorIndex) Upsert(ctx context.Context, vectors []retrieval.Vector) error {
	rows, err := ix.chunkRows(vectors)
	if err != nil {
		return fmt.Errorf("postgres: upsert vectors: %w", err)
	}
	if len(rows) == 0 {
		return nil
	}
	if !ix.indexed.Load() {
		if err := ix.db.EnsureVectorIndex(ctx, ix.dims); err != nil {
			return err
		}
		ix.indexed.Store(true)
	}
	err = pgx.BeginFunc(ctx, ix.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, sqlCreateChunksIn); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"chunks_in"}, chunkColumns, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, sqlUpsertChunks)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: upsert vectors: %w", err)
	}
	return nil
}

// chunkRows checks the vectors and returns their rows for COPY, the last
// of each key only, ordered by key so that concurrent upserts lock rows in
// the same order.
func (ix *VectorIndex) chunkRows(vectors []retrieval.Vector) ([][]any, error) {
	last := make(map[retrieval.ChunkKey]int, len(vectors))
	for i := range vectors {
		v := &vectors[i]
		key := v.Chunk.Key()
		if _, _, err := key.Parse(); err != nil {
			return nil, err
		}
		if err := ix.checkVector(v.Values); err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		last[key] = i
	}
	rows := make([][]any, 0, len(last))
	for key, i := range last {
		c := &vectors[i].Chunk
		heading := c.Heading
		if heading == nil {
			heading = []string{}
		}
		rows = append(rows, []any{
			string(key), string(c.Kind), c.DocumentID, c.Ordinal, c.ExternalID, c.URL, heading, c.Text,
			string(c.Visibility), c.Language, c.Source, c.CreatedAt, pgvector.NewVector(vectors[i].Values),
		})
	}
	slices.SortFunc(rows, func(a, b []any) int { return cmp.Compare(a[0].(string), b[0].(string)) })
	return rows, nil
}

// checkVector rejects what has no cosine: the wrong length, no direction,
// NaN or infinity.
func (ix *VectorIndex) checkVector(v []float32) error {
	if len(v) != ix.dims {
		return fmt.Errorf("%d dimensions, want %d", len(v), ix.dims)
	}
	var ss float64
	for _, x := range v {
		ss += float64(x) * float64(x)
	}
	switch {
	case math.IsNaN(ss) || math.IsInf(ss, 0):
		return errors.New("vector holds NaN or infinity")
	case ss == 0:
		return errors.New("zero vector has no direction")
	}
	return nil
}

// Search returns up to k chunks nearest to query under f, best first, with
// their cosine similarity.
func (ix *VectorIndex) Search(ctx context.Context, query []float32, k int, f retrieval.Filter) ([]retrieval.Match, error) {
	if err := ix.checkVector(query); err != nil {
		return nil, fmt.Errorf("postgres: search vectors: %w", err)
	}
	if k <= 0 {
		return nil, nil
	}
	var out []retrieval.Match
	err := pgx.BeginTxFunc(ctx, ix.db.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) (err error) {
		out, err = ix.search(ctx, tx, pgvector.NewVector(query), k, &f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: search vectors: %w", err)
	}
	return out, nil
}

// search runs the HNSW search in tx. When it returns fewer than k rows,
// either fewer pass the filter or the scan gave up at
// hnsw.max_scan_tuples; an exact search decides. It costs a scan of the
// rows the filter's other indexes (created_at) leave, which is what a
// filter that few rows pass needs anyway.
func (ix *VectorIndex) search(ctx context.Context, tx pgx.Tx, q pgvector.Vector, k int, f *retrieval.Filter) ([]retrieval.Match, error) {
	ef := min(1000, max(40, 2*k))
	if _, err := tx.Exec(ctx, sqlSearchSettings, strconv.Itoa(ef)); err != nil {
		return nil, err
	}
	out, err := ix.query(ctx, tx, ix.distance, q, k, f)
	if err != nil || len(out) == k {
		return out, err
	}
	// No index matches the bare column: this is a scan and a sort.
	return ix.query(ctx, tx, "embedding <=> $1::vector", q, k, f)
}

// query runs sqlSearchChunks ordered by distance.
func (ix *VectorIndex) query(ctx context.Context, tx pgx.Tx, distance string, q pgvector.Vector, k int, f *retrieval.Filter) ([]retrieval.Match, error) {
	where, args := ix.where(f)
	rows, _ := tx.Query(ctx, fmt.Sprintf(sqlSearchChunks, distance, where), append([]any{q, k}, args...)...)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (m retrieval.Match, err error) {
		err = row.Scan(&m.Key, &m.Score)
		return m, err
	})
}

// where returns the WHERE clause of a search under f and its arguments,
// numbered from $3.
func (ix *VectorIndex) where(f *retrieval.Filter) (string, []any) {
	var b strings.Builder
	fmt.Fprintf(&b, "vector_dims(embedding) = %d", ix.dims)
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		fmt.Fprintf(&b, "\n      AND "+cond, len(args)+2)
	}
	if len(f.Kinds) > 0 {
		add("kind = ANY($%d)", strs(f.Kinds))
	}
	if len(f.Visibility) > 0 {
		add("visibility = ANY($%d)", strs(f.Visibility))
	}
	if len(f.Sources) > 0 {
		add("source = ANY($%d)", f.Sources)
	}
	if len(f.Languages) > 0 {
		add("language = ANY($%d)", f.Languages)
	}
	if !f.AsOf.IsZero() {
		add("created_at < $%d", f.AsOf)
	}
	if len(f.Exclude) > 0 {
		docs := make([]string, len(f.Exclude))
		for i, d := range f.Exclude {
			docs[i] = string(d.Kind) + ":" + strconv.FormatInt(d.ID, 10)
		}
		add("kind || ':' || doc_id::text <> ALL($%d)", docs)
	}
	return b.String(), args
}

// strs converts values of a string type for pgx.
func strs[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
