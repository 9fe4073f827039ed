//! The root component, routes, and the app-wide state: who this browser is signed in as.
//! (Online and visibility are the session's sync driver's business.)

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::{home::HomePage, session::SessionPage};
use crate::services::supabase;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    Pending,
    Ready(String),
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub auth: RwSignal<Auth>,
}

impl AppState {
    pub fn user_id(&self) -> Option<String> {
        match self.auth.get() {
            Auth::Ready(id) => Some(id),
            _ => None,
        }
    }
}

async fn boot() -> Result<String, String> {
    let cfg = crate::config::load().await?;
    supabase::init(&cfg.supabase_url, &cfg.supabase_anon_key).await?;
    supabase::ensure_user().await
}

#[component]
pub fn App() -> impl IntoView {
    let state = AppState { auth: RwSignal::new(Auth::Pending) };
    provide_context(state);
    spawn_local(async move {
        let auth = match boot().await {
            Ok(user) => Auth::Ready(user),
            Err(e) => Auth::Failed(format!("Could not reach the server: {e}")),
        };
        state.auth.set(auth);
    });

    view! {
        <Router>
            <main class="app">
                <Routes fallback=|| view! { <p class="notice">"Page not found. " <a href="/">"Start over"</a></p> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/s/:code") view=SessionPage />
                </Routes>
            </main>
        </Router>
    }
}

/// Human text for the stable RPC error codes of design.md §3 (the `error` element shows it).
pub fn human_error(message: &str) -> String {
    match message {
        "session_not_found" => "No session has this code. Check it and try again.".into(),
        "session_expired" => "This session has expired. Start a new one.".into(),
        "session_full" => "This session already has two people in it.".into(),
        "invalid_input" => "Please enter your name and pick a language.".into(),
        // 429s of the abuse limits; the wait (seconds to minutes) is in `details`.
        "too_many_attempts" => "Too many wrong codes were tried from here. Wait a little, then try again.".into(),
        "too_many_sessions" => "Too many new sessions in a short time. Wait a minute, then try again.".into(),
        other => format!("Something went wrong: {other}"),
    }
}
