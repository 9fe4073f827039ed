//! One message: what the reader should read, the original on demand, and for own messages
//! the delivery status (queued, ✓ sent, ✓✓ delivered, read, or failed with retry/discard).

use leptos::prelude::*;
use session_sync::engine::{Entry, MessageStatus};
use uuid::Uuid;

use crate::services::message_sync::MessageSync;

/// (marker shown, its accessible label)
fn status_marker(status: MessageStatus) -> (&'static str, &'static str) {
    match status {
        MessageStatus::Pending => ("🕓 Queued", "Waiting to be sent"),
        MessageStatus::Sending => ("Sending…", "Sending"),
        MessageStatus::Sent => ("✓", "Sent"),
        MessageStatus::Delivered => ("✓✓", "Delivered"),
        MessageStatus::Read => ("✓✓ Read", "Read"),
        MessageStatus::Failed => ("Not sent", "Not sent"),
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
    let entry = Memo::new(move |_| sync.entries.with(|t| t.iter().find(|m| m.id == id).cloned()));
    let get = move |f: fn(&Entry) -> String| move || entry.with(|v| v.as_ref().map(f).unwrap_or_default());
    let own = move || entry.with(|v| v.as_ref().is_some_and(|v| v.own));
    let status = move || entry.with(|v| v.as_ref().and_then(|v| v.status));
    let translation = move || entry.with(|v| v.as_ref().map_or("pending", |v| v.translation.as_str()));
    let failed = move || status() == Some(MessageStatus::Failed);
    let retranslate = move || !own() && translation() == "failed";
    let failure = move || entry.with(|v| v.as_ref().and_then(|v| v.failure.clone()));

    view! {
        <article
            class="message"
            class:own=own
            class:theirs=move || !own()
            class:queued=move || matches!(status(), Some(MessageStatus::Pending | MessageStatus::Sending))
            data-testid="message"
            data-id=id.to_string()
            data-own=move || own().to_string()
            data-status=move || status().map(|s| s.as_str())
            data-translation=translation
        >
            <p class="text" data-testid="message-text">{get(|v| v.text.clone())}</p>
            // The original is always in the DOM; only a partner's translated message offers it.
            <details class="original" class:visually-hidden=move || own() || translation() == "none">
                <summary>"Show original"</summary>
                <p data-testid="message-original" lang=get(|v| v.source_lang.clone())>{get(|v| v.body.clone())}</p>
            </details>
            <Show when=failed>
                <p class="failure" role="status">{move || failure().unwrap_or_else(|| "Not sent".into())}</p>
            </Show>
            <footer class="meta">
                {move || translation_label(own(), translation()).map(|t| view! { <span class="translation">{t}</span> })}
                {move || status().map(|s| {
                    let (marker, label) = status_marker(s);
                    view! { <span class="status" data-status=s.as_str() title=label aria-label=label>{marker}</span> }
                })}
                <Show when=move || failed() || retranslate()>
                    <button class="retry" data-testid="retry" on:click=move |_| sync.retry(id)>"Retry"</button>
                </Show>
                <Show when=failed>
                    <button class="discard" data-testid="discard" on:click=move |_| sync.discard(id)>"Discard"</button>
                </Show>
            </footer>
        </article>
    }
}
