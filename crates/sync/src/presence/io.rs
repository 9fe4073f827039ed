//! What goes into the presence machine and what comes out of it, and the channel's wire types
//! for presence and `typing` (docs/contracts.md §3).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Message;
use crate::engine::{ConnectionState, Entry, MessageStatus, Millis, Partner, TranslationState, View};

/// A tab's presence `state`: `away` while the page is hidden.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Away,
    /// Also what a missing or unknown state reads as: a tab that is there.
    #[default]
    #[serde(other)]
    Active,
}

/// One presence meta of the channel: `{display_name, language, state}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresenceMeta {
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub state: Visibility,
}

/// `channel.presenceState()`: the metas per presence key (the user id), one per tab.
pub type PresenceState = HashMap<String, Vec<PresenceMeta>>;

/// The `state` of a `typing` broadcast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TypingState {
    Typing,
    /// An own message awaits its translation.
    Translating,
    Idle,
}

impl TypingState {
    pub fn as_str(self) -> &'static str {
        match self {
            TypingState::Typing => "typing",
            TypingState::Translating => "translating",
            TypingState::Idle => "idle",
        }
    }
}

/// The payload of the `typing` broadcast event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypingPayload {
    pub user_id: Uuid,
    pub state: TypingState,
}

/// The broadcast event names of the session channel (docs/contracts.md §3). A client ignores
/// events it does not know, so adding one breaks no older client.
pub const TYPING_EVENT: &str = "typing";
pub const BEAT_EVENT: &str = "beat";

/// The payload of the `beat` broadcast event: tab `tab` of `user_id` is there and beats
/// again within `within_ms` of this one (a duration, since the two devices' clocks are not
/// comparable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BeatPayload {
    pub user_id: Uuid,
    pub tab: Uuid,
    pub within_ms: Millis,
}

/// Everything that can happen to the presence machine. Each input carries `now`.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// What the presence machine reads of the engine's view; feed it on every
    /// `engine::Output::ViewChanged` (see [`Input::engine_view`]).
    EngineView {
        partner: Option<Partner>,
        connection: ConnectionState,
        /// An own message on its way awaits its translation.
        awaiting_translation: bool,
        now: Millis,
    },
    /// The driver is carrying out the engine's `Request::Reconnect { generation }`: from now
    /// on only the new channel's events (those carrying `generation`) count.
    ChannelReplaced { generation: u64, now: Millis },
    /// Channel `generation` reported `SUBSCRIBED` (the first time or on a rejoin): a channel
    /// the server holds no presence for, with a fresh presence rate window.
    Subscribed { generation: u64, now: Millis },
    /// `document.visibilityState === 'visible'` at start, then every `visibilitychange`. Its
    /// `now` is also when a tab whose timers the browser held back while hidden looks at the
    /// partner's beats again.
    Visible { visible: bool, now: Millis },
    /// Channel `generation`'s `presenceState()` on every presence `sync`.
    PresenceSync { generation: u64, state: PresenceState, now: Millis },
    /// A `typing` broadcast arrived on channel `generation` (own ones from other tabs included).
    TypingBroadcast { generation: u64, payload: TypingPayload, now: Millis },
    /// A `beat` broadcast arrived on channel `generation` (own ones from other tabs included).
    Beat { generation: u64, payload: BeatPayload, now: Millis },
    /// The composer: text is there (`true`) or was cleared (`false`).
    Typing { active: bool, now: Millis },
    /// The engine accepted a send. Feed it after the engine's view of that send.
    Sent { now: Millis },
    /// The user asked for `retranslate` of this message.
    Retranslate { message_id: Uuid, now: Millis },
    /// The outcome of a `retranslate` arrived (see [`Input::message_row`]) or the call failed.
    RetranslateSettled { message_id: Uuid, now: Millis },
    /// The deadline last returned has passed (firing late or early is harmless).
    Timeout { now: Millis },
}

impl Input {
    pub fn now(&self) -> Millis {
        match *self {
            Input::EngineView { now, .. }
            | Input::ChannelReplaced { now, .. }
            | Input::Subscribed { now, .. }
            | Input::Visible { now, .. }
            | Input::PresenceSync { now, .. }
            | Input::TypingBroadcast { now, .. }
            | Input::Beat { now, .. }
            | Input::Typing { now, .. }
            | Input::Sent { now }
            | Input::Retranslate { now, .. }
            | Input::RetranslateSettled { now, .. }
            | Input::Timeout { now } => now,
        }
    }

    /// [`Input::EngineView`] from the engine's view.
    pub fn engine_view(view: &View, now: Millis) -> Input {
        Input::EngineView {
            partner: view.partner.clone(),
            connection: view.connection,
            awaiting_translation: view.entries.iter().any(awaits_translation),
            now,
        }
    }

    /// A realtime `messages` row settles a `retranslate` when it carries a translation or a
    /// translation error.
    pub fn message_row(row: &Message, now: Millis) -> Option<Input> {
        (row.translated_body.is_some() || row.translation_error.is_some())
            .then_some(Input::RetranslateSettled { message_id: row.id, now })
    }
}

/// An own message on its way whose translation has not arrived yet. Queued or failed ones are
/// not being translated.
pub fn awaits_translation(e: &Entry) -> bool {
    e.own
        && e.translation == TranslationState::Pending
        && !matches!(e.status, Some(MessageStatus::Failed | MessageStatus::Pending))
}

/// What [`super::Presence::poll_output`] hands out, drained until `Timeout`.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// `channel.track(meta)`.
    Track(PresenceMeta),
    /// `channel.send({type: 'broadcast', event: 'typing', payload})`.
    BroadcastTyping(TypingPayload),
    /// `channel.send({type: 'broadcast', event: 'beat', payload})`.
    BroadcastBeat(BeatPayload),
    /// Presence shows someone this browser has no participants row for (a new partner's row
    /// is an INSERT, which the channel does not carry): read the participants rows into the
    /// engine.
    ReadParticipants,
    /// [`super::Presence::view`] has changed.
    ViewChanged,
    /// Nothing more to do now: feed `Input::Timeout` at this time (`None`: no timer needed).
    Timeout(Option<Millis>),
}
