//! How a failed request is classified for the engine ([`RequestError`]), the same for every
//! driver: the app (from what supabase-js reports) and the native load tools (from the HTTP
//! reply). See docs/architecture/realtime-sync.md §1.1.

use crate::domain;
use crate::engine::{Refusal, RequestError};

/// A failed request as the driver saw it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Failure<'a> {
    /// The HTTP status; 0: the request never got an answer (network error).
    pub status: u16,
    /// PostgREST's (or the database's) error code.
    pub code: Option<&'a str>,
    pub message: &'a str,
    pub details: Option<&'a str>,
    /// The `Retry-After` header (seconds), when the driver can read it: supabase-js cannot,
    /// which is why session-server also writes the wait into `details`.
    pub retry_after_secs: Option<u64>,
}

/// Wait before the next try after a rate limit when the answer says nothing more precise.
pub const DEFAULT_RETRY_AFTER_MS: u64 = 2000;

/// Longest wait taken from a server's answer (a bogus huge value must not park the outbox).
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;

/// Network failures, timeouts, 5xx and an expired access token (supabase-js refreshes it, so
/// the next try works) are transient; 429 is a rate limit that waits as long as the server
/// asked (`details: retry_after_ms=N`, else `Retry-After`, else 2 s; at most 60 s); any other
/// answer is permanent, with a reason a user can read.
pub fn classify(f: &Failure) -> RequestError {
    let code = f.code.unwrap_or("");
    match f.status {
        429 => RequestError::RateLimited { retry_after_ms: retry_after_ms(f).unwrap_or(DEFAULT_RETRY_AFTER_MS) },
        0 => RequestError::Transient(format!("network error: {}", f.message)),
        408 => RequestError::Transient("the server did not answer in time".into()),
        401 if code == "PGRST301" || code == "PGRST303" || f.message.contains("JWT") => {
            RequestError::Transient("session token expired".into())
        }
        s if s >= 500 => RequestError::Transient(format!("server error {s}: {}", f.message)),
        _ => RequestError::Permanent(reason(code, f.message)),
    }
}

/// The wait a 429 asks for: session-server's `retry_after_ms=N` in `details`, else the
/// `Retry-After` header; capped at [`MAX_RETRY_AFTER_MS`].
fn retry_after_ms(f: &Failure) -> Option<u64> {
    let from_details = f.details.and_then(|d| {
        d.split([',', ';', ' '])
            .find_map(|part| part.trim().strip_prefix("retry_after_ms="))
            .and_then(|n| n.trim().parse::<u64>().ok())
    });
    let from_header = f.retry_after_secs.map(|s| s.saturating_mul(1000));
    from_details.or(from_header).map(|ms| ms.min(MAX_RETRY_AFTER_MS))
}

/// What a permanent rejection means. The session codes an RPC error carries in its `message`
/// are decoded by [`domain::SessionError::from_code`].
pub fn reason(code: &str, message: &str) -> Refusal {
    use domain::SessionError as Refused;
    match (code, Refused::from_code(message)) {
        (_, Some(Refused::SessionExpired)) => Refusal::SessionExpired,
        (_, Some(Refused::SessionNotFound)) => Refusal::SessionNotFound,
        (_, Some(Refused::InvalidInput)) => Refusal::Invalid,
        ("42501", _) => Refusal::NotAllowed,
        ("23514", _) => Refusal::BreaksRule,
        ("23505", _) => Refusal::Duplicate,
        _ if !message.is_empty() => Refusal::Other(message.to_string()),
        _ => Refusal::Other(format!("({code})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure<'a>(status: u16, code: Option<&'a str>, message: &'a str, details: Option<&'a str>) -> Failure<'a> {
        Failure { status, code, message, details, retry_after_secs: None }
    }

    fn classify4(status: u16, code: Option<&str>, message: &str, details: Option<&str>) -> RequestError {
        classify(&failure(status, code, message, details))
    }

    #[test]
    fn network_and_server_errors_are_transient() {
        assert!(matches!(classify4(0, None, "Failed to fetch", None), RequestError::Transient(_)));
        assert!(matches!(classify4(500, Some("XX000"), "boom", None), RequestError::Transient(_)));
        assert!(matches!(classify4(503, None, "busy", None), RequestError::Transient(_)));
        assert!(matches!(classify4(408, None, "", None), RequestError::Transient(_)));
    }

    #[test]
    fn an_expired_token_is_transient_because_the_client_refreshes_it() {
        assert!(matches!(classify4(401, Some("PGRST301"), "JWT expired", None), RequestError::Transient(_)));
        assert!(matches!(classify4(401, Some("PGRST303"), "JWT expired", None), RequestError::Transient(_)));
        assert!(matches!(classify4(401, None, "JWT expired", None), RequestError::Transient(_)));
        // Another 401 (not a token problem) is permanent.
        assert!(matches!(classify4(401, Some("42501"), "permission denied", None), RequestError::Permanent(_)));
    }

    #[test]
    fn rate_limits_wait() {
        assert_eq!(
            classify4(429, None, "too many", None),
            RequestError::RateLimited { retry_after_ms: DEFAULT_RETRY_AFTER_MS }
        );
        assert_eq!(
            classify4(429, None, "too many", Some("nothing useful")),
            RequestError::RateLimited { retry_after_ms: DEFAULT_RETRY_AFTER_MS }
        );
    }

    #[test]
    fn rate_limits_wait_as_long_as_the_server_says() {
        let rate = |f: Failure| match classify(&f) {
            RequestError::RateLimited { retry_after_ms } => retry_after_ms,
            other => panic!("{other:?}"),
        };
        let details = Some("retry_after_ms=4321");
        assert_eq!(rate(failure(429, Some("over_message_rate_limit"), "too many messages", details)), 4321);
        assert_eq!(rate(failure(429, None, "", Some("limit=60, retry_after_ms=250"))), 250);
        assert_eq!(rate(failure(429, None, "", Some("retry_after_ms=999999999"))), MAX_RETRY_AFTER_MS);
        assert_eq!(rate(failure(429, None, "", Some("retry_after_ms=soon"))), DEFAULT_RETRY_AFTER_MS);
        // The header, when the driver can read it; `details` wins when both are there.
        let header = Failure { retry_after_secs: Some(5), ..failure(429, None, "", None) };
        assert_eq!(rate(header), 5_000);
        assert_eq!(rate(Failure { details: Some("retry_after_ms=1200"), ..header }), 1_200);
        assert_eq!(rate(Failure { retry_after_secs: Some(u64::MAX), ..header }), MAX_RETRY_AFTER_MS);
    }

    #[test]
    fn client_errors_are_permanent_with_a_reason() {
        let e = classify4(400, Some("P0001"), "session_expired", None);
        assert_eq!(e, RequestError::Permanent(Refusal::SessionExpired));
        assert_eq!(e.to_string(), "this session has expired");
        let e = classify4(403, Some("42501"), "new row violates row-level security policy", None);
        assert_eq!(e, RequestError::Permanent(Refusal::NotAllowed));
        assert!(e.to_string().contains("no longer allowed"));
        let e = classify4(400, Some("23514"), "check constraint", None);
        assert_eq!(e, RequestError::Permanent(Refusal::BreaksRule));
        let e = classify4(400, Some("22P02"), "invalid input syntax", None);
        assert_eq!(e, RequestError::Permanent(Refusal::Other("invalid input syntax".into())));
    }
}
