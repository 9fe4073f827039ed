//! What an engine's output needs before a person reads it: Spanish opening marks, the sender's
//! sentence case, and the sender's surrounding whitespace. Run on the output while its spans are
//! still placeholders, so a `?` inside a web address is never taken for a question.

/// Polishes `output`, translated from `source` into `target`.
pub fn polish(source: &str, output: &str, target: &str) -> String {
    let mut text = output.trim().to_owned();
    if target == "es" {
        text = opening_marks(&text);
    }
    text = sentence_case(source, &text);
    keep_whitespace(source, &text)
}

/// Each Spanish sentence ending in `?` or `!` opens with `¿` or `¡` when it does not already.
pub fn opening_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut sentence_start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let closes = matches!(c, '?' | '!');
        let next_is_mark = text[end..].starts_with(['?', '!']);
        if closes && !next_is_mark {
            let sentence = &text[sentence_start..end];
            out.push_str(&with_opening(sentence));
            sentence_start = end;
        } else if matches!(c, '.' | '…' | '\n') {
            out.push_str(&text[sentence_start..end]);
            sentence_start = end;
        }
    }
    out.push_str(&text[sentence_start..]);
    out
}

fn with_opening(sentence: &str) -> String {
    let closing: String = sentence.chars().rev().take_while(|c| matches!(c, '?' | '!')).collect();
    let wants: Vec<char> = {
        let mut marks: Vec<char> = closing.chars().map(|c| if c == '?' { '¿' } else { '¡' }).collect();
        marks.dedup();
        marks
    };
    if wants.iter().all(|m| sentence.contains(*m)) {
        return sentence.to_owned();
    }
    // After the blanks, quotes and brackets that open the sentence.
    let lead = sentence
        .char_indices()
        .find(|(_, c)| !(c.is_whitespace() || matches!(c, '"' | '«' | '“' | '(' | '\'')))
        .map_or(sentence.len(), |(i, _)| i);
    let mut out = String::with_capacity(sentence.len() + 4);
    out.push_str(&sentence[..lead]);
    for mark in wants.iter().rev() {
        if !sentence.contains(*mark) {
            out.push(*mark);
        }
    }
    out.push_str(&sentence[lead..]);
    out
}

/// The output's first letter takes the case of the source's first letter, so a sender who
/// writes in lower case is not capitalised and a capital is not lost. The English "I" keeps its
/// capital whatever the source did.
pub fn sentence_case(source: &str, output: &str) -> String {
    let Some(wanted) = first_letter(source) else { return output.to_owned() };
    // The first letter after opening punctuation only: an output that starts with something
    // else (a bracket, a number, an emoji) has no first letter to follow the source's.
    let Some((at, letter)) = output.char_indices().find(|(_, c)| !(c.is_whitespace() || "¿¡\"«“'".contains(*c)))
    else {
        return output.to_owned();
    };
    if !letter.is_alphabetic() {
        return output.to_owned();
    }
    // A placeholder (all capitals, then digits) or another word in capitals is not a sentence's
    // first letter to change.
    let word: String = output[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '\'').collect();
    if word.chars().count() > 1 && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        return output.to_owned();
    }
    if word == "I" || word.starts_with("I'") {
        return output.to_owned();
    }
    let changed: String = if wanted.is_uppercase() {
        letter.to_uppercase().collect()
    } else if wanted.is_lowercase() {
        letter.to_lowercase().collect()
    } else {
        return output.to_owned();
    };
    format!("{}{changed}{}", &output[..at], &output[at + letter.len_utf8()..])
}

fn first_letter(text: &str) -> Option<char> {
    let c = text.chars().find(|c| c.is_alphabetic() || c.is_ascii_digit())?;
    c.is_alphabetic().then_some(c)
}

/// The source's leading and trailing whitespace (a line break the sender ended with, an indent)
/// around the trimmed output.
pub fn keep_whitespace(source: &str, output: &str) -> String {
    let lead = &source[..source.len() - source.trim_start().len()];
    let trail = &source[source.trim_end().len()..];
    format!("{lead}{}{trail}", output.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_questions_and_exclamations_open_with_their_marks() {
        assert_eq!(opening_marks("Cómo estás?"), "¿Cómo estás?");
        assert_eq!(opening_marks("Hola. Vienes mañana? Genial!"), "Hola. ¿Vienes mañana? ¡Genial!");
        assert_eq!(opening_marks("¿Ya está?"), "¿Ya está?", "a mark already there is not doubled");
        assert_eq!(opening_marks("En serio?!"), "¿¡En serio?!");
        assert_eq!(opening_marks("\"Vienes?\""), "\"¿Vienes?\"");
        assert_eq!(opening_marks("Vale"), "Vale");
        assert_eq!(opening_marks("una\nDónde?"), "una\n¿Dónde?");
    }

    #[test]
    fn the_output_follows_the_source_first_letter_case() {
        assert_eq!(sentence_case("hola que tal", "How are you"), "how are you");
        assert_eq!(sentence_case("Hola", "hello"), "Hello");
        assert_eq!(sentence_case("yo voy", "I go"), "I go", "the English I keeps its capital");
        assert_eq!(sentence_case("ok", "ZXQ0 vale"), "ZXQ0 vale", "a placeholder is not re-cased");
        assert_eq!(sentence_case("3 gatos", "3 cats"), "3 cats");
        assert_eq!(sentence_case("¿qué?", "¿Qué?"), "¿qué?");
        assert_eq!(sentence_case("Hola", "[es] hola"), "[es] hola", "no first letter to follow");
    }

    #[test]
    fn the_sources_surrounding_whitespace_is_kept() {
        assert_eq!(keep_whitespace("  hola\n", "hello"), "  hello\n");
        assert_eq!(keep_whitespace("hola", " hello "), "hello");
    }

    #[test]
    fn polish_applies_marks_only_into_spanish() {
        assert_eq!(polish("Where are you?", "Dónde eres?", "es"), "¿Dónde eres?");
        assert_eq!(polish("Où es-tu?", "Where are you?", "en"), "Where are you?");
    }
}
