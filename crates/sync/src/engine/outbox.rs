//! Own messages the server has not stored yet (as far as the engine knows), in `client_seq`
//! order, and the one batched upsert that may be in flight for them.

use uuid::Uuid;

use crate::domain::NewMessage;

use super::slot::{Scheduler, Slot};
use super::timers::{Kind, TimerTable};
use super::{Identity, Millis, RequestError, RequestId, SendFailure};

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
    Failed(SendFailure),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    pub id: Uuid,
    pub client_seq: i64,
    pub body: String,
    pub source_lang: String,
    /// Failed attempts that counted (not those while offline, not rate limits).
    pub attempts: u32,
    /// Why the last attempt that counted failed (or was rate limited), while it waits to be
    /// tried again: what "Not sent yet — retrying in N s" explains.
    pub last_failure: Option<SendFailure>,
    pub state: ItemState,
}

#[derive(Debug)]
pub(crate) struct Outbox {
    /// Sorted by `client_seq`.
    pub items: Vec<Item>,
    /// The upsert in flight and the retry wait of the next one.
    pub slot: Slot,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox { items: Vec::new(), slot: Slot::new(Kind::Upsert) }
    }
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

    /// Some message waits for a retry after the network or the server failed (or gave up
    /// because of that): sending is failing, whatever the channel says.
    pub fn failing(&self) -> bool {
        self.items.iter().any(|i| match &i.state {
            ItemState::Failed(f) => matches!(f, SendFailure::Unreachable { .. }),
            ItemState::Pending | ItemState::Sending(_) => {
                matches!(i.last_failure, Some(SendFailure::Unreachable { .. }))
            }
            ItemState::Stored { .. } => false,
        })
    }

    /// A flush may start now.
    pub fn due(&self, timers: &TimerTable, now: Millis) -> bool {
        self.slot.free(timers, now) && self.items.iter().any(|i| i.state == ItemState::Pending)
    }

    /// Marks every pending item as in `id` and returns their rows in `client_seq` order.
    pub fn start(
        &mut self,
        id: RequestId,
        deadline: Millis,
        me: &Identity,
        timers: &mut TimerTable,
    ) -> Vec<NewMessage> {
        self.slot.begin(id, deadline, timers);
        self.items
            .iter_mut()
            .filter(|i| i.state == ItemState::Pending)
            .map(|i| {
                i.state = ItemState::Sending(id);
                NewMessage {
                    id: i.id,
                    session_id: me.session_id,
                    sender_id: me.user_id,
                    client_seq: i.client_seq,
                    body: i.body.clone(),
                    source_lang: i.source_lang.clone(),
                }
            })
            .collect()
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

    /// A failure (or timeout) of upsert `id`, whose flight has ended. Returns how many items
    /// failed for good now. A transient failure spends one retry of each item in it when
    /// `spend` (items past the limit fail); a rate limit spends none; a permanent refusal fails
    /// every item in it at once.
    pub fn failed(&mut self, id: RequestId, error: &RequestError, spend: bool, s: &mut Scheduler) -> usize {
        let in_it = |i: &&mut Item| i.state == ItemState::Sending(id);
        let mut failed = 0;
        match error {
            RequestError::Transient(reason) => {
                let max = s.cfg.max_retries;
                for i in self.items.iter_mut().filter(in_it) {
                    if spend {
                        i.attempts += 1;
                    }
                    let failure = SendFailure::Unreachable { detail: reason.clone() };
                    if i.attempts > max {
                        i.state = ItemState::Failed(failure);
                        failed += 1;
                    } else {
                        // A failure while offline is expected and says nothing about the server.
                        if spend {
                            i.last_failure = Some(failure);
                        }
                        i.state = ItemState::Pending;
                    }
                }
            }
            RequestError::RateLimited { .. } => {
                for i in self.items.iter_mut().filter(in_it) {
                    i.last_failure = Some(SendFailure::RateLimited);
                    i.state = ItemState::Pending;
                }
            }
            RequestError::Permanent(refusal) => {
                for i in self.items.iter_mut().filter(in_it) {
                    i.state = ItemState::Failed(SendFailure::Refused(refusal.clone()));
                    failed += 1;
                }
                return failed;
            }
        }
        // The queue waits as long as its most-tried message must (nothing waits when all failed).
        let worst = self.items.iter().filter(|i| i.state == ItemState::Pending).map(|i| i.attempts).max();
        if let Some(worst) = worst {
            self.slot.retry_after(error, worst, s);
        }
        failed
    }
}
