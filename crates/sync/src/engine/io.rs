//! What goes into the engine and what comes out of it.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Message, NewMessage, Participant};

use super::PersistedState;

/// Milliseconds on the driver's monotonic clock (e.g. `performance.now()` rounded). Only ever
/// used to schedule; never to order messages.
pub type Millis = u64;

/// Names one request the engine asked for, so its reply can be matched. Replies to requests
/// the engine has given up on (timed out) are still read for the rows they carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RequestId(pub(crate) u64);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

/// How a request failed, as the driver classifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestError {
    /// Worth retrying: network failure, 5xx, 408, timeouts.
    Transient(String),
    /// Retrying cannot help: 4xx other than 408/429 (bad input, not a participant, ...).
    Permanent(Refusal),
    /// 429 (or a rate-limit error code): wait at least this long before the next try.
    RateLimited { retry_after_ms: u64 },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Transient(e) => f.write_str(e),
            RequestError::Permanent(r) => write!(f, "{r}"),
            RequestError::RateLimited { retry_after_ms } => {
                write!(f, "rate limited, retry after {retry_after_ms} ms")
            }
        }
    }
}

/// Why the server refused a request for good ([`RequestError::Permanent`]), typed so that a UI
/// says it in its own words (docs/architecture/realtime-sync.md §1.1). `Display` is the English
/// of logs and native tools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// `session_expired`: the session's 24 hours are over.
    SessionExpired,
    /// `session_not_found`.
    SessionNotFound,
    /// `invalid_input`.
    Invalid,
    /// 42501: row-level security (no longer a participant, or not the sender).
    NotAllowed,
    /// 23514: a check constraint (e.g. the message's length).
    BreaksRule,
    /// 23505.
    Duplicate,
    /// Anything else: the server's message (or code).
    Other(String),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::SessionExpired => f.write_str("this session has expired"),
            Refusal::SessionNotFound => f.write_str("this session no longer exists"),
            Refusal::Invalid => f.write_str("the server refused the message as invalid"),
            Refusal::NotAllowed => f.write_str("you are no longer allowed to write in this session"),
            Refusal::BreaksRule => f.write_str("the server refused the message (it breaks a rule, e.g. its length)"),
            Refusal::Duplicate => f.write_str("the server refused the message (duplicate)"),
            Refusal::Other(message) => write!(f, "the server refused the message: {message}"),
        }
    }
}

impl From<&str> for Refusal {
    fn from(message: &str) -> Refusal {
        Refusal::Other(message.to_string())
    }
}

impl From<String> for Refusal {
    fn from(message: String) -> Refusal {
        Refusal::Other(message)
    }
}

/// Why an own message is not sent (yet): [`super::Entry::failure`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SendFailure {
    /// The network or the server failed (a transient error); `detail` is the last one.
    Unreachable { detail: String },
    /// The server asked to slow down; the message waits as long as it said.
    RateLimited,
    /// The server refused it for good.
    Refused(Refusal),
    /// The server answered that it had it, yet never returned it, however often asked.
    Vanished,
    /// Failed in an older version of the app, which kept only this text.
    Unknown { detail: String },
}

impl fmt::Display for SendFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendFailure::Unreachable { detail } => write!(f, "not sent: {detail}"),
            SendFailure::RateLimited => f.write_str("not sent yet: sending too fast"),
            SendFailure::Refused(r) => write!(f, "rejected by the server: {r}"),
            SendFailure::Vanished => f.write_str("not sent: the server reported it stored but never returned it"),
            SendFailure::Unknown { detail } => f.write_str(detail),
        }
    }
}

/// The latest problem the view shows ([`super::View::error`]), typed: a UI maps each case to
/// its own words and keeps the detail for "Details". `Display` is the English of logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// `count` own messages gave up now: retries spent, or refused.
    NotSent { count: usize, failure: SendFailure },
    /// The server asked to wait `wait_s` seconds; the messages stay queued.
    RateLimited { wait_s: u64 },
    /// Catching up on missed messages was refused; it is retried on the backoff schedule.
    CatchUpRefused(Refusal),
    /// "Load earlier messages" failed (the control offers it again).
    EarlierFailed { detail: String },
    /// Reconnecting was given up; it resumes when the network comes back or on reconnect.
    ReconnectGaveUp,
    /// A user action was refused.
    Rejected(Rejected),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotSent { count, failure } => write!(f, "{count} message(s) {failure}"),
            Problem::RateLimited { wait_s } => {
                write!(f, "Sending too fast: the server asked to wait {wait_s} s; your messages are queued")
            }
            Problem::CatchUpRefused(r) => write!(f, "Could not load missed messages: {r}"),
            Problem::EarlierFailed { detail } => write!(f, "Could not load earlier messages: {detail}"),
            Problem::ReconnectGaveUp => f.write_str(
                "Could not reconnect to the session. Messages stay queued; reconnecting resumes when the \
                 network comes back or on reconnect.",
            ),
            Problem::Rejected(r) => write!(f, "{r}"),
        }
    }
}

/// The WebSocket's state, as far as the driver can tell (supabase-js `connectionState()`).
/// Optional: a driver that only reports channel statuses works too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SocketState {
    Connecting,
    Open,
    Closed,
}

/// The session channel's subscribe-callback status (realtime-js).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChannelStatus {
    /// Join acknowledged; fires again on every successful rejoin.
    Subscribed,
    /// Join refused, server error or socket failure; the client rejoins by itself.
    ChannelError,
    /// No join reply in time; the client rejoins by itself.
    TimedOut,
    /// The channel was closed and will not rejoin by itself.
    Closed,
}

/// Everything that can happen to the engine. Each input carries `now`.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The user sends a message.
    Send {
        body: String,
        now: Millis,
    },
    /// The user asks to retry an own message that failed (or is waiting).
    Retry {
        message_id: Uuid,
        now: Millis,
    },
    /// The user asks to send what waits for a retry now ("Retry now"), without waiting out the
    /// backoff. Attempts already counted stay counted.
    RetryNow {
        now: Millis,
    },
    /// The user removes a failed message from the outbox.
    Discard {
        message_id: Uuid,
        now: Millis,
    },
    /// Reply to [`Request::Upsert`]: the rows the server inserted (rows it already had are
    /// absent, as PostgREST answers `ignoreDuplicates`).
    UpsertOk {
        id: RequestId,
        rows: Vec<Message>,
        now: Millis,
    },
    UpsertErr {
        id: RequestId,
        error: RequestError,
        now: Millis,
    },
    /// Reply to [`Request::CatchUp`]: the page of messages with `seq > after_seq` it asked for
    /// (any order).
    CatchUpOk {
        id: RequestId,
        rows: Vec<Message>,
        now: Millis,
    },
    CatchUpErr {
        id: RequestId,
        error: RequestError,
        now: Millis,
    },
    /// Reply to [`Request::Ack`].
    AckOk {
        id: RequestId,
        now: Millis,
    },
    AckErr {
        id: RequestId,
        error: RequestError,
        now: Millis,
    },
    /// Realtime `INSERT public.messages` on channel `generation`.
    RealtimeInsert {
        generation: u64,
        row: Message,
        now: Millis,
    },
    /// Realtime `UPDATE public.messages` (a translation arrived or was retried).
    RealtimeUpdate {
        generation: u64,
        row: Message,
        now: Millis,
    },
    /// Realtime `UPDATE public.participants` (own row or the partner's).
    ParticipantUpdate {
        generation: u64,
        participant: Participant,
        now: Millis,
    },
    /// Reply to [`Request::ReadParticipants`]: the session's participants rows.
    ParticipantsOk {
        id: RequestId,
        rows: Vec<Participant>,
        now: Millis,
    },
    ParticipantsErr {
        id: RequestId,
        error: RequestError,
        now: Millis,
    },
    /// Something outside the engine's inputs shows the participants rows changed (presence
    /// lists a user the engine has no row for: a join is not a realtime UPDATE): read them.
    ParticipantsStale {
        now: Millis,
    },
    /// The user asks for the page of stored messages before the oldest one held ("Load
    /// earlier messages"). Ignored while a page is in flight or nothing older can exist.
    LoadEarlier {
        now: Millis,
    },
    /// Reply to [`Request::LoadEarlier`]: up to `limit` messages with `seq < before_seq`.
    EarlierOk {
        id: RequestId,
        rows: Vec<Message>,
        now: Millis,
    },
    EarlierErr {
        id: RequestId,
        error: RequestError,
        now: Millis,
    },
    /// Messages read by other means (e.g. an initial page load); merged like any server row.
    History {
        rows: Vec<Message>,
        now: Millis,
    },
    /// The socket carrying channel `generation` (a driver with one socket for every channel
    /// passes the latest generation it was asked for).
    SocketState {
        generation: u64,
        state: SocketState,
        now: Millis,
    },
    /// Channel `generation`'s subscribe callback.
    ChannelStatus {
        generation: u64,
        status: ChannelStatus,
        now: Millis,
    },
    /// `navigator.onLine` at start, then every `online`/`offline` event.
    Online {
        online: bool,
        now: Millis,
    },
    /// `document.visibilityState === 'visible'` at start, then every `visibilitychange`.
    Visible {
        visible: bool,
        now: Millis,
    },
    /// The user asks to reconnect now (e.g. a button on a "disconnected" header).
    Reconnect {
        now: Millis,
    },
    /// The user closed the error banner.
    DismissError {
        now: Millis,
    },
    /// The deadline the engine last returned has passed (firing late or early is harmless).
    Timeout {
        now: Millis,
    },
}

impl Input {
    pub(crate) fn now(&self) -> Millis {
        match *self {
            Input::Send { now, .. }
            | Input::Retry { now, .. }
            | Input::RetryNow { now }
            | Input::Discard { now, .. }
            | Input::UpsertOk { now, .. }
            | Input::UpsertErr { now, .. }
            | Input::CatchUpOk { now, .. }
            | Input::CatchUpErr { now, .. }
            | Input::AckOk { now, .. }
            | Input::AckErr { now, .. }
            | Input::RealtimeInsert { now, .. }
            | Input::RealtimeUpdate { now, .. }
            | Input::ParticipantUpdate { now, .. }
            | Input::ParticipantsOk { now, .. }
            | Input::ParticipantsErr { now, .. }
            | Input::ParticipantsStale { now }
            | Input::LoadEarlier { now }
            | Input::EarlierOk { now, .. }
            | Input::EarlierErr { now, .. }
            | Input::History { now, .. }
            | Input::SocketState { now, .. }
            | Input::ChannelStatus { now, .. }
            | Input::Online { now, .. }
            | Input::Visible { now, .. }
            | Input::Reconnect { now }
            | Input::DismissError { now }
            | Input::Timeout { now } => now,
        }
    }
}

/// Work for the driver. Requests with an `id` expect exactly one reply input with that id (or
/// none at all: after `Config::request_timeout_ms` the engine counts it as a transient failure).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `from('messages').upsert(rows, {onConflict: 'id', ignoreDuplicates: true}).select()`.
    /// `rows` is the whole sendable outbox in `client_seq` order. At most one is in flight.
    Upsert { id: RequestId, rows: Vec<NewMessage> },
    /// `from('messages').select('*').eq('session_id', ..).gt('seq', after_seq)
    /// .order('seq', {ascending: !newest}).limit(limit)`: the oldest `limit` messages after
    /// `after_seq` (a full page means more follow: the engine asks for the next page at once),
    /// or, with `newest`, the newest `limit` (a first open: older ones are paged on demand).
    /// A [`Request::ReadParticipants`] goes with each run of pages. At most one is in flight.
    CatchUp { id: RequestId, after_seq: i64, limit: u32, newest: bool },
    /// `from('participants').select('*').eq('session_id', ..)`. Asked with every catch-up,
    /// periodic ones included: a lost receipt UPDATE shows no gap, and this is how it is found.
    /// At most one is in flight; a failed one is retried on the backoff schedule.
    ReadParticipants { id: RequestId },
    /// `rpc('ack_messages', {session_id, delivered_seq, read_seq})`. At most one is in flight.
    Ack { id: RequestId, delivered_seq: i64, read_seq: i64 },
    /// `from('messages').select('*').eq('session_id', ..).lt('seq', before_seq)
    /// .order('seq', {ascending: false}).limit(limit)`. Asked only by [`Input::LoadEarlier`];
    /// at most one is in flight, and the driver always replies (it has no reply timer: the
    /// user asked, and a failure only shows).
    LoadEarlier { id: RequestId, before_seq: i64, limit: u32 },
    /// Tear the session channel down and subscribe a new one, connecting the socket if it is
    /// not (no reply: the outcome arrives as `ChannelStatus`). Events of the new channel carry
    /// `generation`; the engine ignores those of older channels, so a driver may still feed
    /// whatever the removed channel reports.
    Reconnect { generation: u64 },
}

/// What [`super::Engine::poll_output`] hands out, drained until `Timeout`.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Request(Request),
    /// Save this (e.g. `localStorage`, key per session and user), replacing what was saved.
    Persist(Box<PersistedState>),
    /// [`super::Engine::view`] has changed.
    ViewChanged,
    /// Nothing more to do now: feed `Input::Timeout` at this time (`None`: no timer needed).
    Timeout(Option<Millis>),
}

/// Why an input was refused. Also shown in the view's `error` ([`Problem::Rejected`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rejected {
    /// The outbox already holds `limit` messages.
    OutboxFull { limit: usize },
    /// Blank, or longer than the limit once trailing whitespace is trimmed.
    InvalidBody,
    /// No own unsent message has this id.
    UnknownMessage(Uuid),
    /// Only a failed message can be discarded.
    NotFailed(Uuid),
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejected::OutboxFull { limit } => write!(
                f,
                "{limit} messages are already waiting to be sent; wait until they are sent, or remove failed ones"
            ),
            Rejected::InvalidBody => {
                write!(f, "a message must have 1 to {} characters and not be blank", crate::domain::MAX_BODY_CHARS)
            }
            Rejected::UnknownMessage(id) => write!(f, "no unsent message {id}"),
            Rejected::NotFailed(id) => write!(f, "message {id} has not failed"),
        }
    }
}

impl std::error::Error for Rejected {}
