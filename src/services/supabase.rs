//! Typed Rust wrappers over `js/supabase_bridge.js`, the thin module around the official
//! supabase-js. Everything crosses the boundary as JSON text and is (de)serialised here.

use gloo_timers::callback::Interval;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use session_sync::classify::{classify, Failure};
use session_sync::engine::RequestError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/supabase_bridge.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = init)]
    async fn js_init(url: &str, anon_key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = ensureUser)]
    async fn js_ensure_user() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = rpc)]
    async fn js_rpc(name: &str, args_json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = upsertMessages)]
    async fn js_upsert_messages(rows_json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = selectMessages)]
    async fn js_select_messages(session_id: &str, after_seq: f64, limit: u32, newest: bool)
        -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = selectMessagesBefore)]
    async fn js_select_messages_before(session_id: &str, before_seq: f64, limit: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = selectGlossary)]
    async fn js_select_glossary(session_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = selectParticipants)]
    async fn js_select_participants(session_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = openChannel)]
    fn js_open_channel(
        session_id: &str,
        presence_key: &str,
        on_change: &Closure<dyn FnMut(String)>,
        on_presence: &Closure<dyn FnMut(String)>,
        on_broadcast: &Closure<dyn FnMut(String, String)>,
        on_status: &Closure<dyn FnMut(String, String)>,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = track)]
    async fn js_track(channel: &JsValue, meta_json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = untrack)]
    async fn js_untrack(channel: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = selectSession)]
    async fn js_select_session(session_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = sendBroadcast)]
    async fn js_send(channel: &JsValue, event: &str, payload_json: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = closeChannel)]
    async fn js_close_channel(channel: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = reconnectSocket)]
    async fn js_reconnect_socket() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = socketState)]
    fn js_socket_state() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = invokeFunction)]
    async fn js_invoke_function(name: &str, method: &str, body_json: &str) -> Result<JsValue, JsValue>;
}

/// PostgREST / RPC error as supabase-js reports it. `status == 0`: never reached the server.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
pub struct ApiError {
    pub message: String,
    pub code: Option<String>,
    pub details: Option<String>,
    pub hint: Option<String>,
    #[serde(skip)]
    pub status: u16,
}

impl ApiError {
    fn local(message: impl Into<String>) -> Self {
        ApiError { message: message.into(), ..Default::default() }
    }
    /// Worth retrying later (`classify` does not call it permanent).
    pub fn is_transient(&self) -> bool {
        !matches!(self.classify(), RequestError::Permanent(_))
    }

    /// The sync engine's classification of this failure: the rule every driver shares.
    pub fn classify(&self) -> RequestError {
        classify(&Failure {
            status: self.status,
            code: self.code.as_deref(),
            message: &self.message,
            details: self.details.as_deref(),
            // postgrest-js does not hand over the headers; the wait is in `details`.
            retry_after_secs: None,
        })
    }
}

#[derive(Deserialize)]
struct Envelope {
    data: serde_json::Value,
    error: Option<ApiError>,
    #[serde(default)]
    status: u16,
}

fn js_text(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| js_sys::Reflect::get(v, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| format!("{v:?}"))
}

fn decode<T: DeserializeOwned>(res: Result<JsValue, JsValue>) -> Result<T, ApiError> {
    let text = res.map_err(|e| ApiError::local(js_text(&e)))?;
    let text = text.as_string().unwrap_or_default();
    let env: Envelope = serde_json::from_str(&text).map_err(|e| ApiError::local(e.to_string()))?;
    if let Some(mut err) = env.error {
        err.status = env.status;
        return Err(err);
    }
    serde_json::from_value(env.data).map_err(|e| ApiError {
        message: format!("unexpected response: {e}"),
        status: env.status,
        ..Default::default()
    })
}

pub async fn init(url: &str, anon_key: &str) -> Result<(), String> {
    js_init(url, anon_key).await.map(|_| ()).map_err(|e| js_text(&e))
}

/// The anonymous user of this browser (restored from supabase-js storage, or newly signed in).
pub async fn ensure_user() -> Result<String, String> {
    let v = js_ensure_user().await.map_err(|e| js_text(&e))?;
    v.as_string().ok_or_else(|| "sign-in returned no user".to_string())
}

pub async fn rpc<A: Serialize, T: DeserializeOwned>(name: &str, args: &A) -> Result<T, ApiError> {
    let args = serde_json::to_string(args).map_err(|e| ApiError::local(e.to_string()))?;
    decode(js_rpc(name, &args).await)
}

pub async fn upsert_messages<R: Serialize, T: DeserializeOwned>(rows: &[R]) -> Result<T, ApiError> {
    let rows = serde_json::to_string(rows).map_err(|e| ApiError::local(e.to_string()))?;
    decode(js_upsert_messages(&rows).await)
}

pub async fn select_messages<T: DeserializeOwned>(
    session_id: &str,
    after_seq: i64,
    limit: u32,
    newest: bool,
) -> Result<T, ApiError> {
    decode(js_select_messages(session_id, after_seq as f64, limit, newest).await)
}

/// `.lt('seq', before_seq).order('seq', {ascending: false}).limit(limit)`: a page of older
/// history, newest first.
pub async fn select_messages_before<T: DeserializeOwned>(
    session_id: &str,
    before_seq: i64,
    limit: u32,
) -> Result<T, ApiError> {
    decode(js_select_messages_before(session_id, before_seq as f64, limit).await)
}

/// The session's glossary terms, oldest first.
pub async fn select_glossary<T: DeserializeOwned>(session_id: &str) -> Result<T, ApiError> {
    decode(js_select_glossary(session_id).await)
}

pub async fn select_participants<T: DeserializeOwned>(session_id: &str) -> Result<T, ApiError> {
    decode(js_select_participants(session_id).await)
}

/// `functions.invoke(name, {method, body})`; `body` is sent as JSON when given.
pub async fn invoke<B: Serialize, T: DeserializeOwned>(
    name: &str,
    method: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    let body = match body {
        Some(b) => serde_json::to_string(b).map_err(|e| ApiError::local(e.to_string()))?,
        None => String::new(),
    };
    decode(js_invoke_function(name, method, &body).await)
}

/// Callbacks of one channel. They live as long as the `Channel`.
pub struct Channel {
    handle: JsValue,
    _on_change: Closure<dyn FnMut(String)>,
    _on_presence: Closure<dyn FnMut(String)>,
    _on_broadcast: Closure<dyn FnMut(String, String)>,
    _on_status: Closure<dyn FnMut(String, String)>,
}

impl Channel {
    pub fn open(
        session_id: &str,
        presence_key: &str,
        on_change: impl FnMut(String) + 'static,
        on_presence: impl FnMut(String) + 'static,
        on_broadcast: impl FnMut(String, String) + 'static,
        on_status: impl FnMut(String, String) + 'static,
    ) -> Result<Channel, String> {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let on_presence = Closure::<dyn FnMut(String)>::new(on_presence);
        let on_broadcast = Closure::<dyn FnMut(String, String)>::new(on_broadcast);
        let on_status = Closure::<dyn FnMut(String, String)>::new(on_status);
        let handle = js_open_channel(session_id, presence_key, &on_change, &on_presence, &on_broadcast, &on_status)
            .map_err(|e| js_text(&e))?;
        Ok(Channel {
            handle,
            _on_change: on_change,
            _on_presence: on_presence,
            _on_broadcast: on_broadcast,
            _on_status: on_status,
        })
    }

    pub fn handle(&self) -> JsValue {
        self.handle.clone()
    }

    /// `supabase.removeChannel`. supabase-js may still report `CLOSED` afterwards, so the
    /// callbacks are deliberately leaked (a few hundred bytes per removed channel; the driver
    /// ignores what they report through its generation counter).
    pub async fn close(self) {
        let _ = js_close_channel(&self.handle).await;
        std::mem::forget(self);
    }
}

/// `channel.track(meta)`; resolves to supabase-js's answer (`ok`, `timed out`, `error`).
pub async fn track<M: Serialize>(channel: JsValue, meta: &M) -> String {
    let meta = serde_json::to_string(meta).unwrap_or_else(|_| "{}".into());
    match js_track(&channel, &meta).await {
        Ok(v) => v.as_string().unwrap_or_default(),
        Err(e) => js_text(&e),
    }
}

/// `channel.untrack()`.
pub async fn untrack(channel: JsValue) {
    let _ = js_untrack(&channel).await;
}

/// The session row (`null` when it is not visible to this user).
pub async fn select_session<T: DeserializeOwned>(session_id: &str) -> Result<T, ApiError> {
    decode(js_select_session(session_id).await)
}

pub async fn send_broadcast<P: Serialize>(channel: JsValue, event: &str, payload: &P) -> String {
    let payload = serde_json::to_string(payload).unwrap_or_else(|_| "{}".into());
    match js_send(&channel, event, &payload).await {
        Ok(v) => v.as_string().unwrap_or_default(),
        Err(e) => js_text(&e),
    }
}

/// Connects the realtime socket now if it is not open (skipping the client's backoff).
pub async fn reconnect_socket() {
    let _ = js_reconnect_socket().await;
}

/// Polls the realtime socket's state and reports each change; stops when dropped.
pub struct SocketWatch {
    _interval: Interval,
}

impl SocketWatch {
    /// Reports the state now (`None` if supabase-js is not initialised), then every change.
    pub fn start(every_ms: u32, mut on_state: impl FnMut(String) + 'static) -> Option<SocketWatch> {
        let mut last = js_socket_state().ok()?.as_string();
        on_state(last.clone().unwrap_or_default());
        let interval = Interval::new(every_ms, move || {
            let state = js_socket_state().ok().and_then(|s| s.as_string());
            if state.is_some() && state != last {
                last = state.clone();
                on_state(state.unwrap_or_default());
            }
        });
        Some(SocketWatch { _interval: interval })
    }
}
