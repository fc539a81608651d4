-- The sync state of each connector source: where each of its streams
-- stands (cursor, checkpoint of a run in progress), what its last run did
-- and how it ended, and which node holds it while it runs (owner until
-- lease_until): any node may run a source's sync, one at a time, and a node
-- that dies is replaced once its lease expires.
CREATE TABLE sync_states (
    source          text PRIMARY KEY,
    status          text NOT NULL DEFAULT 'idle',
    streams         jsonb NOT NULL DEFAULT '{}',
    added           integer NOT NULL DEFAULT 0,
    updated         integer NOT NULL DEFAULT 0,
    unchanged       integer NOT NULL DEFAULT 0,
    deleted         integer NOT NULL DEFAULT 0,
    skipped         integer NOT NULL DEFAULT 0,
    pages           integer NOT NULL DEFAULT 0,
    problems        jsonb NOT NULL DEFAULT '[]',
    last_error      text NOT NULL DEFAULT '',
    started_at      timestamptz,
    finished_at     timestamptz,
    last_success_at timestamptz,
    owner           text NOT NULL DEFAULT '',
    lease_until     timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
