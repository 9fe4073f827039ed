//! Row changes committed by the REST layer, on their way to Realtime's postgres_changes
//! subscribers. A change carries its audience (the session's participants at commit time), so the
//! fan-out applies the same rule as the `messages`/`participants` SELECT policies without a query.

use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Insert,
    Update,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Insert => "INSERT",
            ChangeKind::Update => "UPDATE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `messages` or `participants` (schema `public`).
    pub table: &'static str,
    pub kind: ChangeKind,
    pub session_id: Uuid,
    /// The row after the change, as REST returns it.
    pub record: Value,
    /// For UPDATE: the primary-key columns of the row (what Postgres's WAL carries by default).
    pub old_record: Option<Value>,
    /// Users allowed to see the row: the session's participants.
    pub audience: Vec<Uuid>,
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, when the change was committed.
    pub commit_timestamp: String,
}

/// `(name, pg type)` of each column, in table order, as postgres_changes lists them.
pub fn columns_of(table: &str) -> &'static [(&'static str, &'static str)] {
    match table {
        "messages" => &[
            ("id", "uuid"),
            ("session_id", "uuid"),
            ("sender_id", "uuid"),
            ("client_seq", "int8"),
            ("seq", "int8"),
            ("body", "text"),
            ("source_lang", "text"),
            ("translated_body", "text"),
            ("target_lang", "text"),
            ("translation_error", "text"),
            ("created_at", "timestamptz"),
            ("detected_lang", "text"),
            ("translated_by", "text"),
        ],
        "participants" => &[
            ("session_id", "uuid"),
            ("user_id", "uuid"),
            ("display_name", "text"),
            ("language", "text"),
            ("joined_at", "timestamptz"),
            ("left_at", "timestamptz"),
            ("delivered_seq", "int8"),
            ("read_seq", "int8"),
        ],
        "glossary_terms" => &[
            ("id", "uuid"),
            ("session_id", "uuid"),
            ("created_by", "uuid"),
            ("term", "text"),
            ("translation", "text"),
            ("created_at", "timestamptz"),
        ],
        "sessions" => &[
            ("id", "uuid"),
            ("code", "text"),
            ("created_by", "uuid"),
            ("created_at", "timestamptz"),
            ("expires_at", "timestamptz"),
            ("ended_at", "timestamptz"),
        ],
        _ => &[],
    }
}
