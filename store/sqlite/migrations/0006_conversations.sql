-- 0006: self-service chats. A conversation belongs to the user who
-- started it; ticket_id is the ticket a handoff made of it (NULL before),
-- resolved the answer to "did this solve it?" (NULL until given).
CREATE TABLE conversations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    language   TEXT    NOT NULL DEFAULT '',
    ticket_id  INTEGER REFERENCES tickets (id) ON DELETE SET NULL,
    resolved   INTEGER CHECK (resolved IN (0, 1)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;

CREATE INDEX conversations_user_id ON conversations (user_id);
CREATE INDEX conversations_created_at ON conversations (created_at);
CREATE INDEX conversations_ticket_id ON conversations (ticket_id) WHERE ticket_id IS NOT NULL;

-- Citations are a JSON array of the cited sources' ids, '[]' for none.
CREATE TABLE conversation_turns (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role            TEXT    NOT NULL CHECK (role IN ('user', 'assistant')),
    text            TEXT    NOT NULL,
    decision        TEXT    NOT NULL DEFAULT '',
    reason          TEXT    NOT NULL DEFAULT '',
    citations       TEXT    NOT NULL DEFAULT '[]',
    created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX conversation_turns_conversation_id ON conversation_turns (conversation_id, id);
