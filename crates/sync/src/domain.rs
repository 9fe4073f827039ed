//! The data contract: what a session, a participant and a message are, and the rules every
//! side checks the same way (code alphabet, body length, language codes).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Characters a session code may contain: no 0/O/1/I/L, so a code read aloud or copied by hand
/// cannot be mistyped into another valid code.
pub const CODE_ALPHABET: &str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LEN: usize = 6;
/// A session lives this long after creation.
pub const SESSION_TTL_SECS: i64 = 24 * 60 * 60;
pub const MAX_PARTICIPANTS: usize = 2;
pub const MAX_BODY_CHARS: usize = 2000;
pub const MAX_DISPLAY_NAME_CHARS: usize = 64;
/// A pinned glossary term and its fixed translation are 1 to this many characters, trimmed
/// (docs/features/glossary.md).
pub const MAX_GLOSSARY_TERM_CHARS: usize = 100;
/// Terms one session may pin; pinning one more is refused with `too_many_terms`.
pub const MAX_GLOSSARY_TERMS: usize = 50;

/// Presence calls (track or untrack) one realtime channel may make per window before the
/// server closes it: Supabase's client limit, enforced by session-server's hub too
/// (docs/features/presence.md).
pub const PRESENCE_CALLS_PER_WINDOW: u32 = 5;
pub const PRESENCE_WINDOW_MS: u64 = 30_000;
/// What the app allows itself per window: one under the server's limit, in reserve because the
/// app counts a call when it sends it and the server when it arrives, so their windows never
/// line up exactly.
pub const CLIENT_PRESENCE_CALLS_PER_WINDOW: u32 = PRESENCE_CALLS_PER_WINDOW - 1;
const _: () = assert!(CLIENT_PRESENCE_CALLS_PER_WINDOW < PRESENCE_CALLS_PER_WINDOW);

/// Normalises a code typed by a person: trims, upper-cases, and checks the alphabet and length.
/// Returns `None` for anything that can never be a valid code.
pub fn normalize_code(input: &str) -> Option<String> {
    let code: String = input.trim().to_ascii_uppercase();
    (code.chars().count() == CODE_LEN && code.chars().all(|c| CODE_ALPHABET.contains(c))).then_some(code)
}

/// Builds a code from random bytes (the caller owns the randomness, so this stays pure).
pub fn code_from_random(bytes: [u8; CODE_LEN]) -> String {
    let alphabet = CODE_ALPHABET.as_bytes();
    bytes.iter().map(|b| alphabet[*b as usize % alphabet.len()] as char).collect()
}

/// ISO 639-1 language code: two lowercase ASCII letters.
pub fn is_language_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// A message body is 1..=2000 characters (Unicode scalar values, as PostgreSQL's `char_length`).
pub fn is_valid_body(body: &str) -> bool {
    let n = body.chars().count();
    (1..=MAX_BODY_CHARS).contains(&n)
}

pub fn is_valid_display_name(name: &str) -> bool {
    let n = name.trim().chars().count();
    (1..=MAX_DISPLAY_NAME_CHARS).contains(&n)
}

/// Stable error codes carried in the `message` of an RPC error (docs/contracts.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionError {
    SessionNotFound,
    SessionExpired,
    SessionFull,
    InvalidInput,
}

impl SessionError {
    pub const ALL: [SessionError; 4] = [
        SessionError::SessionNotFound,
        SessionError::SessionExpired,
        SessionError::SessionFull,
        SessionError::InvalidInput,
    ];

    /// The variant whose `code()` is `code` (how a client decodes an RPC error's `message`).
    pub fn from_code(code: &str) -> Option<SessionError> {
        SessionError::ALL.into_iter().find(|e| e.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            SessionError::SessionNotFound => "session_not_found",
            SessionError::SessionExpired => "session_expired",
            SessionError::SessionFull => "session_full",
            SessionError::InvalidInput => "invalid_input",
        }
    }
}

impl std::fmt::Display for SessionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// What `preview_session` tells a person about to join by code (docs/contracts.md §3): whether
/// they can join and, only when they can, who invites them — nothing they would not see after
/// joining, and no ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPreview {
    pub status: PreviewStatus,
    /// The creator's display name and language, while `status` is `open`.
    pub inviter_name: Option<String>,
    pub inviter_language: Option<String>,
    /// While `status` is `open`, as the sessions row has it.
    pub expires_at: Option<String>,
}

impl SessionPreview {
    /// A preview that says only `status` (every status but `open`).
    pub fn closed(status: PreviewStatus) -> SessionPreview {
        SessionPreview { status, inviter_name: None, inviter_language: None, expires_at: None }
    }
}

/// A session as seen by someone about to join it: the join would succeed (`open`, also for a
/// participant's rejoin) or be refused with the matching [`SessionError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreviewStatus {
    Open,
    Full,
    Expired,
    NotFound,
}

impl PreviewStatus {
    /// The error `join_session` would answer, if any.
    pub fn refusal(self) -> Option<SessionError> {
        match self {
            PreviewStatus::Open => None,
            PreviewStatus::Full => Some(SessionError::SessionFull),
            PreviewStatus::Expired => Some(SessionError::SessionExpired),
            PreviewStatus::NotFound => Some(SessionError::SessionNotFound),
        }
    }
}

/// `sessions` row. Timestamps are RFC 3339 strings as PostgREST renders `timestamptz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: Uuid,
    pub code: String,
    pub created_by: Uuid,
    pub created_at: String,
    pub expires_at: String,
    pub ended_at: Option<String>,
}

/// `participants` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub session_id: Uuid,
    pub user_id: Uuid,
    pub display_name: String,
    pub language: String,
    pub joined_at: String,
    pub left_at: Option<String>,
    pub delivered_seq: i64,
    pub read_seq: i64,
}

/// `messages` row as stored and as every reader receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: Uuid,
    pub session_id: Uuid,
    pub sender_id: Uuid,
    pub client_seq: i64,
    pub seq: i64,
    pub body: String,
    pub source_lang: String,
    pub translated_body: Option<String>,
    pub target_lang: Option<String>,
    pub translation_error: Option<String>,
    pub created_at: String,
    /// The language the server translated from: detected in the text, or `source_lang` when
    /// detection was unsure. Null until the message was translated, and in rows stored before
    /// the column existed (docs/contracts.md §1).
    #[serde(default)]
    pub detected_lang: Option<String>,
    /// Which engine and route produced `translated_body` (`apertium fr>es>en`); null when
    /// nothing was translated.
    #[serde(default)]
    pub translated_by: Option<String>,
}

/// The start of `translation_error` when no engine translates the detected language into the
/// reader's: retrying cannot help, and the app says which languages instead of the text.
pub const NO_ROUTE: &str = "no route ";

impl Message {
    /// The language the text is written in, as far as is known.
    pub fn written_in(&self) -> &str {
        self.detected_lang.as_deref().unwrap_or(&self.source_lang)
    }

    /// No engine translates this message into `target_lang` (a permanent failure).
    pub fn untranslatable(&self) -> bool {
        self.translation_error.as_deref().is_some_and(|e| e.starts_with(NO_ROUTE))
    }
}

/// `glossary_terms` row: a term either participant pinned for the session's translations.
/// `translation: None` keeps the term as written; otherwise the term is translated as that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossaryTerm {
    pub id: Uuid,
    pub session_id: Uuid,
    pub created_by: Uuid,
    pub term: String,
    pub translation: Option<String>,
    pub created_at: String,
}

/// The form a glossary term is matched in: one pinned term per session and folded spelling
/// (`Rosa`, `ROSA` and `rosa` are one term).
pub fn fold_term(term: &str) -> String {
    term.trim().to_lowercase()
}

/// What a client sends to store a message: the server adds `seq` and `created_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    pub id: Uuid,
    pub session_id: Uuid,
    pub sender_id: Uuid,
    pub client_seq: i64,
    pub body: String,
    pub source_lang: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_and_checked() {
        assert_eq!(normalize_code(" abc234 ").as_deref(), Some("ABC234"));
        assert_eq!(normalize_code("ABC23"), None, "too short");
        assert_eq!(normalize_code("ABC2340"), None, "too long");
        assert_eq!(normalize_code("ABCDE0"), None, "0 is not in the alphabet");
        assert_eq!(normalize_code("ABCDEO"), None, "O is not in the alphabet");
        assert_eq!(normalize_code("ABCDEI"), None);
        assert_eq!(normalize_code("ABCDEL"), None);
        assert_eq!(normalize_code("ABCDE1"), None);
    }

    #[test]
    fn generated_codes_use_only_the_alphabet() {
        for seed in 0..=255u8 {
            let code = code_from_random([seed, seed.wrapping_mul(7), 3, 200, 255, seed ^ 0x5a]);
            assert_eq!(normalize_code(&code).as_deref(), Some(code.as_str()));
        }
    }

    #[test]
    fn previews_read_as_the_rpc_answers_them() {
        let open: SessionPreview = serde_json::from_value(serde_json::json!({
            "status": "open", "inviter_name": "Ana", "inviter_language": "en",
            "expires_at": "2026-01-02T00:00:00.000000+00:00"
        }))
        .unwrap();
        assert_eq!((open.status, open.inviter_name.as_deref()), (PreviewStatus::Open, Some("Ana")));
        assert_eq!(open.status.refusal(), None);
        let closed = SessionPreview::closed(PreviewStatus::NotFound);
        assert_eq!(
            serde_json::to_value(&closed).unwrap(),
            serde_json::json!({"status": "not_found", "inviter_name": null, "inviter_language": null, "expires_at": null})
        );
        assert_eq!(PreviewStatus::NotFound.refusal(), Some(SessionError::SessionNotFound));
        assert_eq!(PreviewStatus::Full.refusal(), Some(SessionError::SessionFull));
        assert_eq!(PreviewStatus::Expired.refusal(), Some(SessionError::SessionExpired));
    }

    #[test]
    fn session_error_codes_decode_back() {
        for e in SessionError::ALL {
            assert_eq!(SessionError::from_code(e.code()), Some(e));
        }
        // A new variant stops this match compiling: add it to `ALL` as well.
        let _every_variant_is_in_all = |e: SessionError| match e {
            SessionError::SessionNotFound
            | SessionError::SessionExpired
            | SessionError::SessionFull
            | SessionError::InvalidInput => (),
        };
        assert_eq!(SessionError::from_code("too_many_attempts"), None);
    }

    #[test]
    fn body_length_counts_characters_not_bytes() {
        assert!(!is_valid_body(""));
        assert!(is_valid_body(&"é".repeat(MAX_BODY_CHARS)));
        assert!(!is_valid_body(&"a".repeat(MAX_BODY_CHARS + 1)));
    }

    #[test]
    fn language_codes_are_two_lowercase_letters() {
        assert!(is_language_code("en"));
        assert!(!is_language_code("EN"));
        assert!(!is_language_code("eng"));
        assert!(!is_language_code(""));
    }
}
