//! How a failed supabase-js call is classified for the sync engine, and the reason a user
//! reads when a message is refused for good. Pure, so it runs in native unit tests.

use session_sync::engine::RequestError;

/// Wait before the next try after a rate limit when the answer says nothing more precise
/// (postgrest-js does not expose the `Retry-After` header).
pub const DEFAULT_RETRY_AFTER_MS: u64 = 2000;

/// Longest wait taken from a server's answer (a bogus huge value must not park the outbox).
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;

/// The wait session-server puts in a 429's `details` (`retry_after_ms=N`), since supabase-js
/// hands the app the body but not the `Retry-After` header.
pub fn retry_after_ms(details: Option<&str>) -> Option<u64> {
    details?
        .split([',', ';', ' '])
        .find_map(|part| part.trim().strip_prefix("retry_after_ms="))
        .and_then(|n| n.trim().parse::<u64>().ok())
        .map(|n| n.min(MAX_RETRY_AFTER_MS))
}

/// `status` is the HTTP status supabase-js reports (0: the request never got an answer),
/// `code` PostgREST's error code, `message` its message, `details` its details.
pub fn classify(status: u16, code: Option<&str>, message: &str, details: Option<&str>) -> RequestError {
    let code = code.unwrap_or("");
    match status {
        429 => RequestError::RateLimited { retry_after_ms: retry_after_ms(details).unwrap_or(DEFAULT_RETRY_AFTER_MS) },
        0 => RequestError::Transient(format!("network error: {message}")),
        408 => RequestError::Transient("the server did not answer in time".into()),
        // An expired access token: supabase-js refreshes it, so the next try works.
        401 if code == "PGRST301" || code == "PGRST303" || message.contains("JWT") => {
            RequestError::Transient("session token expired".into())
        }
        s if s >= 500 => RequestError::Transient(format!("server error {s}: {message}")),
        _ => RequestError::Permanent(reason(code, message)),
    }
}

/// A human reason for a permanent rejection.
pub fn reason(code: &str, message: &str) -> String {
    match (code, message) {
        (_, "session_expired") => "this session has expired".into(),
        (_, "session_not_found") => "this session no longer exists".into(),
        (_, "invalid_input") => "the server refused the message as invalid".into(),
        ("42501", _) => "you are no longer allowed to write in this session".into(),
        ("23514", _) => "the server refused the message (it breaks a rule, e.g. its length)".into(),
        ("23505", _) => "the server refused the message (duplicate)".into(),
        (_, m) if !m.is_empty() => format!("the server refused the message: {m}"),
        (c, _) => format!("the server refused the message ({c})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_and_server_errors_are_transient() {
        assert!(matches!(classify(0, None, "Failed to fetch", None), RequestError::Transient(_)));
        assert!(matches!(classify(500, Some("XX000"), "boom", None), RequestError::Transient(_)));
        assert!(matches!(classify(503, None, "busy", None), RequestError::Transient(_)));
        assert!(matches!(classify(408, None, "", None), RequestError::Transient(_)));
        assert!(matches!(classify(401, Some("PGRST301"), "JWT expired", None), RequestError::Transient(_)));
    }

    #[test]
    fn rate_limits_wait() {
        assert_eq!(
            classify(429, None, "too many", None),
            RequestError::RateLimited { retry_after_ms: DEFAULT_RETRY_AFTER_MS }
        );
    }

    #[test]
    fn rate_limits_wait_as_long_as_the_server_says() {
        let details = Some("retry_after_ms=4321");
        assert_eq!(
            classify(429, Some("over_message_rate_limit"), "too many messages", details),
            RequestError::RateLimited { retry_after_ms: 4321 }
        );
        assert_eq!(retry_after_ms(Some("limit=60, retry_after_ms=250")), Some(250));
        assert_eq!(retry_after_ms(Some("retry_after_ms=999999999")), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(retry_after_ms(Some("retry_after_ms=soon")), None);
        assert_eq!(retry_after_ms(None), None);
        assert_eq!(
            classify(429, None, "too many", Some("nothing useful")),
            RequestError::RateLimited { retry_after_ms: DEFAULT_RETRY_AFTER_MS }
        );
    }

    #[test]
    fn client_errors_are_permanent_with_a_reason() {
        let e = classify(400, Some("P0001"), "session_expired", None);
        assert_eq!(e, RequestError::Permanent("this session has expired".into()));
        let e = classify(403, Some("42501"), "new row violates row-level security policy", None);
        assert!(matches!(e, RequestError::Permanent(r) if r.contains("no longer allowed")));
        let e = classify(400, Some("23514"), "check constraint", None);
        assert!(matches!(e, RequestError::Permanent(r) if r.contains("refused")));
        let e = classify(401, Some("42501"), "permission denied", None);
        assert!(matches!(e, RequestError::Permanent(_)));
    }
}
