//! The Phoenix wire format as realtime-js 2.119.1 speaks it: a pure codec, no IO.
//!
//! vsn 2.0.0 text frames are JSON arrays `[join_ref, ref, topic, event, payload]`; the only binary
//! frames are broadcasts (kind 3 from the client, kind 4 to it). vsn 1.0.0 frames are JSON objects
//! with the same five fields. Anything else is a [`DecodeError`]: the socket drops that frame and
//! carries on, so one bad client message never costs a connection (or a panic).

use serde_json::Value;

/// Serializer negotiated at connect by the `vsn` query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vsn {
    V1,
    V2,
}

impl Vsn {
    /// Phoenix treats a missing `vsn` as 1.0.0; unknown versions are refused at the upgrade.
    pub fn parse(vsn: Option<&str>) -> Option<Vsn> {
        match vsn {
            None | Some("1.0.0") => Some(Vsn::V1),
            Some("2.0.0") => Some(Vsn::V2),
            _ => None,
        }
    }
}

/// One Phoenix message (text frame, either version).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub join_ref: Option<String>,
    pub msg_ref: Option<String>,
    pub topic: String,
    pub event: String,
    pub payload: Value,
}

impl Message {
    pub fn new(join_ref: Option<&str>, msg_ref: Option<&str>, topic: &str, event: &str, payload: Value) -> Message {
        Message {
            join_ref: join_ref.map(str::to_owned),
            msg_ref: msg_ref.map(str::to_owned),
            topic: topic.to_owned(),
            event: event.to_owned(),
            payload,
        }
    }
}

/// Payload encoding byte of the binary broadcast layouts.
pub const ENCODING_BINARY: u8 = 0;
pub const ENCODING_JSON: u8 = 1;

const KIND_USER_BROADCAST_PUSH: u8 = 3;
const KIND_USER_BROADCAST: u8 = 4;

/// A client's `channel.send({type:'broadcast', …})` on vsn 2.0.0 (binary kind 3).
#[derive(Debug, Clone, PartialEq)]
pub struct BroadcastPush {
    pub join_ref: Option<String>,
    pub msg_ref: Option<String>,
    pub topic: String,
    pub event: String,
    /// Raw metadata bytes (a JSON object or empty); forwarded untouched.
    pub metadata: Vec<u8>,
    pub encoding: u8,
    pub payload: Vec<u8>,
}

/// A decoded client frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    Message(Message),
    Broadcast(BroadcastPush),
}

/// What a server sends on the WebSocket.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    Text(String),
    Binary(Vec<u8>),
}

impl Frame {
    /// Its size on the wire, without the WebSocket header.
    pub fn byte_len(&self) -> usize {
        match self {
            Frame::Text(text) => text.len(),
            Frame::Binary(bytes) => bytes.len(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("frame is not valid JSON")]
    NotJson,
    #[error("frame is not a [join_ref, ref, topic, event, payload] array")]
    NotArray,
    #[error("frame is not a {{topic, event, payload, ref}} object")]
    NotObject,
    #[error("`{0}` must be a string")]
    BadField(&'static str),
    #[error("binary frames are not part of vsn 1.0.0")]
    BinaryOnV1,
    #[error("unknown binary frame kind {0}")]
    UnknownKind(u8),
    #[error("binary frame is truncated")]
    Truncated,
    #[error("binary frame field is not UTF-8")]
    NotUtf8,
    #[error("binary broadcast payload is not valid JSON")]
    BadJsonPayload,
}

pub fn decode_text(vsn: Vsn, text: &str) -> Result<Message, DecodeError> {
    let value: Value = serde_json::from_str(text).map_err(|_| DecodeError::NotJson)?;
    match vsn {
        Vsn::V2 => {
            let Value::Array(mut items) = value else { return Err(DecodeError::NotArray) };
            // Phoenix's V2 serializer ignores elements past the fifth; so do we.
            if items.len() < 5 {
                return Err(DecodeError::NotArray);
            }
            items.truncate(5);
            let payload = items.pop().unwrap_or(Value::Null);
            let event = items.pop().unwrap_or(Value::Null);
            let topic = items.pop().unwrap_or(Value::Null);
            let msg_ref = items.pop().unwrap_or(Value::Null);
            let join_ref = items.pop().unwrap_or(Value::Null);
            Ok(Message {
                join_ref: opt_ref(join_ref, "join_ref")?,
                msg_ref: opt_ref(msg_ref, "ref")?,
                topic: string(topic, "topic")?,
                event: string(event, "event")?,
                payload,
            })
        }
        Vsn::V1 => {
            let Value::Object(mut obj) = value else { return Err(DecodeError::NotObject) };
            Ok(Message {
                join_ref: opt_ref(obj.remove("join_ref").unwrap_or(Value::Null), "join_ref")?,
                msg_ref: opt_ref(obj.remove("ref").unwrap_or(Value::Null), "ref")?,
                topic: string(obj.remove("topic").unwrap_or(Value::Null), "topic")?,
                event: string(obj.remove("event").unwrap_or(Value::Null), "event")?,
                payload: obj.remove("payload").unwrap_or(Value::Null),
            })
        }
    }
}

/// A text frame's refs, topic and event, without its payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub join_ref: Option<String>,
    pub msg_ref: Option<String>,
    pub topic: String,
    pub event: String,
}

/// Reads only the envelope of a text frame: the payload is scanned past (serde's `IgnoredAny`)
/// and never built, so judging a frame by its kind costs one pass over its bytes and no
/// allocation however large the payload is (a join with 85,000 bindings, say).
pub fn decode_envelope(vsn: Vsn, text: &str) -> Result<Envelope, DecodeError> {
    let head: Head = match vsn {
        Vsn::V2 => serde_json::from_str::<V2Head>(text).map_err(|_| DecodeError::NotArray)?.0,
        Vsn::V1 => serde_json::from_str::<V1Head>(text).map_err(|_| DecodeError::NotObject)?.into(),
    };
    Ok(Envelope {
        join_ref: head.join_ref.and_then(|r| r.0),
        msg_ref: head.msg_ref.and_then(|r| r.0),
        topic: head.topic.ok_or(DecodeError::BadField("topic"))?,
        event: head.event.ok_or(DecodeError::BadField("event"))?,
    })
}

struct Head {
    join_ref: Option<RefText>,
    msg_ref: Option<RefText>,
    topic: Option<String>,
    event: Option<String>,
}

/// A ref as [`opt_ref`] accepts it (string, number or null), read without building a `Value`.
struct RefText(Option<String>);

impl<'de> serde::Deserialize<'de> for RefText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RefText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string, a number or null")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RefText, E> {
                Ok(RefText(Some(v.to_owned())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RefText, E> {
                Ok(RefText(Some(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RefText, E> {
                Ok(RefText(Some(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RefText, E> {
                Ok(RefText(serde_json::Number::from_f64(v).map(|n| n.to_string())))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<RefText, E> {
                Ok(RefText(None))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<RefText, E> {
                Ok(RefText(None))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `[join_ref, ref, topic, event, payload, …]`, the payload and anything after it skipped.
struct V2Head(Head);

impl<'de> serde::Deserialize<'de> for V2Head {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, IgnoredAny, SeqAccess};
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = V2Head;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a [join_ref, ref, topic, event, payload] array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<V2Head, A::Error> {
                let missing = || A::Error::custom("short array");
                let join_ref: RefText = seq.next_element()?.ok_or_else(missing)?;
                let msg_ref: RefText = seq.next_element()?.ok_or_else(missing)?;
                let topic: String = seq.next_element()?.ok_or_else(missing)?;
                let event: String = seq.next_element()?.ok_or_else(missing)?;
                seq.next_element::<IgnoredAny>()?.ok_or_else(missing)?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(V2Head(Head {
                    join_ref: Some(join_ref),
                    msg_ref: Some(msg_ref),
                    topic: Some(topic),
                    event: Some(event),
                }))
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

/// `{topic, event, ref, join_ref, payload}`; unknown keys, the payload among them, skipped.
#[derive(serde::Deserialize)]
struct V1Head {
    join_ref: Option<RefText>,
    #[serde(rename = "ref")]
    msg_ref: Option<RefText>,
    topic: Option<String>,
    event: Option<String>,
}

impl From<V1Head> for Head {
    fn from(h: V1Head) -> Head {
        Head { join_ref: h.join_ref, msg_ref: h.msg_ref, topic: h.topic, event: h.event }
    }
}

/// Refs are strings from the client's counter; numbers are tolerated (a hand-written client may
/// send them) and echoed back as their decimal text.
fn opt_ref(value: Value, field: &'static str) -> Result<Option<String>, DecodeError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(DecodeError::BadField(field)),
    }
}

fn string(value: Value, field: &'static str) -> Result<String, DecodeError> {
    match value {
        Value::String(s) => Ok(s),
        _ => Err(DecodeError::BadField(field)),
    }
}

pub fn decode_binary(vsn: Vsn, bytes: &[u8]) -> Result<BroadcastPush, DecodeError> {
    if vsn == Vsn::V1 {
        return Err(DecodeError::BinaryOnV1);
    }
    let (&kind, rest) = bytes.split_first().ok_or(DecodeError::Truncated)?;
    if kind != KIND_USER_BROADCAST_PUSH {
        return Err(DecodeError::UnknownKind(kind));
    }
    let header = rest.get(..6).ok_or(DecodeError::Truncated)?;
    let lens = [header[0], header[1], header[2], header[3], header[4]].map(usize::from);
    let encoding = header[5];
    if encoding != ENCODING_BINARY && encoding != ENCODING_JSON {
        return Err(DecodeError::BadField("payload_encoding"));
    }
    let mut cursor = &rest[6..];
    let mut take = |len: usize| -> Result<&[u8], DecodeError> {
        if cursor.len() < len {
            return Err(DecodeError::Truncated);
        }
        let (head, tail) = cursor.split_at(len);
        cursor = tail;
        Ok(head)
    };
    let join_ref = utf8(take(lens[0])?)?;
    let msg_ref = utf8(take(lens[1])?)?;
    let topic = utf8(take(lens[2])?)?;
    let event = utf8(take(lens[3])?)?;
    let metadata = take(lens[4])?.to_vec();
    let payload = cursor.to_vec();
    if encoding == ENCODING_JSON && serde_json::from_slice::<Value>(&payload).is_err() {
        return Err(DecodeError::BadJsonPayload);
    }
    // The client writes an empty string for an absent ref; Phoenix treats that as no ref.
    let non_empty = |s: String| (!s.is_empty()).then_some(s);
    Ok(BroadcastPush {
        join_ref: non_empty(join_ref),
        msg_ref: non_empty(msg_ref),
        topic,
        event,
        metadata,
        encoding,
        payload,
    })
}

fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError::NotUtf8)
}

/// Decodes a whole WebSocket message of either kind.
pub fn decode(vsn: Vsn, frame: &Frame) -> Result<Inbound, DecodeError> {
    match frame {
        Frame::Text(text) => decode_text(vsn, text).map(Inbound::Message),
        Frame::Binary(bytes) => decode_binary(vsn, bytes).map(Inbound::Broadcast),
    }
}

pub fn encode(vsn: Vsn, msg: &Message) -> Frame {
    let payload = msg.payload.to_string();
    encode_with_payload(vsn, msg.join_ref.as_deref(), msg.msg_ref.as_deref(), &msg.topic, &msg.event, &payload)
}

/// [`encode`] around a payload already serialised: a change fanned out to many subscribers is
/// serialised once, not once per subscriber. The envelope's keys come in the order
/// `serde_json::Map` (sorted) gives them, so both paths write the same bytes.
pub fn encode_with_payload(
    vsn: Vsn,
    join_ref: Option<&str>,
    msg_ref: Option<&str>,
    topic: &str,
    event: &str,
    payload: &str,
) -> Frame {
    let text = |v: Option<&str>| serde_json::to_string(&v).expect("strings serialise");
    let (join_ref, msg_ref, topic, event) = (text(join_ref), text(msg_ref), text(Some(topic)), text(Some(event)));
    let framed = match vsn {
        Vsn::V2 => format!("[{join_ref},{msg_ref},{topic},{event},{payload}]"),
        Vsn::V1 => {
            format!(r#"{{"event":{event},"join_ref":{join_ref},"payload":{payload},"ref":{msg_ref},"topic":{topic}}}"#)
        }
    };
    Frame::Text(framed)
}

/// Kind 4 "user broadcast". `None` when a field does not fit its one-byte length; the caller
/// then falls back to a JSON text frame, which the client delivers identically.
pub fn encode_user_broadcast(
    topic: &str,
    event: &str,
    metadata: &[u8],
    encoding: u8,
    payload: &[u8],
) -> Option<Vec<u8>> {
    let topic_len = u8::try_from(topic.len()).ok()?;
    let event_len = u8::try_from(event.len()).ok()?;
    let meta_len = u8::try_from(metadata.len()).ok()?;
    let mut out = Vec::with_capacity(5 + topic.len() + event.len() + metadata.len() + payload.len());
    out.extend_from_slice(&[KIND_USER_BROADCAST, topic_len, event_len, meta_len, encoding]);
    out.extend_from_slice(topic.as_bytes());
    out.extend_from_slice(event.as_bytes());
    out.extend_from_slice(metadata);
    out.extend_from_slice(payload);
    Some(out)
}

/// Kind 3, as the client encodes it; used by tests to speak like realtime-js.
pub fn encode_broadcast_push(push: &BroadcastPush) -> Option<Vec<u8>> {
    let field = |s: &Option<String>| s.clone().unwrap_or_default();
    let join_ref = field(&push.join_ref);
    let msg_ref = field(&push.msg_ref);
    let lens = [
        u8::try_from(join_ref.len()).ok()?,
        u8::try_from(msg_ref.len()).ok()?,
        u8::try_from(push.topic.len()).ok()?,
        u8::try_from(push.event.len()).ok()?,
        u8::try_from(push.metadata.len()).ok()?,
    ];
    let mut out = vec![KIND_USER_BROADCAST_PUSH];
    out.extend_from_slice(&lens);
    out.push(push.encoding);
    for part in [join_ref.as_bytes(), msg_ref.as_bytes(), push.topic.as_bytes(), push.event.as_bytes()] {
        out.extend_from_slice(part);
    }
    out.extend_from_slice(&push.metadata);
    out.extend_from_slice(&push.payload);
    Some(out)
}

/// A kind 4 frame decoded, as realtime-js turns it into a message; for tests and tools.
#[derive(Debug, Clone, PartialEq)]
pub struct UserBroadcast {
    pub topic: String,
    pub event: String,
    pub metadata: Vec<u8>,
    pub encoding: u8,
    pub payload: Vec<u8>,
}

pub fn decode_user_broadcast(bytes: &[u8]) -> Result<UserBroadcast, DecodeError> {
    let header = bytes.get(..5).ok_or(DecodeError::Truncated)?;
    if header[0] != KIND_USER_BROADCAST {
        return Err(DecodeError::UnknownKind(header[0]));
    }
    let (topic_len, event_len, meta_len) = (header[1] as usize, header[2] as usize, header[3] as usize);
    let body = &bytes[5..];
    if body.len() < topic_len + event_len + meta_len {
        return Err(DecodeError::Truncated);
    }
    let (topic, body) = body.split_at(topic_len);
    let (event, body) = body.split_at(event_len);
    let (metadata, payload) = body.split_at(meta_len);
    Ok(UserBroadcast {
        topic: utf8(topic)?,
        event: utf8(event)?,
        metadata: metadata.to_vec(),
        encoding: header[4],
        payload: payload.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn decodes_the_captured_heartbeat_and_join() {
        let hb = decode_text(Vsn::V2, r#"[null,"12","phoenix","heartbeat",{}]"#).unwrap();
        assert_eq!(hb, Message::new(None, Some("12"), "phoenix", "heartbeat", json!({})));
        let join =
            decode_text(Vsn::V2, r#"["6","6","realtime:chat:sess-1","phx_join",{"config":{"private":false}},"extra"]"#)
                .unwrap();
        assert_eq!(join.join_ref.as_deref(), Some("6"));
        assert_eq!(join.payload["config"]["private"], false);
    }

    #[test]
    fn decodes_v1_objects_without_join_ref() {
        let msg = decode_text(Vsn::V1, r#"{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"9"}"#).unwrap();
        assert_eq!(msg, Message::new(None, Some("9"), "phoenix", "heartbeat", json!({})));
    }

    #[test]
    fn malformed_text_is_an_error() {
        for bad in ["", "nope", "{}", "[1,2,3]", r#"[null,null,1,"e",{}]"#, r#"[{},null,"t","e",{}]"#] {
            assert!(decode_text(Vsn::V2, bad).is_err(), "{bad}");
        }
        assert!(decode_text(Vsn::V1, r#"["6","6","t","e",{}]"#).is_err());
    }

    #[test]
    fn decodes_the_captured_kind_3_frame() {
        let hex = "0301011406000136387265616c74696d653a636861743a736573732d31747970696e677b2275736572223a2241222c22747970696e67223a747275657d";
        let bytes: Vec<u8> =
            (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
        let push = decode_binary(Vsn::V2, &bytes).unwrap();
        assert_eq!(push.join_ref.as_deref(), Some("6"));
        assert_eq!(push.msg_ref.as_deref(), Some("8"));
        assert_eq!(push.topic, "realtime:chat:sess-1");
        assert_eq!(push.event, "typing");
        assert_eq!(push.payload, br#"{"user":"A","typing":true}"#);
        assert_eq!(encode_broadcast_push(&push).unwrap(), bytes);
    }

    #[test]
    fn encodes_the_captured_kind_4_frame() {
        let frame = encode_user_broadcast(
            "realtime:chat:sess-1",
            "typing",
            b"",
            ENCODING_JSON,
            br#"{"user":"A","typing":true}"#,
        )
        .unwrap();
        let hex: String = frame.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "04140600017265616c74696d653a636861743a736573732d31747970696e677b2275736572223a2241222c22747970696e67223a747275657d");
        let back = decode_user_broadcast(&frame).unwrap();
        assert_eq!(back.topic, "realtime:chat:sess-1");
        assert!(encode_user_broadcast(&"x".repeat(256), "e", b"", 1, b"{}").is_none());
    }

    #[test]
    fn encodes_both_versions() {
        let msg = Message::new(None, Some("3"), "phoenix", "phx_reply", json!({"status":"ok","response":{}}));
        assert_eq!(
            encode(Vsn::V2, &msg),
            Frame::Text(r#"[null,"3","phoenix","phx_reply",{"response":{},"status":"ok"}]"#.into())
        );
        let Frame::Text(v1) = encode(Vsn::V1, &msg) else { panic!() };
        assert_eq!(decode_text(Vsn::V1, &v1).unwrap(), msg);
    }

    #[test]
    fn a_preserialised_payload_gives_the_same_bytes_as_a_value() {
        let msg =
            Message::new(Some("1"), None, "realtime:\"odd\"", "postgres_changes", json!({"ids":[1],"data":{"a":"é"}}));
        for vsn in [Vsn::V1, Vsn::V2] {
            let (Frame::Text(framed), expected) = (encode(vsn, &msg), match vsn {
                Vsn::V2 => json!([msg.join_ref, msg.msg_ref, msg.topic, msg.event, msg.payload]).to_string(),
                Vsn::V1 => json!({"topic": msg.topic, "event": msg.event, "payload": msg.payload, "ref": msg.msg_ref, "join_ref": msg.join_ref}).to_string(),
            }) else { panic!() };
            assert_eq!(framed, expected);
            assert_eq!(decode_text(vsn, &framed).unwrap(), msg);
        }
    }

    #[test]
    fn binary_on_v1_and_unknown_kinds_are_errors() {
        assert_eq!(decode_binary(Vsn::V1, &[3]), Err(DecodeError::BinaryOnV1));
        assert_eq!(decode_binary(Vsn::V2, &[4, 0, 0, 0, 0]), Err(DecodeError::UnknownKind(4)));
        assert_eq!(decode_binary(Vsn::V2, &[]), Err(DecodeError::Truncated));
        assert_eq!(decode_binary(Vsn::V2, &[3, 9, 0, 0, 0, 0, 1]), Err(DecodeError::Truncated));
        assert_eq!(decode_binary(Vsn::V2, &[3, 0, 0, 0, 0, 0, 1, b'{']), Err(DecodeError::BadJsonPayload));
    }

    #[test]
    fn envelopes_match_full_decoding_and_skip_the_payload() {
        let join = r#"["6","7","realtime:session:x","phx_join",{"config":{"postgres_changes":[{},{},{}]}},"extra"]"#;
        let env = decode_envelope(Vsn::V2, join).unwrap();
        let full = decode_text(Vsn::V2, join).unwrap();
        assert_eq!(
            (env.join_ref, env.msg_ref, env.topic, env.event),
            (full.join_ref, full.msg_ref, full.topic, full.event)
        );
        let v1 = r#"{"payload":{"big":[1,2,3]},"topic":"t","event":"phx_join","ref":9,"join_ref":null}"#;
        let env = decode_envelope(Vsn::V1, v1).unwrap();
        assert_eq!((env.msg_ref.as_deref(), env.join_ref, env.event.as_str()), (Some("9"), None, "phx_join"));
        for bad in [
            "",
            "{}",
            r#"[null,null,"t","e"]"#,
            r#"[null,null,1,"e",{}]"#,
            r#"[[],null,"t","e",{}]"#,
            r#"[null,null,"t","e",{]"#,
        ] {
            assert!(decode_envelope(Vsn::V2, bad).is_err(), "{bad}");
        }
        assert!(decode_envelope(Vsn::V1, r#"{"event":"e"}"#).is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode_binary(Vsn::V2, &bytes);
            let _ = decode_user_broadcast(&bytes);
            let text = String::from_utf8_lossy(&bytes);
            let _ = decode_text(Vsn::V2, &text);
            let _ = decode_text(Vsn::V1, &text);
            let _ = decode_envelope(Vsn::V2, &text);
            let _ = decode_envelope(Vsn::V1, &text);
        }

        #[test]
        fn kind_3_round_trips(
            join_ref in "[0-9]{0,5}", msg_ref in "[0-9]{0,5}", topic in "realtime:[a-z:0-9-]{0,40}",
            event in "[a-z_]{1,20}", value in any::<i64>(),
        ) {
            let push = BroadcastPush {
                join_ref: (!join_ref.is_empty()).then_some(join_ref),
                msg_ref: (!msg_ref.is_empty()).then_some(msg_ref),
                topic, event, metadata: vec![], encoding: ENCODING_JSON,
                payload: json!({"v": value}).to_string().into_bytes(),
            };
            let bytes = encode_broadcast_push(&push).unwrap();
            prop_assert_eq!(decode_binary(Vsn::V2, &bytes).unwrap(), push);
        }
    }
}
