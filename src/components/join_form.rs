//! The form a non-participant sees at `/s/CODE`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::auth_notice::AuthNotice;
use crate::components::language_select::LanguageSelect;
use crate::services::session_error::{check_profile, SessionError};
use crate::services::sessions::enter_session;
use crate::services::storage;
use crate::state::AppState;

#[component]
pub fn JoinForm(code: String, on_joined: Callback<()>) -> impl IntoView {
    let app = expect_context::<AppState>();
    let profile = storage::profile();
    let name = RwSignal::new(profile.display_name);
    let language = RwSignal::new(if profile.language.is_empty() { "en".to_string() } else { profile.language });
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<SessionError>);
    let code_for_submit = code.clone();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(user) = app.user_id() else { return };
        let (n, l) = (name.get_untracked().trim().to_string(), language.get_untracked());
        if let Err(e) = check_profile(&n, &l) {
            error.set(Some(e));
            return;
        }
        busy.set(true);
        error.set(None);
        let code = code_for_submit.clone();
        spawn_local(async move {
            match enter_session(user, Some(code), n, l).await {
                Ok(_) => on_joined.run(()),
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };

    view! {
        <section class="card home">
            <h1>"Join session " <span class="code">{code}</span></h1>
            <form class="stack" on:submit=submit>
                <label for="display-name">"Your name"</label>
                <input id="display-name" data-testid="display-name" type="text" autocomplete="nickname"
                    maxlength="64" required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <LanguageSelect value=language id="language" />
                <button type="submit" class="primary" data-testid="join-session"
                    disabled=move || busy.get() || app.user_id().is_none()>
                    "Join the conversation"
                </button>
            </form>
            <AuthNotice />
            <Show when=move || error.get().is_some()>
                <p class="error" role="alert" data-testid="error">{move || error.get().map(|e| e.to_string())}</p>
            </Show>
        </section>
    }
}
