//! The bench's users: pairs of signed-up users sharing a session (made once, through the
//! same Auth and RPC calls the app makes), and one WebSocket per user — either a Realtime
//! socket joined to the session's channel exactly as the app joins it, or a relay socket in
//! the session's room.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{stream, SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use uuid::Uuid;

use super::record::{Recorder, MARK};
use crate::api::{Api, Auth};

/// Two users in one session: `a` created it (writes English), `b` joined it (writes Spanish).
#[derive(Clone)]
pub struct Pair {
    pub session: Uuid,
    pub a: Auth,
    pub b: Auth,
}

impl Pair {
    pub fn user(&self, side: usize) -> &Auth {
        if side == 0 {
            &self.a
        } else {
            &self.b
        }
    }
}

/// Adds pairs until there are `want`, `parallel` at a time.
pub async fn grow(api: &Api, pairs: &mut Vec<Pair>, want: usize, parallel: usize) -> Result<(), String> {
    let missing = want.saturating_sub(pairs.len());
    let made: Vec<Result<Pair, String>> = stream::iter(0..missing)
        .map(|_| async {
            let err = |e: session_sync::engine::RequestError| format!("{e:?}");
            let a = api.sign_up().await.map_err(err)?;
            let b = api.sign_up().await.map_err(err)?;
            let (session, code) = api.create_session(&a, "Ana", "en").await.map_err(err)?;
            api.join_session(&b, &code, "Ben", "es").await.map_err(err)?;
            Ok(Pair { session, a, b })
        })
        .buffer_unordered(parallel)
        .collect()
        .await;
    for pair in made {
        pairs.push(pair?);
    }
    Ok(())
}

/// Which server a socket talks to, and how.
#[derive(Clone)]
pub enum Link {
    /// `ws://…/realtime/v1/websocket?apikey=…&vsn=2.0.0`
    Realtime(String),
    /// `ws://…/relay`
    Relay(String),
}

/// One connected user. Dropping it closes the socket.
pub struct Peer {
    /// Frames to write, already encoded.
    pub out: mpsc::UnboundedSender<String>,
    /// `realtime:session:<id>` and the join's ref, for broadcast frames.
    pub topic: String,
    pub join_ref: String,
    _task: AbortOnDrop,
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Writes go out at once: the bench times each frame from the moment it is handed over.
fn socket_config() -> WebSocketConfig {
    WebSocketConfig { write_buffer_size: 0, ..WebSocketConfig::default() }
}

/// The app's join, with broadcast acknowledgements off (see `realtime::join_config`).
fn join_frame(topic: &str, join_ref: &str, session: Uuid, user: &Auth) -> String {
    let config = crate::realtime::join_config(session, user.user_id, false);
    let payload = json!({"config": config, "access_token": user.access_token, "version": "realtime-js/2.119.1"});
    json!([join_ref, join_ref, topic, "phx_join", payload]).to_string()
}

/// The bench number of a message id, if it is one of the bench's.
fn bench_id(id: Option<&Value>) -> Option<u64> {
    let (high, low) = Uuid::parse_str(id?.as_str()?).ok()?.as_u64_pair();
    (high == MARK).then_some(low)
}

/// Connects user `side` of `pair` (peer number `me`), joins, and returns once joined.
pub async fn connect(link: &Link, pair: &Pair, side: usize, me: u32, recorder: Arc<Recorder>) -> Result<Peer, String> {
    let url = match link {
        Link::Realtime(url) | Link::Relay(url) => url,
    };
    let (ws, _) = tokio_tungstenite::connect_async_with_config(url.as_str(), Some(socket_config()), true)
        .await
        .map_err(|e| format!("connect {url}: {e}"))?;
    let (mut sink, mut frames) = ws.split();
    let topic = format!("realtime:session:{}", pair.session);
    let join_ref = "1".to_owned();
    let realtime = matches!(link, Link::Realtime(_));
    let first = if realtime { join_frame(&topic, &join_ref, pair.session, pair.user(side)) } else { topic.clone() };
    sink.send(WsMessage::Text(first)).await.map_err(|e| e.to_string())?;
    let (joined_tx, joined_rx) = oneshot::channel::<Result<(), String>>();
    let (out, mut outgoing) = mpsc::unbounded_channel::<String>();
    let task = tokio::spawn(async move {
        let mut joined = Some(joined_tx);
        if !realtime {
            let _ = joined.take().map(|tx| tx.send(Ok(())));
        }
        let mut beat = tokio::time::interval(Duration::from_secs(25));
        beat.tick().await;
        let mut beat_ref = 1u64;
        loop {
            tokio::select! {
                frame = frames.next() => {
                    let text = match frame {
                        Some(Ok(WsMessage::Text(text))) => text,
                        Some(Ok(_)) => continue,
                        _ => break,
                    };
                    let Ok(value) = serde_json::from_str::<Value>(&text) else { continue };
                    if !realtime {
                        if let Some(id) = bench_id(value.get("id")) {
                            recorder.delivered(id, me);
                        }
                        continue;
                    }
                    match value[3].as_str() {
                        Some("postgres_changes") => {
                            let data = &value[4]["data"];
                            let record = &data["record"];
                            let Some(id) = bench_id(record.get("id")) else { continue };
                            match data["type"].as_str() {
                                Some("INSERT") => recorder.delivered(id, me),
                                Some("UPDATE") if !record["translated_body"].is_null()
                                    || !record["translation_error"].is_null() => recorder.translated(id, me),
                                _ => {}
                            }
                        }
                        Some("broadcast") => {
                            if let Some(id) = bench_id(value[4]["payload"].get("id")) {
                                recorder.delivered(id, me);
                            }
                        }
                        Some("phx_reply") if value[1].as_str() == Some("1") => {
                            let status = value[4]["status"].as_str().unwrap_or_default();
                            let result = if status == "ok" { Ok(()) } else { Err(value[4].to_string()) };
                            let _ = joined.take().map(|tx| tx.send(result));
                        }
                        _ => {}
                    }
                }
                Some(text) = outgoing.recv() => {
                    if sink.send(WsMessage::Text(text)).await.is_err() {
                        break;
                    }
                }
                _ = beat.tick(), if realtime => {
                    beat_ref += 1;
                    let frame = json!([null, format!("hb{beat_ref}"), "phoenix", "heartbeat", {}]).to_string();
                    if sink.send(WsMessage::Text(frame)).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _ = joined.take().map(|tx| tx.send(Err("socket closed before the join reply".into())));
    });
    let task = AbortOnDrop(task);
    match tokio::time::timeout(Duration::from_secs(30), joined_rx).await {
        Ok(Ok(Ok(()))) => Ok(Peer { out, topic, join_ref, _task: task }),
        Ok(Ok(Err(reason))) => Err(format!("join refused: {reason}")),
        _ => Err("no join reply within 30 s".into()),
    }
}

/// Connects both users of `pairs[..n]` (peer `2i + side`), `parallel` at a time.
pub async fn connect_all(
    link: &Link,
    pairs: &[Pair],
    recorder: &Arc<Recorder>,
    parallel: usize,
) -> Result<Vec<Peer>, String> {
    let connected: Vec<(usize, Result<Peer, String>)> = stream::iter(0..pairs.len() * 2)
        .map(|i| {
            let recorder = recorder.clone();
            async move { (i, connect(link, &pairs[i / 2], i % 2, i as u32, recorder).await) }
        })
        .buffer_unordered(parallel)
        .collect()
        .await;
    let mut peers: Vec<Option<Peer>> = (0..connected.len()).map(|_| None).collect();
    for (i, peer) in connected {
        peers[i] = Some(peer?);
    }
    Ok(peers.into_iter().flatten().collect())
}
