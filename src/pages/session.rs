//! `/s/:code`: the session for its participants, the join form for everyone else.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use serde_json::json;
use uuid::Uuid;

use crate::app::{human_error, AppState, Auth};
use crate::components::join_form::JoinForm;
use crate::components::session_translator::SessionTranslator;
use crate::services::message_sync::Me;
use crate::services::{storage, supabase};

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Loading,
    NeedJoin,
    Open(Uuid, Me),
    Failed(String),
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
            Auth::Failed(e) => phase.set(Phase::Failed(e)),
            Auth::Ready(user) => match storage::membership(&code, &user) {
                None => phase.set(Phase::NeedJoin),
                Some(m) => {
                    phase.set(Phase::Loading);
                    spawn_local(async move {
                        let next = rejoin(m, user).await;
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
                if let Some(p) = opened(&m, &user) {
                    phase.set(p);
                }
            }
        }
    });

    view! {
        {move || match phase.get() {
            Phase::Loading => view! { <p class="card muted" aria-live="polite">"Opening session…"</p> }.into_any(),
            Phase::NeedJoin => view! { <JoinForm code=code.get() on_joined=on_joined /> }.into_any(),
            Phase::Open(session_id, me) => view! { <SessionTranslator session_id=session_id code=code.get() me=me /> }.into_any(),
            Phase::Failed(e) => view! {
                <section class="card">
                    <p class="error" role="alert" data-testid="error">{e}</p>
                    <p><a href="/">"Start a new session"</a></p>
                </section>
            }.into_any(),
        }}
    }
}

fn opened(m: &storage::Membership, user: &str) -> Option<Phase> {
    let session_id = Uuid::parse_str(&m.session_id).ok()?;
    let user_id = Uuid::parse_str(user).ok()?;
    Some(Phase::Open(session_id, Me { user_id, display_name: m.display_name.clone(), language: m.language.clone() }))
}

async fn rejoin(m: storage::Membership, user: String) -> Phase {
    let args = json!({"code": m.code, "display_name": m.display_name, "language": m.language});
    match supabase::rpc::<_, serde_json::Value>("join_session", &args).await {
        Ok(_) => opened(&m, &user).unwrap_or(Phase::NeedJoin),
        // Offline or server trouble: open from what this browser has; sync catches up later.
        Err(e) if e.is_transient() => opened(&m, &user).unwrap_or(Phase::NeedJoin),
        // Over, but what was said stays readable (the header says it expired; sends fail).
        Err(e) if e.message == "session_expired" => opened(&m, &user).unwrap_or(Phase::NeedJoin),
        Err(e) => {
            if e.message == "session_not_found" {
                storage::forget_membership(&m.code);
            }
            Phase::Failed(human_error(&e.message))
        }
    }
}
