//! What survives a reload.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Message, Participant};

use super::outbox::{Item, ItemState};
use super::{Engine, RequestId, SendFailure};

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
    /// `reason` is the failure in English words (all that versions before typed failures
    /// kept, so they still read it); `failure` the typed one, absent in state they saved.
    Failed {
        reason: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        failure: Option<SendFailure>,
    },
}

impl Engine {
    /// What would be persisted now.
    pub fn persisted(&self) -> PersistedState {
        PersistedState {
            version: PERSIST_VERSION,
            session_id: self.me.session_id,
            user_id: self.me.user_id,
            next_client_seq: self.next_client_seq,
            last_seen_seq: self.last_seen_seq,
            outbox: self
                .outbox
                .items
                .iter()
                .map(|i| PersistedEntry {
                    id: i.id,
                    client_seq: i.client_seq,
                    body: i.body.clone(),
                    source_lang: i.source_lang.clone(),
                    attempts: i.attempts,
                    state: match &i.state {
                        ItemState::Pending | ItemState::Sending(_) => PersistedEntryState::Pending,
                        ItemState::Stored { .. } => PersistedEntryState::Stored,
                        ItemState::Failed(f) => {
                            PersistedEntryState::Failed { reason: f.to_string(), failure: Some(f.clone()) }
                        }
                    },
                })
                .collect(),
            history: self.timeline.latest(self.cfg.history_cache),
            partner: self.partner.clone(),
        }
    }

    /// Takes in what the last `Output::Persist` held (see [`Engine::new`]).
    pub(super) fn restore(&mut self, p: PersistedState) {
        if p.version != PERSIST_VERSION || p.session_id != self.me.session_id || p.user_id != self.me.user_id {
            return;
        }
        // Restored history counts as received (delivered) but not as read: the driver says
        // whether the tab is visible after this.
        let read_target = self.acks.read_target;
        for m in p.history {
            self.absorb(m);
        }
        self.acks.read_target = read_target;
        let mut entries = p.outbox;
        entries.sort_by_key(|e| e.client_seq);
        for e in entries {
            if self.timeline.contains(e.id) || self.outbox.items.iter().any(|i| i.id == e.id) {
                continue;
            }
            self.next_client_seq = self.next_client_seq.max(e.client_seq + 1);
            self.outbox.push(Item {
                id: e.id,
                client_seq: e.client_seq,
                body: e.body,
                source_lang: e.source_lang,
                attempts: e.attempts,
                last_failure: None,
                state: match e.state {
                    PersistedEntryState::Pending => ItemState::Pending,
                    PersistedEntryState::Stored => ItemState::Stored { since: RequestId(0) },
                    PersistedEntryState::Failed { reason, failure } => {
                        ItemState::Failed(failure.unwrap_or(SendFailure::Unknown { detail: reason }))
                    }
                },
            });
        }
        self.next_client_seq = self.next_client_seq.max(p.next_client_seq);
        self.last_seen_seq = p.last_seen_seq.max(0);
        if let Some(partner) = p.partner {
            self.participant(partner);
        }
    }
}
