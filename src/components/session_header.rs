//! Code, connection and partner states, outbox size, and the way out: leaving asks first
//! (docs/features/chat.md), then the end screen on `/` says what happened.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use session_sync::engine::ConnectionState;
use session_sync::presence::PartnerStatus;

use crate::components::invite_box::InviteBox;
use crate::components::session_translator::Clock;
use crate::i18n::{t, tr};
use crate::services::delivery;
use crate::services::local_time::{format_date, formatter};
use crate::services::message_sync::MessageSync;
use crate::services::translation::language_name;
use crate::services::{network, sessions, storage};
use crate::state::{AppState, Left};

/// How long the outbox may take to drain before leaving asks what to do with it.
const LEAVE_FLUSH_MS: u64 = 5000;

/// Leaving asks with the browser's own confirmation (`window.confirm`): modal, read by screen
/// readers, and answered by any test driver's dialog handler, so `leave-session` stays the one
/// control docs/contracts.md §5 names for the way out.
fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

/// The header's expiry note: shown in the last hour (design: sessions live 24 h).
pub fn expiry_label(remaining_ms: f64) -> Option<String> {
    if remaining_ms <= 0.0 {
        Some(t("expiry-expired"))
    } else if remaining_ms < 60_000.0 {
        // Whole numbers in 1..=60 here: formatting them as integers keeps core's float
        // formatter (about 11 KB of wasm) out of the build; the text is the same.
        Some(tr("expiry-seconds", &[("seconds", ((remaining_ms / 1000.0).ceil() as u32).into())]))
    } else if remaining_ms < 3_600_000.0 {
        Some(tr("expiry-minutes", &[("minutes", ((remaining_ms / 60_000.0).ceil() as u32).into())]))
    } else {
        None
    }
}

fn now_epoch_ms() -> f64 {
    js_sys::Date::now()
}

/// The partner's state in words; an unknown one says when the partner was last seen.
fn partner_status_label(status: PartnerStatus, last_seen: Option<f64>) -> String {
    match (status, last_seen) {
        (PartnerStatus::Unknown, Some(at)) => tr("presence-unknown-last-seen", &[("time", clock_time(at).into())]),
        _ => t(match status {
            PartnerStatus::Online => "partner-online",
            PartnerStatus::Away => "partner-away",
            PartnerStatus::Offline => "partner-offline",
            PartnerStatus::Left => "partner-left",
            PartnerStatus::Waiting => "partner-waiting",
            PartnerStatus::Unknown => "presence-unknown",
        }),
    }
}

/// Hours and minutes of an epoch time, as the interface language writes them.
fn clock_time(epoch_ms: f64) -> String {
    format_date(&formatter(&[("hour", "numeric"), ("minute", "2-digit")]), &js_sys::Date::new(&epoch_ms.into()))
}

#[component]
pub fn SessionHeader(sync: MessageSync, code: String) -> impl IntoView {
    let navigate = use_navigate();
    let app = expect_context::<AppState>();
    let leaving = RwSignal::new(false);
    let code_for_leave = code.clone();
    let partner_label = move || {
        let who = sync.partner.get();
        let name = who.as_ref().map(|p| p.display_name.clone());
        let lang = who.as_ref().map(|p| language_name(&p.language));
        let status = sync.partner_status.get();
        let text = partner_status_label(status, sync.partner_last_seen.get());
        match (status, name) {
            (PartnerStatus::Waiting, _) => t("partner-waiting"),
            (_, Some(n)) => tr(
                "partner-label",
                &[("name", n.into()), ("language", lang.unwrap_or_default().into()), ("status", text.into())],
            ),
            (_, None) => tr("partner-unnamed", &[("status", text.into())]),
        }
    };
    // Expiry: the session row's `expires_at`, checked against the wall clock on each tick of
    // the session view's one-second `Clock`.
    let clock = expect_context::<Clock>().0;
    let expires_at = RwSignal::new(None::<f64>);
    let session_id = sync.session_id();
    spawn_local(async move {
        if let Some(at) = sessions::expires_at(session_id).await {
            let _ = expires_at.try_set(Some(at));
        }
    });
    let remaining = Memo::new(move |_| {
        clock.track();
        expires_at.get().map(|at| at - now_epoch_ms())
    });
    let expiry = Memo::new(move |_| remaining.get().and_then(expiry_label));
    let expired = Memo::new(move |_| remaining.get().is_some_and(|r| r <= 0.0));
    Effect::new(move |_| {
        if expired.get() {
            sync.set_error(t("session-expired-error"));
        }
    });

    // Leaving: asked first (with what happens to unsent messages), then the outbox drains (or,
    // offline or when it cannot drain, is discarded once agreed), `leave_session`, and home to
    // the end screen.
    let leave = move |_| {
        if leaving.get_untracked() {
            return;
        }
        let online = network::is_online();
        let queued = sync.queue_count.get_untracked();
        let mut question = format!("{}\n\n{}", t("chat-leave-title"), t("chat-leave-explained"));
        if queued > 0 {
            let key = if online { "chat-leave-unsent-online" } else { "chat-leave-unsent-offline" };
            question.push_str("\n\n");
            question.push_str(&tr(key, &[("count", queued.into())]));
        }
        if !confirm(&question) {
            return;
        }
        leaving.set(true);
        let navigate = navigate.clone();
        let code = code_for_leave.clone();
        let partner = sync.partner.get_untracked().map(|p| p.display_name);
        spawn_local(async move {
            let mut discard = !online && queued > 0;
            if online && queued > 0 && !sync.flush(LEAVE_FLUSH_MS).await {
                let left = sync.queue_count.try_get_untracked().unwrap_or(0);
                if left > 0 {
                    if !confirm(&tr("chat-leave-unsent-failed", &[("count", left.into())])) {
                        let _ = leaving.try_set(false);
                        return;
                    }
                    discard = true;
                }
            }
            match sync.leave(discard).await {
                Ok(()) => {
                    storage::forget_membership(&code);
                    app.left.set(Some(Left { partner }));
                    navigate("/", Default::default());
                }
                Err(e) => {
                    leptos::logging::warn!("leave_session: {e}");
                    sync.set_error(t(if network::is_online() { "leave-failed" } else { "leave-failed-offline" }));
                    let _ = leaving.try_set(false);
                }
            }
        });
    };

    view! {
        <header class="session-header">
            <InviteBox code=code waiting=Signal::derive(move || sync.partner_status.get() == PartnerStatus::Waiting) />
            <div class="states">
                <span class="pill" data-testid="connection-status" data-state=move || sync.connection.get().as_str()
                    data-sending=move || if sync.sending_fails.get() { "failing" } else { "ok" }
                    role="status" aria-live="polite">
                    <Show when=move || matches!(sync.connection.get(), ConnectionState::Connecting | ConnectionState::Reconnecting)>
                        <span class="spinner" aria-hidden="true"></span>
                    </Show>
                    {move || t(delivery::connection_key(sync.connection.get(), sync.online.get(), sync.sending_fails.get()))}
                    // The engine gave up reconnecting by itself: offer to try now.
                    <Show when=move || sync.connection.get() == ConnectionState::Disconnected && sync.online.get()>
                        <button type="button" class="reconnect" on:click=move |_| sync.reconnect_now()>{move || t("connection-reconnect")}</button>
                    </Show>
                </span>
                // An unknown state keeps `data-state` within docs/contracts.md §5 (`offline`)
                // and says so with `data-known="false"`.
                <span class="pill" data-testid="partner-status" data-state=move || sync.partner_status.get().as_str()
                    data-known=move || (sync.partner_status.get() != PartnerStatus::Unknown).to_string()
                    title=move || (sync.partner_status.get() == PartnerStatus::Unknown).then(|| t("presence-unknown-title"))>
                    {partner_label}
                </span>
                <Show when=move || expiry.get().is_some()>
                    <span class="pill warn" data-testid="session-expiry" data-expired=move || expired.get().to_string()>
                        {move || expiry.get()}
                    </span>
                </Show>
                <Show when=move || { sync.queue_count.get() > 0 }>
                    <span class="pill warn" title=move || t("header-queued-title")>
                        <span data-testid="queue-count">{move || sync.queue_count.get()}</span>
                        " "{move || tr("header-queued", &[("count", sync.queue_count.get().into())])}
                    </span>
                </Show>
            </div>
            <button class="leave" data-testid="leave-session" on:click=leave disabled=move || leaving.get()>
                {move || t(if leaving.get() { "chat-leaving" } else { "leave" })}
            </button>
        </header>
    }
}
