//! Catching up: when a catch-up is wanted (a gap in seqs, a stored row still missing, the
//! periodic poll), where it starts, and the participants re-read that goes with each.

use uuid::Uuid;

use crate::domain::Message;

use super::outbox::ItemState;
use super::slot::Slot;
use super::timers::Timer;
use super::view::translation_state;
use super::{Engine, Millis, RequestId, SendFailure, TranslationState};

/// Catch-up bookkeeping. The periodic catch-up is [`Timer::Poll`]: due `poll_interval_ms`
/// after the last catch-up started while subscribed, so polls only fill silences.
#[derive(Debug)]
pub(super) struct CatchUp {
    /// A catch-up should run once the slot is free.
    pub wanted: bool,
    /// The next catch-up starts from seq 0 (a stored message went missing).
    pub from_start: bool,
    /// `after_seq` of the one in flight.
    pub after: i64,
    pub slot: Slot,
}

/// Re-reads of the participants rows (the partner's receipts, language and name; our own
/// watermarks), wanted with every catch-up.
#[derive(Debug)]
pub(super) struct ParticipantsRead {
    pub wanted: bool,
    pub slot: Slot,
}

impl Engine {
    /// Realtime can lose an event while the channel stays subscribed (a dropped frame), and
    /// nothing else would bring that message until the next subscription. Rows from realtime
    /// or an upsert reply whose seq is beyond the next one expected reveal such a gap: catch
    /// up. (A seq the server skipped costs one needless catch-up, nothing more.)
    pub(super) fn detect_gap(&mut self, rows: &[Message]) {
        let known = self.timeline.max_seq().max(self.last_seen_seq);
        let first_new = rows
            .iter()
            .filter(|r| r.session_id == self.me.session_id && !self.timeline.contains(r.id))
            .map(|r| r.seq)
            .min();
        if first_new.is_some_and(|seq| seq > known + 1) {
            self.catch_up.wanted = true;
        }
    }

    /// After catch-up `id`: stored messages it should have brought but did not. The first time,
    /// fetch everything from the start; if even that misses them, send them again.
    pub(super) fn check_stored(&mut self, id: RequestId, from_start: bool) {
        let missing: Vec<Uuid> = self
            .outbox
            .items
            .iter()
            .filter(|i| matches!(i.state, ItemState::Stored { since } if since <= id))
            .map(|i| i.id)
            .collect();
        if missing.is_empty() {
            return;
        }
        if !from_start {
            self.catch_up.from_start = true;
            self.catch_up.wanted = true;
            return;
        }
        let max = self.cfg.max_retries;
        for mid in missing {
            if let Some(item) = self.outbox.get_mut(mid) {
                item.attempts += 1;
                item.state =
                    if item.attempts > max { ItemState::Failed(SendFailure::Vanished) } else { ItemState::Pending };
            }
        }
    }

    /// The periodic catch-up: due `poll_interval_ms` after the last catch-up while
    /// subscribed; not scheduled at all otherwise (a subscription catches up anyway).
    pub(super) fn schedule_poll(&mut self, now: Millis) {
        if self.cfg.poll_interval_ms == 0 || !self.conn.subscribed() {
            self.timers.stop(Timer::Poll);
            return;
        }
        match self.timers.get(Timer::Poll) {
            None => self.timers.set(Timer::Poll, now + self.cfg.poll_interval_ms),
            Some(at) if now >= at => {
                self.catch_up.wanted = true;
                self.timers.stop(Timer::Poll);
            }
            Some(_) => {}
        }
    }

    /// Where the next catch-up starts: after the last seen seq, or just before the oldest
    /// message still waiting for its translation, since a translation UPDATE missed while
    /// disconnected would otherwise never arrive (Realtime has no replay, and a seq-based
    /// catch-up does not return older rows that changed). Only the newest `history_cache`
    /// messages (what is persisted) are looked at: older pages the user loaded on demand were
    /// read just then and must not drag every later catch-up back over the whole history.
    pub(super) fn catch_up_after(&self) -> i64 {
        let partner_lang = self.partner.as_ref().map(|p| p.language.as_str());
        let skip = self.timeline.len().saturating_sub(self.cfg.history_cache);
        let oldest_untranslated = self
            .timeline
            .iter()
            .skip(skip)
            .find(|m| {
                let reader =
                    if m.sender_id == self.me.user_id { partner_lang } else { Some(self.me.language.as_str()) };
                translation_state(m, reader) == TranslationState::Pending
            })
            .map(|m| m.seq - 1);
        oldest_untranslated.map_or(self.last_seen_seq, |s| s.min(self.last_seen_seq)).max(0)
    }
}
