-- SQLite mirror of supabase/migrations: the same tables, keys and checks.
-- Timestamps are RFC 3339 text in UTC with microseconds, as PostgREST renders timestamptz.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    user_metadata   TEXT NOT NULL DEFAULT '{}',
    created_at      TEXT NOT NULL,
    last_sign_in_at TEXT NOT NULL
) STRICT;

-- One row per sign-in; refresh tokens rotate within it.
CREATE TABLE auth_sessions (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) STRICT;

CREATE TABLE refresh_tokens (
    token      TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
    used       INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at   TEXT
) STRICT;

CREATE TABLE participants (
    session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id       TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    language      TEXT NOT NULL,
    joined_at     TEXT NOT NULL,
    left_at       TEXT,
    delivered_seq INTEGER NOT NULL DEFAULT 0,
    read_seq      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, user_id)
) STRICT;

CREATE TABLE messages (
    id                TEXT PRIMARY KEY,
    session_id        TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    sender_id         TEXT NOT NULL,
    client_seq        INTEGER NOT NULL,
    seq               INTEGER NOT NULL,
    body              TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
    source_lang       TEXT NOT NULL,
    translated_body   TEXT,
    target_lang       TEXT,
    translation_error TEXT,
    created_at        TEXT NOT NULL,
    UNIQUE (session_id, seq)
) STRICT;

CREATE INDEX messages_session_seq ON messages (session_id, seq);
