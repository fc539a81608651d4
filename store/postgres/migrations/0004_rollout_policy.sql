-- The assistant's rollout policy, one rule per category. The empty
-- category holds the default rule.
CREATE TABLE rollout_rules (
    category   text PRIMARY KEY,
    mode       text NOT NULL CHECK (mode IN ('off', 'suggest', 'auto')),
    threshold  double precision NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
    updated_at timestamptz NOT NULL DEFAULT now()
);
