-- Self-service chats. A conversation belongs to the user who started it;
-- ticket_id is the ticket a handoff made of it (NULL before), resolved the
-- answer to "did this solve it?" (NULL until given).
CREATE TABLE conversations (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    language   text NOT NULL DEFAULT '',
    ticket_id  bigint REFERENCES tickets(id) ON DELETE SET NULL,
    resolved   boolean,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX conversations_user_id ON conversations (user_id);
CREATE INDEX conversations_created_at ON conversations (created_at);
CREATE INDEX conversations_ticket_id ON conversations (ticket_id) WHERE ticket_id IS NOT NULL;

CREATE TABLE conversation_turns (
    id              bigserial PRIMARY KEY,
    conversation_id bigint NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    role            text NOT NULL CHECK (role IN ('user', 'assistant')),
    text            text NOT NULL,
    decision        text NOT NULL DEFAULT '',
    reason          text NOT NULL DEFAULT '',
    citations       text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL
);
CREATE INDEX conversation_turns_conversation_id ON conversation_turns (conversation_id, id);
