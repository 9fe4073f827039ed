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
    let allowed = available >= 1.0;
    let left = if allowed { available - 1.0 } else { available };
    conn.execute(
        "INSERT INTO rate_limits (key, tokens, updated_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at",
        rusqlite::params![key, left, now],
    )?;
    Ok(allowed)
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
}
