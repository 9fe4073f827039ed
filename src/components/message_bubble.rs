//! One message: what the reader should read, with the original on demand.

use leptos::prelude::*;
use uuid::Uuid;

use crate::services::message_sync::{MessageSync, MessageView};

fn status_label(status: &str) -> &'static str {
    match status {
        "pending" => "Waiting to send",
        "sending" => "Sending…",
        "sent" => "Sent",
        "delivered" => "Delivered",
        "read" => "Read",
        "failed" => "Not sent",
        _ => "",
    }
}

fn translation_label(own: bool, state: &str) -> Option<&'static str> {
    match (own, state) {
        (false, "pending") => Some("Translating…"),
        (false, "failed") => Some("Translation unavailable, showing the original"),
        (false, "done") => Some("Translated"),
        (true, "failed") => Some("Translation for your partner failed"),
        _ => None,
    }
}

#[component]
pub fn MessageBubble(sync: MessageSync, id: Uuid) -> impl IntoView {
    let view_of = Memo::new(move |_| {
        sync.timeline
            .with(|t| t.iter().find(|m| m.id == id).cloned())
    });
    let get = move |f: fn(&MessageView) -> String| {
        move || view_of.with(|v| v.as_ref().map(f).unwrap_or_default())
    };
    let own = move || view_of.with(|v| v.as_ref().is_some_and(|v| v.own));
    let status = move || view_of.with(|v| v.as_ref().and_then(|v| v.status));
    let translation =
        move || view_of.with(|v| v.as_ref().map(|v| v.translation).unwrap_or("pending"));
    let can_retry = move || status() == Some("failed") || (!own() && translation() == "failed");

    view! {
        <article
            class="message"
            class:own=own
            class:theirs=move || !own()
            data-testid="message"
            data-id=id.to_string()
            data-own=move || own().to_string()
            data-status=status
            data-translation=translation
        >
            <p class="text" data-testid="message-text">{get(|v| v.text.clone())}</p>
            // The original is always in the DOM; only a partner's translated message offers it.
            <details class="original" class:visually-hidden=move || own() || translation() == "none">
                <summary>"Show original"</summary>
                <p data-testid="message-original" lang=get(|v| v.source_lang.clone())>{get(|v| v.original.clone())}</p>
            </details>
            <footer class="meta">
                {move || translation_label(own(), translation()).map(|t| view! { <span class="translation">{t}</span> })}
                {move || status().map(|s| view! { <span class="status">{status_label(s)}</span> })}
                <Show when=can_retry>
                    <button class="retry" data-testid="retry" on:click=move |_| sync.retry(id)>"Retry"</button>
                </Show>
            </footer>
        </article>
    }
}
