-- The admin's simulation runs in PostgreSQL mode, shared by every serve
-- node: what was asked, where the run stands and which node drives it
-- (its lease). The run's tickets and results are sim_items under its id.
CREATE TABLE sim_jobs (
    id          text        PRIMARY KEY,
    spec        jsonb       NOT NULL,
    status      text        NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'interrupted')),
    phase       text        NOT NULL DEFAULT '',
    error       text        NOT NULL DEFAULT '',
    owner       text,
    lease_end   timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    finished_at timestamptz
);
-- At most one run is queued or running across all nodes: two admins
-- starting at once through two nodes get one run and one conflict.
CREATE UNIQUE INDEX sim_jobs_one_active ON sim_jobs ((true)) WHERE status IN ('queued', 'running');

-- The report files of a finished run (report.json, tickets.csv,
-- report.html), served by any node.
CREATE TABLE sim_files (
    job_id  text  NOT NULL REFERENCES sim_jobs (id) ON DELETE CASCADE,
    name    text  NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (job_id, name)
);
