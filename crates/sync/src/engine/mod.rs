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
//! same inputs with the same seed give the same outputs.

mod config;
mod connection;
mod io;
mod outbox;
mod persist;
mod rng;
mod timeline;
mod view;

use std::collections::VecDeque;

use uuid::Uuid;

use crate::domain::{is_valid_body, Message, Participant};

pub use config::{Config, Identity};
pub use io::{ChannelStatus, Input, Millis, Output, Rejected, Request, RequestError, RequestId, SocketState};
pub use persist::{PersistedEntry, PersistedEntryState, PersistedState, PERSIST_VERSION};
pub use view::{ConnectionState, Entry, MessageStatus, Partner, TranslationState, View};

use connection::{Connection, Supervise};
use outbox::{Flight, Item, ItemState, Outbox};
use rng::{backoff, Rng};
use timeline::{Merge, Timeline};

/// A request slot that holds at most one request in flight and a retry time.
#[derive(Debug, Default)]
struct Slot {
    flight: Option<Flight>,
    retry_at: Option<Millis>,
    failures: u32,
}

impl Slot {
    fn free(&self, now: Millis) -> bool {
        self.flight.is_none() && self.retry_at.is_none_or(|t| now >= t)
    }

    fn begin(&mut self, id: RequestId, deadline: Millis) {
        self.flight = Some(Flight { id, deadline });
    }

    fn end(&mut self, id: RequestId) -> bool {
        if self.flight.is_some_and(|f| f.id == id) {
            self.flight = None;
            true
        } else {
            false
        }
    }

    fn succeeded(&mut self) {
        self.failures = 0;
        self.retry_at = None;
    }

    fn failed(&mut self, err: &RequestError, spend: bool, now: Millis, cfg: &Config, rng: &mut Rng) {
        match err {
            RequestError::Transient(_) => {
                if spend {
                    self.failures += 1;
                }
                let delay = backoff(cfg.retry_base_ms, self.failures.max(1));
                self.retry_at = Some(now + rng.jitter(delay, cfg.jitter_percent));
            }
            RequestError::RateLimited { retry_after_ms } => {
                let wait = (*retry_after_ms).max(cfg.retry_base_ms);
                self.retry_at = Some(now + rng.jitter_up(wait, cfg.jitter_percent));
            }
            RequestError::Permanent(_) => self.succeeded(),
        }
    }

    fn wake_at(&self, waiting: bool) -> Option<Millis> {
        match self.flight {
            Some(f) => Some(f.deadline),
            None if waiting => self.retry_at,
            None => None,
        }
    }
}

/// Read receipts to send for the partner's messages.
#[derive(Debug, Default)]
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

/// Catch-up bookkeeping.
#[derive(Debug, Default)]
struct CatchUp {
    /// A catch-up should run once the slot is free.
    wanted: bool,
    /// The next catch-up starts from seq 0 (a stored message went missing).
    from_start: bool,
    /// `after_seq` of the one in flight.
    after: i64,
    slot: Slot,
    /// When the next periodic catch-up is due (while subscribed); pushed back by every
    /// catch-up, so polls only fill silences.
    poll_at: Option<Millis>,
}

/// The sync engine for one user in one session. See the module docs.
#[derive(Debug)]
pub struct Engine {
    cfg: Config,
    me: Identity,
    rng: Rng,
    now: Millis,
    started: bool,
    next_request: u64,
    next_client_seq: i64,
    last_seen_seq: i64,
    timeline: Timeline,
    outbox: Outbox,
    conn: Connection,
    catch_up: CatchUp,
    acks: Acks,
    partner: Option<Participant>,
    error: Option<String>,
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
            next_request: 1,
            next_client_seq: 1,
            last_seen_seq: 0,
            timeline: Timeline::default(),
            outbox: Outbox::default(),
            conn: Connection::default(),
            catch_up: CatchUp { wanted: true, ..CatchUp::default() },
            acks: Acks::default(),
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

    fn restore(&mut self, p: PersistedState) {
        if p.version != PERSIST_VERSION || p.session_id != self.me.session_id || p.user_id != self.me.user_id {
            return;
        }
        // Restored history counts as received (delivered) but not as read: the driver says
        // whether the tab is visible after this.
        let read_target = self.acks.read_target;
        for m in p.history {
            self.absorb(m);
        }
        self.acks.read_target = read_target;
        let mut entries = p.outbox;
        entries.sort_by_key(|e| e.client_seq);
        for e in entries {
            if self.timeline.contains(e.id) || self.outbox.items.iter().any(|i| i.id == e.id) {
                continue;
            }
            self.next_client_seq = self.next_client_seq.max(e.client_seq + 1);
            self.outbox.push(Item {
                id: e.id,
                client_seq: e.client_seq,
                body: e.body,
                source_lang: e.source_lang,
                attempts: e.attempts,
                state: match e.state {
                    PersistedEntryState::Pending => ItemState::Pending,
                    PersistedEntryState::Stored => ItemState::Stored { since: RequestId(0) },
                    PersistedEntryState::Failed { reason } => ItemState::Failed(reason),
                },
            });
        }
        self.next_client_seq = self.next_client_seq.max(p.next_client_seq);
        self.last_seen_seq = p.last_seen_seq.max(0);
        if let Some(partner) = p.partner {
            self.participant(partner);
        }
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
                    return Output::Persist(p);
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

    pub fn identity(&self) -> &Identity {
        &self.me
    }

    pub fn connection_state(&self) -> ConnectionState {
        self.conn.state()
    }

    pub fn queue_count(&self) -> usize {
        self.outbox.len()
    }

    /// What would be persisted now.
    pub fn persisted(&self) -> PersistedState {
        PersistedState {
            version: PERSIST_VERSION,
            session_id: self.me.session_id,
            user_id: self.me.user_id,
            next_client_seq: self.next_client_seq,
            last_seen_seq: self.last_seen_seq,
            outbox: self
                .outbox
                .items
                .iter()
                .map(|i| PersistedEntry {
                    id: i.id,
                    client_seq: i.client_seq,
                    body: i.body.clone(),
                    source_lang: i.source_lang.clone(),
                    attempts: i.attempts,
                    state: match &i.state {
                        ItemState::Pending | ItemState::Sending(_) => PersistedEntryState::Pending,
                        ItemState::Stored { .. } => PersistedEntryState::Stored,
                        ItemState::Failed(r) => PersistedEntryState::Failed { reason: r.clone() },
                    },
                })
                .collect(),
            history: self.timeline.latest(self.cfg.history_cache),
            partner: self.partner.clone(),
        }
    }

    /// A snapshot for the UI.
    pub fn view(&self) -> View {
        let partner_lang = self.partner.as_ref().map(|p| p.language.as_str());
        let (p_delivered, p_read) = self.partner.as_ref().map_or((0, 0), |p| (p.delivered_seq, p.read_seq));
        let mut entries = Vec::with_capacity(self.timeline.len() + self.outbox.len());
        for m in self.timeline.iter() {
            let own = m.sender_id == self.me.user_id;
            let status = own.then_some(if m.seq <= p_read {
                MessageStatus::Read
            } else if m.seq <= p_delivered {
                MessageStatus::Delivered
            } else {
                MessageStatus::Sent
            });
            let reader_lang = if own { partner_lang } else { Some(self.me.language.as_str()) };
            let translation = translation_state(m, reader_lang);
            let text = match (&m.translated_body, own, translation) {
                (Some(t), false, TranslationState::Done) => t.clone(),
                _ => m.body.clone(),
            };
            entries.push(Entry {
                id: m.id,
                own,
                seq: Some(m.seq),
                client_seq: m.client_seq,
                body: m.body.clone(),
                source_lang: m.source_lang.clone(),
                translated_body: m.translated_body.clone(),
                target_lang: m.target_lang.clone(),
                translation_error: m.translation_error.clone(),
                created_at: Some(m.created_at.clone()),
                status,
                failure: None,
                translation,
                text,
            });
        }
        for i in &self.outbox.items {
            let (status, failure) = match &i.state {
                ItemState::Pending => (MessageStatus::Pending, None),
                ItemState::Sending(_) => (MessageStatus::Sending, None),
                ItemState::Stored { .. } => (MessageStatus::Sent, None),
                ItemState::Failed(r) => (MessageStatus::Failed, Some(r.clone())),
            };
            let translation = match partner_lang {
                Some(l) if l == i.source_lang => TranslationState::None,
                _ => TranslationState::Pending,
            };
            entries.push(Entry {
                id: i.id,
                own: true,
                seq: None,
                client_seq: i.client_seq,
                body: i.body.clone(),
                source_lang: i.source_lang.clone(),
                translated_body: None,
                target_lang: None,
                translation_error: None,
                created_at: None,
                status: Some(status),
                failure,
                translation,
                text: i.body.clone(),
            });
        }
        View {
            connection: self.conn.state(),
            online: self.conn.online,
            entries,
            queue_count: self.outbox.len(),
            error: self.error.clone(),
            partner: self.partner.as_ref().map(|p| Partner {
                user_id: p.user_id,
                display_name: p.display_name.clone(),
                language: p.language.clone(),
                left: p.left_at.is_some(),
                delivered_seq: p.delivered_seq,
                read_seq: p.read_seq,
            }),
            last_seen_seq: self.last_seen_seq,
        }
    }

    fn reject(&mut self, r: Rejected) -> Result<(), Rejected> {
        self.error = Some(r.to_string());
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
                if body.trim().is_empty() || !is_valid_body(&body) {
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
                        item.state = ItemState::Pending;
                        self.outbox.push(item);
                        self.outbox.retry_at = None;
                    }
                    ItemState::Pending => {
                        item.attempts = 0;
                        self.outbox.retry_at = None;
                    }
                    ItemState::Sending(_) | ItemState::Stored { .. } => {}
                }
            }
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
                if self.outbox.end(id) {
                    self.outbox.retry_at = None;
                    // Rows the reply left out were duplicates: stored before. Any catch-up
                    // issued from now on must bring them.
                    let since = RequestId(self.next_request);
                    if self.outbox.mark_stored(id, since) > 0 {
                        self.catch_up.wanted = true;
                    }
                }
            }
            Input::UpsertErr { id, error, .. } => {
                if self.outbox.end(id) {
                    self.upsert_failed(id, &error, now);
                }
            }
            Input::CatchUpOk { id, rows, .. } => {
                let top = rows.iter().filter(|r| r.session_id == self.me.session_id).map(|r| r.seq).max();
                for row in rows {
                    self.absorb(row);
                }
                if self.catch_up.slot.end(id) {
                    self.catch_up.slot.succeeded();
                    if let Some(top) = top {
                        self.last_seen_seq = self.last_seen_seq.max(top);
                    }
                    let from_start = self.catch_up.after == 0;
                    if from_start {
                        self.catch_up.from_start = false;
                    }
                    self.check_stored(id, from_start);
                }
            }
            Input::CatchUpErr { id, error, .. } => {
                if self.catch_up.slot.end(id) {
                    self.catch_up_failed(&error, now);
                }
            }
            Input::AckOk { id, .. } => {
                if self.acks.slot.end(id) {
                    self.acks.settle();
                    self.acks.slot.succeeded();
                }
            }
            Input::AckErr { id, error, .. } => {
                if self.acks.slot.end(id) {
                    if matches!(error, RequestError::Permanent(_)) {
                        // Do not repeat a refused ack; a higher watermark will be tried.
                        self.acks.settle();
                    }
                    let spend = self.conn.online;
                    self.acks.slot.failed(&error, spend, now, &self.cfg, &mut self.rng);
                }
            }
            Input::RealtimeInsert { row, .. } => {
                self.detect_gap(std::slice::from_ref(&row));
                self.absorb(row);
            }
            Input::RealtimeUpdate { row, .. } => {
                self.absorb(row);
            }
            Input::ParticipantUpdate { participant, .. } => self.participant(participant),
            Input::History { rows, .. } => {
                for row in rows {
                    self.absorb(row);
                }
            }
            Input::SocketState { state, .. } => self.conn.on_socket(state),
            Input::ChannelStatus { status, .. } => {
                if self.conn.on_channel(status, now) {
                    // Realtime has no replay: flush what we hold, then fetch what we missed.
                    self.outbox.retry_at = None;
                    self.catch_up.wanted = true;
                    self.catch_up.slot.retry_at = None;
                    self.acks.slot.retry_at = None;
                }
            }
            Input::Online { online, .. } => {
                let was = self.conn.online;
                self.conn.online = online;
                if online && !was {
                    self.outbox.retry_at = None;
                    self.catch_up.wanted = true;
                    self.catch_up.slot.retry_at = None;
                    self.acks.slot.retry_at = None;
                    if self.conn.restart(now, &self.cfg) {
                        self.requests.push_back(Request::Reconnect);
                    }
                }
            }
            Input::Visible { visible, .. } => {
                let was = self.conn.visible;
                self.conn.visible = visible;
                if visible {
                    self.acks.read_target = self.acks.read_target.max(self.acks.delivered_target);
                    if !was && self.conn.restart(now, &self.cfg) {
                        self.requests.push_back(Request::Reconnect);
                    }
                }
            }
            Input::Reconnect { .. } => {
                if self.conn.restart(now, &self.cfg) {
                    self.requests.push_back(Request::Reconnect);
                }
            }
            Input::DismissError { .. } => self.error = None,
            Input::Timeout { .. } => {}
        }
        Ok(())
    }

    /// Realtime can lose an event while the channel stays subscribed (a dropped frame), and
    /// nothing else would bring that message until the next subscription. Rows from realtime
    /// or an upsert reply whose seq is beyond the next one expected reveal such a gap: catch
    /// up. (A seq the server skipped costs one needless catch-up, nothing more.)
    fn detect_gap(&mut self, rows: &[Message]) {
        let known = self.timeline.max_seq().max(self.last_seen_seq);
        let first_new = rows
            .iter()
            .filter(|r| r.session_id == self.me.session_id && !self.timeline.contains(r.id))
            .map(|r| r.seq)
            .min();
        if first_new.is_some_and(|seq| seq > known + 1) {
            self.catch_up.wanted = true;
        }
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

    fn upsert_failed(&mut self, id: RequestId, error: &RequestError, now: Millis) {
        match error {
            RequestError::Transient(e) => {
                let spend = self.conn.online;
                let failed = self.outbox.transient(id, e, spend, now, &self.cfg, &mut self.rng);
                if failed > 0 {
                    self.error = Some(format!("{failed} message(s) could not be sent: {e}"));
                }
            }
            RequestError::Permanent(e) => {
                let failed = self.outbox.permanent(id, e);
                if failed > 0 {
                    self.error = Some(format!("{failed} message(s) were rejected: {e}"));
                }
            }
            RequestError::RateLimited { retry_after_ms } => {
                self.outbox.rate_limited(id, *retry_after_ms, now, &self.cfg, &mut self.rng);
                self.error = Some(format!(
                    "Sending too fast: the server asked to wait {} s; your messages are queued",
                    retry_after_ms.div_ceil(1000)
                ));
            }
        }
    }

    /// A catch-up is never abandoned: without it messages would be missing for good. Even a
    /// "permanent" refusal is retried on the backoff schedule (capped at 16 s), and shown.
    fn catch_up_failed(&mut self, error: &RequestError, now: Millis) {
        let spend = self.conn.online;
        self.catch_up.wanted = true;
        let error = match error {
            RequestError::Permanent(e) => {
                self.error = Some(format!("Could not load missed messages: {e}"));
                RequestError::Transient(e.clone())
            }
            other => other.clone(),
        };
        self.catch_up.slot.failed(&error, spend, now, &self.cfg, &mut self.rng);
    }

    /// After catch-up `id`: stored messages it should have brought but did not. The first time,
    /// fetch everything from the start; if even that misses them, send them again.
    fn check_stored(&mut self, id: RequestId, from_start: bool) {
        let missing: Vec<Uuid> = self
            .outbox
            .items
            .iter()
            .filter(|i| matches!(i.state, ItemState::Stored { since } if since <= id))
            .map(|i| i.id)
            .collect();
        if missing.is_empty() {
            return;
        }
        if !from_start {
            self.catch_up.from_start = true;
            self.catch_up.wanted = true;
            return;
        }
        let max = self.cfg.max_retries;
        for mid in missing {
            if let Some(item) = self.outbox.get_mut(mid) {
                item.attempts += 1;
                item.state = if item.attempts > max {
                    ItemState::Failed("the server reported it stored but never returned it".into())
                } else {
                    ItemState::Pending
                };
            }
        }
    }

    /// Timers, then whatever requests are due.
    fn drive(&mut self, now: Millis) {
        self.started = true;
        let timeout_reason = format!("no reply within {} s", self.cfg.request_timeout_ms.div_ceil(1000));
        if let Some(f) = self.outbox.flight.filter(|f| now >= f.deadline) {
            self.outbox.end(f.id);
            self.upsert_failed(f.id, &RequestError::Transient(timeout_reason.clone()), now);
        }
        if let Some(f) = self.catch_up.slot.flight.filter(|f| now >= f.deadline) {
            self.catch_up.slot.end(f.id);
            self.catch_up_failed(&RequestError::Transient(timeout_reason.clone()), now);
        }
        if let Some(f) = self.acks.slot.flight.filter(|f| now >= f.deadline) {
            self.acks.slot.end(f.id);
            let spend = self.conn.online;
            let err = RequestError::Transient(timeout_reason);
            self.acks.slot.failed(&err, spend, now, &self.cfg, &mut self.rng);
        }

        match self.conn.supervise(now, &self.cfg) {
            Supervise::Nothing => {}
            Supervise::Reconnect => self.requests.push_back(Request::Reconnect),
            Supervise::GiveUp => {
                self.error = Some(
                    "Could not reconnect to the session. Messages stay queued; reconnecting \
                     resumes when the network comes back or on reconnect."
                        .into(),
                )
            }
        }

        if !self.conn.online {
            return;
        }
        let deadline = now + self.cfg.request_timeout_ms;
        if self.outbox.due(now) {
            let id = self.new_request_id();
            let rows = self.outbox.start(id, deadline, self.me.session_id, self.me.user_id);
            self.requests.push_back(Request::Upsert { id, rows });
        }
        self.schedule_poll(now);
        if self.catch_up.wanted && self.catch_up.slot.free(now) {
            self.catch_up.poll_at = None;
            let id = self.new_request_id();
            let after_seq = if self.catch_up.from_start { 0 } else { self.catch_up_after() };
            self.catch_up.wanted = false;
            self.catch_up.after = after_seq;
            self.catch_up.slot.begin(id, deadline);
            self.requests.push_back(Request::CatchUp { id, after_seq });
        }
        if self.acks.needed() && self.acks.slot.free(now) {
            let id = self.new_request_id();
            let delivered_seq = self.acks.delivered_target.max(self.acks.acked_delivered);
            let read_seq = self.acks.read_target.max(self.acks.acked_read);
            self.acks.in_flight = (delivered_seq, read_seq);
            self.acks.slot.begin(id, deadline);
            self.requests.push_back(Request::Ack { id, delivered_seq, read_seq });
        }
    }

    /// The periodic catch-up: due `poll_interval_ms` after the last catch-up while
    /// subscribed; not scheduled at all otherwise (a subscription catches up anyway).
    fn schedule_poll(&mut self, now: Millis) {
        if self.cfg.poll_interval_ms == 0 || !self.conn.subscribed() {
            self.catch_up.poll_at = None;
            return;
        }
        match self.catch_up.poll_at {
            None => self.catch_up.poll_at = Some(now + self.cfg.poll_interval_ms),
            Some(at) if now >= at => self.catch_up.wanted = true,
            Some(_) => {}
        }
    }

    /// Where the next catch-up starts: after the last seen seq, or just before the oldest
    /// message still waiting for its translation, since a translation UPDATE missed while
    /// disconnected would otherwise never arrive (Realtime has no replay, and a seq-based
    /// catch-up does not return older rows that changed). Only the newest `history_cache`
    /// messages (what is persisted) are looked at: older pages the user loaded on demand were
    /// read just then and must not drag every later catch-up back over the whole history.
    fn catch_up_after(&self) -> i64 {
        let partner_lang = self.partner.as_ref().map(|p| p.language.as_str());
        let skip = self.timeline.len().saturating_sub(self.cfg.history_cache);
        let oldest_untranslated = self
            .timeline
            .iter()
            .skip(skip)
            .find(|m| {
                let reader =
                    if m.sender_id == self.me.user_id { partner_lang } else { Some(self.me.language.as_str()) };
                translation_state(m, reader) == TranslationState::Pending
            })
            .map(|m| m.seq - 1);
        oldest_untranslated.map_or(self.last_seen_seq, |s| s.min(self.last_seen_seq)).max(0)
    }

    /// The earliest time something is scheduled, if anything is.
    fn next_deadline(&self) -> Option<Millis> {
        if !self.started {
            return Some(self.now);
        }
        let online = self.conn.online;
        [
            self.outbox.flight.map(|f| f.deadline),
            self.outbox.wake_at().filter(|_| online),
            self.catch_up.slot.wake_at(online && self.catch_up.wanted),
            self.acks.slot.wake_at(online && self.acks.needed()),
            self.conn.reconnect_at,
            self.catch_up.poll_at.filter(|_| online),
        ]
        .into_iter()
        .flatten()
        .min()
    }
}

fn translation_state(m: &Message, reader_lang: Option<&str>) -> TranslationState {
    if reader_lang == Some(m.source_lang.as_str()) {
        return TranslationState::None;
    }
    let for_reader = match (reader_lang, m.target_lang.as_deref()) {
        (Some(r), Some(t)) => r == t,
        _ => true,
    };
    if m.translated_body.is_some() && for_reader {
        TranslationState::Done
    } else if m.translation_error.is_some() {
        TranslationState::Failed
    } else {
        TranslationState::Pending
    }
}
