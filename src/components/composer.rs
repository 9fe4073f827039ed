//! The message input: Enter sends, Shift+Enter adds a line. Near the length limit a counter
//! shows (announced politely); over it, sending is refused before anything is sent, with why.
//! Once the partner has left, it says so and what happens to new messages, and offers a new
//! session (docs/features/chat.md).

use leptos::prelude::*;
use session_sync::presence::PartnerStatus;

use uuid::Uuid;

use crate::components::translation_preview::TranslationPreview;
use crate::i18n::{t, tr};
use crate::services::delivery::{self, Length};
use crate::services::message_sync::MessageSync;

#[component]
pub fn Composer(sync: MessageSync, session_id: Uuid, me_language: String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let length = Memo::new(move |_| delivery::length(&text.get()));
    let too_long = move || matches!(length.get(), Length::Over { .. });
    let send = move || {
        let body = text.get_untracked();
        // An Enter on an empty composer sends nothing and shows no error; an over-long message
        // stays in the composer with the explanation shown below it.
        if body.trim().is_empty() || matches!(length.get_untracked(), Length::Over { .. }) {
            return;
        }
        if sync.send(&body) {
            text.set(String::new());
        }
    };
    let partner_left = move || sync.partner_status.get() == PartnerStatus::Left;
    let partner_name = move || sync.partner.get().map(|p| p.display_name).unwrap_or_else(|| t("partner-fallback-name"));

    view! {
        <div class="composer-area">
            <Show when=partner_left>
                <div class="partner-left" data-testid="partner-left" role="status">
                    <p>
                        <strong>{move || tr("chat-partner-left", &[("name", partner_name().into())])}</strong>
                        " "{move || t("chat-partner-left-explained")}
                    </p>
                    <a class="button" href="/" data-testid="start-new-session">{move || t("chat-start-new")}</a>
                </div>
            </Show>
            <TranslationPreview draft=text sync=sync session_id=session_id me_language=me_language />
            <form class="composer" on:submit=move |ev| { ev.prevent_default(); send(); }>
                <label for="message-input" class="visually-hidden">{move || t("composer-label")}</label>
                <textarea
                    id="message-input"
                    data-testid="message-input"
                    rows="2"
                    autofocus
                    aria-describedby="composer-counter composer-too-long"
                    aria-invalid=move || too_long().then_some("true")
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
                <button type="submit" class="primary" data-testid="send-button" disabled=too_long>
                    {move || t("composer-send")}
                </button>
            </form>
            <div class="composer-notes">
                <p id="composer-counter" class="hint counter" class:over=too_long data-testid="char-counter"
                    aria-live="polite">{move || length.get().text()}</p>
                <p id="composer-too-long" class="hint too-long" data-testid="too-long" role="alert">
                    {move || length.get().refusal()}
                </p>
            </div>
        </div>
    }
}
