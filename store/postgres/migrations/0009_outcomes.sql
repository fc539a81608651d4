-- What agents did with the assistant's suggested replies, for the
-- suggestion acceptance and edit rates. An outcome goes with its ticket.
CREATE TABLE suggestion_outcomes (
    id             bigserial PRIMARY KEY,
    ticket_id      bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    agent_id       bigint NOT NULL REFERENCES users (id),
    action         text NOT NULL CHECK (action IN ('accepted', 'edited', 'discarded')),
    draft          text NOT NULL,
    sent           text NOT NULL DEFAULT '',
    edit_distance  integer NOT NULL DEFAULT 0,
    discard_reason text NOT NULL DEFAULT '',
    confidence     double precision NOT NULL,
    category       text NOT NULL DEFAULT '',
    suggested_at   timestamptz NOT NULL,
    decided_at     timestamptz NOT NULL
);

-- Analytics read outcomes by decision time; the cascade finds them by ticket.
CREATE INDEX suggestion_outcomes_decided_idx ON suggestion_outcomes (decided_at, id);
CREATE INDEX suggestion_outcomes_ticket_idx ON suggestion_outcomes (ticket_id);
CREATE INDEX suggestion_outcomes_agent_idx ON suggestion_outcomes (agent_id);
