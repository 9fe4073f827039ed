//! Measures what the join flood of issue #9 does to a `session-server` process: its resident
//! memory (VmRSS, sampled from /proc) and how long a legitimate participant then takes to join
//! its session and to receive its own INSERT. Not run in CI.
//!
//! ```text
//! cargo build --release -p session-server --bins --example realtime_flood
//! target/release/examples/realtime_flood target/release/session-server [sockets] [seconds] [bindings]
//! ```
//!
//! The attacker (127.0.0.2) opens `sockets` sockets (default 4), each sending joins of 100
//! public topics with `bindings` postgres_changes bindings each (default 85,000: a 250 KB
//! frame; 5,000 fit under the join size limit, 40,000 under the message limit), never reading, and
//! reconnecting whenever the server cuts it, for `seconds` (default 10). Three seconds in, the
//! participant (127.0.0.1) signs up, creates a session, joins it and inserts a message.

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

const SECRET: &str = "realtime-flood-measurement-secret-0123456789";

fn vm_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn post(http: &reqwest::Client, url: &str, anon: &str, token: &str, body: Value) -> Value {
    let res = http.post(url).header("apikey", anon).bearer_auth(token).json(&body).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    assert!(status.is_success(), "{url}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let binary = args.get(1).expect("usage: realtime_flood <session-server binary> [sockets] [seconds]");
    let sockets: usize = args.get(2).map_or(4, |s| s.parse().unwrap());
    let seconds: u64 = args.get(3).map_or(10, |s| s.parse().unwrap());
    let per_join: usize = args.get(4).map_or(85_000, |s| s.parse().unwrap());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::new(binary)
        .args(["--db", ":memory:", "--addr", &addr, "--jwt-secret", SECRET, "--translator", "none"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let pid = child.id();
    let base = format!("http://{addr}");
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let config: Value = loop {
        if let Ok(res) = http.get(format!("{base}/config.json")).send().await {
            break res.json().await.unwrap();
        }
        assert!(Instant::now() < deadline, "server did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let anon = config["supabaseAnonKey"].as_str().unwrap().to_owned();
    let idle_rss = vm_rss_kb(pid).unwrap_or(0);

    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicUsize::new(0));
    let bindings = vec!["{}"; per_join].join(",");
    let frames: Arc<Vec<String>> = Arc::new(
        (0..100)
            .map(|i| {
                format!(
                    r#"["{i}","{i}","realtime:room-{i}","phx_join",{{"config":{{"postgres_changes":[{bindings}]}}}}]"#
                )
            })
            .collect(),
    );
    println!("join frame: {} bytes, {per_join} bindings", frames[0].len());
    let url = format!("ws://{addr}/realtime/v1/websocket?apikey={anon}&vsn=2.0.0");
    let mut attackers = Vec::new();
    for _ in 0..sockets {
        let (url, frames, stop, sent, port) = (url.clone(), frames.clone(), stop.clone(), sent.clone(), port);
        attackers.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let socket = tokio::net::TcpSocket::new_v4().unwrap();
                socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
                let Ok(stream) = socket.connect(format!("127.0.0.1:{port}").parse().unwrap()).await else { continue };
                let Ok((mut ws, _)) = tokio_tungstenite::client_async(&url, stream).await else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                for frame in frames.iter() {
                    if stop.load(Ordering::Relaxed) || ws.send(Message::Text(frame.clone())).await.is_err() {
                        break;
                    }
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }

    let peak = Arc::new(AtomicUsize::new(0));
    let sampler = {
        let (peak, stop) = (peak.clone(), stop.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Some(kb) = vm_rss_kb(pid) {
                    peak.fetch_max(kb as usize, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };

    tokio::time::sleep(Duration::from_secs(3)).await;
    let started = Instant::now();
    let signup = post(&http, &format!("{base}/auth/v1/signup"), &anon, &anon, json!({"data": {}})).await;
    let token = signup["access_token"].as_str().unwrap().to_owned();
    let user = signup["user"]["id"].as_str().unwrap().to_owned();
    let session = post(
        &http,
        &format!("{base}/rest/v1/rpc/create_session"),
        &anon,
        &token,
        json!({"display_name": "A", "language": "en"}),
    )
    .await;
    let session_id = session["id"].as_str().unwrap().to_owned();
    let ready = started.elapsed();
    let (mut ws, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    let topic = format!("realtime:session:{session_id}");
    let filter = format!("session_id=eq.{session_id}");
    let join = json!(["1", "1", topic, "phx_join", {"config": {
        "broadcast": {"self": false, "ack": true}, "presence": {"key": user, "enabled": true}, "private": true,
        "postgres_changes": [
            {"event": "INSERT", "schema": "public", "table": "messages", "filter": filter},
            {"event": "UPDATE", "schema": "public", "table": "messages", "filter": filter},
            {"event": "UPDATE", "schema": "public", "table": "participants", "filter": filter},
        ]}, "access_token": token}]);
    let join_sent = Instant::now();
    ws.send(Message::Text(join.to_string())).await.unwrap();
    let mut subscribed = None;
    let mut inserted = None;
    let mut insert_sent = None;
    let wait = Instant::now() + Duration::from_secs(seconds.max(15));
    while inserted.is_none() && Instant::now() < wait {
        let Ok(Some(Ok(Message::Text(text)))) = tokio::time::timeout(Duration::from_secs(1), ws.next()).await else {
            continue;
        };
        let frame: Value = serde_json::from_str(&text).unwrap();
        if frame[3] == "phx_reply" && frame[1] == "1" {
            assert_eq!(frame[4]["status"], "ok", "{frame}");
            subscribed = Some(join_sent.elapsed());
            let row = json!({"id": uuid::Uuid::new_v4(), "session_id": session_id, "sender_id": user, "client_seq": 1, "body": "hi", "source_lang": "en"});
            insert_sent = Some(Instant::now());
            post(&http, &format!("{base}/rest/v1/messages"), &anon, &token, row).await;
        }
        if frame[3] == "postgres_changes" {
            inserted = insert_sent.map(|t| t.elapsed());
        }
    }
    let remaining = Duration::from_secs(seconds).saturating_sub(Duration::from_secs(3) + started.elapsed());
    tokio::time::sleep(remaining).await;
    stop.store(true, Ordering::Relaxed);
    let end_rss = vm_rss_kb(pid).unwrap_or(0);
    let _ = sampler.await;
    for a in attackers {
        a.abort();
    }
    let _ = child.kill();
    let _ = child.wait();
    println!("attacker sockets: {sockets}, flood: {seconds} s, join frames sent: {}", sent.load(Ordering::Relaxed));
    println!(
        "server VmRSS: idle {} MB, peak {} MB, at the end {} MB",
        idle_rss / 1024,
        peak.load(Ordering::Relaxed) / 1024,
        end_rss / 1024
    );
    println!("participant during the flood: sign-up + create {ready:?}; join -> subscribed {subscribed:?}; insert -> own INSERT event {inserted:?}");
}
