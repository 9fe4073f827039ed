//! The `beat` broadcast both ways: this tab says "still here" at a steady cadence, promising
//! when the next beat comes at the latest; the partner is gone once every tab of theirs has
//! broken its promise. A backend's own socket timeout may be a minute (hosted Supabase), so
//! this is what shows a lost network within seconds (docs/features/presence.md, "Liveness").

use uuid::Uuid;

use super::{Config, Visibility};
use crate::engine::Millis;

/// This tab's beats.
#[derive(Debug, Default)]
pub(crate) struct OwnBeat {
    /// When the next beat is due, and the visibility whose promise the last one carried;
    /// `None` while the channel cannot carry one.
    next: Option<(Millis, Visibility)>,
}

impl OwnBeat {
    /// The beat due now, if any: its promise (`within_ms`). Beats go only over a live channel
    /// (`live`: subscribed and connected); a tab becoming live or changing visibility beats at
    /// once, so the partner learns the new promise before the old one runs out.
    pub fn poll(&mut self, live: bool, visibility: Visibility, now: Millis, cfg: &Config) -> Option<Millis> {
        if !live {
            self.next = None;
            return None;
        }
        if self.next.is_some_and(|(at, promised)| now < at && promised == visibility) {
            return None;
        }
        let (interval, within) = match visibility {
            Visibility::Active => (cfg.beat_interval_ms, cfg.beat_within_ms),
            Visibility::Away => (cfg.away_beat_interval_ms, cfg.away_beat_within_ms),
        };
        self.next = Some((now + interval, visibility));
        Some(within)
    }

    pub fn wake_at(&self) -> Option<Millis> {
        self.next.map(|(at, _)| at)
    }
}

/// What the partner's beats say.
#[derive(Debug, Default)]
pub(crate) struct PartnerBeats {
    /// Per tab of the partner: when its promise runs out, and the promise itself (a handful of
    /// tabs at most: a plain list).
    tabs: Vec<(Uuid, Millis, Millis)>,
    /// The partner's client beats: silence then means gone. A client that never beat (an
    /// older app; docs/contracts.md §3 lets clients ignore events they do not know) is judged
    /// by presence alone.
    beating: bool,
    /// When a beat last arrived.
    last_heard: Option<Millis>,
}

impl PartnerBeats {
    pub fn beat(&mut self, tab: Uuid, within_ms: Millis, now: Millis, cfg: &Config) {
        let within = within_ms.min(cfg.max_beat_within_ms);
        self.tabs.retain(|(t, _, _)| *t != tab);
        self.tabs.push((tab, now + within, within));
        self.beating = true;
        self.last_heard = Some(now);
    }

    /// This side listens again after a time it could not hear (a new subscription): every tab
    /// known gets its promise anew from now, since its beats meanwhile went nowhere.
    pub fn listening_again(&mut self, now: Millis) {
        for (_, until, within) in &mut self.tabs {
            *until = (*until).max(now + *within);
        }
    }

    /// Forgets the tabs whose promise ran out. Only while listening: beats missed while this
    /// side was not connected say nothing about the partner.
    pub fn expire(&mut self, listening: bool, now: Millis) {
        if listening {
            self.tabs.retain(|(_, until, _)| now < *until);
        }
    }

    /// `Some(false)`: the partner beats, and no tab of theirs has kept its promise. `None`:
    /// the partner's client does not beat.
    pub fn alive(&self) -> Option<bool> {
        self.beating.then_some(!self.tabs.is_empty())
    }

    pub fn last_heard(&self) -> Option<Millis> {
        self.last_heard
    }

    /// When the first promise runs out, while listening (else nothing can expire).
    pub fn wake_at(&self, listening: bool) -> Option<Millis> {
        self.tabs.iter().map(|(_, until, _)| *until).min().filter(|_| listening)
    }
}
