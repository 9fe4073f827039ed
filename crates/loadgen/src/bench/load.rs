//! The open-loop load: messages go out on a fixed schedule whatever the server's pace (a slow
//! server is seen as latency and loss, never as a politely slower sender), round-robin over
//! the sessions, alternating the writer within each session.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use super::peers::{Pair, Peer};
use super::record::{Recorder, Tally, MARK};
use crate::api::Api;

/// How a message travels from writer to partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Path {
    /// `POST /rest/v1/messages` (the app's send), heard by the partner as a postgres_changes
    /// INSERT, then as the UPDATE carrying the translation.
    Rest,
    /// A `broadcast` frame on the session channel (the app's typing and read signals).
    Broadcast,
    /// The same message through the bare relay: the floor.
    Relay,
}

impl Path {
    pub fn label(self) -> &'static str {
        match self {
            Path::Rest => "REST insert → INSERT event",
            Path::Broadcast => "broadcast",
            Path::Relay => "bare relay",
        }
    }

    /// The label in plot legends.
    pub fn short(self) -> &'static str {
        match self {
            Path::Rest => "REST",
            Path::Broadcast => "broadcast",
            Path::Relay => "relay",
        }
    }
}

/// Chat lines the writers take turns with; each message adds its number, so no two texts are
/// alike and the translation cache does not hide the translator's cost.
const LINES: [(&str, &str); 8] = [
    ("Hi! Are we still meeting at the station at six?", "¡Hola! ¿Seguimos quedando en la estación a las seis?"),
    ("I am running a few minutes late, sorry.", "Llego unos minutos tarde, lo siento."),
    ("Can you send me the address of the restaurant?", "¿Me puedes enviar la dirección del restaurante?"),
    ("The train was cancelled, I will take the bus.", "El tren fue cancelado, tomaré el autobús."),
    ("Thank you so much for your help yesterday.", "Muchas gracias por tu ayuda de ayer."),
    ("Do you want to have dinner together tonight?", "¿Quieres cenar juntos esta noche?"),
    ("My phone is almost out of battery.", "Mi móvil está casi sin batería."),
    ("See you tomorrow morning at the hotel.", "Nos vemos mañana por la mañana en el hotel."),
];

/// Everything one level needs.
pub struct Run<'a> {
    pub path: Path,
    pub pairs: &'a [Pair],
    pub peers: &'a [Peer],
    /// The server's REST API, for the REST path.
    pub rest: Option<&'a Api>,
    pub recorder: &'a Arc<Recorder>,
    /// Source of message numbers, never reused within a database.
    pub next_id: &'a AtomicU64,
}

/// Sends `rate` messages per second for `duration`, then waits up to `drain` for the last
/// ones to arrive.
pub async fn run(run: &Run<'_>, rate: f64, duration: Duration, drain: Duration) -> Tally {
    let total = (rate * duration.as_secs_f64()).round() as u64;
    let start = Instant::now();
    let mut sent = 0u64;
    let mut tick = tokio::time::interval(Duration::from_millis(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while sent < total {
        tick.tick().await;
        let due = ((start.elapsed().as_secs_f64() * rate) as u64).min(total);
        while sent < due {
            send(run, sent);
            sent += 1;
        }
    }
    let deadline = Instant::now() + drain;
    while run.recorder.outstanding() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    run.recorder.take(total)
}

fn send(run: &Run<'_>, k: u64) {
    let n = run.pairs.len() as u64;
    let pair_index = (k % n) as usize;
    let side = ((k / n) % 2) as usize;
    let pair = &run.pairs[pair_index];
    let from = pair.user(side);
    let to = (pair_index * 2 + 1 - side) as u32;
    let number = run.next_id.fetch_add(1, Ordering::Relaxed);
    let (english, spanish) = LINES[(number % LINES.len() as u64) as usize];
    let (body, lang) = if side == 0 { (english, "en") } else { (spanish, "es") };
    let row = json!({
        "id": Uuid::from_u64_pair(MARK, number),
        "session_id": pair.session,
        "sender_id": from.user_id,
        "client_seq": number,
        "body": format!("{body} ({number})"),
        "source_lang": lang,
    });
    let at = Instant::now();
    run.recorder.sent(number, to, at);
    let peer = &run.peers[pair_index * 2 + side];
    match run.path {
        Path::Rest => {
            let request = run.rest.expect("REST path needs a server").upsert_request(&from.access_token);
            let recorder = run.recorder.clone();
            let body = json!([row]).to_string();
            tokio::spawn(async move {
                let reply = request.header("content-type", "application/json").body(body).send().await;
                let ok = match reply {
                    Ok(reply) => reply.status() == StatusCode::CREATED && reply.bytes().await.is_ok(),
                    Err(_) => false,
                };
                recorder.reply(at, ok);
            });
        }
        Path::Broadcast => {
            let payload = json!({"type": "broadcast", "event": "bench", "payload": row});
            let frame = json!([peer.join_ref, number.to_string(), peer.topic, "broadcast", payload]).to_string();
            let _ = peer.out.send(frame);
        }
        Path::Relay => {
            let _ = peer.out.send(row.to_string());
        }
    }
}
