//! Connection state: what the header shows, and when to ask the driver for a fresh channel.

use super::timers::{Timer, TimerTable};
use super::{ChannelStatus, Config, ConnectionState, Millis, SocketState};

#[derive(Debug)]
pub(crate) struct Connection {
    pub online: bool,
    pub visible: bool,
    pub socket: Option<SocketState>,
    /// The channel's latest status; a closed socket turns `Subscribed` into `ChannelError`.
    pub channel: Option<ChannelStatus>,
    pub ever_connected: bool,
    pub given_up: bool,
    /// The channel events are taken from: 0 for the one the driver opens at start, then the
    /// `generation` of each `Request::Reconnect`. Events of older channels are ignored.
    pub generation: u64,
    /// Forced reconnects since the last subscription.
    pub forced: u32,
    pub last_forced: Option<Millis>,
}

impl Default for Connection {
    fn default() -> Self {
        Connection {
            online: true,
            visible: true,
            socket: None,
            channel: None,
            ever_connected: false,
            given_up: false,
            generation: 0,
            forced: 0,
            last_forced: None,
        }
    }
}

/// What the supervisor wants done.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Supervise {
    Nothing,
    Reconnect,
    GiveUp,
}

impl Connection {
    pub fn subscribed(&self) -> bool {
        self.channel == Some(ChannelStatus::Subscribed)
    }

    pub fn state(&self) -> ConnectionState {
        if !self.online {
            ConnectionState::Disconnected
        } else if self.subscribed() {
            ConnectionState::Connected
        } else if self.given_up {
            ConnectionState::Disconnected
        } else if self.ever_connected {
            ConnectionState::Reconnecting
        } else {
            ConnectionState::Connecting
        }
    }

    pub fn on_socket(&mut self, state: SocketState) {
        self.socket = Some(state);
        if state != SocketState::Open && self.subscribed() {
            self.channel = Some(ChannelStatus::ChannelError);
        }
    }

    /// Returns true on a (re)subscription.
    pub fn on_channel(&mut self, status: ChannelStatus, now: Millis, timers: &mut TimerTable) -> bool {
        self.channel = Some(status);
        match status {
            ChannelStatus::Subscribed => {
                self.socket = Some(SocketState::Open);
                self.ever_connected = true;
                self.given_up = false;
                self.forced = 0;
                timers.stop(Timer::Reconnect);
                true
            }
            ChannelStatus::Closed => {
                // The client will not rejoin a closed channel: ask for a new one soon (not
                // sooner than a second after the last forced reconnect, in case this is the
                // old channel of that reconnect closing).
                if !self.given_up {
                    let at = self.last_forced.map_or(now, |t| now.max(t + 1_000));
                    timers.set(Timer::Reconnect, timers.get(Timer::Reconnect).map_or(at, |r| r.min(at)));
                }
                false
            }
            ChannelStatus::ChannelError | ChannelStatus::TimedOut => false,
        }
    }

    /// The network went away, and the channel with it: whatever its socket still reports no
    /// longer counts, and coming back online asks for a new one.
    pub fn network_lost(&mut self) {
        self.channel = None;
        self.generation += 1;
    }

    /// A fresh start of the reconnect schedule (back online, tab shown, user asked).
    /// Returns true if a reconnect should be requested now.
    pub fn restart(&mut self, now: Millis, cfg: &Config, timers: &mut TimerTable) -> bool {
        self.given_up = false;
        self.forced = 0;
        if self.online && !self.subscribed() {
            self.last_forced = Some(now);
            timers.set(Timer::Reconnect, now + cfg.reconnect_stall_ms);
            true
        } else {
            false
        }
    }

    /// Advances the reconnect timer.
    pub fn supervise(&mut self, now: Millis, cfg: &Config, timers: &mut TimerTable) -> Supervise {
        let wanted = self.online && self.visible && !self.subscribed() && !self.given_up;
        if !wanted {
            timers.stop(Timer::Reconnect);
            return Supervise::Nothing;
        }
        let at = timers.get(Timer::Reconnect).unwrap_or(now + cfg.reconnect_stall_ms);
        timers.set(Timer::Reconnect, at);
        if now < at {
            return Supervise::Nothing;
        }
        if self.forced >= cfg.max_reconnects {
            self.given_up = true;
            timers.stop(Timer::Reconnect);
            return Supervise::GiveUp;
        }
        self.forced += 1;
        self.last_forced = Some(now);
        let factor = 1u64 << (self.forced - 1).min(2);
        timers.set(Timer::Reconnect, now + cfg.reconnect_stall_ms * factor);
        Supervise::Reconnect
    }
}
