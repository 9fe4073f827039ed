//! The sans-IO sync engine: outbox, retry schedule, connection state, timeline merge and
//! receipts as one state machine that is fed [`Input`]s and drained of [`Output`]s.
//!
//! The driver owns every side effect and the clock:
//!
//! ```text
//! engine.handle_input(input)?;            // each input carries `now`
//! loop {
//!     match engine.poll_output() {
//!         Output::Request(r) => start it, later feed its reply (same id) as an input,
//!         Output::Persist(s) => localStorage.setItem(key, serde_json::to_string(&s)),
//!         Output::ViewChanged => signal.set(engine.view()),
//!         Output::Timeout(at) => { arm one timer for `at` (feed Input::Timeout); break }
//!     }
//! }
//! ```
//!
//! Nothing in here reads a clock, sleeps, does IO or draws randomness from the platform: the
//! same inputs with the same seed give the same outputs. Time follows str0m's style: every
//! input carries `now`, and each drain ends with the earliest deadline of the engine's one
//! timer table (`timers`, indexed by `enum Timer` as in quinn-proto).
//!
//! This module routes inputs; each concern has its own: `outbox` (own unsent messages),
//! `slot` (one request in flight and the retry schedule), `catch_up` (when and from where to
//! catch up, with the participants re-read), `connection` (header state, reconnects, channel
//! generations), `timeline` (stored messages by seq), `view` and `persist` (what the UI and
//! `localStorage` get), `io` (the inputs and outputs themselves).

mod catch_up;
mod config;
mod connection;
mod io;
mod outbox;
mod persist;
mod rng;
mod slot;
mod timeline;
mod timers;
mod view;

use std::collections::VecDeque;

use uuid::Uuid;

use crate::domain::{is_valid_body, Message, Participant};

pub use config::{Config, Identity};
pub use io::{
    ChannelStatus, Input, Millis, Output, Problem, Refusal, Rejected, Request, RequestError, RequestId, SendFailure,
    SocketState,
};
pub use persist::{PersistedEntry, PersistedEntryState, PersistedState};
pub use view::{ConnectionState, Entry, MessageStatus, Partner, TranslationState, View};

use catch_up::{CatchUp, ParticipantsRead};
use connection::{Connection, Supervise};
use outbox::{Item, ItemState, Outbox};
use rng::Rng;
use slot::{Scheduler, Slot};
use timeline::{Merge, Timeline};
use timers::{Kind, Timer, TimerTable};

/// Read receipts to send for the partner's messages.
#[derive(Debug)]
struct Acks {
    /// Highest partner seq received.
    delivered_target: i64,
    /// Highest partner seq received while the tab was visible.
    read_target: i64,
    /// What the server has (acknowledged, or seen on our participant row).
    acked_delivered: i64,
    acked_read: i64,
    in_flight: (i64, i64),
    slot: Slot,
}

impl Acks {
    fn needed(&self) -> bool {
        self.delivered_target > self.acked_delivered || self.read_target > self.acked_read
    }

    fn settle(&mut self) {
        self.acked_delivered = self.acked_delivered.max(self.in_flight.0);
        self.acked_read = self.acked_read.max(self.in_flight.1);
    }
}

/// "Load earlier messages" paging: one page at a time, until a page comes back short.
#[derive(Debug, Default)]
struct Earlier {
    in_flight: Option<RequestId>,
    /// A page came back short: the server holds nothing older.
    complete: bool,
    /// The latest realtime UPDATEs of messages not held (at most [`STRAY_UPDATES`]), newest
    /// last. A page can be read before an UPDATE of one of its messages and reach us after it
    /// (reading an old page is what asks the server to translate it), so they are kept to fold
    /// into the rows a page brings.
    stray_updates: VecDeque<Message>,
}

/// How many UPDATEs of messages not held are kept for a page to come.
const STRAY_UPDATES: usize = 256;

/// The sync engine for one user in one session. See the module docs.
#[derive(Debug)]
pub struct Engine {
    cfg: Config,
    me: Identity,
    rng: Rng,
    now: Millis,
    started: bool,
    /// Every deadline: request replies, retry waits, the reconnect supervisor, the poll.
    timers: TimerTable,
    next_request: u64,
    next_client_seq: i64,
    last_seen_seq: i64,
    timeline: Timeline,
    outbox: Outbox,
    conn: Connection,
    catch_up: CatchUp,
    acks: Acks,
    participants: ParticipantsRead,
    earlier: Earlier,
    partner: Option<Participant>,
    error: Option<Problem>,
    requests: VecDeque<Request>,
    dirty: bool,
    persist_checked: bool,
    view_checked: bool,
    last_persisted: Option<PersistedState>,
    last_view: Option<View>,
}

impl Engine {
    /// `restored` is what the last [`Output::Persist`] for this session and user held (ignored
    /// if it belongs to another session, user or format version). `seed` should be fresh
    /// randomness on each start (e.g. `crypto.getRandomValues`); it drives jitter and ids.
    pub fn new(cfg: Config, me: Identity, restored: Option<PersistedState>, seed: u64) -> Engine {
        let mut e = Engine {
            cfg,
            me,
            rng: Rng::new(seed),
            now: 0,
            started: false,
            timers: TimerTable::default(),
            next_request: 1,
            next_client_seq: 1,
            last_seen_seq: 0,
            timeline: Timeline::default(),
            outbox: Outbox::default(),
            conn: Connection::default(),
            catch_up: CatchUp {
                wanted: true,
                from_start: false,
                run_from_start: false,
                newest: false,
                next_after: None,
                slot: Slot::new(Kind::CatchUp),
            },
            acks: Acks {
                delivered_target: 0,
                read_target: 0,
                acked_delivered: 0,
                acked_read: 0,
                in_flight: (0, 0),
                slot: Slot::new(Kind::Ack),
            },
            participants: ParticipantsRead { wanted: false, slot: Slot::new(Kind::Participants) },
            earlier: Earlier::default(),
            partner: None,
            error: None,
            requests: VecDeque::new(),
            dirty: true,
            persist_checked: false,
            view_checked: false,
            last_persisted: None,
            last_view: None,
        };
        if let Some(p) = restored {
            e.restore(p);
        }
        e
    }

    /// Feeds one input. Only user actions can be refused (`Send`, `Retry`, `Discard`); the
    /// reason is also put in the view's `error`.
    pub fn handle_input(&mut self, input: Input) -> Result<(), Rejected> {
        self.now = self.now.max(input.now());
        let now = self.now;
        self.dirty = true;
        self.persist_checked = false;
        self.view_checked = false;
        let result = self.apply(input, now);
        self.drive(now);
        result
    }

    /// The next thing to do. Call until it returns [`Output::Timeout`].
    pub fn poll_output(&mut self) -> Output {
        if let Some(r) = self.requests.pop_front() {
            return Output::Request(r);
        }
        if self.dirty {
            if !self.persist_checked {
                self.persist_checked = true;
                let p = self.persisted();
                if self.last_persisted.as_ref() != Some(&p) {
                    self.last_persisted = Some(p.clone());
                    return Output::Persist(Box::new(p));
                }
            }
            if !self.view_checked {
                self.view_checked = true;
                let v = self.view();
                if self.last_view.as_ref() != Some(&v) {
                    self.last_view = Some(v);
                    return Output::ViewChanged;
                }
            }
            self.dirty = false;
        }
        Output::Timeout(self.next_deadline())
    }

    fn reject(&mut self, r: Rejected) -> Result<(), Rejected> {
        self.error = Some(Problem::Rejected(r.clone()));
        Err(r)
    }

    fn new_request_id(&mut self) -> RequestId {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        id
    }

    fn new_message_id(&mut self, client_seq: i64) -> Uuid {
        let (hi, lo) = self.me.user_id.as_u64_pair();
        loop {
            let id = self.rng.uuid(client_seq as u64 ^ hi ^ lo.rotate_left(17));
            if !self.timeline.contains(id) && !self.outbox.items.iter().any(|i| i.id == id) {
                return id;
            }
        }
    }

    fn apply(&mut self, input: Input, now: Millis) -> Result<(), Rejected> {
        match input {
            Input::Send { body, .. } => {
                // Trailing whitespace (the composer's last newline) is not part of a message.
                let body = body.trim_end().to_string();
                if body.is_empty() || !is_valid_body(&body) {
                    return self.reject(Rejected::InvalidBody);
                }
                if self.outbox.len() >= self.cfg.max_outbox {
                    return self.reject(Rejected::OutboxFull { limit: self.cfg.max_outbox });
                }
                let client_seq = self.next_client_seq;
                self.next_client_seq += 1;
                let id = self.new_message_id(client_seq);
                self.outbox.push(Item {
                    id,
                    client_seq,
                    body,
                    source_lang: self.me.language.clone(),
                    attempts: 0,
                    last_failure: None,
                    state: ItemState::Pending,
                });
                self.error = None;
            }
            Input::Retry { message_id, .. } => {
                let Some(item) = self.outbox.get_mut(message_id) else {
                    return self.reject(Rejected::UnknownMessage(message_id));
                };
                match item.state {
                    ItemState::Failed(_) => {
                        // Sent again as the newest message: a fresh client_seq keeps own
                        // messages stored in client_seq order.
                        let mut item = self.outbox.remove(message_id).expect("found above");
                        item.client_seq = self.next_client_seq;
                        self.next_client_seq += 1;
                        item.attempts = 0;
                        item.last_failure = None;
                        item.state = ItemState::Pending;
                        self.outbox.push(item);
                        self.outbox.slot.retry_now(&mut self.timers);
                    }
                    ItemState::Pending => {
                        item.attempts = 0;
                        self.outbox.slot.retry_now(&mut self.timers);
                    }
                    ItemState::Sending(_) | ItemState::Stored { .. } => {}
                }
            }
            Input::RetryNow { .. } => self.outbox.slot.retry_now(&mut self.timers),
            Input::Discard { message_id, .. } => match self.outbox.get_mut(message_id) {
                None => return self.reject(Rejected::UnknownMessage(message_id)),
                Some(item) if !matches!(item.state, ItemState::Failed(_)) => {
                    return self.reject(Rejected::NotFailed(message_id));
                }
                Some(_) => {
                    self.outbox.remove(message_id);
                }
            },
            Input::UpsertOk { id, rows, .. } => {
                self.detect_gap(&rows);
                for row in rows {
                    self.absorb(row);
                }
                self.trim();
                if self.outbox.slot.end(id, &mut self.timers) {
                    self.outbox.slot.succeeded(&mut self.timers);
                    // Rows the reply left out were duplicates: stored before. Any catch-up
                    // issued from now on must bring them.
                    let since = RequestId(self.next_request);
                    if self.outbox.mark_stored(id, since) > 0 {
                        self.catch_up.wanted = true;
                    }
                }
            }
            Input::CatchUpOk { id, rows, .. } => {
                let count = rows.len();
                let top = rows.iter().filter(|r| r.session_id == self.me.session_id).map(|r| r.seq).max();
                for row in rows {
                    self.absorb(row);
                }
                if self.catch_up.slot.end(id, &mut self.timers) {
                    self.catch_up.slot.succeeded(&mut self.timers);
                    if let Some(top) = top {
                        self.last_seen_seq = self.last_seen_seq.max(top);
                    }
                    self.page_done(id, count, top);
                }
                self.trim();
            }
            Input::AckOk { id, .. } => {
                if self.acks.slot.end(id, &mut self.timers) {
                    self.acks.settle();
                    self.acks.slot.succeeded(&mut self.timers);
                }
            }
            Input::UpsertErr { id, error, .. } => self.request_failed(Kind::Upsert, id, &error, now),
            Input::CatchUpErr { id, error, .. } => self.request_failed(Kind::CatchUp, id, &error, now),
            Input::AckErr { id, error, .. } => self.request_failed(Kind::Ack, id, &error, now),
            Input::ParticipantsOk { id, rows, .. } => {
                for p in rows {
                    self.participant(p);
                }
                if self.participants.slot.end(id, &mut self.timers) {
                    self.participants.slot.succeeded(&mut self.timers);
                }
            }
            Input::ParticipantsErr { id, error, .. } => self.request_failed(Kind::Participants, id, &error, now),
            Input::ParticipantsStale { .. } => self.participants.wanted = true,
            Input::RealtimeInsert { generation, row, .. } if self.current(generation) => {
                self.detect_gap(std::slice::from_ref(&row));
                self.absorb(row);
                self.trim();
            }
            Input::RealtimeUpdate { generation, row, .. } if self.current(generation) => {
                if self.update_applies(&row) {
                    self.detect_gap(std::slice::from_ref(&row));
                    self.absorb(row);
                    self.trim();
                } else {
                    let stray = &mut self.earlier.stray_updates;
                    stray.retain(|m| m.id != row.id);
                    if stray.len() == STRAY_UPDATES {
                        stray.pop_front();
                    }
                    stray.push_back(row);
                }
            }
            Input::ParticipantUpdate { generation, participant, .. } if self.current(generation) => {
                self.participant(participant)
            }
            Input::LoadEarlier { .. } => {
                if let (None, Some(before_seq)) = (self.earlier.in_flight, self.earlier_before()) {
                    let id = self.new_request_id();
                    self.earlier.in_flight = Some(id);
                    self.timers.set(Timer::EarlierReply, now + self.cfg.request_timeout_ms);
                    self.requests.push_back(Request::LoadEarlier { id, before_seq, limit: self.cfg.history_page });
                }
            }
            Input::EarlierOk { id, rows, .. } => {
                let short = rows.len() < self.cfg.history_page as usize;
                for row in rows {
                    self.absorb(row);
                }
                self.fold_stray_updates();
                if self.earlier.in_flight == Some(id) {
                    self.earlier.in_flight = None;
                    self.timers.stop(Timer::EarlierReply);
                    self.earlier.complete |= short;
                }
            }
            Input::EarlierErr { id, error, .. } => {
                if self.earlier.in_flight == Some(id) {
                    self.earlier.in_flight = None;
                    self.timers.stop(Timer::EarlierReply);
                    self.error = Some(Problem::EarlierFailed { detail: error.to_string() });
                }
            }
            Input::History { rows, .. } => {
                for row in rows {
                    self.absorb(row);
                }
                self.fold_stray_updates();
            }
            Input::SocketState { generation, state, .. } if self.current(generation) => self.conn.on_socket(state),
            Input::ChannelStatus { generation, status, .. } if self.current(generation) => {
                if self.conn.on_channel(status, now, &mut self.timers) {
                    // Realtime has no replay: flush what we hold, then fetch what we missed.
                    self.retry_all_now();
                }
            }
            // Events of a channel that is no longer the current one: replaced by a later
            // `Request::Reconnect`, or ended by going offline.
            Input::RealtimeInsert { .. }
            | Input::RealtimeUpdate { .. }
            | Input::ParticipantUpdate { .. }
            | Input::SocketState { .. }
            | Input::ChannelStatus { .. } => {}
            Input::Online { online, .. } => {
                let was = self.conn.online;
                self.conn.online = online;
                if was && !online {
                    self.conn.network_lost();
                }
                if online && !was {
                    self.retry_all_now();
                    if self.conn.restart(now, &self.cfg, &mut self.timers) {
                        self.reconnect();
                    }
                }
            }
            Input::Visible { visible, .. } => {
                let was = self.conn.visible;
                self.conn.visible = visible;
                if visible {
                    self.acks.read_target = self.acks.read_target.max(self.acks.delivered_target);
                    if !was && self.conn.restart(now, &self.cfg, &mut self.timers) {
                        self.reconnect();
                    }
                }
            }
            Input::Reconnect { .. } => {
                if self.conn.restart(now, &self.cfg, &mut self.timers) {
                    self.reconnect();
                }
            }
            Input::DismissError { .. } => self.error = None,
            Input::Timeout { .. } => {}
        }
        Ok(())
    }

    /// The seq to page back from: the oldest stored message's, while older ones may exist
    /// (it is above 1 and no page came back short).
    fn earlier_before(&self) -> Option<i64> {
        let oldest = self.timeline.iter().next()?.seq;
        (!self.earlier.complete && oldest > 1).then_some(oldest)
    }

    /// An input from channel `generation` counts only if that is the newest channel.
    fn current(&self, generation: u64) -> bool {
        generation == self.conn.generation
    }

    /// Asks for a new channel; from now on only its events count.
    fn reconnect(&mut self) {
        self.conn.generation += 1;
        self.requests.push_back(Request::Reconnect { generation: self.conn.generation });
    }

    /// A (re)subscription or the network coming back: flush the outbox, catch up and ack now,
    /// whatever retry waits were running.
    fn retry_all_now(&mut self) {
        self.outbox.slot.retry_now(&mut self.timers);
        self.catch_up.wanted = true;
        self.catch_up.slot.retry_now(&mut self.timers);
        self.acks.slot.retry_now(&mut self.timers);
        self.participants.slot.retry_now(&mut self.timers);
    }

    /// Takes in a stored row from any source (upsert reply, realtime, catch-up, history).
    fn absorb(&mut self, row: Message) {
        if row.session_id != self.me.session_id {
            return;
        }
        let (id, seq, from_partner) = (row.id, row.seq, row.sender_id != self.me.user_id);
        if !from_partner {
            self.next_client_seq = self.next_client_seq.max(row.client_seq + 1);
        }
        if self.timeline.merge(row) == Merge::Conflict {
            return;
        }
        // Whatever state the outbox had for it, the server has it: it is sent.
        self.outbox.remove(id);
        if from_partner {
            self.acks.delivered_target = self.acks.delivered_target.max(seq);
            if self.conn.visible {
                self.acks.read_target = self.acks.read_target.max(seq);
            }
        }
    }

    /// An UPDATE changes a message held, or one newer than anything known (its INSERT was
    /// lost). Any other is older than what is held (a translation finishing for a message
    /// the user has not paged back to): taking it would leave a hole before the held range
    /// that nothing fills, and "Load earlier messages" reads it with its new state anyway.
    fn update_applies(&self, row: &Message) -> bool {
        let known = self.timeline.max_seq().max(self.last_seen_seq);
        self.timeline.contains(row.id) || (known > 0 && row.seq > known)
    }

    /// Folds the kept UPDATEs of messages now held into them (translation fields only move
    /// forward, so an older snapshot in the page cannot undo one).
    fn fold_stray_updates(&mut self) {
        let (now_held, stray): (VecDeque<Message>, VecDeque<Message>) =
            std::mem::take(&mut self.earlier.stray_updates).into_iter().partition(|m| self.timeline.contains(m.id));
        self.earlier.stray_updates = stray;
        for row in now_held {
            self.absorb(row);
        }
    }

    /// New messages beyond `timeline_max` push the oldest out; they can be paged back in.
    fn trim(&mut self) {
        if self.timeline.trim_oldest(self.cfg.timeline_max) > 0 {
            self.earlier.complete = false;
        }
    }

    fn participant(&mut self, p: Participant) {
        if p.session_id != self.me.session_id {
            return;
        }
        if p.user_id == self.me.user_id {
            self.acks.acked_delivered = self.acks.acked_delivered.max(p.delivered_seq);
            self.acks.acked_read = self.acks.acked_read.max(p.read_seq);
            return;
        }
        let mut p = p;
        if let Some(old) = self.partner.as_ref().filter(|o| o.user_id == p.user_id) {
            // Watermarks only rise; an older row arriving late must not lower them.
            p.delivered_seq = p.delivered_seq.max(old.delivered_seq);
            p.read_seq = p.read_seq.max(old.read_seq);
        }
        self.partner = Some(p);
    }

    /// Request `id` of `kind` failed (or timed out). Replies to a request no longer in flight
    /// change nothing.
    fn request_failed(&mut self, kind: Kind, id: RequestId, error: &RequestError, now: Millis) {
        let spend = self.conn.online;
        let mut s = Scheduler { now, cfg: &self.cfg, rng: &mut self.rng, timers: &mut self.timers };
        match kind {
            Kind::Upsert => {
                if !self.outbox.slot.end(id, s.timers) {
                    return;
                }
                let failed = self.outbox.failed(id, error, spend, &mut s);
                let shown = match error {
                    RequestError::Transient(e) if failed > 0 => {
                        Problem::NotSent { count: failed, failure: SendFailure::Unreachable { detail: e.clone() } }
                    }
                    RequestError::Permanent(r) if failed > 0 => {
                        Problem::NotSent { count: failed, failure: SendFailure::Refused(r.clone()) }
                    }
                    RequestError::RateLimited { retry_after_ms } => {
                        Problem::RateLimited { wait_s: retry_after_ms.div_ceil(1000) }
                    }
                    _ => return,
                };
                self.error = Some(shown);
            }
            Kind::CatchUp => {
                if !self.catch_up.slot.end(id, s.timers) {
                    return;
                }
                // A catch-up is never abandoned: without it messages would be missing for good.
                // Even a "permanent" refusal is retried on the backoff schedule (capped at
                // 16 s), and shown.
                self.catch_up.wanted = true;
                let error = match error {
                    RequestError::Permanent(r) => {
                        self.error = Some(Problem::CatchUpRefused(r.clone()));
                        RequestError::Transient(r.to_string())
                    }
                    other => other.clone(),
                };
                self.catch_up.slot.failed(&error, spend, &mut s);
            }
            Kind::Participants => {
                if !self.participants.slot.end(id, s.timers) {
                    return;
                }
                // Retried like a catch-up (a refusal too: it is how lost receipts are found).
                self.participants.wanted = true;
                let error = match error {
                    RequestError::Permanent(r) => RequestError::Transient(r.to_string()),
                    other => other.clone(),
                };
                self.participants.slot.failed(&error, spend, &mut s);
            }
            Kind::Ack => {
                if !self.acks.slot.end(id, s.timers) {
                    return;
                }
                if matches!(error, RequestError::Permanent(_)) {
                    // Do not repeat a refused ack; a higher watermark will be tried.
                    self.acks.settle();
                }
                self.acks.slot.failed(error, spend, &mut s);
            }
        }
    }

    /// Timers, then whatever requests are due.
    fn drive(&mut self, now: Millis) {
        self.started = true;
        let timeout =
            RequestError::Transient(format!("no reply within {} s", self.cfg.request_timeout_ms.div_ceil(1000)));
        for kind in Kind::ALL {
            if self.timers.expired(Timer::Reply(kind), now) {
                let slot = match kind {
                    Kind::Upsert => &self.outbox.slot,
                    Kind::CatchUp => &self.catch_up.slot,
                    Kind::Ack => &self.acks.slot,
                    Kind::Participants => &self.participants.slot,
                };
                let id = slot.in_flight().expect("a reply timer runs only while a request is in flight");
                self.request_failed(kind, id, &timeout, now);
            }
            if self.timers.expired(Timer::Retry(kind), now) {
                self.timers.stop(Timer::Retry(kind));
            }
        }
        if self.timers.expired(Timer::EarlierReply, now) {
            // A late reply still merges its rows; the page can be asked for again meanwhile.
            self.timers.stop(Timer::EarlierReply);
            self.earlier.in_flight = None;
            self.error = Some(Problem::EarlierFailed { detail: timeout.to_string() });
        }

        match self.conn.supervise(now, &self.cfg, &mut self.timers) {
            Supervise::Nothing => {}
            Supervise::Reconnect => self.reconnect(),
            Supervise::GiveUp => self.error = Some(Problem::ReconnectGaveUp),
        }

        if !self.conn.online {
            // Nothing is retried or polled offline; coming back online starts all of it anew.
            for kind in Kind::ALL {
                self.timers.stop(Timer::Retry(kind));
            }
            self.timers.stop(Timer::Poll);
            return;
        }
        let deadline = now + self.cfg.request_timeout_ms;
        if self.outbox.due(&self.timers, now) {
            let id = self.new_request_id();
            let rows = self.outbox.start(id, deadline, &self.me, &mut self.timers);
            self.requests.push_back(Request::Upsert { id, rows });
        }
        self.schedule_poll(now);
        let catch_up_due = self.catch_up.wanted || self.catch_up.next_after.is_some();
        if catch_up_due && self.catch_up.slot.free(&self.timers, now) {
            self.timers.stop(Timer::Poll);
            let id = self.new_request_id();
            let page = self.next_page();
            self.catch_up.slot.begin(id, deadline, &mut self.timers);
            self.requests.push_back(Request::CatchUp {
                id,
                after_seq: page.after_seq,
                limit: page.limit,
                newest: page.newest,
            });
            self.participants.wanted |= page.starts_run;
        }
        if self.participants.wanted && self.participants.slot.free(&self.timers, now) {
            let id = self.new_request_id();
            self.participants.wanted = false;
            self.participants.slot.begin(id, deadline, &mut self.timers);
            self.requests.push_back(Request::ReadParticipants { id });
        }
        if self.acks.needed() && self.acks.slot.free(&self.timers, now) {
            let id = self.new_request_id();
            let delivered_seq = self.acks.delivered_target.max(self.acks.acked_delivered);
            let read_seq = self.acks.read_target.max(self.acks.acked_read);
            self.acks.in_flight = (delivered_seq, read_seq);
            self.acks.slot.begin(id, deadline, &mut self.timers);
            self.requests.push_back(Request::Ack { id, delivered_seq, read_seq });
        }
    }

    /// The earliest time something is scheduled, if anything is.
    fn next_deadline(&self) -> Option<Millis> {
        if !self.started {
            return Some(self.now);
        }
        self.timers.next_deadline()
    }
}
