//! The session view: header, the conversation, the typing indicator and the composer. The
//! conversation follows new messages as `services::chat_follow` decides (docs/features/chat.md):
//! this file only measures the list, scrolls it, and shows the `new-messages` button and the
//! page title's unread count.

use leptos::html::Div;
use leptos::prelude::*;
use session_sync::engine::Millis;
use session_sync::presence::{PartnerStatus, TypingState};
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::components::composer::Composer;
use crate::components::error_text::ErrorText;
use crate::components::glossary_panel::GlossaryPanel;
use crate::components::join_qr::JoinQr;
use crate::components::message_bubble::MessageBubble;
use crate::components::session_header::SessionHeader;
use crate::components::session_heading::SessionHeading;
use crate::components::transcript_export::TranscriptExport;
use crate::components::translation_notice::TranslationNotice;
use crate::i18n::{t, tr};
use crate::services::chat_follow::{title_prefix, Follow, Scroll, Seen};
use crate::services::glossary_sync::Glossary;
use crate::services::message_sync::{Me, MessageSync};
use crate::services::network::{self, Listener};
use crate::state::AppState;

/// The driver's clock (`network::now_ms`, the engine's `now`), a second at a time: what the
/// bubbles' retry countdowns read, and the tick on which the header checks the expiry.
#[derive(Clone, Copy)]
pub struct Clock(pub RwSignal<Millis>);

#[component]
pub fn SessionTranslator(session_id: Uuid, code: String, me: Me) -> impl IntoView {
    // The interface speaks the language this user writes in.
    crate::i18n::set_language(&me.language);
    let app = expect_context::<AppState>();
    // In a session again: the end screen of one left before has had its say.
    app.left.set(None);
    let sync = MessageSync::start(session_id, me.clone());
    let glossary = Glossary::start(sync);
    let my_id = me.user_id;
    let my_language = me.language.clone();
    let waiting = Memo::new(move |_| sync.partner_status.get() == PartnerStatus::Waiting);

    let clock = RwSignal::new(network::now_ms());
    if let Ok(tick) = set_interval_with_handle(
        move || {
            let _ = clock.try_set(network::now_ms());
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || tick.clear());
    }
    provide_context(Clock(clock));

    let list: NodeRef<Div> = NodeRef::new();
    // Where the top message was when "Load earlier messages" was pressed: once the older page is
    // prepended the view is moved by as much as that message moved, so the same messages stay
    // in view.
    let anchor = StoredValue::new(None::<Anchor>);
    let follow = StoredValue::new(Follow::new(network::is_visible()));
    let unseen = RwSignal::new(0usize);
    let unread = RwSignal::new(0usize);
    let publish = move || {
        follow.with_value(|f| {
            let _ = unseen.try_set(f.unseen());
            let _ = unread.try_set(f.unread());
        });
    };

    Effect::new(move |_| {
        let seen: Vec<Seen> = sync.entries.with(|es| es.iter().map(|e| Seen { id: e.id, own: e.own }).collect());
        let scroll = follow.try_update_value(|f| f.entries_changed(&seen)).unwrap_or(Scroll::Stay);
        publish();
        let Some(el) = list.get_untracked() else { return };
        match scroll {
            Scroll::ToBottom => {
                to_bottom(&el);
                // Again once the new rows are laid out (a hidden tab skips this; the first
                // call already put it at the end).
                request_animation_frame(move || to_bottom(&el));
            }
            Scroll::KeepAnchor => {
                if let Some(a) = anchor.try_update_value(Option::take).flatten() {
                    request_animation_frame(move || a.restore(&el));
                }
            }
            Scroll::Stay => {}
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = list.get_untracked() {
            let from_bottom = f64::from(el.scroll_height() - el.scroll_top() - el.client_height());
            follow.update_value(|f| f.scrolled(from_bottom));
            publish();
        }
    };
    let jump = move |_| {
        follow.update_value(|f| {
            f.jump();
        });
        publish();
        if let Some(el) = list.get_untracked() {
            to_bottom(&el);
        }
    };
    // A reader at the newest message stays there when the list gets shorter (a phone's
    // keyboard opening, a notice above the composer) or the tab comes back.
    let keep_at_bottom = move || {
        if follow.with_value(Follow::at_bottom) {
            if let Some(el) = list.get_untracked() {
                to_bottom(&el);
            }
        }
    };
    let mut listeners: Vec<Listener> = Listener::on_visibility_change(move |visible| {
        follow.update_value(|f| f.visibility(visible));
        publish();
        keep_at_bottom();
    })
    .into_iter()
    .collect();
    listeners.extend(Listener::on_window("resize", keep_at_bottom));
    let listeners = StoredValue::new_local(listeners);
    on_cleanup(move || listeners.dispose());

    let load_earlier = move |_| {
        if let Some(el) = list.get_untracked() {
            anchor.set_value(Anchor::take(&el));
        }
        sync.load_earlier();
    };
    let partner_name = move || sync.partner.get().map(|p| p.display_name).unwrap_or_else(|| t("partner-fallback-name"));

    // The page title: the partner and the unread count, e.g. "(3) Ana · Session Translator".
    Effect::new(move |_| {
        let name = sync.partner.with(|p| p.as_ref().map(|p| p.display_name.clone()));
        app.title_prefix.set(title_prefix(name.as_deref(), unread.get()));
    });
    on_cleanup(move || {
        let _ = app.title_prefix.try_set(String::new());
    });

    view! {
        <section class="session">
            <SessionHeading sync=sync />
            <SessionHeader sync=sync code=code.clone() />
            <TranslationNotice sync=sync />
            <TranscriptExport sync=sync code=code.clone() me=me />
            <GlossaryPanel glossary=glossary me=my_id partner_name=Signal::derive(partner_name) />
            // Across a table: the partner scans the join link until they are in.
            <Show when=move || waiting.get()>
                <JoinQr code=code.clone() />
            </Show>
            <div class="conversation">
                <div class="messages" node_ref=list role="log" aria-live="polite" aria-label=move || t("chat-log-label")
                    on:scroll=on_scroll>
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
                <Show when=move || { unseen.get() > 0 }>
                    <button type="button" class="new-messages" data-testid="new-messages"
                        data-count=move || unseen.get().to_string()
                        title=move || t("chat-new-messages-label")
                        on:click=jump>
                        {move || tr("chat-new-messages", &[("count", unseen.get().into())])}
                        <span aria-hidden="true">" ↓"</span>
                    </button>
                </Show>
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
            {move || sync.error.get().map(|said| {
                let text = said.text.clone();
                view! {
                    <div class="banner">
                        <ErrorText text=Signal::derive(move || text.clone()) detail=said.detail code=said.code />
                        <button type="button" class="dismiss" aria-label=move || t("app-dismiss")
                            on:click=move |_| sync.dismiss_error()>"×"</button>
                    </div>
                }
            })}
            <Composer sync=sync session_id=session_id me_language=my_language />
        </section>
    }
}

fn to_bottom(list: &web_sys::HtmlDivElement) {
    list.set_scroll_top(list.scroll_height());
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
