//! The `typing` broadcast both ways: what this side tells the partner (typing, throttled;
//! translating while an own message awaits its translation; idle) and what the partner told.

use super::{Config, TypingState};
use crate::engine::Millis;

/// This side's broadcasts.
#[derive(Debug, Default)]
pub(crate) struct OwnTyping {
    /// When `typing` was last broadcast; `None` once `idle` was (or nothing yet).
    typing_sent: Option<Millis>,
    /// The partner was told `translating` and not told otherwise since.
    translating: bool,
}

impl OwnTyping {
    /// The composer has text (`active`) or was cleared: `typing` at most once per throttle
    /// window, `idle` once.
    pub fn typing(&mut self, active: bool, now: Millis, cfg: &Config) -> Option<TypingState> {
        match (active, self.typing_sent) {
            (true, Some(t)) if now < t + cfg.typing_throttle_ms => None,
            (false, None) => None,
            _ => {
                self.typing_sent = active.then_some(now);
                Some(if active { TypingState::Typing } else { TypingState::Idle })
            }
        }
    }

    /// A message went out: the partner sees `translating` when it will be translated for them,
    /// `idle` otherwise.
    pub fn sent(&mut self, translates: bool) -> TypingState {
        self.typing_sent = None;
        self.translating = translates;
        if translates {
            TypingState::Translating
        } else {
            TypingState::Idle
        }
    }

    /// The engine's view changed: once no own message awaits its translation, `idle`.
    pub fn awaiting(&mut self, awaiting: bool) -> Option<TypingState> {
        (self.translating && !awaiting).then(|| {
            self.translating = false;
            TypingState::Idle
        })
    }

    pub fn translating(&self) -> bool {
        self.translating
    }
}

/// The partner's latest `typing`/`translating`, until `idle` or its expiry.
#[derive(Debug, Default)]
pub(crate) struct PartnerTyping {
    shown: Option<(TypingState, Millis)>,
}

impl PartnerTyping {
    pub fn broadcast(&mut self, state: TypingState, now: Millis, cfg: &Config) {
        self.shown = match state {
            TypingState::Idle => None,
            s => Some((s, now + cfg.typing_expiry_ms)),
        };
    }

    pub fn expire(&mut self, now: Millis) {
        if self.shown.is_some_and(|(_, until)| now >= until) {
            self.shown = None;
        }
    }

    pub fn state(&self) -> Option<TypingState> {
        self.shown.map(|(s, _)| s)
    }

    pub fn wake_at(&self) -> Option<Millis> {
        self.shown.map(|(_, until)| until)
    }
}
