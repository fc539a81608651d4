-- 0004: the sync state of each connector source: where each of its streams
-- stands (cursor, checkpoint of a run in progress), what its last run did
-- and how it ended, and which process holds it while it runs (owner until
-- lease_until). Streams and problems are JSON, as the domain writes them.
CREATE TABLE sync_states (
    source          TEXT    NOT NULL PRIMARY KEY,
    status          TEXT    NOT NULL DEFAULT 'idle',
    streams         TEXT    NOT NULL DEFAULT '{}',
    added           INTEGER NOT NULL DEFAULT 0,
    updated         INTEGER NOT NULL DEFAULT 0,
    unchanged       INTEGER NOT NULL DEFAULT 0,
    deleted         INTEGER NOT NULL DEFAULT 0,
    skipped         INTEGER NOT NULL DEFAULT 0,
    pages           INTEGER NOT NULL DEFAULT 0,
    problems        TEXT    NOT NULL DEFAULT '[]',
    last_error      TEXT    NOT NULL DEFAULT '',
    started_at      TEXT,
    finished_at     TEXT,
    last_success_at TEXT,
    owner           TEXT    NOT NULL DEFAULT '',
    lease_until     TEXT,
    updated_at      TEXT    NOT NULL
) STRICT;
