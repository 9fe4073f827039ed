//! Catching up: when a catch-up is wanted (a gap in seqs, a stored row still missing, the
//! periodic poll), where it starts, how a long gap is read in pages, and the participants
//! re-read that goes with each run.
//!
//! A run is one or more pages. A first open (nothing held, nothing restored) reads only the
//! newest `history_page` messages and leaves older ones to "Load earlier messages". Any other
//! run reads forward from where it starts, `catch_up_page` rows at a time: a full page means
//! more follow, and the next page starts after its last row at once. Only when a short page
//! ends the run are stored messages checked for (a page in between proves nothing).

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
    /// A new run should start once the slot is free (and the run in progress, if any, is
    /// over: what asked for it may have happened after that run passed the spot).
    pub wanted: bool,
    /// The next run starts from seq 0 (a stored message went missing).
    pub from_start: bool,
    /// The run in progress started from seq 0.
    pub run_from_start: bool,
    /// The page in flight is a first open's newest page.
    pub newest: bool,
    /// The last page came back full: the run goes on after this seq, before anything else.
    pub next_after: Option<i64>,
    pub slot: Slot,
}

/// The next page to ask for.
pub(super) struct Page {
    pub after_seq: i64,
    pub limit: u32,
    pub newest: bool,
    /// It starts a run (a participants read goes with it).
    pub starts_run: bool,
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

    /// The page the next catch-up asks for: the rest of a run, a run from the start, a first
    /// open's newest page, or a run from [`Engine::catch_up_after`].
    pub(super) fn next_page(&mut self) -> Page {
        let forward =
            |after_seq, starts_run| Page { after_seq, limit: self.cfg.catch_up_page, newest: false, starts_run };
        let page = if let Some(after) = self.catch_up.next_after {
            forward(after, false)
        } else if self.catch_up.from_start {
            forward(0, true)
        } else if self.timeline.len() == 0 && self.last_seen_seq == 0 {
            Page { after_seq: 0, limit: self.cfg.history_page, newest: true, starts_run: true }
        } else {
            forward(self.catch_up_after(), true)
        };
        if page.starts_run {
            self.catch_up.wanted = false;
            self.catch_up.run_from_start = page.after_seq == 0 && !page.newest;
        }
        self.catch_up.newest = page.newest;
        page
    }

    /// Catch-up `id` succeeded with `count` rows, the highest `top`: go on with the run, or end
    /// it and look for stored messages it should have brought.
    pub(super) fn page_done(&mut self, id: RequestId, count: usize, top: Option<i64>) {
        if self.catch_up.newest {
            // Fewer than asked: that was the whole conversation.
            self.earlier.complete = count < self.cfg.history_page as usize;
            self.check_stored(id, false);
            return;
        }
        if count >= self.cfg.catch_up_page as usize {
            self.catch_up.next_after = Some(top.unwrap_or(self.last_seen_seq));
            return;
        }
        self.catch_up.next_after = None;
        let from_start = std::mem::take(&mut self.catch_up.run_from_start);
        if from_start {
            self.catch_up.from_start = false;
        }
        self.check_stored(id, from_start);
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
