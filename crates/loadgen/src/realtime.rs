//! One Realtime socket with the session channel on it, as realtime-js runs it: connect
//! (`/realtime/v1/websocket?apikey=…&vsn=2.0.0`), `phx_join` on `realtime:session:{id}`, a
//! heartbeat every 25 s (no reply by the next one: the socket is dead), `postgres_changes`
//! frames decoded into rows, rejoin after a join error or `phx_error` (1, 2, 5, 10 s), and
//! reconnect after any socket loss (1, 2, 5, 10 s). A `phx_close` of the channel ends it for good,
//! as the client never rejoins a closed channel. Everything it sees goes to `emit`.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use session_sync::domain::{Message, Participant};
use session_sync::engine::{ChannelStatus, SocketState};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::{sleep, sleep_until, Instant};
use tokio_tungstenite::tungstenite::Message as WsMessage;
use uuid::Uuid;

use crate::faults::Faults;

/// What the socket reports to the driver.
#[derive(Debug, Clone)]
pub enum RtEvent {
    Socket(SocketState),
    Channel(ChannelStatus),
    Insert(Message),
    Update(Message),
    Participant(Participant),
}

/// What to connect to and join.
#[derive(Debug, Clone)]
pub struct SocketParams {
    /// From [`crate::Api::realtime_url`].
    pub url: String,
    pub session_id: Uuid,
    pub user_id: Uuid,
    pub access_token: String,
    pub heartbeat: Duration,
}

/// realtime-js's socket reconnect schedule (`reconnectAfterMs`).
fn reconnect_after(tries: u32) -> Duration {
    Duration::from_millis(match tries {
        0 | 1 => 1_000,
        2 => 2_000,
        3 => 5_000,
        _ => 10_000,
    })
}

/// Phoenix's channel rejoin schedule (`rejoinAfterMs`).
fn rejoin_after(tries: u32) -> Duration {
    Duration::from_millis(match tries {
        0 | 1 => 1_000,
        2 => 2_000,
        3 => 5_000,
        _ => 10_000,
    })
}

const JOIN_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The running socket. Dropping it ends the task (the connection goes with it).
pub struct SocketHandle {
    kill: Arc<Notify>,
    task: JoinHandle<()>,
}

impl SocketHandle {
    /// Cuts the connection abruptly (no close frame); the socket reconnects on its schedule.
    pub fn kill(&self) {
        self.kill.notify_one();
    }

    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }
}

impl Drop for SocketHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub type Emit = Box<dyn Fn(RtEvent) + Send + Sync>;

pub fn spawn(params: SocketParams, faults: Arc<Faults>, emit: Emit) -> SocketHandle {
    let kill = Arc::new(Notify::new());
    let task = tokio::spawn(run(params, faults, kill.clone(), emit));
    SocketHandle { kill, task }
}

enum End {
    /// The connection is gone; reconnect.
    Lost,
    /// The channel was closed by the server; it is not rejoined.
    ChannelClosed,
}

async fn run(p: SocketParams, faults: Arc<Faults>, kill: Arc<Notify>, emit: Emit) {
    let mut tries: u32 = 0;
    let mut refs: u64 = 0;
    loop {
        if tries > 0 {
            sleep(reconnect_after(tries)).await;
        }
        if faults.is_offline() {
            tries += 1;
            emit(RtEvent::Socket(SocketState::Closed));
            continue;
        }
        let ws = match tokio::time::timeout(CONNECT_TIMEOUT, tokio_tungstenite::connect_async(&p.url)).await {
            Ok(Ok((ws, _))) => ws,
            _ => {
                tries += 1;
                emit(RtEvent::Socket(SocketState::Closed));
                continue;
            }
        };
        // realtime-js resets its counter on open; the next loss starts the schedule again.
        emit(RtEvent::Socket(SocketState::Open));
        match session(ws, &p, &faults, &kill, &emit, &mut refs).await {
            End::Lost => {
                emit(RtEvent::Socket(SocketState::Closed));
                emit(RtEvent::Channel(ChannelStatus::ChannelError));
                tries = 1;
            }
            End::ChannelClosed => {
                emit(RtEvent::Channel(ChannelStatus::Closed));
                return;
            }
        }
    }
}

/// The app's channel config (docs/contracts.md §3): broadcast, presence and the three
/// postgres_changes bindings of the session, on a private channel. `broadcast_ack` is the
/// app's `true` except in the bench, where the relay it is compared with acknowledges nothing.
pub fn join_config(session: Uuid, user: Uuid, broadcast_ack: bool) -> Value {
    let filter = format!("session_id=eq.{session}");
    json!({
        "broadcast": {"self": false, "ack": broadcast_ack},
        "presence": {"key": user.to_string(), "enabled": true},
        "postgres_changes": [
            {"event": "INSERT", "schema": "public", "table": "messages", "filter": filter},
            {"event": "UPDATE", "schema": "public", "table": "messages", "filter": filter},
            {"event": "UPDATE", "schema": "public", "table": "participants", "filter": filter},
        ],
        "private": true,
    })
}

async fn session(
    ws: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    p: &SocketParams,
    faults: &Faults,
    kill: &Notify,
    emit: &Emit,
    refs: &mut u64,
) -> End {
    let topic = format!("realtime:session:{}", p.session_id);
    let (mut sink, mut stream) = ws.split();
    let mut next_ref = || {
        *refs += 1;
        refs.to_string()
    };
    let join_payload = json!({
        "config": join_config(p.session_id, p.user_id, true),
        "access_token": p.access_token,
        "version": "realtime-js/2.119.1",
    });

    let mut join_ref = next_ref();
    let frame = json!([join_ref, join_ref, topic, "phx_join", join_payload]).to_string();
    if sink.send(WsMessage::Text(frame)).await.is_err() {
        return End::Lost;
    }
    // When the join times out (while joining) or when to join again (after an error).
    let mut join_deadline = Some(Instant::now() + JOIN_TIMEOUT);
    let mut rejoin_at: Option<Instant> = None;
    let mut rejoin_tries: u32 = 0;
    let mut heartbeat_ref: Option<String> = None;
    let mut heartbeat = tokio::time::interval_at(Instant::now() + p.heartbeat, p.heartbeat);

    loop {
        let timer = join_deadline.or(rejoin_at);
        tokio::select! {
            _ = kill.notified() => return End::Lost,
            _ = heartbeat.tick() => {
                if heartbeat_ref.is_some() {
                    return End::Lost; // heartbeat timeout
                }
                let r = next_ref();
                let frame = json!([null, r, "phoenix", "heartbeat", {}]).to_string();
                if sink.send(WsMessage::Text(frame)).await.is_err() {
                    return End::Lost;
                }
                heartbeat_ref = Some(r);
            }
            _ = sleep_until(timer.unwrap_or_else(Instant::now)), if timer.is_some() => {
                if join_deadline.take().is_some() {
                    emit(RtEvent::Channel(ChannelStatus::TimedOut));
                    let leave = json!([join_ref, next_ref(), topic, "phx_leave", {}]).to_string();
                    let _ = sink.send(WsMessage::Text(leave)).await;
                    rejoin_tries += 1;
                    rejoin_at = Some(Instant::now() + rejoin_after(rejoin_tries));
                } else {
                    rejoin_at = None;
                    join_ref = next_ref();
                    let frame = json!([join_ref, join_ref, topic, "phx_join", join_payload]).to_string();
                    if sink.send(WsMessage::Text(frame)).await.is_err() {
                        return End::Lost;
                    }
                    join_deadline = Some(Instant::now() + JOIN_TIMEOUT);
                }
            }
            msg = stream.next() => {
                let text = match msg {
                    Some(Ok(WsMessage::Text(t))) => t,
                    Some(Ok(WsMessage::Close(_))) | Some(Err(_)) | None => return End::Lost,
                    Some(Ok(_)) => continue,
                };
                let Ok(Value::Array(parts)) = serde_json::from_str::<Value>(&text) else { continue };
                let Ok([f_join, f_ref, f_topic, f_event, payload]) = <[Value; 5]>::try_from(parts) else {
                    continue;
                };
                let event = f_event.as_str().unwrap_or_default();
                if f_topic == "phoenix" {
                    if event == "phx_reply" && f_ref.as_str() == heartbeat_ref.as_deref() {
                        heartbeat_ref = None;
                    }
                    continue;
                }
                if f_topic != topic.as_str() {
                    continue;
                }
                match event {
                    "phx_reply" if f_ref.as_str() == Some(join_ref.as_str()) && join_deadline.is_some() => {
                        join_deadline = None;
                        if payload["status"] == "ok" {
                            rejoin_tries = 0;
                            emit(RtEvent::Channel(ChannelStatus::Subscribed));
                        } else {
                            emit(RtEvent::Channel(ChannelStatus::ChannelError));
                            rejoin_tries += 1;
                            rejoin_at = Some(Instant::now() + rejoin_after(rejoin_tries));
                        }
                    }
                    "postgres_changes" => {
                        if faults.drop_frame(payload["data"]["table"] == "messages") {
                            continue;
                        }
                        if let Some(ev) = decode_change(&payload) {
                            emit(ev);
                        }
                    }
                    "phx_close" if f_join.as_str() == Some(join_ref.as_str()) => {
                        return End::ChannelClosed;
                    }
                    "phx_error" if f_join.as_str() == Some(join_ref.as_str()) || f_join.is_null() => {
                        emit(RtEvent::Channel(ChannelStatus::ChannelError));
                        join_deadline = None;
                        rejoin_tries += 1;
                        rejoin_at = Some(Instant::now() + rejoin_after(rejoin_tries));
                    }
                    _ => {}
                }
            }
        }
    }
}

/// A `postgres_changes` payload (`{ids, data: {table, type, record, …}}`) as a driver event.
pub fn decode_change(payload: &Value) -> Option<RtEvent> {
    let data = &payload["data"];
    let record = data["record"].clone();
    match (data["table"].as_str()?, data["type"].as_str()?) {
        ("messages", "INSERT") => serde_json::from_value(record).ok().map(RtEvent::Insert),
        ("messages", "UPDATE") => serde_json::from_value(record).ok().map(RtEvent::Update),
        ("participants", "UPDATE") => serde_json::from_value(record).ok().map(RtEvent::Participant),
        _ => None,
    }
}
