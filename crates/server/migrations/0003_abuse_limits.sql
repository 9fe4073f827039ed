-- Abuse limits (issue #9 item 4): failed-join lockouts and refresh-token families.

-- Growing lockouts after failed joins (store/rate_limit.rs `LockoutPolicy`), keyed by who
-- failed (`join:user:<uuid>`, `join:ip:<address>`): failures since the last quiet period, when
-- the last one was, and until when joins are refused (milliseconds since the epoch).
CREATE TABLE lockouts (
    key             TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_ms INTEGER NOT NULL,
    locked_until_ms INTEGER NOT NULL
) STRICT;
-- Forgotten rows are pruned by age.
CREATE INDEX lockouts_last_failure ON lockouts (last_failure_ms);

-- Refresh-token families (store/users.rs `refresh`): which token a token replaced and when it
-- was spent, so a spent token presented again is answered with the auth session's current token
-- when it is that token's parent or inside the reuse interval, and revokes the whole auth
-- session otherwise.
ALTER TABLE refresh_tokens ADD COLUMN parent TEXT;
ALTER TABLE refresh_tokens ADD COLUMN used_at_ms INTEGER;
