//! Domain logic over SQLite: sessions, participants, messages, glossary terms and users, as plain functions
//! that take a connection, check the rules of docs/contracts.md §3 and return rows and changes.
//!
//! Functions that write take a `&Connection` that the caller has put inside a transaction; they
//! return the `Change`s to publish, which the caller hands to Realtime only after the commit
//! (so a subscriber never hears of a row a rollback undid).
pub mod access;
pub mod glossary;
pub mod messages;
pub mod participants;
pub mod rate_limit;
pub mod rows;
pub mod select;
pub mod sessions;
pub mod users;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::Value;
use uuid::Uuid;

use crate::changes::{Change, ChangeKind};
use crate::clock;

/// A change of `table` in `session_id`, addressed to the session's participants as they are
/// inside the current transaction (which is what they will be at commit).
pub fn change(
    conn: &Connection,
    table: &'static str,
    kind: ChangeKind,
    session_id: Uuid,
    record: Value,
    old_record: Option<Value>,
    now: DateTime<Utc>,
) -> rusqlite::Result<Change> {
    Ok(Change {
        table,
        kind,
        session_id,
        record,
        old_record,
        audience: access::participants_of(conn, session_id)?,
        commit_timestamp: clock::commit_timestamp(now),
    })
}
