//! The baseline: a bare WebSocket relay on the server's own stack (tokio, axum, tungstenite)
//! doing only what the message path must do at minimum — take a text frame from one socket
//! and write it to the other sockets of the same room. No authentication, no storage, no
//! protocol. The bench runs it as a separate process (`bench relay`) so its CPU and memory
//! are measured the way the server's are.
//!
//! A client's first frame names its room; every later frame is forwarded verbatim.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;

/// The same per-socket sizes the server uses, so the comparison is of the work, not of buffers.
pub const READ_BUFFER: usize = 4 * 1024;
const QUEUE: usize = 64;

type Rooms = Arc<Mutex<HashMap<String, Vec<(u64, mpsc::Sender<Message>)>>>>;

#[derive(Clone, Default)]
struct Relay {
    rooms: Rooms,
    next_id: Arc<AtomicU64>,
}

/// Serves the relay on `addr` until the process is killed.
pub async fn run(addr: &str) -> std::io::Result<()> {
    let app = Router::new().route("/relay", get(upgrade)).with_state(Relay::default());
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("relay listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}

async fn upgrade(State(relay): State<Relay>, ws: WebSocketUpgrade) -> Response {
    ws.read_buffer_size(READ_BUFFER).write_buffer_size(0).on_upgrade(move |socket| serve(relay, socket))
}

async fn serve(relay: Relay, socket: WebSocket) {
    let (mut sink, mut stream) = socket.split();
    let Some(Ok(Message::Text(room))) = stream.next().await else { return };
    let room = room.as_str().to_owned();
    let id = relay.next_id.fetch_add(1, Ordering::Relaxed);
    let (tx, mut rx) = mpsc::channel::<Message>(QUEUE);
    relay.rooms.lock().unwrap().entry(room.clone()).or_default().push((id, tx));
    let writer = tokio::spawn(async move {
        while let Some(message) = rx.recv().await {
            if sink.send(message).await.is_err() {
                break;
            }
        }
    });
    while let Some(Ok(message)) = stream.next().await {
        if !matches!(message, Message::Text(_)) {
            continue;
        }
        let peers: Vec<mpsc::Sender<Message>> = relay.rooms.lock().unwrap()[&room]
            .iter()
            .filter(|(peer, _)| *peer != id)
            .map(|(_, tx)| tx.clone())
            .collect();
        for peer in peers {
            // A full queue drops the frame: the bench counts it as lost.
            let _ = peer.try_send(message.clone());
        }
    }
    let mut rooms = relay.rooms.lock().unwrap();
    if let Some(members) = rooms.get_mut(&room) {
        members.retain(|(peer, _)| *peer != id);
        if members.is_empty() {
            rooms.remove(&room);
        }
    }
    drop(rooms);
    writer.abort();
}
