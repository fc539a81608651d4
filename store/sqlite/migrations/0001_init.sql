-- 0001: the records of the desk.
--
-- Conventions:
--   * Instants are UTC text of fixed width, "2006-01-02T15:04:05.000000000Z":
--     exact to the nanosecond, readable in the sqlite3 shell, and ordered as
--     text in time order. NULL means "not yet" (resolved_at ...).
--   * Durations are integer nanoseconds (Go's time.Duration).
--   * Tags are a JSON array of strings, '[]' when there are none.
--   * Labels that come from imports (team, category, requester) are text, not
--     foreign keys: history may name teams the taxonomy no longer has.
--   * AUTOINCREMENT where an ID is shown to people or keyed by derived
--     indexes: a deleted ticket's or document's ID is never handed out again.
--   * STRICT tables, so a value of the wrong type is an error, not a surprise.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL,
    team          TEXT    NOT NULL DEFAULT '',
    language      TEXT    NOT NULL DEFAULT '',
    password_hash TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL
) STRICT;

CREATE INDEX users_role ON users (role);

CREATE TABLE teams (
    name        TEXT NOT NULL PRIMARY KEY,
    description TEXT NOT NULL DEFAULT ''
) STRICT;

-- A category is named by its full path; parent is the path above it.
CREATE TABLE categories (
    path   TEXT NOT NULL PRIMARY KEY,
    parent TEXT REFERENCES categories (path)
) STRICT;

CREATE TABLE sla_policies (
    priority          TEXT    NOT NULL PRIMARY KEY,
    first_response_ns INTEGER NOT NULL,
    resolution_ns     INTEGER NOT NULL
) STRICT;

-- external_id is NULL for tickets created here, so that any number of them
-- can share the source "local" under the unique key.
CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    source            TEXT    NOT NULL,
    external_id       TEXT,
    subject           TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    priority          TEXT    NOT NULL DEFAULT '',
    category          TEXT    NOT NULL DEFAULT '',
    team              TEXT    NOT NULL DEFAULT '',
    assignee_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    requester         TEXT    NOT NULL DEFAULT '',
    channel           TEXT    NOT NULL DEFAULT '',
    language          TEXT    NOT NULL DEFAULT '',
    tags              TEXT    NOT NULL DEFAULT '[]',
    resolution        TEXT    NOT NULL DEFAULT '',
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    first_response_at TEXT,
    resolved_at       TEXT,
    closed_at         TEXT,
    pending_since     TEXT,
    paused_seconds    INTEGER NOT NULL DEFAULT 0,
    reopen_count      INTEGER NOT NULL DEFAULT 0,
    content_hash      TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX tickets_source_external_id ON tickets (source, external_id);

-- The filters of ListTickets. Every SQLite index ends with the rowid (id), so
-- "WHERE team = ? ORDER BY id DESC LIMIT n" walks one index backwards.
CREATE INDEX tickets_team ON tickets (team);
CREATE INDEX tickets_category ON tickets (category);
CREATE INDEX tickets_requester ON tickets (requester);
CREATE INDEX tickets_status ON tickets (status);
CREATE INDEX tickets_created_at ON tickets (created_at);
CREATE INDEX tickets_assignee_id ON tickets (assignee_id) WHERE assignee_id IS NOT NULL;

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author     TEXT    NOT NULL,
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT    NOT NULL,
    public     INTEGER NOT NULL CHECK (public IN (0, 1)),
    created_at TEXT    NOT NULL
) STRICT;

-- Serves both "the messages of a ticket in time order" and the cascade.
CREATE INDEX messages_ticket_id ON messages (ticket_id, created_at);
-- Imported messages mostly have no author user: a partial index stays small
-- and still keeps deleting a user from scanning every message.
CREATE INDEX messages_author_id ON messages (author_id) WHERE author_id IS NOT NULL;

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT    NOT NULL,
    external_id  TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    format       TEXT    NOT NULL,
    url          TEXT    NOT NULL DEFAULT '',
    visibility   TEXT    NOT NULL,
    language     TEXT    NOT NULL DEFAULT '',
    tags         TEXT    NOT NULL DEFAULT '[]',
    content_hash TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
) STRICT;

-- Also serves the Source filter of ListDocuments. Visibility and language
-- have a handful of values each: an index on them would not pay its way.
CREATE UNIQUE INDEX documents_source_external_id ON documents (source, external_id);
