//! Shows that sign-in is under way or failed (the boot error is also a visible `error`).

use leptos::prelude::*;

use crate::components::error_text::ErrorText;
use crate::i18n::t;
use crate::state::{AppState, Auth};

#[component]
pub fn AuthNotice() -> impl IntoView {
    let app = expect_context::<AppState>();
    move || match app.auth.get() {
        Auth::Pending => {
            Some(view! { <p class="muted" aria-live="polite">{move || t("app-connecting")}</p> }.into_any())
        }
        Auth::Failed(detail) => Some(
            view! { <ErrorText text=Signal::derive(|| t("app-server-unreachable")) detail=Some(detail) /> }.into_any(),
        ),
        Auth::Ready(_) => None,
    }
}
