//! The session page's heading, for screen readers and the document outline: who the
//! conversation is with. The header already shows the same facts visually, so it is hidden
//! from sight only.

use leptos::prelude::*;

use crate::i18n::{t, tr};
use crate::services::message_sync::MessageSync;

#[component]
pub fn SessionHeading(sync: MessageSync) -> impl IntoView {
    let text = move || match sync.partner.with(|p| p.as_ref().map(|p| p.display_name.clone())) {
        Some(name) => tr("a11y-session-heading", &[("name", name.into())]),
        None => t("a11y-session-heading-waiting"),
    };
    view! { <h1 class="visually-hidden" data-testid="page-heading">{text}</h1> }
}
