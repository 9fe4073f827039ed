//! Mapping between SQLite rows and the contract's rows (`session_sync::domain`), and the JSON
//! PostgREST would render for them.

use rusqlite::types::{Type, Value as SqlValue};
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::{Map, Value};
use session_sync::domain::{Message, Participant, Session};
use uuid::Uuid;

pub const SESSION_COLUMNS: &str = "id, code, created_by, created_at, expires_at, ended_at";
pub const PARTICIPANT_COLUMNS: &str =
    "session_id, user_id, display_name, language, joined_at, left_at, delivered_seq, read_seq";
pub const MESSAGE_COLUMNS: &str = "id, session_id, sender_id, client_seq, seq, body, source_lang, \
     translated_body, target_lang, translation_error, created_at, detected_lang, translated_by";

fn uuid_at(row: &Row, idx: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(idx)?;
    Uuid::parse_str(&text).map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

pub fn session_from_row(row: &Row) -> rusqlite::Result<Session> {
    Ok(Session {
        id: uuid_at(row, 0)?,
        code: row.get(1)?,
        created_by: uuid_at(row, 2)?,
        created_at: row.get(3)?,
        expires_at: row.get(4)?,
        ended_at: row.get(5)?,
    })
}

pub fn participant_from_row(row: &Row) -> rusqlite::Result<Participant> {
    Ok(Participant {
        session_id: uuid_at(row, 0)?,
        user_id: uuid_at(row, 1)?,
        display_name: row.get(2)?,
        language: row.get(3)?,
        joined_at: row.get(4)?,
        left_at: row.get(5)?,
        delivered_seq: row.get(6)?,
        read_seq: row.get(7)?,
    })
}

pub fn message_from_row(row: &Row) -> rusqlite::Result<Message> {
    Ok(Message {
        id: uuid_at(row, 0)?,
        session_id: uuid_at(row, 1)?,
        sender_id: uuid_at(row, 2)?,
        client_seq: row.get(3)?,
        seq: row.get(4)?,
        body: row.get(5)?,
        source_lang: row.get(6)?,
        translated_body: row.get(7)?,
        target_lang: row.get(8)?,
        translation_error: row.get(9)?,
        created_at: row.get(10)?,
        detected_lang: row.get(11)?,
        translated_by: row.get(12)?,
    })
}

pub fn session_by_id(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<Session>> {
    conn.prepare_cached(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?1"))?
        .query_row([id.to_string()], session_from_row)
        .optional()
}

pub fn session_by_code(conn: &Connection, code: &str) -> rusqlite::Result<Option<Session>> {
    conn.prepare_cached(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE code = ?1"))?
        .query_row([code], session_from_row)
        .optional()
}

pub fn participant(conn: &Connection, session_id: Uuid, user_id: Uuid) -> rusqlite::Result<Option<Participant>> {
    conn.prepare_cached(&format!(
        "SELECT {PARTICIPANT_COLUMNS} FROM participants WHERE session_id = ?1 AND user_id = ?2"
    ))?
    .query_row([session_id.to_string(), user_id.to_string()], participant_from_row)
    .optional()
}

pub fn message_by_id(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<Message>> {
    conn.prepare_cached(&format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?1"))?
        .query_row([id.to_string()], message_from_row)
        .optional()
}

/// Any contract row as the JSON object PostgREST renders (uuids as strings, bigints as numbers).
pub fn to_json<T: serde::Serialize>(row: &T) -> Value {
    serde_json::to_value(row).expect("contract rows serialise")
}

/// A row read with an explicit column list, as a JSON object keyed by those names.
pub fn row_to_json(row: &Row, columns: &[&str]) -> rusqlite::Result<Value> {
    let mut object = Map::with_capacity(columns.len());
    for (idx, name) in columns.iter().enumerate() {
        let value = match row.get::<_, SqlValue>(idx)? {
            SqlValue::Null => Value::Null,
            SqlValue::Integer(i) => Value::from(i),
            SqlValue::Real(f) => Value::from(f),
            SqlValue::Text(s) => Value::String(s),
            SqlValue::Blob(_) => Value::Null,
        };
        object.insert((*name).to_owned(), value);
    }
    Ok(Value::Object(object))
}
