//! The root component: signs this browser in, provides the app state, routes `/` and `/s/:code`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::{home::HomePage, session::SessionPage};
use crate::services::auth;
use crate::state::{AppState, Auth};

#[component]
pub fn App() -> impl IntoView {
    let state = AppState { auth: RwSignal::new(Auth::Pending) };
    provide_context(state);
    spawn_local(async move {
        let auth = match auth::sign_in().await {
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
