//! The session's code and join link with "Copy link": open while the partner has not joined,
//! folded into "Invite details" once they have, so the conversation gets the room and the link
//! stays one click away. The code stays in sight in the fold's summary: it names the session
//! (`session-code`, docs/contracts.md §5).

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::t;

/// How long the copy button says what happened before it reads "Copy link" again.
const COPY_FEEDBACK: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Ready,
    Copied,
    /// The browser refused (no permission, or not a secure page).
    Failed,
}

/// Writes `text` to the clipboard; false when the browser refuses.
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    JsFuture::from(window.navigator().clipboard().write_text(text)).await.is_ok()
}

#[component]
pub fn InviteBox(
    code: String,
    /// True until the partner has joined.
    #[prop(into)]
    waiting: Signal<bool>,
) -> impl IntoView {
    let link =
        web_sys::window().and_then(|w| w.location().origin().ok()).map(|o| format!("{o}/s/{code}")).unwrap_or_default();
    let link_to_copy = link.clone();
    // Folds once, when the partner arrives; the person's own opening and closing is theirs.
    let open = Memo::new(move |_| waiting.get());
    let copy_state = RwSignal::new(CopyState::Ready);
    let reset = StoredValue::new(None::<TimeoutHandle>);
    let clear_reset = move || {
        if let Some(handle) = reset.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(clear_reset);

    let copy = move |_| {
        let link = link_to_copy.clone();
        spawn_local(async move {
            let copied = copy_to_clipboard(&link).await;
            if copy_state.try_set(if copied { CopyState::Copied } else { CopyState::Failed }).is_some() {
                return; // the header is gone
            }
            clear_reset();
            let back = move || {
                let _ = copy_state.try_set(CopyState::Ready);
            };
            if let Ok(handle) = set_timeout_with_handle(back, COPY_FEEDBACK) {
                reset.try_set_value(Some(handle));
            }
        });
    };
    let copy_label = move || match copy_state.get() {
        CopyState::Ready => t("session-copy-link"),
        CopyState::Copied => t("session-copied"),
        CopyState::Failed => t("join-copy-failed"),
    };

    view! {
        <details class="code-box" prop:open=move || open.get()>
            <summary>
                <span class="label">{move || t("session-code-label")}</span>" "
                <strong class="code" data-testid="session-code">{code}</strong>
                <span class="fold-hint">{move || t("join-invite-details")}</span>
            </summary>
            <span class="share">
                <a class="link" href=link.clone() title=move || t("session-link-title")>{link.clone()}</a>
                <button type="button" class="copy" data-testid="copy-link" data-state=move || match copy_state.get() {
                    CopyState::Ready => "ready",
                    CopyState::Copied => "copied",
                    CopyState::Failed => "failed",
                } on:click=copy>
                    <span aria-live="polite">{copy_label}</span>
                </button>
            </span>
        </details>
    }
}
