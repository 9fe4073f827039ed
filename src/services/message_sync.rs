//! MessageSyncService: one open session. State lives in signals owned by the service, derived
//! state in memos; the decisions are the plain functions of `timeline`. The IO here is thin:
//! supabase-js calls through `supabase`, localStorage through `storage`, timers.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use serde_json::json;
use session_sync::domain::{self, Message, NewMessage, Participant};
use uuid::Uuid;

use super::supabase::{self, Channel};
use super::timeline::{self as tl, ChannelStatus, Entry, Local, PresenceState};
use super::{network, storage};
use crate::app::AppState;

/// Outbox limit of design.md §4.
pub const OUTBOX_LIMIT: usize = 50;
const TYPING_THROTTLE_MS: f64 = 2000.0;
const TYPING_EXPIRY: Duration = Duration::from_millis(5000);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    pub user_id: Uuid,
    pub display_name: String,
    pub language: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct OutboxItem {
    row: NewMessage,
    attempts: u32,
    state: Local,
}

/// What a message bubble renders (design.md §5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageView {
    pub id: Uuid,
    pub own: bool,
    pub status: Option<&'static str>,
    pub translation: &'static str,
    pub text: String,
    pub original: String,
    pub source_lang: String,
}

#[derive(Deserialize)]
struct ChangeEvent {
    table: String,
    new: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct TypingEvent {
    user_id: Option<String>,
    state: Option<String>,
}

#[derive(Default)]
struct Io {
    channel: Option<Channel>,
    closing: bool,
    flushing: bool,
    retry_scheduled: bool,
    last_typing_sent: f64,
    typing_generation: u32,
}

#[derive(Clone, Copy)]
pub struct MessageSync {
    app: AppState,
    pub me: RwSignal<Option<Me>>,
    pub session_id: RwSignal<Option<Uuid>>,
    entries: RwSignal<Vec<Entry>>,
    participants: RwSignal<Vec<Participant>>,
    presence: RwSignal<PresenceState>,
    channel_status: RwSignal<ChannelStatus>,
    ever_connected: RwSignal<bool>,
    outbox: RwSignal<Vec<OutboxItem>>,
    acked: RwSignal<(i64, i64)>,
    pub partner_typing: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
    io: StoredValue<Io, LocalStorage>,
    pub partner: Memo<Option<Participant>>,
    pub timeline: Memo<Vec<MessageView>>,
    pub connection: Memo<&'static str>,
    pub partner_state: Memo<&'static str>,
    pub queue_count: Memo<usize>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl MessageSync {
    pub fn new(app: AppState) -> Self {
        let me = RwSignal::new(None::<Me>);
        let entries = RwSignal::new(Vec::<Entry>::new());
        let participants = RwSignal::new(Vec::<Participant>::new());
        let presence = RwSignal::new(PresenceState::new());
        let channel_status = RwSignal::new(ChannelStatus::Idle);
        let ever_connected = RwSignal::new(false);
        let outbox = RwSignal::new(Vec::<OutboxItem>::new());

        let partner = Memo::new(move |_| {
            let me = me.with(|m| m.as_ref().map(|m| m.user_id))?;
            participants.with(|ps| ps.iter().find(|p| p.user_id != me).cloned())
        });
        let partner_presence = Memo::new(move |_| {
            let me = me.with(|m| m.as_ref().map(|m| m.user_id.to_string()))?;
            presence.with(|s| tl::partner_presence(s, &me))
        });
        let timeline = Memo::new(move |_| {
            let Some(me) = me.get() else {
                return Vec::new();
            };
            let partner = partner.get();
            let partner_lang = partner
                .as_ref()
                .map(|p| p.language.clone())
                .or_else(|| partner_presence.with(|p| p.as_ref().map(|p| p.language.clone())));
            entries.with(|es| {
                es.iter()
                    .map(|e| {
                        let own = e.sender_id == me.user_id;
                        let reader = if own {
                            partner_lang.as_deref()
                        } else {
                            Some(me.language.as_str())
                        };
                        let (translation, translated) = tl::translation(e, reader);
                        let text = match (own, translated) {
                            (false, Some(t)) => t.to_string(),
                            _ => e.body.clone(),
                        };
                        MessageView {
                            id: e.id,
                            own,
                            status: own.then(|| tl::own_status(e, partner.as_ref())),
                            translation,
                            text,
                            original: e.body.clone(),
                            source_lang: e.source_lang.clone(),
                        }
                    })
                    .collect()
            })
        });
        let connection = Memo::new(move |_| {
            tl::connection_state(channel_status.get(), ever_connected.get(), app.online.get())
        });
        let partner_state = Memo::new(move |_| {
            tl::partner_status(partner.get().as_ref(), partner_presence.get().as_ref())
        });
        let queue_count = Memo::new(move |_| outbox.with(|o| o.len()));

        let sync = MessageSync {
            app,
            me,
            session_id: RwSignal::new(None),
            entries,
            participants,
            presence,
            channel_status,
            ever_connected,
            outbox,
            acked: RwSignal::new((0, 0)),
            partner_typing: RwSignal::new(None),
            error: RwSignal::new(None),
            io: StoredValue::new_local(Io::default()),
            partner,
            timeline,
            connection,
            partner_state,
            queue_count,
        };

        // Back online: flush what waited. Visibility: re-track presence, mark as read.
        Effect::new(move |prev: Option<bool>| {
            let online = app.online.get();
            if online && prev == Some(false) {
                sync.flush();
            }
            online
        });
        Effect::new(move |prev: Option<bool>| {
            let visible = app.visible.get();
            if prev.is_some() && prev != Some(visible) {
                sync.track_presence();
                sync.ack();
            }
            visible
        });
        on_cleanup(move || sync.close());
        sync
    }

    fn ids(&self) -> Option<(Uuid, Uuid)> {
        let me = self
            .me
            .try_with_untracked(|m| m.as_ref().map(|m| m.user_id))
            .flatten()?;
        let session = self.session_id.try_get_untracked().flatten()?;
        Some((session, me))
    }

    /// Opens the session for this participant: history, the restored outbox, the channel.
    pub fn start(self, session_id: Uuid, me: Me) {
        let user = me.user_id.to_string();
        let sid = session_id.to_string();
        let saved: Vec<OutboxItem> = storage::outbox(&sid, &user);
        let saved: Vec<OutboxItem> = saved
            .into_iter()
            .map(|mut i| {
                if i.state == Local::Sending {
                    i.state = Local::Pending;
                }
                i
            })
            .collect();
        self.me.set(Some(me));
        self.session_id.set(Some(session_id));
        self.entries.update(|es| {
            for item in &saved {
                tl::merge_local(es, &item.row, item.state);
            }
        });
        self.outbox.set(saved);

        spawn_local(async move {
            self.load_participants().await;
            self.catch_up().await;
            self.open_channel();
        });
    }

    fn open_channel(self) {
        let Some((session, me)) = self.ids() else {
            return;
        };
        let on_change = move |json: String| self.on_change(&json);
        let on_presence = move |json: String| self.on_presence(&json);
        let on_broadcast = move |event: String, json: String| self.on_broadcast(&event, &json);
        let on_status = move |status: String, err: String| self.on_status(&status, &err);
        match Channel::open(
            &session.to_string(),
            &me.to_string(),
            on_change,
            on_presence,
            on_broadcast,
            on_status,
        ) {
            Ok(ch) => {
                let _ = self.io.try_update_value(|io| io.channel = Some(ch));
            }
            Err(e) => {
                let _ = self
                    .error
                    .try_set(Some(format!("Could not open the live connection: {e}")));
            }
        }
    }

    fn channel_handle(&self) -> Option<wasm_bindgen::JsValue> {
        self.io
            .try_with_value(|io| io.channel.as_ref().map(|c| c.handle()))
            .flatten()
    }

    fn on_status(self, status: &str, err: &str) {
        let status = ChannelStatus::parse(status);
        // `try_set` hands the value back only when the signal is gone (the view closed).
        if self.channel_status.try_set(status).is_some() {
            return;
        }
        match status {
            ChannelStatus::Subscribed => {
                self.ever_connected.set(true);
                self.track_presence();
                spawn_local(async move {
                    // Realtime has no replay: refetch on every (re)subscribe.
                    self.load_participants().await;
                    self.catch_up().await;
                    self.flush();
                });
            }
            ChannelStatus::Closed => {
                let closing = self.io.try_with_value(|io| io.closing).unwrap_or(true);
                if !closing {
                    // The server closed the channel; supabase-js does not rejoin by itself.
                    let _ = self.io.try_update_value(|io| io.channel = None);
                    set_timeout(move || self.reopen(), Duration::from_millis(2000));
                }
            }
            ChannelStatus::Error | ChannelStatus::TimedOut => {
                if !err.is_empty() {
                    leptos::logging::warn!("channel: {err}");
                }
            }
            ChannelStatus::Idle => {}
        }
    }

    fn reopen(self) {
        let closing = self.io.try_with_value(|io| io.closing).unwrap_or(true);
        let has_channel = self.channel_handle().is_some();
        if !closing && !has_channel {
            self.open_channel();
        }
    }

    fn on_change(self, json: &str) {
        let Ok(ev) = serde_json::from_str::<ChangeEvent>(json) else {
            return;
        };
        let Some(new) = ev.new else { return };
        match ev.table.as_str() {
            "messages" => {
                if let Ok(row) = serde_json::from_value::<Message>(new) {
                    let _ = self.entries.try_update(|es| tl::merge_row(es, row));
                    self.ack();
                }
            }
            "participants" => {
                if let Ok(row) = serde_json::from_value::<Participant>(new) {
                    let _ = self.participants.try_update(|ps| {
                        match ps.iter_mut().find(|p| p.user_id == row.user_id) {
                            Some(p) => *p = row,
                            None => ps.push(row),
                        }
                    });
                }
            }
            _ => {}
        }
    }

    fn on_presence(self, json: &str) {
        let Ok(state) = serde_json::from_str::<PresenceState>(json) else {
            return;
        };
        let Some((_, me)) = self.ids() else { return };
        let me = me.to_string();
        // A new partner shows up in presence first: their participants row is an INSERT,
        // which the channel does not carry, so fetch the rows again.
        let unknown = self.participants.with_untracked(|ps| {
            state
                .keys()
                .any(|k| *k != me && !ps.iter().any(|p| p.user_id.to_string() == *k))
        });
        let _ = self.presence.try_set(state);
        if unknown {
            spawn_local(async move { self.load_participants().await });
        }
    }

    fn on_broadcast(self, event: &str, json: &str) {
        if event != "typing" {
            return;
        }
        let Ok(ev) = serde_json::from_str::<TypingEvent>(json) else {
            return;
        };
        let Some((_, me)) = self.ids() else { return };
        if ev.user_id.as_deref() == Some(me.to_string().as_str()) {
            return;
        }
        let state = ev.state.filter(|s| s == "typing" || s == "translating");
        let _ = self.partner_typing.try_set(state.clone());
        if state.is_some() {
            let generation = self
                .io
                .try_update_value(|io| {
                    io.typing_generation += 1;
                    io.typing_generation
                })
                .unwrap_or(0);
            set_timeout(
                move || {
                    if self.io.try_with_value(|io| io.typing_generation) == Some(generation) {
                        let _ = self.partner_typing.try_set(None);
                    }
                },
                TYPING_EXPIRY,
            );
        }
    }

    async fn load_participants(self) {
        let Some((session, _)) = self.ids() else {
            return;
        };
        match supabase::select_participants::<Vec<Participant>>(&session.to_string()).await {
            Ok(rows) => {
                let _ = self.participants.try_set(rows);
            }
            Err(e) => leptos::logging::warn!("participants: {}", e.message),
        }
    }

    async fn catch_up(self) {
        let Some((session, me)) = self.ids() else {
            return;
        };
        let after = self.entries.with_untracked(|es| tl::last_seq(es));
        match supabase::select_messages::<Vec<Message>>(&session.to_string(), after).await {
            Ok(rows) => {
                let _ = self.entries.try_update(|es| {
                    for row in rows {
                        tl::merge_row(es, row);
                    }
                });
                // Never reuse a client_seq, even if local storage was cleared.
                let seen = self
                    .entries
                    .with_untracked(|es| tl::own_max_client_seq(es, me));
                let (s, u) = (session.to_string(), me.to_string());
                if seen > storage::client_seq(&s, &u) {
                    storage::save_client_seq(&s, &u, seen);
                }
                self.ack();
            }
            Err(e) => leptos::logging::warn!("catch-up: {}", e.message),
        }
    }

    /// Raises the receipts watermarks for the partner's messages.
    fn ack(self) {
        let Some((session, me)) = self.ids() else {
            return;
        };
        let Some(delivered) = self
            .entries
            .try_with_untracked(|es| tl::partner_max_seq(es, me))
        else {
            return;
        };
        let (old_d, old_r) = self.acked.get_untracked();
        let read = if self.app.visible.get_untracked() {
            delivered
        } else {
            old_r
        };
        if delivered <= old_d && read <= old_r {
            return;
        }
        let (d, r) = (delivered.max(old_d), read.max(old_r));
        self.acked.set((d, r));
        spawn_local(async move {
            let args = json!({"session_id": session, "delivered_seq": d, "read_seq": r});
            if let Err(e) = supabase::rpc::<_, serde_json::Value>("ack_messages", &args).await {
                leptos::logging::warn!("ack_messages: {}", e.message);
                let _ = self
                    .acked
                    .try_update(|a| *a = (a.0.min(old_d), a.1.min(old_r)));
            }
        });
    }

    fn track_presence(self) {
        let Some(channel) = self.channel_handle() else {
            return;
        };
        if self.channel_status.get_untracked() != ChannelStatus::Subscribed {
            return;
        }
        let Some(me) = self.me.get_untracked() else {
            return;
        };
        let state = if self.app.visible.get_untracked() {
            "active"
        } else {
            "away"
        };
        spawn_local(async move {
            let meta =
                json!({"display_name": me.display_name, "language": me.language, "state": state});
            supabase::track(channel, &meta).await;
        });
    }

    /// Tells the partner this side is typing (throttled) or idle.
    pub fn typing(self, active: bool) {
        let Some(channel) = self.channel_handle() else {
            return;
        };
        let Some((_, me)) = self.ids() else { return };
        let now = now_ms();
        let send = self
            .io
            .try_update_value(|io| {
                if active && now - io.last_typing_sent < TYPING_THROTTLE_MS {
                    return false;
                }
                if !active && io.last_typing_sent == 0.0 {
                    return false;
                }
                io.last_typing_sent = if active { now } else { 0.0 };
                true
            })
            .unwrap_or(false);
        if send {
            let state = if active { "typing" } else { "idle" };
            spawn_local(async move {
                let payload = json!({"user_id": me, "state": state});
                supabase::send_broadcast(channel, "typing", &payload).await;
            });
        }
    }

    fn persist_outbox(self) {
        let Some((session, me)) = self.ids() else {
            return;
        };
        self.outbox
            .with_untracked(|o| storage::save_outbox(&session.to_string(), &me.to_string(), o));
    }

    /// Queues a message and sends it. Returns false (with `error` set) when it was refused.
    pub fn send(self, body: &str) -> bool {
        let body = body.trim_end().to_string();
        if body.trim().is_empty() {
            return false;
        }
        if !domain::is_valid_body(&body) {
            self.error.set(Some(format!(
                "A message can have at most {} characters.",
                domain::MAX_BODY_CHARS
            )));
            return false;
        }
        if self.outbox.with_untracked(|o| o.len()) >= OUTBOX_LIMIT {
            self.error.set(Some(format!(
                "{OUTBOX_LIMIT} messages are waiting to be sent; wait until the connection is back."
            )));
            return false;
        }
        let (Some((session, me)), Some(lang)) = (
            self.ids(),
            self.me
                .with_untracked(|m| m.as_ref().map(|m| m.language.clone())),
        ) else {
            return false;
        };
        let (s, u) = (session.to_string(), me.to_string());
        let client_seq = storage::client_seq(&s, &u) + 1;
        storage::save_client_seq(&s, &u, client_seq);
        let row = NewMessage {
            id: network::new_id(),
            session_id: session,
            sender_id: me,
            client_seq,
            body,
            source_lang: lang,
        };
        self.entries
            .update(|es| tl::merge_local(es, &row, Local::Pending));
        self.outbox.update(|o| {
            o.push(OutboxItem {
                row,
                attempts: 0,
                state: Local::Pending,
            })
        });
        self.persist_outbox();
        self.error.set(None);
        self.typing(false);
        self.flush();
        true
    }

    fn set_local(self, ids: &[Uuid], state: Local) {
        let _ = self.outbox.try_update(|o| {
            for i in o.iter_mut().filter(|i| ids.contains(&i.row.id)) {
                i.state = state;
            }
        });
        let _ = self.entries.try_update(|es| {
            for e in es
                .iter_mut()
                .filter(|e| ids.contains(&e.id) && e.seq.is_none())
            {
                e.local = Some(state);
            }
        });
        self.persist_outbox();
    }

    /// Sends every pending outbox entry in one batched upsert, in `client_seq` order.
    pub fn flush(self) {
        if !self.app.online.get_untracked() {
            return;
        }
        let busy = self
            .io
            .try_with_value(|io| io.flushing || io.retry_scheduled)
            .unwrap_or(true);
        if busy {
            return;
        }
        let Some(mut rows) = self.outbox.try_with_untracked(|o| {
            o.iter()
                .filter(|i| i.state == Local::Pending)
                .map(|i| i.row.clone())
                .collect::<Vec<_>>()
        }) else {
            return;
        };
        if rows.is_empty() {
            return;
        }
        rows.sort_by_key(|r| r.client_seq);
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let _ = self.io.try_update_value(|io| io.flushing = true);
        self.set_local(&ids, Local::Sending);
        spawn_local(async move {
            let result = supabase::upsert_messages::<_, Vec<Message>>(&rows).await;
            let _ = self.io.try_update_value(|io| io.flushing = false);
            match result {
                Ok(stored) => {
                    let returned: Vec<Uuid> = stored.iter().map(|m| m.id).collect();
                    let _ = self.entries.try_update(|es| {
                        for row in stored {
                            tl::merge_row(es, row);
                        }
                    });
                    let _ = self
                        .outbox
                        .try_update(|o| o.retain(|i| !ids.contains(&i.row.id)));
                    self.persist_outbox();
                    // Rows the server already had come back empty (ignoreDuplicates): fetch them.
                    if ids.iter().any(|id| !returned.contains(id)) {
                        self.catch_up().await;
                    }
                    self.flush();
                }
                Err(e) => self.on_send_error(&ids, e),
            }
        });
    }

    fn on_send_error(self, ids: &[Uuid], e: supabase::ApiError) {
        let attempt = self
            .outbox
            .try_update(|o| {
                let mut max = 0;
                for i in o.iter_mut().filter(|i| ids.contains(&i.row.id)) {
                    i.attempts += 1;
                    max = max.max(i.attempts);
                }
                max
            })
            .unwrap_or(0);
        let delay = if e.is_transient() {
            tl::retry_delay_ms(attempt, js_sys::Math::random())
        } else {
            None
        };
        match delay {
            Some(ms) => {
                self.set_local(ids, Local::Pending);
                let _ = self.io.try_update_value(|io| io.retry_scheduled = true);
                set_timeout(
                    move || {
                        if self
                            .io
                            .try_update_value(|io| io.retry_scheduled = false)
                            .is_some()
                        {
                            self.flush();
                        }
                    },
                    Duration::from_millis(ms as u64),
                );
            }
            None => {
                self.set_local(ids, Local::Failed);
                let _ = self
                    .error
                    .try_set(Some(format!("Message not sent: {}", e.message)));
            }
        }
    }

    /// The `retry` action: a failed send goes back to the outbox; a failed translation is
    /// asked again.
    pub fn retry(self, id: Uuid) {
        let queued = self
            .outbox
            .with_untracked(|o| o.iter().any(|i| i.row.id == id));
        if queued {
            let _ = self.outbox.try_update(|o| {
                if let Some(i) = o.iter_mut().find(|i| i.row.id == id) {
                    i.attempts = 0;
                }
            });
            self.set_local(&[id], Local::Pending);
            self.flush();
        } else {
            spawn_local(async move {
                let args = json!({"message_id": id});
                if let Err(e) = supabase::rpc::<_, serde_json::Value>("retranslate", &args).await {
                    let _ = self
                        .error
                        .try_set(Some(format!("Retry failed: {}", e.message)));
                }
            });
        }
    }

    /// Leaves the session for good (`leave_session`), then closes the channel.
    pub async fn leave(self) -> Result<(), String> {
        let Some((session, _)) = self.ids() else {
            return Ok(());
        };
        let args = json!({"session_id": session});
        supabase::rpc::<_, serde_json::Value>("leave_session", &args)
            .await
            .map_err(|e| e.message)?;
        self.close();
        Ok(())
    }

    fn close(self) {
        let channel = self
            .io
            .try_update_value(|io| {
                io.closing = true;
                io.channel.take()
            })
            .flatten();
        if let Some(ch) = channel {
            spawn_local(ch.close());
        }
    }
}
