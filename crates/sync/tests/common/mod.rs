//! Helpers shared by the engine's tests: fixed identities, row builders and a drain loop.
#![allow(dead_code)]

use session_sync::domain::{Message, NewMessage, Participant};
use session_sync::engine::{Config, Engine, Identity, Input, Output, PersistedState, Request, View};
use uuid::Uuid;

pub const SESSION: Uuid = Uuid::from_u128(0x5e55_0000_0000_4000_8000_0000_0000_0001);
pub const OTHER_SESSION: Uuid = Uuid::from_u128(0x5e55_0000_0000_4000_8000_0000_0000_0002);
pub const ME: Uuid = Uuid::from_u128(0xa1ce_0000_0000_4000_8000_0000_0000_0001);
pub const PARTNER: Uuid = Uuid::from_u128(0xb0b0_0000_0000_4000_8000_0000_0000_0001);

pub fn me() -> Identity {
    Identity { session_id: SESSION, user_id: ME, language: "en".into() }
}

/// Everything one drain of `poll_output` produced.
#[derive(Debug, Default)]
pub struct Drained {
    pub requests: Vec<Request>,
    pub persisted: Vec<PersistedState>,
    pub view_changed: bool,
    pub timeout: Option<u64>,
}

impl Drained {
    pub fn upserts(&self) -> Vec<(session_sync::engine::RequestId, Vec<NewMessage>)> {
        self.requests
            .iter()
            .filter_map(|r| match r {
                Request::Upsert { id, rows } => Some((*id, rows.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn catch_ups(&self) -> Vec<(session_sync::engine::RequestId, i64)> {
        self.requests
            .iter()
            .filter_map(|r| match r {
                Request::CatchUp { id, after_seq, .. } => Some((*id, *after_seq)),
                _ => None,
            })
            .collect()
    }

    pub fn acks(&self) -> Vec<(session_sync::engine::RequestId, i64, i64)> {
        self.requests
            .iter()
            .filter_map(|r| match r {
                Request::Ack { id, delivered_seq, read_seq } => Some((*id, *delivered_seq, *read_seq)),
                _ => None,
            })
            .collect()
    }

    /// The generation of the last `Request::Reconnect`, if any.
    pub fn reconnect_generation(&self) -> Option<u64> {
        self.requests.iter().rev().find_map(|r| match r {
            Request::Reconnect { generation } => Some(*generation),
            _ => None,
        })
    }

    pub fn participant_reads(&self) -> Vec<session_sync::engine::RequestId> {
        self.requests
            .iter()
            .filter_map(|r| match r {
                Request::ReadParticipants { id } => Some(*id),
                _ => None,
            })
            .collect()
    }

    pub fn reconnects(&self) -> usize {
        self.requests.iter().filter(|r| matches!(r, Request::Reconnect { .. })).count()
    }
}

pub fn drain(e: &mut Engine) -> Drained {
    let mut d = Drained::default();
    for _ in 0..10_000 {
        match e.poll_output() {
            Output::Request(r) => d.requests.push(r),
            Output::Persist(p) => d.persisted.push(*p),
            Output::ViewChanged => d.view_changed = true,
            Output::Timeout(t) => {
                d.timeout = t;
                return d;
            }
        }
    }
    panic!("poll_output never returned Timeout");
}

/// A stored row as the server would return it.
pub fn row(id: Uuid, sender: Uuid, client_seq: i64, seq: i64, body: &str) -> Message {
    Message {
        id,
        session_id: SESSION,
        sender_id: sender,
        client_seq,
        seq,
        body: body.into(),
        source_lang: if sender == ME { "en".into() } else { "es".into() },
        translated_body: None,
        target_lang: None,
        translation_error: None,
        created_at: format!("2026-01-01T00:00:{:02}Z", seq % 60),
        detected_lang: None,
        translated_by: None,
    }
}

pub fn stored(n: &NewMessage, seq: i64) -> Message {
    Message {
        id: n.id,
        session_id: n.session_id,
        sender_id: n.sender_id,
        client_seq: n.client_seq,
        seq,
        body: n.body.clone(),
        source_lang: n.source_lang.clone(),
        translated_body: None,
        target_lang: None,
        translation_error: None,
        created_at: "2026-01-01T00:00:00Z".into(),
        detected_lang: None,
        translated_by: None,
    }
}

pub fn partner_row(delivered_seq: i64, read_seq: i64) -> Participant {
    Participant {
        session_id: SESSION,
        user_id: PARTNER,
        display_name: "Bea".into(),
        language: "es".into(),
        joined_at: "2026-01-01T00:00:00Z".into(),
        left_at: None,
        delivered_seq,
        read_seq,
    }
}

/// An engine plus a clock, for tests written step by step.
pub struct T {
    pub e: Engine,
    pub now: u64,
    /// The channel the test's realtime events come from: the latest `Request::Reconnect`.
    pub channel: u64,
}

impl T {
    /// The default config but no periodic catch-up, so each rule's deadlines stand alone;
    /// the periodic catch-up has rules of its own ([`T::with_config`]).
    pub fn config() -> Config {
        Config { poll_interval_ms: 0, ..Config::default() }
    }

    pub fn new(seed: u64) -> T {
        T::with_config(T::config(), seed)
    }

    pub fn with_config(config: Config, seed: u64) -> T {
        T { e: Engine::new(config, me(), None, seed), now: 1_000, channel: 0 }
    }

    pub fn restored(state: PersistedState, seed: u64) -> T {
        T { e: Engine::new(T::config(), me(), Some(state), seed), now: 1_000, channel: 0 }
    }

    /// Online, visible, subscribed, with the start-up catch-ups answered (empty session).
    pub fn ready(seed: u64) -> T {
        let mut t = T::new(seed);
        t.connect_and_sync(&[]);
        t
    }

    /// Subscribes and answers the catch-ups it causes with `rows` filtered by `after_seq`, and
    /// the participants reads that go with them with no rows.
    pub fn connect_and_sync(&mut self, rows: &[Message]) -> Drained {
        let mut all = self.feed(Input::Online { online: true, now: self.now });
        let d = self.status(session_sync::engine::ChannelStatus::Subscribed);
        all.requests.extend(d.requests);
        loop {
            let next = all
                .requests
                .iter()
                .position(|r| matches!(r, Request::CatchUp { .. } | Request::ReadParticipants { .. }));
            let Some(at) = next else {
                return all;
            };
            let input = match all.requests.remove(at) {
                Request::CatchUp { id, after_seq, limit, newest } => {
                    Input::CatchUpOk { id, rows: page(rows, after_seq, limit, newest), now: self.now }
                }
                Request::ReadParticipants { id } => Input::ParticipantsOk { id, rows: Vec::new(), now: self.now },
                _ => unreachable!(),
            };
            let d = self.feed(input);
            all.requests.extend(d.requests);
            all.timeout = d.timeout;
        }
    }

    /// Answers every participants read in `d` with no rows.
    pub fn answer_reads(&mut self, d: &Drained) {
        for id in d.participant_reads() {
            self.feed(Input::ParticipantsOk { id, rows: Vec::new(), now: self.now });
        }
    }

    pub fn at(&mut self, now: u64) -> &mut T {
        assert!(now >= self.now);
        self.now = now;
        self
    }

    pub fn feed(&mut self, input: Input) -> Drained {
        let _ = self.e.handle_input(input);
        self.drain()
    }

    /// Drains, following the channel generation of any `Request::Reconnect`.
    pub fn drain(&mut self) -> Drained {
        let d = drain(&mut self.e);
        if let Some(g) = d.reconnect_generation() {
            self.channel = g;
        }
        d
    }

    pub fn send(&mut self, body: &str) -> Drained {
        self.e.handle_input(Input::Send { body: body.into(), now: self.now }).expect("send accepted");
        self.drain()
    }

    pub fn status(&mut self, status: session_sync::engine::ChannelStatus) -> Drained {
        self.feed(Input::ChannelStatus { generation: self.channel, status, now: self.now })
    }

    pub fn tick(&mut self, now: u64) -> Drained {
        self.at(now);
        self.feed(Input::Timeout { now })
    }

    pub fn view(&self) -> View {
        self.e.view()
    }
}

/// What the server answers [`Request::CatchUp`] with: of `rows` (in seq order) those after
/// `after_seq`, the oldest `limit` of them or, with `newest`, the newest `limit` (newest first).
pub fn page(rows: &[Message], after_seq: i64, limit: u32, newest: bool) -> Vec<Message> {
    let after = rows.iter().filter(|r| r.seq > after_seq).cloned();
    if newest {
        let mut newest_first: Vec<Message> = after.collect();
        newest_first.reverse();
        newest_first.truncate(limit as usize);
        newest_first
    } else {
        after.take(limit as usize).collect()
    }
}
