// Package sqlite is the embedded records store: tickets, messages, users,
// teams, the category taxonomy, SLA policies and knowledge documents in one
// SQLite file, through the pure-Go driver modernc.org/sqlite.
//
// A DB implements tickets.Store and retrieval.DocumentStore. It keeps two
// connection pools on the file: one connection for writes, so writers queue
// in Go (in order, and giving up when their context ends) instead of
// spinning on SQLITE_BUSY, and a few read-only connections that WAL lets read
// while a write is under way. The schema lives in numbered SQL files under
// migrations/, applied forward only by Open.
package sqlite
