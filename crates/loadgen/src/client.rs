//! The native driver: one task owns an [`Engine`] and does for it what the wasm app's sync
//! service does in the browser (docs/architecture/realtime-sync.md §1 and §10), and nothing
//! more: feeds it every input with `now` (milliseconds on an `Instant`), runs its requests
//! through the fault layer, keeps `Persist` as the "localStorage" (serialised JSON), arms one
//! timer for `Timeout`, runs the Realtime socket of the channel generation it was last asked
//! for, and on "reload" drops the engine and builds a new one from the saved state. Every rule
//! (retries, which channel counts, participants re-reads, failure classes) is the engine's.
//!
//! Tests and the chaos binary talk to it through [`Client`]: commands in, [`Snapshot`]s out.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use session_sync::domain::{Message, Participant};
use session_sync::engine::{
    ChannelStatus, Config, Identity, Input, Output, PersistedEntryState, PersistedState, Rejected, Request,
    RequestError, RequestId, SocketState,
};
use session_sync::Engine;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::{sleep, sleep_until, Instant};
use uuid::Uuid;

use crate::api::{Api, Auth};
use crate::faults::{Faults, RequestKind, RestFault};
use crate::realtime::{self, RtEvent, SocketHandle, SocketParams};
use crate::screen::{Screen, Snapshot};

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

/// REST requests and reconnects the engines asked for, by kind, across reloads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestCounts {
    pub upserts: u64,
    pub catch_ups: u64,
    /// Of `catch_ups`, those the driver attributes to the engine's periodic poll: started by a
    /// timer (`Input::Timeout`) after the previous catch-up had succeeded, so neither a retry
    /// nor a trigger (subscription, online, gap, missing row), which come with other inputs.
    pub polls: u64,
    pub acks: u64,
    /// Participants reads (the engine asks for one with every catch-up).
    pub participants: u64,
    pub reconnects: u64,
}

enum Cmd {
    Send(String, oneshot::Sender<Result<Uuid, Rejected>>),
    Retry(Uuid),
    Online(bool),
    Reload,
    KillSocket,
    Persisted(oneshot::Sender<Option<PersistedState>>),
}

enum Ev {
    /// A reply to one of the engine's requests: its input, once `now` is known.
    Reply {
        incarnation: u64,
        reply: Box<dyn FnOnce(u64) -> Input + Send>,
    },
    Rt {
        incarnation: u64,
        generation: u64,
        ev: Box<RtEvent>,
    },
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
        let mut screen = Screen::default();
        let (snap_tx, snapshots) = watch::channel(Arc::new(screen.show(engine.view(), 1, true)));
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
            generation: 0,
            deadline: None,
            events,
            snap_tx,
            screen,
            rng,
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
    /// `Online(false)`; on, the engine is told `Online(true)` (and asks for a new channel).
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
    /// The channel generation the socket's events are tagged with: 0 for a new engine's first
    /// channel, then the one each `Request::Reconnect` names.
    generation: u64,
    deadline: Option<Instant>,
    events: mpsc::UnboundedSender<Ev>,
    snap_tx: watch::Sender<Arc<Snapshot>>,
    screen: Screen,
    rng: StdRng,
    /// `LOADGEN_TRACE` set: every input and request on stderr.
    trace: bool,
    counts: Arc<Mutex<RequestCounts>>,
    /// The outputs being drained follow an `Input::Timeout`.
    on_timeout: bool,
    /// This engine's latest catch-up, and whether it has succeeded (to count polls).
    last_catch_up: Option<(RequestId, bool)>,
}

/// An input without the rows' bodies, for a trace.
fn brief(input: &Input) -> String {
    let seqs = |rows: &[Message]| rows.iter().map(|r| r.seq).collect::<Vec<_>>();
    match input {
        Input::UpsertOk { id, rows, .. } => format!("UpsertOk {id} seqs {:?}", seqs(rows)),
        Input::CatchUpOk { id, rows, .. } => format!("CatchUpOk {id} seqs {:?}", seqs(rows)),
        Input::RealtimeInsert { generation, row, .. } => format!("RealtimeInsert g{generation} seq {}", row.seq),
        Input::RealtimeUpdate { generation, row, .. } => format!("RealtimeUpdate g{generation} seq {}", row.seq),
        Input::ParticipantUpdate { generation, participant: p, .. } => format!(
            "Participant g{generation} {} d{} r{}",
            &p.user_id.simple().to_string()[..6],
            p.delivered_seq,
            p.read_seq
        ),
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

    fn log(&self, what: std::fmt::Arguments) {
        if self.trace {
            eprintln!("[{} {}] {what}", &self.me.user_id.simple().to_string()[..6], self.now());
        }
    }

    /// The first inputs of a (re)loaded engine, and its first channel (generation 0).
    fn start_engine(&mut self) {
        let now = self.now();
        self.last_catch_up = None;
        self.generation = 0;
        self.feed(Input::Online { online: self.online, now }).ok();
        self.feed(Input::Visible { visible: true, now }).ok();
        self.restart_socket();
    }

    fn feed(&mut self, input: Input) -> Result<(), Rejected> {
        self.log(format_args!("in  {}", brief(&input)));
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
                    self.log(format_args!("out {r:?}"));
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
        let snap = self.screen.show(self.engine.view(), self.incarnation, self.online);
        self.snap_tx.send_replace(Arc::new(snap));
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
            Cmd::Online(online) if online == self.online => {}
            Cmd::Online(false) => {
                self.online = false;
                self.faults.set_offline(true);
                self.screen.went_offline();
                self.feed(Input::Online { online: false, now }).ok();
                // The socket dies with the network.
                if self.socket.take().is_some() {
                    let generation = self.generation;
                    self.feed(Input::SocketState { generation, state: SocketState::Closed, now }).ok();
                    self.feed(Input::ChannelStatus { generation, status: ChannelStatus::ChannelError, now }).ok();
                }
                self.publish();
            }
            Cmd::Online(true) => {
                self.online = true;
                self.faults.set_offline(false);
                let outbox = self.engine.persisted().outbox;
                let unsent = outbox.iter().filter(|e| !matches!(e.state, PersistedEntryState::Failed { .. }));
                self.screen.went_online(unsent.map(|e| e.id).collect());
                // The engine asks for a new channel (`Request::Reconnect`).
                self.feed(Input::Online { online: true, now }).ok();
                self.publish();
            }
            Cmd::Reload => {
                self.socket = None;
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
        let input = match ev {
            // Replies and events of an engine that was reloaded away: the page is gone.
            Ev::Reply { incarnation, .. } | Ev::Rt { incarnation, .. } if incarnation != self.incarnation => return,
            Ev::Reply { reply, .. } => {
                let input = reply(now);
                if let (Input::CatchUpOk { id, .. }, Some((last, ok))) = (&input, &mut self.last_catch_up) {
                    *ok |= last == id;
                }
                input
            }
            Ev::Rt { generation, ev, .. } => match *ev {
                RtEvent::Socket(state) => Input::SocketState { generation, state, now },
                RtEvent::Channel(status) => Input::ChannelStatus { generation, status, now },
                RtEvent::Insert(row) => Input::RealtimeInsert { generation, row, now },
                RtEvent::Update(row) => Input::RealtimeUpdate { generation, row, now },
                RtEvent::Participant(participant) => Input::ParticipantUpdate { generation, participant, now },
            },
        };
        self.feed(input).ok();
    }

    /// A new socket with a new channel, its events tagged with the current generation (the
    /// old socket's task ends with its handle).
    fn restart_socket(&mut self) {
        self.socket = None;
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
        let (incarnation, generation) = (self.incarnation, self.generation);
        let emit = Box::new(move |ev| {
            let _ = tx.send(Ev::Rt { incarnation, generation, ev: Box::new(ev) });
        });
        self.socket = Some(realtime::spawn(params, self.faults.clone(), emit));
    }

    fn count(&self, f: impl FnOnce(&mut RequestCounts)) {
        f(&mut self.counts.lock().unwrap_or_else(|p| p.into_inner()));
    }

    fn execute(&mut self, request: Request) {
        let (api, auth, session) = (self.opts.api.clone(), self.opts.auth.clone(), self.opts.session_id);
        match request {
            Request::Upsert { id, rows } => {
                self.count(|c| c.upserts += 1);
                self.spawn_rest(RequestKind::Upsert, async move { api.upsert(&auth, &rows).await }, move |r, now| {
                    match r {
                        Ok(rows) => Input::UpsertOk { id, rows, now },
                        Err(error) => Input::UpsertErr { id, error, now },
                    }
                })
            }
            Request::CatchUp { id, after_seq, limit, newest } => {
                let poll = self.on_timeout && matches!(self.last_catch_up, Some((_, true)));
                self.last_catch_up = Some((id, false));
                self.count(|c| {
                    c.catch_ups += 1;
                    c.polls += u64::from(poll);
                });
                self.spawn_rest(
                    RequestKind::CatchUp,
                    async move { api.messages_page(&auth, session, after_seq, limit, newest).await },
                    move |r, now| match r {
                        Ok(rows) => Input::CatchUpOk { id, rows, now },
                        Err(error) => Input::CatchUpErr { id, error, now },
                    },
                )
            }
            Request::ReadParticipants { id } => {
                self.count(|c| c.participants += 1);
                self.spawn_rest(
                    RequestKind::Other,
                    async move { api.participants(&auth, session).await },
                    move |r: Result<Vec<Participant>, _>, now| match r {
                        Ok(rows) => Input::ParticipantsOk { id, rows, now },
                        Err(error) => Input::ParticipantsErr { id, error, now },
                    },
                )
            }
            Request::Ack { id, delivered_seq, read_seq } => {
                self.count(|c| c.acks += 1);
                self.spawn_rest(
                    RequestKind::Ack,
                    async move { api.ack(&auth, session, delivered_seq, read_seq).await },
                    move |r, now| match r {
                        Ok(()) => Input::AckOk { id, now },
                        Err(error) => Input::AckErr { id, error, now },
                    },
                )
            }
            Request::Reconnect { generation } => {
                self.count(|c| c.reconnects += 1);
                self.generation = generation;
                self.restart_socket();
            }
            // Asked only in reply to `Input::LoadEarlier`, which a load client never feeds.
            Request::LoadEarlier { .. } => unreachable!("no Input::LoadEarlier was fed"),
        }
    }

    /// Runs one REST call through the fault layer and reports its outcome as an event.
    fn spawn_rest<T, F, W>(&self, kind: RequestKind, call: F, reply: W)
    where
        T: Send + 'static,
        F: Future<Output = Result<T, RequestError>> + Send + 'static,
        W: FnOnce(Result<T, RequestError>, u64) -> Input + Send + 'static,
    {
        let faults = self.faults.clone();
        let events = self.events.clone();
        let incarnation = self.incarnation;
        let lost = |what: &str| Err(RequestError::Transient(format!("network error: {what}")));
        tokio::spawn(async move {
            let result = if faults.is_offline() {
                faults.count_offline_failure();
                lost("offline")
            } else {
                match faults.for_request(kind) {
                    RestFault::DropRequest => lost("request dropped (injected)"),
                    fault => {
                        let result = call.await;
                        if faults.is_offline() {
                            lost("went offline")
                        } else {
                            match fault {
                                RestFault::DropReply => lost("reply lost (injected)"),
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
            let reply = Box::new(move |now| reply(result, now));
            let _ = events.send(Ev::Reply { incarnation, reply });
        });
    }
}
