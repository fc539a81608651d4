package postgres

import (
	"fmt"
	"strings"

	"deskpilot/retrieval"
	"deskpilot/tickets"
)

// The store's SQL, by record kind. Unqualified names resolve through the
// search_path to the schema the migrations created them in.

// Migrations. The lock takes the two-key form: its key space is apart from
// the single bigint keys that other users of advisory locks (a job queue)
// take, so no key of theirs can collide with a schema's hash.
const (
	sqlMigrationLock    = `SELECT pg_advisory_xact_lock(hashtext('deskpilot: migrate'), hashtext($1))`
	sqlCreateMigrations = `
CREATE TABLE IF NOT EXISTS %s (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)`
	sqlMigrationApplied = `SELECT EXISTS (SELECT FROM %s WHERE version = $1)`
	sqlRecordMigration  = `INSERT INTO %s (version, name) VALUES ($1, $2)`
	sqlSchemaVersion    = `SELECT coalesce(max(version), 0) FROM schema_migrations`
)

// Tickets. ticketColumns is what scanTicket reads; ticketArgs gives the
// values of insert and update in the order of the column list below.
const (
	ticketColumns = `
    id, source, coalesce(external_id, ''), subject, status, priority, category, team,
    coalesce(assignee_id, 0), requester, channel, language, tags, resolution,
    created_at, updated_at, first_response_at, resolved_at, closed_at, pending_since,
    paused_seconds, reopen_count, content_hash`

	sqlGetTicket             = `SELECT` + ticketColumns + ` FROM tickets WHERE id = $1`
	sqlGetTicketByExternalID = `SELECT` + ticketColumns + ` FROM tickets WHERE source = $1 AND external_id = $2`

	sqlInsertTicket = `
INSERT INTO tickets (
    source, external_id, subject, status, priority, category, team, assignee_id,
    requester, channel, language, tags, resolution, created_at, updated_at, first_response_at,
    resolved_at, closed_at, pending_since, paused_seconds, reopen_count, content_hash)
VALUES ($1, nullif($2, ''), $3, $4, $5, $6, $7, nullif($8::bigint, 0),
    $9, $10, $11, $12, $13, $14, $15, $16,
    $17, $18, $19, $20, $21, $22)
RETURNING id`

	sqlUpdateTicket = `
UPDATE tickets SET
    source = $1, external_id = nullif($2, ''), subject = $3, status = $4, priority = $5,
    category = $6, team = $7, assignee_id = nullif($8::bigint, 0), requester = $9, channel = $10,
    language = $11, tags = $12, resolution = $13, created_at = $14, updated_at = $15,
    first_response_at = $16, resolved_at = $17, closed_at = $18, pending_since = $19,
    paused_seconds = $20, reopen_count = $21, content_hash = $22
WHERE id = $23`

	sqlDeleteTicket = `DELETE FROM tickets WHERE id = $1`

	// sqlExistingTickets finds the stored id and hash of a batch's keys.
	sqlExistingTickets = `
SELECT t.id, t.source, t.external_id, t.content_hash
FROM tickets t
JOIN unnest($1::text[], $2::text[]) AS k (source, external_id)
    ON t.source = k.source AND t.external_id = k.external_id`

	// sqlUpsertTickets writes a batch of distinct keys in one statement, one
	// array per column. Each ticket's tags come as the text of a JSON array,
	// because a SQL array of arrays must be rectangular.
	sqlUpsertTickets = `
INSERT INTO tickets (
    source, external_id, subject, status, priority, category, team, assignee_id,
    requester, channel, language, tags, resolution, created_at, updated_at, first_response_at,
    resolved_at, closed_at, pending_since, paused_seconds, reopen_count, content_hash)
SELECT source, external_id, subject, status, priority, category, team, nullif(assignee_id, 0),
    requester, channel, language, ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)), resolution,
    created_at, updated_at, first_response_at,
    resolved_at, closed_at, pending_since, paused_seconds, reopen_count, content_hash
FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
    $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[],
    $17::timestamptz[], $18::timestamptz[], $19::timestamptz[], $20::bigint[], $21::integer[], $22::text[]
) AS r (
    source, external_id, subject, status, priority, category, team, assignee_id,
    requester, channel, language, tags, resolution, created_at, updated_at, first_response_at,
    resolved_at, closed_at, pending_since, paused_seconds, reopen_count, content_hash)
ON CONFLICT (source, external_id) DO UPDATE SET
    subject = excluded.subject, status = excluded.status, priority = excluded.priority,
    category = excluded.category, team = excluded.team, assignee_id = excluded.assignee_id,
    requester = excluded.requester, channel = excluded.channel, language = excluded.language,
    tags = excluded.tags, resolution = excluded.resolution, created_at = excluded.created_at,
    updated_at = excluded.updated_at, first_response_at = excluded.first_response_at,
    resolved_at = excluded.resolved_at, closed_at = excluded.closed_at,
    pending_since = excluded.pending_since, paused_seconds = excluded.paused_seconds,
    reopen_count = excluded.reopen_count, content_hash = excluded.content_hash
RETURNING id, source, external_id`
)

// Messages. COPY cannot return the ids it assigns, so they are drawn from
// the sequence first. (The sequence is named as a literal, resolved once
// through the search_path; pg_get_serial_sequence would run once a row.)
const (
	sqlTicketMessages = `
SELECT id, ticket_id, author, coalesce(author_id, 0), body, public, created_at
FROM messages WHERE ticket_id = $1 ORDER BY created_at, id`

	sqlInsertMessage = `
INSERT INTO messages (ticket_id, author, author_id, body, public, created_at)
VALUES ($1, $2, nullif($3::bigint, 0), $4, $5, $6)
RETURNING id`

	sqlNextMessageIDs        = `SELECT nextval('messages_id_seq') FROM generate_series(1, $1)`
	sqlDeleteTicketsMessages = `DELETE FROM messages WHERE ticket_id = ANY($1)`
)

var messageCopyColumns = []string{"id", "ticket_id", "author", "author_id", "body", "public", "created_at"}

// where collects the conditions of a WHERE clause and their arguments.
type where struct {
	conds []string
	args  []any
}

// add appends cond, whose %d verbs become the numbers of the parameters
// vals will have.
func (w *where) add(cond string, vals ...any) {
	nums := make([]any, len(vals))
	for i := range vals {
		nums[i] = len(w.args) + i + 1
	}
	w.conds = append(w.conds, fmt.Sprintf(cond, nums...))
	w.args = append(w.args, vals...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// ticketWhere is the WHERE clause of f; AfterID counts only when paging.
func ticketWhere(f tickets.TicketFilter, paging bool) *where {
	w := &where{}
	if len(f.Status) > 0 {
		statuses := make([]string, len(f.Status))
		for i, s := range f.Status {
			statuses[i] = string(s)
		}
		w.add("status = ANY($%d)", statuses)
	}
	if f.Team != "" {
		w.add("team = $%d", f.Team)
	}
	if c := tickets.CleanCategoryPath(f.Category); c != "" {
		// The category and its subtree: from "Network/" up to "Network0"
		// ('0' follows '/') in the bytewise order of the column's "C"
		// collation. "Networking" is outside.
		w.add("(category = $%d OR (category >= $%d AND category < $%d))", c, c+"/", c+"0")
	}
	if f.Requester != "" {
		w.add("requester = $%d", f.Requester)
	}
	if f.Source != "" {
		w.add("source = $%d", f.Source)
	}
	if f.Assignee != 0 {
		w.add("assignee_id = $%d", f.Assignee)
	}
	if !f.CreatedAfter.IsZero() {
		w.add("created_at >= $%d", f.CreatedAfter)
	}
	if !f.CreatedBefore.IsZero() {
		w.add("created_at < $%d", f.CreatedBefore)
	}
	if paging && f.AfterID > 0 {
		w.add("id < $%d", f.AfterID)
	}
	return w
}

// Users.
const (
	userColumns = `id, email, name, role, team, language, password_hash, created_at`

	sqlInsertUser = `
INSERT INTO users (email, name, role, team, language, password_hash, created_at)
VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, now()))
RETURNING id, created_at`

	sqlUpdateUser = `
UPDATE users SET email = $1, name = $2, role = $3, team = $4, language = $5, password_hash = $6
WHERE id = $7`

	sqlGetUser        = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
	sqlGetUserByEmail = `SELECT ` + userColumns + ` FROM users WHERE email = $1`
	sqlListUsers      = `SELECT ` + userColumns + ` FROM users WHERE $1 = '' OR role = $1 ORDER BY email`
)

// Teams, categories and SLA policies.
const (
	sqlUpsertTeams = `
INSERT INTO teams (name, description)
SELECT * FROM unnest($1::text[], $2::text[])
ON CONFLICT (name) DO UPDATE SET description = excluded.description`

	sqlListTeams        = `SELECT name, description FROM teams ORDER BY name`
	sqlEnsureCategories = `INSERT INTO categories (path) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`
	sqlListCategories   = `SELECT path FROM categories ORDER BY path`
	sqlSLAPolicies      = `SELECT priority, first_response, resolution FROM sla_policies`

	sqlSetSLAPolicy = `
INSERT INTO sla_policies (priority, first_response, resolution) VALUES ($1, $2, $3)
ON CONFLICT (priority) DO UPDATE
    SET first_response = excluded.first_response, resolution = excluded.resolution`
)

// Documents.
const (
	documentColumns = `
    id, source, external_id, title, body, format, url, visibility, language, tags,
    content_hash, created_at, updated_at`

	sqlGetDocument             = `SELECT` + documentColumns + ` FROM documents WHERE id = $1`
	sqlGetDocumentByExternalID = `SELECT` + documentColumns + ` FROM documents WHERE source = $1 AND external_id = $2`
	sqlDeleteDocument          = `DELETE FROM documents WHERE id = $1`

	sqlExistingDocuments = `
SELECT d.id, d.source, d.external_id, d.content_hash
FROM documents d
JOIN unnest($1::text[], $2::text[]) AS k (source, external_id)
    ON d.source = k.source AND d.external_id = k.external_id`

	sqlUpsertDocuments = `
INSERT INTO documents (
    source, external_id, title, body, format, url, visibility, language, tags,
    content_hash, created_at, updated_at)
SELECT source, external_id, title, body, format, url, visibility, language,
    ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)), content_hash, created_at, updated_at
FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[]
) AS r (
    source, external_id, title, body, format, url, visibility, language, tags,
    content_hash, created_at, updated_at)
ON CONFLICT (source, external_id) DO UPDATE SET
    title = excluded.title, body = excluded.body, format = excluded.format, url = excluded.url,
    visibility = excluded.visibility, language = excluded.language, tags = excluded.tags,
    content_hash = excluded.content_hash, created_at = excluded.created_at,
    updated_at = excluded.updated_at
RETURNING id, source, external_id`
)

// documentWhere is the WHERE clause of f; AfterID counts only when paging.
func documentWhere(f retrieval.DocumentFilter, paging bool) *where {
	w := &where{}
	if f.Source != "" {
		w.add("source = $%d", f.Source)
	}
	if f.Visibility != "" {
		w.add("visibility = $%d", string(f.Visibility))
	}
	if f.Language != "" {
		w.add("language = $%d", f.Language)
	}
	if paging && f.AfterID > 0 {
		w.add("id > $%d", f.AfterID)
	}
	return w
}
