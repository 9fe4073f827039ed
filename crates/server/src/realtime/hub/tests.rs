//! The hub driven directly: every scenario is a sequence of inputs at chosen instants, with
//! the frames each socket would receive checked exactly.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use proptest::prelude::*;
use serde_json::{json, Value};
use uuid::Uuid;

use super::*;
use crate::changes::{Change, ChangeKind};
use crate::realtime::protocol::{decode_user_broadcast, encode_broadcast_push, BroadcastPush};

const T0: Millis = 1_800_000_000_000;

/// `now` in the seconds JWTs count in.
fn secs(now: Millis) -> i64 {
    i64::try_from(now / 1000).unwrap()
}

type Participants = Arc<Mutex<HashSet<(Uuid, Uuid)>>>;

/// The participants, and a count of the questions asked (each one a database query in the
/// server).
struct FakeAccess(Participants, Arc<AtomicUsize>);

impl Access for FakeAccess {
    fn is_participant(&self, session: Uuid, user: Uuid) -> Result<bool, String> {
        self.1.fetch_add(1, Ordering::Relaxed);
        Ok(self.0.lock().unwrap().contains(&(session, user)))
    }
}

struct Harness {
    hub: Hub,
    keys: JwtKeys,
    participants: Participants,
    queries: Arc<AtomicUsize>,
    inbox: HashMap<SocketId, Vec<Value>>,
    closed: HashMap<SocketId, (u16, String)>,
    vsn: HashMap<SocketId, Vsn>,
    now: Millis,
}

impl Harness {
    fn new() -> Harness {
        Harness::with_limits(Limits::default())
    }

    /// A hub that also allows public topics, for the parts of the protocol the app does not
    /// use (public broadcast and presence rooms).
    fn public() -> Harness {
        Harness::with_limits(Limits { public_topics: true, ..Limits::default() })
    }

    fn with_limits(limits: Limits) -> Harness {
        let keys = JwtKeys::new("hub-test-secret-hub-test-secret-xx", "http://test/auth/v1");
        let participants = Participants::default();
        let queries = Arc::new(AtomicUsize::new(0));
        let hub = Hub::new(keys.clone(), Box::new(FakeAccess(participants.clone(), queries.clone())), limits, "R");
        Harness {
            hub,
            keys,
            participants,
            queries,
            inbox: HashMap::new(),
            closed: HashMap::new(),
            vsn: HashMap::new(),
            now: T0,
        }
    }

    fn token(&self, user: Uuid, lifetime: i64) -> String {
        self.keys.access_token(user, Uuid::new_v4(), secs(self.now), lifetime)
    }

    fn add_participant(&self, session: Uuid, user: Uuid) {
        self.participants.lock().unwrap().insert((session, user));
    }

    fn input(&mut self, input: Input) {
        self.hub.handle_input(input);
        while let Some(output) = self.hub.poll_output() {
            match output {
                Output::Send { socket, frame } => {
                    assert!(!self.closed.contains_key(&socket), "frame after close for {socket}");
                    let got = match frame {
                        Frame::Text(text) => {
                            let value: Value = serde_json::from_str(&text).unwrap();
                            // Normalise v1 objects to the v2 array shape for the assertions.
                            match value {
                                Value::Object(o) => {
                                    json!([o["join_ref"], o["ref"], o["topic"], o["event"], o["payload"]])
                                }
                                other => other,
                            }
                        }
                        // Binary frames are kept as a marker object so the inbox has one type.
                        Frame::Binary(bytes) => json!({ "__binary": bytes }),
                    };
                    self.inbox.entry(socket).or_default().push(got);
                }
                Output::Close { socket, code, reason } => {
                    self.closed.insert(socket, (code, reason));
                }
            }
        }
        self.hub.check_invariants();
    }

    fn open(&mut self, socket: SocketId, vsn: Vsn) {
        self.vsn.insert(socket, vsn);
        let apikey = self.keys.anon_key();
        self.input(Input::Open { socket, vsn, apikey, now: self.now });
    }

    fn send(&mut self, socket: SocketId, frame: Value) {
        let text = match self.vsn[&socket] {
            Vsn::V2 => frame.to_string(),
            Vsn::V1 => json!({"join_ref": frame[0], "ref": frame[1], "topic": frame[2], "event": frame[3], "payload": frame[4]})
                .to_string(),
        };
        self.input(Input::Frame { socket, frame: Frame::Text(text), now: self.now });
    }

    fn send_binary(&mut self, socket: SocketId, bytes: Vec<u8>) {
        self.input(Input::Frame { socket, frame: Frame::Binary(bytes), now: self.now });
    }

    fn take(&mut self, socket: SocketId) -> Vec<Value> {
        self.inbox.remove(&socket).unwrap_or_default()
    }

    fn join(
        &mut self,
        socket: SocketId,
        topic: &str,
        join_ref: &str,
        config: Value,
        token: Option<&str>,
    ) -> Vec<Value> {
        let mut payload = json!({ "config": config });
        if let Some(token) = token {
            payload["access_token"] = json!(token);
        }
        self.send(socket, json!([join_ref, join_ref, topic, "phx_join", payload]));
        self.take(socket)
    }

    fn advance(&mut self, ms: Millis) {
        self.now += ms;
        self.input(Input::Tick { now: self.now });
    }
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

fn message_change(session: Uuid, audience: Vec<Uuid>, kind: ChangeKind) -> Change {
    Change {
        table: "messages",
        kind,
        session_id: session,
        record: json!({"id": Uuid::new_v4().to_string(), "session_id": session.to_string(), "seq": 1, "body": "hola"}),
        old_record: (kind == ChangeKind::Update).then(|| json!({"id": "x"})),
        audience,
        commit_timestamp: "2026-11-25T02:15:19.359Z".into(),
    }
}

/// Unwraps the `{__binary}` marker the harness stores for binary frames.
fn binary_of(v: &Value) -> Option<Vec<u8>> {
    v.get("__binary").map(|b| serde_json::from_value(b.clone()).unwrap())
}

/// A two-person session with sockets 1 (user a) and 2 (user b) joined and drained.
fn session_pair(h: &mut Harness) -> (Uuid, Uuid, Uuid, String) {
    let (session, a, b) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    h.add_participant(session, a);
    h.add_participant(session, b);
    let topic = format!("realtime:session:{session}");
    h.open(1, Vsn::V2);
    h.open(2, Vsn::V2);
    let (ta, tb) = (h.token(a, 3600), h.token(b, 3600));
    h.join(1, &topic, "1", app_config(session, a), Some(&ta));
    h.join(2, &topic, "1", app_config(session, b), Some(&tb));
    (session, a, b, topic)
}

#[test]
fn heartbeat_is_answered() {
    let mut h = Harness::new();
    h.open(1, Vsn::V2);
    h.send(1, json!([null, "5", "phoenix", "heartbeat", {}]));
    assert_eq!(h.take(1), vec![json!([null, "5", "phoenix", "phx_reply", {"status": "ok", "response": {}}])]);
}

#[test]
fn participant_join_replies_then_system_then_presence_state() {
    let mut h = Harness::new();
    let (session, user) = (Uuid::new_v4(), Uuid::new_v4());
    h.add_participant(session, user);
    h.open(1, Vsn::V2);
    let topic = format!("realtime:session:{session}");
    let token = h.token(user, 3600);
    let frames = h.join(1, &topic, "7", app_config(session, user), Some(&token));
    assert_eq!(frames.len(), 3, "{frames:?}");
    assert_eq!(frames[0][0], "7");
    assert_eq!(frames[0][1], "7");
    assert_eq!(frames[0][3], "phx_reply");
    assert_eq!(frames[0][4]["status"], "ok");
    let echoed = frames[0][4]["response"]["postgres_changes"].as_array().unwrap();
    assert_eq!(echoed.len(), 3);
    for (sent, got) in app_config(session, user)["postgres_changes"].as_array().unwrap().iter().zip(echoed) {
        for k in ["event", "schema", "table", "filter"] {
            assert_eq!(sent[k], got[k]);
        }
        assert!(got["id"].is_u64());
    }
    assert_eq!(
        frames[1],
        json!(["7", null, topic, "system", {"message": "Subscribed to PostgreSQL", "status": "ok",
            "extension": "postgres_changes", "channel": format!("session:{session}")}])
    );
    assert_eq!(frames[2], json!(["7", null, topic, "presence_state", {}]));
}

#[test]
fn joins_without_bindings_or_presence_send_only_the_reply() {
    let mut h = Harness::public();
    h.open(1, Vsn::V2);
    let frames = h.join(1, "realtime:room", "1", json!({"presence": {"key": "", "enabled": false}}), None);
    assert_eq!(
        frames,
        vec![json!(["1", "1", "realtime:room", "phx_reply", {"status": "ok", "response": {"postgres_changes": []}}])]
    );
}

#[test]
fn joins_are_refused_with_supabase_reasons() {
    let mut h = Harness::new();
    let (session, member, stranger) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    h.add_participant(session, member);
    h.open(1, Vsn::V2);
    let topic = format!("realtime:session:{session}");
    let reason = |frames: Vec<Value>| {
        assert_eq!(frames.len(), 1, "{frames:?}");
        assert_eq!(frames[0][4]["status"], "error");
        frames[0][4]["response"]["reason"].as_str().unwrap().to_owned()
    };
    let unauthorized =
        format!("Unauthorized: You do not have permissions to read from this Channel topic: session:{session}");

    let token = h.token(stranger, 3600);
    assert_eq!(reason(h.join(1, &topic, "1", app_config(session, stranger), Some(&token))), unauthorized);
    // The anon key has no user: never a participant.
    assert_eq!(reason(h.join(1, &topic, "2", app_config(session, member), None)), unauthorized);
    assert_eq!(
        reason(h.join(1, &topic, "3", app_config(session, member), Some("garbage"))),
        "MalformedJWT: The token provided is not a valid JWT"
    );
    let expired = h.keys.access_token(member, Uuid::new_v4(), secs(h.now) - 100, 10);
    assert_eq!(
        reason(h.join(1, &topic, "4", app_config(session, member), Some(&expired))),
        "InvalidJWTToken: Token has expired 90 seconds ago"
    );
    let forged =
        JwtKeys::new("another-secret-another-secret-xxxx", "x").access_token(member, Uuid::new_v4(), secs(h.now), 60);
    assert_eq!(
        reason(h.join(1, &topic, "5", app_config(session, member), Some(&forged))),
        "JwtSignatureError: Failed to validate JWT signature"
    );
    let token = h.token(member, 3600);
    assert_eq!(
        reason(h.join(1, "realtime:session:not-a-uuid", "6", json!({}), Some(&token))),
        "Unauthorized: You do not have permissions to read from this Channel topic: session:not-a-uuid"
    );
    assert_eq!(
        reason(h.join(1, "realtime:secret", "7", json!({"private": true}), Some(&token))),
        "Unauthorized: You do not have permissions to read from this Channel topic: secret"
    );
    assert_eq!(
        reason(h.join(1, "realtime:", "8", json!({}), Some(&token))),
        "TopicNameRequired: You must provide a topic name"
    );
    // None of that left a channel behind; a member's join still works.
    let frames = h.join(1, &topic, "9", app_config(session, member), Some(&token));
    assert_eq!(frames[0][4]["status"], "ok");
    // Topics the app does not use are refused by default, from their name alone.
    assert_eq!(
        reason(h.join(1, "realtime:lobby", "10", json!({}), Some(&token))),
        "Unauthorized: You do not have permissions to read from this Channel topic: lobby"
    );
    // `sb_` keys are not user tokens: the anon connect key is used instead.
    let mut h = Harness::public();
    h.open(1, Vsn::V2);
    let frames = h.join(1, "realtime:lobby", "10", json!({}), Some("sb_publishable_x"));
    assert_eq!(frames[0][4]["status"], "ok");
}

#[test]
fn pushes_to_unjoined_topics_are_unmatched() {
    let mut h = Harness::new();
    h.open(1, Vsn::V2);
    h.send(1, json!(["1", "2", "realtime:nowhere", "presence", {"type": "presence", "event": "track", "payload": {}}]));
    assert_eq!(
        h.take(1),
        vec![
            json!([null, "2", "realtime:nowhere", "phx_reply", {"status": "error", "response": {"reason": "unmatched topic"}}])
        ]
    );
    h.send(1, json!(["1", "3", "elsewhere", "phx_join", {}]));
    assert_eq!(h.take(1)[0][4]["response"]["reason"], "unmatched topic");
}

#[test]
fn malformed_frames_are_dropped_and_the_socket_lives_on() {
    let mut h = Harness::new();
    let (_, _, _, topic) = session_pair(&mut h);
    for junk in ["", "{", "[1,2]", "{\"a\":1}", "[null,null,null,null,null]"] {
        h.input(Input::Frame { socket: 1, frame: Frame::Text(junk.into()), now: h.now });
    }
    h.send_binary(1, vec![9, 9, 9]);
    h.send_binary(1, vec![3, 200, 0, 0, 0, 0, 1]);
    assert!(h.take(1).is_empty());
    assert!(h.take(2).is_empty());
    assert!(h.closed.is_empty());
    h.send(1, json!([null, "9", "phoenix", "heartbeat", {}]));
    assert_eq!(h.take(1).len(), 1);
    h.send(1, json!(["1", "10", topic, "presence", {"type": "presence", "event": "track", "payload": {"s": 1}}]));
    assert_eq!(h.take(2).len(), 1);
}

#[test]
fn changes_reach_only_the_audience_through_matching_bindings() {
    let mut h = Harness::new();
    let (session, a, b, topic) = session_pair(&mut h);
    // A third user on a public topic with the same bindings must get nothing.
    let eve = Uuid::new_v4();
    h.open(3, Vsn::V2);
    let token = h.token(eve, 3600);
    let mut spy = app_config(session, eve);
    spy["private"] = json!(false);
    h.join(3, "realtime:spy", "1", spy, Some(&token));

    let insert = message_change(session, vec![a, b], ChangeKind::Insert);
    h.input(Input::Change(insert.clone()));
    let ids: Vec<u32> = app_config(session, a)["postgres_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(super::super::filter::binding_id)
        .collect();
    for socket in [1, 2] {
        let frames = h.take(socket);
        assert_eq!(frames.len(), 1);
        let f = &frames[0];
        assert_eq!(f[0], Value::Null);
        assert_eq!(f[1], Value::Null);
        assert_eq!(f[2], json!(topic));
        assert_eq!(f[3], "postgres_changes");
        assert_eq!(f[4]["ids"], json!([ids[0]]));
        let data = &f[4]["data"];
        assert_eq!(data["schema"], "public");
        assert_eq!(data["table"], "messages");
        assert_eq!(data["type"], "INSERT");
        assert_eq!(data["commit_timestamp"], "2026-11-25T02:15:19.359Z");
        assert_eq!(data["record"], insert.record);
        assert_eq!(data["errors"], Value::Null);
        assert!(data.get("old_record").is_none());
        assert_eq!(data["columns"][0], json!({"name": "id", "type": "uuid"}));
    }
    assert!(h.take(3).is_empty());

    // Audience is what counts: b is no longer in it.
    let update = message_change(session, vec![a], ChangeKind::Update);
    h.input(Input::Change(update));
    let frames = h.take(1);
    assert_eq!(frames[0][4]["ids"], json!([ids[1]]));
    assert_eq!(frames[0][4]["data"]["old_record"], json!({"id": "x"}));
    assert!(h.take(2).is_empty());
    assert!(h.take(3).is_empty());

    // Another session's change does not match the filter even for an audience member.
    h.input(Input::Change(message_change(Uuid::new_v4(), vec![a, b], ChangeKind::Insert)));
    assert!(h.take(1).is_empty() && h.take(2).is_empty());

    // participants UPDATE goes to the third binding.
    h.input(Input::Change(Change {
        table: "participants",
        kind: ChangeKind::Update,
        session_id: session,
        record: json!({"session_id": session.to_string(), "user_id": b.to_string(), "read_seq": 3}),
        old_record: Some(json!({"session_id": session.to_string(), "user_id": b.to_string()})),
        audience: vec![a, b],
        commit_timestamp: "2026-11-25T02:15:20.000Z".into(),
    }));
    assert_eq!(h.take(1)[0][4]["ids"], json!([ids[2]]));
    assert_eq!(h.take(2)[0][4]["data"]["table"], "participants");
}

#[test]
fn bad_bindings_keep_the_join_but_say_why() {
    let mut h = Harness::public();
    h.open(1, Vsn::V2);
    let config =
        json!({"postgres_changes": [{"event": "*", "schema": "public", "table": "messages", "filter": "wrong"}]});
    let frames = h.join(1, "realtime:room", "1", config, None);
    assert_eq!(frames[0][4]["status"], "ok");
    assert_eq!(frames[0][4]["response"]["postgres_changes"][0]["filter"], "wrong");
    assert_eq!(frames[1][3], "system");
    assert_eq!(frames[1][4]["status"], "error");
    assert_eq!(frames[1][4]["message"], "Error parsing `filter` params: [\"wrong\"]");
    assert_eq!(frames[2][3], "presence_state");
}

#[test]
fn presence_track_update_untrack_and_leave() {
    let mut h = Harness::new();
    let (_, a, b, topic) = session_pair(&mut h);
    h.send(
        1,
        json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {"state": "active"}}]),
    );
    let frames = h.take(1);
    assert_eq!(frames[0], json!(["1", "2", topic, "phx_reply", {"status": "ok", "response": {}}]));
    let diff = json!([null, null, topic, "presence_diff",
        {"joins": {a.to_string(): {"metas": [{"state": "active", "phx_ref": "R1"}]}}, "leaves": {}}]);
    assert_eq!(frames[1], diff);
    assert_eq!(h.take(2), vec![diff]);

    // Same payload again: ok, no diff.
    h.send(
        1,
        json!(["1", "3", topic, "presence", {"type": "presence", "event": "track", "payload": {"state": "active"}}]),
    );
    assert_eq!(h.take(1).len(), 1);
    assert!(h.take(2).is_empty());

    // New payload: one diff with both sides.
    h.send(
        1,
        json!(["1", "4", topic, "presence", {"type": "presence", "event": "track", "payload": {"state": "away"}}]),
    );
    let update = json!([null, null, topic, "presence_diff", {
        "joins": {a.to_string(): {"metas": [{"state": "away", "phx_ref": "R2", "phx_ref_prev": "R1"}]}},
        "leaves": {a.to_string(): {"metas": [{"state": "active", "phx_ref": "R1"}]}}}]);
    assert_eq!(h.take(2), vec![update]);
    h.take(1);

    // A late joiner sees the current state.
    h.open(3, Vsn::V2);
    let token = h.token(b, 3600);
    let frames = h.join(3, &topic, "1", json!({"presence": {"key": b.to_string()}, "private": true}), Some(&token));
    assert_eq!(
        frames.last().unwrap()[4],
        json!({a.to_string(): {"metas": [{"state": "away", "phx_ref": "R2", "phx_ref_prev": "R1"}]}})
    );

    h.send(
        2,
        json!(["1", "5", topic, "presence", {"type": "presence", "event": "track", "payload": {"state": "active"}}]),
    );
    h.take(1);
    h.take(2);
    h.take(3);
    // Leaving: reply, phx_close to the leaver; leave diff to the others.
    h.send(2, json!(["1", "6", topic, "phx_leave", {}]));
    assert_eq!(
        h.take(2),
        vec![
            json!(["1", "6", topic, "phx_reply", {"status": "ok", "response": {}}]),
            json!(["1", "1", topic, "phx_close", {}]),
        ]
    );
    let leave = json!([null, null, topic, "presence_diff",
        {"joins": {}, "leaves": {b.to_string(): {"metas": [{"state": "active", "phx_ref": "R3"}]}}}]);
    assert_eq!(h.take(1), vec![leave.clone()]);
    assert_eq!(h.take(3), vec![leave]);

    // Untrack.
    h.send(1, json!(["1", "7", topic, "presence", {"type": "presence", "event": "untrack"}]));
    assert_eq!(h.take(1)[0][4]["status"], "ok");
    assert_eq!(h.take(3)[0][4]["leaves"][a.to_string()]["metas"][0]["phx_ref"], "R2");
    assert_eq!(h.hub.presence_state(&topic), json!({}));
}

#[test]
fn a_dropped_socket_leaves_presence() {
    let mut h = Harness::new();
    let (_, a, _, topic) = session_pair(&mut h);
    h.send(1, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {}}]));
    h.take(1);
    h.take(2);
    h.input(Input::Closed { socket: 1 });
    let frames = h.take(2);
    assert_eq!(frames[0][4]["leaves"][a.to_string()]["metas"][0]["phx_ref"], "R1");
    assert_eq!(h.hub.presence_state(&topic), json!({}));
    assert_eq!(h.hub.socket_count(), 1);
}

#[test]
fn presence_calls_are_rate_limited_per_channel() {
    let mut h = Harness::new();
    let (_, _, _, topic) = session_pair(&mut h);
    for i in 0..5 {
        h.send(1, json!(["1", format!("{i}"), topic, "presence", {"type": "presence", "event": "track", "payload": {"n": i}}]));
    }
    h.take(1);
    h.take(2);
    h.send(1, json!(["1", "99", topic, "presence", {"type": "presence", "event": "track", "payload": {"n": 99}}]));
    let frames = h.take(1);
    assert_eq!(frames[0][3], "system");
    assert_eq!(frames[0][4]["message"], "Client presence rate limit exceeded");
    assert_eq!(frames[1], json!(["1", "1", topic, "phx_close", {}]));
    // The channel is gone, and its presence with it.
    assert_eq!(h.take(2)[0][4]["joins"], json!({}));
    assert_eq!(h.hub.presence_state(&topic), json!({}));

    // After the window a fresh join may track again.
    let mut h = Harness::new();
    let (_, _, _, topic) = session_pair(&mut h);
    for i in 0..5 {
        h.send(1, json!(["1", "x", topic, "presence", {"type": "presence", "event": "track", "payload": {"n": i}}]));
    }
    h.now += 30_001;
    h.send(1, json!(["1", "y", topic, "presence", {"type": "presence", "event": "track", "payload": {"n": 9}}]));
    assert!(h.take(1).iter().all(|f| f[3] != "phx_close"));

    // And a limit of 0 turns it off.
    let mut h = Harness::with_limits(Limits { presence_calls: 0, ..Limits::default() });
    let (_, _, _, topic) = session_pair(&mut h);
    for i in 0..50 {
        h.send(1, json!(["1", "x", topic, "presence", {"type": "presence", "event": "track", "payload": {"n": i}}]));
    }
    assert!(h.take(1).iter().all(|f| f[3] != "phx_close"));
}

#[test]
fn tracking_without_presence_enabled_sends_the_state_first() {
    let mut h = Harness::public();
    h.open(1, Vsn::V2);
    h.open(2, Vsn::V2);
    h.join(1, "realtime:room", "1", json!({"presence": {"key": "a"}}), None);
    h.send(1, json!(["1", "2", "realtime:room", "presence", {"type": "presence", "event": "track", "payload": {}}]));
    h.take(1);
    let frames = h.join(2, "realtime:room", "1", json!({"presence": {"key": "b", "enabled": false}}), None);
    assert_eq!(frames.len(), 1);
    h.send(2, json!(["1", "2", "realtime:room", "presence", {"type": "presence", "event": "track", "payload": {}}]));
    let frames = h.take(2);
    let events: Vec<&str> = frames.iter().map(|f| f[3].as_str().unwrap()).collect();
    assert_eq!(events, ["presence_state", "phx_reply", "presence_diff"]);
    assert_eq!(frames[0][4]["a"]["metas"][0]["phx_ref"], "R1");
    // Only once.
    h.send(
        2,
        json!(["1", "3", "realtime:room", "presence", {"type": "presence", "event": "track", "payload": {"x": 1}}]),
    );
    assert!(h.take(2).iter().all(|f| f[3] != "presence_state"));
}

#[test]
fn presence_payload_must_be_a_map() {
    let mut h = Harness::new();
    let (_, _, _, topic) = session_pair(&mut h);
    h.send(1, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": 5}]));
    assert_eq!(
        h.take(1),
        vec![
            json!(["1", "2", topic, "phx_reply", {"status": "error", "response": {"reason": "Presence track payload must be a map"}}])
        ]
    );
}

fn push(topic: &str, event: &str, payload: Value, r: &str) -> Vec<u8> {
    encode_broadcast_push(&BroadcastPush {
        join_ref: Some("1".into()),
        msg_ref: Some(r.into()),
        topic: topic.into(),
        event: event.into(),
        metadata: vec![],
        encoding: ENCODING_JSON,
        payload: payload.to_string().into_bytes(),
    })
    .unwrap()
}

#[test]
fn binary_broadcasts_fan_out_as_kind_4_with_ack() {
    let mut h = Harness::new();
    let (_, a, _, topic) = session_pair(&mut h);
    let payload = json!({"user_id": a.to_string(), "state": "typing"});
    h.send_binary(1, push(&topic, "typing", payload.clone(), "5"));
    // Sender (self: false, ack: true) gets only the ack.
    assert_eq!(h.take(1), vec![json!(["1", "5", topic, "phx_reply", {"status": "ok", "response": {}}])]);
    let frames = h.take(2);
    assert_eq!(frames.len(), 1);
    let bytes = binary_of(&frames[0]).unwrap();
    let expected =
        protocol::encode_user_broadcast(&topic, "typing", b"", ENCODING_JSON, payload.to_string().as_bytes()).unwrap();
    assert_eq!(bytes, expected);

    // A v1 socket gets the same broadcast as JSON.
    h.open(3, Vsn::V1);
    let token = h.token(a, 3600);
    let session_part = topic.trim_start_matches("realtime:session:").parse::<Uuid>().unwrap();
    h.join(3, &topic, "1", app_config(session_part, a), Some(&token));
    h.send_binary(1, push(&topic, "typing", payload.clone(), "6"));
    assert_eq!(
        h.take(3),
        vec![json!([null, null, topic, "broadcast", {"type": "broadcast", "event": "typing", "payload": payload}])]
    );

    // Oversized: dropped, error ack.
    let big = json!({"x": "y".repeat(70 * 1024)});
    h.take(1);
    h.take(2);
    h.send_binary(1, push(&topic, "typing", big, "7"));
    assert_eq!(
        h.take(1),
        vec![
            json!(["1", "7", topic, "phx_reply", {"status": "error", "response": {"error": "payload_size_exceeded"}}])
        ]
    );
    assert!(h.take(2).is_empty());
    assert!(h.take(3).is_empty());
}

#[test]
fn json_broadcasts_honour_self_and_ack_off() {
    let mut h = Harness::public();
    h.open(1, Vsn::V2);
    h.open(2, Vsn::V1);
    h.join(1, "realtime:room", "1", json!({"broadcast": {"self": true}}), None);
    h.join(2, "realtime:room", "1", json!({}), None);
    let body = json!({"type": "broadcast", "event": "wave", "payload": {"n": 1}});
    h.send(1, json!(["1", "2", "realtime:room", "broadcast", body]));
    let expected = json!([null, null, "realtime:room", "broadcast", body]);
    assert_eq!(h.take(1), vec![expected.clone()]);
    assert_eq!(h.take(2), vec![expected]);
    // Binary from a sender with self: true reaches itself as kind 4.
    h.send_binary(1, push("realtime:room", "wave", json!({"n": 2}), "3"));
    let echo = h.take(1);
    assert_eq!(decode_user_broadcast(&binary_of(&echo[0]).unwrap()).unwrap().event, "wave");
    assert!(binary_of(&h.take(2)[0]).is_none(), "v1 sockets get JSON");
}

#[test]
fn api_broadcasts_reach_every_member() {
    let mut h = Harness::public();
    h.open(1, Vsn::V2);
    h.join(1, "realtime:room", "1", json!({}), None);
    h.input(Input::ApiBroadcast { topic: "realtime:room".into(), event: "e".into(), payload: json!({"k": 1}) });
    assert_eq!(
        h.take(1),
        vec![
            json!([null, null, "realtime:room", "broadcast", {"type": "broadcast", "event": "e", "payload": {"k": 1}}])
        ]
    );
}

#[test]
fn rejoining_a_topic_closes_the_old_join_first() {
    let mut h = Harness::new();
    let (session, a, b, topic) = session_pair(&mut h);
    h.send(1, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {}}]));
    h.take(1);
    h.take(2);
    let token = h.token(a, 3600);
    let frames = h.join(1, &topic, "8", app_config(session, a), Some(&token));
    assert_eq!(frames[0], json!(["1", "1", topic, "phx_close", {}]));
    assert_eq!(frames[1][0], "8");
    assert_eq!(frames[1][4]["status"], "ok");
    // The old join's presence left.
    assert_eq!(h.take(2)[0][4]["leaves"][a.to_string()]["metas"][0]["phx_ref"], "R1");
    let _ = b;
}

#[test]
fn access_token_refresh_and_failure() {
    let mut h = Harness::new();
    let (session, a, _, topic) = session_pair(&mut h);
    // A fresh token for the same user is accepted silently; identical and sb_ tokens ignored.
    h.now += 1000;
    let fresh = h.token(a, 7200);
    h.send(1, json!(["1", "3", topic, "access_token", {"access_token": fresh}]));
    h.send(1, json!(["1", "4", topic, "access_token", {"access_token": "sb_publishable_x"}]));
    assert!(h.take(1).is_empty());
    // Changes still arrive.
    h.input(Input::Change(message_change(session, vec![a], ChangeKind::Insert)));
    assert_eq!(h.take(1).len(), 1);
    // A token of a non-participant revokes access.
    let stranger = h.token(Uuid::new_v4(), 3600);
    h.send(1, json!(["1", "5", topic, "access_token", {"access_token": stranger}]));
    let frames = h.take(1);
    assert_eq!(
        frames[0][4]["message"],
        format!("You no longer have permission to read from this Channel topic: session:{session}")
    );
    assert_eq!(frames[1][3], "phx_close");
    // An expired token closes the channel with the JWT error.
    let token = h.token(a, 3600);
    h.join(1, &topic, "9", app_config(session, a), Some(&token));
    let expired = h.keys.access_token(a, Uuid::new_v4(), secs(h.now) - 20, 10);
    h.send(1, json!(["9", "10", topic, "access_token", {"access_token": expired}]));
    let frames = h.take(1);
    assert_eq!(
        frames[0],
        json!(["9", null, topic, "system", {"message": "Token has expired 10 seconds ago",
        "status": "error", "extension": "system", "channel": format!("session:{session}")}])
    );
    assert_eq!(frames[1], json!(["9", "9", topic, "phx_close", {}]));
}

#[test]
fn expiring_tokens_close_the_channel_on_tick() {
    let mut h = Harness::new();
    let (session, user) = (Uuid::new_v4(), Uuid::new_v4());
    h.add_participant(session, user);
    h.open(1, Vsn::V2);
    let topic = format!("realtime:session:{session}");
    let token = h.token(user, 30);
    h.join(1, &topic, "1", app_config(session, user), Some(&token));
    assert_eq!(h.hub.poll_timeout(), Some(h.now + 30_000));
    h.send(1, json!([null, "2", "phoenix", "heartbeat", {}]));
    h.take(1);
    h.now += 25_000;
    h.send(1, json!([null, "3", "phoenix", "heartbeat", {}]));
    h.take(1);
    h.advance(7_000);
    let frames = h.take(1);
    assert_eq!(frames[0][4]["message"], "Token has expired 2 seconds ago");
    assert_eq!(frames[1][3], "phx_close");
    assert!(h.closed.is_empty(), "the socket itself stays open");
}

#[test]
fn idle_sockets_are_closed_and_leave_presence() {
    let mut h = Harness::new();
    let (_, a, _, topic) = session_pair(&mut h);
    h.send(1, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {}}]));
    h.take(1);
    h.take(2);
    // Socket 2 keeps heartbeating; socket 1 goes silent.
    for _ in 0..6 {
        h.now += 10_000;
        h.send(2, json!([null, "h", "phoenix", "heartbeat", {}]));
        h.input(Input::Tick { now: h.now });
    }
    assert_eq!(h.closed.get(&1), Some(&(CLOSE_NORMAL, "idle timeout".to_owned())));
    assert!(!h.closed.contains_key(&2));
    let frames = h.take(2);
    assert!(frames.iter().any(|f| f[3] == "presence_diff" && f[4]["leaves"][a.to_string()].is_object()));
    assert_eq!(h.hub.socket_count(), 1);
    // A late Closed from the transport is harmless.
    h.input(Input::Closed { socket: 1 });
}

#[test]
fn floods_close_only_the_flooding_socket() {
    let mut h = Harness::new();
    let (_, _, _, topic) = session_pair(&mut h);
    for i in 0..250 {
        h.send(1, json!([null, format!("{i}"), "phoenix", "heartbeat", {}]));
    }
    let (code, reason) = h.closed.get(&1).cloned().unwrap();
    assert_eq!((code, reason.as_str()), (CLOSE_POLICY, "Too many messages per second"));
    let frames = h.take(1);
    assert!(frames.iter().any(|f| f[3] == "system" && f[4]["message"] == "Too many messages per second"));
    assert!(frames.iter().any(|f| f[3] == "phx_close"));
    // The other socket is untouched and a socket that paces itself is never cut.
    assert!(!h.closed.contains_key(&2));
    for _ in 0..1000 {
        h.now += 20;
        h.send(2, json!([null, "h", "phoenix", "heartbeat", {}]));
    }
    assert!(!h.closed.contains_key(&2));
    let _ = topic;
}

// ---- resource limits ------------------------------------------------------------------------

/// The `reason` of the only frame, which must be an error reply.
fn refusal(frames: &[Value]) -> String {
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(frames[0][3], "phx_reply");
    assert_eq!(frames[0][4]["status"], "error", "{frames:?}");
    frames[0][4]["response"]["reason"].as_str().unwrap().to_owned()
}

/// `n` postgres_changes bindings in the app's shape.
fn bindings(session: Uuid, n: usize) -> Value {
    let filter = format!("session_id=eq.{session}");
    Value::Array((0..n).map(|i| json!({"event": "INSERT", "schema": "public", "table": "messages", "filter": format!("{filter},seq=gt.{i}")})).collect())
}

#[test]
fn topics_the_app_does_not_use_are_refused_without_a_token_check_or_a_query() {
    let mut h = Harness::new();
    let (session, user) = (Uuid::new_v4(), Uuid::new_v4());
    h.add_participant(session, user);
    h.open(1, Vsn::V2);
    let token = h.token(user, 3600);
    for (n, topic) in ["lobby", "room:1", "session:not-a-uuid", "sessions:x"].iter().enumerate() {
        let mut config = app_config(session, user);
        config["private"] = json!(false);
        let frames = h.join(1, &format!("realtime:{topic}"), &n.to_string(), config, Some("not even a token"));
        assert_eq!(
            refusal(&frames),
            format!("Unauthorized: You do not have permissions to read from this Channel topic: {topic}")
        );
    }
    assert_eq!(h.queries.load(Ordering::Relaxed), 0);
    // The app's own topic still works, and is the one that asks the database.
    let frames = h.join(1, &format!("realtime:session:{session}"), "9", app_config(session, user), Some(&token));
    assert_eq!(frames[0][4]["status"], "ok");
    assert_eq!(h.queries.load(Ordering::Relaxed), 1);
}

#[test]
fn oversized_joins_are_refused_from_their_envelope() {
    let mut h = Harness::new();
    let (session, user) = (Uuid::new_v4(), Uuid::new_v4());
    h.add_participant(session, user);
    h.open(1, Vsn::V2);
    h.open(2, Vsn::V1);
    let topic = format!("realtime:session:{session}");
    let token = h.token(user, 3600);
    let mut config = app_config(session, user);
    config["postgres_changes"] = bindings(session, 2000);
    for socket in [1, 2] {
        let frames = h.join(socket, &topic, "5", config.clone(), Some(&token));
        assert_eq!(frames.len(), 1, "{frames:?}");
        assert_eq!(frames[0][0], "5");
        assert_eq!(frames[0][1], "5");
        assert_eq!(frames[0][2], topic.as_str());
        assert_eq!(refusal(&frames), "JoinTooLarge: A join message may be at most 16384 bytes");
    }
    assert_eq!(h.queries.load(Ordering::Relaxed), 0);
    // Other big frames are not joins and go their usual way (here: a malformed one, dropped).
    let big = format!(r#"["1","6","{topic}","broadcast",{{"event":"x","payload":"{}"}}]"#, "y".repeat(20_000));
    h.input(Input::Frame { socket: 1, frame: Frame::Text(big), now: h.now });
    assert_eq!(refusal(&h.take(1)), "unmatched topic");
}

#[test]
fn too_many_bindings_are_refused_before_any_is_parsed_or_the_database_asked() {
    let mut h = Harness::new();
    let (session, user) = (Uuid::new_v4(), Uuid::new_v4());
    h.add_participant(session, user);
    h.open(1, Vsn::V2);
    let topic = format!("realtime:session:{session}");
    let token = h.token(user, 3600);
    let mut config = app_config(session, user);
    config["postgres_changes"] = bindings(session, 11);
    assert_eq!(
        refusal(&h.join(1, &topic, "1", config.clone(), Some(&token))),
        "TooManyBindings: A channel may have at most 10 postgres_changes bindings"
    );
    assert_eq!(h.queries.load(Ordering::Relaxed), 0);
    config["postgres_changes"] = bindings(session, 10);
    assert_eq!(h.join(1, &topic, "2", config, Some(&token))[0][4]["status"], "ok");
}

#[test]
fn channels_per_socket_are_capped() {
    let mut h = Harness::new();
    let user = Uuid::new_v4();
    let token = h.token(user, 3600);
    h.open(1, Vsn::V2);
    for n in 0..=10 {
        let session = Uuid::new_v4();
        h.add_participant(session, user);
        let frames =
            h.join(1, &format!("realtime:session:{session}"), &n.to_string(), app_config(session, user), Some(&token));
        if n < 10 {
            assert_eq!(frames[0][4]["status"], "ok");
        } else {
            assert_eq!(refusal(&frames), "ChannelRateLimitReached: Too many channels");
        }
        h.now += 1000;
    }
}

#[test]
fn sockets_per_user_are_capped_and_freed_when_one_closes() {
    let mut h = Harness::new();
    let (session, user) = (Uuid::new_v4(), Uuid::new_v4());
    h.add_participant(session, user);
    let topic = format!("realtime:session:{session}");
    let token = h.token(user, 3600);
    for socket in 1..=9 {
        h.open(socket, Vsn::V2);
        let frames = h.join(socket, &topic, "1", app_config(session, user), Some(&token));
        if socket <= 8 {
            assert_eq!(frames[0][4]["status"], "ok");
        } else {
            assert_eq!(refusal(&frames), "ConnectionRateLimitReached: Too many connected users");
        }
    }
    // A rejoin on a socket the user already has is not one more socket.
    assert_eq!(h.join(8, &topic, "2", app_config(session, user), Some(&token))[1][4]["status"], "ok");
    h.input(Input::Closed { socket: 1 });
    assert_eq!(h.join(9, &topic, "3", app_config(session, user), Some(&token))[0][4]["status"], "ok");
}

#[test]
fn join_floods_disconnect_the_socket_like_supabase() {
    let mut h = Harness::new();
    let (_, _, _, topic) = session_pair(&mut h);
    h.open(3, Vsn::V2);
    let mut refused = None;
    for n in 0..100 {
        let frames = h.join(3, "realtime:lobby", &n.to_string(), json!({}), None);
        if h.closed.contains_key(&3) {
            refused = Some(frames);
            break;
        }
    }
    let frames = refused.expect("the join flood was never cut");
    assert!(frames
        .iter()
        .any(|f| f[4]["response"]["reason"] == "ClientJoinRateLimitReached: Too many joins per second"));
    assert_eq!(h.closed[&3], (CLOSE_POLICY, "Too many joins per second".to_owned()));
    // The session pair is untouched.
    assert!(!h.closed.contains_key(&1) && !h.closed.contains_key(&2));
    h.send(1, json!(["1", "b", topic, "broadcast", {"type": "broadcast", "event": "typing", "payload": {}}]));
    assert!(h.take(2).iter().any(|f| f[3] == "broadcast"));
}

// ---- property tests -------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Op {
    Open(u8),
    Join(u8),
    Track(u8, u8),
    Untrack(u8),
    Leave(u8),
    Close(u8),
    Junk(u8),
    Wait(u16),
}

fn op() -> impl Strategy<Value = Op> {
    let s = 0u8..4;
    prop_oneof![
        s.clone().prop_map(Op::Open),
        s.clone().prop_map(Op::Join),
        (s.clone(), 0u8..3).prop_map(|(s, p)| Op::Track(s, p)),
        s.clone().prop_map(Op::Untrack),
        s.clone().prop_map(Op::Leave),
        s.clone().prop_map(Op::Close),
        s.clone().prop_map(Op::Junk),
        (0u16..40_000).prop_map(Op::Wait),
    ]
}

/// A client's presence view, built only from the frames it received, as phoenix.js does.
fn apply(view: &mut BTreeMap<String, BTreeMap<String, Value>>, frame: &Value) {
    match frame[3].as_str() {
        Some("presence_state") => {
            view.clear();
            apply_side(view, &frame[4], true);
        }
        Some("presence_diff") => {
            apply_side(view, &frame[4]["joins"], true);
            apply_side(view, &frame[4]["leaves"], false);
        }
        _ => {}
    }
}

fn apply_side(view: &mut BTreeMap<String, BTreeMap<String, Value>>, side: &Value, join: bool) {
    for (key, entry) in side.as_object().unwrap() {
        for meta in entry["metas"].as_array().unwrap() {
            let phx_ref = meta["phx_ref"].as_str().unwrap().to_owned();
            if join {
                view.entry(key.clone()).or_default().insert(phx_ref, meta.clone());
            } else if let Some(metas) = view.get_mut(key) {
                metas.remove(&phx_ref);
                if metas.is_empty() {
                    view.remove(key);
                }
            }
        }
    }
}

fn server_view(state: &Value) -> BTreeMap<String, BTreeMap<String, Value>> {
    let mut view = BTreeMap::new();
    apply_side(&mut view, state, true);
    view
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn presence_views_converge_and_never_keep_ghosts(ops in proptest::collection::vec(op(), 1..60)) {
        let mut h = Harness::with_limits(Limits { presence_calls: 3, presence_window_ms: 10_000, ..Limits::default() });
        let session = Uuid::new_v4();
        let users: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
        for u in &users[..3] {
            h.add_participant(session, *u);
        }
        let topic = format!("realtime:session:{session}");
        let mut open: HashSet<SocketId> = HashSet::new();
        let mut joined: HashSet<SocketId> = HashSet::new();
        let mut views: HashMap<SocketId, BTreeMap<String, BTreeMap<String, Value>>> = HashMap::new();
        let mut next_socket: SocketId = 100;
        let mut ids: HashMap<u8, SocketId> = HashMap::new();
        let mut join_refs = 0;
        // The join_ref each socket's client considers current: like phoenix.js, it ignores
        // closes and errors addressed to an older join.
        let mut current: HashMap<SocketId, String> = HashMap::new();

        for op in ops {
            match op {
                Op::Open(s) => {
                    if let Some(old) = ids.get(&s) { if open.contains(old) { continue; } }
                    next_socket += 1;
                    ids.insert(s, next_socket);
                    h.open(next_socket, if s % 2 == 0 { Vsn::V2 } else { Vsn::V1 });
                    open.insert(next_socket);
                }
                Op::Join(s) => {
                    let Some(&sid) = ids.get(&s) else { continue };
                    if !open.contains(&sid) { continue; }
                    join_refs += 1;
                    let token = h.token(users[s as usize], 3600);
                    let jr = join_refs.to_string();
                    current.insert(sid, jr.clone());
                    h.send(sid, json!([jr, jr, topic, "phx_join", {"config": app_config(session, users[s as usize]), "access_token": token}]));
                    if s < 3 { joined.insert(sid); } else { joined.remove(&sid); }
                }
                Op::Track(s, p) => {
                    let Some(&sid) = ids.get(&s) else { continue };
                    if !open.contains(&sid) { continue; }
                    h.send(sid, json!(["1", "t", topic, "presence", {"type": "presence", "event": "track", "payload": {"p": p}}]));
                }
                Op::Untrack(s) => {
                    let Some(&sid) = ids.get(&s) else { continue };
                    if !open.contains(&sid) { continue; }
                    h.send(sid, json!(["1", "u", topic, "presence", {"type": "presence", "event": "untrack"}]));
                }
                Op::Leave(s) => {
                    let Some(&sid) = ids.get(&s) else { continue };
                    if !open.contains(&sid) { continue; }
                    h.send(sid, json!(["1", "l", topic, "phx_leave", {}]));
                    joined.remove(&sid);
                }
                Op::Close(s) => {
                    let Some(&sid) = ids.get(&s) else { continue };
                    h.input(Input::Closed { socket: sid });
                    open.remove(&sid);
                    joined.remove(&sid);
                }
                Op::Junk(s) => {
                    let Some(&sid) = ids.get(&s) else { continue };
                    if !open.contains(&sid) { continue; }
                    h.input(Input::Frame { socket: sid, frame: Frame::Text("[\"x\"".into()), now: h.now });
                }
                Op::Wait(ms) => h.advance(Millis::from(ms)),
            }
            // Sockets the server closed (idle) are gone for the client too.
            for sid in h.closed.keys() {
                open.remove(sid);
                joined.remove(sid);
            }
            for sid in open.clone() {
                for frame in h.take(sid) {
                    let ours = current.get(&sid).is_some_and(|jr| frame[0] == json!(jr));
                    if ours && (frame[3] == "phx_close" || (frame[3] == "phx_reply" && frame[4]["status"] == "error" && frame[1] == frame[0])) {
                        joined.remove(&sid);
                    }
                    apply(views.entry(sid).or_default(), &frame);
                }
            }
        }
        let state = server_view(&h.hub.presence_state(&topic));
        // Every meta's owner is still joined (checked by the hub's invariants on each step)…
        for metas in state.values() {
            prop_assert!(!metas.is_empty());
        }
        // …and every member that is still joined sees exactly the server's state.
        for sid in &joined {
            prop_assert_eq!(views.get(sid).cloned().unwrap_or_default(), state.clone(), "socket {}", sid);
        }
        if joined.is_empty() {
            prop_assert!(state.is_empty(), "ghost presences {:?}", state);
        }
    }

    #[test]
    fn changes_never_reach_users_outside_the_audience(
        audience_mask in 0u8..16, member_mask in 0u8..16, kind in prop_oneof![Just(ChangeKind::Insert), Just(ChangeKind::Update)],
    ) {
        let mut h = Harness::public();
        let session = Uuid::new_v4();
        let users: Vec<Uuid> = (0..4).map(|_| Uuid::new_v4()).collect();
        for (i, u) in users.iter().enumerate() {
            h.open(i as SocketId + 1, Vsn::V2);
            let token = h.token(*u, 3600);
            let member = member_mask & (1 << i) != 0;
            if member {
                h.add_participant(session, *u);
            }
            // Non-members subscribe through a public topic with identical bindings.
            let topic = if member { format!("realtime:session:{session}") } else { format!("realtime:public-{i}") };
            let mut config = app_config(session, *u);
            config["private"] = json!(member);
            h.join(i as SocketId + 1, &topic, "1", config, Some(&token));
        }
        let audience: Vec<Uuid> = users.iter().enumerate().filter(|(i, _)| audience_mask & (1 << i) != 0).map(|(_, u)| *u).collect();
        h.input(Input::Change(message_change(session, audience.clone(), kind)));
        for (i, u) in users.iter().enumerate() {
            let got = h.take(i as SocketId + 1).iter().filter(|f| f[3] == "postgres_changes").count();
            prop_assert_eq!(got, usize::from(audience.contains(u)));
        }
    }
}

#[test]
fn a_socket_that_heartbeats_fast_is_closed_after_two_of_its_beats() {
    let mut h = Harness::new();
    let (_, a, _, topic) = session_pair(&mut h);
    h.send(1, json!(["1", "2", topic, "presence", {"type": "presence", "event": "track", "payload": {}}]));
    for i in 0..3 {
        h.now += 2_000;
        h.send(1, json!([null, format!("a{i}"), "phoenix", "heartbeat", {}]));
    }
    h.take(1);
    h.take(2);
    // Two beats (2 s apart) plus half a second: 4.5 s of silence, not the configured 60 s.
    assert_eq!(h.hub.poll_timeout(), Some(h.now + 4_500));
    h.now += 4_000;
    h.send(2, json!([null, "h", "phoenix", "heartbeat", {}]));
    h.input(Input::Tick { now: h.now });
    assert!(!h.closed.contains_key(&1));
    h.now += 500;
    h.input(Input::Tick { now: h.now });
    assert_eq!(h.closed.get(&1), Some(&(CLOSE_NORMAL, "idle timeout".to_owned())));
    let frames = h.take(2);
    assert!(frames.iter().any(|f| f[3] == "presence_diff" && f[4]["leaves"][a.to_string()].is_object()));
}

#[test]
fn the_first_heartbeat_after_open_already_sets_the_cadence() {
    let mut h = Harness::new();
    h.open(1, Vsn::V2);
    h.now += 2_000;
    h.send(1, json!([null, "1", "phoenix", "heartbeat", {}]));
    assert_eq!(h.hub.poll_timeout(), Some(h.now + 4_500));
}
