// Package connectors brings knowledge and ticket history in from outside:
// the import of files in the open formats, and the sync engine that pulls
// from help desks and wikis. Whatever the origin, records are written
// idempotently, keyed by (source, external id) with a content hash, in
// transactional batches.
//
// A sync source (Source) lists its articles or tickets a page at a time
// from a cursor of its own. The Syncer writes each page, then saves the
// position after it in the source's SyncState, so that a run stopped at any
// point resumes where it stopped; deletions and unpublished articles come
// as deletions in the pages, or, for what a source stops listing without a
// word, from a periodic comparison with the full list (Reconciler). One
// process at a time runs a source's sync, by a lease in the state store.
// Sources share Client, an HTTP client that retries with backoff, waits out
// rate limits and never logs credentials (Secret).
package connectors
