//! Presence, typing and "translating" as a sans-IO state machine beside the
//! [`crate::engine`]: what this side tells the partner over the session channel (presence
//! `track`, `typing` broadcasts), what it shows of the partner (`partner-status`,
//! `typing-indicator`), and which messages show as translating again after a `retranslate`.
//! The rules are described in docs/features/presence.md.
//!
//! Driven the way the engine is (str0m style): every [`Input`] carries `now`, and after each
//! input the driver drains [`Presence::poll_output`] until it returns [`Output::Timeout`]:
//!
//! ```text
//! presence.handle_input(input);           // each input carries `now`
//! loop {
//!     match presence.poll_output() {
//!         Output::Track(meta) => channel.track(meta),
//!         Output::BroadcastTyping(payload) => channel.send('typing', payload),
//!         Output::BroadcastBeat(payload) => channel.send('beat', payload),
//!         Output::ReadParticipants => read the participants rows into the engine,
//!         Output::ViewChanged => signal.set(presence.view()),
//!         Output::Timeout(at) => { arm one timer for `at` (feed Input::Timeout); break }
//!     }
//! }
//! ```
//!
//! It reads the engine only through [`Input::EngineView`], fed on every engine
//! `ViewChanged`. Nothing in here reads a clock or does IO.

mod io;
mod liveness;
mod status;
mod track;
mod typing;

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::engine::{ConnectionState, Millis, Partner};

pub use io::{
    awaits_translation, BeatPayload, Input, Output, PresenceMeta, PresenceState, TypingPayload, TypingState,
    Visibility, BEAT_EVENT, TYPING_EVENT,
};
pub use status::{has_unknown_partner, partner_presence, PartnerStatus};

use liveness::{OwnBeat, PartnerBeats};
use track::Tracker;
use typing::{OwnTyping, PartnerTyping};

/// Limits and timings. `Default` is what docs/features/presence.md describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// Presence calls per channel within `presence_window_ms`. Supabase (and session-server)
    /// close a channel after 5 in 30 s; one is kept in reserve.
    pub presence_calls: usize,
    pub presence_window_ms: Millis,
    /// Added to the window before a counted call stops counting: the server starts its window
    /// when the call arrives, a little after it was made here.
    pub presence_margin_ms: Millis,
    /// Visibility changes are tracked once they have been stable this long.
    pub presence_debounce_ms: Millis,
    /// `typing` is broadcast at most this often while typing.
    pub typing_throttle_ms: Millis,
    /// The partner's `typing`/`translating` shows this long after their last broadcast.
    pub typing_expiry_ms: Millis,
    /// A `retranslate` whose outcome never arrives (realtime down) stops showing as
    /// translating after this long.
    pub retranslate_expiry_ms: Millis,
    /// A visible tab beats this often, promising the next beat within `beat_within_ms`: the
    /// partner shows `offline` at most that long after the network went (the issue's bound is
    /// 5 s; two late beats are forgiven).
    pub beat_interval_ms: Millis,
    pub beat_within_ms: Millis,
    /// A hidden tab beats less often and promises more: browsers hold back the timers of
    /// hidden tabs (Chrome: once a minute after 5 minutes hidden), and a tab in the background
    /// must not show as gone for that alone.
    pub away_beat_interval_ms: Millis,
    pub away_beat_within_ms: Millis,
    /// The longest promise taken from a partner's beat.
    pub max_beat_within_ms: Millis,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            presence_calls: crate::domain::CLIENT_PRESENCE_CALLS_PER_WINDOW as usize,
            presence_window_ms: crate::domain::PRESENCE_WINDOW_MS,
            presence_margin_ms: 250,
            presence_debounce_ms: 300,
            typing_throttle_ms: 2_000,
            typing_expiry_ms: 5_000,
            retranslate_expiry_ms: 30_000,
            beat_interval_ms: 1_000,
            beat_within_ms: 3_000,
            away_beat_interval_ms: 15_000,
            away_beat_within_ms: 90_000,
            max_beat_within_ms: 120_000,
        }
    }
}

/// Who this side is on the channel: the presence key and the meta it tracks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: Uuid,
    pub display_name: String,
    pub language: String,
    /// This tab, random per page load: the partner's beats are kept per tab.
    pub tab: Uuid,
}

/// What the UI shows of the partner, and the messages being translated again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct View {
    pub partner: PartnerStatus,
    /// When the partner was last known to be there (online or away), in the machine's clock,
    /// once they have stopped being shown so: the "last seen" of [`PartnerStatus::Unknown`]
    /// and [`PartnerStatus::Offline`].
    pub partner_last_seen: Option<Millis>,
    /// `typing` or `translating` (never `idle`) while the partner is online or away: the
    /// `typing-indicator`.
    pub partner_typing: Option<TypingState>,
    /// Messages whose `retranslate` was asked for and whose outcome has not arrived yet, in
    /// the order asked.
    pub retranslating: Vec<Uuid>,
}

/// The presence machine for one user in one session. See the module docs.
#[derive(Debug)]
pub struct Presence {
    cfg: Config,
    me: Profile,
    now: Millis,
    partner: Option<Partner>,
    partner_meta: Option<PresenceMeta>,
    awaiting_translation: bool,
    tracker: Tracker,
    own_typing: OwnTyping,
    partner_typing: PartnerTyping,
    own_beat: OwnBeat,
    partner_beats: PartnerBeats,
    partner_last_seen: Option<Millis>,
    /// The partner was online or away after the last input.
    partner_present: bool,
    /// Message id and when it stops showing as translating (a handful at most: a plain list).
    retranslating: Vec<(Uuid, Millis)>,
    /// The open channel's generation (0 first, then the latest `ChannelReplaced`): events of
    /// a replaced channel may still arrive while it is torn down, and must change nothing.
    generation: u64,
    outputs: VecDeque<Output>,
    view_checked: bool,
    last_view: Option<View>,
}

impl Presence {
    pub fn new(cfg: Config, me: Profile) -> Presence {
        Presence {
            cfg,
            me,
            now: 0,
            partner: None,
            partner_meta: None,
            awaiting_translation: false,
            tracker: Tracker::default(),
            own_typing: OwnTyping::default(),
            partner_typing: PartnerTyping::default(),
            own_beat: OwnBeat::default(),
            partner_beats: PartnerBeats::default(),
            partner_last_seen: None,
            partner_present: false,
            retranslating: Vec::new(),
            generation: 0,
            outputs: VecDeque::new(),
            view_checked: false,
            last_view: None,
        }
    }

    pub fn handle_input(&mut self, input: Input) {
        self.now = self.now.max(input.now());
        let now = self.now;
        self.view_checked = false;
        self.apply(input, now);
        self.drive(now);
    }

    /// The next thing to do. Call until it returns [`Output::Timeout`].
    pub fn poll_output(&mut self) -> Output {
        if let Some(o) = self.outputs.pop_front() {
            return o;
        }
        if !self.view_checked {
            self.view_checked = true;
            let v = self.view();
            if self.last_view.as_ref() != Some(&v) {
                self.last_view = Some(v);
                return Output::ViewChanged;
            }
        }
        Output::Timeout(self.next_deadline())
    }

    /// A snapshot for the UI.
    pub fn view(&self) -> View {
        let partner = self.partner_status();
        View {
            partner,
            partner_last_seen: self.partner_last_seen,
            partner_typing: self.partner_typing.state().filter(|_| partner.present()),
            retranslating: self.retranslating.iter().map(|(id, _)| *id).collect(),
        }
    }

    fn partner_status(&self) -> PartnerStatus {
        PartnerStatus::derive(self.partner.as_ref(), self.partner_meta.as_ref())
            .judge(self.tracker.connected(), self.partner_beats.alive())
    }

    /// The partner was told `translating` and no `idle` has followed.
    pub fn translating(&self) -> bool {
        self.own_typing.translating()
    }

    fn broadcast(&mut self, state: TypingState) {
        self.outputs.push_back(Output::BroadcastTyping(TypingPayload { user_id: self.me.user_id, state }));
    }

    fn apply(&mut self, input: Input, now: Millis) {
        match input {
            Input::EngineView { partner, connection, awaiting_translation, .. } => {
                self.partner = partner;
                self.awaiting_translation = awaiting_translation;
                self.tracker.connection(connection == ConnectionState::Connected);
                if let Some(s) = self.own_typing.awaiting(awaiting_translation) {
                    self.broadcast(s);
                }
            }
            Input::ChannelReplaced { generation, .. } => {
                self.generation = self.generation.max(generation);
                self.tracker.replaced();
            }
            Input::Subscribed { generation, .. }
            | Input::PresenceSync { generation, .. }
            | Input::TypingBroadcast { generation, .. }
            | Input::Beat { generation, .. }
                if generation != self.generation => {}
            Input::Subscribed { .. } => {
                self.tracker.subscribed();
                self.partner_beats.listening_again(now);
            }
            Input::Visible { visible, .. } => self.tracker.visible(visible, now, &self.cfg),
            Input::PresenceSync { state, .. } => {
                let me = self.me.user_id.to_string();
                self.partner_meta = partner_presence(&state, &me);
                if has_unknown_partner(&state, &me, self.partner.as_ref()) {
                    self.outputs.push_back(Output::ReadParticipants);
                }
            }
            Input::TypingBroadcast { payload, .. } => {
                // `self: false` keeps this socket's broadcasts away, not those of this
                // user's other tabs.
                if payload.user_id != self.me.user_id {
                    self.partner_typing.broadcast(payload.state, now, &self.cfg);
                }
            }
            Input::Beat { payload, .. } => {
                // Another tab of this user is not the partner either.
                if payload.user_id != self.me.user_id {
                    self.partner_beats.beat(payload.tab, payload.within_ms, now, &self.cfg);
                }
            }
            Input::Typing { active, .. } => {
                if let Some(s) = self.own_typing.typing(active, now, &self.cfg) {
                    self.broadcast(s);
                }
            }
            Input::Sent { .. } => {
                let other_language = self.partner.as_ref().is_some_and(|p| !p.left && p.language != self.me.language);
                let s = self.own_typing.sent(other_language && self.awaiting_translation);
                self.broadcast(s);
            }
            Input::Retranslate { message_id, .. } => {
                self.retranslating.retain(|(id, _)| *id != message_id);
                self.retranslating.push((message_id, now + self.cfg.retranslate_expiry_ms));
            }
            Input::RetranslateSettled { message_id, .. } => {
                self.retranslating.retain(|(id, _)| *id != message_id);
            }
            Input::Timeout { .. } => {}
        }
    }

    /// Expiries, then a beat and a presence call if due, then what the partner was last seen.
    fn drive(&mut self, now: Millis) {
        let live = self.tracker.live();
        self.partner_beats.expire(live, now);
        if let Some(within_ms) = self.own_beat.poll(live, self.tracker.want(), now, &self.cfg) {
            let beat = BeatPayload { user_id: self.me.user_id, tab: self.me.tab, within_ms };
            self.outputs.push_back(Output::BroadcastBeat(beat));
        }
        // Last seen: the last beat heard, or (a partner whose client does not beat) the moment
        // this side stopped seeing them.
        let present = self.partner_status().present();
        if self.partner_present && !present {
            self.partner_last_seen = Some(self.partner_beats.last_heard().unwrap_or(now));
        }
        self.partner_present = present;
        self.partner_typing.expire(now);
        self.retranslating.retain(|(_, until)| now < *until);
        if let Some(state) = self.tracker.poll(now, &self.cfg) {
            let meta =
                PresenceMeta { display_name: self.me.display_name.clone(), language: self.me.language.clone(), state };
            self.outputs.push_back(Output::Track(meta));
        }
    }

    /// The earliest time something is scheduled, if anything is.
    fn next_deadline(&self) -> Option<Millis> {
        [
            self.tracker.wake_at(&self.cfg),
            self.own_beat.wake_at(),
            self.partner_beats.wake_at(self.tracker.live()),
            self.partner_typing.wake_at(),
            self.retranslating.iter().map(|(_, until)| *until).min(),
        ]
        .into_iter()
        .flatten()
        .min()
    }
}
