//! The fault layer between the driver and the network: what to break, scripted (the next N
//! requests of a kind) or seeded-random (odds per request and per frame), plus the "offline"
//! switch every IO path checks. Counts what it injected.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Which engine request a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestKind {
    Upsert,
    CatchUp,
    Ack,
    /// Driver-side reads (participants).
    Other,
}

/// What happens to one REST request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestFault {
    /// Sent and answered normally.
    None,
    /// Never leaves: fails at once with a network error.
    DropRequest,
    /// The server processes it; the reply is lost (a network error is reported instead).
    DropReply,
    /// The server processes it; no reply and no error ever arrive (the engine times it out).
    Hang,
    /// The reply arrives this many milliseconds late.
    Delay(u64),
}

/// Random faults, as probabilities in 0..=1.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Odds {
    pub drop_request: f64,
    pub drop_reply: f64,
    pub hang: f64,
    pub delay: f64,
    pub max_delay_ms: u64,
    /// An incoming realtime `postgres_changes` frame is dropped.
    pub drop_frame: f64,
}

/// What was injected so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Injected {
    pub dropped_requests: u64,
    pub dropped_replies: u64,
    pub hung: u64,
    pub delayed: u64,
    pub dropped_frames: u64,
    pub offline_failures: u64,
}

struct State {
    rng: StdRng,
    odds: Odds,
    script: VecDeque<(RequestKind, RestFault)>,
    frames_to_drop: u64,
    participant_frames_to_drop: u64,
    injected: Injected,
}

/// Shared by a client's driver, its request tasks and its socket task.
pub struct Faults {
    offline: AtomicBool,
    state: Mutex<State>,
}

impl Faults {
    pub fn new(seed: u64) -> Faults {
        Faults {
            offline: AtomicBool::new(false),
            state: Mutex::new(State {
                rng: StdRng::seed_from_u64(seed),
                odds: Odds::default(),
                script: VecDeque::new(),
                frames_to_drop: 0,
                participant_frames_to_drop: 0,
                injected: Injected::default(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_odds(&self, odds: Odds) {
        self.lock().odds = odds;
    }

    /// The next request of `kind` gets `fault` (scripted faults queue up, in order).
    pub fn script(&self, kind: RequestKind, fault: RestFault) {
        self.lock().script.push_back((kind, fault));
    }

    /// Drop the next `n` incoming `postgres_changes` frames about `messages` rows.
    pub fn drop_frames(&self, n: u64) {
        self.lock().frames_to_drop += n;
    }

    /// Drop the next `n` incoming `postgres_changes` frames about `participants` rows (receipts).
    pub fn drop_participant_frames(&self, n: u64) {
        self.lock().participant_frames_to_drop += n;
    }

    pub fn clear(&self) {
        let mut s = self.lock();
        s.odds = Odds::default();
        s.script.clear();
        s.frames_to_drop = 0;
        s.participant_frames_to_drop = 0;
    }

    pub fn is_offline(&self) -> bool {
        self.offline.load(Ordering::SeqCst)
    }

    pub(crate) fn set_offline(&self, offline: bool) {
        self.offline.store(offline, Ordering::SeqCst);
    }

    pub fn injected(&self) -> Injected {
        self.lock().injected
    }

    pub(crate) fn count_offline_failure(&self) {
        self.lock().injected.offline_failures += 1;
    }

    /// Decides the fate of one request of `kind`.
    pub(crate) fn for_request(&self, kind: RequestKind) -> RestFault {
        let mut guard = self.lock();
        let s = &mut *guard;
        let fault = if let Some(at) = s.script.iter().position(|(k, _)| *k == kind) {
            s.script.remove(at).map_or(RestFault::None, |(_, f)| f)
        } else {
            let o = s.odds;
            let roll: f64 = s.rng.gen();
            let t1 = o.drop_request;
            let t2 = t1 + o.drop_reply;
            let t3 = t2 + o.hang;
            let t4 = t3 + o.delay;
            if roll < t1 {
                RestFault::DropRequest
            } else if roll < t2 {
                RestFault::DropReply
            } else if roll < t3 {
                RestFault::Hang
            } else if roll < t4 && o.max_delay_ms > 0 {
                RestFault::Delay(s.rng.gen_range(1..=o.max_delay_ms))
            } else {
                RestFault::None
            }
        };
        match fault {
            RestFault::None => {}
            RestFault::DropRequest => s.injected.dropped_requests += 1,
            RestFault::DropReply => s.injected.dropped_replies += 1,
            RestFault::Hang => s.injected.hung += 1,
            RestFault::Delay(_) => s.injected.delayed += 1,
        }
        fault
    }

    /// Whether to drop one incoming `postgres_changes` frame (`message`: about a message row,
    /// else about a participants row).
    pub(crate) fn drop_frame(&self, message: bool) -> bool {
        let mut guard = self.lock();
        let s = &mut *guard;
        let drop = if message && s.frames_to_drop > 0 {
            s.frames_to_drop -= 1;
            true
        } else if !message && s.participant_frames_to_drop > 0 {
            s.participant_frames_to_drop -= 1;
            true
        } else {
            s.odds.drop_frame > 0.0 && s.rng.gen::<f64>() < s.odds.drop_frame
        };
        if drop {
            s.injected.dropped_frames += 1;
        }
        drop
    }
}
