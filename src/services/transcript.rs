//! The conversation as a file a person keeps: plain text and a print-friendly HTML page, both
//! languages side by side with times and who wrote what (docs/features/transcript-and-qr.md).
//!
//! Pure: the wasm side formats the times with the browser's `Intl` and hands the text to a
//! download (components/transcript_export.rs); everything here runs in native unit tests.
//! Nothing leaves the device.

use session_sync::engine::{Entry, MessageStatus, TranslationState};

use crate::i18n::{self, t, tr};
use crate::services::translation::{self, language_name};

/// A participant as the transcript names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// ISO 639-1 code.
    pub language: String,
}

/// One side of a row: a message text in `lang`, or a note in the interface language saying
/// why there is no text ("(not translated yet)").
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell {
    text: String,
    /// The language of `text`, or for a note the language the text would have been in.
    lang: Option<String>,
    note: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    /// Local time it was stored, or why it has none ("not sent yet").
    when: String,
    who: String,
    original: Cell,
    translation: Cell,
    /// The engine and route of the translation ("Apertium · via Spanish").
    route: Option<String>,
}

/// The whole conversation, its words already in the interface language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    /// The interface language: the file's `lang` and the language of its labels and notes.
    lang: &'static str,
    title: String,
    exported: String,
    people: Vec<String>,
    rows: Vec<Row>,
}

impl Transcript {
    /// `entries` in display order; `exported`: when, already formatted; `local_time` turns a
    /// message's server time into the reader's local time (`None`: unreadable).
    pub fn new(
        code: &str,
        exported: &str,
        me: &Person,
        partner: Option<&Person>,
        entries: &[Entry],
        local_time: impl Fn(&str) -> Option<String>,
    ) -> Transcript {
        let partner_name = partner.map(|p| p.name.clone()).unwrap_or_else(|| t("partner-fallback-name"));
        let people = std::iter::once(me)
            .chain(partner)
            .map(|p| {
                tr(
                    "transcript-participant",
                    &[("name", p.name.clone().into()), ("language", language_name(&p.language).into())],
                )
            })
            .collect();
        let rows = entries
            .iter()
            .map(|e| Row {
                when: when(e, &local_time),
                who: if e.own { me.name.clone() } else { partner_name.clone() },
                original: Cell {
                    text: e.body.clone(),
                    lang: Some(translation::written_in(e).to_string()),
                    note: false,
                },
                translation: translation(
                    e,
                    if e.own { partner.map(|p| p.language.as_str()) } else { Some(&me.language) },
                ),
                route: translation::route_text(e).filter(|_| e.translation == TranslationState::Done),
            })
            .collect();
        Transcript {
            lang: i18n::language(),
            title: tr("transcript-title", &[("code", code.to_string().into())]),
            exported: tr("transcript-exported", &[("date", exported.to_string().into())]),
            people,
            rows,
        }
    }

    /// Plain text: a heading, then per message `[time] who` and its original and translation
    /// on consecutive indented lines, each labelled with its language.
    pub fn to_text(&self) -> String {
        let participants = labelled(&t("transcript-participants"), &self.people.join(", "));
        let mut out = format!("{}\n{}\n{participants}\n", self.title, self.exported);
        if self.rows.is_empty() {
            out.push('\n');
            out.push_str(&t("transcript-no-messages"));
            out.push('\n');
        }
        for row in &self.rows {
            out.push_str(&format!("\n[{}] {}\n", row.when, row.who));
            for cell in [&row.original, &row.translation] {
                let label = cell.lang.as_deref().map(language_name).unwrap_or_else(|| t("transcript-col-translation"));
                // Continuation lines of a multi-line message stay under the first one.
                let text = cell.text.replace('\n', "\n      ");
                out.push_str(&format!("    {}\n", labelled(&label, &text)));
            }
            if let Some(route) = &row.route {
                out.push_str(&format!("    {}\n", labelled(&t("origin-route"), route)));
            }
        }
        out
    }

    /// A standalone HTML page (also well-formed XML) with a four-column table: time, who,
    /// original, translation; each text cell carries its `lang` and `dir="auto"`.
    pub fn to_html(&self) -> String {
        let dir = if i18n::is_rtl(self.lang) { "rtl" } else { "ltr" };
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n");
        out.push_str(&format!(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\" />\n",
            escape(self.lang)
        ));
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        out.push_str(&format!("<title>{}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n", escape(&self.title)));
        out.push_str(&format!("<h1>{}</h1>\n", escape(&self.title)));
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", escape(&self.exported)));
        let participants = labelled(&t("transcript-participants"), &self.people.join(", "));
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", escape(&participants)));
        if self.rows.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", escape(&t("transcript-no-messages"))));
        } else {
            out.push_str("<table>\n<thead>\n<tr>");
            for key in
                ["transcript-col-time", "transcript-col-who", "transcript-col-original", "transcript-col-translation"]
            {
                out.push_str(&format!("<th scope=\"col\">{}</th>", escape(&t(key))));
            }
            out.push_str("</tr>\n</thead>\n<tbody>\n");
            for row in &self.rows {
                out.push_str(&format!(
                    "<tr><td class=\"when\">{}</td><td class=\"who\" dir=\"auto\">{}</td>{}{}</tr>\n",
                    escape(&row.when),
                    escape(&row.who),
                    html_cell(&row.original),
                    html_cell_with_route(&row.translation, row.route.as_deref(), self.lang)
                ));
            }
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// The page's own style: black on white, a table that repeats its head on every printed page
/// and never splits a message across pages.
const PAGE_CSS: &str = "\
body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#111;background:#fff;margin:2rem;line-height:1.4}\
h1{font-size:1.4rem;margin:0 0 .3rem}\
.meta{color:#444;margin:.2rem 0}\
table{border-collapse:collapse;width:100%;margin-top:1rem}\
th,td{border:1px solid #bbb;padding:.35rem .5rem;text-align:start;vertical-align:top}\
th{background:#eee}\
td{white-space:pre-wrap;overflow-wrap:anywhere}\
td.when,td.who{width:1%;white-space:nowrap}\
td.when{color:#444}\
td.note{color:#666;font-style:italic}\
.route{display:block;color:#444;font-size:.85em}\
@page{margin:15mm}\
@media print{body{margin:0}thead{display:table-header-group}tr{break-inside:avoid}th{background:none}}";

/// "English: Hello" with the colon and spacing of the interface language.
fn labelled(label: &str, text: &str) -> String {
    tr("transcript-labelled", &[("label", label.to_string().into()), ("text", text.to_string().into())])
}

fn html_cell(cell: &Cell) -> String {
    if cell.note {
        format!("<td class=\"note\">{}</td>", escape(&cell.text))
    } else {
        let lang = cell.lang.as_deref().map(|l| format!(" lang=\"{}\"", escape(l))).unwrap_or_default();
        format!("<td{lang} dir=\"auto\">{}</td>", escape(&cell.text))
    }
}

/// The translation's cell, with the engine and route beneath in the interface language.
fn html_cell_with_route(cell: &Cell, route: Option<&str>, lang: &str) -> String {
    let cell = html_cell(cell);
    let Some(route) = route else { return cell };
    let line = labelled(&t("origin-route"), route);
    let route = format!("<span class=\"route\" lang=\"{}\" dir=\"auto\">{}</span></td>", escape(lang), escape(&line));
    format!("{}{route}", cell.strip_suffix("</td>").unwrap_or(&cell))
}

/// Text and attribute values: the five characters markup gives a meaning.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// When the message was stored; an own message the server does not have yet says so.
fn when(entry: &Entry, local_time: &impl Fn(&str) -> Option<String>) -> String {
    match (entry.status, entry.created_at.as_deref()) {
        (Some(MessageStatus::Failed), _) => t("transcript-not-sent"),
        (Some(MessageStatus::Pending | MessageStatus::Sending), _) | (_, None) => t("transcript-not-sent-yet"),
        (_, Some(at)) => local_time(at).unwrap_or_else(|| at.to_string()),
    }
}

/// `reader`: the language the message is (to be) translated into, for a message the server has
/// not given a target language yet (an unsent one).
fn translation(entry: &Entry, reader: Option<&str>) -> Cell {
    let target = entry.target_lang.clone().or_else(|| reader.map(str::to_string));
    let note = |key: &str| Cell { text: t(key), lang: target.clone(), note: true };
    match (entry.translation, &entry.translated_body) {
        (TranslationState::Done, Some(text)) => {
            Cell { text: text.clone(), lang: entry.target_lang.clone(), note: false }
        }
        // Found in the reader's language although the sender's setting is another one.
        (TranslationState::None, _) if translation::written_in(entry) != entry.source_lang => Cell {
            text: tr("origin-written-in", &[("language", language_name(translation::written_in(entry)).into())]),
            lang: None,
            note: true,
        },
        (TranslationState::None, _) => Cell { text: t("transcript-same-language"), lang: None, note: true },
        (TranslationState::Failed, _) if translation::untranslatable(entry) => {
            Cell { text: translation::no_route_text(entry), lang: target.clone(), note: true }
        }
        (TranslationState::Failed, _) => note("transcript-translation-failed"),
        (TranslationState::Pending | TranslationState::Done, _) => note("transcript-not-translated"),
    }
}

/// `conversation-CODE-YYYY-MM-DD.ext` (the local date of the export).
pub fn file_name(code: &str, year: u32, month: u32, day: u32, ext: &str) -> String {
    format!("conversation-{code}-{year:04}-{month:02}-{day:02}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn ana() -> Person {
        Person { name: "Ana".into(), language: "en".into() }
    }

    fn bruno() -> Person {
        Person { name: "Bruno <b>".into(), language: "es".into() }
    }

    fn entry(own: bool, body: &str, translated: Option<&str>, translation: TranslationState) -> Entry {
        let (source, target) = if own { ("en", "es") } else { ("es", "en") };
        Entry {
            id: Uuid::new_v4(),
            own,
            seq: Some(1),
            client_seq: 1,
            body: body.into(),
            source_lang: source.into(),
            translated_body: translated.map(str::to_string),
            target_lang: Some(target.into()),
            translation_error: None,
            detected_lang: None,
            translated_by: None,
            created_at: Some("2026-11-28T12:03:00.000000+00:00".into()),
            status: own.then_some(MessageStatus::Delivered),
            failure: None,
            retry_at: None,
            translation,
            text: translated.unwrap_or(body).into(),
        }
    }

    fn clock(at: &str) -> Option<String> {
        at.get(11..16).map(str::to_string)
    }

    fn conversation() -> Vec<Entry> {
        let mut unsent = entry(true, "Are you there?", None, TranslationState::Pending);
        unsent.status = Some(MessageStatus::Pending);
        unsent.seq = None;
        unsent.created_at = None;
        unsent.target_lang = None;
        let mut failed = entry(true, "Bye", None, TranslationState::Pending);
        failed.status = Some(MessageStatus::Failed);
        failed.created_at = None;
        vec![
            entry(true, "Hello, how are you?", Some("Hola, ¿cómo estás?"), TranslationState::Done),
            entry(false, "Bien, gracias.\nY tú?", Some("Well, thank you.\nAnd you?"), TranslationState::Done),
            entry(false, "Mañana", None, TranslationState::Failed),
            entry(false, "Pronto", None, TranslationState::Pending),
            unsent,
            failed,
        ]
    }

    #[test]
    fn text_pairs_original_and_translation_in_order_with_times_and_authors() {
        let text = Transcript::new("ABC234", "28 November 2026, 13:05", &ana(), Some(&bruno()), &conversation(), clock)
            .to_text();
        let expected = "\
Conversation ABC234
Saved on 28 November 2026, 13:05
Participants: Ana (English), Bruno <b> (Spanish)

[12:03] Ana
    English: Hello, how are you?
    Spanish: Hola, ¿cómo estás?

[12:03] Bruno <b>
    Spanish: Bien, gracias.
      Y tú?
    English: Well, thank you.
      And you?

[12:03] Bruno <b>
    Spanish: Mañana
    English: (translation unavailable)

[12:03] Bruno <b>
    Spanish: Pronto
    English: (not translated yet)

[not sent yet] Ana
    English: Are you there?
    Spanish: (not translated yet)

[not sent] Ana
    English: Bye
    Spanish: (not translated yet)
";
        assert_eq!(text, expected);
    }

    #[test]
    fn the_export_names_the_detected_language_and_the_route() {
        let mut pivot = entry(false, "Bonjour", Some("Hello"), TranslationState::Done);
        pivot.detected_lang = Some("fr".into());
        pivot.translated_by = Some("apertium fr>es>en".into());
        let mut english = entry(false, "See you", None, TranslationState::None);
        english.detected_lang = Some("en".into());
        english.target_lang = Some("en".into());
        let mut arabic = entry(false, "مرحبا", None, TranslationState::Failed);
        arabic.detected_lang = Some("ar".into());
        arabic.translation_error = Some("no route ar>en".into());
        let t = Transcript::new("ABC234", "today", &ana(), Some(&bruno()), &[pivot, english, arabic], clock);
        let text = t.to_text();
        assert!(
            text.contains("    French: Bonjour\n    English: Hello\n    Translated by: Apertium · via Spanish\n"),
            "{text}"
        );
        assert!(text.contains("    English: See you\n    Translation: Written in English\n"), "{text}");
        assert!(text.contains("    Arabic: مرحبا\n    English: No translation from Arabic to English\n"), "{text}");
        let html = t.to_html();
        assert!(html.contains("<td lang=\"fr\" dir=\"auto\">Bonjour</td>"), "{html}");
        assert!(
            html.contains("<td lang=\"en\" dir=\"auto\">Hello<span class=\"route\" lang=\"en\" dir=\"auto\">Translated by: Apertium · via Spanish</span></td>"),
            "{html}"
        );
    }

    #[test]
    fn same_language_and_empty_conversations_say_so() {
        let mut same = entry(false, "Hi", None, TranslationState::None);
        same.target_lang = None;
        let text = Transcript::new("ABC234", "today", &ana(), None, &[same], clock).to_text();
        assert!(text.contains("Participants: Ana (English)\n"), "{text}");
        assert!(
            text.contains("[12:03] Your partner\n    Spanish: Hi\n    Translation: (same language, not translated)\n"),
            "{text}"
        );
        let empty = Transcript::new("ABC234", "today", &ana(), None, &[], clock);
        assert!(empty.to_text().ends_with("\nNo messages yet.\n"));
        assert!(empty.to_html().contains("<p>No messages yet.</p>"));
        assert!(!empty.to_html().contains("<table>"));
    }

    #[test]
    fn an_unreadable_time_is_shown_as_stored() {
        let e = entry(true, "Hi", Some("Hola"), TranslationState::Done);
        let text = Transcript::new("ABC234", "today", &ana(), Some(&bruno()), &[e], |_| None).to_text();
        assert!(text.contains("[2026-11-28T12:03:00.000000+00:00] Ana"), "{text}");
    }

    #[test]
    fn html_is_escaped_and_marks_languages_and_notes() {
        let mut entries = conversation();
        entries[0].body = "if a < b && c > \"d\" 'e'".into();
        let html = Transcript::new("ABC234", "today", &ana(), Some(&bruno()), &entries, clock).to_html();
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" dir=\"ltr\">")
        );
        assert!(html.contains("<title>Conversation ABC234</title>"));
        assert!(html.contains("<p class=\"meta\">Participants: Ana (English), Bruno &lt;b&gt; (Spanish)</p>"));
        assert!(html.contains(
            "<td lang=\"en\" dir=\"auto\">if a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;</td><td lang=\"es\" dir=\"auto\">Hola, ¿cómo estás?</td>"
        ));
        assert!(html.contains("<tr><td class=\"when\">12:03</td><td class=\"who\" dir=\"auto\">Bruno &lt;b&gt;</td><td lang=\"es\" dir=\"auto\">Mañana</td><td class=\"note\">(translation unavailable)</td></tr>"));
        assert!(html.contains("<td class=\"when\">not sent yet</td>"));
        assert!(html.contains("@media print"));
        assert!(!html.contains("<b>"), "no markup from the messages survives");
        // Every element opened is closed (the page is also well-formed XML).
        for tag in ["html", "head", "title", "style", "body", "h1", "table", "thead", "tbody"] {
            assert_eq!(html.matches(&format!("<{tag}")).count(), html.matches(&format!("</{tag}>")).count(), "{tag}");
        }
        assert_eq!(html.matches("<tr>").count(), html.matches("</tr>").count());
        assert_eq!(html.matches("<td").count(), html.matches("</td>").count());
    }

    #[test]
    fn an_arabic_reader_gets_a_right_to_left_page_in_arabic() {
        i18n::set_language("ar");
        let entries = [entry(false, "Hola", Some("Hello"), TranslationState::Done)];
        let html = Transcript::new("ABC234", "today", &ana(), Some(&bruno()), &entries, clock).to_html();
        i18n::set_language("en");
        assert!(html.contains("lang=\"ar\" dir=\"rtl\""), "{html}");
        assert!(html.contains("<title>المحادثة ABC234</title>"), "{html}");
        // The messages keep their own languages inside the Arabic page.
        assert!(html.contains("<td lang=\"es\" dir=\"auto\">Hola</td><td lang=\"en\" dir=\"auto\">Hello</td>"));
    }

    #[test]
    fn file_names_carry_code_and_local_date() {
        assert_eq!(file_name("ABC234", 2026, 3, 7, "txt"), "conversation-ABC234-2026-03-07.txt");
    }
}
