//! The session view: header, the conversation, the typing indicator and the composer.

use leptos::html::Div;
use leptos::prelude::*;
use uuid::Uuid;

use crate::components::composer::Composer;
use crate::components::message_bubble::MessageBubble;
use crate::components::session_header::SessionHeader;
use crate::components::translation_notice::TranslationNotice;
use crate::services::message_sync::{Me, MessageSync};

#[component]
pub fn SessionTranslator(session_id: Uuid, code: String, me: Me) -> impl IntoView {
    let sync = MessageSync::start(session_id, me);

    let list: NodeRef<Div> = NodeRef::new();
    // Keep the newest message in view.
    Effect::new(move |_| {
        let _ = sync.entries.with(|t| t.len());
        if let Some(el) = list.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    let partner_name = move || {
        sync.partner
            .get()
            .map(|p| p.display_name)
            .unwrap_or_else(|| "Your partner".into())
    };

    view! {
        <section class="session">
            <SessionHeader sync=sync code=code />
            <TranslationNotice sync=sync />
            <div class="messages" node_ref=list role="log" aria-live="polite" aria-label="Conversation">
                <Show when=move || sync.entries.with(|t| t.is_empty())>
                    <p class="muted empty">{move || if sync.partner_state.get() == "waiting" {
                        "Share the code or the link; messages appear here."
                    } else {
                        "Say hello. Your partner reads it in their language."
                    }}</p>
                </Show>
                <For each=move || sync.entries.with(|t| t.iter().map(|m| m.id).collect::<Vec<_>>()) key=|id| *id let:id>
                    <MessageBubble sync=sync id=id />
                </For>
            </div>
            <div class="typing-slot">
                <Show when=move || sync.partner_typing.get().is_some() && matches!(sync.partner_state.get(), "online" | "away")>
                    <p class="typing" data-testid="typing-indicator" aria-live="polite">
                        {move || {
                            let what = if sync.partner_typing.get().as_deref() == Some("translating") { "is translating" } else { "is typing" };
                            format!("{} {what}…", partner_name())
                        }}
                    </p>
                </Show>
            </div>
            <Show when=move || sync.error.get().is_some()>
                <p class="error" role="alert" data-testid="error">
                    {move || sync.error.get()}
                    <button type="button" class="dismiss" aria-label="Dismiss" on:click=move |_| sync.dismiss_error()>"×"</button>
                </p>
            </Show>
            <Composer sync=sync />
        </section>
    }
}
