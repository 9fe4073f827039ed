//! The read-only snapshot the UI renders: built on demand by [`super::Engine::view`].

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Delivery state of an own message (design.md §4; the strings are `data-status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// In the outbox, waiting (offline, backing off, or behind a request in flight).
    Pending,
    /// In the upsert request in flight.
    Sending,
    /// Stored by the server. Normally it has a `seq`; briefly none when the server reported
    /// the row as already stored and the catch-up has not brought it yet.
    Sent,
    /// The partner's `delivered_seq >= seq`.
    Delivered,
    /// The partner's `read_seq >= seq`.
    Read,
    /// Gave up (retries spent or rejected); see `Entry::failure`. A retry action applies.
    Failed,
}

impl MessageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Pending => "pending",
            MessageStatus::Sending => "sending",
            MessageStatus::Sent => "sent",
            MessageStatus::Delivered => "delivered",
            MessageStatus::Read => "read",
            MessageStatus::Failed => "failed",
        }
    }
}

/// Translation state as `data-translation` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TranslationState {
    /// Both sides use the message's language: nothing to translate.
    None,
    Pending,
    Done,
    Failed,
}

impl TranslationState {
    pub fn as_str(self) -> &'static str {
        match self {
            TranslationState::None => "none",
            TranslationState::Pending => "pending",
            TranslationState::Done => "done",
            TranslationState::Failed => "failed",
        }
    }
}

/// Header state (`connection-status` `data-state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// First load: never subscribed yet.
    Connecting,
    /// Channel subscribed (so the socket is open) and the browser online.
    Connected,
    /// Was connected; the socket or channel is retrying.
    Reconnecting,
    /// Browser offline, or reconnecting was given up.
    Disconnected,
}

impl ConnectionState {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionState::Connecting => "connecting",
            ConnectionState::Connected => "connected",
            ConnectionState::Reconnecting => "reconnecting",
            ConnectionState::Disconnected => "disconnected",
        }
    }
}

/// One message on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: Uuid,
    /// Sent by this user (from this or another tab).
    pub own: bool,
    /// Server order; `None` while unsent.
    pub seq: Option<i64>,
    pub client_seq: i64,
    /// The original text.
    pub body: String,
    pub source_lang: String,
    pub translated_body: Option<String>,
    pub target_lang: Option<String>,
    pub translation_error: Option<String>,
    /// Server time, for display only; `None` while unsent.
    pub created_at: Option<String>,
    /// Own messages only.
    pub status: Option<MessageStatus>,
    /// Why it failed (status `Failed`).
    pub failure: Option<String>,
    pub translation: TranslationState,
    /// What this reader should read: a partner's message translated into the reader's language
    /// once the translation is there, the original otherwise.
    pub text: String,
}

/// The other participant, from their `participants` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub user_id: Uuid,
    pub display_name: String,
    pub language: String,
    pub left: bool,
    pub delivered_seq: i64,
    pub read_seq: i64,
}

/// Everything the session page shows that the engine knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub connection: ConnectionState,
    pub online: bool,
    /// Stored messages ordered by `seq`, then own unsent ones in `client_seq` order.
    pub entries: Vec<Entry>,
    /// Outbox entries (pending, sending, failed, or stored but not yet placed).
    pub queue_count: usize,
    /// The latest problem to show the user, if any.
    pub error: Option<String>,
    pub partner: Option<Partner>,
    /// Every message up to this seq has been fetched.
    pub last_seen_seq: i64,
}
