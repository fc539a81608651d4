-- 0001: the records store: tickets and their messages, users, teams, the
-- category taxonomy, SLA policies and knowledge documents.

-- The extension is per database, not per schema: replicas migrating other
-- schemas of the same database must not race to create it.
SELECT pg_advisory_xact_lock(hashtext('deskpilot: create extension vector'));
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE teams (
    name        text COLLATE "C" PRIMARY KEY,
    description text NOT NULL DEFAULT ''
);

-- A category is named by its full path ("Network/VPN"); "C" collation sorts
-- paths bytewise and lets the prefix match of a subtree use the index.
CREATE TABLE categories (
    path text COLLATE "C" PRIMARY KEY
);

CREATE TABLE sla_policies (
    priority       text PRIMARY KEY,
    first_response interval NOT NULL,
    resolution     interval NOT NULL
);

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text COLLATE "C" NOT NULL UNIQUE,
    name          text NOT NULL DEFAULT '',
    role          text NOT NULL,
    team          text NOT NULL DEFAULT '',
    language      text NOT NULL DEFAULT '',
    password_hash text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- external_id is NULL for tickets created here, which have no key in a
-- source (NULLs never collide in the unique constraint).
CREATE TABLE tickets (
    id                bigserial PRIMARY KEY,
    source            text NOT NULL,
    external_id       text,
    subject           text NOT NULL DEFAULT '',
    status            text NOT NULL,
    priority          text NOT NULL DEFAULT '',
    category          text COLLATE "C" NOT NULL DEFAULT '',
    team              text NOT NULL DEFAULT '',
    assignee_id       bigint,
    requester         text NOT NULL DEFAULT '',
    channel           text NOT NULL DEFAULT '',
    language          text NOT NULL DEFAULT '',
    tags              text[] NOT NULL DEFAULT '{}',
    resolution        text NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    first_response_at timestamptz,
    resolved_at       timestamptz,
    closed_at         timestamptz,
    pending_since     timestamptz,
    paused_seconds    bigint NOT NULL DEFAULT 0,
    reopen_count      integer NOT NULL DEFAULT 0,
    content_hash      text NOT NULL DEFAULT '',
    UNIQUE (source, external_id)
);

-- Lists are newest first by id and filtered by one field at a time: each
-- index serves the filter and the order. Source is served by the unique
-- constraint's index.
CREATE INDEX tickets_status_idx    ON tickets (status, id);
CREATE INDEX tickets_team_idx      ON tickets (team, id);
CREATE INDEX tickets_category_idx  ON tickets (category, id);
CREATE INDEX tickets_requester_idx ON tickets (requester, id);
CREATE INDEX tickets_assignee_idx  ON tickets (assignee_id, id) WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_created_idx   ON tickets (created_at);

CREATE TABLE messages (
    id         bigserial PRIMARY KEY,
    ticket_id  bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author     text NOT NULL,
    author_id  bigint,
    body       text NOT NULL,
    public     boolean NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX messages_ticket_idx ON messages (ticket_id, created_at, id);

CREATE TABLE documents (
    id           bigserial PRIMARY KEY,
    source       text NOT NULL,
    external_id  text NOT NULL,
    title        text NOT NULL DEFAULT '',
    body         text NOT NULL DEFAULT '',
    format       text NOT NULL,
    url          text NOT NULL DEFAULT '',
    visibility   text NOT NULL,
    language     text NOT NULL DEFAULT '',
    tags         text[] NOT NULL DEFAULT '{}',
    content_hash text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (source, external_id)
);
