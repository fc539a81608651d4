-- The desk's own secret keys, such as the one that signs suggestion ids.
CREATE TABLE app_keys (
    name       text PRIMARY KEY,
    value      bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
