// Package postgres is the records store for PostgreSQL mode: tickets,
// users, teams, the category taxonomy, SLA policies and knowledge documents,
// on pgx/v5 with the pgvector types registered for the vector index.
//
// The schema is created by numbered SQL migrations embedded in the binary
// and applied by Open, under an advisory lock so that several replicas can
// start together. Everything lives in the first schema of the connection's
// search_path, so several desks (or tests) can share a database.
package postgres
