//! `/s/:code`: the session for its participants, the join form for everyone else.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::components::error_text::ErrorText;
use crate::components::join_form::JoinForm;
use crate::components::session_translator::SessionTranslator;
use crate::i18n::t;
use crate::services::session_error::SessionError;
use crate::services::sessions::{self, Opened};
use crate::services::storage;
use crate::state::{AppState, Auth};

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Loading,
    NeedJoin,
    Open(Opened),
    Failed(SessionError),
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let app = expect_context::<AppState>();
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default().trim().to_ascii_uppercase()));
    let phase = RwSignal::new(Phase::Loading);

    // Once signed in: a known member rejoins (a no-op on the server that also tells whether
    // the session still exists); anyone else gets the join form.
    Effect::new(move |_| {
        let code = code.get();
        let auth = app.auth.get();
        match auth {
            Auth::Pending => phase.set(Phase::Loading),
            Auth::Failed(e) => phase.set(Phase::Failed(SessionError::Other(e))),
            Auth::Ready(user) => match storage::membership(&code, &user) {
                None => phase.set(Phase::NeedJoin),
                Some(m) => {
                    phase.set(Phase::Loading);
                    spawn_local(async move {
                        let next = match sessions::rejoin(m, user).await {
                            Ok(Some(open)) => Phase::Open(open),
                            Ok(None) => Phase::NeedJoin,
                            Err(e) => Phase::Failed(e),
                        };
                        let _ = phase.try_set(next);
                    });
                }
            },
        }
    });

    let on_joined = Callback::new(move |_: ()| {
        let code = code.get_untracked();
        if let Some(user) = app.user_id() {
            if let Some(m) = storage::membership(&code, &user) {
                if let Some(open) = sessions::opened(&m, &user) {
                    phase.set(Phase::Open(open));
                }
            }
        }
    });

    view! {
        {move || match phase.get() {
            Phase::Loading => view! { <p class="card muted" aria-live="polite">{move || t("session-opening")}</p> }.into_any(),
            Phase::NeedJoin => view! { <JoinForm code=code.get() on_joined=on_joined /> }.into_any(),
            Phase::Open(Opened { session_id, me }) => view! { <SessionTranslator session_id=session_id code=code.get() me=me /> }.into_any(),
            Phase::Failed(e) => view! {
                <section class="card">
                    <h1>{move || t("a11y-session-failed-heading")}</h1>
                    <ErrorText text=Signal::derive({ let e = e.clone(); move || e.to_string() }) code=e.code() detail=e.detail().map(str::to_string) />
                    <p><a href="/">{move || t("app-start-over")}</a></p>
                </section>
            }.into_any(),
        }}
    }
}
