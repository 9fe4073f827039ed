//! Code, connection and partner states, outbox size, and the way out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::components::language_select::language_name;
use crate::services::message_sync::MessageSync;
use crate::services::storage;

fn connection_label(state: &str, online: bool) -> &'static str {
    match state {
        "connected" => "Connected",
        "reconnecting" => "Reconnecting…",
        "disconnected" if online => "Disconnected",
        "disconnected" => "Offline",
        _ => "Connecting…",
    }
}

fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

#[component]
pub fn SessionHeader(sync: MessageSync, code: String) -> impl IntoView {
    let navigate = use_navigate();
    let leaving = RwSignal::new(false);
    let link = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .map(|o| format!("{o}/s/{code}"))
        .unwrap_or_default();
    let code_for_leave = code.clone();
    let link_to_copy = link.clone();
    let copied = RwSignal::new(false);
    let partner_label = move || {
        let who = sync.partner.get();
        let name = who.as_ref().map(|p| p.display_name.clone());
        let lang = who.as_ref().map(|p| language_name(&p.language));
        match (sync.partner_state.get(), name) {
            ("waiting", _) => "Waiting for your partner".to_string(),
            (state, Some(n)) => format!("{n} ({}) · {state}", lang.unwrap_or_default()),
            (state, None) => format!("Partner · {state}"),
        }
    };
    let leave = move |_| {
        leaving.set(true);
        let navigate = navigate.clone();
        let code = code_for_leave.clone();
        spawn_local(async move {
            match sync.leave().await {
                Ok(()) => {
                    storage::forget_membership(&code);
                    navigate("/", Default::default());
                }
                Err(e) => {
                    sync.set_error(format!("Could not leave: {e}"));
                    let _ = leaving.try_set(false);
                }
            }
        });
    };

    view! {
        <header class="session-header">
            <div class="code-box">
                <span class="label">"Code"</span>
                <strong class="code" data-testid="session-code">{code}</strong>
                <span class="share">
                    <a class="link" href=link.clone() title="Link for your partner">{link.clone()}</a>
                    <button type="button" class="copy" on:click=move |_| {
                        copy_to_clipboard(&link_to_copy);
                        copied.set(true);
                    }>{move || if copied.get() { "Copied" } else { "Copy link" }}</button>
                </span>
            </div>
            <div class="states">
                <span class="pill" data-testid="connection-status" data-state=move || sync.connection.get()
                    role="status" aria-live="polite">
                    <Show when=move || matches!(sync.connection.get(), "connecting" | "reconnecting")>
                        <span class="spinner" aria-hidden="true"></span>
                    </Show>
                    {move || connection_label(sync.connection.get(), sync.online.get())}
                    // The engine gave up reconnecting by itself: offer to try now.
                    <Show when=move || sync.connection.get() == "disconnected" && sync.online.get()>
                        <button type="button" class="reconnect" on:click=move |_| sync.reconnect_now()>"Reconnect"</button>
                    </Show>
                </span>
                <span class="pill" data-testid="partner-status" data-state=move || sync.partner_state.get()>
                    {partner_label}
                </span>
                <Show when=move || { sync.queue_count.get() > 0 }>
                    <span class="pill warn" title="Messages not yet stored by the server">
                        <span data-testid="queue-count">{move || sync.queue_count.get()}</span>
                        " queued"
                    </span>
                </Show>
            </div>
            <button class="leave" data-testid="leave-session" on:click=leave disabled=move || leaving.get()>
                "Leave"
            </button>
        </header>
    }
}
