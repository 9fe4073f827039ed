//! Realtime over WebSocket (Phoenix protocol, vsn 2.0.0 and 1.0.0), as supabase-js speaks it.
//!
//! - [`protocol`]: the frame codec (pure).
//! - [`filter`]: postgres_changes bindings and their filters (pure).
//! - [`hub`]: the whole server behaviour as a state machine fed inputs and drained for outputs.
//! - `ws`: the axum adapter: the upgrade, one task per socket, and the HTTP broadcast endpoint.
//!
//! This module runs the hub in one task that owns it (an actor): sockets and the REST layer send
//! it inputs over a channel, and it routes outputs to per-socket outboxes. Nobody else ever
//! holds the hub, so `publish` can be called from anywhere — even with the database locked —
//! without risking a lock-order deadlock with the participant check a join makes.
//!
//! Every socket is bounded both ways, so one client can only ever cost its own share: what it
//! has sent and the hub has not handled yet is capped in bytes (its task stops reading until
//! the hub catches up: [`Inbound`]), and what waits to be written to it is capped in frames and
//! bytes (a reader that falls behind is dropped: [`Outbox`]). Sockets are also capped in total
//! and per client address at the upgrade.

pub mod filter;
pub mod hub;
pub mod protocol;
mod ws;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::{mpsc, Notify, OwnedSemaphorePermit, Semaphore};
use uuid::Uuid;

use crate::changes::Change;
use crate::config::Config;
use crate::conn_limit::ConnLimiter;
use crate::db::Db;
use crate::jwt::JwtKeys;
use crate::AppState;
use hub::{Access, Hub, Input, Limits, Output, SocketId};
use protocol::Frame;

/// How often idle sockets and expired tokens are looked for.
const TICK: Duration = Duration::from_millis(500);
/// What a received frame costs in the inbound budget beyond its bytes (the command, the
/// queue slot), so a stream of empty frames is bounded too.
const FRAME_OVERHEAD: usize = 256;

/// What a socket task writes to its WebSocket.
#[derive(Debug)]
pub(crate) enum Outgoing {
    Frame(Frame),
    Close(u16, String),
}

enum Command {
    Open {
        socket: SocketId,
        outbox: Outbox,
        input: Input,
    },
    Input(Input),
    /// A socket's frame with its share of the socket's inbound budget, given back once the hub
    /// has handled it.
    Frame {
        input: Input,
        _permit: OwnedSemaphorePermit,
    },
}

/// The hub's side of one socket's outbound queue: at most `frames` frames and `max_bytes`
/// bytes may wait to be written. Beyond either the socket is cut: its writer stops at once
/// (even in the middle of a blocked write) instead of draining what was queued.
pub(crate) struct Outbox {
    /// Boxed: the channel allocates its slots 32 at a time up front, so unboxed frames (40
    /// bytes each) made every idle socket carry 1.3 KiB of empty queue (docs/benchmarks.md).
    frames: mpsc::Sender<Box<Outgoing>>,
    queued: Arc<AtomicUsize>,
    max_bytes: usize,
    cut: Arc<Notify>,
}

/// The writer's side of an [`Outbox`].
pub(crate) struct OutboxReader {
    frames: mpsc::Receiver<Box<Outgoing>>,
    queued: Arc<AtomicUsize>,
    pub(crate) cut: Arc<Notify>,
}

pub(crate) fn outbox(max_frames: usize, max_bytes: usize) -> (Outbox, OutboxReader) {
    let (tx, rx) = mpsc::channel(max_frames.max(1));
    let queued = Arc::new(AtomicUsize::new(0));
    let cut = Arc::new(Notify::new());
    (
        Outbox { frames: tx, queued: queued.clone(), max_bytes, cut: cut.clone() },
        OutboxReader { frames: rx, queued, cut },
    )
}

impl Outbox {
    /// Queues a frame; `Err` when the reader is that far behind (or gone).
    fn try_send(&self, outgoing: Outgoing) -> Result<(), ()> {
        let len = outgoing.byte_len();
        let before = self.queued.fetch_add(len, Ordering::AcqRel);
        if before + len > self.max_bytes {
            self.queued.fetch_sub(len, Ordering::AcqRel);
            return Err(());
        }
        self.frames.try_send(Box::new(outgoing)).map_err(|_| {
            self.queued.fetch_sub(len, Ordering::AcqRel);
        })
    }

    /// Tells the writer to stop now, dropping whatever is still queued.
    fn cut(&self) {
        self.cut.notify_one();
    }
}

impl OutboxReader {
    pub(crate) async fn recv(&mut self) -> Option<Outgoing> {
        self.frames.recv().await.map(|frame| *frame)
    }

    /// The frame of `len` bytes has been written: its bytes no longer count as queued.
    pub(crate) fn written(&self, len: usize) {
        self.queued.fetch_sub(len, Ordering::AcqRel);
    }
}

impl Outgoing {
    pub(crate) fn byte_len(&self) -> usize {
        match self {
            Outgoing::Frame(frame) => frame.byte_len(),
            Outgoing::Close(_, reason) => 2 + reason.len(),
        }
    }
}

/// One socket's budget for frames the hub has not handled yet.
pub(crate) struct Inbound {
    budget: Arc<Semaphore>,
    max: usize,
}

impl Inbound {
    fn new(max_bytes: usize) -> Inbound {
        let max = max_bytes.clamp(FRAME_OVERHEAD, Semaphore::MAX_PERMITS);
        Inbound { budget: Arc::new(Semaphore::new(max)), max }
    }

    /// Waits until the hub has room for this socket's next frame of `len` bytes. A frame bigger
    /// than the whole budget waits for the socket's queue to be empty.
    async fn reserve(&self, len: usize) -> Option<OwnedSemaphorePermit> {
        let cost = (len + FRAME_OVERHEAD).min(self.max);
        self.budget.clone().acquire_many_owned(u32::try_from(cost).unwrap_or(u32::MAX)).await.ok()
    }
}

/// Handle to the realtime server; cheap to clone.
#[derive(Clone)]
pub struct Realtime {
    inner: Arc<Inner>,
}

struct Inner {
    /// Unbounded as a queue, bounded by what feeds it: each socket's [`Inbound`] budget, the
    /// REST layer's commits, and the HTTP broadcast endpoint's body limit.
    commands: mpsc::UnboundedSender<Command>,
    /// The hub and its receiver until the actor starts (it needs a tokio runtime, which
    /// `AppState::new` may not run in).
    pending: Mutex<Option<(Hub, mpsc::UnboundedReceiver<Command>)>>,
    keys: JwtKeys,
    access: DbAccess,
    next_socket: AtomicU64,
    max_payload_bytes: usize,
    public_topics: bool,
    sockets: ConnLimiter,
    inbound_bytes: usize,
    outbox_frames: usize,
    outbox_bytes: usize,
}

/// The participant check, answered by the store.
#[derive(Clone)]
struct DbAccess(Db);

impl Access for DbAccess {
    fn is_participant(&self, session: Uuid, user: Uuid) -> Result<bool, String> {
        self.0.with(|conn| crate::store::access::is_participant(conn, session, user)).map_err(|e| e.to_string())
    }
}

/// The hub's limits for a server config.
pub fn limits(config: &Config) -> Limits {
    Limits {
        idle_timeout_ms: config.idle_timeout_secs.saturating_mul(1000),
        presence_calls: config.realtime_presence_calls,
        presence_window_ms: config.realtime_presence_window_ms,
        max_channels_per_socket: config.realtime_max_channels,
        max_join_bytes: config.realtime_max_join_bytes,
        max_bindings_per_join: config.realtime_max_bindings,
        max_sockets_per_user: config.realtime_max_sockets_per_user,
        joins_per_sec: config.realtime_joins_per_sec,
        join_burst: config.realtime_joins_per_sec.saturating_mul(2),
        public_topics: config.realtime_public_topics,
        ..Limits::default()
    }
}

/// The hub's time: the wall clock in milliseconds since the epoch (0 for a clock set before it).
pub(crate) fn now_ms() -> hub::Millis {
    hub::Millis::try_from(crate::clock::now().timestamp_millis()).unwrap_or(0)
}

impl Realtime {
    pub fn new(keys: JwtKeys, db: Db, config: &Config) -> Self {
        let access = DbAccess(db);
        let limits = limits(config);
        let max_payload_bytes = limits.max_payload_bytes;
        // Random per process, so presence refs never repeat across restarts.
        let prefix = format!("F{:x}.", rand::random::<u32>());
        let hub = Hub::new(keys.clone(), Box::new(access.clone()), limits, prefix);
        let (commands, receiver) = mpsc::unbounded_channel();
        let realtime = Realtime {
            inner: Arc::new(Inner {
                commands,
                pending: Mutex::new(Some((hub, receiver))),
                keys,
                access,
                next_socket: AtomicU64::new(1),
                max_payload_bytes,
                public_topics: config.realtime_public_topics,
                sockets: ConnLimiter::new(
                    "realtime sockets",
                    config.realtime_max_sockets,
                    config.realtime_max_sockets_per_ip,
                ),
                inbound_bytes: config.realtime_inbound_bytes,
                outbox_frames: config.realtime_outbox_frames,
                outbox_bytes: config.realtime_outbox_bytes,
            }),
        };
        realtime.start();
        realtime
    }

    /// Starts the hub actor if a runtime is available and it is not running yet.
    fn start(&self) {
        let Ok(handle) = tokio::runtime::Handle::try_current() else { return };
        let taken = self.inner.pending.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some((hub, receiver)) = taken {
            handle.spawn(run_hub(hub, receiver));
        }
    }

    /// Fans a committed change out to the postgres_changes subscribers allowed to see it
    /// (those in `change.audience` whose bindings match). Never blocks.
    pub fn publish(&self, change: Change) {
        self.send(Command::Input(Input::Change(change)));
    }

    fn send(&self, command: Command) {
        // Only fails once the actor is gone, i.e. during shutdown.
        let _ = self.inner.commands.send(command);
    }

    pub(crate) fn keys(&self) -> &JwtKeys {
        &self.inner.keys
    }

    pub(crate) fn max_payload_bytes(&self) -> usize {
        self.inner.max_payload_bytes
    }

    pub(crate) fn access(&self) -> &dyn Access {
        &self.inner.access
    }

    pub(crate) fn public_topics(&self) -> bool {
        self.inner.public_topics
    }

    /// The caps on open sockets, in total and per client address.
    pub(crate) fn socket_limiter(&self) -> &ConnLimiter {
        &self.inner.sockets
    }

    /// Registers a new socket; frames for it arrive on the returned reader, and frames from it
    /// go in through [`Realtime::frame`] within the returned budget.
    pub(crate) fn open(&self, vsn: protocol::Vsn, apikey: String) -> (SocketId, OutboxReader, Inbound) {
        self.start();
        let socket = self.inner.next_socket.fetch_add(1, Ordering::Relaxed);
        let (outbox, reader) = outbox(self.inner.outbox_frames, self.inner.outbox_bytes);
        let input = Input::Open { socket, vsn, apikey, now: now_ms() };
        self.send(Command::Open { socket, outbox, input });
        (socket, reader, Inbound::new(self.inner.inbound_bytes))
    }

    /// Hands a received frame to the hub once the socket's inbound budget has room for it.
    pub(crate) async fn frame(&self, inbound: &Inbound, socket: SocketId, frame: protocol::Frame) {
        let Some(permit) = inbound.reserve(frame.byte_len()).await else { return };
        let input = Input::Frame { socket, frame, now: now_ms() };
        self.send(Command::Frame { input, _permit: permit });
    }

    pub(crate) fn input(&self, input: Input) {
        self.send(Command::Input(input));
    }
}

async fn run_hub(mut hub: Hub, mut commands: mpsc::UnboundedReceiver<Command>) {
    let mut outboxes: HashMap<SocketId, Outbox> = HashMap::new();
    let mut ticker = tokio::time::interval(TICK);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                None => break,
                Some(Command::Open { socket, outbox, input }) => {
                    outboxes.insert(socket, outbox);
                    feed(&mut hub, input);
                }
                Some(Command::Input(input)) => {
                    if let Input::Closed { socket } = &input {
                        outboxes.remove(socket);
                    }
                    feed(&mut hub, input);
                }
                // The permit goes back to the socket once the frame has been handled.
                Some(Command::Frame { input, _permit }) => feed(&mut hub, input),
            },
            _ = ticker.tick() => feed(&mut hub, Input::Tick { now: now_ms() }),
        }
        dispatch(&mut hub, &mut outboxes);
    }
}

/// One input into the hub. A panic there is a bug, but it must not take every socket's realtime
/// down with it: it is logged and the hub carries on with the next input.
fn feed(hub: &mut Hub, input: Input) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| hub.handle_input(input)));
    if outcome.is_err() {
        tracing::error!("realtime: the hub panicked on an input; it was dropped");
    }
}

/// Routes the hub's outputs to the sockets' outboxes. A socket whose outbox is full (in frames
/// or bytes) is not keeping up: it is cut (its writer stops and the connection closes) rather
/// than letting it hold memory or slow everyone else down.
fn dispatch(hub: &mut Hub, outboxes: &mut HashMap<SocketId, Outbox>) {
    loop {
        let mut too_slow = Vec::new();
        while let Some(output) = hub.poll_output() {
            match output {
                Output::Send { socket, frame } => {
                    if let Some(outbox) = outboxes.get(&socket) {
                        if outbox.try_send(Outgoing::Frame(frame)).is_err() {
                            outbox.cut();
                            outboxes.remove(&socket);
                            too_slow.push(socket);
                        }
                    }
                }
                Output::Close { socket, code, reason } => {
                    if let Some(outbox) = outboxes.remove(&socket) {
                        // A reader too far behind to take the close is not waited for either.
                        if outbox.try_send(Outgoing::Close(code, reason)).is_err() {
                            outbox.cut();
                        }
                    }
                }
            }
        }
        if too_slow.is_empty() {
            return;
        }
        for socket in too_slow {
            tracing::warn!(socket, "realtime: socket not reading its frames, dropping it");
            feed(hub, Input::Closed { socket });
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/websocket", get(ws::websocket)).route("/api/broadcast", post(ws::api_broadcast))
}
