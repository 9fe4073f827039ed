//! `/`: pick a name and a language, then create a session or join one by its code.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::components::auth_notice::AuthNotice;
use crate::components::error_text::SessionErrorText;
use crate::components::language_select::LanguageSelect;
use crate::components::left_notice::LeftNotice;
use crate::i18n::t;
use crate::services::session_error::{check_code, check_profile, SessionError};
use crate::services::sessions::enter_session;
use crate::services::storage;
use crate::state::{AppState, Auth};

#[component]
pub fn HomePage() -> impl IntoView {
    let app = expect_context::<AppState>();
    let navigate = use_navigate();
    let profile = storage::profile();
    let language = RwSignal::new(profile.language_to_offer());
    let name = RwSignal::new(profile.display_name);
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<SessionError>);
    let ready = move || matches!(app.auth.get(), Auth::Ready(_)) && !busy.get();

    let go = move |join: bool| {
        let Some(user) = app.user_id() else { return };
        let (n, l) = (name.get_untracked().trim().to_string(), language.get_untracked());
        if let Err(e) = check_profile(&n, &l) {
            error.set(Some(e));
            return;
        }
        let target = if join {
            match check_code(&code.get_untracked()) {
                Ok(c) => Some(c),
                Err(e) => {
                    error.set(Some(e));
                    return;
                }
            }
        } else {
            None
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match enter_session(user, target, n, l).await {
                Ok(code) => navigate(&format!("/s/{code}"), Default::default()),
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    let go_create = go.clone();

    view! {
        <LeftNotice />
        <section class="card home">
            <h1>{move || t("app-title")}</h1>
            <p class="lead">{move || t("home-lead")}</p>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); go_create(false); }>
                <label for="display-name">{move || t("home-name-label")}</label>
                <input id="display-name" data-testid="display-name" type="text" autocomplete="nickname"
                    maxlength="64" required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <LanguageSelect value=language id="language" />
                <button type="submit" class="primary" data-testid="create-session" disabled=move || !ready()>
                    {move || t("home-create")}
                </button>
            </form>
            <form class="stack join" on:submit=move |ev| { ev.prevent_default(); go(true); }>
                <label for="join-code">{move || t("home-join-label")}</label>
                <div class="row">
                    <input id="join-code" data-testid="join-code" type="text" autocomplete="off"
                        autocapitalize="characters" spellcheck="false" maxlength="16" placeholder="K7M2QX"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev)) />
                    <button type="submit" data-testid="join-session" disabled=move || !ready()>{move || t("home-join")}</button>
                </div>
            </form>
            <AuthNotice />
            {move || error.get().map(|e| view! { <SessionErrorText error=e /> })}
        </section>
    }
}
