//! Time as the protocols write it. Every timestamp the server stores or sends comes from here.

use chrono::{DateTime, SecondsFormat, Utc};

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// PostgREST's rendering of `timestamptz`: microseconds and `+00:00`.
pub fn pg_timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}

/// Realtime's `commit_timestamp`: milliseconds and `Z`.
pub fn commit_timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// GoTrue's rendering of user timestamps.
pub fn gotrue_timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse(ts: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(ts).ok().map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_the_protocols() {
        let t = parse("2026-11-25T02:15:19.358123+00:00").unwrap();
        assert_eq!(pg_timestamp(t), "2026-11-25T02:15:19.358123+00:00");
        assert_eq!(commit_timestamp(t), "2026-11-25T02:15:19.358Z");
    }

    #[test]
    fn pg_timestamps_sort_as_text_in_time_order() {
        let a = pg_timestamp(parse("2026-01-01T00:00:00.9Z").unwrap());
        let b = pg_timestamp(parse("2026-01-01T00:00:01Z").unwrap());
        assert!(a < b);
    }
}
