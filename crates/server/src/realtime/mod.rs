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

pub mod filter;
pub mod hub;
pub mod protocol;
mod ws;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::changes::Change;
use crate::config::Config;
use crate::db::Db;
use crate::jwt::JwtKeys;
use crate::AppState;
use hub::{Access, Hub, Input, Limits, Output, SocketId};
use protocol::Frame;

/// Frames queued for one socket before it counts as too slow and is dropped.
const OUTBOX_CAPACITY: usize = 1024;
/// How often idle sockets and expired tokens are looked for.
const TICK: Duration = Duration::from_millis(500);

/// What a socket task writes to its WebSocket.
#[derive(Debug)]
pub(crate) enum Outgoing {
    Frame(Frame),
    Close(u16, String),
}

enum Command {
    Open { socket: SocketId, outbox: mpsc::Sender<Outgoing>, input: Input },
    Input(Input),
}

/// Handle to the realtime server; cheap to clone.
#[derive(Clone)]
pub struct Realtime {
    inner: Arc<Inner>,
}

struct Inner {
    commands: mpsc::UnboundedSender<Command>,
    /// The hub and its receiver until the actor starts (it needs a tokio runtime, which
    /// `AppState::new` may not run in).
    pending: Mutex<Option<(Hub, mpsc::UnboundedReceiver<Command>)>>,
    keys: JwtKeys,
    access: DbAccess,
    next_socket: AtomicU64,
    max_payload_bytes: usize,
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
        idle_timeout_ms: i64::try_from(config.idle_timeout_secs.saturating_mul(1000)).unwrap_or(i64::MAX),
        presence_calls: config.realtime_presence_calls,
        presence_window_ms: i64::try_from(config.realtime_presence_window_ms).unwrap_or(i64::MAX),
        ..Limits::default()
    }
}

pub(crate) fn now_ms() -> hub::Millis {
    crate::clock::now().timestamp_millis()
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

    /// Registers a new socket; frames for it arrive on the returned receiver.
    pub(crate) fn open(&self, vsn: protocol::Vsn, apikey: String) -> (SocketId, mpsc::Receiver<Outgoing>) {
        self.start();
        let socket = self.inner.next_socket.fetch_add(1, Ordering::Relaxed);
        let (outbox, receiver) = mpsc::channel(OUTBOX_CAPACITY);
        let input = Input::Open { socket, vsn, apikey, now: now_ms() };
        self.send(Command::Open { socket, outbox, input });
        (socket, receiver)
    }

    pub(crate) fn input(&self, input: Input) {
        self.send(Command::Input(input));
    }
}

async fn run_hub(mut hub: Hub, mut commands: mpsc::UnboundedReceiver<Command>) {
    let mut outboxes: HashMap<SocketId, mpsc::Sender<Outgoing>> = HashMap::new();
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

/// Routes the hub's outputs to the sockets' outboxes. A socket whose outbox is full is not
/// keeping up: it is dropped (its task then closes the WebSocket) rather than letting it hold
/// memory or slow everyone else down.
fn dispatch(hub: &mut Hub, outboxes: &mut HashMap<SocketId, mpsc::Sender<Outgoing>>) {
    loop {
        let mut too_slow = Vec::new();
        while let Some(output) = hub.poll_output() {
            match output {
                Output::Send { socket, frame } => {
                    if let Some(outbox) = outboxes.get(&socket) {
                        if outbox.try_send(Outgoing::Frame(frame)).is_err() {
                            outboxes.remove(&socket);
                            too_slow.push(socket);
                        }
                    }
                }
                Output::Close { socket, code, reason } => {
                    if let Some(outbox) = outboxes.remove(&socket) {
                        let _ = outbox.try_send(Outgoing::Close(code, reason));
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
    Router::new()
        .route("/websocket", get(ws::websocket))
        .route("/api/broadcast", post(ws::api_broadcast))
}
