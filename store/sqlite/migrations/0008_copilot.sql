-- 0008: copilot mode's queue: a job per ticket created in a help desk,
-- to triage, draft and write back as an internal note. A ticket (or a
-- webhook event) of a connector is queued once, so that a replayed webhook
-- adds nothing. While a worker holds a job it is its owner until
-- lease_until.
CREATE TABLE copilot_jobs (
    id              INTEGER PRIMARY KEY,
    system          TEXT    NOT NULL,
    connector       TEXT    NOT NULL,
    ticket_id       TEXT    NOT NULL,
    event_id        TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    result          TEXT    NOT NULL DEFAULT '',
    next_attempt_at TEXT    NOT NULL,
    owner           TEXT    NOT NULL DEFAULT '',
    lease_until     TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    UNIQUE (system, connector, ticket_id)
) STRICT;
CREATE UNIQUE INDEX copilot_jobs_event ON copilot_jobs (system, connector, event_id) WHERE event_id <> '';
CREATE INDEX copilot_jobs_due ON copilot_jobs (status, next_attempt_at);
CREATE INDEX copilot_jobs_updated ON copilot_jobs (updated_at);
