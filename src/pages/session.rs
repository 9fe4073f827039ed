//! `/s/:code`: the session for its participants; for everyone else, who invites them above the
//! join form, or at once why the code cannot be joined (docs/features/joining.md).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use session_sync::domain;

use crate::components::error_text::SessionErrorText;
use crate::components::join_form::JoinForm;
use crate::components::session_translator::SessionTranslator;
use crate::i18n::t;
use crate::services::invite::{Arrival, Invite};
use crate::services::session_error::{check_code, SessionError};
use crate::services::sessions::{self, Opened};
use crate::services::storage;
use crate::state::{AppState, Auth};

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Loading,
    /// A newcomer's code is being checked (`preview_session`) before any form.
    Checking,
    NeedJoin(Option<Invite>),
    /// A newcomer's join would be refused: why, at once, above the form.
    Refused(domain::SessionError),
    Open(Opened),
    Failed(SessionError),
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let app = expect_context::<AppState>();
    let navigate = use_navigate();
    let params = use_params_map();
    let raw = Memo::new(move |_| {
        let raw = params.with(|p| p.get("code").unwrap_or_default());
        js_sys::decode_uri_component(&raw).map(String::from).unwrap_or(raw)
    });
    // The code in one spelling (`check_code`: case, spaces and dashes do not matter); `None`
    // when it can never be a code.
    let canonical = Memo::new(move |_| check_code(&raw.get()).ok());
    let code = Memo::new(move |_| canonical.get().unwrap_or_else(|| raw.get()));
    let phase = RwSignal::new(Phase::Loading);

    // Once signed in: a known member rejoins (a no-op on the server that also tells whether
    // the session still exists); anyone else first learns whether the code can be joined, and
    // who invites them.
    Effect::new(move |_| {
        let raw = raw.get();
        let Some(code) = canonical.get() else {
            phase.set(Phase::Refused(domain::SessionError::SessionNotFound));
            return;
        };
        // A loosely typed link (`/s/k7m-2qx`) gets its canonical address first, so the link
        // shared from here and this browser's membership use one spelling.
        if code != raw {
            navigate(&format!("/s/{code}"), NavigateOptions { replace: true, ..Default::default() });
            return;
        }
        match app.auth.get() {
            Auth::Pending => phase.set(Phase::Loading),
            Auth::Failed(e) => phase.set(Phase::Failed(SessionError::Other(e))),
            Auth::Ready(user) => match storage::membership(&code, &user) {
                None => {
                    phase.set(Phase::Checking);
                    spawn_local(async move {
                        let next = match sessions::arrival(&code).await {
                            Ok(Arrival::Form(invite)) => Phase::NeedJoin(invite),
                            Ok(Arrival::Refused(why)) => Phase::Refused(why),
                            Err(e) => Phase::Failed(e),
                        };
                        let _ = phase.try_set(next);
                    });
                }
                Some(m) => {
                    phase.set(Phase::Loading);
                    spawn_local(async move {
                        let next = match sessions::rejoin(m, user).await {
                            Ok(Some(open)) => Phase::Open(open),
                            Ok(None) => Phase::NeedJoin(None),
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
            Phase::Checking => view! { <p class="card muted" aria-live="polite">{move || t("join-checking")}</p> }.into_any(),
            Phase::NeedJoin(invite) => view! { <JoinForm code=code.get() invite=invite on_joined=on_joined /> }.into_any(),
            Phase::Refused(why) => view! { <JoinForm code=code.get() invite=None refused=why on_joined=on_joined /> }.into_any(),
            Phase::Open(Opened { session_id, me }) => view! { <SessionTranslator session_id=session_id code=code.get() me=me /> }.into_any(),
            Phase::Failed(e) => view! {
                <section class="card">
                    <h1>{move || t("a11y-session-failed-heading")}</h1>
                    <SessionErrorText error=e />
                    <p><a href="/">{move || t("app-start-over")}</a></p>
                </section>
            }.into_any(),
        }}
    }
}
