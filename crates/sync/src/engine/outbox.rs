//! Own messages the server has not stored yet (as far as the engine knows), in `client_seq`
//! order, and the one batched upsert that may be in flight for them.

use uuid::Uuid;

use crate::domain::NewMessage;

use super::rng::{backoff, Rng};
use super::{Config, Millis, RequestId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ItemState {
    /// Waiting for the next flush.
    Pending,
    /// In the upsert with this id.
    Sending(RequestId),
    /// The server answered that it already had the row (a duplicate it ignored), so it is
    /// stored, but its seq is unknown until a catch-up (issued at or after `since`) brings it.
    Stored {
        since: RequestId,
    },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub id: Uuid,
    pub client_seq: i64,
    pub body: String,
    pub source_lang: String,
    /// Failed attempts that counted (not those while offline, not rate limits).
    pub attempts: u32,
    pub state: ItemState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flight {
    pub id: RequestId,
    pub deadline: Millis,
}

#[derive(Debug, Default)]
pub(crate) struct Outbox {
    /// Sorted by `client_seq`.
    pub items: Vec<Item>,
    pub flight: Option<Flight>,
    /// No flush before this (backoff or rate limit).
    pub retry_at: Option<Millis>,
}

impl Outbox {
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn get_mut(&mut self, id: Uuid) -> Option<&mut Item> {
        self.items.iter_mut().find(|i| i.id == id)
    }

    pub fn remove(&mut self, id: Uuid) -> Option<Item> {
        let at = self.items.iter().position(|i| i.id == id)?;
        Some(self.items.remove(at))
    }

    /// Appends; `client_seq` must be above every other item's.
    pub fn push(&mut self, item: Item) {
        debug_assert!(self.items.last().is_none_or(|l| l.client_seq < item.client_seq));
        self.items.push(item);
    }

    fn has_pending(&self) -> bool {
        self.items.iter().any(|i| i.state == ItemState::Pending)
    }

    /// A flush may start now.
    pub fn due(&self, now: Millis) -> bool {
        self.flight.is_none() && self.has_pending() && self.retry_at.is_none_or(|t| now >= t)
    }

    /// When a flush would next be due, if something waits for one.
    pub fn wake_at(&self) -> Option<Millis> {
        if self.flight.is_some() || !self.has_pending() {
            return None;
        }
        Some(self.retry_at.unwrap_or(0))
    }

    /// Marks every pending item as in `id` and returns their rows in `client_seq` order.
    pub fn start(&mut self, id: RequestId, deadline: Millis, session_id: Uuid, sender_id: Uuid) -> Vec<NewMessage> {
        self.flight = Some(Flight { id, deadline });
        self.items
            .iter_mut()
            .filter(|i| i.state == ItemState::Pending)
            .map(|i| {
                i.state = ItemState::Sending(id);
                NewMessage {
                    id: i.id,
                    session_id,
                    sender_id,
                    client_seq: i.client_seq,
                    body: i.body.clone(),
                    source_lang: i.source_lang.clone(),
                }
            })
            .collect()
    }

    /// Ends the flight if `id` is the one in flight.
    pub fn end(&mut self, id: RequestId) -> bool {
        if self.flight.is_some_and(|f| f.id == id) {
            self.flight = None;
            true
        } else {
            false
        }
    }

    /// Items still marked as in `id` (after its reply's rows were taken out) were already
    /// stored: the server ignored them as duplicates.
    pub fn mark_stored(&mut self, id: RequestId, since: RequestId) -> usize {
        let mut n = 0;
        for i in &mut self.items {
            if i.state == ItemState::Sending(id) {
                i.state = ItemState::Stored { since };
                n += 1;
            }
        }
        n
    }

    /// A transient failure (or timeout) of upsert `id`. Spends one retry of each item in it when
    /// `spend`; items past the limit fail. Returns how many failed now.
    pub fn transient(
        &mut self,
        id: RequestId,
        reason: &str,
        spend: bool,
        now: Millis,
        cfg: &Config,
        rng: &mut Rng,
    ) -> usize {
        let mut failed = 0;
        for i in self.items.iter_mut().filter(|i| i.state == ItemState::Sending(id)) {
            if spend {
                i.attempts += 1;
            }
            if i.attempts > cfg.max_retries {
                i.state = ItemState::Failed(format!("not sent after {} retries: {reason}", cfg.max_retries));
                failed += 1;
            } else {
                i.state = ItemState::Pending;
            }
        }
        // The queue waits as long as its most-tried message must.
        let worst =
            self.items.iter().filter(|i| i.state == ItemState::Pending).map(|i| i.attempts).max().unwrap_or(0).max(1);
        let delay = rng.jitter(backoff(cfg.retry_base_ms, worst), cfg.jitter_percent);
        self.retry_at = Some(now + delay);
        failed
    }

    /// The server asked us to wait: no retry is spent.
    pub fn rate_limited(&mut self, id: RequestId, retry_after_ms: Millis, now: Millis, cfg: &Config, rng: &mut Rng) {
        for i in self.items.iter_mut().filter(|i| i.state == ItemState::Sending(id)) {
            i.state = ItemState::Pending;
        }
        let wait = rng.jitter_up(retry_after_ms.max(cfg.retry_base_ms), cfg.jitter_percent);
        self.retry_at = Some(now + wait);
    }

    /// The server refused the batch for good: every item in it fails at once.
    pub fn permanent(&mut self, id: RequestId, reason: &str) -> usize {
        let mut n = 0;
        for i in self.items.iter_mut().filter(|i| i.state == ItemState::Sending(id)) {
            i.state = ItemState::Failed(format!("rejected by the server: {reason}"));
            n += 1;
        }
        n
    }
}
