//! What the app says about translation: the engine's language list (`/functions/v1/languages`),
//! the notes on the home page, join form and session page, and what a message bubble shows for
//! each translation state. Pure, so it runs in native unit tests.

use serde::Deserialize;
use session_sync::engine::{Entry, TranslationState};

/// `GET /functions/v1/languages`: `provider` is `null` when no engine is configured.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct Languages {
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub pairs: Vec<(String, String)>,
}

impl Languages {
    pub fn has_engine(&self) -> bool {
        self.provider.is_some()
    }

    /// The engine can translate from `from` to `to` (the same language needs no engine).
    pub fn can_translate(&self, from: &str, to: &str) -> bool {
        from == to || self.pairs.iter().any(|(s, t)| s == from && t == to)
    }

    /// Both directions of a conversation between `a` and `b` are translated.
    pub fn both_ways(&self, a: &str, b: &str) -> bool {
        self.can_translate(a, b) && self.can_translate(b, a)
    }

    pub fn offers(&self, code: &str) -> bool {
        self.languages.iter().any(|l| l == code)
    }
}

/// English names, for sentences such as "between English and French".
pub fn english_name(code: &str) -> String {
    let name = match code {
        "en" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "de" => "German",
        "it" => "Italian",
        "pt" => "Portuguese",
        "ca" => "Catalan",
        "gl" => "Galician",
        "eu" => "Basque",
        "nl" => "Dutch",
        "pl" => "Polish",
        "ro" => "Romanian",
        "uk" => "Ukrainian",
        "ru" => "Russian",
        "ar" => "Arabic",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ko" => "Korean",
        "tr" => "Turkish",
        "sv" => "Swedish",
        "oc" => "Occitan",
        "an" => "Aragonese",
        "ast" => "Asturian",
        _ => return code.to_string(),
    };
    name.to_string()
}

pub const NO_ENGINE: &str = "No translation engine is configured on this server; messages are shown untranslated";

/// The hint under a language choice (home page, join form), before the partner is known.
pub fn choice_hint(langs: &Languages, chosen: &str) -> Option<String> {
    if !langs.has_engine() {
        return Some(format!("{NO_ENGINE}."));
    }
    if langs.offers(chosen) {
        let mut partners: Vec<String> = langs
            .languages
            .iter()
            .filter(|l| *l != chosen && langs.both_ways(chosen, l))
            .map(|l| english_name(l))
            .collect();
        partners.dedup();
        if partners.is_empty() {
            return None;
        }
        Some(format!("Translated to and from: {}.", partners.join(", ")))
    } else {
        Some(format!(
            "This server can't translate {}; your partner will read your messages untranslated unless they also write {}.",
            english_name(chosen),
            english_name(chosen)
        ))
    }
}

/// The note on the session page once both languages are known (`None`: nothing to say).
pub fn session_notice(langs: &Languages, mine: &str, partner: Option<&str>) -> Option<String> {
    if !langs.has_engine() {
        return Some(NO_ENGINE.to_string());
    }
    let partner = partner?;
    if langs.both_ways(mine, partner) {
        return None;
    }
    let (a, b) = (english_name(mine), english_name(partner));
    if langs.can_translate(mine, partner) || langs.can_translate(partner, mine) {
        let (from, to) = if langs.can_translate(mine, partner) { (&a, &b) } else { (&b, &a) };
        return Some(format!("Messages are translated from {from} to {to} only; the other way you'll see originals"));
    }
    Some(format!("Messages can't be translated between {a} and {b}; you'll see originals"))
}

/// What a bubble shows about translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BubbleTranslation {
    /// `data-translation` (through `as_str`, at the attribute).
    pub state: TranslationState,
    /// The visible state line ("Translating…", "Translation unavailable", …).
    pub label: Option<String>,
    /// Tooltip of the label: the error reason when it failed.
    pub reason: Option<String>,
    /// Own messages: what the partner reads ("Bruno reads: …").
    pub partner_reads: Option<String>,
    /// The "Show original" toggle is offered (a partner's translated message).
    pub offer_original: bool,
    /// The `retranslate` control is offered.
    pub offer_retranslate: bool,
}

/// A message not (or no longer) in the timeline shows as waiting for its translation.
impl Default for BubbleTranslation {
    fn default() -> Self {
        BubbleTranslation {
            state: TranslationState::Pending,
            label: None,
            reason: None,
            partner_reads: None,
            offer_original: false,
            offer_retranslate: false,
        }
    }
}

/// Maps an engine entry to the bubble. `retrying`: a `retranslate` call is in flight or its
/// result has not arrived yet, so the message shows as translating again.
pub fn bubble(entry: &Entry, partner_name: Option<&str>, retrying: bool) -> BubbleTranslation {
    let state = if retrying && entry.translation == TranslationState::Failed {
        TranslationState::Pending
    } else {
        entry.translation
    };
    let reason = entry.translation_error.clone().filter(|_| state == TranslationState::Failed);
    let who = partner_name.unwrap_or("Your partner");
    let mut out = BubbleTranslation { state, reason, ..Default::default() };
    match (entry.own, state) {
        (_, TranslationState::None) => {}
        (false, TranslationState::Pending) => out.label = Some("Translating…".into()),
        (false, TranslationState::Done) => {
            out.label = Some(format!("Translated from {}", english_name(&entry.source_lang)));
            out.offer_original = true;
        }
        (false, TranslationState::Failed) => {
            out.label = Some("Translation unavailable".into());
            out.offer_retranslate = true;
        }
        (true, TranslationState::Pending) => {
            // Unsent messages and messages sent before the partner joined wait too.
            out.label = Some(match (partner_name, entry.seq) {
                (None, _) => "Translated when your partner joins".into(),
                (Some(_), None) => return out,
                (Some(p), Some(_)) => format!("Translating for {p}…"),
            });
        }
        (true, TranslationState::Done) => {
            out.partner_reads = entry.translated_body.clone();
            out.label = Some(format!("{who} reads:"));
        }
        (true, TranslationState::Failed) => {
            out.label = Some(format!("Translation for {who} unavailable"));
            out.offer_retranslate = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use session_sync::engine::MessageStatus;
    use uuid::Uuid;

    fn apertium() -> Languages {
        serde_json::from_str(r#"{"provider":"apertium","languages":["en","es"],"pairs":[["en","es"],["es","en"]]}"#)
            .unwrap()
    }

    fn entry(own: bool, translation: TranslationState) -> Entry {
        Entry {
            id: Uuid::nil(),
            own,
            seq: Some(1),
            client_seq: 1,
            body: "Hello".into(),
            source_lang: "en".into(),
            translated_body: (translation == TranslationState::Done).then(|| "Hola".into()),
            target_lang: Some("es".into()),
            translation_error: (translation == TranslationState::Failed).then(|| "libretranslate: unreachable".into()),
            created_at: None,
            status: own.then_some(MessageStatus::Sent),
            failure: None,
            translation,
            text: "Hello".into(),
        }
    }

    #[test]
    fn languages_parse_and_pairs() {
        let l = apertium();
        assert!(l.has_engine());
        assert!(l.both_ways("en", "es"));
        assert!(l.can_translate("fr", "fr"));
        assert!(!l.can_translate("en", "fr"));
        let none: Languages = serde_json::from_str(r#"{"provider":null,"languages":[],"pairs":[]}"#).unwrap();
        assert!(!none.has_engine());
    }

    #[test]
    fn notices() {
        let l = apertium();
        assert_eq!(session_notice(&l, "en", Some("es")), None);
        assert_eq!(session_notice(&l, "en", None), None);
        assert_eq!(session_notice(&l, "en", Some("en")), None);
        assert_eq!(
            session_notice(&l, "en", Some("fr")).unwrap(),
            "Messages can't be translated between English and French; you'll see originals"
        );
        let one_way = Languages {
            provider: Some("x".into()),
            languages: vec!["en".into(), "es".into()],
            pairs: vec![("en".into(), "es".into())],
        };
        assert!(session_notice(&one_way, "es", Some("en")).unwrap().contains("from English to Spanish only"));
        assert_eq!(session_notice(&Languages::default(), "en", None).unwrap(), NO_ENGINE);
        assert_eq!(choice_hint(&l, "en").unwrap(), "Translated to and from: Spanish.");
        assert!(choice_hint(&l, "fr").unwrap().starts_with("This server can't translate French"));
        assert!(choice_hint(&Languages::default(), "en").unwrap().starts_with("No translation engine"));
    }

    #[test]
    fn partner_messages() {
        let b = bubble(&entry(false, TranslationState::Pending), Some("Ana"), false);
        assert_eq!((b.state, b.label.as_deref()), (TranslationState::Pending, Some("Translating…")));
        let b = bubble(&entry(false, TranslationState::Done), Some("Ana"), false);
        assert_eq!(b.state, TranslationState::Done);
        assert!(b.offer_original && !b.offer_retranslate);
        let b = bubble(&entry(false, TranslationState::Failed), Some("Ana"), false);
        assert_eq!(b.state, TranslationState::Failed);
        assert_eq!(b.label.as_deref(), Some("Translation unavailable"));
        assert_eq!(b.reason.as_deref(), Some("libretranslate: unreachable"));
        assert!(b.offer_retranslate);
        // While a retranslate is under way it shows as translating again.
        let b = bubble(&entry(false, TranslationState::Failed), Some("Ana"), true);
        assert_eq!((b.state, b.reason, b.offer_retranslate), (TranslationState::Pending, None, false));
        let b = bubble(&entry(false, TranslationState::None), Some("Ana"), false);
        assert_eq!((b.state, b.label), (TranslationState::None, None));
    }

    #[test]
    fn own_messages_show_what_the_partner_reads() {
        let b = bubble(&entry(true, TranslationState::Done), Some("Bruno"), false);
        assert_eq!(b.label.as_deref(), Some("Bruno reads:"));
        assert_eq!(b.partner_reads.as_deref(), Some("Hola"));
        assert!(!b.offer_original);
        let b = bubble(&entry(true, TranslationState::Pending), None, false);
        assert_eq!(b.label.as_deref(), Some("Translated when your partner joins"));
        let b = bubble(&entry(true, TranslationState::Pending), Some("Bruno"), false);
        assert_eq!(b.label.as_deref(), Some("Translating for Bruno…"));
        let b = bubble(&entry(true, TranslationState::Failed), Some("Bruno"), false);
        assert_eq!(b.label.as_deref(), Some("Translation for Bruno unavailable"));
        assert!(b.offer_retranslate);
    }
}
