//! The read-only snapshot the UI renders, built on demand by [`Engine::view`], and the
//! translation state each reader sees.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Message;

use super::outbox::ItemState;
use super::timers::{Kind, Timer};
use super::{Engine, Millis, Problem, SendFailure};

/// Delivery state of an own message (docs/contracts.md §4; the strings are `data-status`).
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
    /// The language the server found the text written in (`Message::detected_lang`).
    pub detected_lang: Option<String>,
    /// The engine and route of the translation (`Message::translated_by`).
    pub translated_by: Option<String>,
    /// Server time, for display only; `None` while unsent.
    pub created_at: Option<String>,
    /// Own messages only.
    pub status: Option<MessageStatus>,
    /// Why it failed (status `Failed`), or why the last attempt failed while it waits to be
    /// tried again (status `Pending` or `Sending`).
    pub failure: Option<SendFailure>,
    /// When it is tried again after a failed attempt (the driver's clock, as `now`), while
    /// that wait runs: "retrying in N s". `Input::RetryNow` ends the wait.
    pub retry_at: Option<Millis>,
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
    pub error: Option<Problem>,
    /// Own messages wait for a retry after network or server failures (or gave up after
    /// them): the header must not say all is well while the channel is up.
    pub sending_fails: bool,
    pub partner: Option<Partner>,
    /// Every message up to this seq has been fetched.
    pub last_seen_seq: i64,
    /// Older stored messages may exist ("Load earlier messages" shows): the oldest held has
    /// seq > 1 and no page came back short.
    pub can_load_earlier: bool,
    /// A page of earlier messages is being fetched.
    pub loading_earlier: bool,
}

impl Engine {
    /// A snapshot for the UI.
    pub fn view(&self) -> View {
        let partner_lang = self.partner.as_ref().map(|p| p.language.as_str());
        let (p_delivered, p_read) = self.partner.as_ref().map_or((0, 0), |p| (p.delivered_seq, p.read_seq));
        let mut entries = Vec::with_capacity(self.timeline.len() + self.outbox.len());
        for m in self.timeline.iter() {
            let own = m.sender_id == self.me.user_id;
            let status = own.then_some(if m.seq <= p_read {
                MessageStatus::Read
            } else if m.seq <= p_delivered {
                MessageStatus::Delivered
            } else {
                MessageStatus::Sent
            });
            let reader_lang = if own { partner_lang } else { Some(self.me.language.as_str()) };
            let translation = translation_state(m, reader_lang);
            let text = match (&m.translated_body, own, translation) {
                (Some(t), false, TranslationState::Done) => t.clone(),
                _ => m.body.clone(),
            };
            entries.push(Entry {
                id: m.id,
                own,
                seq: Some(m.seq),
                client_seq: m.client_seq,
                body: m.body.clone(),
                source_lang: m.source_lang.clone(),
                translated_body: m.translated_body.clone(),
                target_lang: m.target_lang.clone(),
                translation_error: m.translation_error.clone(),
                detected_lang: m.detected_lang.clone(),
                translated_by: m.translated_by.clone(),
                created_at: Some(m.created_at.clone()),
                status,
                failure: None,
                retry_at: None,
                translation,
                text,
            });
        }
        let retry_at = self.timers.get(Timer::Retry(Kind::Upsert)).filter(|&at| at > self.now);
        for i in &self.outbox.items {
            let (status, failure, retry_at) = match &i.state {
                ItemState::Pending => {
                    let waits = i.last_failure.is_some();
                    (MessageStatus::Pending, i.last_failure.clone(), retry_at.filter(|_| waits))
                }
                ItemState::Sending(_) => (MessageStatus::Sending, i.last_failure.clone(), None),
                ItemState::Stored { .. } => (MessageStatus::Sent, None, None),
                ItemState::Failed(r) => (MessageStatus::Failed, Some(r.clone()), None),
            };
            let translation = match partner_lang {
                Some(l) if l == i.source_lang => TranslationState::None,
                _ => TranslationState::Pending,
            };
            entries.push(Entry {
                id: i.id,
                own: true,
                seq: None,
                client_seq: i.client_seq,
                body: i.body.clone(),
                source_lang: i.source_lang.clone(),
                translated_body: None,
                target_lang: None,
                translation_error: None,
                detected_lang: None,
                translated_by: None,
                created_at: None,
                status: Some(status),
                failure,
                retry_at,
                translation,
                text: i.body.clone(),
            });
        }
        View {
            connection: self.conn.state(),
            online: self.conn.online,
            entries,
            queue_count: self.outbox.len(),
            error: self.error.clone(),
            sending_fails: self.outbox.failing(),
            partner: self.partner.as_ref().map(|p| Partner {
                user_id: p.user_id,
                display_name: p.display_name.clone(),
                language: p.language.clone(),
                left: p.left_at.is_some(),
                delivered_seq: p.delivered_seq,
                read_seq: p.read_seq,
            }),
            last_seen_seq: self.last_seen_seq,
            can_load_earlier: self.earlier_before().is_some(),
            loading_earlier: self.earlier.in_flight.is_some(),
        }
    }
}

/// What `reader_lang` (`None`: not known yet) sees of `m`'s translation.
pub(super) fn translation_state(m: &Message, reader_lang: Option<&str>) -> TranslationState {
    // Written in the reader's language (as the sender's setting says, or as the server found):
    // nothing to translate. A text the server found in another language than the setting is
    // translated even for a reader of the setting's language.
    if reader_lang == Some(m.written_in()) {
        return TranslationState::None;
    }
    let for_reader = match (reader_lang, m.target_lang.as_deref()) {
        (Some(r), Some(t)) => r == t,
        _ => true,
    };
    if m.translated_body.is_some() && for_reader {
        TranslationState::Done
    } else if m.translation_error.is_some() {
        TranslationState::Failed
    } else {
        TranslationState::Pending
    }
}
