-- Lookups the REST layer and auth make on every request, and the sign-up rate limiter's state.

-- Row-level security asks "which sessions is this user in" for every read.
CREATE INDEX participants_user ON participants (user_id);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

-- Token buckets keyed by what is limited (e.g. `signup:<ip>`); `tokens` as of `updated_at`
-- (seconds since the epoch, fractional).
CREATE TABLE rate_limits (
    key        TEXT PRIMARY KEY,
    tokens     REAL NOT NULL,
    updated_at REAL NOT NULL
) STRICT;
