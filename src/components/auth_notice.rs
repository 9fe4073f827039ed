//! Shows that sign-in is under way or failed (the boot error is also a visible `error`).

use leptos::prelude::*;

use crate::state::{AppState, Auth};

#[component]
pub fn AuthNotice() -> impl IntoView {
    let app = expect_context::<AppState>();
    move || match app.auth.get() {
        Auth::Pending => Some(view! { <p class="muted" aria-live="polite">"Connecting…"</p> }.into_any()),
        Auth::Failed(e) => Some(view! { <p class="error" role="alert" data-testid="error">{e}</p> }.into_any()),
        Auth::Ready(_) => None,
    }
}
