//! The interface language: every string a person reads comes from the Fluent message files in
//! `locales/<language>/<area>.ftl` (embedded by build.rs), one directory per language the
//! language picker offers. English is the reference: a message missing in another language
//! falls back to it, and the tests below fail when any language lacks a key, has a stale one,
//! or cannot format a message. See docs/features/i18n.md.
//!
//! `t` and `tr` read the current language; in the wasm app that is a signal, so a view that
//! calls them inside a closure re-renders when the language changes.

use std::cell::RefCell;
use std::collections::HashMap;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The reference language and the fallback.
pub const DEFAULT: &str = "en";

/// Languages written right to left (the document's `dir`).
const RTL: &[&str] = &["ar", "he", "fa", "ur"];

thread_local! {
    static BUNDLES: RefCell<HashMap<&'static str, FluentBundle<FluentResource>>> = RefCell::new(HashMap::new());
}

/// The interface languages: those with a message directory.
pub fn languages() -> impl Iterator<Item = &'static str> {
    LOCALES.iter().map(|(l, _)| *l)
}

/// `code` if it has messages, else the default.
pub fn supported(code: &str) -> &'static str {
    languages().find(|l| *l == code).unwrap_or(DEFAULT)
}

/// The first of the browser's preferred languages (`navigator.languages`, e.g. `es-MX`,
/// `pt-BR`, `zh-Hant-TW`) whose primary subtag has messages.
pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    preferred.into_iter().find_map(|tag| {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        languages().find(|l| *l == primary)
    })
}

pub fn is_rtl(code: &str) -> bool {
    RTL.contains(&code)
}

fn bundle(lang: &'static str) -> FluentBundle<FluentResource> {
    let id = lang.parse().expect("locale directories are language tags");
    let mut bundle = FluentBundle::new(vec![id]);
    // Names and codes are isolated by the markup (`dir="auto"`) where it matters; the invisible
    // isolation marks would otherwise end up in copied text and in the transcript.
    bundle.set_use_isolating(false);
    let files = LOCALES.iter().find(|(l, _)| *l == lang).map(|(_, f)| *f).unwrap_or_default();
    for (area, text) in files {
        let resource = FluentResource::try_new(text.to_string())
            .unwrap_or_else(|(_, errors)| panic!("locales/{lang}/{area}.ftl: {errors:?}"));
        bundle.add_resource(resource).unwrap_or_else(|errors| panic!("locales/{lang}/{area}.ftl: {errors:?}"));
    }
    bundle
}

/// Formats `key` in `lang`; `None` when that language has no such message.
fn format_in(lang: &'static str, key: &str, args: Option<&FluentArgs>) -> Option<String> {
    BUNDLES.with(|b| {
        let mut bundles = b.borrow_mut();
        let bundle = bundles.entry(lang).or_insert_with(|| bundle(lang));
        let pattern = bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        Some(text)
    })
}

fn format(key: &str, args: Option<&FluentArgs>) -> String {
    let lang = current::get();
    format_in(lang, key, args).or_else(|| format_in(DEFAULT, key, args)).unwrap_or_else(|| key.to_string())
}

/// The message `key` in the interface language.
pub fn t(key: &str) -> String {
    format(key, None)
}

/// The message `key` with arguments (`$name`, `$count`: a number selects the plural form).
pub fn tr(key: &str, args: &[(&str, FluentValue<'static>)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        fluent.set(*name, value.clone());
    }
    format(key, Some(&fluent))
}

/// The interface language's code.
pub fn language() -> &'static str {
    current::get()
}

/// Switches the interface language (unknown codes fall back to English).
pub fn set_language(code: &str) {
    current::set(supported(code));
}

#[cfg(target_arch = "wasm32")]
mod current {
    use leptos::prelude::*;

    thread_local! {
        static LANGUAGE: RwSignal<&'static str> = RwSignal::new(super::DEFAULT);
    }

    pub fn get() -> &'static str {
        LANGUAGE.with(|l| l.get())
    }

    pub fn set(code: &'static str) {
        LANGUAGE.with(|l| {
            if l.get_untracked() != code {
                l.set(code)
            }
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod current {
    use std::cell::Cell;

    thread_local! {
        static LANGUAGE: Cell<&'static str> = const { Cell::new(super::DEFAULT) };
    }

    pub fn get() -> &'static str {
        LANGUAGE.with(Cell::get)
    }

    pub fn set(code: &'static str) {
        LANGUAGE.with(|l| l.set(code));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast;

    use super::*;

    /// Every message id (and `id.attribute`) per language, and the variables each uses.
    fn keys(lang: &str) -> BTreeSet<String> {
        let files = LOCALES.iter().find(|(l, _)| *l == lang).map(|(_, f)| *f).unwrap();
        let mut out = BTreeSet::new();
        for (area, text) in files {
            let resource = FluentResource::try_new(text.to_string())
                .unwrap_or_else(|(_, e)| panic!("locales/{lang}/{area}.ftl does not parse: {e:?}"));
            for entry in resource.entries() {
                if let ast::Entry::Message(m) = entry {
                    assert!(
                        out.insert(m.id.name.to_string()),
                        "locales/{lang}/{area}.ftl: `{}` is defined twice",
                        m.id.name
                    );
                    for a in &m.attributes {
                        out.insert(format!("{}.{}", m.id.name, a.id.name));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_language_has_exactly_the_english_keys() {
        let english = keys(DEFAULT);
        assert!(english.len() > 50, "the English catalogue is loaded");
        let mut problems = Vec::new();
        for lang in languages() {
            let these = keys(lang);
            for missing in english.difference(&these) {
                problems.push(format!("{lang}: missing `{missing}`"));
            }
            for stale in these.difference(&english) {
                problems.push(format!("{lang}: `{stale}` is not in English"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_picker_languages_all_have_messages() {
        let offered =
            ["en", "es", "fr", "de", "it", "pt", "ca", "gl", "eu", "nl", "pl", "ro", "uk", "ru", "ar", "zh", "ja"];
        let have: BTreeSet<_> = languages().collect();
        for l in offered {
            assert!(have.contains(l), "no locales/{l}/");
        }
    }

    /// Each message formats in each language with plausible arguments, for several counts
    /// (so every plural branch a language selects is exercised), without a Fluent error.
    #[test]
    fn every_message_formats_without_errors() {
        let mut problems = Vec::new();
        for lang in languages() {
            let b = bundle(lang);
            for key in keys(DEFAULT) {
                let (id, attr) = key.split_once('.').map_or((key.as_str(), None), |(i, a)| (i, Some(a)));
                let Some(msg) = b.get_message(id) else { continue };
                let pattern = match attr {
                    Some(a) => msg.get_attribute(a).map(|a| a.value()),
                    None => msg.value(),
                };
                let Some(pattern) = pattern else {
                    problems.push(format!("{lang}: `{key}` has no value"));
                    continue;
                };
                for n in [0, 1, 2, 3, 5, 11, 21, 101] {
                    let mut args = FluentArgs::new();
                    for name in ["count", "seconds", "minutes", "max", "remaining"] {
                        args.set(name, n);
                    }
                    for name in [
                        "name",
                        "language",
                        "status",
                        "from",
                        "to",
                        "languages",
                        "reason",
                        "detail",
                        "time",
                        "code",
                        "a",
                        "b",
                        "partner",
                        "when",
                        "date",
                        "label",
                        "text",
                        "term",
                    ] {
                        args.set(name, "X");
                    }
                    let mut errors = Vec::new();
                    let text = b.format_pattern(pattern, Some(&args), &mut errors);
                    if !errors.is_empty() {
                        problems.push(format!("{lang}: `{key}`: {errors:?}"));
                    }
                    if text.trim().is_empty() {
                        problems.push(format!("{lang}: `{key}` is empty"));
                    }
                }
            }
        }
        problems.dedup();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The Rust sources, to find the keys the code uses.
    fn sources() -> String {
        fn walk(dir: &Path, out: &mut String) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push_str(&std::fs::read_to_string(&p).unwrap());
                }
            }
        }
        let mut out = String::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        out
    }

    #[test]
    fn every_key_the_code_asks_for_exists_and_every_english_key_is_used() {
        let src = sources();
        let english = keys(DEFAULT);
        let mut problems = Vec::new();
        for call in ["t(\"", "tr(\""] {
            for (i, _) in src.match_indices(call) {
                let preceded_by_ident = src[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
                if preceded_by_ident {
                    continue;
                }
                let rest = &src[i + call.len()..];
                let key = &rest[..rest.find('"').unwrap()];
                if !english.contains(key) {
                    problems.push(format!("the code asks for `{key}`, which locales/en lacks"));
                }
            }
        }
        for key in english.iter().filter(|k| !k.contains('.')) {
            if !src.contains(&format!("\"{key}\"")) {
                problems.push(format!("`{key}` is never used by the code"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn negotiation_takes_the_first_preferred_language_we_have() {
        assert_eq!(negotiate(["es-MX", "en"]), Some("es"));
        assert_eq!(negotiate(["sw", "pt-BR"]), Some("pt"));
        assert_eq!(negotiate(["zh-Hant-TW"]), Some("zh"));
        assert_eq!(negotiate(["sw", "xx"]), None);
        assert_eq!(supported("xx"), "en");
        assert!(is_rtl("ar") && !is_rtl("es"));
    }

    #[test]
    fn plural_forms_follow_each_language() {
        set_language("ru");
        let few = tr("header-queued", &[("count", 3.into())]);
        let many = tr("header-queued", &[("count", 5.into())]);
        assert_ne!(few, many, "Russian distinguishes 3 from 5");
        set_language("en");
        assert_eq!(tr("header-queued", &[("count", 1.into())]), "message queued");
        assert_eq!(tr("header-queued", &[("count", 2.into())]), "messages queued");
        set_language("xx");
        assert_eq!(language(), "en");
    }
}
