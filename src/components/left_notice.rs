//! The end screen after leaving a session (on `/`, above the form that starts a new one): what
//! happened to the conversation, and the way to a new session (docs/features/chat.md).

use leptos::prelude::*;

use crate::i18n::{t, tr};
use crate::state::AppState;

#[component]
pub fn LeftNotice() -> impl IntoView {
    let app = expect_context::<AppState>();
    let start_new = move |_| {
        app.left.set(None);
        if let Some(input) = document().get_element_by_id("display-name") {
            use wasm_bindgen::JsCast;
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
    };
    move || {
        app.left.get().map(|left| {
            let explained = move || match &left.partner {
                Some(name) => tr("chat-left-with", &[("name", name.clone().into())]),
                None => t("chat-left-alone"),
            };
            view! {
                <section class="card left-screen" data-testid="left-screen" role="status" aria-labelledby="left-title">
                    <h2 id="left-title">{move || t("chat-left-title")}</h2>
                    <p>{explained}</p>
                    <button type="button" class="primary" data-testid="start-new-session" on:click=start_new>
                        {move || t("chat-start-new")}
                    </button>
                </section>
            }
        })
    }
}
