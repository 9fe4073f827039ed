//! A participant's own state: leaving a session and raising the receipt watermarks.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use session_sync::domain::Participant;
use uuid::Uuid;

use crate::changes::Change;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::store::{rows, sessions};

/// The error every participant-only call answers to anybody else (PostgreSQL's
/// `insufficient_privilege`, as the SQL functions raise it).
pub fn not_participant() -> ApiError {
    ApiError::forbidden("not a participant of this session")
}

/// The caller's participants row, or 403 when they never joined `session_id`.
pub fn require(conn: &Connection, session_id: Uuid, user: Uuid) -> ApiResult<Participant> {
    rows::participant(conn, session_id, user)?.ok_or_else(not_participant)
}

/// Marks the caller as having left. Leaving twice keeps the first time and changes nothing.
pub fn leave_session(conn: &Connection, session_id: Uuid, user: Uuid, now: DateTime<Utc>) -> ApiResult<Vec<Change>> {
    let current = require(conn, session_id, user)?;
    if current.left_at.is_some() {
        return Ok(Vec::new());
    }
    let left_at = clock::pg_timestamp(now);
    conn.prepare_cached("UPDATE participants SET left_at = ?3 WHERE session_id = ?1 AND user_id = ?2")?
        .execute(rusqlite::params![session_id.to_string(), user.to_string(), left_at])?;
    let record = Participant { left_at: Some(left_at), ..current };
    Ok(vec![sessions::participant_update(conn, &record, now)?])
}

/// Raises the caller's receipt watermarks for the partner's messages.
///
/// Watermarks only ever go up (a late or reordered ack cannot lower them), reading implies
/// delivery (`delivered >= read`), and neither may pass the newest message the partner actually
/// sent, so a client bug cannot mark future messages read. Negative values count as 0.
/// Returns the row and, when something changed, its UPDATE.
pub fn ack_messages(
    conn: &Connection,
    session_id: Uuid,
    user: Uuid,
    delivered_seq: i64,
    read_seq: i64,
    now: DateTime<Utc>,
) -> ApiResult<(Participant, Option<Change>)> {
    let current = require(conn, session_id, user)?;
    let partner_max: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE session_id = ?1 AND sender_id <> ?2")?
        .query_row([session_id.to_string(), user.to_string()], |row| row.get(0))?;
    let read = read_seq.clamp(0, partner_max).max(current.read_seq);
    let delivered = delivered_seq.max(read_seq).clamp(0, partner_max).max(current.delivered_seq).max(read);
    if read == current.read_seq && delivered == current.delivered_seq {
        return Ok((current, None));
    }
    conn.prepare_cached(
        "UPDATE participants SET delivered_seq = ?3, read_seq = ?4 WHERE session_id = ?1 AND user_id = ?2",
    )?
    .execute(rusqlite::params![session_id.to_string(), user.to_string(), delivered, read])?;
    let record = Participant { delivered_seq: delivered, read_seq: read, ..current };
    let change = sessions::participant_update(conn, &record, now)?;
    Ok((record, Some(change)))
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
        for seq in 1..=3 {
            c.prepare_cached(
                "INSERT INTO messages (id, session_id, sender_id, client_seq, seq, body, source_lang, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?4, 'hi', 'es', 't')",
            )
            .unwrap()
            .execute(rusqlite::params![Uuid::new_v4().to_string(), s.id.to_string(), b.to_string(), seq])
            .unwrap();
        }
        (s.id, a, b, now)
    }

    #[test]
    fn watermarks_only_rise_and_stop_at_the_partners_last_message() {
        Db::open(":memory:").unwrap().with(|c| {
            let (s, a, _b, now) = setup(c);
            let (p, change) = ack_messages(c, s, a, 2, 1, now).unwrap();
            assert_eq!((p.delivered_seq, p.read_seq), (2, 1));
            let change = change.expect("raised");
            assert_eq!(change.old_record.unwrap()["user_id"], a.to_string());

            let (p, change) = ack_messages(c, s, a, 1, 0, now).unwrap();
            assert_eq!((p.delivered_seq, p.read_seq), (2, 1), "never lowered");
            assert!(change.is_none(), "no change, no event");

            let (p, _) = ack_messages(c, s, a, 0, 99, now).unwrap();
            assert_eq!((p.delivered_seq, p.read_seq), (3, 3), "read implies delivered; clamped to 3");
        });
    }

    #[test]
    fn own_messages_are_not_acked_and_strangers_are_refused() {
        Db::open(":memory:").unwrap().with(|c| {
            let (s, _a, b, now) = setup(c);
            let (p, change) = ack_messages(c, s, b, 3, 3, now).unwrap();
            assert_eq!((p.delivered_seq, p.read_seq), (0, 0), "b sent all three; nothing to ack");
            assert!(change.is_none());
            let err = ack_messages(c, s, Uuid::new_v4(), 1, 1, now).unwrap_err();
            assert_eq!((err.status.as_u16(), err.code.as_str()), (403, "42501"));
        });
    }

    #[test]
    fn leaving_is_recorded_once() {
        Db::open(":memory:").unwrap().with(|c| {
            let (s, a, _b, now) = setup(c);
            let changes = leave_session(c, s, a, now).unwrap();
            assert_eq!(changes.len(), 1);
            assert_eq!(changes[0].record["left_at"], clock::pg_timestamp(now));
            assert!(leave_session(c, s, a, now).unwrap().is_empty());
            assert_eq!(leave_session(c, s, Uuid::new_v4(), now).unwrap_err().code, "42501");
        });
    }
}
