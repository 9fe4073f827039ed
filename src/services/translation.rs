//! What the app says about translation: the engine's language list (`/functions/v1/languages`),
//! the notes on the home page, join form and session page, and what a message bubble shows for
//! each translation state. Pure, so it runs in native unit tests.

use serde::Deserialize;
use session_sync::engine::{Entry, TranslationState};

use crate::i18n::{t, tr};

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

/// A language's name in the interface language, for sentences such as "between English and
/// French" (an unknown code is shown as it is).
pub fn language_name(code: &str) -> String {
    let key = match code {
        "en" => "lang-en",
        "es" => "lang-es",
        "fr" => "lang-fr",
        "de" => "lang-de",
        "it" => "lang-it",
        "pt" => "lang-pt",
        "ca" => "lang-ca",
        "gl" => "lang-gl",
        "eu" => "lang-eu",
        "nl" => "lang-nl",
        "pl" => "lang-pl",
        "ro" => "lang-ro",
        "uk" => "lang-uk",
        "ru" => "lang-ru",
        "ar" => "lang-ar",
        "zh" => "lang-zh",
        "ja" => "lang-ja",
        "ko" => "lang-ko",
        "tr" => "lang-tr",
        "sv" => "lang-sv",
        "oc" => "lang-oc",
        "an" => "lang-an",
        "ast" => "lang-ast",
        _ => return code.to_string(),
    };
    t(key)
}

/// Which translation note the session page shows (`data-kind`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionNotice {
    pub no_engine: bool,
    pub text: String,
}

/// The hint under a language choice (home page, join form), before the partner is known.
pub fn choice_hint(langs: &Languages, chosen: &str) -> Option<String> {
    if !langs.has_engine() {
        return Some(t("language-hint-no-engine"));
    }
    if langs.offers(chosen) {
        let mut partners: Vec<String> = langs
            .languages
            .iter()
            .filter(|l| *l != chosen && langs.both_ways(chosen, l))
            .map(|l| language_name(l))
            .collect();
        partners.dedup();
        if partners.is_empty() {
            return None;
        }
        Some(tr("language-hint-pairs", &[("languages", partners.join(", ").into())]))
    } else {
        Some(tr("language-hint-unsupported", &[("language", language_name(chosen).into())]))
    }
}

/// The note on the session page once both languages are known (`None`: nothing to say).
pub fn session_notice(langs: &Languages, mine: &str, partner: Option<&str>) -> Option<SessionNotice> {
    if !langs.has_engine() {
        return Some(SessionNotice { no_engine: true, text: t("translation-no-engine") });
    }
    let partner = partner?;
    if langs.both_ways(mine, partner) {
        return None;
    }
    let (a, b) = (language_name(mine), language_name(partner));
    let text = if langs.can_translate(mine, partner) || langs.can_translate(partner, mine) {
        let (from, to) = if langs.can_translate(mine, partner) { (a, b) } else { (b, a) };
        tr("translation-one-way", &[("from", from.into()), ("to", to.into())])
    } else {
        tr("translation-none-between", &[("a", a.into()), ("b", b.into())])
    };
    Some(SessionNotice { no_engine: false, text })
}

/// A `translated_by` value read (docs/contracts.md §1): `apertium fr>es>en` is Apertium going
/// from French to English through Spanish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub engine: String,
    /// Every language on the way, source first and target last; at least two.
    pub languages: Vec<String>,
}

impl Route {
    pub fn parse(label: &str) -> Option<Route> {
        let (engine, path) = label.trim().split_once(' ')?;
        let languages: Vec<String> = path.split('>').map(|l| l.trim().to_string()).collect();
        let well_formed = !engine.is_empty()
            && languages.len() >= 2
            && languages.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_lowercase()));
        well_formed.then(|| Route { engine: engine.to_string(), languages })
    }

    /// The languages between source and target.
    pub fn pivots(&self) -> &[String] {
        &self.languages[1..self.languages.len() - 1]
    }

    /// What the bubble says: "Apertium", or through a pivot "Apertium · via Spanish".
    pub fn describe(&self) -> String {
        let engine = engine_name(&self.engine);
        if self.pivots().is_empty() {
            return engine;
        }
        let via = self.pivots().iter().map(|l| language_name(l)).collect::<Vec<_>>().join(", ");
        tr("origin-via", &[("name", engine.into()), ("language", via.into())])
    }
}

/// An engine's product name, as its makers write it (not translated).
fn engine_name(id: &str) -> String {
    match id {
        "apertium" => "Apertium".into(),
        "libretranslate" => "LibreTranslate".into(),
        "deepl" => "DeepL".into(),
        "openai" => "OpenAI".into(),
        other => other.to_string(),
    }
}

/// The route of an entry's translation as the bubble and the export say it.
pub fn route_text(entry: &Entry) -> Option<String> {
    entry.translated_by.as_deref().and_then(Route::parse).map(|r| r.describe())
}

/// The language an entry's original is written in, as far as the server found.
pub fn written_in(entry: &Entry) -> &str {
    entry.detected_lang.as_deref().unwrap_or(&entry.source_lang)
}

/// No engine translates the entry's language into its reader's: retrying cannot help.
pub fn untranslatable(entry: &Entry) -> bool {
    entry.translation_error.as_deref().is_some_and(|e| e.starts_with(session_sync::domain::NO_ROUTE))
}

/// "No translation from Arabic to English", from the stored `no route ar>en`.
pub fn no_route_text(entry: &Entry) -> String {
    let (from, to) = entry
        .translation_error
        .as_deref()
        .and_then(|e| e.strip_prefix(session_sync::domain::NO_ROUTE))
        .and_then(|pair| pair.split_once('>'))
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .unwrap_or_else(|| (written_in(entry).to_string(), entry.target_lang.clone().unwrap_or_default()));
    tr("origin-no-route", &[("from", language_name(&from).into()), ("to", language_name(&to).into())])
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
    /// The language `Entry::text` is written in (its `lang`): the translation's for a partner's
    /// translated message, the original's otherwise.
    pub text_lang: String,
    /// Own messages: what the partner reads ("Bruno reads: …"), and the language it is in.
    pub partner_reads: Option<String>,
    pub partner_reads_lang: Option<String>,
    /// The "Show original" toggle is offered: only where a translation exists, that is a
    /// partner's message translated into the reader's language. Never on own messages (the
    /// author reads the original), between two people of one language (`none`), or for a pair
    /// no engine translates (`failed`: the text already is the original).
    pub offer_original: bool,
    /// The `retranslate` control is offered.
    pub offer_retranslate: bool,
    /// The engine and route of the translation ("Apertium · via Spanish").
    pub route: Option<String>,
    /// No engine translates this message's language into the reader's (`data-kind="no-route"`).
    pub no_route: bool,
}

/// A message not (or no longer) in the timeline shows as waiting for its translation.
impl Default for BubbleTranslation {
    fn default() -> Self {
        BubbleTranslation {
            state: TranslationState::Pending,
            label: None,
            reason: None,
            text_lang: String::new(),
            partner_reads: None,
            partner_reads_lang: None,
            offer_original: false,
            offer_retranslate: false,
            route: None,
            no_route: false,
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
    let no_route = state == TranslationState::Failed && untranslatable(entry);
    let reason = entry.translation_error.clone().filter(|_| state == TranslationState::Failed && !no_route);
    let who = partner_name.map(str::to_string).unwrap_or_else(|| t("partner-fallback-name"));
    let text_lang = match (entry.own, state, &entry.target_lang) {
        (false, TranslationState::Done, Some(target)) => target.clone(),
        _ => written_in(entry).to_string(),
    };
    let route = route_text(entry).filter(|_| state == TranslationState::Done);
    let mut out = BubbleTranslation { state, reason, text_lang, route, no_route, ..Default::default() };
    match (entry.own, state) {
        // Found in the reader's language although the sender's setting is another one.
        (_, TranslationState::None) if written_in(entry) != entry.source_lang => {
            out.label = Some(tr("origin-written-in", &[("language", language_name(written_in(entry)).into())]));
        }
        (_, TranslationState::None) => {}
        // Retrying cannot help: say which languages instead.
        (_, TranslationState::Failed) if no_route => out.label = Some(no_route_text(entry)),
        (false, TranslationState::Pending) => out.label = Some(t("translation-pending")),
        (false, TranslationState::Done) => {
            out.label = Some(tr("translation-done", &[("language", language_name(written_in(entry)).into())]));
            out.offer_original = true;
        }
        (false, TranslationState::Failed) => {
            out.label = Some(t("translation-failed"));
            out.offer_retranslate = true;
        }
        (true, TranslationState::Pending) => {
            // Unsent messages and messages sent before the partner joined wait too.
            out.label = Some(match (partner_name, entry.seq) {
                (None, _) => t("translation-when-partner-joins"),
                (Some(_), None) => return out,
                (Some(p), Some(_)) => tr("translation-for", &[("name", p.to_string().into())]),
            });
        }
        (true, TranslationState::Done) => {
            out.partner_reads = entry.translated_body.clone();
            out.partner_reads_lang = entry.target_lang.clone();
            out.label = Some(tr("translation-partner-reads", &[("name", who.into())]));
        }
        (true, TranslationState::Failed) => {
            out.label = Some(tr("translation-failed-for", &[("name", who.into())]));
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
            detected_lang: None,
            translated_by: None,
            created_at: None,
            status: own.then_some(MessageStatus::Sent),
            failure: None,
            retry_at: None,
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
            session_notice(&l, "en", Some("fr")).unwrap().text,
            "Messages can't be translated between English and French; you'll see originals"
        );
        let one_way = Languages {
            provider: Some("x".into()),
            languages: vec!["en".into(), "es".into()],
            pairs: vec![("en".into(), "es".into())],
        };
        assert!(session_notice(&one_way, "es", Some("en")).unwrap().text.contains("from English to Spanish only"));
        let none = session_notice(&Languages::default(), "en", None).unwrap();
        assert!(none.no_engine && none.text.starts_with("No translation engine"));
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
    fn routes_are_read_from_translated_by() {
        let direct = Route::parse("apertium en>es").unwrap();
        assert_eq!(
            (direct.engine.as_str(), direct.languages.as_slice()),
            ("apertium", &["en".to_string(), "es".into()][..])
        );
        assert_eq!(direct.describe(), "Apertium");
        let pivot = Route::parse("apertium fr>es>en").unwrap();
        assert_eq!(pivot.pivots(), ["es"]);
        assert_eq!(pivot.describe(), "Apertium · via Spanish");
        assert_eq!(Route::parse("apertium fr>es>ca>en").unwrap().describe(), "Apertium · via Spanish, Catalan");
        assert_eq!(Route::parse("libretranslate en>fr").unwrap().describe(), "LibreTranslate");
        assert_eq!(Route::parse("someengine de>en").unwrap().describe(), "someengine");
        for bad in ["", "apertium", "apertium en", "apertium en>", "apertium >es", " en>es", "apertium EN>ES"] {
            assert_eq!(Route::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_bubble_says_where_the_text_came_from() {
        // Translated: from the detected language, not the sender's setting, and by which route.
        let mut e = entry(false, TranslationState::Done);
        e.detected_lang = Some("fr".into());
        e.translated_by = Some("apertium fr>es>en".into());
        let b = bubble(&e, Some("Ana"), false);
        assert_eq!(b.label.as_deref(), Some("Translated from French"));
        assert_eq!(b.route.as_deref(), Some("Apertium · via Spanish"));
        // Own: "Bruno reads" stays, with the route.
        let mut own = entry(true, TranslationState::Done);
        own.translated_by = Some("apertium en>es".into());
        let b = bubble(&own, Some("Bruno"), false);
        assert_eq!((b.label.as_deref(), b.route.as_deref()), (Some("Bruno reads:"), Some("Apertium")));
        // Found in the reader's language: shown untranslated and said so.
        let mut e = entry(false, TranslationState::None);
        e.source_lang = "es".into();
        e.detected_lang = Some("en".into());
        let b = bubble(&e, Some("Ana"), false);
        assert_eq!(
            (b.state, b.label.as_deref(), b.text_lang.as_str()),
            (TranslationState::None, Some("Written in English"), "en")
        );
        // Two people of one language: nothing to say, as before.
        assert_eq!(bubble(&entry(false, TranslationState::None), Some("Ana"), false).label, None);
    }

    #[test]
    fn a_language_no_engine_translates_is_named_and_not_retried() {
        let mut e = entry(false, TranslationState::Failed);
        e.detected_lang = Some("ar".into());
        e.translation_error = Some("no route ar>en".into());
        let b = bubble(&e, Some("Ana"), false);
        assert_eq!(b.label.as_deref(), Some("No translation from Arabic to English"));
        assert!(b.no_route && !b.offer_retranslate && b.reason.is_none());
        assert_eq!(b.text_lang, "ar");
        let mut own = entry(true, TranslationState::Failed);
        own.translation_error = Some("no route ar>es".into());
        let b = bubble(&own, Some("Bruno"), false);
        assert_eq!((b.label.as_deref(), b.offer_retranslate), (Some("No translation from Arabic to Spanish"), false));
        // Any other failure can be retried.
        assert!(bubble(&entry(false, TranslationState::Failed), Some("Ana"), false).offer_retranslate);
    }

    #[test]
    fn the_original_is_offered_only_where_a_translation_exists() {
        let offered = |own, state| bubble(&entry(own, state), Some("Ana"), false).offer_original;
        assert!(offered(false, TranslationState::Done));
        // Own messages, one language, an untranslatable pair, a translation still on its way.
        for state in
            [TranslationState::Pending, TranslationState::Done, TranslationState::Failed, TranslationState::None]
        {
            assert!(!offered(true, state), "own {state:?}");
        }
        assert!(!offered(false, TranslationState::None));
        assert!(!offered(false, TranslationState::Failed));
        assert!(!offered(false, TranslationState::Pending));
        assert!(!bubble(&entry(false, TranslationState::Failed), Some("Ana"), true).offer_original);
    }

    #[test]
    fn each_text_carries_the_language_it_is_written_in() {
        // A partner's translated message reads in the translation's language; untranslated
        // (pending, failed, one language) in the original's.
        assert_eq!(bubble(&entry(false, TranslationState::Done), Some("Ana"), false).text_lang, "es");
        for state in [TranslationState::Pending, TranslationState::Failed, TranslationState::None] {
            assert_eq!(bubble(&entry(false, state), Some("Ana"), false).text_lang, "en", "{state:?}");
        }
        // Own messages read as written; what the partner reads is in their language.
        let own = bubble(&entry(true, TranslationState::Done), Some("Bruno"), false);
        assert_eq!((own.text_lang.as_str(), own.partner_reads_lang.as_deref()), ("en", Some("es")));
        assert_eq!(bubble(&entry(true, TranslationState::Pending), None, false).partner_reads_lang, None);
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
