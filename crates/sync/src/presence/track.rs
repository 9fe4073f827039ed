//! When to `track()` this tab's presence: after every subscription, and after visibility
//! changes, debounced, coalesced and kept under the channel's presence rate limit.

use std::collections::VecDeque;

use super::{Config, Visibility};
use crate::engine::Millis;

#[derive(Debug, Default)]
pub(crate) struct Tracker {
    /// This tab's state, from the latest `Visible`.
    want: Visibility,
    /// A `Subscribed` came and the connection has not left `connected` since: the channel the
    /// calls are counted on is the one presence goes to. After leaving `connected` the next
    /// call waits for the next subscription, which re-tracks anyway (presence is never
    /// carried over a rejoin). The engine's view may say `connected` before or after the
    /// `Subscribed` of the same subscription.
    ready: bool,
    connected: bool,
    /// The state tracked on the current channel.
    sent: Option<Visibility>,
    /// When each presence call on the current channel was made, oldest first.
    calls: VecDeque<Millis>,
    /// A visibility change waits until then, so a quick hide/show flip ends up as no call.
    settle_at: Option<Millis>,
}

impl Tracker {
    /// A new channel: nothing tracked there, no calls counted; track at once.
    pub fn subscribed(&mut self) {
        self.ready = true;
        self.sent = None;
        self.calls.clear();
        self.settle_at = None;
    }

    /// The channel was replaced: nothing goes over it any more; the new one's subscription
    /// makes this ready again.
    pub fn replaced(&mut self) {
        self.ready = false;
    }

    pub fn connection(&mut self, connected: bool) {
        if self.connected && !connected {
            self.ready = false;
        }
        self.connected = connected;
    }

    pub fn visible(&mut self, visible: bool, now: Millis, cfg: &Config) {
        self.want = if visible { Visibility::Active } else { Visibility::Away };
        self.settle_at = Some(now + cfg.presence_debounce_ms);
    }

    /// The state to track now, if a call is due and the rate limit allows it (the call is then
    /// counted).
    pub fn poll(&mut self, now: Millis, cfg: &Config) -> Option<Visibility> {
        if self.settle_at.is_some_and(|t| now < t) {
            return None;
        }
        self.settle_at = None;
        if !self.pending() {
            return None;
        }
        let span = cfg.presence_window_ms + cfg.presence_margin_ms;
        while self.calls.front().is_some_and(|t| now >= t + span) {
            self.calls.pop_front();
        }
        if self.calls.len() >= cfg.presence_calls {
            return None;
        }
        self.calls.push_back(now);
        self.sent = Some(self.want);
        self.sent
    }

    /// When [`Tracker::poll`] may have something to do.
    pub fn wake_at(&self, cfg: &Config) -> Option<Millis> {
        if self.settle_at.is_some() {
            return self.settle_at;
        }
        if !self.pending() || self.calls.len() < cfg.presence_calls {
            return None;
        }
        self.calls.front().map(|t| t + cfg.presence_window_ms + cfg.presence_margin_ms)
    }

    /// The tab's visibility, from the latest `Visible`, debounced or not.
    pub fn want(&self) -> Visibility {
        self.want
    }

    /// The engine's view says `connected`.
    pub fn connected(&self) -> bool {
        self.connected
    }

    /// Subscribed and connected: what goes over the channel reaches the partner, and what the
    /// partner sends reaches this side.
    pub fn live(&self) -> bool {
        self.ready && self.connected
    }

    fn pending(&self) -> bool {
        self.ready && self.connected && self.sent != Some(self.want)
    }
}
