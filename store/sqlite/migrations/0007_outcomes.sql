-- 0007: what agents did with the assistant's suggested replies, for the
-- suggestion acceptance and edit rates. An outcome goes with its ticket.
CREATE TABLE suggestion_outcomes (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    agent_id       INTEGER NOT NULL REFERENCES users (id),
    action         TEXT    NOT NULL CHECK (action IN ('accepted', 'edited', 'discarded')),
    draft          TEXT    NOT NULL,
    sent           TEXT    NOT NULL DEFAULT '',
    edit_distance  INTEGER NOT NULL DEFAULT 0,
    discard_reason TEXT    NOT NULL DEFAULT '',
    confidence     REAL    NOT NULL,
    category       TEXT    NOT NULL DEFAULT '',
    suggested_at   TEXT    NOT NULL,
    decided_at     TEXT    NOT NULL
) STRICT;

-- Analytics read outcomes by decision time; the cascade finds them by ticket.
CREATE INDEX suggestion_outcomes_decided_at ON suggestion_outcomes (decided_at);
CREATE INDEX suggestion_outcomes_ticket_id ON suggestion_outcomes (ticket_id);
-- Keeps a user's deletion from scanning every outcome.
CREATE INDEX suggestion_outcomes_agent_id ON suggestion_outcomes (agent_id);
