package postgres

import (
	"context"
	"fmt"

	"github.com/pgvector/pgvector-go"
)

// The plain PostgreSQL hybrid search that a team would build without
// deskpilot's search: full text ranked by ts_rank_cd over a GIN index, the
// HNSW vector search, and reciprocal rank fusion in SQL. `deskpilot bench
// retrieval` measures it beside deskpilot's own, over the same chunks.
const (
	sqlCreateFTSIndex = `CREATE INDEX IF NOT EXISTS chunks_fts_idx ON chunks USING gin (to_tsvector('english', text))`
	sqlPlainHybrid    = `
WITH q AS (SELECT plainto_tsquery('english', $1) AS tsq),
fts AS (
	SELECT key, row_number() OVER (ORDER BY ts_rank_cd(to_tsvector('english', text), q.tsq) DESC) AS r
	FROM chunks, q
	WHERE to_tsvector('english', text) @@ q.tsq AND vector_dims(embedding) = %[1]d
	ORDER BY ts_rank_cd(to_tsvector('english', text), q.tsq) DESC LIMIT $3),
vec AS (
	SELECT key, row_number() OVER () AS r FROM (
		SELECT key FROM chunks WHERE vector_dims(embedding) = %[1]d
		ORDER BY embedding::%[2]s <=> $2::vector::%[2]s LIMIT $3) v)
SELECT key FROM (
	SELECT key, 1.0 / (60 + r) AS s FROM fts
	UNION ALL
	SELECT key, 1.0 / (60 + r) AS s FROM vec) u
GROUP BY key ORDER BY sum(s) DESC, key LIMIT $4`
)

// EnsureFullTextIndex creates the GIN index the plain hybrid search needs.
func (db *DB) EnsureFullTextIndex(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, sqlCreateFTSIndex); err != nil {
		return fmt.Errorf("postgres: full-text index: %w", err)
	}
	return nil
}

// PlainHybridSearch runs the plain PostgreSQL hybrid search: the keys of
// the k best chunks for the query text and its embedding, fusing depth
// candidates from each side.
func (db *DB) PlainHybridSearch(ctx context.Context, text string, vec []float32, depth, k int) ([]string, error) {
	cast, _, err := vectorCast(len(vec))
	if err != nil {
		return nil, fmt.Errorf("postgres: plain hybrid search: %w", err)
	}
	rows, err := db.pool.Query(ctx, fmt.Sprintf(sqlPlainHybrid, len(vec), cast), text, pgvector.NewVector(vec), depth, k)
	if err != nil {
		return nil, fmt.Errorf("postgres: plain hybrid search: %w", err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, fmt.Errorf("postgres: plain hybrid search: %w", err)
		}
		keys = append(keys, key)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: plain hybrid search: %w", err)
	}
	return keys, nil
}
