//! One message: what the reader should read (`dir="auto"`, its `lang`, links clickable), the
//! original on demand, the translation state
//! (translating, translated, unavailable with a `retranslate` control, or none), for own
//! messages what the partner reads, and the delivery status (queued, ✓ sent, ✓✓ delivered,
//! read, or failed with retry/discard). A message that waits for a retry after a failed
//! attempt says so at once, with the countdown and "Retry now" (docs/features/chat.md).

use leptos::prelude::*;
use session_sync::engine::{Entry, MessageStatus, TranslationState};
use uuid::Uuid;

use crate::components::error_text::ErrorText;
use crate::components::linked_text::LinkedText;
use crate::components::message_original::MessageOriginal;
use crate::components::session_translator::Clock;
use crate::i18n::t;
use crate::services::delivery::{self, Said};
use crate::services::message_sync::MessageSync;
use crate::services::translation;

/// (marker shown, its accessible label)
fn status_marker(status: MessageStatus) -> (String, String) {
    match status {
        MessageStatus::Pending => (t("message-queued"), t("message-queued-label")),
        MessageStatus::Sending => (t("message-sending"), t("message-sending")),
        MessageStatus::Sent => ("✓".into(), t("message-sent")),
        MessageStatus::Delivered => ("✓✓".into(), t("message-delivered")),
        MessageStatus::Read => (t("message-read-marker"), t("message-read")),
        MessageStatus::Failed => (t("message-not-sent"), t("message-not-sent")),
    }
}

#[component]
pub fn MessageBubble(sync: MessageSync, id: Uuid) -> impl IntoView {
    let entry = Memo::new(move |_| sync.entries.with(|t| t.iter().find(|m| m.id == id).cloned()));
    let get = move |f: fn(&Entry) -> String| move || entry.with(|v| v.as_ref().map(f).unwrap_or_default());
    let own = move || entry.with(|v| v.as_ref().is_some_and(|v| v.own));
    let status = move || entry.with(|v| v.as_ref().and_then(|v| v.status));
    let failed = move || status() == Some(MessageStatus::Failed);
    // Why it is not sent (yet), when the retry comes (`None`: failed for good), in words.
    let not_sent = Memo::new(move |_| {
        entry.with(|v| {
            let e = v.as_ref()?;
            let failed = e.status == Some(MessageStatus::Failed);
            let waiting = matches!(e.status, Some(MessageStatus::Pending | MessageStatus::Sending));
            let said = delivery::reason(e.failure.as_ref()?);
            (failed || waiting).then_some((said, (!failed).then_some(e.retry_at)))
        })
    });
    let clock = use_context::<Clock>().map(|c| c.0);
    let tr = Memo::new(move |_| {
        let partner = sync.partner.with(|p| p.as_ref().map(|p| p.display_name.clone()));
        let retrying = sync.retranslating(id);
        entry.with(|v| v.as_ref().map(|e| translation::bubble(e, partner.as_deref(), retrying)).unwrap_or_default())
    });
    let state = move || tr.with(|t| t.state);
    let offer_original = move || tr.with(|t| t.offer_original);

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
            data-translation=move || state().as_str()
        >
            <p class="text" data-testid="message-text" dir="auto" lang=move || tr.with(|t| t.text_lang.clone())>
                <LinkedText text=Signal::derive(get(|v| v.text.clone())) />
            </p>
            <MessageOriginal text=Signal::derive(get(|v| v.body.clone()))
                lang=Signal::derive(get(|v| translation::written_in(v).to_string()))
                offered=Signal::derive(offer_original) />
            {move || tr.with(|t| t.partner_reads.clone()).map(|text| view! {
                <p class="partner-reads" data-testid="message-translation">
                    <span class="muted">{move || tr.with(|t| t.label.clone())}" "</span>
                    <span dir="auto" lang=move || tr.with(|t| t.partner_reads_lang.clone())><LinkedText text=text /></span>
                </p>
            })}
            {move || not_sent.get().map(|(Said { text, detail, code }, waiting)| view! {
                <div class="failure" data-testid="message-failure" data-reason=code>
                    {waiting.map(|retry_at| view! {
                        <p class="waiting">
                            <span data-testid="retry-countdown">{move || {
                                let now = clock.map_or(0, |c| c.get());
                                delivery::waiting(retry_at.and_then(|at| delivery::seconds_until(at, now)))
                            }}</span>
                            " "
                            <button type="button" class="retry" data-testid="retry-now"
                                on:click=move |_| sync.retry_now()>{move || t("delivery-retry-now")}</button>
                        </p>
                    })}
                    <ErrorText text=Signal::derive(move || text.clone()) detail=detail code=code
                        testid="failure-reason" role="status" />
                </div>
            })}
            <footer class="meta">
                {move || tr.with(|t| {
                    if t.partner_reads.is_some() { return None; }
                    let label = t.label.clone()?;
                    let pending = t.state == TranslationState::Pending;
                    let title = t.reason.clone();
                    let aria = title.as_ref().map(|r| format!("{label}: {r}"));
                    let kind = t.no_route.then_some("no-route");
                    Some(view! {
                        <span class="translation" data-testid="translation-state" data-state=t.state.as_str()
                            data-kind=kind title=title aria-label=aria>
                            {pending.then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                            {label}
                        </span>
                    })
                })}
                {move || tr.with(|t| t.route.clone()).map(|route| view! {
                    <span class="route muted" data-testid="translation-route">{route}</span>
                })}
                <Show when=move || tr.with(|t| t.offer_retranslate)>
                    <button type="button" class="retry" data-testid="retranslate"
                        aria-label=move || t("message-retranslate-label")
                        on:click=move |_| sync.retranslate(id)>{move || t("message-retranslate")}</button>
                </Show>
                {move || status().map(|s| {
                    let (marker, label) = status_marker(s);
                    view! { <span class="status" data-status=s.as_str() title=label.clone() aria-label=label>{marker}</span> }
                })}
                <Show when=failed>
                    <button class="retry" data-testid="retry" on:click=move |_| sync.retry(id)>{move || t("message-retry")}</button>
                    <button class="discard" data-testid="discard" on:click=move |_| sync.discard(id)>{move || t("message-discard")}</button>
                </Show>
            </footer>
        </article>
    }
}
