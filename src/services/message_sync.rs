//! MessageSyncService: a thin driver of the sans-IO `session_sync::engine::Engine`
//! (docs/architecture/realtime-sync.md). The engine decides everything about the outbox,
//! retries, connection state, timeline and receipts; this file only
//!
//! - feeds it inputs with `now` = `performance.now()` (supabase-js replies, channel and socket
//!   status, realtime rows, online/offline, visibility, user actions, the timer),
//! - carries out its outputs (requests through supabase-js, `Persist` into localStorage,
//!   `ViewChanged` into a signal, `Timeout` into the one timer),
//! - and does the same for the presence machine (`session_sync::presence`: presence calls,
//!   typing and liveness `beat` broadcasts, the translating state, partner status), fed the
//!   engine's view,
//! - and tells `GlossaryService` when to read the glossary again (the partner's `glossary`
//!   broadcast, each subscription), sending that broadcast for it.
//!
//! Leptos state lives in signals owned by the service (the engine's and the presence machine's
//! views);
//! what components read is derived from them by memos. Everything the service set up (timer,
//! channel, socket watch, listeners) is torn down in `on_cleanup`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::json;
use session_sync::domain::{Message, Participant};
use session_sync::engine::{
    ChannelStatus, Config, ConnectionState, Engine, Entry, Identity, Input, Millis, Output, Partner, Rejected, Request,
    SocketState, View,
};
use session_sync::presence::{
    self, BeatPayload, PartnerStatus, Presence, PresenceState, Profile, TypingPayload, TypingState, BEAT_EVENT,
    TYPING_EVENT,
};
use uuid::Uuid;

use super::delivery::{self, Said};
use super::glossary::GLOSSARY_EVENT;
use super::network::{self, Listener};
use super::storage;
use super::supabase::{self, Channel, SocketWatch};
use crate::i18n::t;

const SOCKET_POLL_MS: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    pub user_id: Uuid,
    pub display_name: String,
    pub language: String,
}

#[derive(Deserialize)]
struct ChangeEvent {
    table: String,
    #[serde(rename = "eventType")]
    event_type: String,
    new: Option<serde_json::Value>,
}

/// The non-reactive side: the engine and every IO handle. Shared through an `Rc` so that
/// `on_cleanup` can tear it down whatever the order in which Leptos disposes things.
struct Io {
    engine: Engine,
    closed: bool,
    timer: Option<TimeoutHandle>,
    channel: Option<Channel>,
    /// The channel generation the open channel's events carry: 0 for the first, then the one
    /// the latest `Request::Reconnect` named (the engine ignores events of older ones).
    generation: u64,
    /// A `Request::Reconnect` is being carried out: a later one only moves `generation`, and
    /// the channel opened at its end carries that.
    reconnecting: bool,
    listeners: Vec<Listener>,
    socket_watch: Option<SocketWatch>,
    presence: Presence,
    presence_timer: Option<TimeoutHandle>,
}

type Shared = Rc<RefCell<Io>>;

#[derive(Clone, Copy)]
pub struct MessageSync {
    session_id: Uuid,
    me: StoredValue<Me>,
    io: StoredValue<Shared, LocalStorage>,
    view: RwSignal<View>,
    presence: RwSignal<presence::View>,
    local_error: RwSignal<Option<String>>,
    /// Counts the moments the session's glossary may have changed without this side knowing:
    /// the partner's `glossary` broadcast, and every (re)subscription, after which a broadcast
    /// sent while this side was away is lost (docs/features/glossary.md).
    glossary_stale: RwSignal<u64>,
    /// `typing-indicator`: the partner's `typing`/`translating`, while online or away.
    pub partner_typing: Memo<Option<TypingState>>,
    /// A page of earlier messages is being fetched (`View::loading_earlier`).
    pub loading_earlier: Memo<bool>,
    /// The "Load earlier messages" control shows (`View::can_load_earlier`).
    pub can_load_earlier: Memo<bool>,
    /// Messages in display order.
    pub entries: Memo<Vec<Entry>>,
    /// `connection-status`.
    pub connection: Memo<ConnectionState>,
    /// Outbox entries (`queue-count`).
    pub queue_count: Memo<usize>,
    /// Own messages wait after network or server failures (`View::sending_fails`).
    pub sending_fails: Memo<bool>,
    pub online: Memo<bool>,
    pub partner: Memo<Option<Partner>>,
    /// `partner-status`.
    pub partner_status: Memo<PartnerStatus>,
    /// When the partner was last known to be there, as epoch milliseconds (the presence
    /// machine counts on the page's monotonic clock): the "last seen" of an unknown state.
    pub partner_last_seen: Memo<Option<f64>>,
    /// The latest problem to show, in the interface language (the engine's typed `Problem`, or
    /// one the app met itself).
    pub error: Memo<Option<Said>>,
}

impl MessageSync {
    /// Opens the session for this participant: restores the saved engine state, starts the
    /// engine (history catch-up, outbox flush), subscribes the channel and the browser events.
    pub fn start(session_id: Uuid, me: Me) -> MessageSync {
        let identity = Identity { session_id, user_id: me.user_id, language: me.language.clone() };
        let restored = storage::sync_state(&session_id.to_string(), &me.user_id.to_string());
        let engine = Engine::new(Config::default(), identity, restored, network::random_seed());
        let first_view = engine.view();
        let profile = Profile {
            user_id: me.user_id,
            display_name: me.display_name.clone(),
            language: me.language.clone(),
            tab: Uuid::new_v4(),
        };
        let shared: Shared = Rc::new(RefCell::new(Io {
            engine,
            closed: false,
            timer: None,
            channel: None,
            generation: 0,
            reconnecting: false,
            listeners: Vec::new(),
            socket_watch: None,
            presence: Presence::new(presence::Config::default(), profile),
            presence_timer: None,
        }));

        let view = RwSignal::new(first_view);
        let presence = RwSignal::new(presence::View::default());
        let local_error = RwSignal::new(None::<String>);
        let glossary_stale = RwSignal::new(0u64);
        let partner = Memo::new(move |_| view.with(|v| v.partner.clone()));
        let sync = MessageSync {
            session_id,
            me: StoredValue::new(me),
            io: StoredValue::new_local(shared.clone()),
            view,
            presence,
            local_error,
            glossary_stale,
            partner_typing: Memo::new(move |_| presence.with(|p| p.partner_typing)),
            loading_earlier: Memo::new(move |_| view.with(|v| v.loading_earlier)),
            can_load_earlier: Memo::new(move |_| view.with(|v| v.can_load_earlier)),
            entries: Memo::new(move |_| view.with(|v| v.entries.clone())),
            connection: Memo::new(move |_| view.with(|v| v.connection)),
            queue_count: Memo::new(move |_| view.with(|v| v.queue_count)),
            sending_fails: Memo::new(move |_| view.with(|v| v.sending_fails)),
            online: Memo::new(move |_| view.with(|v| v.online)),
            partner,
            partner_status: Memo::new(move |_| presence.with(|p| p.partner)),
            partner_last_seen: Memo::new(move |_| {
                let seen = presence.with(|p| p.partner_last_seen)?;
                Some(js_sys::Date::now() - network::now_ms().saturating_sub(seen) as f64)
            }),
            error: Memo::new(move |_| {
                let local = local_error.get().map(|text| Said { text, detail: None, code: "app" });
                local.or_else(|| view.with(|v| v.error.as_ref().map(delivery::problem)))
            }),
        };

        let _ = sync.feed(|now| Input::Online { online: network::is_online(), now });
        let _ = sync.feed(|now| Input::Visible { visible: network::is_visible(), now });
        sync.signal(|now| presence::Input::Visible { visible: network::is_visible(), now });
        sync.listen();
        // Channel generation 0; the participants rows come with the engine's start-up catch-up.
        sync.open_channel();

        // `on_cleanup` wants Send; the page is single-threaded, so the wrapper never moves.
        let shared = send_wrapper::SendWrapper::new(shared);
        on_cleanup(move || close(&shared));
        sync
    }

    fn shared(&self) -> Option<Shared> {
        self.io.try_with_value(|s| s.clone()).filter(|s| !s.borrow().closed)
    }

    /// Feeds one input, then drains the engine's outputs and carries them out.
    fn feed(self, make: impl FnOnce(Millis) -> Input) -> Result<(), Rejected> {
        let now = network::now_ms();
        self.handle(make(now), now)
    }

    fn handle(self, input: Input, now: Millis) -> Result<(), Rejected> {
        let Some(shared) = self.shared() else {
            return Ok(());
        };
        let mut requests = Vec::new();
        let mut persist = None;
        let mut view = None;
        let result;
        {
            let mut io = shared.borrow_mut();
            result = io.engine.handle_input(input);
            let deadline = loop {
                match io.engine.poll_output() {
                    Output::Request(r) => requests.push(r),
                    Output::Persist(p) => persist = Some(p),
                    Output::ViewChanged => view = Some(io.engine.view()),
                    Output::Timeout(at) => break at,
                }
            };
            rearm(&mut io.timer, deadline, now, move || {
                let _ = self.feed(|now| Input::Timeout { now });
            });
        }
        if let Some(p) = persist {
            storage::save_sync_state(&p);
        }
        if let Some(v) = view {
            let seen = presence::Input::engine_view(&v, now);
            let _ = self.view.try_set(v);
            self.signal_at(seen, now);
        }
        for r in requests {
            self.carry_out(r);
        }
        result
    }

    fn carry_out(self, request: Request) {
        let session = self.session_id.to_string();
        match request {
            Request::Upsert { id, rows } => spawn_local(async move {
                let res = supabase::upsert_messages::<_, Vec<Message>>(&rows).await;
                let _ = self.feed(|now| match res {
                    Ok(rows) => Input::UpsertOk { id, rows, now },
                    Err(e) => Input::UpsertErr { id, error: e.classify(), now },
                });
            }),
            Request::CatchUp { id, after_seq, limit, newest } => spawn_local(async move {
                let res = supabase::select_messages::<Vec<Message>>(&session, after_seq, limit, newest).await;
                let _ = self.feed(|now| match res {
                    Ok(rows) => Input::CatchUpOk { id, rows, now },
                    Err(e) => Input::CatchUpErr { id, error: e.classify(), now },
                });
            }),
            Request::ReadParticipants { id } => spawn_local(async move {
                let res = supabase::select_participants::<Vec<Participant>>(&session).await;
                let _ = self.feed(|now| match res {
                    Ok(rows) => Input::ParticipantsOk { id, rows, now },
                    Err(e) => Input::ParticipantsErr { id, error: e.classify(), now },
                });
            }),
            Request::Ack { id, delivered_seq, read_seq } => spawn_local(async move {
                let args = json!({"session_id": session, "delivered_seq": delivered_seq, "read_seq": read_seq});
                let res = supabase::rpc::<_, serde_json::Value>("ack_messages", &args).await;
                let _ = self.feed(|now| match res {
                    Ok(_) => Input::AckOk { id, now },
                    Err(e) => Input::AckErr { id, error: e.classify(), now },
                });
            }),
            Request::LoadEarlier { id, before_seq, limit } => spawn_local(async move {
                let res = supabase::select_messages_before::<Vec<Message>>(&session, before_seq, limit).await;
                let _ = self.feed(|now| match res {
                    Ok(rows) => Input::EarlierOk { id, rows, now },
                    Err(e) => Input::EarlierErr { id, error: e.classify(), now },
                });
            }),
            Request::Reconnect { generation } => self.reconnect(generation),
        }
    }

    /// `Request::Reconnect`: remove the channel, make the socket connect at once, and
    /// subscribe a new channel whose events carry `generation`.
    fn reconnect(self, generation: u64) {
        self.signal(|now| presence::Input::ChannelReplaced { generation, now });
        let Some(shared) = self.shared() else { return };
        let old = {
            let mut io = shared.borrow_mut();
            io.generation = generation;
            if io.reconnecting {
                return;
            }
            io.reconnecting = true;
            io.channel.take()
        };
        spawn_local(async move {
            if let Some(ch) = old {
                ch.close().await;
            }
            supabase::reconnect_socket().await;
            if let Some(shared) = self.shared() {
                shared.borrow_mut().reconnecting = false;
                self.open_channel();
            }
        });
    }

    fn open_channel(self) {
        let Some(shared) = self.shared() else { return };
        let generation = shared.borrow().generation;
        let on_change = move |json: String| self.on_change(generation, &json);
        let on_presence = move |json: String| self.on_presence(generation, &json);
        let on_broadcast = move |event: String, json: String| self.on_broadcast(generation, &event, &json);
        let on_status = move |status: String, err: String| self.on_status(generation, &status, &err);
        let opened = Channel::open(
            &self.session_id.to_string(),
            &self.me.with_value(|m| m.user_id.to_string()),
            on_change,
            on_presence,
            on_broadcast,
            on_status,
        );
        match opened {
            Ok(ch) => shared.borrow_mut().channel = Some(ch),
            Err(e) => {
                leptos::logging::warn!("live connection: {e}");
                let _ = self.local_error.try_set(Some(t("chat-live-failed")));
            }
        }
    }

    fn on_status(self, generation: u64, status: &str, err: &str) {
        let status = match status {
            "SUBSCRIBED" => ChannelStatus::Subscribed,
            "CHANNEL_ERROR" => ChannelStatus::ChannelError,
            "TIMED_OUT" => ChannelStatus::TimedOut,
            "CLOSED" => ChannelStatus::Closed,
            _ => return,
        };
        if !err.is_empty() {
            leptos::logging::warn!("channel {status:?}: {err}");
        }
        let _ = self.feed(|now| Input::ChannelStatus { generation, status, now });
        if status == ChannelStatus::Subscribed {
            self.signal(|now| presence::Input::Subscribed { generation, now });
            self.glossary_stale.try_update(|n| *n += 1);
            // Watermarks and a partner who joined while we were away arrive with the
            // catch-up the engine asks for on every subscription.
        }
    }

    fn on_socket(self, state: &str) {
        let state = match state {
            "open" => SocketState::Open,
            "connecting" => SocketState::Connecting,
            _ => SocketState::Closed,
        };
        // One socket carries every channel: its state is the open channel's.
        let Some(generation) = self.shared().map(|s| s.borrow().generation) else { return };
        let _ = self.feed(|now| Input::SocketState { generation, state, now });
    }

    fn on_change(self, generation: u64, json: &str) {
        let Ok(ev) = serde_json::from_str::<ChangeEvent>(json) else {
            return;
        };
        let Some(new) = ev.new else { return };
        match ev.table.as_str() {
            "messages" => {
                let Ok(row) = serde_json::from_value::<Message>(new) else {
                    return;
                };
                let now = network::now_ms();
                if let Some(settled) = presence::Input::message_row(&row, now) {
                    self.signal_at(settled, now);
                }
                let _ = self.feed(|now| {
                    if ev.event_type == "UPDATE" {
                        Input::RealtimeUpdate { generation, row, now }
                    } else {
                        Input::RealtimeInsert { generation, row, now }
                    }
                });
            }
            "participants" => {
                if let Ok(participant) = serde_json::from_value::<Participant>(new) {
                    let _ = self.feed(|now| Input::ParticipantUpdate { generation, participant, now });
                }
            }
            _ => {}
        }
    }

    fn on_presence(self, generation: u64, json: &str) {
        if let Ok(state) = serde_json::from_str::<PresenceState>(json) {
            self.signal(|now| presence::Input::PresenceSync { generation, state, now });
        }
    }

    /// `typing`, `beat` and `glossary`; any other event is not this client's (docs/contracts.md §3).
    fn on_broadcast(self, generation: u64, event: &str, json: &str) {
        match event {
            TYPING_EVENT => {
                if let Ok(payload) = serde_json::from_str::<TypingPayload>(json) {
                    self.signal(|now| presence::Input::TypingBroadcast { generation, payload, now });
                }
            }
            BEAT_EVENT => {
                if let Ok(payload) = serde_json::from_str::<BeatPayload>(json) {
                    self.signal(|now| presence::Input::Beat { generation, payload, now });
                }
            }
            GLOSSARY_EVENT => {
                self.glossary_stale.try_update(|n| *n += 1);
            }
            _ => {}
        }
    }

    /// "Load earlier messages": the engine asks for the page before the oldest message held
    /// (`Request::LoadEarlier`) unless one is in flight or nothing older exists.
    pub fn load_earlier(self) {
        let _ = self.feed(|now| Input::LoadEarlier { now });
    }

    /// Presence shows someone the engine has no participants row for: it reads them
    /// (`Request::ReadParticipants`).
    async fn load_participants(self) {
        let _ = self.feed(|now| Input::ParticipantsStale { now });
    }

    /// Online/offline, visibility and the socket's state, for as long as the view lives.
    fn listen(self) {
        let Some(shared) = self.shared() else { return };
        let mut listeners = Listener::on_online_change(move |online| {
            let _ = self.feed(|now| Input::Online { online, now });
        });
        listeners.extend(Listener::on_visibility_change(move |visible| {
            let _ = self.feed(|now| Input::Visible { visible, now });
            self.signal(|now| presence::Input::Visible { visible, now });
        }));
        let watch = SocketWatch::start(SOCKET_POLL_MS, move |state| self.on_socket(&state));
        let mut io = shared.borrow_mut();
        io.listeners = listeners;
        io.socket_watch = watch;
    }

    fn channel_handle(self) -> Option<wasm_bindgen::JsValue> {
        let shared = self.shared()?;
        let io = shared.borrow();
        io.channel.as_ref().map(|c| c.handle())
    }

    /// Feeds one input to the presence machine, then drains its outputs and carries them out.
    fn signal(self, make: impl FnOnce(Millis) -> presence::Input) {
        let now = network::now_ms();
        self.signal_at(make(now), now);
    }

    fn signal_at(self, input: presence::Input, now: Millis) {
        let Some(shared) = self.shared() else { return };
        let mut effects = Vec::new();
        let mut view = None;
        {
            let mut io = shared.borrow_mut();
            io.presence.handle_input(input);
            let deadline = loop {
                match io.presence.poll_output() {
                    presence::Output::ViewChanged => view = Some(io.presence.view()),
                    presence::Output::Timeout(at) => break at,
                    effect => effects.push(effect),
                }
            };
            rearm(&mut io.presence_timer, deadline, now, move || {
                self.signal(|now| presence::Input::Timeout { now });
            });
        }
        if let Some(v) = view {
            let _ = self.presence.try_set(v);
        }
        let channel = self.channel_handle();
        for effect in effects {
            match (effect, channel.clone()) {
                (presence::Output::Track(meta), Some(ch)) => spawn_local(async move {
                    supabase::track(ch, &meta).await;
                }),
                (presence::Output::BroadcastTyping(payload), Some(ch)) => spawn_local(async move {
                    supabase::send_broadcast(ch, TYPING_EVENT, &payload).await;
                }),
                (presence::Output::BroadcastBeat(payload), Some(ch)) => spawn_local(async move {
                    supabase::send_broadcast(ch, BEAT_EVENT, &payload).await;
                }),
                (presence::Output::ReadParticipants, _) => spawn_local(self.load_participants()),
                _ => {}
            }
        }
    }

    /// Changes whenever the glossary should be read again (reactive).
    pub fn glossary_stale(self) -> u64 {
        self.glossary_stale.get()
    }

    /// Tells the partner that this side changed the glossary, so they read it again. A partner
    /// who misses it (offline) reads it when their channel subscribes again.
    pub fn announce_glossary(self) {
        let Some(channel) = self.channel_handle() else { return };
        let user_id = self.me.with_value(|m| m.user_id);
        spawn_local(async move {
            supabase::send_broadcast(channel, GLOSSARY_EVENT, &json!({"user_id": user_id})).await;
        });
    }

    /// Tells the partner this side is typing (throttled) or idle.
    pub fn typing(self, active: bool) {
        self.signal(|now| presence::Input::Typing { active, now });
    }

    /// Queues a message (the engine trims it and sends it when it can). False when refused;
    /// the reason is then in `error`.
    pub fn send(self, body: &str) -> bool {
        let _ = self.local_error.try_set(None);
        let accepted = self.feed(|now| Input::Send { body: body.to_string(), now }).is_ok();
        if accepted {
            self.signal(|now| presence::Input::Sent { now });
        }
        accepted
    }

    /// The `retry` action: an own failed (or waiting) message is sent again.
    pub fn retry(self, id: Uuid) {
        let _ = self.feed(|now| Input::Retry { message_id: id, now });
    }

    /// This user's language.
    pub fn my_language(self) -> String {
        self.me.with_value(|m| m.language.clone())
    }

    /// Whether this message's `retranslate` was asked for and its outcome (a translation or a
    /// new error) has not arrived yet: it shows as translating (reactive).
    pub fn retranslating(self, id: Uuid) -> bool {
        self.presence.with(|p| p.retranslating.contains(&id))
    }

    /// The `retranslate` action: asks the backend to translate a message again
    /// (`rpc('retranslate', {message_id})`); it shows as translating until the outcome arrives
    /// as a realtime UPDATE.
    pub fn retranslate(self, id: Uuid) {
        self.signal(|now| presence::Input::Retranslate { message_id: id, now });
        spawn_local(async move {
            let args = json!({"message_id": id});
            if let Err(e) = supabase::rpc::<_, serde_json::Value>("retranslate", &args).await {
                self.signal(|now| presence::Input::RetranslateSettled { message_id: id, now });
                leptos::logging::warn!("retranslate: {}", e.message);
                let _ = self.local_error.try_set(Some(t("chat-retranslate-failed")));
            }
        });
    }

    /// "Retry now": what waits for a retry after a failure is sent at once.
    pub fn retry_now(self) {
        let _ = self.feed(|now| Input::RetryNow { now });
    }

    /// Removes a failed message from the outbox.
    pub fn discard(self, id: Uuid) {
        let _ = self.feed(|now| Input::Discard { message_id: id, now });
    }

    /// Reconnect now (the header's button when the engine gave up).
    pub fn reconnect_now(self) {
        let _ = self.feed(|now| Input::Reconnect { now });
    }

    pub fn dismiss_error(self) {
        let _ = self.local_error.try_set(None);
        let _ = self.feed(|now| Input::DismissError { now });
    }

    pub fn set_error(self, text: String) {
        let _ = self.local_error.try_set(Some(text));
    }

    pub fn session_id(self) -> Uuid {
        self.session_id
    }

    /// Waits up to `timeout_ms` for the engine to empty the outbox; true when it did.
    pub async fn flush(self, timeout_ms: u64) -> bool {
        let start = network::now_ms();
        loop {
            if self.queue_count.try_get_untracked().is_none_or(|n| n == 0) {
                return true;
            }
            if network::now_ms().saturating_sub(start) >= timeout_ms {
                return false;
            }
            gloo_timers::future::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Leaves the session for good: `leave_session`, then untrack, remove the channel and
    /// close everything. `discard`: drop what is still in the outbox (the user agreed).
    pub async fn leave(self, discard: bool) -> Result<(), String> {
        let args = json!({"session_id": self.session_id});
        supabase::rpc::<_, serde_json::Value>("leave_session", &args).await.map_err(|e| e.message)?;
        if let Some(ch) = self.channel_handle() {
            supabase::untrack(ch).await;
        }
        if let Some(shared) = self.shared() {
            close(&shared);
        }
        if discard {
            let me = self.me.with_value(|m| m.user_id.to_string());
            storage::forget_sync_state(&self.session_id.to_string(), &me);
        }
        Ok(())
    }
}

/// Replaces a machine's one timer with one for `at` (none when `at` is `None`), which calls
/// `fire`. A millisecond late, so the machine sees its deadline as passed.
fn rearm(timer: &mut Option<TimeoutHandle>, at: Option<Millis>, now: Millis, fire: impl FnOnce() + 'static) {
    if let Some(t) = timer.take() {
        t.clear();
    }
    if let Some(at) = at {
        *timer = set_timeout_with_handle(fire, Duration::from_millis(at.saturating_sub(now) + 1)).ok();
    }
}

/// Tears down the timer, listeners, socket watch and channel. Idempotent.
fn close(shared: &Shared) {
    let channel = {
        let mut io = shared.borrow_mut();
        if io.closed {
            return;
        }
        io.closed = true;
        io.generation += 1;
        if let Some(t) = io.timer.take() {
            t.clear();
        }
        if let Some(t) = io.presence_timer.take() {
            t.clear();
        }
        io.listeners.clear();
        io.socket_watch = None;
        io.channel.take()
    };
    if let Some(ch) = channel {
        spawn_local(ch.close());
    }
}
