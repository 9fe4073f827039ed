//! Code, connection and partner states, outbox size, and the way out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use session_sync::engine::ConnectionState;
use session_sync::presence::PartnerStatus;

use crate::components::invite_box::InviteBox;
use crate::i18n::{t, tr};
use crate::services::message_sync::MessageSync;
use crate::services::translation::language_name;
use crate::services::{network, sessions, storage};

/// How long the outbox may take to drain before leaving asks what to do with it.
const LEAVE_FLUSH_MS: u64 = 5000;

fn confirm(text: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(text).ok()).unwrap_or(false)
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

fn connection_label(state: ConnectionState, online: bool) -> String {
    t(match state {
        ConnectionState::Connected => "connection-connected",
        ConnectionState::Reconnecting => "connection-reconnecting",
        ConnectionState::Disconnected if online => "connection-disconnected",
        ConnectionState::Disconnected => "connection-offline",
        ConnectionState::Connecting => "connection-connecting",
    })
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

/// Hours and minutes of an epoch time, as the interface language writes them (the browser's
/// `Intl`).
fn clock_time(epoch_ms: f64) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"hour".into(), &"numeric".into());
    let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
    js_sys::Date::new(&epoch_ms.into()).to_locale_time_string_with_options(crate::i18n::language(), &options).into()
}

#[component]
pub fn SessionHeader(sync: MessageSync, code: String) -> impl IntoView {
    let navigate = use_navigate();
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
    // Expiry: the session row's `expires_at`, checked every second against the clock.
    let expires_at = RwSignal::new(None::<f64>);
    let now = RwSignal::new(now_epoch_ms());
    let session_id = sync.session_id();
    spawn_local(async move {
        if let Some(at) = sessions::expires_at(session_id).await {
            let _ = expires_at.try_set(Some(at));
        }
    });
    if let Ok(tick) = set_interval_with_handle(
        move || {
            let _ = now.try_set(now_epoch_ms());
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || tick.clear());
    }
    let remaining = Memo::new(move |_| expires_at.get().map(|at| at - now.get()));
    let expiry = Memo::new(move |_| remaining.get().and_then(expiry_label));
    let expired = Memo::new(move |_| remaining.get().is_some_and(|r| r <= 0.0));
    Effect::new(move |_| {
        if expired.get() {
            sync.set_error(t("session-expired-error"));
        }
    });

    // Leaving: let the outbox drain (or agree to discard it); `leave_session`; home. Only a
    // leave that would lose messages asks first: one click on `leave-session` must leave
    // (docs/contracts.md §5 drives the app through it), and the history stays with the partner.
    let leave = move |_| {
        leaving.set(true);
        let navigate = navigate.clone();
        let code = code_for_leave.clone();
        spawn_local(async move {
            let online = network::is_online();
            let flushed = online && sync.flush(LEAVE_FLUSH_MS).await;
            let queued = sync.queue_count.try_get_untracked().unwrap_or(0);
            let mut discard = false;
            if !flushed && queued > 0 {
                let key = if online { "leave-unsent-online" } else { "leave-unsent-offline" };
                let text = tr(key, &[("count", queued.into())]);
                if !confirm(&text) {
                    let _ = leaving.try_set(false);
                    return;
                }
                discard = true;
            }
            match sync.leave(discard).await {
                Ok(()) => {
                    storage::forget_membership(&code);
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
                    role="status" aria-live="polite">
                    <Show when=move || matches!(sync.connection.get(), ConnectionState::Connecting | ConnectionState::Reconnecting)>
                        <span class="spinner" aria-hidden="true"></span>
                    </Show>
                    {move || connection_label(sync.connection.get(), sync.online.get())}
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
                {move || t("leave")}
            </button>
        </header>
    }
}
