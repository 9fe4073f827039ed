//! `/`: pick a name and a language, then create a session or join one by its code.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use serde::Deserialize;
use serde_json::json;
use session_sync::domain;

use crate::app::{human_error, AppState, Auth};
use crate::components::language_select::LanguageSelect;
use crate::services::{storage, supabase};

#[derive(Deserialize)]
struct SessionRow {
    id: String,
    code: String,
}

/// RPCs may answer one object or a one-row array, depending on how the function is declared.
pub fn first_row<T: for<'de> Deserialize<'de>>(v: serde_json::Value) -> Option<T> {
    match v {
        serde_json::Value::Array(mut rows) if !rows.is_empty() => serde_json::from_value(rows.remove(0)).ok(),
        other => serde_json::from_value(other).ok(),
    }
}

/// Calls `create_session` or `join_session` and remembers the membership. Returns the code.
pub async fn enter_session(
    user_id: String,
    code: Option<String>,
    display_name: String,
    language: String,
) -> Result<String, String> {
    let result = match &code {
        None => {
            let args = json!({"display_name": display_name, "language": language});
            supabase::rpc::<_, serde_json::Value>("create_session", &args).await
        }
        Some(code) => {
            let args = json!({"code": code, "display_name": display_name, "language": language});
            supabase::rpc::<_, serde_json::Value>("join_session", &args).await
        }
    };
    let value = result.map_err(|e| human_error(&e.message))?;
    let row: SessionRow = first_row(value).ok_or_else(|| human_error("unexpected answer"))?;
    storage::save_profile(&storage::Profile { display_name: display_name.clone(), language: language.clone() });
    storage::save_membership(&storage::Membership {
        user_id,
        session_id: row.id,
        code: row.code.clone(),
        display_name,
        language,
    });
    Ok(row.code)
}

/// Checks the form; `Err` is the text for the `error` element.
pub fn check_profile(name: &str, language: &str) -> Result<(), String> {
    if !domain::is_valid_display_name(name) {
        return Err(format!("Enter your name (1 to {} characters).", domain::MAX_DISPLAY_NAME_CHARS));
    }
    if !domain::is_language_code(language) {
        return Err("Pick your language.".into());
    }
    Ok(())
}

#[component]
pub fn HomePage() -> impl IntoView {
    let app = expect_context::<AppState>();
    let navigate = use_navigate();
    let profile = storage::profile();
    let name = RwSignal::new(profile.display_name);
    let language = RwSignal::new(if profile.language.is_empty() { "en".to_string() } else { profile.language });
    let code = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let ready = move || matches!(app.auth.get(), Auth::Ready(_)) && !busy.get();

    let go = move |join: bool| {
        let Some(user) = app.user_id() else { return };
        let (n, l) = (name.get_untracked().trim().to_string(), language.get_untracked());
        if let Err(e) = check_profile(&n, &l) {
            error.set(Some(e));
            return;
        }
        let target = if join {
            match domain::normalize_code(&code.get_untracked()) {
                Some(c) => Some(c),
                None => {
                    error.set(Some("A session code has 6 letters and digits, like K7M2QX.".into()));
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
        <section class="card home">
            <h1>"Session Translator"</h1>
            <p class="lead">"Talk with someone who speaks another language. Each of you writes in your own; the other reads it translated."</p>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); go_create(false); }>
                <label for="display-name">"Your name"</label>
                <input id="display-name" data-testid="display-name" type="text" autocomplete="nickname"
                    maxlength="64" required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <LanguageSelect value=language id="language" />
                <button type="submit" class="primary" data-testid="create-session" disabled=move || !ready()>
                    "Create a session"
                </button>
            </form>
            <form class="stack join" on:submit=move |ev| { ev.prevent_default(); go(true); }>
                <label for="join-code">"Have a code? Join that session"</label>
                <div class="row">
                    <input id="join-code" data-testid="join-code" type="text" autocomplete="off"
                        autocapitalize="characters" spellcheck="false" maxlength="12" placeholder="K7M2QX"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev)) />
                    <button type="submit" data-testid="join-session" disabled=move || !ready()>"Join"</button>
                </div>
            </form>
            <AuthNotice />
            <Show when=move || error.get().is_some()>
                <p class="error" role="alert" data-testid="error">{move || error.get()}</p>
            </Show>
        </section>
    }
}

/// Shows that sign-in is under way or failed (the boot error is also a visible `error`).
#[component]
pub fn AuthNotice() -> impl IntoView {
    let app = expect_context::<AppState>();
    move || match app.auth.get() {
        Auth::Pending => Some(view! { <p class="muted" aria-live="polite">"Connecting…"</p> }.into_any()),
        Auth::Failed(e) => Some(view! { <p class="error" role="alert" data-testid="error">{e}</p> }.into_any()),
        Auth::Ready(_) => None,
    }
}
