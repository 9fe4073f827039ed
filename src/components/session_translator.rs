//! The session view: header, the conversation, the typing indicator and the composer.

use leptos::html::Div;
use leptos::prelude::*;
use session_sync::presence::{PartnerStatus, TypingState};
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::components::composer::Composer;
use crate::components::join_qr::JoinQr;
use crate::components::message_bubble::MessageBubble;
use crate::components::session_header::SessionHeader;
use crate::components::session_heading::SessionHeading;
use crate::components::transcript_export::TranscriptExport;
use crate::components::translation_notice::TranslationNotice;
use crate::i18n::{t, tr};
use crate::services::message_sync::{Me, MessageSync};

#[component]
pub fn SessionTranslator(session_id: Uuid, code: String, me: Me) -> impl IntoView {
    // The interface speaks the language this user writes in.
    crate::i18n::set_language(&me.language);
    let sync = MessageSync::start(session_id, me.clone());
    let waiting = Memo::new(move |_| sync.partner_status.get() == PartnerStatus::Waiting);

    let list: NodeRef<Div> = NodeRef::new();
    // Where the top message was when "Load earlier messages" was pressed: once the older page is
    // prepended (the first message changes) the view is moved by as much as that message moved,
    // so the same messages stay in view (the list or the whole page may be what scrolls).
    let anchor = StoredValue::new(None::<Anchor>);
    // Keep the newest message in view, unless older messages were just prepended.
    Effect::new(move |prev_first: Option<Option<Uuid>>| {
        let first = sync.entries.with(|t| {
            let _ = t.len();
            t.first().map(|e| e.id)
        });
        if let Some(el) = list.get() {
            let prepended = prev_first.is_some_and(|p| p.is_some() && p != first);
            match anchor.get_value() {
                Some(a) if prepended => {
                    anchor.set_value(None);
                    // After the list has rendered the new rows.
                    request_animation_frame(move || a.restore(&el));
                }
                _ => el.set_scroll_top(el.scroll_height()),
            }
        }
        first
    });
    let load_earlier = move |_| {
        if let Some(el) = list.get_untracked() {
            anchor.set_value(Anchor::take(&el));
        }
        sync.load_earlier();
    };
    let partner_name = move || sync.partner.get().map(|p| p.display_name).unwrap_or_else(|| t("partner-fallback-name"));

    view! {
        <section class="session">
            <SessionHeading sync=sync />
            <SessionHeader sync=sync code=code.clone() />
            <TranslationNotice sync=sync />
            <TranscriptExport sync=sync code=code.clone() me=me />
            // Across a table: the partner scans the join link until they are in.
            <Show when=move || waiting.get()>
                <JoinQr code=code.clone() />
            </Show>
            <div class="messages" node_ref=list role="log" aria-live="polite" aria-label=move || t("chat-log-label")>
                <Show when=move || sync.entries.with(|t| t.is_empty())>
                    <p class="muted empty">{move || t(if sync.partner_status.get() == PartnerStatus::Waiting {
                        "chat-empty-waiting"
                    } else {
                        "chat-empty-ready"
                    })}</p>
                </Show>
                <Show when=move || sync.can_load_earlier.get()>
                    <button type="button" class="load-earlier" data-testid="load-earlier"
                        aria-busy=move || sync.loading_earlier.get().to_string()
                        on:click=load_earlier>
                        {move || t(if sync.loading_earlier.get() { "chat-loading-earlier" } else { "chat-load-earlier" })}
                    </button>
                </Show>
                <For each=move || sync.entries.with(|t| t.iter().map(|m| m.id).collect::<Vec<_>>()) key=|id| *id let:id>
                    <MessageBubble sync=sync id=id />
                </For>
            </div>
            <div class="typing-slot">
                <Show when=move || sync.partner_typing.get().is_some()>
                    <p class="typing" data-testid="typing-indicator" aria-live="polite">
                        {move || {
                            let key = match sync.partner_typing.get() {
                                Some(TypingState::Translating) => "chat-translating",
                                _ => "chat-typing",
                            };
                            tr(key, &[("name", partner_name().into())])
                        }}
                    </p>
                </Show>
            </div>
            <Show when=move || sync.error.get().is_some()>
                <p class="error" role="alert" data-testid="error">
                    {move || sync.error.get()}
                    <button type="button" class="dismiss" aria-label=move || t("app-dismiss") on:click=move |_| sync.dismiss_error()>"×"</button>
                </p>
            </Show>
            <Composer sync=sync />
        </section>
    }
}

/// The top message's position before older messages are prepended.
#[derive(Clone)]
struct Anchor {
    id: String,
    offset_top: i32,
    list_top: i32,
    page_y: f64,
}

impl Anchor {
    fn take(list: &web_sys::HtmlDivElement) -> Option<Anchor> {
        let first = list.query_selector("[data-testid=message]").ok()??.dyn_into::<web_sys::HtmlElement>().ok()?;
        Some(Anchor {
            id: first.get_attribute("data-id")?,
            offset_top: first.offset_top(),
            list_top: list.scroll_top(),
            page_y: window().scroll_y().unwrap_or(0.0),
        })
    }

    fn restore(&self, list: &web_sys::HtmlDivElement) {
        let Some(el) = list
            .query_selector(&format!("[data-id=\"{}\"]", self.id))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let moved = el.offset_top() - self.offset_top;
        if list.scroll_height() > list.client_height() {
            list.set_scroll_top(self.list_top + moved);
        } else {
            window().scroll_to_with_x_and_y(0.0, self.page_y + f64::from(moved));
        }
    }
}
