//! The session's glossary (docs/features/glossary.md): the rules of the add form and what the
//! panel says about a term, as plain functions. `glossary_sync` (wasm) loads, pins and unpins
//! through supabase-js and keeps the list live.

use session_sync::domain::MAX_GLOSSARY_TERM_CHARS;

/// The `broadcast` event a participant sends on the session channel after changing the
/// glossary; the partner then reads the list again (docs/contracts.md §3).
pub const GLOSSARY_EVENT: &str = "glossary";

/// Why the panel could not pin or load: each has a fixed text and `data-code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The term is empty or too long (`invalid_input` from the server too).
    BadTerm,
    /// Neither a translation nor "keep as written", or a translation too long.
    BadTranslation,
    /// The session holds as many terms as it may (`too_many_terms`).
    Full,
    /// Anything else: network, refused, unexpected.
    Failed,
}

impl Problem {
    /// The `data-code` of the panel's error.
    pub fn code(self) -> &'static str {
        match self {
            Problem::BadTerm => "bad_term",
            Problem::BadTranslation => "bad_translation",
            Problem::Full => "too_many_terms",
            Problem::Failed => "glossary_failed",
        }
    }

    /// The message key (locales/*/glossary.ftl).
    pub fn key(self) -> &'static str {
        match self {
            Problem::BadTerm => "glossary-error-term",
            Problem::BadTranslation => "glossary-error-translation",
            Problem::Full => "glossary-error-full",
            Problem::Failed => "glossary-error-failed",
        }
    }

    /// What a refused `pin_term` means, from the stable code in the error's `message`.
    pub fn from_server(message: &str) -> Problem {
        match message {
            "too_many_terms" => Problem::Full,
            "invalid_input" => Problem::BadTerm,
            _ => Problem::Failed,
        }
    }
}

/// The `pin_term` arguments the add form means: the term, and its fixed translation or `None`
/// to keep it as written. Checked as the server checks them, so most mistakes are explained
/// before a request.
pub fn check_form(term: &str, translation: &str, keep: bool) -> Result<(String, Option<String>), Problem> {
    let fits = |text: &str| (1..=MAX_GLOSSARY_TERM_CHARS).contains(&text.chars().count());
    let term = term.trim();
    if !fits(term) {
        return Err(Problem::BadTerm);
    }
    if keep {
        return Ok((term.to_owned(), None));
    }
    let translation = translation.trim();
    if !fits(translation) {
        return Err(Problem::BadTranslation);
    }
    Ok((term.to_owned(), Some(translation.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_means_a_kept_term_or_a_fixed_translation() {
        assert_eq!(check_form(" Rosa ", "ignored", true), Ok(("Rosa".into(), None)));
        assert_eq!(check_form("Sol", " Sun ", false), Ok(("Sol".into(), Some("Sun".into()))));
        assert_eq!(check_form("  ", "", true), Err(Problem::BadTerm));
        assert_eq!(check_form(&"x".repeat(MAX_GLOSSARY_TERM_CHARS + 1), "", true), Err(Problem::BadTerm));
        assert_eq!(check_form("Sol", "  ", false), Err(Problem::BadTranslation), "no translation, not kept");
        assert!(check_form(&"é".repeat(MAX_GLOSSARY_TERM_CHARS), "", true).is_ok(), "characters, not bytes");
    }

    #[test]
    fn server_codes_become_problems() {
        assert_eq!(Problem::from_server("too_many_terms"), Problem::Full);
        assert_eq!(Problem::from_server("invalid_input"), Problem::BadTerm);
        assert_eq!(Problem::from_server("not a participant of this session"), Problem::Failed);
        assert_eq!(Problem::Full.code(), "too_many_terms");
    }
}
