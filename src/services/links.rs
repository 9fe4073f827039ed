//! Finds the web addresses in a message so the bubble can make them clickable
//! (docs/features/accessibility.md). Pure, so it runs in native unit tests.
//!
//! Only `http://`, `https://` and `www.` addresses become links, and a link's target always
//! starts with `http://` or `https://`: no other scheme (`javascript:`, `data:`, …) can ever
//! reach an `href` from a message.

/// A run of a message's text: plain, or a web address with the `href` it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Link { text: &'a str, href: String },
}

/// What an address may start with, and what its `href` gets in front of it.
const STARTS: &[(&str, &str)] = &[("https://", ""), ("http://", ""), ("www.", "https://")];

/// Splits `text` into plain runs and links, in order; joined back, the pieces are `text`.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut at = 0;
    while at < text.len() {
        if let Some((len, href)) = link_at(text, at) {
            if plain_from < at {
                out.push(Piece::Text(&text[plain_from..at]));
            }
            out.push(Piece::Link { text: &text[at..at + len], href });
            at += len;
            plain_from = at;
        } else {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if plain_from < text.len() {
        out.push(Piece::Text(&text[plain_from..]));
    }
    out
}

/// The address starting at byte `at` (its length in bytes and its `href`), if one does.
fn link_at(text: &str, at: usize) -> Option<(usize, String)> {
    // An address starts a word: "xhttp://…" or "awww.…" is not one.
    if text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '.' | '/' | '-' | '_')) {
        return None;
    }
    let rest = &text[at..];
    let (start, prefix) =
        STARTS.iter().find(|(start, _)| rest.get(..start.len()).is_some_and(|s| s.eq_ignore_ascii_case(start)))?;
    let end = rest.find(ends_address).unwrap_or(rest.len());
    let address = trim_trailing(&rest[..end]);
    // Something that names a host must follow the start: "https://" or "www." alone is text.
    // (Trimming may have eaten into the start itself: "www." alone ends in a full stop.)
    let host = address.get(start.len()..).and_then(|h| h.chars().next());
    if !host.is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some((address.len(), format!("{prefix}{address}")))
}

/// Characters that end an address: spaces, quotes and angle brackets around it, and the
/// full-width punctuation of Chinese, Japanese and Arabic sentences.
fn ends_address(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '<' | '>' | '"' | '`' | '{' | '}' | '|' | '\\' | '^')
        || matches!(c, '。' | '、' | '，' | '．' | '！' | '？' | '：' | '；' | '（' | '）' | '「' | '」' | '『' | '』')
        || matches!(c, '،' | '؛' | '؟')
}

/// Drops what ends a sentence rather than the address: "see https://a.example/x." links
/// `https://a.example/x`, and "(https://a.example/x)" keeps its closing parenthesis outside
/// unless the address opened one itself (`https://en.wikipedia.org/wiki/Rust_(language)`).
fn trim_trailing(address: &str) -> &str {
    let mut address = address;
    loop {
        let Some(last) = address.chars().next_back() else { return address };
        let unbalanced = |open: char, close: char| {
            address.chars().filter(|&c| c == close).count() > address.chars().filter(|&c| c == open).count()
        };
        let drop = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' => true,
            ')' => unbalanced('(', ')'),
            ']' => unbalanced('[', ']'),
            _ => false,
        };
        if !drop {
            return address;
        }
        address = &address[..address.len() - last.len_utf8()];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<(&str, String)> {
        pieces(text)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Link { text, href } => Some((text, href)),
                Piece::Text(_) => None,
            })
            .collect()
    }

    fn joined(text: &str) -> String {
        pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) | Piece::Link { text: t, .. } => t,
            })
            .collect()
    }

    #[test]
    fn plain_text_is_one_piece() {
        assert_eq!(pieces("Hola, ¿qué tal?"), vec![Piece::Text("Hola, ¿qué tal?")]);
        assert_eq!(pieces(""), vec![]);
    }

    #[test]
    fn finds_http_https_and_www_addresses() {
        assert_eq!(
            pieces("see https://example.com/a?b=1#c now"),
            vec![
                Piece::Text("see "),
                Piece::Link { text: "https://example.com/a?b=1#c", href: "https://example.com/a?b=1#c".into() },
                Piece::Text(" now"),
            ]
        );
        assert_eq!(links("http://example.com"), vec![("http://example.com", "http://example.com".into())]);
        assert_eq!(links("HTTPS://Example.com"), vec![("HTTPS://Example.com", "HTTPS://Example.com".into())]);
        assert_eq!(links("go to www.example.org"), vec![("www.example.org", "https://www.example.org".into())]);
        assert_eq!(links("a https://a.example b https://b.example").len(), 2);
    }

    #[test]
    fn trailing_punctuation_stays_text() {
        for (text, link) in [
            ("Look: https://example.com.", "https://example.com"),
            ("https://example.com/x, then", "https://example.com/x"),
            ("really? https://example.com/?q=1!", "https://example.com/?q=1"),
            ("(see https://example.com/a)", "https://example.com/a"),
            ("\"https://example.com\"", "https://example.com"),
            ("'https://example.com'", "https://example.com"),
            ("<https://example.com>", "https://example.com"),
            ("https://example.com...", "https://example.com"),
            ("見て https://example.jp/。ありがとう", "https://example.jp/"),
            ("شاهد https://example.com، شكرا", "https://example.com"),
        ] {
            assert_eq!(links(text), vec![(link, link.to_string())], "{text}");
        }
        // Parentheses the address itself opened belong to it.
        let wiki = "https://en.wikipedia.org/wiki/Rust_(programming_language)";
        assert_eq!(links(&format!("({wiki})")), vec![(wiki, wiki.to_string())]);
    }

    #[test]
    fn never_links_other_schemes_or_bare_starts() {
        for text in [
            "javascript:alert(1)",
            "JavaScript://www.example.com%0Aalert(1)",
            "data:text/html,<b>x</b>",
            "https://",
            "http:// example.com",
            "www.",
            "www..example",
            "xhttps://example.com",
            "me@www.example.com",
            "https://.example.com",
        ] {
            for piece in pieces(text) {
                if let Piece::Link { href, .. } = piece {
                    assert!(href.starts_with("http://") || href.starts_with("https://"), "{text}: {href}");
                    assert!(!href.to_ascii_lowercase().contains("javascript:"), "{text}: {href}");
                }
            }
        }
        assert_eq!(links("javascript:alert(1)"), vec![]);
        assert_eq!(links("https://"), vec![]);
        assert_eq!(links("www."), vec![]);
        assert_eq!(links("xhttps://example.com"), vec![]);
        assert_eq!(links("me@www.example.com"), vec![]);
        assert_eq!(links("https://.example.com"), vec![]);
    }

    #[test]
    fn pieces_join_back_to_the_text() {
        for text in
            ["a https://x.example/ b", "(www.x.example).", "ünïcode https://ü.example/ñ?x=é 👍", "https://a.b\nnext"]
        {
            assert_eq!(joined(text), text);
        }
    }
}
