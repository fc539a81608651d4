-- Copilot mode's queue: a job per ticket created in a help desk, to
-- triage, draft and write back as an internal note. A ticket (or a webhook
-- event) of a connector is queued once, so that a replayed webhook adds
-- nothing. Any node claims due jobs (FOR UPDATE SKIP LOCKED) and holds one
-- as its owner until lease_until; a node that dies is replaced once its
-- lease expires.
CREATE TABLE copilot_jobs (
    id              bigserial PRIMARY KEY,
    system          text NOT NULL,
    connector       text NOT NULL,
    ticket_id       text NOT NULL,
    event_id        text NOT NULL DEFAULT '',
    status          text NOT NULL CHECK (status IN ('queued', 'working', 'writing', 'retry', 'done', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    result          text NOT NULL DEFAULT '',
    next_attempt_at timestamptz NOT NULL,
    owner           text NOT NULL DEFAULT '',
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (system, connector, ticket_id)
);
CREATE UNIQUE INDEX copilot_jobs_event ON copilot_jobs (system, connector, event_id) WHERE event_id <> '';
CREATE INDEX copilot_jobs_due ON copilot_jobs (status, next_attempt_at);
CREATE INDEX copilot_jobs_updated ON copilot_jobs (updated_at, id);
