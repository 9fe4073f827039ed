//! The IO side of Realtime: the WebSocket upgrade, one task per socket pumping frames between
//! the WebSocket and the hub, and the HTTP broadcast endpoint supabase-js falls back to.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};

use super::hub::{authorize, Input};
use super::protocol::{Frame, Vsn};
use super::{Outgoing, Realtime};
use crate::conn_limit::{Refused, Slot};
use crate::jwt::JwtError;
use crate::AppState;

/// Largest WebSocket message, as a multiple of the largest broadcast payload: bigger messages
/// end the connection in the transport (close 1009) before anything reads them. Between the two
/// the hub answers Supabase's `payload_size_exceeded`, as a client sending slightly too much
/// expects.
const MESSAGE_TO_PAYLOAD: usize = 2;
/// Bytes read from the socket at a time. tungstenite's default (128 KiB, reserved per socket)
/// was 90 % of an idle subscribed socket's memory; the app's frames are a few hundred bytes,
/// and a larger one is simply read in several chunks (docs/benchmarks.md).
const READ_CHUNK: usize = 1024;
/// How long a closed socket waits for the peer's close before dropping the connection.
const CLOSE_LINGER: Duration = Duration::from_secs(2);
/// A single write that makes no progress for this long means the peer stopped reading.
const WRITE_STALL: Duration = Duration::from_secs(30);

/// The client's address (unspecified when served without connect info, as in `oneshot` tests).
pub(super) struct PeerIp(IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for PeerIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        Ok(PeerIp(ip.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// Supabase's connect-time texts: an expired key is reported without the age.
fn connect_error(err: &JwtError) -> String {
    match err {
        JwtError::Expired(_) => "Token has expired".into(),
        other => other.to_string(),
    }
}

/// The project key: the `apikey` query parameter (what browsers can send), or the headers a
/// gateway or non-browser client may use.
fn api_key(headers: &HeaderMap, query: &HashMap<String, String>) -> Option<String> {
    ["x-api-key", "apikey"]
        .iter()
        .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
        .map(str::to_owned)
        .or_else(|| query.get("apikey").cloned())
        .filter(|k| !k.is_empty())
}

/// `GET /realtime/v1/websocket?apikey=…&vsn=2.0.0`
pub(super) async fn websocket(
    State(state): State<AppState>,
    PeerIp(ip): PeerIp,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let Some(apikey) = api_key(&headers, &query) else {
        return error(StatusCode::UNAUTHORIZED, "API key is missing");
    };
    let realtime = state.realtime.clone();
    if let Err(err) = realtime.keys().verify(&apikey, crate::clock::now().timestamp()) {
        return error(StatusCode::UNAUTHORIZED, &connect_error(&err));
    }
    let Some(vsn) = Vsn::parse(query.get("vsn").map(String::as_str)) else {
        return error(StatusCode::BAD_REQUEST, "Unsupported serializer version (vsn)");
    };
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    // Supabase answers its connection cap with 429 at the upgrade; so do we, per address too.
    let slot = match realtime.socket_limiter().try_acquire(ip, Instant::now()) {
        Ok(slot) => slot,
        Err(Refused::Total) => return error(StatusCode::TOO_MANY_REQUESTS, "Too many connected users"),
        Err(Refused::PerClient) => {
            return error(StatusCode::TOO_MANY_REQUESTS, "Too many connections from this address")
        }
    };
    let max_message = realtime.max_payload_bytes().saturating_mul(MESSAGE_TO_PAYLOAD);
    upgrade
        .read_buffer_size(READ_CHUNK)
        // Each frame goes out whole as it is sent (the writer task flushes per frame), so no
        // socket keeps a write buffer of its own between frames.
        .write_buffer_size(0)
        .max_message_size(max_message)
        .max_frame_size(max_message)
        .on_upgrade(move |socket| serve(realtime, socket, vsn, apikey, slot))
}

/// Pumps one connection: frames in go to the hub, the hub's frames for this socket go out.
/// `_slot` holds the socket's place under the socket caps until the connection is gone.
async fn serve(realtime: Realtime, socket: WebSocket, vsn: Vsn, apikey: String, _slot: Slot) {
    let (socket_id, mut outbox, inbound) = realtime.open(vsn, apikey);
    let (mut sink, mut stream) = socket.split();

    let mut writer = tokio::spawn(async move {
        let cut = outbox.cut.clone();
        loop {
            let outgoing = tokio::select! {
                biased;
                // Too slow a reader: stop now, leaving the queue unwritten.
                _ = cut.notified() => return,
                outgoing = outbox.recv() => match outgoing {
                    Some(outgoing) => outgoing,
                    None => break,
                },
            };
            let len = outgoing.byte_len();
            let (message, last) = match outgoing {
                Outgoing::Frame(Frame::Text(text)) => (WsMessage::Text(text.into()), false),
                Outgoing::Frame(Frame::Binary(bytes)) => (WsMessage::Binary(bytes.into()), false),
                Outgoing::Close(code, reason) => {
                    (WsMessage::Close(Some(CloseFrame { code, reason: reason.into() })), true)
                }
            };
            let sent = tokio::select! {
                biased;
                _ = cut.notified() => return,
                sent = tokio::time::timeout(WRITE_STALL, sink.send(message)) => sent,
            };
            outbox.written(len);
            if last || !matches!(sent, Ok(Ok(()))) {
                break;
            }
        }
        // The hub dropped the outbox (socket closed) or the peer is gone.
        let _ = tokio::time::timeout(CLOSE_LINGER, sink.close()).await;
    });

    // Once our side has closed (the writer is done), keep reading — and discarding — until the
    // peer answers the close: dropping a TCP socket with unread input resets the connection,
    // and the peer would then lose the frames (system error, close reason) we just sent.
    let mut closing: Option<tokio::time::Instant> = None;
    loop {
        let linger = async move {
            match closing {
                Some(deadline) => tokio::time::sleep_until(deadline).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            message = stream.next() => {
                let frame = match message {
                    Some(Ok(WsMessage::Text(text))) => Frame::Text(text.as_str().to_owned()),
                    Some(Ok(WsMessage::Binary(bytes))) => Frame::Binary(bytes.to_vec()),
                    // Pings are answered by the transport; Phoenix's idle timeout counts only
                    // real frames, and so does ours.
                    Some(Ok(WsMessage::Ping(_) | WsMessage::Pong(_))) => continue,
                    Some(Ok(WsMessage::Close(_))) | Some(Err(_)) | None => break,
                };
                if closing.is_none() {
                    // Waits while this socket already has its share queued at the hub: a
                    // flooding client is slowed down here, in its own task, and nobody else is.
                    realtime.frame(&inbound, socket_id, frame).await;
                }
            }
            _ = &mut writer, if closing.is_none() => {
                realtime.input(Input::Closed { socket: socket_id });
                closing = Some(tokio::time::Instant::now() + CLOSE_LINGER);
            }
            _ = linger => break,
        }
    }
    realtime.input(Input::Closed { socket: socket_id });
    // Let the writer finish a close handshake it may be in; it ends once the hub drops the
    // outbox, which the `Closed` above guarantees.
    if !writer.is_finished() {
        let _ = tokio::time::timeout(CLOSE_LINGER, &mut writer).await;
        writer.abort();
    }
}

/// `POST /realtime/v1/api/broadcast` — what `channel.send()` uses before the channel is joined.
/// Body `{"messages":[{"topic","event","payload","private"}]}`; answers 202 like Supabase.
/// Each message is authorized like a join by the bearer token (or the API key); messages the
/// caller may not send are dropped.
pub(super) async fn api_broadcast(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let realtime = state.realtime.clone();
    let now = crate::clock::now().timestamp();
    let Some(apikey) = api_key(&headers, &query) else {
        return error(StatusCode::UNAUTHORIZED, "API key is missing");
    };
    if let Err(err) = realtime.keys().verify(&apikey, now) {
        return error(StatusCode::UNAUTHORIZED, &connect_error(&err));
    }
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .filter(|t| !t.starts_with("sb_"))
        .map(str::to_owned)
        .unwrap_or(apikey);
    let claims = match realtime.keys().verify(&token, now) {
        Ok(claims) => claims,
        Err(err) => return error(StatusCode::UNAUTHORIZED, &err.to_string()),
    };
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "body must be JSON");
    };
    let Some(messages) = body.get("messages").and_then(Value::as_array) else {
        return error(StatusCode::BAD_REQUEST, "`messages` must be an array");
    };
    for message in messages {
        let (Some(topic), Some(event)) =
            (message.get("topic").and_then(Value::as_str), message.get("event").and_then(Value::as_str))
        else {
            continue;
        };
        let sub_topic = topic.strip_prefix("realtime:").unwrap_or(topic);
        let private = message.get("private").and_then(Value::as_bool).unwrap_or(false);
        let payload = message.get("payload").cloned().unwrap_or(json!({}));
        if sub_topic.is_empty() || payload.to_string().len() > realtime.max_payload_bytes() {
            continue;
        }
        if authorize(realtime.access(), sub_topic, private, realtime.public_topics(), &claims).is_err() {
            continue;
        }
        realtime.input(Input::ApiBroadcast {
            topic: format!("realtime:{sub_topic}"),
            event: event.to_owned(),
            payload,
        });
    }
    StatusCode::ACCEPTED.into_response()
}
