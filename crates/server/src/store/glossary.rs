//! The per-session glossary (docs/features/glossary.md): terms a participant pinned, kept as
//! written or translated as fixed, which the translation pipeline applies to every message of
//! the session. `pin_term` and `unpin_term` are the RPCs of the same names; `terms` is what the
//! pipeline reads.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use session_sync::domain::{fold_term, GlossaryTerm, SessionError, MAX_GLOSSARY_TERMS, MAX_GLOSSARY_TERM_CHARS};
use uuid::Uuid;

use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::store::participants;

pub const GLOSSARY_COLUMNS: &str = "id, session_id, created_by, term, translation, created_at";

/// The stable code in `message` when a session already has `MAX_GLOSSARY_TERMS` terms.
pub const TOO_MANY_TERMS: &str = "too_many_terms";

fn uuid_at(row: &Row, idx: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(idx)?;
    Uuid::parse_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

pub fn term_from_row(row: &Row) -> rusqlite::Result<GlossaryTerm> {
    Ok(GlossaryTerm {
        id: uuid_at(row, 0)?,
        session_id: uuid_at(row, 1)?,
        created_by: uuid_at(row, 2)?,
        term: row.get(3)?,
        translation: row.get(4)?,
        created_at: row.get(5)?,
    })
}

/// A term and its fixed translation as stored: trimmed, 1 to `MAX_GLOSSARY_TERM_CHARS`
/// characters each. `None` keeps the term as written; an empty translation is not "keep".
pub fn check_term(term: &str, translation: Option<&str>) -> Result<(String, Option<String>), SessionError> {
    let fits = |text: &str| (1..=MAX_GLOSSARY_TERM_CHARS).contains(&text.chars().count());
    let term = term.trim();
    if !fits(term) {
        return Err(SessionError::InvalidInput);
    }
    let translation = match translation.map(str::trim) {
        Some(text) if !fits(text) => return Err(SessionError::InvalidInput),
        other => other.map(str::to_owned),
    };
    Ok((term.to_owned(), translation))
}

/// The session's terms, oldest first. No access check: the caller is the pipeline or has
/// checked.
pub fn terms(conn: &Connection, session_id: Uuid) -> rusqlite::Result<Vec<GlossaryTerm>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {GLOSSARY_COLUMNS} FROM glossary_terms WHERE session_id = ?1 ORDER BY created_at, rowid"
    ))?;
    let rows = stmt.query_map([session_id.to_string()], term_from_row)?;
    rows.collect()
}

/// Pins `term` for the session, as the caller: a term already pinned in another case is
/// replaced (new spelling, translation and pinner; same id and place in the list). Refused with
/// 42501 for anybody who never joined, `invalid_input` for a bad term, `too_many_terms` past
/// `MAX_GLOSSARY_TERMS`.
pub fn pin_term(
    conn: &Connection,
    session_id: Uuid,
    user: Uuid,
    term: &str,
    translation: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<GlossaryTerm> {
    participants::require(conn, session_id, user)?;
    let (term, translation) = check_term(term, translation)?;
    let existing = terms(conn, session_id)?;
    let folded = fold_term(&term);
    if let Some(current) = existing.into_iter().find(|t| fold_term(&t.term) == folded) {
        conn.prepare_cached("UPDATE glossary_terms SET term = ?2, translation = ?3, created_by = ?4 WHERE id = ?1")?
            .execute(rusqlite::params![current.id.to_string(), term, translation, user.to_string()])?;
        return Ok(GlossaryTerm { term, translation, created_by: user, ..current });
    }
    let count: usize = conn
        .prepare_cached("SELECT count(*) FROM glossary_terms WHERE session_id = ?1")?
        .query_row([session_id.to_string()], |r| r.get(0))?;
    if count >= MAX_GLOSSARY_TERMS {
        return Err(ApiError::bad_request("P0001", TOO_MANY_TERMS)
            .with_details(format!("a session may pin at most {MAX_GLOSSARY_TERMS} terms")));
    }
    let row = GlossaryTerm {
        id: Uuid::new_v4(),
        session_id,
        created_by: user,
        term,
        translation,
        created_at: clock::pg_timestamp(now),
    };
    conn.execute(
        &format!("INSERT INTO glossary_terms ({GLOSSARY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        rusqlite::params![
            row.id.to_string(),
            row.session_id.to_string(),
            row.created_by.to_string(),
            row.term,
            row.translation,
            row.created_at
        ],
    )?;
    Ok(row)
}

/// Removes a pinned term of the session (either participant may). Removing a term that is not
/// there (already removed, or of another session) changes nothing.
pub fn unpin_term(conn: &Connection, session_id: Uuid, user: Uuid, term_id: Uuid) -> ApiResult<Option<GlossaryTerm>> {
    participants::require(conn, session_id, user)?;
    let removed = conn
        .query_row(
            &format!("DELETE FROM glossary_terms WHERE id = ?1 AND session_id = ?2 RETURNING {GLOSSARY_COLUMNS}"),
            [term_id.to_string(), session_id.to_string()],
            term_from_row,
        )
        .optional()?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;
    use crate::store::sessions::{create_session, join_session};

    fn setup(c: &Connection) -> (Uuid, Uuid, Uuid, DateTime<Utc>) {
        let now = clock::parse("2026-01-01T00:00:00Z").unwrap();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let (s, _) = create_session(c, a, "A", "en", now, || "ABCDEF".into()).unwrap();
        join_session(c, b, "ABCDEF", "B", "es", now).unwrap();
        (s.id, a, b, now)
    }

    #[test]
    fn terms_are_trimmed_and_bounded() {
        assert_eq!(check_term(" Rosa ", None), Ok(("Rosa".into(), None)));
        assert_eq!(check_term("Sol", Some(" Sun ")), Ok(("Sol".into(), Some("Sun".into()))));
        assert_eq!(check_term("   ", None), Err(SessionError::InvalidInput));
        assert_eq!(check_term("Sol", Some(" ")), Err(SessionError::InvalidInput), "empty is not keep-as-is");
        assert!(check_term(&"é".repeat(MAX_GLOSSARY_TERM_CHARS), None).is_ok(), "characters, not bytes");
        assert_eq!(check_term(&"x".repeat(MAX_GLOSSARY_TERM_CHARS + 1), None), Err(SessionError::InvalidInput));
        assert_eq!(check_term("x", Some(&"y".repeat(MAX_GLOSSARY_TERM_CHARS + 1))), Err(SessionError::InvalidInput));
    }

    #[test]
    fn pinning_again_in_another_case_replaces_the_term() {
        Db::open(":memory:").unwrap().with(|c| {
            let (s, a, b, now) = setup(c);
            let first = pin_term(c, s, a, "Rosa", None, now).unwrap();
            let again = pin_term(c, s, b, "ROSA", Some("Rose"), now).unwrap();
            assert_eq!(again.id, first.id);
            assert_eq!(
                (again.term.as_str(), again.translation.as_deref(), again.created_by),
                ("ROSA", Some("Rose"), b)
            );
            assert_eq!(terms(c, s).unwrap(), vec![again]);
            let accented = pin_term(c, s, a, "ÁNGEL", None, now).unwrap();
            assert_eq!(pin_term(c, s, a, "ángel", None, now).unwrap().id, accented.id, "folded beyond ASCII");
        });
    }

    #[test]
    fn only_participants_pin_and_unpin() {
        Db::open(":memory:").unwrap().with(|c| {
            let (s, a, b, now) = setup(c);
            let stranger = Uuid::new_v4();
            assert_eq!(pin_term(c, s, stranger, "Rosa", None, now).unwrap_err().code, "42501");
            let term = pin_term(c, s, a, "Rosa", None, now).unwrap();
            assert_eq!(unpin_term(c, s, stranger, term.id).unwrap_err().code, "42501");
            assert_eq!(unpin_term(c, s, b, term.id).unwrap(), Some(term.clone()), "the partner may remove it");
            assert_eq!(unpin_term(c, s, b, term.id).unwrap(), None, "twice changes nothing");
            assert!(terms(c, s).unwrap().is_empty());
        });
    }

    #[test]
    fn a_session_holds_a_bounded_number_of_terms() {
        Db::open(":memory:").unwrap().with(|c| {
            let (s, a, _b, now) = setup(c);
            for i in 0..MAX_GLOSSARY_TERMS {
                pin_term(c, s, a, &format!("term{i}"), None, now).unwrap();
            }
            let err = pin_term(c, s, a, "one more", None, now).unwrap_err();
            assert_eq!((err.status.as_u16(), err.code.as_str(), err.message.as_str()), (400, "P0001", TOO_MANY_TERMS));
            pin_term(c, s, a, "TERM0", Some("changed"), now).expect("replacing a pinned term is not one more");
        });
    }
}
