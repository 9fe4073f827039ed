//! Property tests: random interleavings of sends, request outcomes (success, failure, lost
//! requests, lost replies), realtime duplicates and reorderings, reconnects, network and
//! visibility changes and reloads, against a small in-test server. After every step and after a
//! final settling phase the engine must have lost nothing, shown nothing twice and kept order.

mod common;

use std::collections::{HashMap, HashSet};

use common::*;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use session_sync::domain::{Message, NewMessage, Participant};
use session_sync::engine::{
    ChannelStatus, Config, Engine, Input, MessageStatus, Output, PersistedState, Request, RequestError, SocketState,
    View,
};
use uuid::Uuid;

const TIMEOUT: u64 = 10_000;

/// The backend: assigns seq, ignores duplicate ids, keeps watermarks.
#[derive(Debug, Default)]
struct Server {
    rows: Vec<Message>,
    partner_delivered: i64,
    partner_read: i64,
    me_delivered: i64,
    me_read: i64,
    partner_msgs: u128,
}

impl Server {
    fn upsert(&mut self, rows: &[NewMessage]) -> Vec<Message> {
        let mut inserted = Vec::new();
        for n in rows {
            if self.rows.iter().any(|r| r.id == n.id) {
                continue;
            }
            let m = stored(n, self.rows.len() as i64 + 1);
            self.rows.push(m.clone());
            inserted.push(m);
        }
        inserted
    }

    fn partner_send(&mut self) -> Message {
        self.partner_msgs += 1;
        let id = Uuid::from_u128(0xbbbb_0000_0000_4000_8000_0000_0000_0000 | self.partner_msgs);
        let m = row(id, PARTNER, self.partner_msgs as i64, self.rows.len() as i64 + 1, "hola");
        self.rows.push(m.clone());
        m
    }

    fn partner(&self) -> Participant {
        partner_row(self.partner_delivered, self.partner_read)
    }

    /// Both participants rows, as a participants read returns them.
    fn participants(&self) -> Vec<Participant> {
        let me = Participant {
            user_id: ME,
            display_name: "Al".into(),
            language: "en".into(),
            delivered_seq: self.me_delivered,
            read_seq: self.me_read,
            ..self.partner()
        };
        vec![me, self.partner()]
    }
}

#[derive(Debug, Clone)]
enum Rt {
    Insert(Message),
    Update(Message),
    Participant(Participant),
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Ok,
    /// The server stored it, then the reply was an error (e.g. a gateway 502).
    AppliedThenError,
    Transient,
    Permanent,
    RateLimited,
    /// Lost on the way: never reached the server, no reply.
    LostRequest,
    /// Reached the server, reply lost.
    LostReply,
}

#[derive(Debug, Clone)]
enum Action {
    Send(u8),
    PartnerSend,
    Reply(u8, Outcome),
    DeliverRealtime(u8),
    DuplicateRealtime(u8),
    Advance(u16),
    Disconnect,
    Subscribe,
    ChannelClosed,
    /// A status from a channel an earlier `Request::Reconnect` replaced.
    StaleStatus(u8),
    Online(bool),
    Visible(bool),
    PartnerReads,
    Translate(u8),
    Reload(bool),
    RetryFailed(u8),
    /// The user asks for the page before the oldest message held.
    LoadEarlier,
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        6 => Just(Outcome::Ok),
        1 => Just(Outcome::AppliedThenError),
        2 => Just(Outcome::Transient),
        1 => Just(Outcome::Permanent),
        1 => Just(Outcome::RateLimited),
        1 => Just(Outcome::LostRequest),
        1 => Just(Outcome::LostReply),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => any::<u8>().prop_map(Action::Send),
        3 => Just(Action::PartnerSend),
        10 => (any::<u8>(), outcome()).prop_map(|(i, o)| Action::Reply(i, o)),
        5 => any::<u8>().prop_map(Action::DeliverRealtime),
        2 => any::<u8>().prop_map(Action::DuplicateRealtime),
        4 => (0u16..20_000).prop_map(Action::Advance),
        2 => Just(Action::Disconnect),
        3 => Just(Action::Subscribe),
        1 => Just(Action::ChannelClosed),
        2 => any::<bool>().prop_map(Action::Online),
        1 => any::<bool>().prop_map(Action::Visible),
        1 => Just(Action::PartnerReads),
        1 => any::<u8>().prop_map(Action::Translate),
        1 => any::<bool>().prop_map(Action::Reload),
        1 => any::<u8>().prop_map(Action::RetryFailed),
        1 => Just(Action::LoadEarlier),
    ]
}

struct World {
    engine: Engine,
    seed: u64,
    now: u64,
    server: Server,
    /// Requests made and not answered yet, with the time they were made.
    pending: Vec<(Request, u64)>,
    rt_queue: Vec<Rt>,
    rt_seen: Vec<Rt>,
    subscribed: bool,
    /// The channel the world's realtime events come from (the latest `Request::Reconnect`).
    generation: u64,
    online: bool,
    visible: bool,
    /// Ids of every send the engine accepted.
    accepted: Vec<Uuid>,
    last_persisted: Option<PersistedState>,
    /// Highest ack sent by the current engine (acks must only rise).
    last_ack: (i64, i64),
    log: Vec<String>,
}

/// Small pages, so runs of catch-up pages and first opens that hold only part of the
/// conversation happen in most cases.
fn world_config() -> Config {
    Config { poll_interval_ms: 0, history_page: 5, catch_up_page: 4, ..Config::default() }
}

impl World {
    fn new(seed: u64) -> World {
        let cfg = world_config();
        let mut w = World {
            engine: Engine::new(cfg, me(), None, seed),
            seed,
            now: 1_000,
            server: Server::default(),
            pending: Vec::new(),
            rt_queue: Vec::new(),
            rt_seen: Vec::new(),
            subscribed: false,
            generation: 0,
            online: true,
            visible: true,
            accepted: Vec::new(),
            last_persisted: None,
            last_ack: (0, 0),
            log: Vec::new(),
        };
        w.feed(Input::Online { online: true, now: w.now });
        w.feed(Input::Visible { visible: true, now: w.now });
        w
    }

    fn feed(&mut self, input: Input) {
        self.log.push(format!("{input:?}"));
        let _ = self.engine.handle_input(input);
        self.drain();
    }

    fn drain(&mut self) {
        loop {
            match self.engine.poll_output() {
                Output::Request(r) => self.requested(r),
                Output::Persist(p) => self.last_persisted = Some(*p),
                Output::ViewChanged => {}
                Output::Timeout(t) => {
                    if let Some(t) = t {
                        assert!(t > self.now, "deadline {t} not after now {}", self.now);
                    }
                    break;
                }
            }
        }
    }

    fn live(&self, kind: fn(&Request) -> bool) -> usize {
        self.pending.iter().filter(|(r, at)| kind(r) && self.now < at + TIMEOUT).count()
    }

    fn requested(&mut self, r: Request) {
        self.log.push(format!("  -> {r:?}"));
        match &r {
            Request::Reconnect { generation } => {
                assert!(*generation > self.generation, "channel generations only rise");
                // The old channel is gone with everything it had not delivered yet.
                self.generation = *generation;
                self.drop_connection();
                return;
            }
            Request::Upsert { rows, .. } => {
                assert_eq!(self.live(|r| matches!(r, Request::Upsert { .. })), 0, "two upserts in flight");
                assert!(!rows.is_empty());
                let cs: Vec<i64> = rows.iter().map(|r| r.client_seq).collect();
                assert!(cs.windows(2).all(|w| w[0] < w[1]), "batch not in client_seq order: {cs:?}");
            }
            Request::Ack { delivered_seq, read_seq, .. } => {
                assert_eq!(self.live(|r| matches!(r, Request::Ack { .. })), 0, "two acks in flight");
                assert!(*delivered_seq >= self.last_ack.0 && *read_seq >= self.last_ack.1, "ack lowered");
                assert!(read_seq <= delivered_seq);
                self.last_ack = (*delivered_seq, *read_seq);
            }
            Request::ReadParticipants { .. } => {
                let reads = self.live(|r| matches!(r, Request::ReadParticipants { .. }));
                assert_eq!(reads, 0, "two participants reads in flight");
            }
            Request::CatchUp { .. } => {}
            Request::LoadEarlier { .. } => {
                let pages = self.live(|r| matches!(r, Request::LoadEarlier { .. }));
                assert_eq!(pages, 0, "two earlier pages in flight");
            }
        }
        self.pending.push((r, self.now));
    }

    fn publish(&mut self, ev: Rt) {
        if self.subscribed {
            self.rt_queue.push(ev);
        }
    }

    fn apply_upsert(&mut self, rows: &[NewMessage]) -> Vec<Message> {
        let inserted = self.server.upsert(rows);
        for m in &inserted {
            self.publish(Rt::Insert(m.clone()));
        }
        inserted
    }

    fn error(o: Outcome) -> RequestError {
        match o {
            Outcome::Permanent => RequestError::Permanent("rejected".into()),
            Outcome::RateLimited => RequestError::RateLimited { retry_after_ms: 3_000 },
            _ => RequestError::Transient("502".into()),
        }
    }

    /// Answers pending request `i` with outcome `o`.
    fn reply(&mut self, i: usize, o: Outcome) {
        let (req, _) = self.pending.remove(i);
        let now = self.now;
        match req {
            Request::Upsert { id, rows } => match o {
                Outcome::Ok => {
                    let rows = self.apply_upsert(&rows);
                    self.feed(Input::UpsertOk { id, rows, now });
                }
                Outcome::AppliedThenError => {
                    self.apply_upsert(&rows);
                    self.feed(Input::UpsertErr { id, error: Self::error(o), now });
                }
                Outcome::LostReply => {
                    self.apply_upsert(&rows);
                }
                Outcome::LostRequest => {}
                _ => self.feed(Input::UpsertErr { id, error: Self::error(o), now }),
            },
            Request::CatchUp { id, after_seq, limit, newest } => match o {
                Outcome::Ok | Outcome::AppliedThenError => {
                    let rows = page(&self.server.rows, after_seq, limit, newest);
                    self.feed(Input::CatchUpOk { id, rows, now });
                }
                Outcome::LostReply | Outcome::LostRequest => {}
                _ => self.feed(Input::CatchUpErr { id, error: Self::error(o), now }),
            },
            Request::Ack { id, delivered_seq, read_seq } => {
                // The server never refuses a participant's ack for good (a refused ack is
                // deliberately not repeated by the engine, so it would stay unacked).
                let o = if matches!(o, Outcome::Permanent) { Outcome::Transient } else { o };
                if matches!(o, Outcome::Ok | Outcome::AppliedThenError | Outcome::LostReply) {
                    self.server.me_delivered = self.server.me_delivered.max(delivered_seq);
                    self.server.me_read = self.server.me_read.max(read_seq);
                }
                match o {
                    Outcome::Ok => self.feed(Input::AckOk { id, now }),
                    Outcome::LostReply | Outcome::LostRequest => {}
                    _ => self.feed(Input::AckErr { id, error: Self::error(o), now }),
                }
            }
            Request::ReadParticipants { id } => match o {
                Outcome::Ok | Outcome::AppliedThenError => {
                    let rows = self.server.participants();
                    self.feed(Input::ParticipantsOk { id, rows, now });
                }
                Outcome::LostReply | Outcome::LostRequest => {}
                _ => self.feed(Input::ParticipantsErr { id, error: Self::error(o), now }),
            },
            Request::Reconnect { .. } => unreachable!("not kept"),
            Request::LoadEarlier { id, before_seq, limit } => match o {
                Outcome::Ok | Outcome::AppliedThenError => {
                    let rows = self.server.rows.iter().rev().filter(|r| r.seq < before_seq).take(limit as usize);
                    let rows = rows.cloned().collect();
                    self.feed(Input::EarlierOk { id, rows, now });
                }
                Outcome::LostReply | Outcome::LostRequest => {}
                _ => self.feed(Input::EarlierErr { id, error: Self::error(o), now }),
            },
        }
    }

    /// Requests are answered within their timeout or never: a request still unanswered at its
    /// timeout is lost (it never reached the server).
    fn expire(&mut self) {
        let now = self.now;
        self.pending.retain(|(_, at)| now < at + TIMEOUT);
    }

    fn drop_connection(&mut self) {
        self.subscribed = false;
        self.rt_queue.clear();
    }

    fn step(&mut self, a: &Action) {
        let now = self.now;
        match a {
            Action::Send(b) => {
                let body = format!("msg {b}");
                self.log.push(format!("Send {body}"));
                let before = self.engine.view().entries.len();
                match self.engine.handle_input(Input::Send { body, now }) {
                    Ok(()) => {
                        let v = self.engine.view();
                        assert_eq!(v.entries.len(), before + 1);
                        let e = v.entries.last().unwrap();
                        // Offline it waits; online it may already be in the upsert just started.
                        let expected: &[MessageStatus] = if self.online {
                            &[MessageStatus::Pending, MessageStatus::Sending]
                        } else {
                            &[MessageStatus::Pending]
                        };
                        assert!(e.status.is_some_and(|s| expected.contains(&s)), "new send shows {:?}", e.status);
                        self.accepted.push(e.id);
                    }
                    Err(r) => {
                        assert!(self.engine.view().queue_count >= 50, "refused: {r}");
                        assert_eq!(self.engine.view().error, Some(session_sync::engine::Problem::Rejected(r)));
                    }
                }
                self.drain();
            }
            Action::PartnerSend => {
                let m = self.server.partner_send();
                self.publish(Rt::Insert(m));
            }
            Action::Reply(i, o) => {
                if !self.pending.is_empty() {
                    let i = *i as usize % self.pending.len();
                    self.reply(i, *o);
                }
            }
            Action::DeliverRealtime(i) => {
                if !self.rt_queue.is_empty() {
                    let ev = self.rt_queue.remove(*i as usize % self.rt_queue.len());
                    self.deliver(ev);
                }
            }
            Action::DuplicateRealtime(i) => {
                if !self.rt_seen.is_empty() && self.subscribed {
                    let ev = self.rt_seen[*i as usize % self.rt_seen.len()].clone();
                    self.deliver(ev);
                }
            }
            Action::Advance(ms) => {
                self.now += u64::from(*ms);
                self.expire();
                self.feed(Input::Timeout { now: self.now });
            }
            Action::Disconnect => {
                self.drop_connection();
                let generation = self.generation;
                self.feed(Input::SocketState { generation, state: SocketState::Closed, now });
                self.feed(Input::ChannelStatus { generation, status: ChannelStatus::ChannelError, now });
            }
            Action::Subscribe => {
                if self.online {
                    self.subscribed = true;
                    let generation = self.generation;
                    self.feed(Input::SocketState { generation, state: SocketState::Open, now });
                    self.feed(Input::ChannelStatus { generation, status: ChannelStatus::Subscribed, now });
                }
            }
            Action::ChannelClosed => {
                self.drop_connection();
                let generation = self.generation;
                self.feed(Input::ChannelStatus { generation, status: ChannelStatus::Closed, now });
            }
            Action::StaleStatus(i) => {
                if self.generation > 0 {
                    let status = [
                        ChannelStatus::Subscribed,
                        ChannelStatus::ChannelError,
                        ChannelStatus::TimedOut,
                        ChannelStatus::Closed,
                    ][*i as usize % 4];
                    let generation = u64::from(*i) % self.generation;
                    let before = self.engine.view();
                    let requests = self.pending.len();
                    self.feed(Input::ChannelStatus { generation, status, now });
                    self.feed(Input::SocketState { generation, state: SocketState::Closed, now });
                    assert_eq!(self.engine.view(), before, "a removed channel's status changed the view");
                    assert_eq!(self.pending.len(), requests, "a removed channel's status caused a request");
                }
            }
            Action::Online(on) => {
                self.online = *on;
                if !on {
                    self.drop_connection();
                }
                self.feed(Input::Online { online: *on, now });
            }
            Action::Visible(v) => {
                self.visible = *v;
                self.feed(Input::Visible { visible: *v, now });
            }
            Action::PartnerReads => {
                let top = self.server.rows.len() as i64;
                self.server.partner_delivered = top;
                self.server.partner_read = top.saturating_sub(1);
                let p = self.server.partner();
                self.publish(Rt::Participant(p));
            }
            Action::Translate(i) => {
                if !self.server.rows.is_empty() {
                    let i = *i as usize % self.server.rows.len();
                    let m = &mut self.server.rows[i];
                    m.translated_body = Some(format!("[tr] {}", m.body));
                    m.target_lang = Some(if m.sender_id == ME { "es".into() } else { "en".into() });
                    let m = m.clone();
                    self.publish(Rt::Update(m));
                }
            }
            Action::Reload(applied) => self.reload(*applied),
            Action::LoadEarlier => {
                let now = self.now;
                self.feed(Input::LoadEarlier { now });
            }
            Action::RetryFailed(i) => {
                let failed: Vec<Uuid> = self
                    .engine
                    .view()
                    .entries
                    .iter()
                    .filter(|e| e.status == Some(MessageStatus::Failed))
                    .map(|e| e.id)
                    .collect();
                if !failed.is_empty() {
                    let id = failed[*i as usize % failed.len()];
                    self.feed(Input::Retry { message_id: id, now });
                }
            }
        }
    }

    fn deliver(&mut self, ev: Rt) {
        self.rt_seen.push(ev.clone());
        let now = self.now;
        let generation = self.generation;
        match ev {
            Rt::Insert(row) => self.feed(Input::RealtimeInsert { generation, row, now }),
            Rt::Update(row) => self.feed(Input::RealtimeUpdate { generation, row, now }),
            Rt::Participant(participant) => self.feed(Input::ParticipantUpdate { generation, participant, now }),
        }
    }

    /// The page reloads: requests in flight either reached the server or not, realtime events
    /// in transit are gone, and a new engine starts from what was last persisted.
    fn reload(&mut self, applied: bool) {
        self.log.push(format!("Reload applied={applied}"));
        for (r, _) in std::mem::take(&mut self.pending) {
            if let (true, Request::Upsert { rows, .. }) = (applied, r) {
                self.apply_upsert(&rows);
            }
        }
        self.drop_connection();
        let json = serde_json::to_string(self.last_persisted.as_ref().expect("persisted at start")).unwrap();
        let restored: PersistedState = serde_json::from_str(&json).unwrap();
        self.seed += 1;
        self.engine = Engine::new(world_config(), me(), Some(restored), self.seed);
        self.last_ack = (0, 0);
        self.generation = 0;
        let now = self.now;
        self.feed(Input::Online { online: self.online, now });
        self.feed(Input::Visible { visible: self.visible, now });
    }

    /// Network back, channel up, every request answered, every timer run, until quiet.
    fn settle(&mut self) {
        self.log.push("settle".into());
        if !self.online {
            self.online = true;
            self.feed(Input::Online { online: true, now: self.now });
        }
        if !self.visible {
            self.visible = true;
            self.feed(Input::Visible { visible: true, now: self.now });
        }
        if !self.subscribed {
            self.subscribed = true;
            let generation = self.generation;
            self.feed(Input::ChannelStatus { generation, status: ChannelStatus::Subscribed, now: self.now });
        }
        for _ in 0..1_000 {
            if !self.rt_queue.is_empty() {
                let ev = self.rt_queue.remove(0);
                self.deliver(ev);
            } else if !self.pending.is_empty() {
                self.reply(0, Outcome::Ok);
            } else {
                let Output::Timeout(t) = self.engine.poll_output() else { panic!("undrained") };
                match t {
                    Some(t) => {
                        self.now = t;
                        self.feed(Input::Timeout { now: t });
                    }
                    // A first open holds only the newest page: the user pages back to the start.
                    None if self.engine.view().can_load_earlier => {
                        self.feed(Input::LoadEarlier { now: self.now });
                    }
                    // Receipts lost with a dropped realtime event came back with the participants
                    // read the engine asks for alongside every catch-up.
                    None => return,
                }
            }
        }
        panic!("did not settle:\n{}", self.log.join("\n"));
    }

    /// What must hold after every step.
    fn check(&self) {
        let v = self.engine.view();
        check_view(&v);
        assert!(v.queue_count <= 50);
        let ids: HashSet<Uuid> = v.entries.iter().map(|e| e.id).collect();
        for id in &self.accepted {
            assert!(ids.contains(id), "accepted message {id} vanished");
        }
        let server: HashMap<Uuid, &Message> = self.server.rows.iter().map(|m| (m.id, m)).collect();
        for e in v.entries.iter().filter(|e| e.seq.is_some()) {
            let m = server.get(&e.id).expect("timeline row unknown to the server");
            assert_eq!(e.seq, Some(m.seq));
        }
        // The server stored own messages in client_seq order.
        let own: Vec<i64> = self.server.rows.iter().filter(|m| m.sender_id == ME).map(|m| m.client_seq).collect();
        assert!(own.windows(2).all(|w| w[0] < w[1]), "server order broke client order: {own:?}");
    }

    /// What must hold once everything has settled.
    fn check_settled(&self) {
        self.check();
        let v = self.engine.view();
        assert_eq!(v.connection, session_sync::engine::ConnectionState::Connected);
        let on_server: HashSet<Uuid> = self.server.rows.iter().map(|m| m.id).collect();
        // Every stored message is on screen exactly once, in server order.
        let timeline: Vec<Uuid> = v.entries.iter().filter(|e| e.seq.is_some()).map(|e| e.id).collect();
        let expected: Vec<Uuid> = self.server.rows.iter().map(|m| m.id).collect();
        assert_eq!(timeline, expected, "timeline differs from the server");
        // Every accepted send is stored, or visibly failed.
        for e in v.entries.iter().filter(|e| e.seq.is_none()) {
            assert_eq!(e.status, Some(MessageStatus::Failed), "still unsent after settling: {e:?}");
            assert!(e.failure.is_some());
            assert!(!on_server.contains(&e.id));
        }
        // Own statuses agree with the partner's watermarks.
        for e in v.entries.iter().filter(|e| e.own && e.seq.is_some()) {
            let seq = e.seq.unwrap();
            let want = if seq <= self.server.partner_read {
                MessageStatus::Read
            } else if seq <= self.server.partner_delivered {
                MessageStatus::Delivered
            } else {
                MessageStatus::Sent
            };
            assert_eq!(e.status, Some(want));
        }
        // Receipts caught up with everything the partner sent.
        let partner_top = self.server.rows.iter().filter(|m| m.sender_id == PARTNER).map(|m| m.seq).max().unwrap_or(0);
        assert_eq!((self.server.me_delivered, self.server.me_read), (partner_top, partner_top));
        // Translations arrived.
        for e in &v.entries {
            let m = self.server.rows.iter().find(|m| m.id == e.id);
            if let Some(m) = m.filter(|m| m.translated_body.is_some()) {
                assert_eq!(e.translated_body, m.translated_body);
            }
        }
        // Catch-up only moves the watermark; own replies after the last catch-up do not.
        assert!(v.last_seen_seq <= self.server.rows.len() as i64);
    }
}

fn check_view(v: &View) {
    let mut seen = HashSet::new();
    for e in &v.entries {
        assert!(seen.insert(e.id), "{} shown twice", e.id);
    }
    let split = v.entries.iter().position(|e| e.seq.is_none()).unwrap_or(v.entries.len());
    let (stored, unsent) = v.entries.split_at(split);
    assert!(unsent.iter().all(|e| e.seq.is_none() && e.own), "unsent entries come last");
    let seqs: Vec<i64> = stored.iter().map(|e| e.seq.unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "timeline not strictly by seq: {seqs:?}");
    let own_cs: Vec<i64> = stored.iter().filter(|e| e.own).map(|e| e.client_seq).collect();
    assert!(own_cs.windows(2).all(|w| w[0] < w[1]), "own stored messages out of client order");
    let unsent_cs: Vec<i64> = unsent.iter().map(|e| e.client_seq).collect();
    assert!(unsent_cs.windows(2).all(|w| w[0] < w[1]), "unsent not in client_seq order");
    assert_eq!(v.queue_count, unsent.len());
}

/// 256 cases per property; `PROPTEST_CASES=N` runs more (e.g. a nightly soak). The cases
/// recorded in `properties.proptest-regressions` (next to this file) run first, every time, and
/// a new failure is added there. (`action()`'s choices and weights are part of what a recorded
/// seed means: append a new action to a property of its own rather than to `action()`.)
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    // An absolute path: proptest reads a `WithSource` file relative to the workspace but writes
    // it relative to the crate, so a new failure would not be recorded.
    let persistence =
        FileFailurePersistence::Direct(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/properties.proptest-regressions"));
    ProptestConfig { cases, failure_persistence: Some(Box::new(persistence)), ..ProptestConfig::default() }
}

#[test]
fn recorded_regressions_are_found() {
    let persistence = config().failure_persistence.expect("persistence on");
    let seeds = persistence.load_persisted_failures2(Some(file!()));
    assert_eq!(seeds.len(), 6, "the seeds in tests/properties.proptest-regressions");
}

fn run(seed: u64, actions: &[Action]) {
    let mut w = World::new(seed);
    for a in actions {
        w.step(a);
        w.check();
    }
    w.settle();
    w.check_settled();
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn nothing_lost_nothing_twice_order_kept(seed in any::<u64>(), actions in prop::collection::vec(action(), 1..150)) {
        run(seed, &actions);
    }

    #[test]
    fn reloads_in_any_state_lose_nothing(
        seed in any::<u64>(),
        actions in prop::collection::vec(
            prop_oneof![
                3 => action(),
                1 => any::<bool>().prop_map(Action::Reload),
                1 => Just(Action::Online(false)),
            ],
            1..80,
        ),
    ) {
        run(seed, &actions);
    }

    /// Statuses of a channel that a later `Request::Reconnect` replaced change nothing (the
    /// step itself asserts it), whatever else happens.
    #[test]
    fn a_removed_channel_changes_nothing(
        seed in any::<u64>(),
        actions in prop::collection::vec(
            prop_oneof![
                4 => action(),
                1 => any::<u8>().prop_map(Action::StaleStatus),
            ],
            1..120,
        ),
    ) {
        run(seed, &actions);
    }

    #[test]
    fn a_flood_of_sends_never_exceeds_the_outbox(seed in any::<u64>(), sends in 40usize..80, actions in prop::collection::vec(action(), 0..40)) {
        let mut w = World::new(seed);
        w.step(&Action::Online(false));
        for i in 0..sends {
            w.step(&Action::Send(i as u8));
            w.check();
        }
        assert_eq!(w.accepted.len(), sends.min(50));
        for a in &actions {
            w.step(a);
            w.check();
        }
        w.settle();
        w.check_settled();
    }
}

/// The same seed and inputs give the same outputs: a failing interleaving replays exactly.
#[test]
fn replay_is_deterministic() {
    let actions: Vec<Action> = (0..200u32)
        .map(|i| match i % 7 {
            0 => Action::Send(i as u8),
            1 => Action::Reply((i * 31) as u8, if i % 3 == 0 { Outcome::Transient } else { Outcome::Ok }),
            2 => Action::Advance((i * 997 % 20_000) as u16),
            3 => Action::PartnerSend,
            4 => Action::DeliverRealtime(i as u8),
            5 => {
                if i % 2 == 0 {
                    Action::Disconnect
                } else {
                    Action::Subscribe
                }
            }
            _ => Action::Reload(i % 2 == 0),
        })
        .collect();
    let trace = |seed| {
        let mut w = World::new(seed);
        for a in &actions {
            w.step(a);
        }
        w.log
    };
    assert_eq!(trace(11), trace(11));
}
