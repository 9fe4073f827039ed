//! The root component: signs this browser in, provides the app state, keeps the document's
//! `lang`, `dir` and title on the interface language (the title after the prefix a page puts in
//! `AppState::title_prefix`), routes `/` and `/s/:code`, anything else to the not-found page.
//! `first_language` is the language main.rs starts in, before mounting this.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n;
use crate::i18n::t;
use crate::pages::{home::HomePage, not_found::NotFoundPage, session::SessionPage};
use crate::services::{auth, storage};
use crate::state::{AppState, Auth};

#[component]
pub fn App() -> impl IntoView {
    let state = AppState {
        auth: RwSignal::new(Auth::Pending),
        title_prefix: RwSignal::new(String::new()),
        left: RwSignal::new(None),
    };
    provide_context(state);
    Effect::new(move |_| {
        let lang = i18n::language();
        let title = format!("{}{}", state.title_prefix.get(), t("app-title"));
        let Some(doc) = document().document_element() else { return };
        let _ = doc.set_attribute("lang", lang);
        let _ = doc.set_attribute("dir", if i18n::is_rtl(lang) { "rtl" } else { "ltr" });
        document().set_title(&title);
    });
    spawn_local(async move {
        let auth = match auth::sign_in().await {
            Ok(user) => Auth::Ready(user),
            Err(e) => Auth::Failed(e.to_string()),
        };
        state.auth.set(auth);
    });

    view! {
        <Router>
            <main class="app">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/s/:code") view=SessionPage />
                </Routes>
            </main>
        </Router>
    }
}

/// The language this browser last chose, else the first of the browser's preferred languages
/// the interface speaks, else English.
pub fn first_language() -> String {
    let saved = storage::profile().language;
    if !saved.is_empty() {
        return saved;
    }
    let preferred: Vec<String> = window().navigator().languages().iter().filter_map(|l| l.as_string()).collect();
    i18n::negotiate(preferred.iter().map(String::as_str)).unwrap_or(i18n::DEFAULT).to_string()
}
