//! The form a non-participant sees at `/s/CODE`, under who invites them (docs/contracts.md §5
//! `invite`) or, when `preview_session` already said the code cannot be joined, under why
//! (docs/features/joining.md). The form stays in that case: the contract offers it on every
//! link, and its one `error` element is the explanation, shown at once.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::auth_notice::AuthNotice;
use crate::components::error_text::SessionErrorText;
use crate::components::language_select::LanguageSelect;
use crate::i18n::t;
use crate::services::invite::{refusal_texts, Invite};
use crate::services::session_error::{check_profile, SessionError};
use crate::services::sessions::enter_session;
use crate::services::storage;
use crate::state::AppState;
use session_sync::domain;

#[component]
pub fn JoinForm(
    code: String,
    /// Who invites, when `preview_session` said so.
    invite: Option<Invite>,
    /// Why a join of this code would be refused, known before any form is filled.
    #[prop(optional)]
    refused: Option<domain::SessionError>,
    on_joined: Callback<()>,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let profile = storage::profile();
    let language = RwSignal::new(profile.language_to_offer());
    let name = RwSignal::new(profile.display_name);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(refused.map(SessionError::Refused));
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
            {match refused {
                Some(why) => view! { <h1>{move || refusal_texts(why).0}</h1> }.into_any(),
                None => view! { <h1>{move || t("join-title")}" "<span class="code">{code}</span></h1> }.into_any(),
            }}
            {invite.map(|invite| view! { <p class="invite" data-testid="invite">{move || invite.text()}</p> })}
            <form class="stack" on:submit=submit>
                <label for="display-name">{move || t("home-name-label")}</label>
                <input id="display-name" data-testid="display-name" type="text" autocomplete="nickname"
                    maxlength="64" required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <LanguageSelect value=language id="language" />
                <button type="submit" class="primary" data-testid="join-session"
                    disabled=move || busy.get() || app.user_id().is_none()>
                    {move || t("join-submit")}
                </button>
            </form>
            <AuthNotice />
            {move || error.get().map(|e| {
                // The refusal known in advance reads as the page's explanation, with what to do.
                let text = match (&e, refused) {
                    (SessionError::Refused(now), Some(why)) if *now == why => {
                        Some(Signal::derive(move || refusal_texts(why).1))
                    }
                    _ => None,
                };
                view! { <SessionErrorText error=e text=text /> }
            })}
            {refused.map(|_| view! { <p><a class="button" href="/">{move || t("app-start-over")}</a></p> })}
        </section>
    }
}
