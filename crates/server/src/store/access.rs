//! Who may see what: the one place that answers "is this user a participant of this session",
//! used by REST, RPCs and Realtime alike (the SQL policies' `is_participant`).

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

/// True when `user_id` has joined `session_id` (having left later still counts: a participant
/// who left may read the history they were part of, but the RPCs refuse new writes).
pub fn is_participant(conn: &Connection, session_id: Uuid, user_id: Uuid) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM participants WHERE session_id = ?1 AND user_id = ?2")?
        .query_row([session_id.to_string(), user_id.to_string()], |_| Ok(()))
        .optional()
        .map(|row| row.is_some())
}

/// The user ids of everyone who joined `session_id`, in join order.
pub fn participants_of(conn: &Connection, session_id: Uuid) -> rusqlite::Result<Vec<Uuid>> {
    let mut stmt =
        conn.prepare_cached("SELECT user_id FROM participants WHERE session_id = ?1 ORDER BY joined_at, user_id")?;
    let ids = stmt
        .query_map([session_id.to_string()], |row| row.get::<_, String>(0))?
        .filter_map(|id| id.ok().and_then(|id| Uuid::parse_str(&id).ok()))
        .collect();
    Ok(ids)
}
