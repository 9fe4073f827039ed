//! A request slot (at most one request of a kind in flight, and when the next may start) and
//! the one retry schedule every request kind follows.

use super::rng::Rng;
use super::timers::{Kind, Timer, TimerTable};
use super::{Config, Millis, RequestError, RequestId};

/// Backoff before retry number `failures` (1-based): base, 2·base, 4·base, 8·base, 16·base, and
/// 16·base for any later one.
pub(crate) fn backoff(base_ms: u64, failures: u32) -> u64 {
    base_ms.saturating_mul(1 << failures.clamp(1, 5).saturating_sub(1))
}

/// The retry schedule: how long to wait after `error`, the `failures`-th failure that counted
/// (0 counts as 1). A transient failure backs off ±`jitter_percent`; a rate limit waits at
/// least what the server asked (and never less than one base step), jittered only upwards;
/// a permanent refusal is not retried (`None`).
pub(crate) fn retry_delay(error: &RequestError, failures: u32, cfg: &Config, rng: &mut Rng) -> Option<Millis> {
    match error {
        RequestError::Transient(_) => Some(rng.jitter(backoff(cfg.retry_base_ms, failures.max(1)), cfg.jitter_percent)),
        RequestError::RateLimited { retry_after_ms } => {
            Some(rng.jitter_up((*retry_after_ms).max(cfg.retry_base_ms), cfg.jitter_percent))
        }
        RequestError::Permanent(_) => None,
    }
}

/// What arming a retry needs: the clock, the tunables, the engine's randomness and its timers.
pub(crate) struct Scheduler<'a> {
    pub now: Millis,
    pub cfg: &'a Config,
    pub rng: &'a mut Rng,
    pub timers: &'a mut TimerTable,
}

#[derive(Debug)]
pub(crate) struct Slot {
    kind: Kind,
    flight: Option<RequestId>,
    /// Failures that counted since the last success (not those while offline, not rate limits).
    failures: u32,
}

impl Slot {
    pub fn new(kind: Kind) -> Slot {
        Slot { kind, flight: None, failures: 0 }
    }

    pub fn in_flight(&self) -> Option<RequestId> {
        self.flight
    }

    /// Nothing in flight and no retry wait running.
    pub fn free(&self, timers: &TimerTable, now: Millis) -> bool {
        self.flight.is_none() && !timers.running(Timer::Retry(self.kind), now)
    }

    pub fn begin(&mut self, id: RequestId, deadline: Millis, timers: &mut TimerTable) {
        self.flight = Some(id);
        timers.set(Timer::Reply(self.kind), deadline);
    }

    /// Ends the flight if `id` is the one in flight.
    pub fn end(&mut self, id: RequestId, timers: &mut TimerTable) -> bool {
        if self.flight == Some(id) {
            self.flight = None;
            timers.stop(Timer::Reply(self.kind));
            true
        } else {
            false
        }
    }

    pub fn succeeded(&mut self, timers: &mut TimerTable) {
        self.failures = 0;
        self.retry_now(timers);
    }

    /// Drops any retry wait (a trigger such as a subscription or going online).
    pub fn retry_now(&self, timers: &mut TimerTable) {
        timers.stop(Timer::Retry(self.kind));
    }

    /// Counts a failure (a transient one only when `spend`) and arms the retry it calls for.
    pub fn failed(&mut self, error: &RequestError, spend: bool, s: &mut Scheduler) {
        if spend && matches!(error, RequestError::Transient(_)) {
            self.failures += 1;
        }
        self.retry_after(error, self.failures, s);
    }

    /// Arms the retry after `error` as if it were failure number `failures`; a permanent
    /// refusal resets the slot instead.
    pub fn retry_after(&mut self, error: &RequestError, failures: u32, s: &mut Scheduler) {
        match retry_delay(error, failures, s.cfg, s.rng) {
            Some(delay) => s.timers.set(Timer::Retry(self.kind), s.now + delay),
            None => self.succeeded(s.timers),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_stays() {
        let got: Vec<u64> = (1..=7).map(|f| backoff(1000, f)).collect();
        assert_eq!(got, [1000, 2000, 4000, 8000, 16000, 16000, 16000]);
    }
}
