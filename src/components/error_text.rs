//! An `error` a person can act on: plain words in the interface language, and the technical
//! detail (a server message, a status code) only behind "Details".

use leptos::prelude::*;

use crate::i18n::t;
use crate::services::session_error::SessionError;

#[component]
pub fn ErrorText(
    #[prop(into)] text: Signal<String>,
    #[prop(optional_no_strip)] detail: Option<String>,
    /// A stable code for what went wrong (`data-code`), e.g. `session_not_found`.
    #[prop(optional, into)]
    code: Option<String>,
    /// `data-testid`: `error` (the default) is the page's problem (docs/contracts.md §5); a
    /// message's own failure note uses another.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// `alert` (the default) interrupts; a note that is also marked elsewhere uses `status`.
    #[prop(optional)]
    role: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="error" role=role.unwrap_or("alert") data-testid=testid.unwrap_or("error") data-code=code>
            <p>{move || text.get()}</p>
            {detail.map(|d| view! {
                <details class="error-detail">
                    <summary>{move || t("app-error-detail")}</summary>
                    <code>{d}</code>
                </details>
            })}
        </div>
    }
}

/// A `SessionError` as an `ErrorText`: its words (or `text` instead), its `data-code`, and its
/// technical detail on demand.
#[component]
pub fn SessionErrorText(error: SessionError, #[prop(optional_no_strip)] text: Option<Signal<String>>) -> impl IntoView {
    let (code, detail) = (error.code(), error.detail().map(str::to_string));
    let text = text.unwrap_or_else(|| Signal::derive(move || error.to_string()));
    view! { <ErrorText text=text code=code detail=detail /> }
}
