//! In-memory rate limits on `governor`'s GCRA, on a clock the caller sets. The realtime hub is a
//! state machine whose time is an input (its tests drive it), and the accept loop passes the
//! `Instant` of each connection, so no limiter here reads a system clock.
//!
//! Limits that must survive a restart or share a database transaction with the request they
//! limit (sign-ups, messages, translate calls) are `store::rate_limit`'s, kept in SQLite.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

/// Time as its owner last set it, in nanoseconds from an origin the owner chooses. Clones share
/// the time, so one `set` moves every limiter made with them.
#[derive(Debug, Clone, Default)]
pub struct InputClock(Arc<AtomicU64>);

impl InputClock {
    /// Moves the clock to `now`. Never backwards: a time that goes back (a wall clock stepped)
    /// counts as no time passing, so nobody earns a refill or loses one to the step.
    pub fn set(&self, now: Duration) {
        let nanos = u64::try_from(now.as_nanos()).unwrap_or(u64::MAX);
        self.0.fetch_max(nanos, Ordering::Relaxed);
    }
}

impl Clock for InputClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        Nanos::new(self.0.load(Ordering::Relaxed))
    }
}

/// `per_sec` sustained and `burst` (at least 1) at once; `None` when `per_sec` is 0: no limit.
pub fn quota(per_sec: u32, burst: u32) -> Option<Quota> {
    let per_sec = NonZeroU32::new(per_sec)?;
    Some(Quota::per_second(per_sec).allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN)))
}

/// One bucket, starting full.
pub struct Limiter(RateLimiter<NotKeyed, InMemoryState, InputClock, NoOpMiddleware<Nanos>>);

impl Limiter {
    /// See [`quota`]; `None` is no limit.
    pub fn new(per_sec: u32, burst: u32, clock: &InputClock) -> Option<Limiter> {
        quota(per_sec, burst).map(|quota| Limiter(RateLimiter::direct_with_clock(quota, clock.clone())))
    }

    /// Takes one cell at the clock's current time; false when the bucket is empty.
    pub fn allow(&self) -> bool {
        self.0.check().is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_sustained_rate_on_the_callers_time() {
        let clock = InputClock::default();
        clock.set(Duration::from_secs(1_000));
        let limiter = Limiter::new(10, 20, &clock).unwrap();
        assert_eq!((0..30).filter(|_| limiter.allow()).count(), 20, "the burst");
        clock.set(Duration::from_millis(1_000_500));
        assert_eq!((0..30).filter(|_| limiter.allow()).count(), 5, "half a second at 10/s");
        clock.set(Duration::from_secs(1_100));
        assert_eq!((0..30).filter(|_| limiter.allow()).count(), 20, "refilled to the burst, not beyond");
    }

    #[test]
    fn a_clock_stepped_back_refills_nothing() {
        let clock = InputClock::default();
        clock.set(Duration::from_secs(50));
        let limiter = Limiter::new(1, 1, &clock).unwrap();
        assert!(limiter.allow());
        clock.set(Duration::from_secs(10));
        assert!(!limiter.allow(), "back in time: still empty");
        clock.set(Duration::from_secs(51));
        assert!(limiter.allow(), "one second after the last cell");
    }

    #[test]
    fn zero_per_second_is_no_limit() {
        assert!(Limiter::new(0, 5, &InputClock::default()).is_none());
    }
}
