//! Any address the app has no page for: says so in the interface language and leads home.

use leptos::prelude::*;

use crate::i18n::{t, tr};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="card not-found" data-testid="not-found">
            <h1>{move || t("a11y-not-found-title")}</h1>
            <p>{move || t("app-not-found")}</p>
            <p class="muted">{move || tr("a11y-not-found-hint", &[("code", "/s/K7M2QX".into())])}</p>
            <p><a class="button primary" href="/">{move || t("a11y-not-found-home")}</a></p>
        </section>
    }
}
