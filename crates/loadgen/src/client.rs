//! The native driver: one task owns an [`Engine`] and does for it what the wasm app's sync
//! service does in the browser (docs/architecture/realtime-sync.md §1 and §10): feeds it every
//! input with `now` (milliseconds on an `Instant`), drains its outputs after each one, runs its
//! requests through the fault layer, keeps `Persist` as the "localStorage" (serialised JSON),
//! arms one timer for `Timeout`, runs the Realtime socket, re-reads the participants rows with
//! every `Request::CatchUp` (so a lost receipt UPDATE is found by the next catch-up, periodic
//! ones included), and on "reload" drops the engine and builds a new one from the saved state.
//!
//! Tests and the chaos binary talk to it through [`Client`]: commands in, [`Snapshot`]s out.

use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use session_sync::domain::{Message, Participant};
use session_sync::engine::ChannelStatus;
use session_sync::engine::{
    Config, Identity, Input, MessageStatus, Output, PersistedState, Rejected, Request, RequestError, RequestId,
    SocketState, View,
};
use session_sync::Engine;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::{sleep, sleep_until, Instant};
use uuid::Uuid;

use crate::api::{Api, Auth};
use crate::faults::{Faults, RequestKind, RestFault};
use crate::realtime::{self, RtEvent, SocketHandle, SocketParams};

/// How to start a client.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    pub api: Api,
    pub auth: Auth,
    pub session_id: Uuid,
    pub language: String,
    pub engine: Config,
    /// Seeds the fault layer and the engine seeds of every (re)load.
    pub seed: u64,
    pub heartbeat: Duration,
    /// The user id the engine writes as `sender_id`; `None`: the signed-in user. Another id
    /// forges the sender (the server must refuse it).
    pub sender_override: Option<Uuid>,
}

impl ClientOptions {
    pub fn new(api: Api, auth: Auth, session_id: Uuid, language: &str, seed: u64) -> Self {
        ClientOptions {
            api,
            auth,
            session_id,
            language: language.to_owned(),
            engine: Config::default(),
            seed,
            heartbeat: Duration::from_secs(25),
            sender_override: None,
        }
    }
}

/// REST requests and reconnects the driver started, by kind, across reloads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestCounts {
    pub upserts: u64,
    pub catch_ups: u64,
    /// Of `catch_ups`, those the driver attributes to the engine's periodic poll: started by a
    /// timer (`Input::Timeout`) after the previous catch-up had succeeded, so neither a retry
    /// nor a trigger (subscription, online, gap, missing row), which come with other inputs.
    pub polls: u64,
    pub acks: u64,
    /// Participants reads: one with every catch-up.
    pub participants: u64,
    pub reconnects: u64,
}

/// What the screen showed and what the driver measured.
#[derive(Clone, Debug, Default)]
pub struct Audit {
    /// Views checked (one per `ViewChanged`).
    pub views: u64,
    /// Views in which an id appeared twice.
    pub duplicate_views: u64,
    /// Views whose stored entries were not strictly by seq, or had an unsent entry before a
    /// stored one.
    pub misordered_views: u64,
    /// Views in which the stored own messages were not in `client_seq` order.
    pub own_misordered_views: u64,
    /// The first few problems, for a report.
    pub examples: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Snapshot {
    pub view: View,
    /// Engines so far (1 + reloads).
    pub incarnation: u64,
    pub online: bool,
    pub audit: Audit,
    /// For every period offline with a non-empty outbox: the time from going online until
    /// every message that was in the outbox was stored (had its seq on this screen).
    pub deliveries: Vec<Duration>,
    /// Such periods cut short by going offline again before the outbox was delivered.
    pub interrupted_deliveries: u64,
    /// Every message id ever shown as stored on this screen, across reloads (a reloaded page
    /// shows only the engine's cached history plus what is newer).
    pub seen: Arc<HashSet<Uuid>>,
}

impl Snapshot {
    /// Entries that are stored (have a seq), in view order.
    pub fn stored(&self) -> impl Iterator<Item = &session_sync::engine::Entry> {
        self.view.entries.iter().filter(|e| e.seq.is_some())
    }

    pub fn has_stored(&self, id: Uuid) -> bool {
        self.stored().any(|e| e.id == id)
    }

    pub fn status_of(&self, id: Uuid) -> Option<MessageStatus> {
        self.view.entries.iter().find(|e| e.id == id).and_then(|e| e.status)
    }

    pub fn connected(&self) -> bool {
        self.view.connection == session_sync::engine::ConnectionState::Connected
    }
}

enum Cmd {
    Send(String, oneshot::Sender<Result<Uuid, Rejected>>),
    Retry(Uuid),
    Online(bool),
    Reload,
    KillSocket,
    Persisted(oneshot::Sender<Option<PersistedState>>),
}

enum Reply {
    Upsert(RequestId, Result<Vec<Message>, RequestError>),
    CatchUp(RequestId, Result<Vec<Message>, RequestError>),
    Ack(RequestId, Result<(), RequestError>),
    Participants(Result<Vec<Participant>, RequestError>),
}

enum Ev {
    Reply { incarnation: u64, reply: Reply },
    Rt { incarnation: u64, socket: u64, ev: RtEvent },
}

/// Handle to a running driver. Dropping it stops the driver (and its socket).
pub struct Client {
    pub user_id: Uuid,
    pub faults: Arc<Faults>,
    counts: Arc<Mutex<RequestCounts>>,
    commands: mpsc::UnboundedSender<Cmd>,
    snapshots: watch::Receiver<Arc<Snapshot>>,
}

impl Client {
    /// Starts the driver: a fresh engine (nothing saved yet), online and visible.
    pub fn spawn(opts: ClientOptions) -> Client {
        let faults = Arc::new(Faults::new(opts.seed));
        let (commands, cmd_rx) = mpsc::unbounded_channel();
        let (events, ev_rx) = mpsc::unbounded_channel();
        let me = Identity {
            session_id: opts.session_id,
            user_id: opts.sender_override.unwrap_or(opts.auth.user_id),
            language: opts.language.clone(),
        };
        let mut rng = StdRng::seed_from_u64(opts.seed ^ 0x5eed_0fe1);
        let engine = Engine::new(opts.engine.clone(), me.clone(), None, rng.gen());
        let first = Snapshot {
            view: engine.view(),
            incarnation: 1,
            online: true,
            audit: Audit::default(),
            deliveries: Vec::new(),
            interrupted_deliveries: 0,
            seen: Arc::default(),
        };
        let (snap_tx, snapshots) = watch::channel(Arc::new(first));
        let counts = Arc::new(Mutex::new(RequestCounts::default()));
        let mut driver = Driver {
            opts: opts.clone(),
            me,
            faults: faults.clone(),
            base: Instant::now(),
            engine,
            incarnation: 1,
            saved: None,
            online: true,
            socket: None,
            socket_gen: 0,
            deadline: None,
            events,
            snap_tx,
            audit: Audit::default(),
            rng,
            waiting: None,
            deliveries: Vec::new(),
            interrupted: 0,
            seen: Arc::default(),
            trace: std::env::var_os("LOADGEN_TRACE").is_some(),
            counts: counts.clone(),
            on_timeout: false,
            last_catch_up: None,
        };
        tokio::spawn(async move { driver.run(cmd_rx, ev_rx).await });
        Client { user_id: opts.auth.user_id, faults, counts, commands, snapshots }
    }

    /// The user sends `body`: the new message's id, or why the engine refused it.
    pub async fn send(&self, body: &str) -> Result<Uuid, Rejected> {
        let (tx, rx) = oneshot::channel();
        self.commands.send(Cmd::Send(body.to_owned(), tx)).expect("driver running");
        rx.await.expect("driver running")
    }

    pub fn retry(&self, id: Uuid) {
        let _ = self.commands.send(Cmd::Retry(id));
    }

    /// Network on or off: off, every request and the socket fail and the engine is told
    /// `Online(false)`; on, the engine is told `Online(true)` and the socket reconnects.
    pub fn set_online(&self, online: bool) {
        let _ = self.commands.send(Cmd::Online(online));
    }

    /// A page reload: the engine is dropped (replies to its requests are lost) and a new one
    /// starts from the saved state.
    pub fn reload(&self) {
        let _ = self.commands.send(Cmd::Reload);
    }

    /// Cuts the WebSocket abruptly; it reconnects on realtime-js's schedule.
    pub fn kill_socket(&self) {
        let _ = self.commands.send(Cmd::KillSocket);
    }

    /// What the "localStorage" holds now.
    pub async fn persisted(&self) -> Option<PersistedState> {
        let (tx, rx) = oneshot::channel();
        self.commands.send(Cmd::Persisted(tx)).ok()?;
        rx.await.ok().flatten()
    }

    /// Requests started so far, by kind.
    pub fn requests(&self) -> RequestCounts {
        *self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshots.borrow().clone()
    }

    /// Waits until `cond` holds for a snapshot; on timeout returns the last one as the error.
    pub async fn wait_until(
        &self,
        timeout: Duration,
        mut cond: impl FnMut(&Snapshot) -> bool,
    ) -> Result<Arc<Snapshot>, Arc<Snapshot>> {
        let mut rx = self.snapshots.clone();
        let deadline = Instant::now() + timeout;
        loop {
            let snap = rx.borrow_and_update().clone();
            if cond(&snap) {
                return Ok(snap);
            }
            match tokio::time::timeout_at(deadline, rx.changed()).await {
                Ok(Ok(())) => {}
                _ => return Err(rx.borrow().clone()),
            }
        }
    }
}

struct Driver {
    opts: ClientOptions,
    me: Identity,
    faults: Arc<Faults>,
    base: Instant,
    engine: Engine,
    incarnation: u64,
    /// The "localStorage": the last `Persist`, as JSON.
    saved: Option<String>,
    online: bool,
    socket: Option<SocketHandle>,
    socket_gen: u64,
    deadline: Option<Instant>,
    events: mpsc::UnboundedSender<Ev>,
    snap_tx: watch::Sender<Arc<Snapshot>>,
    audit: Audit,
    rng: StdRng,
    /// Went online at this instant with these messages in the outbox.
    waiting: Option<(Instant, Vec<Uuid>)>,
    deliveries: Vec<Duration>,
    interrupted: u64,
    seen: Arc<HashSet<Uuid>>,
    /// `LOADGEN_TRACE` set: every input and request on stderr.
    trace: bool,
    counts: Arc<Mutex<RequestCounts>>,
    /// The outputs being drained follow an `Input::Timeout`.
    on_timeout: bool,
    /// This engine's latest catch-up, and whether it has succeeded.
    last_catch_up: Option<(RequestId, bool)>,
}

/// An input without the rows' bodies, for a trace.
fn brief(input: &Input) -> String {
    match input {
        Input::UpsertOk { id, rows, .. } => {
            format!("UpsertOk {id} seqs {:?}", rows.iter().map(|r| r.seq).collect::<Vec<_>>())
        }
        Input::CatchUpOk { id, rows, .. } => {
            format!("CatchUpOk {id} seqs {:?}", rows.iter().map(|r| r.seq).collect::<Vec<_>>())
        }
        Input::RealtimeInsert { row, .. } => format!("RealtimeInsert seq {}", row.seq),
        Input::RealtimeUpdate { row, .. } => format!("RealtimeUpdate seq {}", row.seq),
        Input::ParticipantUpdate { participant: p, .. } => {
            format!("Participant {} d{} r{}", &p.user_id.simple().to_string()[..6], p.delivered_seq, p.read_seq)
        }
        other => format!("{other:?}"),
    }
}

impl Driver {
    async fn run(&mut self, mut commands: mpsc::UnboundedReceiver<Cmd>, mut events: mpsc::UnboundedReceiver<Ev>) {
        self.start_engine();
        loop {
            let deadline = self.deadline;
            tokio::select! {
                cmd = commands.recv() => match cmd {
                    Some(cmd) => self.command(cmd),
                    None => return,
                },
                Some(ev) = events.recv() => self.event(ev),
                _ = sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                    self.deadline = None;
                    let now = self.now();
                    self.feed(Input::Timeout { now }).ok();
                }
            }
        }
    }

    fn now(&self) -> u64 {
        self.base.elapsed().as_millis() as u64
    }

    /// The first inputs of a (re)loaded engine and its socket. The participants rows come
    /// with the engine's first catch-up (at start when online, else when back online).
    fn start_engine(&mut self) {
        let now = self.now();
        self.last_catch_up = None;
        self.feed(Input::Online { online: self.online, now }).ok();
        self.feed(Input::Visible { visible: true, now }).ok();
        self.restart_socket();
    }

    fn feed(&mut self, input: Input) -> Result<(), Rejected> {
        if self.trace {
            eprintln!(
                "[{} {}] in  {}",
                self.me.user_id.simple().to_string().get(..6).unwrap_or(""),
                self.now(),
                brief(&input)
            );
        }
        self.on_timeout = matches!(input, Input::Timeout { .. });
        let result = self.engine.handle_input(input);
        self.drain();
        self.on_timeout = false;
        result
    }

    fn drain(&mut self) {
        let mut changed = false;
        loop {
            match self.engine.poll_output() {
                Output::Request(r) => {
                    if self.trace {
                        eprintln!(
                            "[{} {}] out {r:?}",
                            self.me.user_id.simple().to_string().get(..6).unwrap_or(""),
                            self.now()
                        );
                    }
                    self.execute(r)
                }
                Output::Persist(state) => {
                    self.saved = Some(serde_json::to_string(&state).expect("state serialises"));
                }
                Output::ViewChanged => changed = true,
                Output::Timeout(at) => {
                    self.deadline = at.map(|ms| self.base + Duration::from_millis(ms));
                    break;
                }
            }
        }
        if changed {
            self.publish();
        }
    }

    fn publish(&mut self) {
        let view = self.engine.view();
        self.check(&view);
        if view.entries.iter().any(|e| e.seq.is_some() && !self.seen.contains(&e.id)) {
            let seen = Arc::make_mut(&mut self.seen);
            seen.extend(view.entries.iter().filter(|e| e.seq.is_some()).map(|e| e.id));
        }
        if let Some((since, ids)) = &self.waiting {
            let stored: HashSet<Uuid> = view.entries.iter().filter(|e| e.seq.is_some()).map(|e| e.id).collect();
            let failed = view.entries.iter().any(|e| ids.contains(&e.id) && e.status == Some(MessageStatus::Failed));
            if ids.iter().all(|id| stored.contains(id)) {
                self.deliveries.push(since.elapsed());
                self.waiting = None;
            } else if failed {
                self.interrupted += 1;
                self.waiting = None;
            }
        }
        let snap = Snapshot {
            view,
            incarnation: self.incarnation,
            online: self.online,
            audit: self.audit.clone(),
            deliveries: self.deliveries.clone(),
            interrupted_deliveries: self.interrupted,
            seen: self.seen.clone(),
        };
        self.snap_tx.send_replace(Arc::new(snap));
    }

    /// What the screen must never show: an id twice, stored messages out of seq order, an
    /// unsent one before a stored one, own stored messages out of client_seq order.
    fn check(&mut self, view: &View) {
        self.audit.views += 1;
        let mut ids = HashSet::new();
        let mut problems = Vec::new();
        if !view.entries.iter().all(|e| ids.insert(e.id)) {
            self.audit.duplicate_views += 1;
            problems.push("an id shown twice".to_owned());
        }
        let mut last_seq = 0;
        let mut unsent_seen = false;
        let mut misordered = false;
        let mut last_own_cs = 0;
        let mut own_misordered = false;
        for e in &view.entries {
            match e.seq {
                Some(seq) => {
                    if seq <= last_seq || unsent_seen {
                        misordered = true;
                    }
                    last_seq = seq;
                    if e.own {
                        if e.client_seq <= last_own_cs {
                            own_misordered = true;
                        }
                        last_own_cs = e.client_seq;
                    }
                }
                None => unsent_seen = true,
            }
        }
        if misordered {
            self.audit.misordered_views += 1;
            problems.push("stored entries out of seq order".to_owned());
        }
        if own_misordered {
            self.audit.own_misordered_views += 1;
            problems.push("own messages out of client_seq order".to_owned());
        }
        for p in problems {
            if self.audit.examples.len() < 10 {
                self.audit.examples.push(format!("view {}: {p}", self.audit.views));
            }
        }
    }

    fn command(&mut self, cmd: Cmd) {
        let now = self.now();
        match cmd {
            Cmd::Send(body, reply) => {
                let result = self.feed(Input::Send { body, now }).map(|()| {
                    self.engine.persisted().outbox.last().map(|e| e.id).expect("an accepted send is in the outbox")
                });
                let _ = reply.send(result);
            }
            Cmd::Retry(message_id) => {
                let _ = self.feed(Input::Retry { message_id, now });
            }
            Cmd::Online(false) => {
                if !self.online {
                    return;
                }
                self.online = false;
                self.faults.set_offline(true);
                if self.waiting.take().is_some() {
                    self.interrupted += 1;
                }
                self.feed(Input::Online { online: false, now }).ok();
                // The socket dies with the network.
                if self.drop_socket() {
                    self.feed(Input::SocketState { state: SocketState::Closed, now }).ok();
                    self.feed(Input::ChannelStatus { status: ChannelStatus::ChannelError, now }).ok();
                }
                self.publish();
            }
            Cmd::Online(true) => {
                if self.online {
                    return;
                }
                self.online = true;
                self.faults.set_offline(false);
                let outbox: Vec<Uuid> = self
                    .engine
                    .persisted()
                    .outbox
                    .iter()
                    .filter(|e| !matches!(e.state, session_sync::engine::PersistedEntryState::Failed { .. }))
                    .map(|e| e.id)
                    .collect();
                if !outbox.is_empty() {
                    self.waiting = Some((Instant::now(), outbox));
                }
                self.feed(Input::Online { online: true, now }).ok();
                if self.socket.is_none() {
                    self.restart_socket();
                }
                self.publish();
            }
            Cmd::Reload => {
                self.drop_socket();
                self.incarnation += 1;
                let restored: Option<PersistedState> = self.saved.as_deref().and_then(|s| serde_json::from_str(s).ok());
                self.engine = Engine::new(self.opts.engine.clone(), self.me.clone(), restored, self.rng.gen());
                self.deadline = None;
                self.start_engine();
                self.publish();
            }
            Cmd::KillSocket => {
                if let Some(s) = &self.socket {
                    s.kill();
                }
            }
            Cmd::Persisted(reply) => {
                let state = self.saved.as_deref().and_then(|s| serde_json::from_str(s).ok());
                let _ = reply.send(state);
            }
        }
    }

    fn event(&mut self, ev: Ev) {
        let now = self.now();
        match ev {
            Ev::Reply { incarnation, reply } => {
                if incarnation != self.incarnation {
                    return; // the page that asked is gone
                }
                let input = match reply {
                    Reply::Upsert(id, Ok(rows)) => Input::UpsertOk { id, rows, now },
                    Reply::Upsert(id, Err(error)) => Input::UpsertErr { id, error, now },
                    Reply::CatchUp(id, Ok(rows)) => {
                        if let Some((last, ok)) = &mut self.last_catch_up {
                            *ok |= *last == id;
                        }
                        Input::CatchUpOk { id, rows, now }
                    }
                    Reply::CatchUp(id, Err(error)) => Input::CatchUpErr { id, error, now },
                    Reply::Ack(id, Ok(())) => Input::AckOk { id, now },
                    Reply::Ack(id, Err(error)) => Input::AckErr { id, error, now },
                    Reply::Participants(Ok(rows)) => {
                        for participant in rows {
                            self.feed(Input::ParticipantUpdate { participant, now }).ok();
                        }
                        return;
                    }
                    Reply::Participants(Err(_)) => return,
                };
                self.feed(input).ok();
            }
            Ev::Rt { incarnation, socket, ev } => {
                if incarnation != self.incarnation || socket != self.socket_gen {
                    return; // a channel we removed
                }
                let input = match ev {
                    RtEvent::Socket(state) => Input::SocketState { state, now },
                    // No participants read here: the engine answers `Subscribed` with a catch-up,
                    // which brings them.
                    RtEvent::Channel(status) => Input::ChannelStatus { status, now },
                    RtEvent::Insert(row) => Input::RealtimeInsert { row, now },
                    RtEvent::Update(row) => Input::RealtimeUpdate { row, now },
                    RtEvent::Participant(participant) => Input::ParticipantUpdate { participant, now },
                };
                self.feed(input).ok();
            }
        }
    }

    /// Drops the socket (its later events are ignored). True if there was one.
    fn drop_socket(&mut self) -> bool {
        self.socket_gen += 1;
        self.socket.take().is_some()
    }

    /// `Request::Reconnect`, and the first subscription: a new socket with a new channel.
    fn restart_socket(&mut self) {
        self.drop_socket();
        if !self.online {
            return;
        }
        let params = SocketParams {
            url: self.opts.api.realtime_url(),
            session_id: self.opts.session_id,
            user_id: self.opts.auth.user_id,
            access_token: self.opts.auth.access_token.clone(),
            heartbeat: self.opts.heartbeat,
        };
        let tx = self.events.clone();
        let (incarnation, socket) = (self.incarnation, self.socket_gen);
        let emit = Box::new(move |ev| {
            let _ = tx.send(Ev::Rt { incarnation, socket, ev });
        });
        self.socket = Some(realtime::spawn(params, self.faults.clone(), emit));
    }

    fn load_participants(&mut self) {
        let (api, auth, session) = (self.opts.api.clone(), self.opts.auth.clone(), self.opts.session_id);
        self.spawn_rest(RequestKind::Other, async move { api.participants(&auth, session).await }, Reply::Participants);
    }

    fn count(&self, f: impl FnOnce(&mut RequestCounts)) {
        f(&mut self.counts.lock().unwrap_or_else(|p| p.into_inner()));
    }

    fn execute(&mut self, request: Request) {
        let (api, auth, session) = (self.opts.api.clone(), self.opts.auth.clone(), self.opts.session_id);
        match &request {
            Request::Upsert { .. } => self.count(|c| c.upserts += 1),
            Request::CatchUp { id, .. } => {
                let poll = self.on_timeout && matches!(self.last_catch_up, Some((_, true)));
                self.last_catch_up = Some((*id, false));
                self.count(|c| {
                    c.catch_ups += 1;
                    c.polls += u64::from(poll);
                    c.participants += 1;
                });
                // Receipts can be lost like any realtime event (a participants UPDATE carries
                // the partner's delivered_seq/read_seq), and nothing shows the gap: re-read the
                // rows whenever the engine catches up, periodic polls included.
                self.load_participants();
            }
            Request::Ack { .. } => self.count(|c| c.acks += 1),
            Request::Reconnect => self.count(|c| c.reconnects += 1),
        }
        match request {
            Request::Upsert { id, rows } => {
                self.spawn_rest(RequestKind::Upsert, async move { api.upsert(&auth, &rows).await }, move |r| {
                    Reply::Upsert(id, r)
                })
            }
            Request::CatchUp { id, after_seq } => self.spawn_rest(
                RequestKind::CatchUp,
                async move { api.messages_after(&auth, session, after_seq).await },
                move |r| Reply::CatchUp(id, r),
            ),
            Request::Ack { id, delivered_seq, read_seq } => self.spawn_rest(
                RequestKind::Ack,
                async move { api.ack(&auth, session, delivered_seq, read_seq).await },
                move |r| Reply::Ack(id, r),
            ),
            Request::Reconnect => self.restart_socket(),
        }
    }

    /// Runs one REST call through the fault layer and reports its outcome as an event.
    fn spawn_rest<T, F, W>(&self, kind: RequestKind, call: F, wrap: W)
    where
        T: Send + 'static,
        F: Future<Output = Result<T, RequestError>> + Send + 'static,
        W: FnOnce(Result<T, RequestError>) -> Reply + Send + 'static,
    {
        let faults = self.faults.clone();
        let events = self.events.clone();
        let incarnation = self.incarnation;
        tokio::spawn(async move {
            let result = if faults.is_offline() {
                faults.count_offline_failure();
                Err(RequestError::Transient("network error: offline".into()))
            } else {
                match faults.for_request(kind) {
                    RestFault::DropRequest => {
                        Err(RequestError::Transient("network error: request dropped (injected)".into()))
                    }
                    fault => {
                        let result = call.await;
                        if faults.is_offline() {
                            Err(RequestError::Transient("network error: went offline".into()))
                        } else {
                            match fault {
                                RestFault::DropReply => {
                                    Err(RequestError::Transient("network error: reply lost (injected)".into()))
                                }
                                RestFault::Hang => return,
                                RestFault::Delay(ms) => {
                                    sleep(Duration::from_millis(ms)).await;
                                    result
                                }
                                RestFault::None | RestFault::DropRequest => result,
                            }
                        }
                    }
                }
            };
            let _ = events.send(Ev::Reply { incarnation, reply: wrap(result) });
        });
    }
}
