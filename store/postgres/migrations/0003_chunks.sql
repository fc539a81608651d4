-- 0003: chunks, the vector index of PostgreSQL mode. Each row is a chunk of
-- a knowledge document or a solved ticket with its embedding and what
-- filters and citations need, copied from the document so that a search
-- never joins. The rows are derived data: a reindex rewrites them.
--
-- The embedding column has no dimensions: the embedder, and so the
-- dimensions, are chosen per deployment. Its HNSW index is created by
-- EnsureVectorIndex as a partial expression index per dimension count,
-- ((embedding::vector(n)) ... WHERE vector_dims(embedding) = n), so that a
-- switch to an embedder of other dimensions can reindex beside the live
-- rows without any ALTER TABLE.
CREATE TABLE chunks (
    key         text COLLATE "C" PRIMARY KEY, -- "article:12:0"
    kind        text NOT NULL,
    doc_id      bigint NOT NULL,
    ordinal     integer NOT NULL,
    external_id text NOT NULL DEFAULT '',
    url         text NOT NULL DEFAULT '',
    heading     text[] NOT NULL DEFAULT '{}',
    text        text NOT NULL DEFAULT '',
    visibility  text NOT NULL,
    language    text NOT NULL DEFAULT '',
    source      text NOT NULL,
    created_at  timestamptz NOT NULL,
    embedding   vector NOT NULL
);

-- DeleteDocument and Exclude find a document's chunks by kind and id.
CREATE INDEX chunks_doc_idx ON chunks (kind, doc_id);

-- AsOf makes the simulation's early searches admit few chunks: the planner
-- then reads those by created_at and sorts them, which beats walking the
-- HNSW graph past thousands that do not pass.
CREATE INDEX chunks_created_idx ON chunks (created_at);
