//! Caps on things held open at once (TCP connections, realtime sockets), in total and per
//! client address, and a log throttle so a cap that is hit a thousand times a second writes one
//! line every few seconds instead of flooding the log. No IO, no clock: callers pass `now`.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::HashMapStateStore;
use governor::RateLimiter;

use crate::rate::{self, InputClock};

/// How often a refusal is logged at most; the line says how many were not.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// The address a per-client cap counts by: an IPv4 address, or the /64 of an IPv6 one (one
/// host usually owns a whole /64, so counting single IPv6 addresses would cap nothing).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Which cap refused a new holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Total,
    PerClient,
}

/// Counts holders in total and per client address; a [`Slot`] is one holder, given back when
/// dropped. A cap of 0 means no cap.
#[derive(Clone)]
pub struct ConnLimiter {
    what: &'static str,
    max_total: usize,
    max_per_client: usize,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    total: usize,
    per_client: HashMap<IpAddr, usize>,
    log: LogThrottle,
}

/// One counted holder; dropping it frees its place.
pub struct Slot {
    key: IpAddr,
    state: Arc<Mutex<State>>,
}

impl ConnLimiter {
    /// `what` names the holders in log lines ("HTTP connections", "realtime sockets").
    pub fn new(what: &'static str, max_total: usize, max_per_client: usize) -> ConnLimiter {
        ConnLimiter { what, max_total, max_per_client, state: Arc::default() }
    }

    pub fn max_total(&self) -> usize {
        self.max_total
    }

    /// A place for one more holder from `ip`, or which cap refuses it. Refusals are logged,
    /// throttled.
    pub fn try_acquire(&self, ip: IpAddr, now: Instant) -> Result<Slot, Refused> {
        let key = client_key(ip);
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let from_client = state.per_client.get(&key).copied().unwrap_or(0);
        let refused = if self.max_total > 0 && state.total >= self.max_total {
            Some(Refused::Total)
        } else if self.max_per_client > 0 && from_client >= self.max_per_client {
            Some(Refused::PerClient)
        } else {
            None
        };
        if let Some(refused) = refused {
            if let Some(unlogged) = state.log.hit(now) {
                match refused {
                    Refused::Total => tracing::warn!(
                        cap = self.max_total,
                        unlogged,
                        "{}: total cap reached, refusing new ones",
                        self.what
                    ),
                    Refused::PerClient => tracing::warn!(
                        cap = self.max_per_client,
                        client = %key,
                        unlogged,
                        "{}: per-address cap reached, refusing new ones",
                        self.what
                    ),
                }
            }
            return Err(refused);
        }
        state.total += 1;
        *state.per_client.entry(key).or_insert(0) += 1;
        Ok(Slot { key, state: self.state.clone() })
    }

    /// Holders right now: in total, and from `ip`'s address.
    pub fn count(&self, ip: IpAddr) -> (usize, usize) {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        (state.total, state.per_client.get(&client_key(ip)).copied().unwrap_or(0))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.total = state.total.saturating_sub(1);
        if let Some(n) = state.per_client.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                state.per_client.remove(&self.key);
            }
        }
    }
}

/// New connections per client address per second, as a token bucket per address: each
/// connection costs the server work before it can refuse anything on it (an HTTP parse, a key
/// check, a WebSocket handshake), so a client reconnecting in a loop is refused at the accept.
/// A rate of 0 means no limit.
pub struct ConnectRate {
    limiter: Option<RateLimiter<IpAddr, HashMapStateStore<IpAddr>, InputClock, NoOpMiddleware<Nanos>>>,
    per_sec: u32,
    clock: InputClock,
    /// The first `now` seen: the clock counts from it.
    origin: Option<Instant>,
    log: LogThrottle,
}

/// Addresses remembered before the full buckets (addresses quiet long enough to be back to
/// their burst) are forgotten, so the map stays small whatever the number of clients.
const RATE_PRUNE_AT: usize = 4096;

impl ConnectRate {
    pub fn new(per_sec: u32, burst: u32) -> ConnectRate {
        let clock = InputClock::default();
        let limiter = rate::quota(per_sec, burst).map(|quota| RateLimiter::hashmap_with_clock(quota, clock.clone()));
        ConnectRate { limiter, per_sec, clock, origin: None, log: LogThrottle::default() }
    }

    /// Whether a new connection from `ip` at `now` is within its address's rate. Refusals are
    /// logged, throttled.
    pub fn allow(&mut self, ip: IpAddr, now: Instant) -> bool {
        let Some(limiter) = &self.limiter else { return true };
        let origin = *self.origin.get_or_insert(now);
        self.clock.set(now.saturating_duration_since(origin));
        if limiter.len() >= RATE_PRUNE_AT {
            limiter.retain_recent();
        }
        let key = client_key(ip);
        if limiter.check_key(&key).is_ok() {
            return true;
        }
        if let Some(unlogged) = self.log.hit(now) {
            tracing::warn!(client = %key, per_sec = self.per_sec, unlogged, "HTTP: connection rate from one address exceeded, refusing");
        }
        false
    }
}

/// At most one log line per [`LOG_EVERY`] for a recurring event.
#[derive(Default)]
pub struct LogThrottle {
    last: Option<Instant>,
    unlogged: u64,
}

impl LogThrottle {
    /// Records one occurrence at `now`; `Some(n)` when it should be logged, `n` being how many
    /// occurrences since the last line were not.
    pub fn hit(&mut self, now: Instant) -> Option<u64> {
        match self.last {
            Some(last) if now.saturating_duration_since(last) < LOG_EVERY => {
                self.unlogged += 1;
                None
            }
            _ => {
                self.last = Some(now);
                Some(std::mem::take(&mut self.unlogged))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn caps_count_in_total_and_per_address_and_slots_give_back() {
        let limiter = ConnLimiter::new("test", 3, 2);
        let now = Instant::now();
        let a1 = limiter.try_acquire(ip("10.0.0.1"), now).unwrap();
        let _a2 = limiter.try_acquire(ip("10.0.0.1"), now).unwrap();
        assert_eq!(limiter.try_acquire(ip("10.0.0.1"), now).err(), Some(Refused::PerClient));
        let _b1 = limiter.try_acquire(ip("10.0.0.2"), now).unwrap();
        assert_eq!(limiter.try_acquire(ip("10.0.0.3"), now).err(), Some(Refused::Total));
        drop(a1);
        assert_eq!(limiter.count(ip("10.0.0.1")), (2, 1));
        assert!(limiter.try_acquire(ip("10.0.0.3"), now).is_ok());
        // The slot just taken was dropped at once: back to two holders.
        assert_eq!(limiter.count(ip("10.0.0.3")), (2, 0));
    }

    #[test]
    fn zero_means_no_cap() {
        let limiter = ConnLimiter::new("test", 0, 0);
        let slots: Vec<Slot> = (0..100).map(|_| limiter.try_acquire(ip("10.0.0.1"), Instant::now()).unwrap()).collect();
        assert_eq!(limiter.count(ip("10.0.0.1")), (100, 100));
        drop(slots);
        assert_eq!(limiter.count(ip("10.0.0.1")), (0, 0));
    }

    #[test]
    fn ipv6_counts_by_slash_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), client_key(ip("2001:db8:1:2:bbbb::9")));
        assert_ne!(client_key(ip("2001:db8:1:2::1")), client_key(ip("2001:db8:1:3::1")));
        assert_eq!(client_key(ip("::ffff:10.0.0.1")), ip("10.0.0.1"));
        let limiter = ConnLimiter::new("test", 0, 1);
        let _one = limiter.try_acquire(ip("2001:db8::1"), Instant::now()).unwrap();
        assert!(limiter.try_acquire(ip("2001:db8::2"), Instant::now()).is_err());
    }

    #[test]
    fn connect_rate_allows_a_burst_then_the_rate_per_address() {
        let mut rate = ConnectRate::new(10, 20);
        let t0 = Instant::now();
        assert_eq!((0..30).filter(|_| rate.allow(ip("10.0.0.1"), t0)).count(), 20);
        assert!(rate.allow(ip("10.0.0.2"), t0), "other addresses have their own bucket");
        let later = t0 + Duration::from_millis(500);
        assert_eq!((0..30).filter(|_| rate.allow(ip("10.0.0.1"), later)).count(), 5);
        let mut off = ConnectRate::new(0, 0);
        assert!((0..1000).all(|_| off.allow(ip("10.0.0.1"), t0)));
    }

    #[test]
    fn connect_rate_forgets_quiet_addresses() {
        let mut rate = ConnectRate::new(10, 20);
        let t0 = Instant::now();
        for i in 0..RATE_PRUNE_AT as u32 {
            rate.allow(IpAddr::V4(i.into()), t0);
        }
        rate.allow(ip("10.0.0.1"), t0 + Duration::from_secs(10));
        assert_eq!(rate.limiter.as_ref().map(RateLimiter::len), Some(1));
    }

    #[test]
    fn the_log_throttle_writes_one_line_per_period_and_counts_the_rest() {
        let mut log = LogThrottle::default();
        let t0 = Instant::now();
        assert_eq!(log.hit(t0), Some(0));
        for ms in 1..=500 {
            assert_eq!(log.hit(t0 + Duration::from_millis(ms)), None);
        }
        assert_eq!(log.hit(t0 + LOG_EVERY), Some(500));
        assert_eq!(log.hit(t0 + LOG_EVERY + Duration::from_millis(1)), None);
    }
}
