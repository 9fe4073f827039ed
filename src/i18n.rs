//! The interface language: every string a person reads comes from the Fluent message files in
//! `locales/<language>/<area>.ftl`, one directory per language the language picker offers.
//! English is the reference and is built in (build.rs embeds it): a message missing in another
//! language falls back to it, and the tests below fail when any language lacks a key, has a
//! stale one, or cannot format a message. See docs/features/i18n.md.
//!
//! The wasm app embeds English only; another language's messages are fetched when it is
//! chosen, as one file `/locales/<language>.ftl` (scripts/post-build.sh writes them into
//! the build; the service worker keeps those used), and the language switches once they are
//! in. A first visit so downloads one language, not seventeen. A native build embeds them all.
//!
//! `t` and `tr` read the current language; in the wasm app that is a signal, so a view that
//! calls them inside a closure re-renders when the language changes.

mod catalogue;
mod plural;

use std::cell::RefCell;
use std::collections::HashMap;

pub use catalogue::Arg;
use catalogue::Catalogue;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The reference language and the fallback.
pub const DEFAULT: &str = "en";

/// Languages written right to left (the document's `dir`).
const RTL: &[&str] = &["ar", "he", "fa", "ur"];

thread_local! {
    static CATALOGUES: RefCell<HashMap<&'static str, Catalogue>> = RefCell::new(HashMap::new());
}

/// The interface languages: those with a message directory.
pub fn languages() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().copied()
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

/// `lang`'s message files built into this binary, if they are.
fn embedded(lang: &str) -> Option<&'static [(&'static str, &'static str)]> {
    LOCALES.iter().find(|(l, _)| *l == lang).map(|(_, f)| *f)
}

/// The catalogue of `sources` (name, text); the first file that does not read is the error.
fn catalogue_of<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Catalogue, String> {
    let mut catalogue = Catalogue::default();
    for (name, text) in sources {
        catalogue.add(text).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(catalogue)
}

/// The catalogue of an embedded language (they are checked by the tests below, so a failure
/// is a build that must not ship).
fn embedded_catalogue(lang: &str, files: &[(&str, &'static str)]) -> Catalogue {
    catalogue_of(files.iter().map(|(area, text)| (*area, *text))).unwrap_or_else(|e| panic!("locales/{lang}/{e}"))
}

/// Whether `lang`'s messages are at hand: built in or already fetched.
fn ready(lang: &'static str) -> bool {
    embedded(lang).is_some() || CATALOGUES.with(|c| c.borrow().contains_key(lang))
}

/// Adds the messages fetched for `lang` (all its area files as one text). An answer that is
/// not a valid catalogue (an error page, a truncated download) is refused whole.
pub fn add_catalogue(lang: &'static str, text: &str) -> Result<(), String> {
    let catalogue = Catalogue::parse(text)?;
    CATALOGUES.with(|c| c.borrow_mut().insert(lang, catalogue));
    Ok(())
}

/// Formats `key` in `lang`; `None` when that language has no such message (or its messages
/// are not in yet).
fn format_in(lang: &'static str, key: &str, args: &[(&str, Arg)]) -> Option<String> {
    CATALOGUES.with(|c| {
        let mut catalogues = c.borrow_mut();
        if !catalogues.contains_key(lang) {
            catalogues.insert(lang, embedded_catalogue(lang, embedded(lang)?));
        }
        catalogues.get(lang)?.format(lang, key, args)
    })
}

fn format(key: &str, args: &[(&str, Arg)]) -> String {
    let lang = current::get();
    format_in(lang, key, args).or_else(|| format_in(DEFAULT, key, args)).unwrap_or_else(|| key.to_string())
}

/// The message `key` in the interface language.
pub fn t(key: &str) -> String {
    format(key, &[])
}

/// The message `key` with arguments (`$name`, `$count`: a number selects the plural form).
pub fn tr(key: &str, args: &[(&str, Arg)]) -> String {
    format(key, args)
}

/// The interface language's code.
pub fn language() -> &'static str {
    current::get()
}

/// Switches the interface language (unknown codes fall back to English). In the wasm app a
/// language whose messages are not in yet switches once they are fetched (the latest choice
/// wins; if they cannot be had, the language stays as it was).
pub fn set_language(code: &str) {
    let lang = supported(code);
    current::wanted(lang);
    if ready(lang) {
        current::set(lang);
    } else {
        #[cfg(target_arch = "wasm32")]
        leptos::task::spawn_local(load(lang));
    }
}

/// Where the current language's messages are fetched from (`None` for the built-in English).
/// Only release builds register the service worker that asks for it.
#[cfg_attr(debug_assertions, allow(dead_code))]
pub fn catalogue_url() -> Option<String> {
    let lang = language();
    embedded(lang).is_none().then(|| catalogue_path(lang))
}

/// The file another language's messages are fetched from (scripts/post-build.sh writes it).
fn catalogue_path(lang: &str) -> String {
    format!("/locales/{lang}.ftl")
}

/// Fetches `code`'s messages if needed, then switches to it; for the start, so the first
/// render is in the chosen language.
#[cfg(target_arch = "wasm32")]
pub async fn prepare(code: &str) {
    let lang = supported(code);
    current::wanted(lang);
    if ready(lang) {
        current::set(lang);
    } else {
        load(lang).await;
    }
}

/// Fetches `lang`'s messages and, if `lang` is still the one wanted, switches to it.
#[cfg(target_arch = "wasm32")]
async fn load(lang: &'static str) {
    let fetched = async {
        let resp = gloo_net::http::Request::get(&catalogue_path(lang)).send().await.map_err(|e| e.to_string())?;
        if !resp.ok() {
            return Err(format!("HTTP {}", resp.status()));
        }
        let text = resp.text().await.map_err(|e| e.to_string())?;
        add_catalogue(lang, &text)
    };
    match fetched.await {
        Ok(()) if current::is_wanted(lang) => current::set(lang),
        Ok(()) => {}
        Err(e) => leptos::logging::warn!("the {lang} interface messages could not be loaded: {e}"),
    }
}

#[cfg(target_arch = "wasm32")]
mod current {
    use leptos::prelude::*;

    thread_local! {
        static LANGUAGE: RwSignal<&'static str> = RwSignal::new(super::DEFAULT);
        /// The language last asked for, which may still be loading.
        static WANTED: std::cell::Cell<&'static str> = const { std::cell::Cell::new(super::DEFAULT) };
    }

    pub fn wanted(code: &'static str) {
        WANTED.with(|w| w.set(code));
    }

    pub fn is_wanted(code: &'static str) -> bool {
        WANTED.with(|w| w.get() == code)
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

    /// Every language is built in natively: nothing waits.
    pub fn wanted(_: &'static str) {}

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

    /// fluent-bundle's bundle of `lang`'s files: the reference the formatter here must match.
    fn fluent_bundle(lang: &str) -> fluent_bundle::FluentBundle<FluentResource> {
        let mut bundle = fluent_bundle::FluentBundle::new(vec![lang.parse().unwrap()]);
        bundle.set_use_isolating(false);
        for (area, text) in embedded(lang).unwrap() {
            let resource = FluentResource::try_new(text.to_string())
                .unwrap_or_else(|(_, e)| panic!("locales/{lang}/{area}.ftl does not parse: {e:?}"));
            bundle.add_resource(resource).unwrap();
        }
        bundle
    }

    const NUMBER_ARGS: [&str; 5] = ["count", "seconds", "minutes", "max", "remaining"];
    const TEXT_ARGS: [&str; 18] = [
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
    ];

    /// Each message formats in each language with plausible arguments, for counts that reach
    /// every plural branch of every language, exactly as fluent-bundle formats it (without a
    /// Fluent error), and never empty. Counts stop at 100: above it fluent-bundle's plural
    /// table (intl_pluralrules 7) departs from CLDR for Arabic and Romanian, which
    /// `plural.rs` follows (its own tests).
    #[test]
    fn every_message_formats_as_fluent_formats_it() {
        let mut problems = Vec::new();
        for lang in languages() {
            let ours = embedded_catalogue(lang, embedded(lang).unwrap());
            let reference = fluent_bundle(lang);
            for key in keys(DEFAULT) {
                let Some(pattern) = reference.get_message(&key).and_then(|m| m.value()) else {
                    problems.push(format!("{lang}: `{key}` has no value"));
                    continue;
                };
                for n in (0..=25).chain([99, 100]) {
                    let mut fluent_args = fluent_bundle::FluentArgs::new();
                    let mut args: Vec<(&str, Arg)> = Vec::new();
                    for name in NUMBER_ARGS {
                        fluent_args.set(name, n);
                        args.push((name, n.into()));
                    }
                    for name in TEXT_ARGS {
                        fluent_args.set(name, "X");
                        args.push((name, "X".into()));
                    }
                    let mut errors = Vec::new();
                    let expected = reference.format_pattern(pattern, Some(&fluent_args), &mut errors);
                    if !errors.is_empty() {
                        problems.push(format!("{lang}: `{key}`: {errors:?}"));
                    }
                    let got = ours.format(lang, &key, &args);
                    if got.as_deref() != Some(expected.as_ref()) {
                        problems.push(format!("{lang}: `{key}` with {n}: {got:?}, Fluent says {expected:?}"));
                    }
                    if expected.trim().is_empty() {
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

    /// What the wasm app fetches: the area files of a language one after another, as
    /// scripts/post-build.sh writes them. It must make the same catalogue as the files.
    #[test]
    fn a_fetched_catalogue_is_the_area_files_in_one_text() {
        for lang in languages() {
            let joined: String = embedded(lang).unwrap().iter().map(|(_, text)| format!("{text}\n")).collect();
            let from_files = embedded_catalogue(lang, embedded(lang).unwrap());
            let from_one = Catalogue::parse(&joined).unwrap();
            for key in keys(DEFAULT) {
                let args = [("count", Arg::from(2)), ("name", Arg::from("X"))];
                assert_eq!(from_one.format(lang, &key, &args), from_files.format(lang, &key, &args), "{lang}: {key}");
            }
        }
        // The server answers an unknown path with the app's index.html: refused, not half-read.
        let html = "<!doctype html>\n<html lang=\"en\"><head><title>Session Translator</title></head></html>\n";
        assert!(add_catalogue("es", html).is_err());
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
