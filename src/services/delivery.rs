//! What the session view says about delivery, in the interface language: the engine's typed
//! problems and failures (`session_sync::engine::{Problem, SendFailure}`) as plain words with
//! the technical detail kept for "Details", the header's connection label, the countdown to a
//! retry, and the composer's length counter (docs/features/chat.md). Pure, so it runs in native
//! tests.

use session_sync::domain::MAX_BODY_CHARS;
use session_sync::engine::{ConnectionState, Millis, Problem, Refusal, Rejected, SendFailure};

use crate::i18n::{t, tr};

/// Words a person can act on, the detail on demand, and a stable name for tests
/// (`data-code` / `data-reason`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub text: String,
    pub detail: Option<String>,
    pub code: &'static str,
}

/// Why a message is not sent, as one sentence with what to do.
pub fn reason(failure: &SendFailure) -> Said {
    let (key, code, detail) = match failure {
        SendFailure::Unreachable { detail } => ("delivery-reason-unreachable", "unreachable", Some(detail.clone())),
        SendFailure::RateLimited => ("delivery-reason-rate-limited", "rate_limited", None),
        SendFailure::Refused(r) => {
            let (key, code) = match r {
                Refusal::SessionExpired => ("delivery-reason-expired", "session_expired"),
                Refusal::SessionNotFound => ("delivery-reason-not-found", "session_not_found"),
                Refusal::NotAllowed => ("delivery-reason-not-allowed", "not_allowed"),
                Refusal::Invalid => ("delivery-reason-invalid", "invalid"),
                Refusal::BreaksRule => ("delivery-reason-rule", "breaks_rule"),
                Refusal::Duplicate => ("delivery-reason-duplicate", "duplicate"),
                Refusal::Other(_) => ("delivery-reason-other", "refused"),
            };
            (key, code, Some(r.to_string()))
        }
        SendFailure::Vanished => ("delivery-reason-vanished", "vanished", None),
        SendFailure::Unknown { detail } => ("delivery-reason-unknown", "unknown", Some(detail.clone())),
    };
    Said { text: t(key), detail, code }
}

/// The banner for the engine's latest problem.
pub fn problem(p: &Problem) -> Said {
    match p {
        Problem::NotSent { count, failure } => {
            let why = reason(failure);
            Said {
                text: tr("delivery-banner-not-sent", &[("count", (*count).into()), ("reason", why.text.into())]),
                ..why
            }
        }
        Problem::RateLimited { wait_s } => Said {
            text: tr("delivery-banner-rate-limited", &[("seconds", (*wait_s).into())]),
            detail: None,
            code: "rate_limited",
        },
        Problem::CatchUpRefused(r) => {
            Said { text: t("delivery-banner-catch-up"), detail: Some(r.to_string()), code: "catch_up_refused" }
        }
        Problem::EarlierFailed { detail } => {
            Said { text: t("delivery-banner-earlier"), detail: Some(detail.clone()), code: "earlier_failed" }
        }
        Problem::ReconnectGaveUp => {
            Said { text: t("delivery-banner-reconnect"), detail: None, code: "reconnect_gave_up" }
        }
        Problem::Rejected(r) => rejected(r),
    }
}

fn rejected(r: &Rejected) -> Said {
    let (text, code) = match r {
        Rejected::OutboxFull { limit } => {
            (tr("delivery-rejected-outbox-full", &[("count", (*limit).into())]), "outbox_full")
        }
        Rejected::InvalidBody => (tr("delivery-rejected-invalid", &[("max", MAX_BODY_CHARS.into())]), "invalid_body"),
        Rejected::UnknownMessage(_) => (t("delivery-rejected-unknown"), "unknown_message"),
        Rejected::NotFailed(_) => (t("delivery-rejected-not-failed"), "not_failed"),
    };
    Said { text, detail: None, code }
}

/// The key of the header's connection label. While own messages wait after network or server
/// failures the channel may well be up, but "Connected" would say all is well.
pub fn connection_key(state: ConnectionState, online: bool, sending_fails: bool) -> &'static str {
    match state {
        ConnectionState::Connected if sending_fails => "delivery-connection-failing",
        ConnectionState::Connected => "connection-connected",
        ConnectionState::Reconnecting => "connection-reconnecting",
        ConnectionState::Disconnected if online => "connection-disconnected",
        ConnectionState::Disconnected => "connection-offline",
        ConnectionState::Connecting => "connection-connecting",
    }
}

/// Whole seconds until `at` (rounded up, at least 1 while it is ahead): the countdown a
/// bubble shows. `None` once it is due.
pub fn seconds_until(at: Millis, now: Millis) -> Option<u64> {
    (at > now).then(|| (at - now).div_ceil(1000))
}

/// "Not sent yet — retrying in N s" (or "— retrying…" when the retry is due or under way).
pub fn waiting(seconds: Option<u64>) -> String {
    match seconds {
        Some(s) => tr("delivery-waiting", &[("seconds", s.into())]),
        None => t("delivery-waiting-now"),
    }
}

/// The composer's length counter: quiet until 80% of the limit, then what is left, then by
/// how much it is over (counted as the engine counts: trailing whitespace is not sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Quiet,
    Near { left: usize },
    Over { by: usize },
}

/// From this many characters on, the counter shows.
pub const COUNTER_FROM: usize = MAX_BODY_CHARS * 4 / 5;

pub fn length(text: &str) -> Length {
    let n = text.trim_end().chars().count();
    if n > MAX_BODY_CHARS {
        Length::Over { by: n - MAX_BODY_CHARS }
    } else if n >= COUNTER_FROM {
        Length::Near { left: MAX_BODY_CHARS - n }
    } else {
        Length::Quiet
    }
}

impl Length {
    pub fn text(self) -> String {
        let count = |n: usize| -> [(&str, crate::i18n::Arg); 1] { [("count", n.into())] };
        match self {
            Length::Quiet => String::new(),
            Length::Near { left } => tr("delivery-counter-left", &count(left)),
            Length::Over { by } => tr("delivery-counter-over", &count(by)),
        }
    }

    /// Why sending is not possible, when it is not.
    pub fn refusal(self) -> Option<String> {
        matches!(self, Length::Over { .. }).then(|| tr("delivery-too-long", &[("max", MAX_BODY_CHARS.into())]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_read_as_plain_words_with_the_detail_apart() {
        crate::i18n::set_language("en");
        let r = reason(&SendFailure::Unreachable { detail: "server error 500: boom".into() });
        assert_eq!(r.code, "unreachable");
        assert!(!r.text.contains("500"), "no technical detail in the words: {}", r.text);
        assert_eq!(r.detail.as_deref(), Some("server error 500: boom"));
        let r = reason(&SendFailure::Refused(Refusal::SessionExpired));
        assert!(r.text.contains("expired"), "{}", r.text);
        assert_eq!(r.code, "session_expired");
        for f in [
            SendFailure::RateLimited,
            SendFailure::Vanished,
            SendFailure::Unknown { detail: "x".into() },
            SendFailure::Refused(Refusal::NotAllowed),
            SendFailure::Refused(Refusal::Invalid),
            SendFailure::Refused(Refusal::BreaksRule),
            SendFailure::Refused(Refusal::Duplicate),
            SendFailure::Refused(Refusal::SessionNotFound),
            SendFailure::Refused(Refusal::Other("y".into())),
        ] {
            let r = reason(&f);
            assert!(!r.text.starts_with("delivery-"), "{f:?} has words: {}", r.text);
        }
    }

    #[test]
    fn problems_say_how_many_and_why() {
        crate::i18n::set_language("en");
        let p = Problem::NotSent { count: 2, failure: SendFailure::Refused(Refusal::SessionExpired) };
        let said = problem(&p);
        assert!(said.text.starts_with("2 messages were not sent"), "{}", said.text);
        assert!(said.text.contains("expired"));
        assert_eq!(said.code, "session_expired");
        let said = problem(&Problem::RateLimited { wait_s: 3 });
        assert!(said.text.contains("3 s"), "{}", said.text);
        let said = problem(&Problem::Rejected(Rejected::InvalidBody));
        assert!(said.text.contains("2000"), "{}", said.text);
        for p in [
            Problem::CatchUpRefused(Refusal::SessionExpired),
            Problem::EarlierFailed { detail: "Failed to fetch".into() },
            Problem::ReconnectGaveUp,
            Problem::Rejected(Rejected::OutboxFull { limit: 50 }),
            Problem::Rejected(Rejected::UnknownMessage(uuid::Uuid::nil())),
            Problem::Rejected(Rejected::NotFailed(uuid::Uuid::nil())),
        ] {
            assert!(!problem(&p).text.starts_with("delivery-"), "{p:?}");
        }
        // Another language says it in its words.
        crate::i18n::set_language("es");
        assert_ne!(problem(&Problem::ReconnectGaveUp).text, {
            crate::i18n::set_language("en");
            problem(&Problem::ReconnectGaveUp).text
        });
        crate::i18n::set_language("en");
    }

    #[test]
    fn the_header_does_not_say_connected_while_sending_fails() {
        assert_eq!(connection_key(ConnectionState::Connected, true, false), "connection-connected");
        assert_eq!(connection_key(ConnectionState::Connected, true, true), "delivery-connection-failing");
        assert_eq!(connection_key(ConnectionState::Disconnected, false, true), "connection-offline");
        assert_eq!(connection_key(ConnectionState::Reconnecting, true, true), "connection-reconnecting");
    }

    #[test]
    fn the_countdown_rounds_up_and_ends_when_due() {
        assert_eq!(seconds_until(5_000, 1_000), Some(4));
        assert_eq!(seconds_until(5_000, 4_999), Some(1));
        assert_eq!(seconds_until(5_000, 3_500), Some(2));
        assert_eq!(seconds_until(5_000, 5_000), None);
        crate::i18n::set_language("en");
        assert_eq!(waiting(Some(3)), "Not sent yet — retrying in 3 s");
    }

    #[test]
    fn the_counter_shows_near_the_limit_and_refuses_over_it() {
        assert_eq!(length("hello"), Length::Quiet);
        assert_eq!(length(&"a".repeat(COUNTER_FROM - 1)), Length::Quiet);
        assert_eq!(length(&"a".repeat(COUNTER_FROM)), Length::Near { left: MAX_BODY_CHARS - COUNTER_FROM });
        assert_eq!(length(&"é".repeat(MAX_BODY_CHARS)), Length::Near { left: 0 });
        assert_eq!(length(&format!("{}\n\n", "a".repeat(MAX_BODY_CHARS))), Length::Near { left: 0 });
        assert_eq!(length(&"a".repeat(MAX_BODY_CHARS + 3)), Length::Over { by: 3 });
        assert_eq!(Length::Near { left: 5 }.refusal(), None);
        crate::i18n::set_language("en");
        assert_eq!(Length::Near { left: 1 }.text(), "1 character left");
        assert!(Length::Over { by: 3 }.refusal().unwrap().contains("2000"));
    }
}
