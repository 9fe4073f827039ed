//! The Realtime server as a pure state machine: no tokio, no sockets, no clock.
//!
//! The driver feeds [`Input`]s (a socket opened or closed, a frame received, a committed row
//! change, a timer tick), each carrying `now`, and drains [`Output`]s (a frame for socket X,
//! close socket X) with [`Hub::poll_output`]. [`Hub::poll_timeout`] says when the next tick is
//! due. Everything the protocol promises — join authorization, postgres_changes audience
//! checks, presence bookkeeping, broadcast fan-out, rate limits, token expiry — lives here, so
//! tests replay any interleaving deterministically.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::Duration;

use serde_json::{json, Map, Value};
use session_sync::domain;
use uuid::Uuid;

use super::filter::{Binding, BindingError};
use super::protocol::{self, BroadcastPush, Frame, Inbound, Message, Vsn, ENCODING_JSON};
use crate::changes::{columns_of, Change};
use crate::jwt::{Claims, JwtKeys};
use crate::rate::{InputClock, Limiter};

pub type SocketId = u64;
/// Milliseconds since the Unix epoch: the sync engine's time type, so the whole product counts
/// time one way.
pub use session_sync::engine::Millis;

/// The one question the hub must ask the database: may `user` read session `session`'s channel.
pub trait Access: Send {
    fn is_participant(&self, session: Uuid, user: Uuid) -> Result<bool, String>;
}

/// Tunables. Defaults follow Supabase's client-visible limits, except the broadcast payload
/// limit, which is sized for a chat app rather than a whole project.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Close a socket that sent no frame (not even a heartbeat) for this long.
    pub idle_timeout_ms: Millis,
    /// Presence calls (track or untrack) allowed per channel per window; 0 disables the limit.
    pub presence_calls: u32,
    pub presence_window_ms: Millis,
    /// Largest broadcast payload or presence meta, in bytes.
    pub max_payload_bytes: usize,
    /// Sustained frames per second a socket may send, and the burst above it; 0 disables.
    pub frames_per_sec: u32,
    pub frame_burst: u32,
    pub max_channels_per_socket: usize,
    /// Largest `phx_join` frame, in bytes: bigger ones are refused from their envelope alone,
    /// before the payload is parsed.
    pub max_join_bytes: usize,
    /// postgres_changes bindings one join may ask for.
    pub max_bindings_per_join: usize,
    /// Sockets one user may have channels joined on at once.
    pub max_sockets_per_user: usize,
    /// Sustained joins per second per socket, and the burst above it; beyond, the socket is
    /// disconnected as Supabase does. 0 disables.
    pub joins_per_sec: u32,
    pub join_burst: u32,
    /// Whether topics other than `session:<uuid>` may be joined (see [`topic_rule`]).
    pub public_topics: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle_timeout_ms: 60_000,
            presence_calls: domain::PRESENCE_CALLS_PER_WINDOW,
            presence_window_ms: domain::PRESENCE_WINDOW_MS,
            max_payload_bytes: 64 * 1024,
            frames_per_sec: 100,
            frame_burst: 200,
            max_channels_per_socket: 10,
            max_join_bytes: 16 * 1024,
            max_bindings_per_join: 10,
            max_sockets_per_user: 8,
            joins_per_sec: 10,
            join_burst: 20,
            public_topics: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A WebSocket was accepted; `apikey` is the (already verified) connect key, used as the
    /// token of joins that bring none.
    Open {
        socket: SocketId,
        vsn: Vsn,
        apikey: String,
        now: Millis,
    },
    Frame {
        socket: SocketId,
        frame: Frame,
        now: Millis,
    },
    /// The transport is gone (client close, error, or after we asked to close it).
    Closed {
        socket: SocketId,
    },
    /// A committed row change; delivered to matching subscribers in `change.audience`.
    Change(Change),
    /// A broadcast that arrived over HTTP (already authorized): `topic` includes `realtime:`.
    ApiBroadcast {
        topic: String,
        event: String,
        payload: Value,
    },
    Tick {
        now: Millis,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Send { socket: SocketId, frame: Frame },
    Close { socket: SocketId, code: u16, reason: String },
}

pub const CLOSE_NORMAL: u16 = 1000;
pub const CLOSE_POLICY: u16 = 1008;

struct Socket {
    vsn: Vsn,
    apikey: String,
    last_seen: Millis,
    /// When the last heartbeat came, and the gap before it: a client's own cadence.
    last_beat: Option<Millis>,
    beat_gap: Option<Millis>,
    /// `None` when the limit is off.
    frames: Option<Limiter>,
    joins: Option<Limiter>,
    /// Boxed: a map node holds room for eleven entries, and a socket has one channel, so an
    /// unboxed `Channel` (320 bytes) made every idle socket carry 3.5 KiB of empty slots.
    channels: BTreeMap<String, Box<Channel>>,
}

/// One joined topic of one socket (a channel process, in Phoenix's terms).
struct Channel {
    join_ref: Option<String>,
    sub_topic: String,
    broadcast_self: bool,
    broadcast_ack: bool,
    presence_key: String,
    /// Whether this client has had a `presence_state` (phoenix.js ignores diffs until then).
    presence_enabled: bool,
    bindings: Vec<Binding>,
    /// A digest of the token the channel was joined or last refreshed with: enough to tell an
    /// unchanged token from a new one without keeping a user JWT (600+ bytes) per channel.
    token_digest: u64,
    /// The token's user (`sub`) and expiry: all a channel reads of its claims once joined.
    user: Option<Uuid>,
    exp: i64,
    /// `Some` for `session:<uuid>` topics: re-checked when the token changes.
    session: Option<Uuid>,
    /// phx_ref of this channel's presence meta, while tracked.
    tracked: Option<String>,
    presence_calls: VecDeque<Millis>,
}

impl Channel {
    fn user(&self) -> Option<Uuid> {
        self.user
    }
}

/// How long `socket` may stay silent: two of its own heartbeat intervals plus half a second
/// (never under 3 s, never over the configured timeout). A partner whose network vanished
/// without closing the socket thus leaves presence within seconds when the client beats fast
/// (the app: every 2 s → 4.5 s); a stock supabase-js client (25 s) gets 50.5 s.
fn idle_limit(socket: &Socket, limits: &Limits) -> Millis {
    match socket.beat_gap {
        Some(gap) => gap.saturating_mul(2).saturating_add(500).max(3000).min(limits.idle_timeout_ms),
        _ => limits.idle_timeout_ms,
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Meta {
    phx_ref: String,
    phx_ref_prev: Option<String>,
    payload: Map<String, Value>,
    owner: SocketId,
}

impl Meta {
    fn to_json(&self) -> Value {
        let mut obj = self.payload.clone();
        obj.insert("phx_ref".into(), Value::String(self.phx_ref.clone()));
        if let Some(prev) = &self.phx_ref_prev {
            obj.insert("phx_ref_prev".into(), Value::String(prev.clone()));
        }
        Value::Object(obj)
    }
}

/// What a channel keeps of its token (see `Channel::token_digest`). A collision could only
/// make a refresh look unchanged, which keeps the claims the channel already had.
fn digest(token: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut hasher);
    hasher.finish()
}

fn within(limiter: &Option<Limiter>) -> bool {
    limiter.as_ref().is_none_or(Limiter::allow)
}

pub struct Hub {
    keys: JwtKeys,
    access: Box<dyn Access>,
    limits: Limits,
    sockets: HashMap<SocketId, Socket>,
    /// topic → sockets joined to it.
    members: HashMap<String, BTreeSet<SocketId>>,
    /// topic → presence key → metas (one per tracking channel).
    presence: HashMap<String, BTreeMap<String, Vec<Meta>>>,
    /// user → (socket, topic) of their channels: postgres_changes fan-out starts from a change's
    /// audience, so a row can only ever reach the users allowed to see it.
    by_user: HashMap<Uuid, BTreeSet<(SocketId, String)>>,
    ref_prefix: String,
    next_ref: u64,
    out: VecDeque<Output>,
    /// The time of the latest input, as the frame and join limiters read it.
    clock: InputClock,
}

/// Seconds since the epoch, as JWT `exp` counts them.
fn now_secs(now: Millis) -> i64 {
    i64::try_from(now / 1000).unwrap_or(i64::MAX)
}

/// A token's expiry in the hub's time.
fn exp_millis(exp: i64) -> Millis {
    u64::try_from(exp).unwrap_or(0).saturating_mul(1000)
}

fn status_reply(status: &str, response: Value) -> Value {
    json!({"status": status, "response": response})
}

fn unauthorized(sub_topic: &str) -> String {
    format!("Unauthorized: You do not have permissions to read from this Channel topic: {sub_topic}")
}

/// Which topics can be joined at all, decided from the name alone (no token, no database):
/// `session:<uuid>` (the only topic the app uses; answers the session id), and other public
/// topics only when `public_topics` is on. Everything else is refused as unauthorized, so a
/// client probing made-up topics costs the server next to nothing.
pub fn topic_rule(sub_topic: &str, private: bool, public_topics: bool) -> Result<Option<Uuid>, String> {
    if let Some(rest) = sub_topic.strip_prefix("session:") {
        return Uuid::parse_str(rest).map(Some).map_err(|_| unauthorized(sub_topic));
    }
    if private || !public_topics {
        return Err(unauthorized(sub_topic));
    }
    Ok(None)
}

/// The private-channel policy of docs/contracts.md §3 on top of [`topic_rule`]: a `session:<uuid>`
/// topic is readable by the session's participants only (whatever `private` says); other
/// private topics by nobody; other public topics (if allowed at all) by any valid token.
/// Returns the session id for session topics, or the join error's `reason`.
pub fn authorize(
    access: &dyn Access,
    sub_topic: &str,
    private: bool,
    public_topics: bool,
    claims: &Claims,
) -> Result<Option<Uuid>, String> {
    let unauthorized = || unauthorized(sub_topic);
    if let Some(session) = topic_rule(sub_topic, private, public_topics)? {
        let user = claims.user_id().ok_or_else(unauthorized)?;
        return match access.is_participant(session, user) {
            Ok(true) => Ok(Some(session)),
            Ok(false) => Err(unauthorized()),
            Err(err) => {
                tracing::error!(error = %err, "realtime: participant check failed");
                Err("Unknown Error on Channel".into())
            }
        };
    }
    Ok(None)
}

impl Hub {
    /// `ref_prefix` makes presence refs unique across server restarts (clients diff presence
    /// by `phx_ref`, so a reused ref would hide a change); the driver passes something random.
    pub fn new(keys: JwtKeys, access: Box<dyn Access>, limits: Limits, ref_prefix: impl Into<String>) -> Hub {
        Hub {
            keys,
            access,
            limits,
            sockets: HashMap::new(),
            members: HashMap::new(),
            presence: HashMap::new(),
            by_user: HashMap::new(),
            ref_prefix: ref_prefix.into(),
            next_ref: 0,
            out: VecDeque::new(),
            clock: InputClock::default(),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn poll_output(&mut self) -> Option<Output> {
        self.out.pop_front()
    }

    /// When the next [`Input::Tick`] has work to do: the earliest idle deadline or token expiry.
    pub fn poll_timeout(&self) -> Option<Millis> {
        self.sockets
            .values()
            .flat_map(|s| {
                let idle = s.last_seen.saturating_add(idle_limit(s, &self.limits));
                std::iter::once(idle).chain(s.channels.values().map(|c| exp_millis(c.exp)))
            })
            .min()
    }

    pub fn socket_count(&self) -> usize {
        self.sockets.len()
    }

    /// The presence state of `topic` as a `presence_state` payload.
    pub fn presence_state(&self, topic: &str) -> Value {
        let mut state = Map::new();
        if let Some(keys) = self.presence.get(topic) {
            for (key, metas) in keys {
                let metas: Vec<Value> = metas.iter().map(Meta::to_json).collect();
                state.insert(key.clone(), json!({ "metas": metas }));
            }
        }
        Value::Object(state)
    }

    pub fn handle_input(&mut self, input: Input) {
        if let Input::Open { now, .. } | Input::Frame { now, .. } | Input::Tick { now } = &input {
            self.clock.set(Duration::from_millis(*now));
        }
        match input {
            Input::Open { socket, vsn, apikey, now } => {
                let limits = &self.limits;
                let frames = Limiter::new(limits.frames_per_sec, limits.frame_burst, &self.clock);
                let joins = Limiter::new(limits.joins_per_sec, limits.join_burst, &self.clock);
                self.sockets.entry(socket).or_insert(Socket {
                    vsn,
                    apikey,
                    last_seen: now,
                    // phoenix.js starts its heartbeat timer on open: the first gap counts.
                    last_beat: Some(now),
                    beat_gap: None,
                    frames,
                    joins,
                    channels: BTreeMap::new(),
                });
            }
            Input::Frame { socket, frame, now } => self.on_frame(socket, frame, now),
            Input::Closed { socket } => self.remove_socket(socket),
            Input::Change(change) => self.fan_out_change(&change),
            Input::ApiBroadcast { topic, event, payload } => {
                let message = json!({"type": "broadcast", "event": event, "payload": payload});
                let msg = Message::new(None, None, &topic, "broadcast", message);
                for member in self.members_of(&topic) {
                    self.push(member, &msg);
                }
            }
            Input::Tick { now } => self.on_tick(now),
        }
    }

    fn on_frame(&mut self, sid: SocketId, frame: Frame, now: Millis) {
        let Some(socket) = self.sockets.get_mut(&sid) else { return };
        socket.last_seen = now;
        if !within(&socket.frames) {
            tracing::warn!(socket = sid, "realtime: frame flood, closing socket");
            self.kill_socket(sid, CLOSE_POLICY, "Too many messages per second");
            return;
        }
        // A join's cost grows with its payload (every binding is parsed, checked and kept), so
        // a big text frame is first looked at without parsing its payload.
        if let Frame::Text(text) = &frame {
            if text.len() > self.limits.max_join_bytes {
                let vsn = socket.vsn;
                if let Ok(envelope) = protocol::decode_envelope(vsn, text) {
                    if envelope.event == "phx_join" {
                        let reason =
                            format!("JoinTooLarge: A join message may be at most {} bytes", self.limits.max_join_bytes);
                        let msg = Message {
                            join_ref: envelope.join_ref,
                            msg_ref: envelope.msg_ref,
                            topic: envelope.topic,
                            event: envelope.event,
                            payload: Value::Null,
                        };
                        self.reply(sid, msg.join_ref.as_deref(), &msg, "error", json!({ "reason": reason }));
                        return;
                    }
                }
            }
        }
        match protocol::decode(socket.vsn, &frame) {
            Ok(Inbound::Message(msg)) => self.on_message(sid, msg, now),
            Ok(Inbound::Broadcast(push)) => self.on_broadcast_push(sid, push),
            Err(err) => tracing::debug!(socket = sid, error = %err, "realtime: dropping malformed frame"),
        }
    }

    fn on_message(&mut self, sid: SocketId, msg: Message, now: Millis) {
        if msg.topic == "phoenix" && msg.event == "heartbeat" {
            if let Some(socket) = self.sockets.get_mut(&sid) {
                // Two beats in a burst (a reconnect, a test) say nothing about the cadence.
                if let Some(gap) = socket.last_beat.map(|t| now.saturating_sub(t)).filter(|g| *g >= 100) {
                    socket.beat_gap = Some(gap);
                }
                socket.last_beat = Some(now);
            }
            self.reply(sid, None, &msg, "ok", json!({}));
            return;
        }
        if msg.event == "phx_join" {
            self.join(sid, msg, now);
            return;
        }
        if !self.is_joined(sid, &msg.topic) {
            self.reply(sid, None, &msg, "error", json!({"reason": "unmatched topic"}));
            return;
        }
        match msg.event.as_str() {
            "phx_leave" => self.leave(sid, &msg),
            "broadcast" => self.on_json_broadcast(sid, &msg),
            "presence" => self.on_presence(sid, &msg, now),
            "access_token" => self.on_access_token(sid, &msg, now),
            other => tracing::debug!(socket = sid, event = other, "realtime: ignoring unknown channel event"),
        }
    }

    // ---- output helpers -------------------------------------------------------------------

    fn push(&mut self, sid: SocketId, msg: &Message) {
        if let Some(socket) = self.sockets.get(&sid) {
            let frame = protocol::encode(socket.vsn, msg);
            self.out.push_back(Output::Send { socket: sid, frame });
        }
    }

    /// `phx_reply` to `msg`, matched by the client through `ref`.
    fn reply(&mut self, sid: SocketId, join_ref: Option<&str>, msg: &Message, status: &str, response: Value) {
        let reply =
            Message::new(join_ref, msg.msg_ref.as_deref(), &msg.topic, "phx_reply", status_reply(status, response));
        self.push(sid, &reply);
    }

    fn system(
        &mut self,
        sid: SocketId,
        topic: &str,
        join_ref: Option<&str>,
        extension: &str,
        status: &str,
        text: &str,
    ) {
        let channel = topic.strip_prefix("realtime:").unwrap_or(topic);
        let payload = json!({"message": text, "status": status, "extension": extension, "channel": channel});
        self.push(sid, &Message::new(join_ref, None, topic, "system", payload));
    }

    fn members_of(&self, topic: &str) -> Vec<SocketId> {
        self.members.get(topic).map(|m| m.iter().copied().collect()).unwrap_or_default()
    }

    fn is_joined(&self, sid: SocketId, topic: &str) -> bool {
        self.sockets.get(&sid).is_some_and(|s| s.channels.contains_key(topic))
    }

    fn next_phx_ref(&mut self) -> String {
        self.next_ref += 1;
        format!("{}{}", self.ref_prefix, self.next_ref)
    }

    // ---- join / leave ---------------------------------------------------------------------

    fn join(&mut self, sid: SocketId, msg: Message, now: Millis) {
        let topic = msg.topic.clone();
        let join_ref = msg.join_ref.clone();
        let deny = |hub: &mut Hub, reason: String| {
            hub.reply(sid, join_ref.as_deref(), &msg, "error", json!({ "reason": reason }));
        };
        let Some(socket) = self.sockets.get(&sid) else { return };
        if !within(&socket.joins) {
            tracing::warn!(socket = sid, "realtime: join flood, closing socket");
            deny(self, "ClientJoinRateLimitReached: Too many joins per second".into());
            self.kill_socket(sid, CLOSE_POLICY, "Too many joins per second");
            return;
        }
        let Some(sub_topic) = topic.strip_prefix("realtime:").map(str::to_owned) else {
            self.reply(sid, None, &msg, "error", json!({"reason": "unmatched topic"}));
            return;
        };
        // A second join of a joined topic replaces the first, as Phoenix does: the old channel
        // is closed (the client ignores that close, its join_ref is stale) before the new join.
        if let Some(old) = self.remove_channel(sid, &topic) {
            let old_ref = old.join_ref.as_deref();
            self.push(sid, &Message::new(old_ref, old_ref, &topic, "phx_close", json!({})));
        }
        if sub_topic.is_empty() {
            return deny(self, "TopicNameRequired: You must provide a topic name".into());
        }
        let payload = msg.payload.as_object().cloned().unwrap_or_default();
        let config = payload.get("config").and_then(Value::as_object).cloned().unwrap_or_default();
        let private = config.get("private").and_then(Value::as_bool).unwrap_or(false);
        // Everything that needs neither the token nor the database comes first.
        if let Err(reason) = topic_rule(&sub_topic, private, self.limits.public_topics) {
            return deny(self, reason);
        }
        let Some(socket) = self.sockets.get(&sid) else { return };
        if socket.channels.len() >= self.limits.max_channels_per_socket {
            return deny(self, "ChannelRateLimitReached: Too many channels".into());
        }
        let requested: Vec<Value> = match config.get("postgres_changes") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        if requested.len() > self.limits.max_bindings_per_join {
            let max = self.limits.max_bindings_per_join;
            return deny(self, format!("TooManyBindings: A channel may have at most {max} postgres_changes bindings"));
        }

        // The user's token when the client has one; API keys (`sb_…`) and absent tokens fall
        // back to the connect key, whose claims are the anon role.
        let token = ["access_token", "user_token"]
            .iter()
            .find_map(|k| payload.get(*k).and_then(Value::as_str))
            .filter(|t| !t.starts_with("sb_") && !t.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| socket.apikey.clone());
        let claims = match self.keys.verify(&token, now_secs(now)) {
            Ok(claims) => claims,
            Err(err) => return deny(self, format!("{}: {err}", err.realtime_code())),
        };
        if let Some(user) = claims.user_id() {
            if self.other_sockets_of(user, sid) >= self.limits.max_sockets_per_user {
                return deny(self, "ConnectionRateLimitReached: Too many connected users".into());
            }
        }

        let session = match authorize(self.access.as_ref(), &sub_topic, private, self.limits.public_topics, &claims) {
            Ok(session) => session,
            Err(reason) => return deny(self, reason),
        };

        let flag = |section: &str, key: &str| config.get(section).and_then(|s| s.get(key)).and_then(Value::as_bool);
        let broadcast_self = flag("broadcast", "self").unwrap_or(false);
        let broadcast_ack = flag("broadcast", "ack").unwrap_or(false);
        // Older clients send no `enabled`; Supabase then treats presence as on.
        let presence_enabled = flag("presence", "enabled").unwrap_or(true);
        let presence_key = config
            .get("presence")
            .and_then(|p| p.get("key"))
            .and_then(Value::as_str)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| Uuid::new_v4().to_string());

        let parsed: Vec<Result<Binding, BindingError>> = requested.iter().map(Binding::parse).collect();
        // The client pairs its bindings with ours by position and requires the same
        // event/schema/table/filter, so each object goes back as sent, plus its id.
        let echoed: Vec<Value> = requested
            .iter()
            .zip(&parsed)
            .map(|(raw, binding)| {
                let mut obj = raw.as_object().cloned().unwrap_or_default();
                let id = match binding {
                    Ok(b) => b.id,
                    Err(_) => super::filter::binding_id(raw),
                };
                obj.insert("id".into(), json!(id));
                Value::Object(obj)
            })
            .collect();
        let first_error = parsed.iter().find_map(|b| b.as_ref().err().map(ToString::to_string));
        // Like a subscription insert, bindings are all-or-nothing: one bad binding leaves the
        // channel joined but without postgres_changes, and says why.
        let bindings: Vec<Binding> =
            if first_error.is_some() { Vec::new() } else { parsed.into_iter().filter_map(Result::ok).collect() };

        self.reply(sid, join_ref.as_deref(), &msg, "ok", json!({ "postgres_changes": echoed }));
        if !requested.is_empty() {
            match &first_error {
                None => {
                    self.system(sid, &topic, join_ref.as_deref(), "postgres_changes", "ok", "Subscribed to PostgreSQL")
                }
                Some(err) => self.system(sid, &topic, join_ref.as_deref(), "postgres_changes", "error", err),
            }
        }

        let channel = Channel {
            join_ref: join_ref.clone(),
            sub_topic,
            broadcast_self,
            broadcast_ack,
            presence_key,
            presence_enabled,
            bindings,
            token_digest: digest(&token),
            user: claims.user_id(),
            exp: claims.exp,
            session,
            tracked: None,
            presence_calls: VecDeque::new(),
        };
        if let Some(user) = channel.user() {
            self.by_user.entry(user).or_default().insert((sid, topic.clone()));
        }
        self.members.entry(topic.clone()).or_default().insert(sid);
        if let Some(socket) = self.sockets.get_mut(&sid) {
            socket.channels.insert(topic.clone(), Box::new(channel));
        }
        if presence_enabled {
            let state = self.presence_state(&topic);
            self.push(sid, &Message::new(join_ref.as_deref(), None, &topic, "presence_state", state));
        }
    }

    fn leave(&mut self, sid: SocketId, msg: &Message) {
        let join_ref = self.sockets.get(&sid).and_then(|s| s.channels.get(&msg.topic)).and_then(|c| c.join_ref.clone());
        self.reply(sid, join_ref.as_deref(), msg, "ok", json!({}));
        self.remove_channel(sid, &msg.topic);
        let jr = join_ref.as_deref();
        self.push(sid, &Message::new(jr, jr, &msg.topic, "phx_close", json!({})));
    }

    /// Ends a channel from the server side: the reason as a `system` error, then `phx_close`.
    fn shutdown_channel(&mut self, sid: SocketId, topic: &str, reason: &str) {
        let Some(join_ref) = self.sockets.get(&sid).and_then(|s| s.channels.get(topic)).map(|c| c.join_ref.clone())
        else {
            return;
        };
        let jr = join_ref.as_deref();
        self.system(sid, topic, jr, "system", "error", reason);
        self.push(sid, &Message::new(jr, jr, topic, "phx_close", json!({})));
        self.remove_channel(sid, topic);
    }

    /// Forgets a channel and everything indexed by it; its presence leaves are announced to the
    /// remaining members.
    fn remove_channel(&mut self, sid: SocketId, topic: &str) -> Option<Channel> {
        let channel = self.sockets.get_mut(&sid)?.channels.remove(topic)?;
        if let Some(members) = self.members.get_mut(topic) {
            members.remove(&sid);
            if members.is_empty() {
                self.members.remove(topic);
            }
        }
        if let Some(user) = channel.user() {
            self.unindex_user(user, sid, topic);
        }
        if let Some(phx_ref) = &channel.tracked {
            if let Some(meta) = self.take_meta(topic, &channel.presence_key, phx_ref) {
                self.presence_diff(topic, &channel.presence_key, None, Some(&meta));
            }
        }
        Some(*channel)
    }

    /// Sockets other than `sid` on which `user` has a channel joined.
    fn other_sockets_of(&self, user: Uuid, sid: SocketId) -> usize {
        let Some(entries) = self.by_user.get(&user) else { return 0 };
        let sockets: BTreeSet<SocketId> = entries.iter().map(|(s, _)| *s).filter(|s| *s != sid).collect();
        sockets.len()
    }

    fn unindex_user(&mut self, user: Uuid, sid: SocketId, topic: &str) {
        if let Some(entries) = self.by_user.get_mut(&user) {
            entries.remove(&(sid, topic.to_owned()));
            if entries.is_empty() {
                self.by_user.remove(&user);
            }
        }
    }

    fn remove_socket(&mut self, sid: SocketId) {
        let topics: Vec<String> = match self.sockets.get(&sid) {
            Some(socket) => socket.channels.keys().cloned().collect(),
            None => return,
        };
        for topic in topics {
            self.remove_channel(sid, &topic);
        }
        self.sockets.remove(&sid);
    }

    /// Shuts every channel of a socket down with `reason`, then closes the socket.
    fn kill_socket(&mut self, sid: SocketId, code: u16, reason: &str) {
        let topics: Vec<String> =
            self.sockets.get(&sid).map(|s| s.channels.keys().cloned().collect()).unwrap_or_default();
        for topic in topics {
            self.shutdown_channel(sid, &topic, reason);
        }
        self.remove_socket(sid);
        self.out.push_back(Output::Close { socket: sid, code, reason: reason.to_owned() });
    }

    // ---- presence -------------------------------------------------------------------------

    fn take_meta(&mut self, topic: &str, key: &str, phx_ref: &str) -> Option<Meta> {
        let keys = self.presence.get_mut(topic)?;
        let metas = keys.get_mut(key)?;
        let index = metas.iter().position(|m| m.phx_ref == phx_ref)?;
        let meta = metas.remove(index);
        if metas.is_empty() {
            keys.remove(key);
        }
        if keys.is_empty() {
            self.presence.remove(topic);
        }
        Some(meta)
    }

    /// `presence_diff` to every member of the topic, the tracker included.
    fn presence_diff(&mut self, topic: &str, key: &str, joined: Option<&Meta>, left: Option<&Meta>) {
        let side = |meta: Option<&Meta>| match meta {
            Some(meta) => json!({ key: { "metas": [meta.to_json()] } }),
            None => json!({}),
        };
        let payload = json!({"joins": side(joined), "leaves": side(left)});
        let msg = Message::new(None, None, topic, "presence_diff", payload);
        for member in self.members_of(topic) {
            self.push(member, &msg);
        }
    }

    fn on_presence(&mut self, sid: SocketId, msg: &Message, now: Millis) {
        let topic = msg.topic.as_str();
        let limits = self.limits.clone();
        let Some(channel) = self.sockets.get_mut(&sid).and_then(|s| s.channels.get_mut(topic)) else { return };
        if limits.presence_calls > 0 {
            while channel.presence_calls.front().is_some_and(|t| now.saturating_sub(*t) >= limits.presence_window_ms) {
                channel.presence_calls.pop_front();
            }
            if channel.presence_calls.len() >= limits.presence_calls as usize {
                return self.shutdown_channel(sid, topic, "Client presence rate limit exceeded");
            }
            channel.presence_calls.push_back(now);
        }
        let join_ref = channel.join_ref.clone();
        let key = channel.presence_key.clone();
        let tracked = channel.tracked.clone();
        let jr = join_ref.as_deref();
        match msg.payload.get("event").and_then(Value::as_str) {
            Some("track") => {
                let Some(meta_payload) = msg.payload.get("payload").and_then(Value::as_object).cloned() else {
                    return self.reply(
                        sid,
                        jr,
                        msg,
                        "error",
                        json!({"reason": "Presence track payload must be a map"}),
                    );
                };
                if serde_json::to_vec(&meta_payload).map_or(0, |b| b.len()) > limits.max_payload_bytes {
                    return self.shutdown_channel(sid, topic, "Track message size exceeded");
                }
                // A client that joined with presence off but tracks anyway needs the current
                // state before any diff, or its presence view never starts.
                let enabled = self
                    .sockets
                    .get_mut(&sid)
                    .and_then(|s| s.channels.get_mut(topic))
                    .map(|c| std::mem::replace(&mut c.presence_enabled, true));
                if enabled == Some(false) {
                    let state = self.presence_state(topic);
                    self.push(sid, &Message::new(jr, None, topic, "presence_state", state));
                }
                let old = match &tracked {
                    Some(phx_ref) => {
                        let unchanged = self
                            .presence
                            .get(topic)
                            .and_then(|k| k.get(&key))
                            .and_then(|metas| metas.iter().find(|m| &m.phx_ref == phx_ref))
                            .is_some_and(|m| m.payload == meta_payload);
                        if unchanged {
                            return self.reply(sid, jr, msg, "ok", json!({}));
                        }
                        self.take_meta(topic, &key, phx_ref)
                    }
                    None => None,
                };
                let meta = Meta {
                    phx_ref: self.next_phx_ref(),
                    phx_ref_prev: old.as_ref().map(|m| m.phx_ref.clone()),
                    payload: meta_payload,
                    owner: sid,
                };
                self.presence.entry(topic.to_owned()).or_default().entry(key.clone()).or_default().push(meta.clone());
                if let Some(channel) = self.sockets.get_mut(&sid).and_then(|s| s.channels.get_mut(topic)) {
                    channel.tracked = Some(meta.phx_ref.clone());
                }
                self.reply(sid, jr, msg, "ok", json!({}));
                // An update is one diff with both sides: the new meta (pointing at the old one
                // through phx_ref_prev) joins and the old one leaves.
                let left = old.map(|mut m| {
                    m.phx_ref_prev = None;
                    m
                });
                self.presence_diff(topic, &key, Some(&meta), left.as_ref());
            }
            Some("untrack") => {
                self.reply(sid, jr, msg, "ok", json!({}));
                if let Some(phx_ref) = tracked {
                    if let Some(channel) = self.sockets.get_mut(&sid).and_then(|s| s.channels.get_mut(topic)) {
                        channel.tracked = None;
                    }
                    if let Some(meta) = self.take_meta(topic, &key, &phx_ref) {
                        self.presence_diff(topic, &key, None, Some(&meta));
                    }
                }
            }
            _ => self.reply(sid, jr, msg, "error", json!({"reason": "unknown presence event"})),
        }
    }

    // ---- broadcast ------------------------------------------------------------------------

    /// Recipients of a broadcast from `sid` on `topic`: everyone joined, the sender only when it
    /// asked for `self`. Returns `None` when the sender has not joined.
    fn broadcast_targets(&self, sid: SocketId, topic: &str) -> Option<(Option<String>, bool, Vec<SocketId>)> {
        let channel = self.sockets.get(&sid)?.channels.get(topic)?;
        let targets = self.members_of(topic).into_iter().filter(|m| *m != sid || channel.broadcast_self).collect();
        Some((channel.join_ref.clone(), channel.broadcast_ack, targets))
    }

    fn on_broadcast_push(&mut self, sid: SocketId, push: BroadcastPush) {
        let as_message = Message {
            join_ref: push.join_ref.clone(),
            msg_ref: push.msg_ref.clone(),
            topic: push.topic.clone(),
            event: "broadcast".into(),
            payload: Value::Null,
        };
        let Some((join_ref, ack, targets)) = self.broadcast_targets(sid, &push.topic) else {
            return self.reply(sid, None, &as_message, "error", json!({"reason": "unmatched topic"}));
        };
        let jr = join_ref.as_deref();
        if push.payload.len() > self.limits.max_payload_bytes {
            if ack {
                self.reply(sid, jr, &as_message, "error", json!({"error": "payload_size_exceeded"}));
            }
            return;
        }
        let binary = protocol::encode_user_broadcast(&push.topic, &push.event, b"", push.encoding, &push.payload);
        // Text form for v1 sockets (and topics too long for the binary header). A raw binary
        // payload has no JSON form; such receivers cannot get it at all.
        let text = (push.encoding == ENCODING_JSON)
            .then(|| serde_json::from_slice::<Value>(&push.payload).ok())
            .flatten()
            .map(|payload| {
                let body = json!({"type": "broadcast", "event": push.event, "payload": payload});
                Message::new(None, None, &push.topic, "broadcast", body)
            });
        for target in targets {
            let Some(vsn) = self.sockets.get(&target).map(|s| s.vsn) else { continue };
            match (vsn, &binary, &text) {
                (Vsn::V2, Some(bytes), _) => {
                    self.out.push_back(Output::Send { socket: target, frame: Frame::Binary(bytes.clone()) })
                }
                (_, _, Some(msg)) => self.push(target, msg),
                _ => {}
            }
        }
        if ack {
            self.reply(sid, jr, &as_message, "ok", json!({}));
        }
    }

    fn on_json_broadcast(&mut self, sid: SocketId, msg: &Message) {
        let Some((join_ref, ack, targets)) = self.broadcast_targets(sid, &msg.topic) else { return };
        let jr = join_ref.as_deref();
        let Some(event) = msg.payload.get("event").and_then(Value::as_str) else {
            if ack {
                self.reply(sid, jr, msg, "error", json!({"reason": "broadcast event must be a string"}));
            }
            return;
        };
        let inner = msg.payload.get("payload").cloned().unwrap_or(json!({}));
        if inner.to_string().len() > self.limits.max_payload_bytes {
            if ack {
                self.reply(sid, jr, msg, "error", json!({"error": "payload_size_exceeded"}));
            }
            return;
        }
        let body = json!({"type": "broadcast", "event": event, "payload": inner});
        let out = Message::new(None, None, &msg.topic, "broadcast", body);
        for target in targets {
            self.push(target, &out);
        }
        if ack {
            self.reply(sid, jr, msg, "ok", json!({}));
        }
    }

    // ---- tokens ---------------------------------------------------------------------------

    fn on_access_token(&mut self, sid: SocketId, msg: &Message, now: Millis) {
        let topic = msg.topic.as_str();
        let Some(token) = msg.payload.get("access_token").and_then(Value::as_str) else { return };
        let Some(channel) = self.sockets.get(&sid).and_then(|s| s.channels.get(topic)) else { return };
        // Same rules as Supabase: API keys and unchanged tokens are not a refresh.
        if token.starts_with("sb_") || token.is_empty() || digest(token) == channel.token_digest {
            return;
        }
        let claims = match self.keys.verify(token, now_secs(now)) {
            Ok(claims) => claims,
            Err(err) => return self.shutdown_channel(sid, topic, &err.to_string()),
        };
        if let Some(session) = channel.session {
            let allowed = claims.user_id().is_some_and(|user| self.access.is_participant(session, user) == Ok(true));
            if !allowed {
                let reason =
                    format!("You no longer have permission to read from this Channel topic: {}", channel.sub_topic);
                return self.shutdown_channel(sid, topic, &reason);
            }
        }
        let old_user = channel.user();
        let new_user = claims.user_id();
        if let Some(channel) = self.sockets.get_mut(&sid).and_then(|s| s.channels.get_mut(topic)) {
            channel.token_digest = digest(token);
            channel.user = new_user;
            channel.exp = claims.exp;
        }
        if old_user != new_user {
            if let Some(user) = old_user {
                self.unindex_user(user, sid, topic);
            }
            if let Some(user) = new_user {
                self.by_user.entry(user).or_default().insert((sid, topic.to_owned()));
            }
        }
    }

    fn on_tick(&mut self, now: Millis) {
        let idle: Vec<SocketId> = self
            .sockets
            .iter()
            .filter(|(_, s)| now.saturating_sub(s.last_seen) >= idle_limit(s, &self.limits))
            .map(|(id, _)| *id)
            .collect();
        for sid in idle {
            tracing::debug!(socket = sid, "realtime: idle timeout");
            self.remove_socket(sid);
            self.out.push_back(Output::Close { socket: sid, code: CLOSE_NORMAL, reason: "idle timeout".into() });
        }
        let secs = now_secs(now);
        let expired: Vec<(SocketId, String, i64)> = self
            .sockets
            .iter()
            .flat_map(|(sid, s)| {
                s.channels
                    .iter()
                    .filter(|(_, c)| c.exp <= secs)
                    .map(|(t, c)| (*sid, t.clone(), secs.saturating_sub(c.exp)))
            })
            .collect();
        for (sid, topic, ago) in expired {
            self.shutdown_channel(sid, &topic, &format!("Token has expired {ago} seconds ago"));
        }
    }

    // ---- postgres_changes -----------------------------------------------------------------

    fn fan_out_change(&mut self, change: &Change) {
        let columns: Vec<Value> =
            columns_of(change.table).iter().map(|(name, ty)| json!({"name": name, "type": ty})).collect();
        let mut data = json!({
            "schema": "public",
            "table": change.table,
            "commit_timestamp": change.commit_timestamp,
            "type": change.kind.as_str(),
            "columns": columns,
            "record": change.record,
            "errors": null,
        });
        if let Some(old) = &change.old_record {
            data["old_record"] = old.clone();
        }
        let audience: BTreeSet<Uuid> = change.audience.iter().copied().collect();
        let mut deliveries: Vec<(SocketId, String, Vec<u32>)> = Vec::new();
        for user in audience {
            let Some(entries) = self.by_user.get(&user) else { continue };
            for (sid, topic) in entries {
                let Some(channel) = self.sockets.get(sid).and_then(|s| s.channels.get(topic)) else { continue };
                let mut ids: Vec<u32> = channel.bindings.iter().filter(|b| b.matches(change)).map(|b| b.id).collect();
                ids.dedup();
                if !ids.is_empty() {
                    deliveries.push((*sid, topic.clone(), ids));
                }
            }
        }
        // Serialised once for every subscriber; only `ids` differs between them.
        let data = data.to_string();
        for (sid, topic, ids) in deliveries {
            let Some(socket) = self.sockets.get(&sid) else { continue };
            let ids = serde_json::to_string(&ids).expect("numbers serialise");
            let payload = format!(r#"{{"data":{data},"ids":{ids}}}"#);
            let frame = protocol::encode_with_payload(socket.vsn, None, None, &topic, "postgres_changes", &payload);
            self.out.push_back(Output::Send { socket: sid, frame });
        }
    }

    #[cfg(test)]
    fn check_invariants(&self) {
        // Every meta belongs to a live, joined channel that points back at it.
        for (topic, keys) in &self.presence {
            for (key, metas) in keys {
                assert!(!metas.is_empty(), "empty meta list left for {key}");
                for meta in metas {
                    let channel = self.sockets.get(&meta.owner).and_then(|s| s.channels.get(topic));
                    let channel = channel.unwrap_or_else(|| panic!("ghost presence {meta:?} on {topic}"));
                    assert_eq!(channel.tracked.as_deref(), Some(meta.phx_ref.as_str()));
                    assert_eq!(&channel.presence_key, key);
                }
            }
        }
        for (sid, socket) in &self.sockets {
            for (topic, channel) in &socket.channels {
                assert!(self.members[topic].contains(sid));
                if let Some(user) = channel.user() {
                    assert!(self.by_user[&user].contains(&(*sid, topic.clone())));
                }
            }
        }
        for (topic, members) in &self.members {
            for sid in members {
                assert!(self.is_joined(*sid, topic));
            }
        }
    }
}

#[cfg(test)]
mod tests;
