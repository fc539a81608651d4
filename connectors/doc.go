// Package connectors brings knowledge and ticket history in from outside:
// the import of files in the open formats, and (with the connector issue)
// the sources that sync from help desks and wikis. Whatever the origin,
// records are written idempotently, keyed by (source, external id) with a
// content hash, in transactional batches.
package connectors
