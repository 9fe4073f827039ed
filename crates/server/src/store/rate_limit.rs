//! Token buckets kept in the database, so limits hold per server (tests run many servers in one
//! process) and survive restarts.

use rusqlite::{Connection, OptionalExtension};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    /// Most requests allowed in a burst.
    pub capacity: f64,
    /// Tokens regained per second.
    pub refill_per_sec: f64,
}

/// Takes one token from `key`'s bucket at `now` (seconds); false when none is left.
pub fn take(conn: &Connection, key: &str, bucket: Bucket, now: f64) -> rusqlite::Result<bool> {
    take_n(conn, key, bucket, 1, now).map(|wait| wait.is_none())
}

/// Takes `n` tokens at once, or none: `Some(seconds)` is how long until `n` would be there
/// (infinite when `n` exceeds the capacity). All or nothing, so a refused batch costs nothing.
pub fn take_n(conn: &Connection, key: &str, bucket: Bucket, n: u32, now: f64) -> rusqlite::Result<Option<f64>> {
    let state: Option<(f64, f64)> = conn
        .prepare_cached("SELECT tokens, updated_at FROM rate_limits WHERE key = ?1")?
        .query_row([key], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let available = match state {
        // A clock that went backwards refills nothing rather than draining the bucket.
        Some((tokens, at)) => (tokens + (now - at).max(0.0) * bucket.refill_per_sec).min(bucket.capacity),
        None => bucket.capacity,
    };
    let wanted = f64::from(n);
    let (left, wait) = if available >= wanted {
        (available - wanted, None)
    } else if wanted > bucket.capacity || bucket.refill_per_sec <= 0.0 {
        (available, Some(f64::INFINITY))
    } else {
        (available, Some((wanted - available) / bucket.refill_per_sec))
    };
    conn.prepare_cached(
        "INSERT INTO rate_limits (key, tokens, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at",
    )?
    .execute(rusqlite::params![key, left, now])?;
    Ok(wait)
}

/// A lockout that grows with repeated failures (wrong join codes): `free_failures` cost
/// nothing, each further one refuses the key for `first_lockout_ms`, doubled per failure up to
/// `max_lockout_ms`; everything is forgotten once the key has been quiet for `quiet_ms` since
/// its last failure (and its last lockout is over). Pure: state and `now` in, state out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub free_failures: u32,
    pub first_lockout_ms: u64,
    pub max_lockout_ms: u64,
    pub quiet_ms: u64,
}

/// One key's failures, as kept in the `lockouts` table (times in ms since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: u32,
    pub last_failure_ms: i64,
    pub locked_until_ms: i64,
}

impl LockoutPolicy {
    /// `state` as of `now`: forgotten after a quiet period.
    fn current(&self, state: Failures, now_ms: i64) -> Failures {
        let quiet = now_ms.saturating_sub(state.last_failure_ms) >= i64::try_from(self.quiet_ms).unwrap_or(i64::MAX);
        if quiet && now_ms >= state.locked_until_ms {
            Failures::default()
        } else {
            state
        }
    }

    /// How long the key must still wait at `now`, if it is locked out.
    pub fn wait_ms(&self, state: Failures, now_ms: i64) -> Option<u64> {
        let state = self.current(state, now_ms);
        (state.locked_until_ms > now_ms).then(|| state.locked_until_ms.abs_diff(now_ms))
    }

    /// The state after one more failure at `now`.
    pub fn after_failure(&self, state: Failures, now_ms: i64) -> Failures {
        let state = self.current(state, now_ms);
        let count = state.count.saturating_add(1);
        let locked_until_ms = match count.checked_sub(self.free_failures) {
            Some(over) if over > 0 => {
                let factor = 1u64.checked_shl(over - 1).unwrap_or(u64::MAX);
                let lockout = self.first_lockout_ms.saturating_mul(factor).min(self.max_lockout_ms);
                now_ms.saturating_add(i64::try_from(lockout).unwrap_or(i64::MAX))
            }
            _ => state.locked_until_ms,
        };
        Failures { count, last_failure_ms: now_ms, locked_until_ms }
    }
}

/// The failures recorded for `key` (none yet: the default).
pub fn failures(conn: &Connection, key: &str) -> rusqlite::Result<Failures> {
    conn.prepare_cached("SELECT failures, last_failure_ms, locked_until_ms FROM lockouts WHERE key = ?1")?
        .query_row([key], |row| {
            Ok(Failures { count: row.get(0)?, last_failure_ms: row.get(1)?, locked_until_ms: row.get(2)? })
        })
        .optional()
        .map(Option::unwrap_or_default)
}

/// Records one failure of `key` at `now` and returns the new state. Rows of keys quiet for
/// longer than `policy.quiet_ms` are pruned on the way, so the table holds only live keys.
pub fn record_failure(conn: &Connection, key: &str, policy: LockoutPolicy, now_ms: i64) -> rusqlite::Result<Failures> {
    let state = policy.after_failure(failures(conn, key)?, now_ms);
    conn.prepare_cached(
        "INSERT INTO lockouts (key, failures, last_failure_ms, locked_until_ms) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, \
         last_failure_ms = excluded.last_failure_ms, locked_until_ms = excluded.locked_until_ms",
    )?
    .execute(rusqlite::params![key, state.count, state.last_failure_ms, state.locked_until_ms])?;
    let quiet = i64::try_from(policy.quiet_ms).unwrap_or(i64::MAX);
    conn.prepare_cached("DELETE FROM lockouts WHERE last_failure_ms < ?1 AND locked_until_ms < ?2")?
        .execute(rusqlite::params![now_ms.saturating_sub(quiet), now_ms])?;
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn bursts_then_refills_at_the_rate() {
        let bucket = Bucket { capacity: 3.0, refill_per_sec: 0.5 };
        Db::open(":memory:").unwrap().with(|c| {
            for _ in 0..3 {
                assert!(take(c, "k", bucket, 100.0).unwrap());
            }
            assert!(!take(c, "k", bucket, 100.0).unwrap(), "burst spent");
            assert!(!take(c, "k", bucket, 101.0).unwrap(), "half a token is not a token");
            assert!(take(c, "k", bucket, 102.0).unwrap(), "one token back after 2 s");
            assert!(take(c, "other", bucket, 102.0).unwrap(), "keys are independent");
            assert!(take(c, "k", bucket, 1_000.0).unwrap());
            assert!(take(c, "k", bucket, 1_000.0).unwrap());
            assert!(take(c, "k", bucket, 1_000.0).unwrap());
            assert!(!take(c, "k", bucket, 1_000.0).unwrap(), "refill is capped at capacity");
        });
    }

    #[test]
    fn batches_take_all_or_nothing_and_say_how_long_to_wait() {
        let bucket = Bucket { capacity: 5.0, refill_per_sec: 2.0 };
        Db::open(":memory:").unwrap().with(|c| {
            assert_eq!(take_n(c, "k", bucket, 4, 10.0).unwrap(), None);
            assert_eq!(take_n(c, "k", bucket, 3, 10.0).unwrap(), Some(1.0), "1 left, 2 more at 2/s");
            assert_eq!(take_n(c, "k", bucket, 1, 10.0).unwrap(), None, "the refused batch took nothing");
            assert_eq!(take_n(c, "k", bucket, 6, 10.0).unwrap(), Some(f64::INFINITY), "never fits");
            assert_eq!(take_n(c, "k", bucket, 2, 11.0).unwrap(), None, "refilled 2 in 1 s");
        });
    }

    const POLICY: LockoutPolicy =
        LockoutPolicy { free_failures: 3, first_lockout_ms: 1_000, max_lockout_ms: 8_000, quiet_ms: 60_000 };

    /// `n` failures, each as soon as the previous lockout allows.
    fn fail_n(n: u32, mut now: i64) -> (Failures, i64) {
        let mut state = Failures::default();
        for _ in 0..n {
            now += POLICY.wait_ms(state, now).unwrap_or(0) as i64;
            state = POLICY.after_failure(state, now);
        }
        (state, now)
    }

    #[test]
    fn free_failures_then_a_lockout_that_doubles_up_to_the_cap() {
        let (state, now) = fail_n(3, 0);
        assert_eq!(POLICY.wait_ms(state, now), None, "the free failures lock nothing");
        let waits: Vec<Option<u64>> = (4..=8)
            .map(|n| {
                let (state, now) = fail_n(n, 0);
                POLICY.wait_ms(state, now)
            })
            .collect();
        assert_eq!(waits, [Some(1_000), Some(2_000), Some(4_000), Some(8_000), Some(8_000)]);
        let (state, now) = fail_n(5, 0);
        assert_eq!(POLICY.wait_ms(state, now + 1_500), Some(500), "the wait runs down");
        assert_eq!(POLICY.wait_ms(state, now + 2_000), None, "and ends");
        assert_eq!(fail_n(200, 0).0.count, 200, "no overflow however long it goes on");
    }

    #[test]
    fn a_quiet_period_forgets_the_failures() {
        let (state, now) = fail_n(6, 0);
        let later = now + 60_000;
        assert_eq!(POLICY.wait_ms(state, later), None);
        let again = POLICY.after_failure(state, later);
        assert_eq!(again.count, 1, "counting starts over");
        assert_eq!(POLICY.wait_ms(again, later), None);
        // A quiet period shorter than the lockout still waits the lockout out.
        let short = LockoutPolicy { quiet_ms: 10, ..POLICY };
        let locked = Failures { count: 9, last_failure_ms: 0, locked_until_ms: 5_000 };
        assert_eq!(short.wait_ms(locked, 100), Some(4_900));
    }

    #[test]
    fn failures_are_stored_per_key_and_pruned_when_quiet() {
        Db::open(":memory:").unwrap().with(|c| {
            for _ in 0..4 {
                record_failure(c, "a", POLICY, 1_000).unwrap();
            }
            assert_eq!(
                failures(c, "a").unwrap(),
                Failures { count: 4, last_failure_ms: 1_000, locked_until_ms: 2_000 }
            );
            assert_eq!(failures(c, "b").unwrap(), Failures::default());
            record_failure(c, "b", POLICY, 100_000).unwrap();
            assert_eq!(failures(c, "a").unwrap(), Failures::default(), "a's row was pruned");
            assert_eq!(failures(c, "b").unwrap().count, 1);
        });
    }

    /// Codes an hour a patient guesser gets under `policy` over a simulated week, with the best
    /// of two plans: guess whenever the lockout allows, and after `extra` locked-out misses wait
    /// for the quiet period to start over (or never wait, staying at the longest lockout).
    fn best_guesses_per_hour(policy: LockoutPolicy) -> f64 {
        let week = 7 * 24 * 3_600_000;
        let plans = (0..=40).map(Some).chain([None]);
        let guesses = plans.map(|extra: Option<u32>| {
            let (mut state, mut now, mut guesses) = (Failures::default(), 0i64, 0u32);
            while now < week {
                now += policy.wait_ms(state, now).unwrap_or(0) as i64;
                state = policy.after_failure(state, now);
                guesses += 1;
                if extra.is_some_and(|extra| state.count >= policy.free_failures + extra) {
                    now = state.last_failure_ms + policy.quiet_ms as i64;
                }
            }
            guesses
        });
        f64::from(guesses.max().unwrap_or(0)) / (7.0 * 24.0)
    }

    #[test]
    fn a_patient_guesser_gets_few_codes_an_hour_under_the_defaults() {
        let (per_user, per_ip) = crate::config::Config::for_tests().join_lockouts();
        let (user_rate, ip_rate) = (best_guesses_per_hour(per_user), best_guesses_per_hour(per_ip));
        // 31^6 codes; with 1,000 open sessions one code in 887,504 hits one.
        let hours_to_hit = 887_504.0 / ip_rate;
        let years = hours_to_hit / 24.0 / 365.0;
        eprintln!("per user {user_rate:.1}/h, per address {ip_rate:.1}/h: one of 1,000 sessions in {years:.1} years");
        assert!((12.0..14.0).contains(&user_rate), "{user_rate}");
        assert!((26.0..28.0).contains(&ip_rate), "{ip_rate}");
    }
}
