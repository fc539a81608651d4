-- Shared simulation runs: the tickets of a run, claimed in batches by the
-- processes that take part in it, and their results.
CREATE TABLE sim_items (
    run_id     text    NOT NULL,
    position   integer NOT NULL,
    ticket_id  text    NOT NULL,
    owner      text,
    lease_end  timestamptz,
    result     jsonb,
    done_at    timestamptz,
    PRIMARY KEY (run_id, ticket_id)
);
CREATE INDEX sim_items_pending ON sim_items (run_id, position) WHERE result IS NULL;
