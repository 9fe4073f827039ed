//! Realtime over a real WebSocket against a running server, speaking the frames realtime-js
//! sends (see reference/supabase/captures). No sleeps: every wait is for a frame, with a timeout.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use session_server::changes::{Change, ChangeKind};
use session_server::realtime::protocol::{self, BroadcastPush, ENCODING_JSON};
use session_server::{AppState, Config, Running};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use uuid::Uuid;

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

const WAIT: Duration = Duration::from_secs(5);

async fn server_with(config: Config) -> (Running, AppState) {
    session_server::spawn_with_state(config).await.unwrap()
}

async fn server() -> (Running, AppState) {
    server_with(Config::for_tests()).await
}

/// A test server that also allows public topics (off by default: the app never uses them).
fn with_public_topics() -> Config {
    let mut config = Config::for_tests();
    config.realtime_public_topics = true;
    config
}

fn ws_url(running: &Running, vsn: &str) -> String {
    format!("ws://{}/realtime/v1/websocket?apikey={}&vsn={vsn}", running.addr, running.anon_key)
}

async fn connect(running: &Running, vsn: &str) -> Ws {
    let (ws, _) = tokio_tungstenite::connect_async(ws_url(running, vsn)).await.unwrap();
    ws
}

/// A session with the given participants, written straight into the store.
fn seed_session(state: &AppState, users: &[Uuid]) -> Uuid {
    let session = Uuid::new_v4();
    let code: String = session.simple().to_string()[..6].to_uppercase();
    state.db.with(|c| {
        c.execute(
            "INSERT INTO sessions (id, code, created_by, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            [
                session.to_string(),
                code,
                users[0].to_string(),
                "2026-01-01T00:00:00.000000+00:00".into(),
                "2999-01-01T00:00:00.000000+00:00".into(),
            ],
        )
        .unwrap();
        for user in users {
            c.execute(
                "INSERT INTO participants (session_id, user_id, display_name, language, joined_at) VALUES (?1, ?2, 'n', 'en', ?3)",
                [session.to_string(), user.to_string(), "2026-01-01T00:00:00.000000+00:00".into()],
            )
            .unwrap();
        }
    });
    session
}

fn token(state: &AppState, user: Uuid) -> String {
    let now = chrono::Utc::now().timestamp();
    state.keys.access_token(user, Uuid::new_v4(), now, 3600)
}

fn app_config(session: Uuid, user: Uuid) -> Value {
    let filter = format!("session_id=eq.{session}");
    json!({
        "broadcast": {"self": false, "ack": true},
        "presence": {"key": user.to_string(), "enabled": true},
        "postgres_changes": [
            {"event": "INSERT", "schema": "public", "table": "messages", "filter": filter},
            {"event": "UPDATE", "schema": "public", "table": "messages", "filter": filter},
            {"event": "UPDATE", "schema": "public", "table": "participants", "filter": filter},
        ],
        "private": true,
    })
}

async fn send(ws: &mut Ws, frame: Value) {
    ws.send(Message::Text(frame.to_string())).await.unwrap();
}

enum Got {
    Json(Value),
    Binary(Vec<u8>),
    Closed(Option<u16>),
}

async fn next(ws: &mut Ws) -> Got {
    loop {
        let message = tokio::time::timeout(WAIT, ws.next()).await.expect("timed out waiting for a frame");
        return match message {
            Some(Ok(Message::Text(text))) => Got::Json(serde_json::from_str(&text).unwrap()),
            Some(Ok(Message::Binary(bytes))) => Got::Binary(bytes),
            Some(Ok(Message::Close(frame))) => Got::Closed(frame.map(|f| u16::from(f.code))),
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => Got::Closed(None),
        };
    }
}

async fn json_frame(ws: &mut Ws) -> Value {
    match next(ws).await {
        Got::Json(v) => v,
        Got::Binary(b) => panic!("expected text, got binary {b:?}"),
        Got::Closed(code) => panic!("expected text, socket closed ({code:?})"),
    }
}

/// Skips frames until one with `event`, returning it.
async fn frame_with_event(ws: &mut Ws, event: &str) -> Value {
    loop {
        if let Got::Json(v) = next(ws).await {
            if v[3] == event {
                return v;
            }
        }
    }
}

/// Joins and reads the whole join answer (reply, then system/presence_state as configured).
async fn join(ws: &mut Ws, topic: &str, join_ref: &str, config: Value, token: Option<&str>) -> Value {
    let mut payload = json!({"config": config});
    if let Some(token) = token {
        payload["access_token"] = json!(token);
    }
    send(ws, json!([join_ref, join_ref, topic, "phx_join", payload])).await;
    json_frame(ws).await
}

/// Proves nothing else is queued for `ws`: a heartbeat's reply is the very next frame.
async fn assert_quiet(ws: &mut Ws) {
    send(ws, json!([null, "quiet", "phoenix", "heartbeat", {}])).await;
    let frame = json_frame(ws).await;
    assert_eq!(frame, json!([null, "quiet", "phoenix", "phx_reply", {"status": "ok", "response": {}}]));
}

struct Pair {
    running: Running,
    state: AppState,
    session: Uuid,
    topic: String,
    a: (Uuid, Ws),
    b: (Uuid, Ws),
}

/// Two participants joined to their session channel, join answers consumed.
async fn pair() -> Pair {
    pair_on(Config::for_tests()).await
}

async fn pair_on(config: Config) -> Pair {
    let (running, state) = server_with(config).await;
    let (ua, ub) = (Uuid::new_v4(), Uuid::new_v4());
    let session = seed_session(&state, &[ua, ub]);
    let topic = format!("realtime:session:{session}");
    let mut wa = connect(&running, "2.0.0").await;
    let mut wb = connect(&running, "2.0.0").await;
    for (user, ws) in [(ua, &mut wa), (ub, &mut wb)] {
        let reply = join(ws, &topic, "1", app_config(session, user), Some(&token(&state, user))).await;
        assert_eq!(reply[4]["status"], "ok", "{reply}");
        frame_with_event(ws, "presence_state").await;
    }
    Pair { running, state, session, topic, a: (ua, wa), b: (ub, wb) }
}

#[tokio::test]
async fn upgrade_requires_a_valid_api_key() {
    let (running, _) = server().await;
    let http = reqwest::Client::new();
    let base = format!("{}/realtime/v1/websocket", running.url);
    let res = http.get(format!("{base}?vsn=2.0.0")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"error": "API key is missing"}));
    let res = http.get(format!("{base}?apikey=nope&vsn=2.0.0")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"error": "The token provided is not a valid JWT"}));
    let err =
        tokio_tungstenite::connect_async(format!("ws://{}/realtime/v1/websocket?apikey=x.y.z", running.addr)).await;
    assert!(err.is_err());
}

#[tokio::test]
async fn heartbeat_on_both_serializers() {
    let (running, _) = server().await;
    let mut v2 = connect(&running, "2.0.0").await;
    send(&mut v2, json!([null, "41", "phoenix", "heartbeat", {}])).await;
    assert_eq!(
        json_frame(&mut v2).await,
        json!([null, "41", "phoenix", "phx_reply", {"status": "ok", "response": {}}])
    );

    let mut v1 = connect(&running, "1.0.0").await;
    send(&mut v1, json!({"topic": "phoenix", "event": "heartbeat", "payload": {}, "ref": "9"})).await;
    assert_eq!(
        json_frame(&mut v1).await,
        json!({"topic": "phoenix", "event": "phx_reply", "payload": {"status": "ok", "response": {}}, "ref": "9", "join_ref": null})
    );
}

#[tokio::test]
async fn participant_join_answers_reply_system_presence_state_in_order() {
    let (running, state) = server().await;
    let user = Uuid::new_v4();
    let session = seed_session(&state, &[user]);
    let topic = format!("realtime:session:{session}");
    let mut ws = connect(&running, "2.0.0").await;
    let reply = join(&mut ws, &topic, "6", app_config(session, user), Some(&token(&state, user))).await;
    assert_eq!(reply[0], "6");
    assert_eq!(reply[1], "6");
    assert_eq!(reply[3], "phx_reply");
    assert_eq!(reply[4]["status"], "ok");
    let bindings = reply[4]["response"]["postgres_changes"].as_array().unwrap();
    assert_eq!(bindings.len(), 3);
    assert_eq!(bindings[0]["filter"], format!("session_id=eq.{session}"));
    assert!(bindings.iter().all(|b| b["id"].is_u64()));
    let system = json_frame(&mut ws).await;
    assert_eq!(
        system,
        json!(["6", null, topic, "system", {"message": "Subscribed to PostgreSQL", "status": "ok",
            "extension": "postgres_changes", "channel": format!("session:{session}")}])
    );
    assert_eq!(json_frame(&mut ws).await, json!(["6", null, topic, "presence_state", {}]));
    assert_quiet(&mut ws).await;
}

#[tokio::test]
async fn strangers_and_bad_tokens_are_refused() {
    let (running, state) = server().await;
    let (member, stranger) = (Uuid::new_v4(), Uuid::new_v4());
    let session = seed_session(&state, &[member]);
    let topic = format!("realtime:session:{session}");
    let mut ws = connect(&running, "2.0.0").await;

    let reply = join(&mut ws, &topic, "1", app_config(session, stranger), Some(&token(&state, stranger))).await;
    assert_eq!(
        reply,
        json!(["1", "1", topic, "phx_reply", {"status": "error", "response": {"reason":
            format!("Unauthorized: You do not have permissions to read from this Channel topic: session:{session}")}}])
    );
    let reply = join(&mut ws, &topic, "2", app_config(session, member), Some("not.a.jwt")).await;
    assert_eq!(reply[4]["response"]["reason"], "MalformedJWT: The token provided is not a valid JWT");
    let expired = state.keys.access_token(member, Uuid::new_v4(), chrono::Utc::now().timestamp() - 7200, 3600);
    let reply = join(&mut ws, &topic, "3", app_config(session, member), Some(&expired)).await;
    let reason = reply[4]["response"]["reason"].as_str().unwrap();
    assert!(reason.starts_with("InvalidJWTToken: Token has expired"), "{reason}");
    // The socket survives refusals.
    assert_quiet(&mut ws).await;
}

#[tokio::test]
async fn presence_diffs_reach_both_sides_and_an_abrupt_drop_leaves() {
    let Pair { topic, a: (ua, mut wa), b: (ub, mut wb), .. } = pair().await;
    let meta = json!({"display_name": "Alice", "language": "en", "state": "active"});
    send(&mut wa, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": meta}])).await;
    assert_eq!(json_frame(&mut wa).await, json!(["1", "2", topic, "phx_reply", {"status": "ok", "response": {}}]));
    let own = json_frame(&mut wa).await;
    let seen = json_frame(&mut wb).await;
    assert_eq!(own, seen);
    assert_eq!(seen[3], "presence_diff");
    let joined = &seen[4]["joins"][ua.to_string()]["metas"][0];
    assert_eq!(joined["display_name"], "Alice");
    let ref_a = joined["phx_ref"].as_str().unwrap().to_owned();

    send(
        &mut wb,
        json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {"state": "active"}}]),
    )
    .await;
    json_frame(&mut wb).await;
    let diff = json_frame(&mut wa).await;
    let ref_b = diff[4]["joins"][ub.to_string()]["metas"][0]["phx_ref"].as_str().unwrap().to_owned();
    assert_ne!(ref_a, ref_b);
    json_frame(&mut wb).await;

    // B vanishes without a close frame (network loss): A sees B leave.
    drop(wb);
    let leave = frame_with_event(&mut wa, "presence_diff").await;
    assert_eq!(leave[4]["joins"], json!({}));
    assert_eq!(leave[4]["leaves"][ub.to_string()]["metas"][0]["phx_ref"], ref_b);
}

#[tokio::test]
async fn leave_replies_closes_and_announces() {
    let Pair { topic, a: (ua, mut wa), b: (_, mut wb), .. } = pair().await;
    send(&mut wa, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {}}])).await;
    frame_with_event(&mut wb, "presence_diff").await;
    json_frame(&mut wa).await;
    json_frame(&mut wa).await;
    send(&mut wa, json!(["1", "3", topic, "phx_leave", {}])).await;
    assert_eq!(json_frame(&mut wa).await, json!(["1", "3", topic, "phx_reply", {"status": "ok", "response": {}}]));
    assert_eq!(json_frame(&mut wa).await, json!(["1", "1", topic, "phx_close", {}]));
    let leave = json_frame(&mut wb).await;
    assert!(leave[4]["leaves"][ua.to_string()].is_object());
    // After leaving, pushes to the topic are unmatched.
    send(&mut wa, json!(["1", "4", topic, "presence", {"type": "presence", "event": "untrack"}])).await;
    assert_eq!(
        json_frame(&mut wa).await,
        json!([null, "4", topic, "phx_reply", {"status": "error", "response": {"reason": "unmatched topic"}}])
    );
}

fn kind3(topic: &str, event: &str, payload: &Value, msg_ref: &str) -> Vec<u8> {
    protocol::encode_broadcast_push(&BroadcastPush {
        join_ref: Some("1".into()),
        msg_ref: Some(msg_ref.into()),
        topic: topic.into(),
        event: event.into(),
        metadata: vec![],
        encoding: ENCODING_JSON,
        payload: payload.to_string().into_bytes(),
    })
    .unwrap()
}

#[tokio::test]
async fn binary_broadcast_becomes_kind_4_with_ack_and_no_echo() {
    let Pair { topic, a: (ua, mut wa), b: (_, mut wb), .. } = pair().await;
    let typing = json!({"user_id": ua.to_string(), "state": "typing"});
    wa.send(Message::Binary(kind3(&topic, "typing", &typing, "8"))).await.unwrap();
    assert_eq!(json_frame(&mut wa).await, json!(["1", "8", topic, "phx_reply", {"status": "ok", "response": {}}]));
    let Got::Binary(bytes) = next(&mut wb).await else { panic!("expected a kind 4 frame") };
    let got = protocol::decode_user_broadcast(&bytes).unwrap();
    assert_eq!(got.topic, topic);
    assert_eq!(got.event, "typing");
    assert_eq!(got.encoding, ENCODING_JSON);
    assert_eq!(serde_json::from_slice::<Value>(&got.payload).unwrap(), typing);
    // self: false — the sender got only its ack.
    assert_quiet(&mut wa).await;

    // Too big: dropped with an error ack.
    let big = json!({"pad": "x".repeat(80 * 1024)});
    wa.send(Message::Binary(kind3(&topic, "typing", &big, "9"))).await.unwrap();
    assert_eq!(
        json_frame(&mut wa).await,
        json!(["1", "9", topic, "phx_reply", {"status": "error", "response": {"error": "payload_size_exceeded"}}])
    );
    assert_quiet(&mut wb).await;
}

#[tokio::test]
async fn self_broadcast_echoes_to_the_sender() {
    let (running, _) = server_with(with_public_topics()).await;
    let mut ws = connect(&running, "2.0.0").await;
    let reply = join(
        &mut ws,
        "realtime:lobby",
        "3",
        json!({"broadcast": {"self": true}, "presence": {"enabled": false}}),
        None,
    )
    .await;
    assert_eq!(reply[4]["status"], "ok");
    ws.send(Message::Binary(kind3("realtime:lobby", "hi", &json!({"n": 1}), "4"))).await.unwrap();
    let Got::Binary(bytes) = next(&mut ws).await else { panic!("expected own broadcast") };
    assert_eq!(protocol::decode_user_broadcast(&bytes).unwrap().event, "hi");
    assert_quiet(&mut ws).await;
}

#[tokio::test]
async fn vsn_1_speaks_json_objects_end_to_end() {
    let (running, state) = server().await;
    let (ua, ub) = (Uuid::new_v4(), Uuid::new_v4());
    let session = seed_session(&state, &[ua, ub]);
    let topic = format!("realtime:session:{session}");
    let mut v1 = connect(&running, "1.0.0").await;
    let mut v2 = connect(&running, "2.0.0").await;
    let payload = json!({"config": app_config(session, ua), "access_token": token(&state, ua)});
    send(&mut v1, json!({"topic": topic, "event": "phx_join", "payload": payload, "ref": "6", "join_ref": "6"})).await;
    let reply = json_frame(&mut v1).await;
    assert_eq!(reply["event"], "phx_reply");
    assert_eq!(reply["payload"]["status"], "ok");
    assert_eq!(reply["join_ref"], "6");
    assert_eq!(json_frame(&mut v1).await["event"], "system");
    assert_eq!(json_frame(&mut v1).await["event"], "presence_state");
    join(&mut v2, &topic, "1", app_config(session, ub), Some(&token(&state, ub))).await;
    frame_with_event(&mut v2, "presence_state").await;

    // A binary broadcast from v2 arrives at v1 as JSON.
    v2.send(Message::Binary(kind3(&topic, "typing", &json!({"state": "idle"}), "2"))).await.unwrap();
    let got = json_frame(&mut v1).await;
    assert_eq!(
        got,
        json!({"topic": topic, "event": "broadcast", "ref": null, "join_ref": null,
            "payload": {"type": "broadcast", "event": "typing", "payload": {"state": "idle"}}})
    );
    // A JSON broadcast from v1 arrives at v2 as JSON.
    let body = json!({"type": "broadcast", "event": "typing", "payload": {"state": "typing"}});
    send(&mut v1, json!({"topic": topic, "event": "broadcast", "payload": body, "ref": "7", "join_ref": "6"})).await;
    assert_eq!(json_frame(&mut v1).await["payload"]["status"], "ok");
    let got = frame_with_event(&mut v2, "broadcast").await;
    assert_eq!(got, json!([null, null, topic, "broadcast", body]));
}

fn message_change(session: Uuid, audience: Vec<Uuid>) -> Change {
    Change {
        table: "messages",
        kind: ChangeKind::Insert,
        session_id: session,
        record: json!({"id": Uuid::new_v4().to_string(), "session_id": session.to_string(), "seq": 1, "body": "hola"}),
        old_record: None,
        audience,
        commit_timestamp: "2026-11-25T02:15:19.359Z".into(),
    }
}

#[tokio::test]
async fn published_changes_reach_subscribed_participants_only() {
    let Pair { running, state, session, topic, a: (ua, mut wa), b: (ub, mut wb) } = pair_on(with_public_topics()).await;
    // A stranger subscribing through a public topic with the same bindings gets nothing.
    let eve = Uuid::new_v4();
    let mut we = connect(&running, "2.0.0").await;
    let mut spy = app_config(session, eve);
    spy["private"] = json!(false);
    let reply = join(&mut we, "realtime:spy", "1", spy, Some(&token(&state, eve))).await;
    assert_eq!(reply[4]["status"], "ok");
    frame_with_event(&mut we, "presence_state").await;

    let change = message_change(session, vec![ua, ub]);
    state.realtime.publish(change.clone());
    for ws in [&mut wa, &mut wb] {
        let frame = json_frame(ws).await;
        assert_eq!(frame[0], Value::Null);
        assert_eq!(frame[2], json!(topic));
        assert_eq!(frame[3], "postgres_changes");
        assert_eq!(frame[4]["ids"].as_array().unwrap().len(), 1);
        let data = &frame[4]["data"];
        assert_eq!(data["type"], "INSERT");
        assert_eq!(data["table"], "messages");
        assert_eq!(data["record"], change.record);
        assert!(data["columns"].is_array());
        assert_eq!(data["errors"], Value::Null);
    }
    assert_quiet(&mut we).await;

    // An UPDATE goes to the UPDATE binding, with old_record.
    let mut update = message_change(session, vec![ua, ub]);
    update.kind = ChangeKind::Update;
    update.old_record = Some(json!({"id": update.record["id"]}));
    state.realtime.publish(update);
    let frame = json_frame(&mut wa).await;
    assert_eq!(frame[4]["data"]["type"], "UPDATE");
    assert!(frame[4]["data"]["old_record"]["id"].is_string());
}

#[tokio::test]
async fn malformed_frames_do_not_cost_the_connection() {
    let Pair { topic, a: (_, mut wa), b: (_, mut wb), .. } = pair().await;
    for junk in ["", "{", "[1]", "null", "[null,null,null,null,null]"] {
        wa.send(Message::Text(junk.into())).await.unwrap();
    }
    wa.send(Message::Binary(vec![7, 7, 7])).await.unwrap();
    assert_quiet(&mut wa).await;
    send(&mut wa, json!(["1", "5", topic, "presence", {"type": "presence", "event": "track", "payload": {}}])).await;
    assert_eq!(frame_with_event(&mut wb, "presence_diff").await[3], "presence_diff");
}

#[tokio::test]
async fn idle_sockets_are_closed_and_their_presence_cleared() {
    let mut config = Config::for_tests();
    config.idle_timeout_secs = 1;
    let (running, state) = server_with(config).await;
    let (ua, ub) = (Uuid::new_v4(), Uuid::new_v4());
    let session = seed_session(&state, &[ua, ub]);
    let topic = format!("realtime:session:{session}");
    let mut wa = connect(&running, "2.0.0").await;
    let mut wb = connect(&running, "2.0.0").await;
    join(&mut wa, &topic, "1", app_config(session, ua), Some(&token(&state, ua))).await;
    join(&mut wb, &topic, "1", app_config(session, ub), Some(&token(&state, ub))).await;
    send(&mut wa, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {}}])).await;
    // B heartbeats while waiting for A's leave; A stays silent until the server drops it.
    let mut leave = None;
    for i in 0..40 {
        send(&mut wb, json!([null, format!("h{i}"), "phoenix", "heartbeat", {}])).await;
        loop {
            let frame = json_frame(&mut wb).await;
            let is_reply = frame[3] == "phx_reply" && frame[2] == "phoenix";
            if frame[3] == "presence_diff" && frame[4]["leaves"][ua.to_string()].is_object() {
                leave = Some(frame);
            }
            if is_reply {
                break;
            }
        }
        if leave.is_some() {
            break;
        }
        // Pace the heartbeats by waiting on A's socket instead of sleeping.
        let _ = tokio::time::timeout(Duration::from_millis(250), wa.next()).await;
    }
    assert!(leave.is_some(), "A's presence was never cleared");
    loop {
        match next(&mut wa).await {
            Got::Closed(_) => break,
            Got::Json(_) | Got::Binary(_) => continue,
        }
    }
}

#[tokio::test]
async fn a_fast_heartbeating_socket_that_goes_silent_is_dropped_within_seconds() {
    // Default idle timeout (60 s): only A's own cadence (beats 300 ms apart) makes it short.
    let (running, state) = server().await;
    let (ua, ub) = (Uuid::new_v4(), Uuid::new_v4());
    let session = seed_session(&state, &[ua, ub]);
    let topic = format!("realtime:session:{session}");
    let mut wa = connect(&running, "2.0.0").await;
    let mut wb = connect(&running, "2.0.0").await;
    join(&mut wa, &topic, "1", app_config(session, ua), Some(&token(&state, ua))).await;
    join(&mut wb, &topic, "1", app_config(session, ub), Some(&token(&state, ub))).await;
    send(&mut wa, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {}}])).await;
    for i in 0..3 {
        send(&mut wa, json!([null, format!("a{i}"), "phoenix", "heartbeat", {}])).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // A now vanishes without closing (a half-open TCP connection); B keeps beating.
    let silent = std::time::Instant::now();
    let mut left = None;
    for i in 0..40 {
        send(&mut wb, json!([null, format!("h{i}"), "phoenix", "heartbeat", {}])).await;
        loop {
            let frame = json_frame(&mut wb).await;
            if frame[3] == "presence_diff" && frame[4]["leaves"][ua.to_string()].is_object() {
                left = Some(silent.elapsed());
            }
            if frame[3] == "phx_reply" && frame[2] == "phoenix" {
                break;
            }
        }
        if left.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let left = left.expect("A's presence was never cleared");
    // Two beats plus half a second, but never under 3 s.
    assert!(left >= Duration::from_millis(2500) && left < Duration::from_secs(6), "cleared after {left:?}");
}

#[tokio::test]
async fn http_broadcast_fallback_reaches_members() {
    let Pair { running, state, session, topic, a: (ua, _wa), b: (_, mut wb), .. } = pair().await;
    let http = reqwest::Client::new();
    let url = format!("{}/realtime/v1/api/broadcast?apikey={}&vsn=2.0.0", running.url, running.anon_key);
    let body = json!({"messages": [{"topic": format!("session:{session}"), "event": "typing",
        "payload": {"state": "typing"}, "private": true}]});
    let res = http
        .post(&url)
        .header("apikey", &running.anon_key)
        .bearer_auth(token(&state, ua))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let got = frame_with_event(&mut wb, "broadcast").await;
    assert_eq!(
        got,
        json!([null, null, topic, "broadcast", {"type": "broadcast", "event": "typing", "payload": {"state": "typing"}}])
    );

    // A stranger's message is accepted at the HTTP level but never delivered.
    let res = http.post(&url).bearer_auth(token(&state, Uuid::new_v4())).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 202);
    assert_quiet(&mut wb).await;
}

#[tokio::test]
async fn floods_close_the_flooding_socket_only() {
    let Pair { topic, a: (_, mut wa), b: (_, mut wb), .. } = pair().await;
    for i in 0..400 {
        if wa.send(Message::Text(json!([null, format!("{i}"), "phoenix", "heartbeat", {}]).to_string())).await.is_err()
        {
            break;
        }
    }
    let mut system = None;
    loop {
        match next(&mut wa).await {
            Got::Json(frame) if frame[3] == "system" => system = Some(frame),
            Got::Closed(code) => {
                assert_eq!(code, Some(1008));
                break;
            }
            _ => {}
        }
    }
    let system = system.expect("a system error before the close");
    assert_eq!(system[2], json!(topic));
    assert_eq!(system[4]["message"], "Too many messages per second");
    assert_quiet(&mut wb).await;
}

#[tokio::test]
async fn an_expiring_token_closes_the_channel_but_not_the_socket() {
    let (running, state) = server().await;
    let user = Uuid::new_v4();
    let session = seed_session(&state, &[user]);
    let topic = format!("realtime:session:{session}");
    let mut ws = connect(&running, "2.0.0").await;
    let short = state.keys.access_token(user, Uuid::new_v4(), chrono::Utc::now().timestamp(), 2);
    let reply = join(&mut ws, &topic, "1", app_config(session, user), Some(&short)).await;
    assert_eq!(reply[4]["status"], "ok");
    let system = frame_with_event(&mut ws, "system").await;
    assert_eq!(system[4]["status"], "ok");
    let system = frame_with_event(&mut ws, "system").await;
    assert_eq!(system[0], "1");
    assert_eq!(system[4]["extension"], "system");
    assert_eq!(system[4]["status"], "error");
    let message = system[4]["message"].as_str().unwrap();
    assert!(message.starts_with("Token has expired ") && message.ends_with(" seconds ago"), "{message}");
    assert_eq!(json_frame(&mut ws).await, json!(["1", "1", topic, "phx_close", {}]));
    assert_quiet(&mut ws).await;
}

#[tokio::test]
async fn a_refreshed_token_that_is_expired_closes_the_channel() {
    let Pair { state, topic, a: (ua, mut wa), .. } = pair().await;
    let stale = state.keys.access_token(ua, Uuid::new_v4(), chrono::Utc::now().timestamp() - 100, 10);
    send(&mut wa, json!(["1", "5", topic, "access_token", {"access_token": stale}])).await;
    let system = json_frame(&mut wa).await;
    assert_eq!(system[3], "system");
    assert!(system[4]["message"].as_str().unwrap().starts_with("Token has expired"));
    assert_eq!(json_frame(&mut wa).await[3], "phx_close");
}

#[tokio::test]
async fn presence_spam_is_cut_off_like_supabase() {
    let Pair { topic, a: (_, mut wa), b: (_, mut wb), .. } = pair().await;
    for i in 0..6 {
        let payload = json!({"state": if i % 2 == 0 { "active" } else { "away" }});
        send(&mut wa, json!(["1", format!("p{i}"), topic, "presence", {"type": "presence", "event": "track", "payload": payload}])).await;
    }
    let system = frame_with_event(&mut wa, "system").await;
    assert_eq!(system[4]["message"], "Client presence rate limit exceeded");
    assert_eq!(json_frame(&mut wa).await, json!(["1", "1", topic, "phx_close", {}]));
    // The partner saw the tracker's presence go with the channel.
    let mut last = Value::Null;
    for _ in 0..6 {
        last = frame_with_event(&mut wb, "presence_diff").await;
    }
    assert_eq!(last[4]["joins"], json!({}));
    assert_quiet(&mut wb).await;
}

// ---- resource limits: one hostile client must not take the server from anyone else ----------

/// A TCP connection to the server from `ip` (any 127.x address reaches a loopback listener), so
/// a test can play clients on different addresses.
async fn tcp_from(running: &Running, ip: &str) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(format!("{ip}:0").parse().unwrap()).unwrap();
    socket.connect(running.addr).await.unwrap()
}

/// A realtime socket from `ip`, or the upgrade's HTTP status and body when refused.
async fn connect_from(running: &Running, ip: &str) -> Result<Ws, (u16, Value)> {
    let stream = tcp_from(running, ip).await;
    match tokio_tungstenite::client_async(ws_url(running, "2.0.0"), MaybeTlsStream::Plain(stream)).await {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            let body = response.body().as_deref().map(|b| serde_json::from_slice(b).unwrap()).unwrap_or(Value::Null);
            Err((response.status().as_u16(), body))
        }
        Err(other) => panic!("upgrade failed: {other}"),
    }
}

/// `from('messages').insert(row)` as supabase-js sends it.
async fn rest_insert(running: &Running, token: &str, session: Uuid, sender: Uuid, body: &str) {
    let row = json!({
        "id": Uuid::new_v4(), "session_id": session, "sender_id": sender,
        "client_seq": 1, "body": body, "source_lang": "en",
    });
    let res = reqwest::Client::new()
        .post(format!("{}/rest/v1/messages", running.url))
        .header("apikey", &running.anon_key)
        .bearer_auth(token)
        .header("Content-Profile", "public")
        .json(&row)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "insert: {} {}", res.status(), res.text().await.unwrap());
}

/// What the hostile client of issue #9 sends, all from 127.0.0.2: joins of its own session with
/// 85,000 bindings in a 250 KB frame, joins with thousands of bindings in a frame just under the
/// join limit, joins of made-up topics; on as many sockets as it can get, reconnecting whenever
/// one is cut. Counts the frames it got out. Runs on a runtime (thread) of its own, as a client
/// on another machine would, so the server is not judged by how it shares threads with it.
fn spawn_flood(running: &Running, token: String, session: Uuid, sent: Arc<AtomicUsize>) -> tokio::runtime::Runtime {
    let topic = format!("realtime:session:{session}");
    let join = |bindings: usize, topic: &str| {
        let list = vec!["{}"; bindings].join(",");
        format!(
            r#"["1","1","{topic}","phx_join",{{"config":{{"postgres_changes":[{list}]}},"access_token":"{token}"}}]"#
        )
    };
    let frames: Arc<Vec<String>> = Arc::new(
        (0..20)
            .map(|i| join(3, &format!("realtime:room-{i}")))
            .chain([join(5_000, &topic), join(40_000, &topic), join(85_000, &topic)])
            .collect(),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    for _ in 0..40 {
        let (addr, anon_key, frames, sent) = (running.addr, running.anon_key.clone(), frames.clone(), sent.clone());
        runtime.spawn(async move {
            let url = format!("ws://{addr}/realtime/v1/websocket?apikey={anon_key}&vsn=2.0.0");
            loop {
                let socket = tokio::net::TcpSocket::new_v4().unwrap();
                socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
                let Ok(stream) = socket.connect(addr).await else { continue };
                let Ok((ws, _)) = tokio_tungstenite::client_async(&url, stream).await else {
                    tokio::task::yield_now().await;
                    continue;
                };
                let (mut sink, mut stream) = ws.split();
                // Read (and drop) whatever comes back, so the flood is not slowed by its own
                // replies piling up.
                let drain = tokio::spawn(async move { while let Some(Ok(_)) = stream.next().await {} });
                'socket: loop {
                    for frame in frames.iter() {
                        if sink.send(Message::Text(frame.clone())).await.is_err() {
                            break 'socket;
                        }
                        sent.fetch_add(1, Ordering::Relaxed);
                    }
                }
                drain.abort();
            }
        });
    }
    runtime
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_client_leaves_a_participant_joining_sending_and_receiving_within_a_second() {
    let (running, state) = server().await;
    let (attacker, user, partner) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let own_session = seed_session(&state, &[attacker]);
    let session = seed_session(&state, &[user, partner]);
    let sent = Arc::new(AtomicUsize::new(0));
    let flood = spawn_flood(&running, token(&state, attacker), own_session, sent.clone());
    // Let the flood get going before the participant arrives.
    let deadline = Instant::now() + Duration::from_secs(20);
    while sent.load(Ordering::Relaxed) < 500 {
        assert!(Instant::now() < deadline, "the flood never got going");
        tokio::task::yield_now().await;
    }

    let started = Instant::now();
    let mut ws = connect(&running, "2.0.0").await;
    let connected = started.elapsed();
    let topic = format!("realtime:session:{session}");
    let user_token = token(&state, user);
    let reply = join(&mut ws, &topic, "1", app_config(session, user), Some(&user_token)).await;
    assert_eq!(reply[4]["status"], "ok", "{reply}");
    let subscribed = started.elapsed();
    rest_insert(&running, &user_token, session, user, "still here").await;
    let event = frame_with_event(&mut ws, "postgres_changes").await;
    let received = started.elapsed();
    let flooded = sent.load(Ordering::Relaxed);
    flood.shutdown_background();
    assert_eq!(event[4]["data"]["record"]["body"], "still here");
    println!("during a flood of {flooded} frames: connected after {connected:?}, subscribed after {subscribed:?}, own INSERT after {received:?}");
    assert!(received < Duration::from_secs(1), "join {subscribed:?}, INSERT event {received:?}");
}

#[tokio::test]
async fn realtime_sockets_over_the_caps_get_supabase_429s() {
    let mut config = Config::for_tests();
    config.realtime_max_sockets = 5;
    config.realtime_max_sockets_per_ip = 3;
    let (running, _) = server_with(config).await;
    let mut hostile = Vec::new();
    for _ in 0..3 {
        hostile.push(connect_from(&running, "127.0.0.2").await.unwrap());
    }
    let Err(refused) = connect_from(&running, "127.0.0.2").await else { panic!("a fourth socket from one address") };
    assert_eq!(refused, (429, json!({"error": "Too many connections from this address"})));
    // Other addresses still get in, up to the total.
    let mut others =
        [connect_from(&running, "127.0.0.1").await.unwrap(), connect_from(&running, "127.0.0.3").await.unwrap()];
    let Err(refused) = connect_from(&running, "127.0.0.4").await else { panic!("a sixth socket in all") };
    assert_eq!(refused, (429, json!({"error": "Too many connected users"})));
    // A socket that goes frees its place.
    let mut gone = hostile.pop().unwrap();
    gone.close(None).await.unwrap();
    while let Some(Ok(_)) = gone.next().await {}
    let deadline = Instant::now() + WAIT;
    let mut again = loop {
        match connect_from(&running, "127.0.0.4").await {
            Ok(ws) => break ws,
            Err(_) if Instant::now() < deadline => tokio::task::yield_now().await,
            Err(refused) => panic!("the freed place was not given back: {refused:?}"),
        }
    };
    assert_quiet(&mut again).await;
    assert_quiet(&mut others[0]).await;
}

#[tokio::test]
async fn a_slow_reader_is_dropped_instead_of_buffered() {
    let mut config = Config::for_tests();
    config.realtime_outbox_bytes = 256 * 1024;
    let (running, state) = server_with(config).await;
    let (slow, partner) = (Uuid::new_v4(), Uuid::new_v4());
    let session = seed_session(&state, &[slow, partner]);
    let topic = format!("realtime:session:{session}");
    let mut wp = connect(&running, "2.0.0").await;
    join(&mut wp, &topic, "1", app_config(session, partner), Some(&token(&state, partner))).await;
    frame_with_event(&mut wp, "presence_state").await;
    let mut ws = connect(&running, "2.0.0").await;
    join(&mut ws, &topic, "1", app_config(session, slow), Some(&token(&state, slow))).await;
    send(&mut ws, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {}}])).await;
    let diff = frame_with_event(&mut wp, "presence_diff").await;
    assert!(diff[4]["joins"][slow.to_string()].is_object(), "{diff}");

    // From now on the slow socket reads nothing while changes for it pile up: 400 × 64 KB,
    // far more than the socket buffers and its 256 KB outbox hold.
    let pad = "x".repeat(64 * 1024);
    for _ in 0..400 {
        let mut change = message_change(session, vec![slow]);
        change.record["body"] = json!(pad);
        state.realtime.publish(change);
    }
    let leave = loop {
        let diff = frame_with_event(&mut wp, "presence_diff").await;
        if diff[4]["leaves"][slow.to_string()].is_object() {
            break diff;
        }
    };
    assert_eq!(leave[4]["joins"], json!({}));
    assert_quiet(&mut wp).await;
    drop(ws);
}

/// Reads until the server closes the connection; how long that took and what it had sent.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> (Duration, Vec<u8>) {
    use tokio::io::AsyncReadExt;
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(limit.saturating_sub(started.elapsed()), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (started.elapsed(), got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!("connection still open after {limit:?}; got {:?}", String::from_utf8_lossy(&got)),
        }
    }
}

#[tokio::test]
async fn slowloris_and_idle_connections_are_closed_after_the_header_timeout() {
    use tokio::io::AsyncWriteExt;
    let mut config = Config::for_tests();
    config.http_header_timeout_ms = 500;
    let (running, _) = server_with(config).await;
    let mut silent = Vec::new();
    let mut trickling = Vec::new();
    for _ in 0..10 {
        silent.push(tcp_from(&running, "127.0.0.2").await);
        let mut t = tcp_from(&running, "127.0.0.2").await;
        t.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        trickling.push(t);
    }
    // A keep-alive connection that had one answer and then went quiet.
    let mut kept = tcp_from(&running, "127.0.0.1").await;
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let (_, answer) = {
        use tokio::io::AsyncReadExt;
        let mut buf = vec![0u8; 1024];
        let n = kept.read(&mut buf).await.unwrap();
        (n, String::from_utf8_lossy(&buf[..n]).into_owned())
    };
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // The trickle goes on: one more header line every 100 ms, each connection.
    let trickle = tokio::spawn(async move {
        let mut closed = Vec::new();
        for round in 0..30 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            for (i, t) in trickling.iter_mut().enumerate() {
                if !closed.contains(&i) && t.write_all(format!("X-Pad-{round}: y\r\n").as_bytes()).await.is_err() {
                    closed.push(i);
                }
            }
        }
        trickling
    });
    for mut stream in silent {
        let (after, _) = until_closed(&mut stream, Duration::from_secs(3)).await;
        assert!(after < Duration::from_secs(3));
    }
    let (after, got) = until_closed(&mut kept, Duration::from_secs(3)).await;
    assert!(got.is_empty(), "{got:?}");
    assert!(after < Duration::from_secs(3));
    for mut stream in trickle.await.unwrap() {
        until_closed(&mut stream, Duration::from_secs(1)).await;
    }
    // Meanwhile a normal request is answered.
    let res = reqwest::get(format!("{}/health", running.url)).await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn http_connections_are_capped_per_address_and_in_total() {
    use tokio::io::AsyncWriteExt;
    let mut config = Config::for_tests();
    config.http_max_connections = 8;
    config.http_max_connections_per_ip = 5;
    let (running, _) = server_with(config).await;
    let mut held = Vec::new();
    for _ in 0..5 {
        held.push(tcp_from(&running, "127.0.0.2").await);
    }
    let request = b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    // The listener takes connections in order: by the time this one is looked at, the five
    // before it hold their places.
    let mut probe = tcp_from(&running, "127.0.0.2").await;
    let (_, got) = until_closed(&mut probe, WAIT).await;
    assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 429"), "{got:?}");
    // Another address is served…
    let mut other = tcp_from(&running, "127.0.0.3").await;
    other.write_all(request).await.unwrap();
    let (_, got) = until_closed(&mut other, WAIT).await;
    assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"), "{got:?}");
    // …up to the total.
    for ip in ["127.0.0.3", "127.0.0.4", "127.0.0.5"] {
        held.push(tcp_from(&running, ip).await);
    }
    let mut over = tcp_from(&running, "127.0.0.6").await;
    let (_, got) = until_closed(&mut over, WAIT).await;
    assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 503"), "{got:?}");
    // Closing connections gives their places back.
    held.clear();
    let deadline = Instant::now() + WAIT;
    loop {
        let mut again = tcp_from(&running, "127.0.0.2").await;
        again.write_all(request).await.unwrap();
        let (_, got) = until_closed(&mut again, WAIT).await;
        if String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "places never given back: {got:?}");
    }
}

/// Inserts from both participants at once, many in flight together (so the writer thread
/// commits them in groups): the subscriber hears every INSERT exactly once and in `seq` order,
/// the guarantee the app's gap detection rests on (docs/contracts.md §3).
#[tokio::test]
async fn concurrent_inserts_reach_subscribers_in_seq_order() {
    let mut config = Config::for_tests();
    // Every request on a connection of its own, all at once: more than the per-address
    // connection rate allows by default.
    config.http_connections_per_sec_per_ip = 10_000;
    let Pair { running, state, session, a: (ua, _wa), b: (ub, mut wb), .. } = pair_on(config).await;
    let http = reqwest::Client::new();
    const EACH: i64 = 40;
    let sends = (1..=EACH).flat_map(|n| [(ua, n), (ub, n)]).map(|(sender, n)| {
        let (http, url, key, token) = (
            http.clone(),
            format!("{}/rest/v1/messages", running.url),
            running.anon_key.clone(),
            token(&state, sender),
        );
        tokio::spawn(async move {
            let row = json!({"id": Uuid::new_v4(), "session_id": session, "sender_id": sender,
                "client_seq": n, "body": format!("m{n}"), "source_lang": "en"});
            let res = http.post(url).header("apikey", key).bearer_auth(token).json(&row).send().await.unwrap();
            assert_eq!(res.status(), 201);
        })
    });
    let sends: Vec<_> = sends.collect();
    let mut seqs = Vec::new();
    while seqs.len() < (2 * EACH) as usize {
        let frame = frame_with_event(&mut wb, "postgres_changes").await;
        if frame[4]["data"]["type"] == "INSERT" {
            seqs.push(frame[4]["data"]["record"]["seq"].as_i64().unwrap());
        }
    }
    for send in sends {
        send.await.unwrap();
    }
    let expected: Vec<i64> = (1..=2 * EACH).collect();
    assert_eq!(seqs, expected, "every INSERT once, in seq order");
}
