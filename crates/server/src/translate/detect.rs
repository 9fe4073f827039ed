//! Which language a message is written in, biased to the sender's setting (pure; see
//! docs/features/translation.md, "Detection").
//!
//! The sender's language setting is right for almost every message, and a detector is wrong
//! often on the short texts of a chat ("ok", "jaja", a name). So the setting stands unless the
//! text says otherwise clearly:
//!
//! - a text in another script than the setting's (Arabic, Chinese, Japanese, Korean typed by a
//!   Spanish-setting sender) is in that script's language: a script cannot be mistaken;
//! - within the setting's script, another language wins only when the text has enough words
//!   and the detector, choosing among the languages that matter (the engine's and the
//!   participants'), is confident;
//! - a setting the detector does not know (Galician, Basque) is never overridden within its
//!   script: the detector would call it its nearest neighbour (Portuguese, Spanish).
//!
//! Names, links, addresses, numbers and emoji are not words of any language and are left out.

use whatlang::{Detector, Lang};

/// Fewest words of the setting's script a text needs before the detector may override the
/// setting: "ok", "gracias amigo" or "Bruno!" say nothing reliable about their language.
pub const MIN_WORDS: usize = 3;

/// Fewest letters, for the same reason (three short words are still too little).
pub const MIN_LETTERS: usize = 12;

/// Confidence the detector must reach: whatlang's 0..1 margin of the winner over the setting.
/// Chosen on the sample below: 0.5 finds 201 of 240 and switches none of 48 (0.2 finds 222 and
/// switches none, but with no margin to spare on texts this short).
pub const MIN_CONFIDENCE: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Han,
    Kana,
    Hangul,
    Greek,
    Hebrew,
}

/// ISO 639-1 codes (as the app stores them) and the detector's languages.
const LANGS: [(&str, Lang); 24] = [
    ("en", Lang::Eng),
    ("es", Lang::Spa),
    ("fr", Lang::Fra),
    ("de", Lang::Deu),
    ("it", Lang::Ita),
    ("pt", Lang::Por),
    ("ca", Lang::Cat),
    ("nl", Lang::Nld),
    ("pl", Lang::Pol),
    ("ro", Lang::Ron),
    ("uk", Lang::Ukr),
    ("ru", Lang::Rus),
    ("ar", Lang::Ara),
    ("zh", Lang::Cmn),
    ("ja", Lang::Jpn),
    ("ko", Lang::Kor),
    ("el", Lang::Ell),
    ("he", Lang::Heb),
    ("tr", Lang::Tur),
    ("sv", Lang::Swe),
    ("da", Lang::Dan),
    ("fi", Lang::Fin),
    ("cs", Lang::Ces),
    ("hu", Lang::Hun),
];

fn to_lang(code: &str) -> Option<Lang> {
    LANGS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

fn to_code(lang: Lang) -> Option<&'static str> {
    LANGS.iter().find(|(_, l)| *l == lang).map(|(c, _)| *c)
}

/// The script a language is written in; Latin for every language not listed.
fn script_of(code: &str) -> Script {
    match code {
        "ru" | "uk" | "bg" | "be" | "sr" | "mk" => Script::Cyrillic,
        "ar" | "fa" | "ur" => Script::Arabic,
        "zh" => Script::Han,
        "ja" => Script::Kana,
        "ko" => Script::Hangul,
        "el" => Script::Greek,
        "he" | "yi" => Script::Hebrew,
        _ => Script::Latin,
    }
}

fn script_of_char(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x0041..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
        0x0370..=0x03FF => Script::Greek,
        0x0400..=0x052F => Script::Cyrillic,
        0x0590..=0x05FF => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x3040..=0x30FF | 0x31F0..=0x31FF => Script::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Han,
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Script::Hangul,
        _ => return None,
    })
}

/// The language a script alone names, for a text in another script than the setting's.
fn language_of_script(script: Script) -> Option<&'static str> {
    match script {
        Script::Arabic => Some("ar"),
        Script::Han => Some("zh"),
        Script::Kana => Some("ja"),
        Script::Hangul => Some("ko"),
        Script::Greek => Some("el"),
        Script::Hebrew => Some("he"),
        Script::Latin | Script::Cyrillic => None,
    }
}

/// The words of `text` that belong to a language: without links, addresses, mentions,
/// numbers, emoji and the participants' names.
fn words<'a>(text: &'a str, names: &[String]) -> Vec<&'a str> {
    let name_words: Vec<String> = names.iter().flat_map(|n| n.split_whitespace()).map(|w| w.to_lowercase()).collect();
    text.split_whitespace()
        .filter(|w| !(w.contains("://") || w.starts_with("www.") || w.contains('@') || w.starts_with('#')))
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| !name_words.contains(&w.to_lowercase()))
        .collect()
}

/// The language `text` is written in: `setting` (the sender's language) unless the text shows
/// clearly that it is another one. `candidates` are the languages worth telling apart: the
/// engine's and the participants'.
pub fn detect(text: &str, setting: &str, candidates: &[String], names: &[String]) -> String {
    detect_at(text, setting, candidates, names, MIN_CONFIDENCE)
}

fn detect_at(text: &str, setting: &str, candidates: &[String], names: &[String], min_confidence: f64) -> String {
    let words = words(text, names);
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for script in words.iter().flat_map(|w| w.chars()).filter_map(script_of_char) {
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let letters: usize = counts.iter().map(|(_, n)| n).sum();
    // Kana is written alongside Han: any kana makes a Chinese-looking text Japanese.
    let kana = counts.iter().any(|(s, _)| *s == Script::Kana);
    let Some((dominant, dominant_letters)) = counts
        .iter()
        .map(|&(s, n)| if kana && s == Script::Han { (Script::Kana, n) } else { (s, n) })
        .max_by_key(|&(_, n)| n)
    else {
        return setting.to_owned();
    };
    let setting_script = script_of(setting);
    if dominant != setting_script && dominant_letters * 2 > letters {
        if let Some(code) = language_of_script(dominant) {
            return code.to_owned();
        }
    }
    if dominant == Script::Cyrillic && setting_script != Script::Cyrillic && dominant_letters * 2 > letters {
        // Cyrillic typed by a sender of another script: Russian or Ukrainian, whatever its length.
        let cyrillic = [Lang::Rus, Lang::Ukr];
        let text = words.join(" ");
        let lang = Detector::with_allowlist(cyrillic.to_vec()).detect_lang(&text).unwrap_or(Lang::Rus);
        return to_code(lang).unwrap_or("ru").to_owned();
    }
    // Within the setting's script: another language wins only clearly.
    let Some(setting_lang) = to_lang(setting).filter(|_| dominant == setting_script) else {
        return setting.to_owned();
    };
    let script_words: Vec<&str> =
        words.iter().copied().filter(|w| w.chars().filter_map(script_of_char).all(|s| s == dominant)).collect();
    let script_letters: usize = script_words.iter().map(|w| w.chars().count()).sum();
    if script_words.len() < MIN_WORDS || script_letters < MIN_LETTERS {
        return setting.to_owned();
    }
    let mut allowed: Vec<Lang> = candidates
        .iter()
        .filter(|c| script_of(c) == dominant)
        .filter_map(|c| to_lang(c))
        .chain([setting_lang])
        .collect();
    allowed.sort_by_key(|l| l.code());
    allowed.dedup();
    if allowed.len() < 2 {
        return setting.to_owned();
    }
    let text = script_words.join(" ");
    let Some(winner) = Detector::with_allowlist(allowed).detect_lang(&text).filter(|l| *l != setting_lang) else {
        return setting.to_owned();
    };
    // The margin that matters is the winner's over the setting, not over the runner-up: two
    // close neighbours (Spanish, Catalan) both far ahead of the setting are still a clear case.
    let Some(duel) = Detector::with_allowlist(vec![setting_lang, winner]).detect(&text) else {
        return setting.to_owned();
    };
    match to_code(winner) {
        Some(code) if duel.lang() == winner && duel.confidence() >= min_confidence => code.to_owned(),
        _ => setting.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Apertium's languages as installed for the tests, plus a reader in English.
    fn engine() -> Vec<String> {
        ["en", "es", "fr", "pt", "ca", "gl", "it"].map(String::from).to_vec()
    }

    fn names() -> Vec<String> {
        vec!["Bruno Díaz".into(), "Alice".into()]
    }

    fn detected(text: &str, setting: &str) -> String {
        detect(text, setting, &engine(), &names())
    }

    #[test]
    fn short_texts_keep_the_setting() {
        for text in ["ok", "OK!", "Hola", "Thanks", "gracias amigo", "merci beaucoup", "lol", "jaja"] {
            assert_eq!(detected(text, "es"), "es", "{text:?} by a Spanish-setting sender");
            assert_eq!(detected(text, "en"), "en", "{text:?} by an English-setting sender");
        }
    }

    #[test]
    fn texts_without_words_keep_the_setting() {
        for text in
            ["😀👍🎉", "https://example.com/a/very/long/path/to/a/page", "12:30 45€", "...?!", "alice@example.com"]
        {
            assert_eq!(detected(text, "fr"), "fr", "{text:?}");
        }
    }

    #[test]
    fn names_are_not_words_of_a_language() {
        assert_eq!(detected("Bruno Díaz Alice", "fr"), "fr");
        assert_eq!(detected("Alice, Bruno, Alice, Bruno Díaz", "en"), "en");
    }

    #[test]
    fn a_clear_sentence_in_another_language_overrides_the_setting() {
        assert_eq!(detected("I think we should meet tomorrow at the station", "es"), "en");
        assert_eq!(detected("Creo que deberíamos vernos mañana en la estación", "en"), "es");
        assert_eq!(detected("Je pense que nous devrions nous voir demain à la gare", "en"), "fr");
        assert_eq!(detected("Crec que hauríem de trobar-nos demà a l'estació del tren", "es"), "ca");
        assert_eq!(detected("Acho que devíamos encontrar-nos amanhã na estação", "en"), "pt");
    }

    #[test]
    fn a_sentence_in_the_setting_language_keeps_it() {
        assert_eq!(detected("I think we should meet tomorrow at the station", "en"), "en");
        assert_eq!(detected("Crec que hauríem de trobar-nos demà a l'estació del tren", "ca"), "ca");
    }

    #[test]
    fn a_setting_the_detector_does_not_know_is_not_overridden_by_a_neighbour() {
        // Galician reads as Portuguese or Spanish to the detector.
        assert_eq!(detected("Penso que deberiamos vernos mañá na estación do tren", "gl"), "gl");
        assert_eq!(detected("Gaur arratsaldean elkartuko gara tren geltokian", "eu"), "eu");
    }

    #[test]
    fn a_language_outside_the_candidates_is_not_chosen() {
        // German is neither the engine's nor a participant's language here.
        let text = "Ich denke, wir sollten uns morgen am Bahnhof treffen";
        assert!(engine().iter().any(|c| *c == detected(text, "es")), "{}", detected(text, "es"));
    }

    #[test]
    fn mixed_language_text_keeps_the_setting_unless_one_language_is_clear() {
        assert_eq!(detected("ok gracias, see you", "es"), "es");
        assert_eq!(detected("Bruno dice: nice!", "es"), "es");
    }

    #[test]
    fn another_script_names_its_language_even_when_short() {
        assert_eq!(detected("مرحبا", "es"), "ar");
        assert_eq!(detected("مرحبا، كيف حالك اليوم؟", "es"), "ar");
        assert_eq!(detected("你好", "es"), "zh");
        assert_eq!(detected("我们明天在车站见面吧", "en"), "zh");
        assert_eq!(detected("こんにちは、元気ですか", "en"), "ja");
        assert_eq!(detected("안녕하세요", "fr"), "ko");
    }

    #[test]
    fn a_few_foreign_letters_in_a_setting_text_do_not_switch_script() {
        assert_eq!(detected("Nos vemos en el restaurante 你好 mañana", "es"), "es");
        assert_eq!(detected("Hola 😀 ok", "es"), "es");
    }

    #[test]
    fn cyrillic_languages_are_told_apart_among_the_participants() {
        let candidates = vec!["ru".to_owned(), "uk".to_owned(), "en".to_owned()];
        assert_eq!(detect("Я думаю, що нам варто зустрітися завтра на вокзалі", "ru", &candidates, &[]), "uk");
        assert_eq!(detect("Я думаю, нам стоит встретиться завтра на вокзале", "ru", &candidates, &[]), "ru");
        assert_eq!(detect("Привет", "en", &candidates, &[]), "ru");
    }
}

/// A sample of chat sentences (written for this test, six languages, eight each) measured
/// against the thresholds; the figures are in docs/features/translation.md.
#[cfg(test)]
mod sample {
    use super::*;

    const SAMPLE: [(&str, [&str; 8]); 6] = [
        (
            "en",
            [
                "I think we should meet tomorrow at the station",
                "Can you send me the address of the hotel please",
                "My train is late, I will be there in twenty minutes",
                "Do you want to have dinner together tonight?",
                "The meeting was moved to Friday afternoon",
                "Thank you so much for your help yesterday",
                "Where did you leave the keys of the car?",
                "It is raining a lot here, take an umbrella",
            ],
        ),
        (
            "es",
            [
                "Creo que deberíamos vernos mañana en la estación",
                "¿Me puedes mandar la dirección del hotel, por favor?",
                "Mi tren llega tarde, estaré allí en veinte minutos",
                "¿Quieres cenar juntos esta noche?",
                "La reunión se ha movido al viernes por la tarde",
                "Muchas gracias por tu ayuda de ayer",
                "¿Dónde dejaste las llaves del coche?",
                "Aquí llueve mucho, llévate un paraguas",
            ],
        ),
        (
            "fr",
            [
                "Je pense que nous devrions nous voir demain à la gare",
                "Tu peux m'envoyer l'adresse de l'hôtel s'il te plaît",
                "Mon train est en retard, je serai là dans vingt minutes",
                "Tu veux qu'on dîne ensemble ce soir ?",
                "La réunion a été déplacée à vendredi après-midi",
                "Merci beaucoup pour ton aide d'hier",
                "Où est-ce que tu as laissé les clés de la voiture ?",
                "Il pleut beaucoup ici, prends un parapluie",
            ],
        ),
        (
            "ca",
            [
                "Crec que hauríem de trobar-nos demà a l'estació del tren",
                "Em pots enviar l'adreça de l'hotel, si us plau?",
                "El meu tren fa tard, hi seré d'aquí a vint minuts",
                "Vols que sopem junts aquesta nit?",
                "La reunió s'ha canviat a divendres a la tarda",
                "Moltes gràcies per la teva ajuda d'ahir",
                "On has deixat les claus del cotxe?",
                "Aquí plou molt, agafa un paraigua",
            ],
        ),
        (
            "pt",
            [
                "Acho que devíamos encontrar-nos amanhã na estação",
                "Podes enviar-me a morada do hotel, por favor?",
                "O meu comboio está atrasado, chego daqui a vinte minutos",
                "Queres jantar comigo esta noite?",
                "A reunião passou para sexta-feira à tarde",
                "Muito obrigado pela tua ajuda ontem",
                "Onde é que deixaste as chaves do carro?",
                "Está a chover muito aqui, leva um guarda-chuva",
            ],
        ),
        (
            "it",
            [
                "Penso che dovremmo vederci domani alla stazione",
                "Mi puoi mandare l'indirizzo dell'albergo, per favore?",
                "Il mio treno è in ritardo, arrivo tra venti minuti",
                "Vuoi cenare insieme stasera?",
                "La riunione è stata spostata a venerdì pomeriggio",
                "Grazie mille per il tuo aiuto di ieri",
                "Dove hai lasciato le chiavi della macchina?",
                "Qui piove tanto, prendi un ombrello",
            ],
        ),
    ];

    fn engine() -> Vec<String> {
        ["en", "es", "fr", "pt", "ca", "gl", "it"].map(String::from).to_vec()
    }

    /// Every sentence with every other language as the sender's setting: how often the language
    /// is found (recall), and how often a sentence in the setting's language is wrongly switched.
    /// `(found, asked, wrongly switched, kept asked)` at a confidence threshold.
    fn figures(min_confidence: f64, verbose: bool) -> (usize, usize, usize, usize) {
        let (mut found, mut asked, mut switched, mut kept_asked) = (0, 0, 0, 0);
        for (lang, sentences) in SAMPLE {
            let mut per_lang = 0;
            for text in sentences {
                kept_asked += 1;
                if detect_at(text, lang, &engine(), &[], min_confidence) != lang {
                    switched += 1;
                }
                for (setting, _) in SAMPLE.iter().filter(|(s, _)| *s != lang) {
                    asked += 1;
                    if detect_at(text, setting, &engine(), &[], min_confidence) == lang {
                        found += 1;
                        per_lang += 1;
                    }
                }
            }
            if verbose {
                eprintln!("  {lang}: found {per_lang}/{}", sentences.len() * (SAMPLE.len() - 1));
            }
        }
        (found, asked, switched, kept_asked)
    }

    /// Helper C's benchmark corpus (`translation-corpus/corpus.tsv`: one chat sentence per row
    /// in en es fr pt it ca gl), measured like the sample: per language, how often it is found
    /// under each other setting, and how often it is switched away under its own.
    #[test]
    fn corpus_figures() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/translation-corpus/corpus.tsv");
        let corpus = std::fs::read_to_string(path).expect("the benchmark corpus is in the repository");
        let mut lines = corpus.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let langs: Vec<(usize, &str)> = header.iter().copied().enumerate().skip(2).collect();
        let rows: Vec<Vec<&str>> = lines.filter(|l| !l.trim().is_empty()).map(|l| l.split('\t').collect()).collect();
        assert!(rows.len() >= 40, "{} rows", rows.len());
        // Long enough to be judged at all (MIN_WORDS, MIN_LETTERS); shorter texts keep the
        // setting by design.
        let long = |text: &str| {
            let w = words(text, &[]);
            w.len() >= MIN_WORDS && w.iter().map(|w| w.chars().count()).sum::<usize>() >= MIN_LETTERS
        };
        let (mut found_known, mut asked_known, mut found_long, mut asked_long, mut switched_known) = (0, 0, 0, 0, 0);
        for &(col, lang) in &langs {
            let (mut found, mut asked, mut switched, mut other) = (0, 0, 0, 0);
            for row in &rows {
                let text = row[col];
                if detect(text, lang, &engine(), &[]) != lang {
                    switched += 1;
                }
                // Settings the detector knows: a Galician setting is never overridden (above).
                for &(_, setting) in langs.iter().filter(|(_, l)| *l != lang && to_lang(l).is_some()) {
                    let detected = detect(text, setting, &engine(), &[]);
                    let hit = detected == lang;
                    asked += 1;
                    found += usize::from(hit);
                    // Switched from one wrong language to another: no worse than the setting.
                    other += usize::from(!hit && detected != setting);
                    if long(text) && to_lang(lang).is_some() {
                        asked_long += 1;
                        found_long += usize::from(hit);
                    }
                }
            }
            eprintln!("corpus {lang}: found {found}/{asked} (another {other}), switched {switched}/{}", rows.len());
            if to_lang(lang).is_some() {
                found_known += found;
                asked_known += asked;
                switched_known += switched;
            }
        }
        eprintln!(
            "corpus (languages the detector knows): found {found_known}/{asked_known}, \
             of texts long enough {found_long}/{asked_long}, switched {switched_known}"
        );
        assert!(switched_known * 50 <= rows.len() * langs.len(), "switched {switched_known}");
        assert!(found_long * 2 >= asked_long, "found {found_long}/{asked_long} of the long texts");
    }

    /// Every sentence with every other language as the sender's setting: how often its
    /// language is found, and how often a sentence in the setting's language is wrongly switched.
    #[test]
    fn sample_figures() {
        for threshold in [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9] {
            let (found, asked, switched, kept) = figures(threshold, threshold == MIN_CONFIDENCE);
            eprintln!("confidence >= {threshold}: found {found}/{asked}, wrongly switched {switched}/{kept}");
        }
        let (found, asked, switched, _) = figures(MIN_CONFIDENCE, false);
        assert_eq!(switched, 0, "a sentence in the sender's language must keep it");
        assert!(found * 10 >= asked * 7, "found {found}/{asked}");
    }
}
