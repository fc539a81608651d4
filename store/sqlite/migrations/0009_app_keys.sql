-- 0009: the desk's own secret keys, such as the one that signs suggestion ids.
CREATE TABLE app_keys (
    name       TEXT NOT NULL PRIMARY KEY,
    value      BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
