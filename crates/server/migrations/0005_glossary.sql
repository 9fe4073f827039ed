-- The per-session glossary (issue #10 item 7, docs/features/glossary.md): terms either
-- participant pinned, kept as written (`translation` null) or translated as fixed. Written only
-- through rpc('pin_term') and rpc('unpin_term') (store/glossary.rs); read by participants and
-- by the translation pipeline.
CREATE TABLE glossary_terms (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    created_by  TEXT NOT NULL,
    term        TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 100),
    translation TEXT CHECK (length(translation) BETWEEN 1 AND 100),
    created_at  TEXT NOT NULL
) STRICT;

-- One term per session and folded spelling. SQLite's lower() folds ASCII only; pin_term
-- compares the full Unicode folding (session_sync::domain::fold_term) before writing.
CREATE UNIQUE INDEX glossary_terms_session_term ON glossary_terms (session_id, lower(term));
