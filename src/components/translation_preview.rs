//! The composer's translation preview (docs/features/chat.md, "Preview"): a switch, and while it
//! is on, what the partner will read and how that reads back in the sender's language. The
//! timing rules are `services::preview`; this adapter feeds it the draft and the clock and asks
//! the translate function. A preview is never sent, never stored, never waited for.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use session_sync::engine::RequestError;
use uuid::Uuid;

use crate::i18n::{t, tr};
use crate::services::languages;
use crate::services::message_sync::MessageSync;
use crate::services::network;
use crate::services::preview::{Failure, Preview, Ready, Shown};
use crate::services::storage;
use crate::services::supabase;
use crate::services::translation::{language_name, Languages};

#[derive(Serialize)]
struct TranslateCall<'a> {
    text: &'a str,
    source: &'a str,
    target: &'a str,
    /// The session's names and glossary apply to the preview as to the message.
    session_id: Uuid,
}

#[derive(Deserialize)]
struct Answer {
    translated: String,
}

async fn translate(text: &str, source: &str, target: &str, session_id: Uuid) -> Result<String, Failure> {
    let call = TranslateCall { text, source, target, session_id };
    match supabase::invoke::<_, Answer>("translate", "POST", Some(&call)).await {
        Ok(answer) => Ok(answer.translated),
        Err(err) => Err(match err.classify() {
            RequestError::RateLimited { retry_after_ms } => {
                Failure::RateLimited { retry_after_ms: retry_after_ms as f64 }
            }
            _ => Failure::Unavailable,
        }),
    }
}

/// The draft there and back: what the partner reads, and that in the sender's words.
async fn round_trip(text: &str, me: &str, partner: &str, session_id: Uuid) -> Result<Ready, Failure> {
    let translation = translate(text, me, partner, session_id).await?;
    let back = translate(&translation, partner, me, session_id).await?;
    Ok(Ready { translation, back })
}

#[component]
pub fn TranslationPreview(
    draft: RwSignal<String>,
    sync: MessageSync,
    session_id: Uuid,
    me_language: String,
) -> impl IntoView {
    let enabled = RwSignal::new(storage::preview_enabled());
    let langs = RwSignal::new(None::<Languages>);
    languages::fetch_into(langs);
    let me = StoredValue::new(me_language);
    let partner = Memo::new(move |_| sync.partner.get().filter(|p| !p.left).map(|p| (p.display_name, p.language)));
    // Offered when there is somebody to preview for, in another language the engine translates.
    let offered = Memo::new(move |_| {
        let Some((_, target)) = partner.get() else { return false };
        let me = me.get_value();
        target != me && langs.with(|l| l.as_ref().is_some_and(|l| l.both_ways(&me, &target)))
    });
    let active = Memo::new(move |_| enabled.get() && offered.get() && sync.online.get());

    let preview = StoredValue::new(Preview::default());
    let shown = RwSignal::new(Shown::Nothing);
    let publish = move || {
        let now = preview.with_value(|p| p.shown().clone());
        if shown.with_untracked(|s| *s != now) {
            let _ = shown.try_set(now);
        }
    };
    let poll = move || {
        let Some(ask) = preview.try_update_value(|p| p.poll(network::now_ms() as f64)).flatten() else { return };
        publish();
        let Some((_, target)) = partner.get_untracked() else { return };
        let source = me.get_value();
        spawn_local(async move {
            let answer = round_trip(&ask.text, &source, &target, session_id).await;
            let _ = preview.try_update_value(|p| p.answered(ask.generation, answer, network::now_ms() as f64));
            publish();
        });
    };
    // A short tick while the preview is on; the pure state decides whether anything is due.
    if let Ok(tick) = set_interval_with_handle(
        move || {
            if active.get_untracked() {
                poll()
            }
        },
        std::time::Duration::from_millis(150),
    ) {
        on_cleanup(move || tick.clear());
    }
    Effect::new(move |_| {
        let text = draft.get();
        if active.get() {
            preview.update_value(|p| p.edit(&text, network::now_ms() as f64));
        } else {
            preview.update_value(Preview::clear);
        }
        publish();
    });

    let toggle = move |_| {
        let on = !enabled.get_untracked();
        storage::set_preview_enabled(on);
        enabled.set(on);
    };
    let partner_name = move || partner.get().map(|(name, _)| name).unwrap_or_default();
    let partner_lang = move || partner.get().map(|(_, lang)| lang).unwrap_or_default();
    let my_lang = me.get_value();
    let result = move || match shown.get() {
        Shown::Nothing => None,
        Shown::Ready(ready) | Shown::Updating { previous: Some(ready) } => Some(ready),
        _ => None,
    };
    let note = move || match shown.get() {
        Shown::Updating { .. } => Some(t("preview-updating")),
        Shown::Unavailable => Some(t("preview-unavailable")),
        Shown::Paused => Some(t("preview-paused")),
        _ => None,
    };

    view! {
        <Show when=move || offered.get()>
            <div class="translation-preview-area">
                <button type="button" class="preview-toggle" data-testid="preview-toggle"
                    aria-pressed=move || if enabled.get() { "true" } else { "false" }
                    on:click=toggle>
                    {move || t("preview-toggle")}
                </button>
                <div class="translation-preview" data-testid="translation-preview" aria-live="polite"
                    hidden=move || !enabled.get() || matches!(shown.get(), Shown::Nothing)>
                    {
                        let my_lang = my_lang.clone();
                        move || result().map(|ready| {
                            let my_lang = my_lang.clone();
                            view! {
                                <p class="preview-line">
                                    <span class="preview-label">{move || tr("preview-partner-reads", &[("name", partner_name().into())])}</span>" "
                                    <span data-testid="preview-translation" dir="auto" lang=partner_lang>{ready.translation}</span>
                                </p>
                                <p class="preview-line">
                                    <span class="preview-label">{move || tr("preview-back-in", &[("language", language_name(&my_lang).into())])}</span>" "
                                    <span data-testid="preview-back" dir="auto" lang=me.get_value()>{ready.back}</span>
                                </p>
                            }
                        })
                    }
                    <p class="hint preview-note" data-testid="preview-note">{note}</p>
                </div>
            </div>
        </Show>
    }
}
