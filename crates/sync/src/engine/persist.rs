//! What survives a reload.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Message, Participant};

pub const PERSIST_VERSION: u32 = 1;

/// State for `localStorage`, replaced as a whole on every change. Serialise with serde_json.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistedState {
    pub version: u32,
    pub session_id: Uuid,
    pub user_id: Uuid,
    /// The `client_seq` the next send gets.
    pub next_client_seq: i64,
    /// Catch-up resumes after this seq.
    pub last_seen_seq: i64,
    /// Own unsent messages in `client_seq` order.
    pub outbox: Vec<PersistedEntry>,
    /// The latest stored messages in seq order (at most `Config::history_cache`).
    pub history: Vec<Message>,
    /// The partner's participants row as last seen, so a reload with no network still knows
    /// who the partner is (name, language, receipts) instead of showing "waiting".
    #[serde(default)]
    pub partner: Option<Participant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersistedEntry {
    pub id: Uuid,
    pub client_seq: i64,
    pub body: String,
    pub source_lang: String,
    /// Failed attempts so far.
    pub attempts: u32,
    pub state: PersistedEntryState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PersistedEntryState {
    /// Waiting or in flight (a request in flight at reload is simply sent again).
    Pending,
    /// The server said it already had it; waiting for its row.
    Stored,
    Failed {
        reason: String,
    },
}
