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

/// Sign-ups per client IP: a burst of 100, then 600 an hour. Generous for a test suite that
/// creates many users and for a family behind one NAT, tight enough to stop a flood.
pub const SIGNUP: Bucket = Bucket { capacity: 100.0, refill_per_sec: 600.0 / 3600.0 };

/// Takes one token from `key`'s bucket at `now` (seconds); false when none is left.
pub fn take(conn: &Connection, key: &str, bucket: Bucket, now: f64) -> rusqlite::Result<bool> {
    take_n(conn, key, bucket, 1, now).map(|wait| wait.is_none())
}

/// Takes `n` tokens at once, or none: `Some(seconds)` is how long until `n` would be there
/// (infinite when `n` exceeds the capacity). All or nothing, so a refused batch costs nothing.
pub fn take_n(conn: &Connection, key: &str, bucket: Bucket, n: u32, now: f64) -> rusqlite::Result<Option<f64>> {
    let state: Option<(f64, f64)> = conn
        .query_row("SELECT tokens, updated_at FROM rate_limits WHERE key = ?1", [key], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
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
    conn.execute(
        "INSERT INTO rate_limits (key, tokens, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at",
        rusqlite::params![key, left, now],
    )?;
    Ok(wait)
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
}
