//! The part of Fluent (projectfluent.org) the interface's message files use, read and
//! formatted here instead of by the fluent-bundle runtime, which costs the wasm app far more
//! than these messages need (docs/app.md, "Where the wasm bytes go"):
//!
//! ```text
//! # a comment
//! key = Text with { $name } placeables
//! other-key = { $count ->
//!     [one] one { $name }
//!    *[other] { $count } of them
//! }
//! ```
//!
//! A selection picks the variant named by the number's CLDR plural category (`plural.rs`),
//! an exact number (`[0]`) first, or by a text argument's value; `*` marks the default.
//! Anything else Fluent has (terms, attributes, functions, literals, nested selections,
//! patterns over several lines) is refused with the line it is on, so a message file that
//! starts using it fails the tests instead of showing raw syntax. The tests in src/i18n.rs
//! compare every message in every language with fluent-bundle's output.

use std::collections::HashMap;

use super::plural;

/// An argument of a message: a text, or a whole number (which selects plural variants).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i32, i64, u32, u64, usize);

#[derive(Debug, Clone, PartialEq)]
enum Element {
    Text(String),
    Variable(String),
    Select { variable: String, variants: Vec<(String, Pattern)>, default: usize },
}

type Pattern = Vec<Element>;

/// A selection being read, line by line: its message's key, the text before it, and the
/// variants so far.
struct OpenSelection {
    key: String,
    before: Pattern,
    variable: String,
    variants: Vec<(String, Pattern)>,
    default: Option<usize>,
}

/// The messages of one language.
#[derive(Debug, Default)]
pub struct Catalogue {
    messages: HashMap<String, Pattern>,
}

impl Catalogue {
    /// Reads a message file (or several, one after another). A key defined twice is an error.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let mut catalogue = Catalogue::default();
        catalogue.add(text)?;
        Ok(catalogue)
    }

    /// Reads one more message file into this catalogue; on an error nothing is added.
    pub fn add(&mut self, text: &str) -> Result<(), String> {
        let mut messages = HashMap::new();
        let mut open: Option<OpenSelection> = None;
        for (number, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            let at = |why: &str| format!("line {}: {why}: {line:?}", number + 1);
            if let Some(mut selection) = open.take() {
                let item = line.trim();
                if item.is_empty() {
                    open = Some(selection);
                    continue;
                }
                if item == "}" {
                    let default = selection.default.ok_or_else(|| at("a selection without a *default"))?;
                    let OpenSelection { key, mut before, variable, variants, .. } = selection;
                    before.push(Element::Select { variable, variants, default });
                    insert(&mut messages, key, before).map_err(|e| at(&e))?;
                    continue;
                }
                let (is_default, item) = item.strip_prefix('*').map_or((false, item), |rest| (true, rest));
                let (name, value) = item
                    .strip_prefix('[')
                    .and_then(|rest| rest.split_once(']'))
                    .ok_or_else(|| at("expected a [variant] or the closing }"))?;
                let name = name.trim();
                if name.is_empty() || selection.default.is_some() && is_default {
                    return Err(at("an empty variant name or a second *default"));
                }
                if is_default {
                    selection.default = Some(selection.variants.len());
                }
                selection.variants.push((name.to_owned(), inline(value.trim()).map_err(|e| at(&e))?));
                open = Some(selection);
                continue;
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with([' ', '\t']) {
                return Err(at("patterns over several lines are not supported"));
            }
            let (key, value) = line.split_once('=').ok_or_else(|| at("expected key = value"))?;
            let key = key.trim();
            let valid_key = key.starts_with(|c: char| c.is_ascii_alphabetic())
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid_key {
                return Err(at("a message key is letters, digits, - and _"));
            }
            let value = value.trim();
            // A selection opens at the end of the line: `{ $count ->`.
            if let Some(head) = value.strip_suffix("->") {
                let (text, variable) = head.rsplit_once('{').ok_or_else(|| at("expected { $variable ->"))?;
                let variable = variable.trim().strip_prefix('$').ok_or_else(|| at("expected { $variable ->"))?;
                open = Some(OpenSelection {
                    key: key.to_owned(),
                    before: inline(text.trim_start()).map_err(|e| at(&e))?,
                    variable: variable.trim().to_owned(),
                    variants: Vec::new(),
                    default: None,
                });
                continue;
            }
            if value.is_empty() {
                return Err(at("a message without a value"));
            }
            insert(&mut messages, key.to_owned(), inline(value).map_err(|e| at(&e))?).map_err(|e| at(&e))?;
        }
        if let Some(selection) = open {
            return Err(format!("`{}`: the selection is not closed", selection.key));
        }
        if let Some(key) = messages.keys().find(|k| self.messages.contains_key(*k)) {
            return Err(format!("`{key}` is defined twice"));
        }
        self.messages.extend(messages);
        Ok(())
    }

    /// `key` formatted in `lang` (whose plural rules pick variants) with `args`; `None` when
    /// there is no such message. A missing argument shows as `{$name}`, as in Fluent.
    pub fn format(&self, lang: &str, key: &str, args: &[(&str, Arg)]) -> Option<String> {
        let mut out = String::new();
        write(&mut out, self.messages.get(key)?, lang, args);
        Some(out)
    }
}

fn insert(messages: &mut HashMap<String, Pattern>, key: String, pattern: Pattern) -> Result<(), String> {
    if messages.contains_key(&key) {
        return Err(format!("`{key}` is defined twice"));
    }
    messages.insert(key, pattern);
    Ok(())
}

/// One line of text with `{ $name }` placeables.
fn inline(mut text: &str) -> Result<Pattern, String> {
    let mut pattern = Vec::new();
    while let Some(open) = text.find('{') {
        if open > 0 {
            pattern.push(Element::Text(text[..open].to_owned()));
        }
        let close = text[open..].find('}').ok_or("an unclosed {")? + open;
        let inside = text[open + 1..close].trim();
        let name =
            inside.strip_prefix('$').ok_or_else(|| format!("only {{ $variable }} is supported, not {{ {inside} }}"))?;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(format!("not a variable name: {name:?}"));
        }
        pattern.push(Element::Variable(name.to_owned()));
        text = &text[close + 1..];
    }
    if text.contains('}') {
        return Err("a } without its {".into());
    }
    if !text.is_empty() {
        pattern.push(Element::Text(text.to_owned()));
    }
    Ok(pattern)
}

fn write(out: &mut String, pattern: &Pattern, lang: &str, args: &[(&str, Arg)]) {
    let arg = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
    for element in pattern {
        match element {
            Element::Text(text) => out.push_str(text),
            Element::Variable(name) => match arg(name) {
                Some(Arg::Text(text)) => out.push_str(text),
                Some(Arg::Number(n)) => out.push_str(&n.to_string()),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            },
            Element::Select { variable, variants, default } => {
                let chosen = match arg(variable) {
                    Some(Arg::Number(n)) => {
                        let exact = n.to_string();
                        let category = plural::category(lang, *n);
                        variants
                            .iter()
                            .position(|(name, _)| *name == exact)
                            .or_else(|| variants.iter().position(|(name, _)| name == category))
                    }
                    Some(Arg::Text(text)) => variants.iter().position(|(name, _)| name == text),
                    None => None,
                };
                write(out, &variants[chosen.unwrap_or(*default)].1, lang, args);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_placeables_and_selections_format() {
        let c = Catalogue::parse(
            "# comment\n\nhello = Hello, { $name }!\nqueued = { $count ->\n    [0] nothing queued\n    [one] one message\n   *[other] { $count } messages\n}\n",
        )
        .unwrap();
        assert_eq!(c.format("en", "hello", &[("name", "Ana".into())]).unwrap(), "Hello, Ana!");
        assert_eq!(c.format("en", "queued", &[("count", 0.into())]).unwrap(), "nothing queued");
        assert_eq!(c.format("en", "queued", &[("count", 1.into())]).unwrap(), "one message");
        assert_eq!(c.format("en", "queued", &[("count", 7.into())]).unwrap(), "7 messages");
        assert_eq!(c.format("en", "queued", &[]).unwrap(), "{$count} messages", "the default, and the gap shown");
        assert_eq!(c.format("en", "missing", &[]), None);
    }

    #[test]
    fn what_fluent_has_but_these_files_do_not_use_is_refused_with_its_line() {
        for (text, line) in [
            ("a = { -brand }", 1),
            ("a = { NUMBER($n) }", 1),
            ("a = x\n  continued", 2),
            ("a = { $n ->\n  [one] x\n}", 3),
            ("a = x\n.attr = y", 2),
            ("a = x\na = y", 2),
            ("a = { $n }}", 1),
            ("<!doctype html>", 1),
        ] {
            let err = Catalogue::parse(text).unwrap_err();
            assert!(err.starts_with(&format!("line {line}:")), "{text:?}: {err}");
        }
        assert!(Catalogue::parse("a = { $n ->\n *[other] x\n").unwrap_err().contains("not closed"));
    }
}
