//! Why creating, joining or reopening a session failed, decoded once from an RPC error's
//! `message` (the stable codes of `domain::SessionError`, plus the 429 codes of the abuse
//! limits in docs/security.md), with the text the `error` element shows. The checks the forms
//! make before calling produce the same type. Pure, so it runs in native unit tests.

use std::fmt;

use session_sync::domain;

use crate::i18n::{t, tr};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// A session rule the server enforces (`session_not_found`, `session_expired`, …).
    Refused(domain::SessionError),
    /// 429 `too_many_attempts`: too many wrong codes from this user or address.
    TooManyAttempts,
    /// 429 `too_many_sessions`: too many new sessions in a short time.
    TooManySessions,
    /// The form's name is empty or too long (checked before calling).
    BadName,
    /// The form has no language (checked before calling).
    NoLanguage,
    /// The typed code cannot be a session code (checked before calling).
    BadCode,
    /// Anything else, shown with its message.
    Other(String),
}

impl SessionError {
    /// An RPC error's `message` (design: the stable code is the message).
    pub fn decode(message: &str) -> SessionError {
        if let Some(refused) = domain::SessionError::from_code(message) {
            return SessionError::Refused(refused);
        }
        match message {
            "too_many_attempts" => SessionError::TooManyAttempts,
            "too_many_sessions" => SessionError::TooManySessions,
            other => SessionError::Other(other.to_string()),
        }
    }
}

impl SessionError {
    /// A stable name for the case (`data-code` on the `error` element).
    pub fn code(&self) -> &'static str {
        match self {
            SessionError::Refused(c) => c.code(),
            SessionError::TooManyAttempts => "too_many_attempts",
            SessionError::TooManySessions => "too_many_sessions",
            SessionError::BadName => "bad_name",
            SessionError::NoLanguage => "no_language",
            SessionError::BadCode => "bad_code",
            SessionError::Other(_) => "other",
        }
    }

    /// The technical detail behind an unexpected failure, shown only on demand.
    pub fn detail(&self) -> Option<&str> {
        match self {
            SessionError::Other(message) => Some(message),
            _ => None,
        }
    }
}

/// The text the `error` element shows, in the interface language.
impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use domain::SessionError as Code;
        let text = match self {
            SessionError::Refused(Code::SessionNotFound) => t("error-session-not-found"),
            SessionError::Refused(Code::SessionExpired) => t("error-session-expired"),
            SessionError::Refused(Code::SessionFull) => t("error-session-full"),
            SessionError::Refused(Code::InvalidInput) => t("error-invalid-input"),
            // The wait (seconds to minutes) is in the answer's `details`.
            SessionError::TooManyAttempts => t("error-too-many-attempts"),
            SessionError::TooManySessions => t("error-too-many-sessions"),
            SessionError::BadName => tr("error-bad-name", &[("max", domain::MAX_DISPLAY_NAME_CHARS.into())]),
            SessionError::NoLanguage => t("error-no-language"),
            SessionError::BadCode => t("error-bad-code"),
            SessionError::Other(_) => t("error-other"),
        };
        f.write_str(&text)
    }
}

/// The name and language the forms send, checked as the server checks them.
pub fn check_profile(name: &str, language: &str) -> Result<(), SessionError> {
    if !domain::is_valid_display_name(name) {
        return Err(SessionError::BadName);
    }
    if !domain::is_language_code(language) {
        return Err(SessionError::NoLanguage);
    }
    Ok(())
}

/// The typed code in its canonical form, from the join-code field or a `/s/code` link alike.
/// Case, spaces and dashes do not matter: people read codes out and copy them in groups
/// (`k7m 2qx`, `K7M-2QX`), and phones turn a typed `-` into a dash or a minus sign.
pub fn check_code(typed: &str) -> Result<String, SessionError> {
    let is_separator = |c: char| c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}');
    let compact: String = typed.chars().filter(|c| !is_separator(*c)).collect();
    domain::normalize_code(&compact).ok_or(SessionError::BadCode)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::SessionError as Code;

    #[test]
    fn every_code_decodes_to_its_variant() {
        for code in Code::ALL {
            assert_eq!(SessionError::decode(code.code()), SessionError::Refused(code));
        }
        assert_eq!(SessionError::decode("too_many_attempts"), SessionError::TooManyAttempts);
        assert_eq!(SessionError::decode("too_many_sessions"), SessionError::TooManySessions);
        assert_eq!(SessionError::decode("boom"), SessionError::Other("boom".into()));
    }

    /// People (and the end-to-end specs) read these texts: they change only on purpose.
    #[test]
    fn texts_are_the_ones_people_read() {
        let text = |message: &str| SessionError::decode(message).to_string();
        assert_eq!(text("session_not_found"), "No session has this code. Check it and try again.");
        assert_eq!(text("session_expired"), "This session has expired. Start a new one.");
        assert_eq!(text("session_full"), "This session already has two people in it.");
        assert_eq!(text("invalid_input"), "Please enter your name and pick a language.");
        assert_eq!(
            text("too_many_attempts"),
            "Too many wrong codes were tried from here. Wait a little, then try again."
        );
        assert_eq!(text("too_many_sessions"), "Too many new sessions in a short time. Wait a minute, then try again.");
        assert_eq!(
            text("unexpected answer"),
            "Something went wrong. Try again; if it keeps happening, reload the page."
        );
        assert_eq!(SessionError::decode("unexpected answer").detail(), Some("unexpected answer"));
    }

    #[test]
    fn forms_are_checked_before_calling() {
        assert_eq!(check_profile("Ana", "es"), Ok(()));
        assert_eq!(check_profile("   ", "es"), Err(SessionError::BadName));
        let long = "x".repeat(domain::MAX_DISPLAY_NAME_CHARS + 1);
        assert_eq!(check_profile(&long, "es"), Err(SessionError::BadName));
        assert_eq!(SessionError::BadName.to_string(), "Enter your name (1 to 64 characters).");
        assert_eq!(check_profile("Ana", ""), Err(SessionError::NoLanguage));
        assert_eq!(SessionError::NoLanguage.to_string(), "Pick your language.");
        assert_eq!(check_code(" k7m2qx "), Ok("K7M2QX".into()));
        assert_eq!(check_code("K7M"), Err(SessionError::BadCode));
    }

    #[test]
    fn codes_are_accepted_with_spaces_dashes_and_lower_case() {
        for typed in [
            "k7m2qx",
            "K7M-2QX",
            "k7m 2qx",
            " K7M – 2QX ",
            "k-7-m-2-q-x",
            "K7M\u{2011}2QX",
            "K7M\u{2212}2QX",
            "k7m\t2qx\n",
        ] {
            assert_eq!(check_code(typed), Ok("K7M2QX".into()), "{typed:?}");
        }
        for typed in ["", " - ", "K7M_2QX", "K7M.2QX", "K7M2Q", "K7M2QXA", "K7M2Q0", "K7M 2QO"] {
            assert_eq!(check_code(typed), Err(SessionError::BadCode), "{typed:?}");
        }
        assert_eq!(SessionError::BadCode.to_string(), "A session code has 6 letters and digits, like K7M2QX.");
    }
}
