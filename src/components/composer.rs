//! The message input: Enter sends, Shift+Enter adds a line.

use leptos::prelude::*;

use crate::i18n::t;
use crate::services::message_sync::MessageSync;

#[component]
pub fn Composer(sync: MessageSync) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let send = move || {
        let body = text.get_untracked();
        // An Enter on an empty composer sends nothing and shows no error.
        if body.trim().is_empty() {
            return;
        }
        if sync.send(&body) {
            text.set(String::new());
        }
    };

    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <label for="message-input" class="visually-hidden">{move || t("composer-label")}</label>
            <textarea
                id="message-input"
                data-testid="message-input"
                rows="2"
                autofocus
                placeholder=move || t("composer-placeholder")
                prop:value=move || text.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    sync.typing(!v.trim().is_empty());
                    text.set(v);
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        send();
                    }
                }
            ></textarea>
            <button type="submit" class="primary" data-testid="send-button">{move || t("composer-send")}</button>
        </form>
    }
}
