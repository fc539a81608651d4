-- 0003: the assistant's rollout policy, one rule per category. The empty
-- category holds the default rule.
CREATE TABLE rollout_rules (
    category   TEXT NOT NULL PRIMARY KEY,
    mode       TEXT NOT NULL CHECK (mode IN ('off', 'suggest', 'auto')),
    threshold  REAL NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
    updated_at TEXT NOT NULL
) STRICT;
