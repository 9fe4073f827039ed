//! Spans that are not language and must reach the reader exactly as written: web addresses,
//! e-mail addresses, @names, code in backticks, HTML-like tags, numbers and times, emoji, the
//! participants' names and the session's glossary terms. [`protect`] swaps each for a
//! placeholder every engine carries through as an unknown word; [`Protected::restore`] puts
//! them back byte for byte, whatever the engine did to the placeholders (lost, repeated,
//! re-cased).

use super::{GlossaryTerm, TextContext};

/// What a placeholder becomes again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    /// The text restored in place of the placeholder: the original, or a glossary term's
    /// fixed translation.
    restored: String,
    /// A blank was added before (after) the placeholder so the engine saw a separate word;
    /// restoring takes it away again.
    padded_before: bool,
    padded_after: bool,
}

/// A text with its protected spans replaced by placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    /// What the engine translates.
    pub text: String,
    prefix: String,
    spans: Vec<Span>,
}

/// The kinds of span found by the scanner, in the order it tries them at each position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Code,
    Tag,
    Url,
    Email,
    Mention,
    Number,
    Emoji,
    Name,
    Glossary,
}

/// A found span: its byte range in the text, and for a glossary term the fixed translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub replacement: Option<String>,
}

/// Placeholders are `<prefix><n>`, an all-capitals unknown word. `ZXQ` first; if the user's text
/// already holds that, the next prefix that it does not.
const PREFIXES: [&str; 6] = ["ZXQ", "QZV", "XJQ", "VQZ", "JXZ", "QJX"];

impl Protected {
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Puts the spans back into the engine's `output`. A placeholder the engine lost is added at
    /// the end, one it repeated is kept once, so no span is ever missing or shown twice, and no
    /// placeholder ever reaches the reader.
    pub fn restore(&self, output: &str) -> String {
        if self.spans.is_empty() {
            return output.to_owned();
        }
        let mut result = String::with_capacity(output.len() + 16);
        let mut used = vec![false; self.spans.len()];
        let mut rest = output;
        while let Some((at, index, len)) = self.find_placeholder(rest) {
            let (before, after) = (&rest[..at], &rest[at + len..]);
            let span = &self.spans[index];
            let mut before = before;
            if span.padded_before && before.ends_with(' ') {
                before = &before[..before.len() - 1];
            }
            result.push_str(before);
            let mut after = after;
            if span.padded_after && after.starts_with(' ') {
                after = &after[1..];
            }
            if !used[index] {
                used[index] = true;
                result.push_str(&span.restored);
            } else if result.ends_with(' ') && after.starts_with(' ') {
                after = &after[1..];
            }
            rest = after;
        }
        result.push_str(rest);
        for (span, used) in self.spans.iter().zip(used) {
            if !used {
                let trimmed_len = result.trim_end().len();
                let tail = result.split_off(trimmed_len);
                if !result.is_empty() {
                    result.push(' ');
                }
                result.push_str(&span.restored);
                result.push_str(&tail);
            }
        }
        result
    }

    /// The first placeholder in `text`: its byte offset, span index and length. Engines may
    /// change its case (sentence-initial capitals, lower-casing), so the prefix is matched
    /// without regard to case; the number is read greedily.
    fn find_placeholder(&self, text: &str) -> Option<(usize, usize, usize)> {
        let lower = text.to_ascii_lowercase();
        let prefix = self.prefix.to_ascii_lowercase();
        let mut from = 0;
        while let Some(found) = lower[from..].find(&prefix) {
            let at = from + found;
            let digits_start = at + prefix.len();
            let digits: String = text[digits_start..].chars().take_while(|c| c.is_ascii_digit()).collect();
            let word_start = at == 0 || !text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
            if word_start {
                if let Ok(index) = digits.parse::<usize>() {
                    if index < self.spans.len() {
                        return Some((at, index, prefix.len() + digits.len()));
                    }
                }
            }
            from = digits_start;
        }
        None
    }
}

/// Replaces every protected span of `text` with a placeholder.
pub fn protect(text: &str, context: &TextContext) -> Protected {
    let prefix =
        PREFIXES.iter().find(|p| !text.to_ascii_uppercase().contains(*p)).copied().unwrap_or(PREFIXES[0]).to_owned();
    let mut out = String::with_capacity(text.len());
    let mut spans = Vec::new();
    let mut last = 0;
    for found in find(text, context) {
        let before = &text[last..found.start];
        out.push_str(before);
        let original = &text[found.start..found.end];
        let glued_before = out.chars().next_back().is_some_and(|c| c.is_alphanumeric());
        let glued_after = text[found.end..].chars().next().is_some_and(|c| c.is_alphanumeric());
        if glued_before {
            out.push(' ');
        }
        out.push_str(&format!("{prefix}{}", spans.len()));
        if glued_after {
            out.push(' ');
        }
        spans.push(Span {
            restored: found.replacement.unwrap_or_else(|| original.to_owned()),
            padded_before: glued_before,
            padded_after: glued_after,
        });
        last = found.end;
    }
    out.push_str(&text[last..]);
    Protected { text: out, prefix, spans }
}

/// Every protected span of `text`, in order, none overlapping. Names and glossary terms are
/// looked for first (longest first), so a name inside a longer word is not taken; the scanner
/// then fills the gaps.
pub fn find(text: &str, context: &TextContext) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if let Some(span) = span_at(text, i, context) {
            i = span.end;
            found.push(span);
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

fn span_at(text: &str, i: usize, context: &TextContext) -> Option<Found> {
    let rest = &text[i..];
    let c = rest.chars().next()?;
    let at_word_start = i == 0 || !text[..i].chars().next_back().is_some_and(is_word_char);
    let make = |len: usize, kind| Some(Found { start: i, end: i + len, kind, replacement: None });
    if c == '`' {
        if let Some(len) = code_len(rest) {
            return make(len, Kind::Code);
        }
    }
    if c == '<' {
        if let Some(len) = tag_len(rest) {
            return make(len, Kind::Tag);
        }
    }
    if at_word_start {
        if let Some(term) = glossary_at(text, i, &context.glossary) {
            return Some(term);
        }
        if let Some(len) = name_at(text, i, &context.names) {
            return make(len, Kind::Name);
        }
        if let Some(len) = url_len(rest) {
            return make(len, Kind::Url);
        }
        if let Some(len) = email_len(rest) {
            return make(len, Kind::Email);
        }
        if c == '@' {
            let len = 1 + rest[1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .map(char::len_utf8)
                .sum::<usize>();
            let len = trim_dots(rest, len);
            if len > 1 {
                return make(len, Kind::Mention);
            }
        }
        if c.is_ascii_digit() {
            return make(number_len(rest), Kind::Number);
        }
    }
    if is_emoji(c) {
        return make(emoji_len(rest), Kind::Emoji);
    }
    None
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `` `code` `` on one line.
fn code_len(rest: &str) -> Option<usize> {
    let close = rest[1..].find(['`', '\n'])?;
    (rest.as_bytes()[1 + close] == b'`' && close > 0).then_some(close + 2)
}

/// `<b>`, `</div>`, `<a href="x">`, `<br/>`: a letter or `/` after `<`, no line break, at most
/// 200 bytes, closed by `>`.
fn tag_len(rest: &str) -> Option<usize> {
    let after = rest[1..].chars().next()?;
    if !(after.is_ascii_alphabetic() || after == '/' || after == '!') {
        return None;
    }
    let close = rest.find('>')?;
    let inside = &rest[1..close];
    (close <= 200 && !inside.contains(['\n', '<'])).then_some(close + 1)
}

/// `https://…`, `http://…`, `www.…` up to a blank, without trailing punctuation (a closing
/// bracket stays when the address opened one).
fn url_len(rest: &str) -> Option<usize> {
    let lower: String = rest.chars().take(8).collect::<String>().to_ascii_lowercase();
    let scheme = ["https://", "http://", "www."].iter().find(|s| lower.starts_with(*s))?;
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if len <= scheme.len() {
        return None;
    }
    let mut end = len;
    loop {
        let last = rest[..end].chars().next_back()?;
        let opened = |open: char| rest[..end].matches(open).count();
        let unbalanced = match last {
            ')' => opened('(') < opened(')'),
            ']' => opened('[') < opened(']'),
            _ => false,
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '»' | '…') || unbalanced {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    (end > scheme.len()).then_some(end)
}

/// `name@domain.tld`.
fn email_len(rest: &str) -> Option<usize> {
    let word_len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>' | '"'))
        .unwrap_or(rest.len());
    let word = &rest[..word_len];
    let at = word.find('@')?;
    if at == 0 {
        return None;
    }
    let local_ok = word[..at].chars().all(|c| c.is_alphanumeric() || ".+-_".contains(c));
    let end = trim_dots(rest, word_len);
    let domain = &rest[at + 1..end];
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    (local_ok && domain_ok).then_some(end)
}

/// Drops trailing full stops and other sentence punctuation from a span of `len` bytes.
fn trim_dots(rest: &str, len: usize) -> usize {
    let mut end = len;
    while end > 0 && rest[..end].ends_with(['.', '!', '?', ',', ':', ';']) {
        end -= 1;
    }
    end
}

/// `3`, `3:30`, `18.45`, `7,5`, `2026-11-28`, `12/05`, `1.000.000`: digits joined by one
/// separator between digits.
fn number_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let joins_digits = matches!(bytes[end], b':' | b'.' | b',' | b'/' | b'-')
            && end + 1 < bytes.len()
            && bytes[end + 1].is_ascii_digit();
        if bytes[end].is_ascii_digit() || joins_digits {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// Pictographs, symbols, flags and keycaps; the joiners and modifiers that glue one emoji
/// together are taken with it.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF | 0x3030 | 0x303D | 0x3297 | 0x3299)
}

fn is_emoji_glue(c: char) -> bool {
    matches!(c as u32, 0x200D | 0xFE0E | 0xFE0F | 0x20E3 | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F)
}

fn emoji_len(rest: &str) -> usize {
    let mut len = 0;
    let mut joined = true;
    for c in rest.chars() {
        if is_emoji(c) && joined {
            len += c.len_utf8();
            joined = false;
        } else if is_emoji_glue(c) {
            len += c.len_utf8();
            joined = c as u32 == 0x200D;
        } else if is_emoji(c) {
            // A run of separate emoji is one span: the engine has nothing to do with any of them.
            len += c.len_utf8();
        } else {
            break;
        }
    }
    len
}

/// The index and length of the longest of `words` found at `i` on word boundaries, ignoring
/// case.
fn word_at<'a>(text: &str, i: usize, words: impl Iterator<Item = &'a str>) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (index, w) in words.enumerate() {
        let w = w.trim();
        if w.chars().count() < 2 || best.is_some_and(|(_, len)| w.len() <= len) {
            continue;
        }
        let end = i + w.len();
        let Some(candidate) = text.get(i..end) else { continue };
        if candidate.to_lowercase() != w.to_lowercase() || text[end..].chars().next().is_some_and(is_word_char) {
            continue;
        }
        best = Some((index, w.len()));
    }
    best
}

fn name_at(text: &str, i: usize, names: &[String]) -> Option<usize> {
    word_at(text, i, names.iter().map(String::as_str)).map(|(_, len)| len)
}

fn glossary_at(text: &str, i: usize, glossary: &[GlossaryTerm]) -> Option<Found> {
    let (index, len) = word_at(text, i, glossary.iter().map(|g| g.term.as_str()))?;
    let replacement = glossary[index].translation.clone().filter(|t| !t.trim().is_empty());
    Some(Found { start: i, end: i + len, kind: Kind::Glossary, replacement })
}
