// Package vectors is the embedded vector index: exact cosine
// nearest-neighbour search over chunk embeddings, held in memory and
// persisted as one snapshot file in the data folder.
//
// Every vector is normalized and stored as two levels of int8 codes: the
// first approximates it, the second its residual. A search scans the first
// level of every row that passes the filter (an AVX2 kernel on amd64, in
// parallel), keeps every row whose score could still be in the top k given
// a per-row error bound, and ranks those on both levels. The result is the
// exact top k of the stored vectors, whose cosine is within about 1e-5 of
// the original floats', at 2 bytes a dimension.
//
// The filter's metadata sits in compact columns (dictionary-coded kind,
// visibility, source and language, created_at as unix nanoseconds), so a
// filter is checked inside the scan and a filtered search returns k
// results whenever k rows pass, however far they are from the query.
package vectors
