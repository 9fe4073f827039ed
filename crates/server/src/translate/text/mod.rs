//! The text around the engine: what is protected from it ([`spans`]) and what its output needs
//! before a person reads it ([`polish`]). Pure functions; [`Stages`] says which run, so the
//! quality benchmark can score each one (docs/features/translation.md, "Quality").

pub mod polish;
pub mod spans;

/// What the pipeline knows about a conversation beyond the text: the participants' display
/// names (never translated: "Rosa" is a person, not a flower) and the session's glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct TextContext {
    pub names: Vec<String>,
    pub glossary: Vec<GlossaryTerm>,
}

/// A pinned term: its fixed translation, or `None` to keep it as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GlossaryTerm {
    pub term: String,
    pub translation: Option<String>,
}

impl TextContext {
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.glossary.is_empty()
    }

    /// A text that differs whenever the context does; the cache keys on it, so a translation
    /// made before a term was pinned is not served after.
    pub fn fingerprint(&self) -> String {
        let mut key = String::new();
        for name in &self.names {
            key.push_str(name);
            key.push('\u{1}');
        }
        for term in &self.glossary {
            key.push('\u{2}');
            key.push_str(&term.term);
            key.push('\u{3}');
            key.push_str(term.translation.as_deref().unwrap_or("\u{4}"));
        }
        key
    }
}

/// The stages around the engine. The app always gets [`Stages::ALL`]; the benchmark also
/// scores the engine alone and with protection only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages {
    pub protect: bool,
    pub polish: bool,
}

impl Stages {
    pub const ENGINE: Stages = Stages { protect: false, polish: false };
    pub const PROTECT: Stages = Stages { protect: true, polish: false };
    pub const ALL: Stages = Stages { protect: true, polish: true };
}

/// A text on its way through the engine.
pub struct Prepared {
    source: String,
    protected: Option<spans::Protected>,
    stages: Stages,
}

/// What the engine is given for `text`.
pub fn prepare(text: &str, context: &TextContext, stages: Stages) -> (Prepared, String) {
    let protected = stages.protect.then(|| spans::protect(text, context));
    let engine_input = protected.as_ref().map_or_else(|| text.to_owned(), |p| p.text.clone());
    (Prepared { source: text.to_owned(), protected, stages }, engine_input)
}

impl Prepared {
    /// The reader's text from the engine's `output` into `target`.
    pub fn finish(&self, output: &str, target: &str) -> String {
        let polished =
            if self.stages.polish { polish::polish(&self.source, output, target) } else { output.to_owned() };
        match &self.protected {
            Some(protected) => protected.restore(&polished),
            None => polished,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::spans::{find, protect, Kind};
    use super::*;

    fn context(names: &[&str], glossary: &[(&str, Option<&str>)]) -> TextContext {
        TextContext {
            names: names.iter().map(|n| n.to_string()).collect(),
            glossary: glossary
                .iter()
                .map(|(t, tr)| GlossaryTerm { term: t.to_string(), translation: tr.map(str::to_owned) })
                .collect(),
        }
    }

    fn kinds(text: &str, ctx: &TextContext) -> Vec<(Kind, String)> {
        find(text, ctx).into_iter().map(|f| (f.kind, text[f.start..f.end].to_owned())).collect()
    }

    #[test]
    fn addresses_code_tags_mentions_numbers_and_emoji_are_found_exactly() {
        let none = TextContext::default();
        let text = "See https://example.org/a?b=1#c. Mail ana.lopez@example.com, ping @ana_lopez at 18:45 👍🏽 and run `npm install` <b>now</b>";
        assert_eq!(
            kinds(text, &none),
            vec![
                (Kind::Url, "https://example.org/a?b=1#c".into()),
                (Kind::Email, "ana.lopez@example.com".into()),
                (Kind::Mention, "@ana_lopez".into()),
                (Kind::Number, "18:45".into()),
                (Kind::Emoji, "👍🏽".into()),
                (Kind::Code, "`npm install`".into()),
                (Kind::Tag, "<b>".into()),
                (Kind::Tag, "</b>".into()),
            ]
        );
        assert_eq!(kinds("(www.example.org/x_(y))", &none), vec![(Kind::Url, "www.example.org/x_(y)".into())]);
        assert_eq!(kinds("family 👨‍👩‍👧 🇪🇸!", &none), vec![(Kind::Emoji, "👨‍👩‍👧".into()), (Kind::Emoji, "🇪🇸".into())]);
        assert_eq!(kinds("a < b and 3 > 2", &none), vec![(Kind::Number, "3".into()), (Kind::Number, "2".into())]);
        assert_eq!(
            kinds("it costs 7,5 or 1.000.000", &none),
            vec![(Kind::Number, "7,5".into()), (Kind::Number, "1.000.000".into())]
        );
        assert!(kinds("area51 is not a number span", &none).is_empty(), "digits inside a word stay with it");
    }

    #[test]
    fn names_and_glossary_terms_match_whole_words_whatever_their_case() {
        let ctx = context(&["Rosa", "Bruno"], &[("Sol", Some("Sol")), ("Acme Cloud", None)]);
        assert_eq!(
            kinds("rosa and Bruno like Acme cloud, not Rosalind or sol", &ctx),
            vec![
                (Kind::Name, "rosa".into()),
                (Kind::Name, "Bruno".into()),
                (Kind::Glossary, "Acme cloud".into()),
                (Kind::Glossary, "sol".into()),
            ]
        );
    }

    #[test]
    fn restore_gives_back_every_span_byte_for_byte() {
        let ctx = context(&["Rosa"], &[]);
        let text = "Rosa, open https://x.org/a. at 3:30 😀 `ls -la` <script>alert(1)</script>";
        let protected = protect(text, &ctx);
        assert!(!protected.text.contains("https"), "{}", protected.text);
        assert_eq!(protected.restore(&protected.text), text, "an engine that changes nothing");
    }

    #[test]
    fn restore_survives_engines_that_lose_repeat_or_recase_placeholders() {
        let protected = protect("go to https://x.org now 😀", &TextContext::default());
        assert_eq!(protected.text, "go to ZXQ0 now ZXQ1");
        assert_eq!(protected.restore("ve a zxq0 ahora ZXQ1"), "ve a https://x.org ahora 😀");
        assert_eq!(protected.restore("ve a ahora"), "ve a ahora https://x.org 😀", "lost: added at the end");
        assert_eq!(protected.restore("ZXQ0 ZXQ0 ahora ZXQ1"), "https://x.org ahora 😀", "repeated: kept once");
        assert_eq!(protected.restore("ve a ZXQ0 ahora ZXQ1.\n"), "ve a https://x.org ahora 😀.\n");
    }

    #[test]
    fn a_user_typing_the_placeholder_gets_another_prefix() {
        let protected = protect("ZXQ0 is my code, see 42", &TextContext::default());
        assert_eq!(protected.text, "ZXQ0 is my code, see QZV0");
        assert_eq!(protected.restore("ZXQ0 es mi código, ver QZV0"), "ZXQ0 es mi código, ver 42");
    }

    #[test]
    fn a_span_glued_to_a_word_is_padded_for_the_engine_and_unpadded_after() {
        let protected = protect("great👍 thanks", &TextContext::default());
        assert_eq!(protected.text, "great ZXQ0 thanks");
        assert_eq!(protected.restore("genial ZXQ0 gracias"), "genial👍 gracias");
    }

    #[test]
    fn glossary_terms_come_back_as_their_fixed_translation_or_as_written() {
        let ctx = context(&[], &[("Sol", Some("Sun Ltd")), ("paella", None)]);
        let protected = protect("Sol loves paella", &ctx);
        assert_eq!(protected.restore(&protected.text.replace("loves", "adora")), "Sun Ltd adora paella");
    }

    #[test]
    fn stages_compose_protect_and_polish() {
        let ctx = TextContext::default();
        let (prepared, input) = prepare("vienes a las 3:30?", &ctx, Stages::ALL);
        assert_eq!(input, "vienes a las ZXQ0?");
        assert_eq!(prepared.finish("Vienes a las ZXQ0?", "es"), "¿vienes a las 3:30?");
        let (engine_only, input) = prepare("vienes a las 3:30?", &ctx, Stages::ENGINE);
        assert_eq!(input, "vienes a las 3:30?");
        assert_eq!(engine_only.finish("Vienes?", "es"), "Vienes?");
    }

    #[test]
    fn the_fingerprint_changes_with_the_context() {
        let a = context(&["Rosa"], &[]);
        let b = context(&["Rosa"], &[("Sol", None)]);
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(TextContext::default().fingerprint(), "");
    }
}
