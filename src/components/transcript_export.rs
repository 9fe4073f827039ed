//! Saving the conversation as a file: plain text (`export-transcript`) or a print-friendly page.
//! The file is built here from what the page already shows (services/transcript.rs) and handed
//! to the browser's download through a Blob URL: nothing leaves the device
//! (docs/features/transcript-and-qr.md).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::t;
use crate::services::local_time::{format_date, formatter};
use crate::services::message_sync::{Me, MessageSync};
use crate::services::transcript::{self, Person, Transcript};

#[derive(Clone, Copy)]
enum Format {
    Text,
    Html,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Html => "html",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Format::Text => "text/plain;charset=utf-8",
            Format::Html => "text/html;charset=utf-8",
        }
    }
}

#[component]
pub fn TranscriptExport(sync: MessageSync, code: String, me: Me) -> impl IntoView {
    // Stored so that `save` is `Copy` and each render of the controls can take it.
    let (code, me) = (StoredValue::new(code), StoredValue::new(me));
    let save = move |format: Format| {
        let code = code.get_value();
        let me = me.with_value(|m| Person { name: m.display_name.clone(), language: m.language.clone() });
        let partner = sync.partner.get_untracked().map(|p| Person { name: p.display_name, language: p.language });
        let entries = sync.entries.get_untracked();
        let now = js_sys::Date::new_0();
        let times = LocalTimes::new(&entries);
        let exported = formatter(&[("dateStyle", "long"), ("timeStyle", "short")]);
        let transcript = Transcript::new(&code, &format_date(&exported, &now), &me, partner.as_ref(), &entries, |at| {
            times.format(at)
        });
        let contents = match format {
            Format::Text => transcript.to_text(),
            Format::Html => transcript.to_html(),
        };
        let name =
            transcript::file_name(&code, now.get_full_year(), now.get_month() + 1, now.get_date(), format.extension());
        if let Err(e) = download(&name, format.mime(), &contents) {
            leptos::logging::warn!("transcript download: {e:?}");
            sync.set_error(t("transcript-export-failed"));
        }
    };

    // Always offered (docs/contracts.md §5 lists `export-transcript` on the session page): an
    // empty conversation saves the header alone, which still records who met when.
    view! {
        <div class="transcript-export" role="group" aria-label=move || t("transcript-export-label")>
            <span class="muted" aria-hidden="true">{move || t("transcript-export-label")}</span>
            <button type="button" data-testid="export-transcript" title=move || t("transcript-export-text-title")
                on:click=move |_| save(Format::Text)>{move || t("transcript-export-text")}</button>
            <button type="button" data-testid="export-transcript-html" title=move || t("transcript-export-html-title")
                on:click=move |_| save(Format::Html)>{move || t("transcript-export-html")}</button>
        </div>
    }
}

/// Message times in the reader's time zone and interface language: the time alone while the
/// conversation stays within one local day, date and time once it spans several.
struct LocalTimes {
    format: js_sys::Intl::DateTimeFormat,
}

impl LocalTimes {
    fn new(entries: &[session_sync::engine::Entry]) -> LocalTimes {
        let mut days = entries
            .iter()
            .filter_map(|e| e.created_at.as_deref())
            .filter_map(parse)
            .map(|d| (d.get_full_year(), d.get_month(), d.get_date()));
        let first = days.next();
        let one_day = days.all(|d| Some(d) == first);
        let options: &[(&str, &str)] =
            if one_day { &[("timeStyle", "short")] } else { &[("dateStyle", "short"), ("timeStyle", "short")] };
        LocalTimes { format: formatter(options) }
    }

    fn format(&self, at: &str) -> Option<String> {
        parse(at).map(|d| format_date(&self.format, &d))
    }
}

/// A server timestamp (`2026-11-28T12:03:00.123456+00:00`); `None` if the browser cannot read it.
fn parse(at: &str) -> Option<js_sys::Date> {
    let date = js_sys::Date::new(&JsValue::from_str(at));
    (!date.get_time().is_nan()).then_some(date)
}

/// Hands `contents` to the browser as a download named `name`, through a Blob URL that is
/// revoked once the download has started.
fn download(name: &str, mime: &str, contents: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = window().document().ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The click starts the download asynchronously in some browsers: revoking the URL at once
    // can cancel it there, so it goes on the next turn of the event loop instead.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_millis(0),
    );
    Ok(())
}
