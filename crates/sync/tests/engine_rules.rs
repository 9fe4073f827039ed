//! One test per rule of docs/contracts.md §4, driving the engine step by step with no sleeps.

mod common;

use common::*;
use session_sync::domain::Message;
use session_sync::engine::{
    ChannelStatus, Config, ConnectionState, Engine, Input, MessageStatus, PersistedEntryState, PersistedState, Problem,
    Refusal, Rejected, Request, RequestError, SendFailure, SocketState, TranslationState,
};
use uuid::Uuid;

fn translated(mut m: Message, text: &str) -> Message {
    m.translated_body = Some(text.into());
    m.target_lang = Some(if m.sender_id == ME { "es".into() } else { "en".into() });
    m
}

fn transient(id: session_sync::engine::RequestId, now: u64) -> Input {
    Input::UpsertErr { id, error: RequestError::Transient("503".into()), now }
}

fn statuses(t: &T) -> Vec<MessageStatus> {
    t.view().entries.iter().filter_map(|e| e.status).collect()
}

// ---- sending and the outbox ------------------------------------------------------------

#[test]
fn send_shows_at_once_and_goes_out_in_one_upsert() {
    let mut t = T::ready(1);
    let d = t.send("hello");
    let ups = d.upserts();
    assert_eq!(ups.len(), 1);
    let rows = &ups[0].1;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].body, "hello");
    assert_eq!(rows[0].client_seq, 1);
    assert_eq!(rows[0].source_lang, "en");
    assert_eq!((rows[0].session_id, rows[0].sender_id), (SESSION, ME));
    assert!(d.view_changed);
    let v = t.view();
    assert_eq!(v.entries.len(), 1);
    assert_eq!(v.entries[0].status, Some(MessageStatus::Sending));
    assert_eq!(v.entries[0].id, rows[0].id);
    assert_eq!(v.queue_count, 1);
}

#[test]
fn upsert_reply_makes_it_sent_with_its_seq() {
    let mut t = T::ready(1);
    let (id, rows) = t.send("hello").upserts().remove(0);
    t.feed(Input::UpsertOk { id, rows: vec![stored(&rows[0], 7)], now: t.now });
    let v = t.view();
    assert_eq!(v.entries[0].status, Some(MessageStatus::Sent));
    assert_eq!(v.entries[0].seq, Some(7));
    assert_eq!(v.queue_count, 0);
}

#[test]
fn pending_while_offline_then_one_batch_in_client_seq_order() {
    let mut t = T::ready(1);
    t.feed(Input::Online { online: false, now: t.now });
    for b in ["a", "b", "c"] {
        assert!(t.send(b).upserts().is_empty(), "nothing goes out offline");
    }
    assert_eq!(statuses(&t), vec![MessageStatus::Pending; 3]);
    assert_eq!(t.view().connection, ConnectionState::Disconnected);
    let d = t.feed(Input::Online { online: true, now: t.now });
    let ups = d.upserts();
    assert_eq!(ups.len(), 1, "one batched upsert");
    let seqs: Vec<i64> = ups[0].1.iter().map(|r| r.client_seq).collect();
    let bodies: Vec<&str> = ups[0].1.iter().map(|r| r.body.as_str()).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(bodies, ["a", "b", "c"]);
}

#[test]
fn at_most_one_upsert_in_flight() {
    let mut t = T::ready(1);
    let (id, rows) = t.send("a").upserts().remove(0);
    assert!(t.send("b").upserts().is_empty(), "waits for the batch in flight");
    assert_eq!(statuses(&t), [MessageStatus::Sending, MessageStatus::Pending]);
    let d = t.feed(Input::UpsertOk { id, rows: vec![stored(&rows[0], 1)], now: t.now });
    let ups = d.upserts();
    assert_eq!(ups.len(), 1);
    assert_eq!(ups[0].1.iter().map(|r| r.body.as_str()).collect::<Vec<_>>(), ["b"]);
}

#[test]
fn the_51st_message_is_refused_with_a_reason() {
    let mut t = T::ready(1);
    t.feed(Input::Online { online: false, now: t.now });
    for i in 0..50 {
        t.send(&format!("m{i}"));
    }
    let r = t.e.handle_input(Input::Send { body: "one too many".into(), now: t.now });
    assert_eq!(r, Err(Rejected::OutboxFull { limit: 50 }));
    let v = t.view();
    assert_eq!(v.queue_count, 50);
    assert_eq!(v.entries.len(), 50);
    assert_eq!(v.error, Some(Problem::Rejected(Rejected::OutboxFull { limit: 50 })));
}

#[test]
fn invalid_bodies_are_refused() {
    let mut t = T::ready(1);
    for body in [String::new(), "   \n".into(), "x".repeat(2001)] {
        let r = t.e.handle_input(Input::Send { body, now: t.now });
        assert_eq!(r, Err(Rejected::InvalidBody));
    }
    assert!(t.view().entries.is_empty());
    assert!(t.view().error.is_some());
    // A good send clears the error.
    t.send(&"é".repeat(2000));
    assert_eq!(t.view().error, None);
}

// ---- retries ---------------------------------------------------------------------------

#[test]
fn retries_back_off_1_2_4_8_16_s_with_jitter_then_fail() {
    let mut t = T::ready(9);
    let (mut id, _) = t.send("hi").upserts().remove(0);
    for (n, base) in [1_000u64, 2_000, 4_000, 8_000, 16_000].into_iter().enumerate() {
        let d = t.feed(transient(id, t.now));
        assert!(d.upserts().is_empty());
        assert_eq!(statuses(&t), [MessageStatus::Pending], "backing off is pending");
        let at = d.timeout.expect("a retry is scheduled");
        let delay = at - t.now;
        assert!((base * 8 / 10..=base * 12 / 10).contains(&delay), "retry {} after {delay} ms", n + 1);
        // Nothing before the deadline ...
        assert!(t.tick(at - 1).upserts().is_empty());
        // ... the retry at it.
        let d = t.tick(at);
        let ups = d.upserts();
        assert_eq!(ups.len(), 1, "retry {}", n + 1);
        id = ups[0].0;
    }
    let d = t.feed(transient(id, t.now));
    assert!(d.upserts().is_empty());
    let v = t.view();
    assert_eq!(v.entries[0].status, Some(MessageStatus::Failed));
    let failure = SendFailure::Unreachable { detail: "503".into() };
    assert_eq!(v.entries[0].failure, Some(failure.clone()));
    assert_eq!(v.entries[0].retry_at, None);
    assert_eq!(v.error, Some(Problem::NotSent { count: 1, failure }));
    assert_eq!(d.timeout, None, "no more retries scheduled");
    assert!(t.tick(t.now + 60_000).upserts().is_empty());
}

#[test]
fn jitter_is_deterministic_per_seed() {
    let deadline = |seed| {
        let mut t = T::ready(seed);
        let (id, _) = t.send("hi").upserts().remove(0);
        t.feed(transient(id, t.now)).timeout.unwrap()
    };
    assert_eq!(deadline(42), deadline(42));
    let spread: std::collections::HashSet<u64> = (0..20).map(deadline).collect();
    assert!(spread.len() > 1, "jitter varies with the seed");
}

#[test]
fn offline_pauses_the_schedule_without_spending_retries() {
    let mut t = T::ready(3);
    let (id, _) = t.send("hi").upserts().remove(0);
    t.feed(Input::Online { online: false, now: t.now });
    // A failure that arrives while offline costs nothing ...
    let d = t.feed(transient(id, t.now));
    assert_eq!(d.timeout, None, "no timer while offline");
    assert!(t.tick(t.now + 100_000).upserts().is_empty());
    // ... and coming back flushes at once, with all 5 retries left.
    let d = t.feed(Input::Online { online: true, now: t.now });
    let mut id = d.upserts()[0].0;
    let (cid, _) = d.catch_ups()[0];
    t.feed(Input::CatchUpOk { id: cid, rows: vec![], now: t.now });
    t.answer_reads(&d);
    // The new channel the engine asked for subscribes.
    t.connect_and_sync(&[]);
    for _ in 0..5 {
        let at = t.feed(transient(id, t.now)).timeout.unwrap();
        id = t.tick(at).upserts()[0].0;
    }
    assert_eq!(statuses(&t), [MessageStatus::Sending], "5 retries spent, one attempt left");
    t.feed(transient(id, t.now));
    assert_eq!(statuses(&t), [MessageStatus::Failed]);
}

#[test]
fn a_permanent_rejection_fails_at_once() {
    let mut t = T::ready(1);
    let (id, _) = t.send("hi").upserts().remove(0);
    let d = t.feed(Input::UpsertErr {
        id,
        error: RequestError::Permanent("new row violates row-level security policy".into()),
        now: t.now,
    });
    assert!(d.upserts().is_empty());
    let v = t.view();
    assert_eq!(v.entries[0].status, Some(MessageStatus::Failed));
    let failure = SendFailure::Refused(Refusal::Other("new row violates row-level security policy".into()));
    assert_eq!(v.entries[0].failure, Some(failure.clone()));
    assert_eq!(v.error, Some(Problem::NotSent { count: 1, failure }));
    assert!(!v.sending_fails, "a refusal is no connection problem");
}

#[test]
fn the_first_failed_attempt_shows_why_and_when_the_retry_comes() {
    let mut t = T::ready(9);
    let (id, _) = t.send("hi").upserts().remove(0);
    assert!(!t.view().sending_fails);
    let d = t.feed(transient(id, t.now));
    let at = d.timeout.expect("a retry is scheduled");
    let v = t.view();
    let e = &v.entries[0];
    assert_eq!(e.status, Some(MessageStatus::Pending));
    assert_eq!(e.failure, Some(SendFailure::Unreachable { detail: "503".into() }));
    assert_eq!(e.retry_at, Some(at), "the bubble counts down to the retry");
    assert!(v.sending_fails, "the header must not say all is well");
    assert_eq!(v.error, None, "no banner before the retries are spent");

    // The retry's flight: still failing, no countdown.
    let d = t.tick(at);
    let (id, _) = d.upserts()[0];
    assert_eq!(t.view().entries[0].status, Some(MessageStatus::Sending));
    assert_eq!(t.view().entries[0].retry_at, None);
    assert!(t.view().sending_fails);

    // Success clears it all.
    let rows = d.upserts()[0].1.iter().map(|n| stored(n, 1)).collect();
    t.feed(Input::UpsertOk { id, rows, now: t.now });
    assert!(!t.view().sending_fails);
    assert_eq!(t.view().entries[0].failure, None);
}

#[test]
fn retry_now_sends_at_once_without_forgetting_the_attempts() {
    let mut t = T::ready(9);
    let (id, _) = t.send("hi").upserts().remove(0);
    let d = t.feed(transient(id, t.now));
    let first_wait = d.timeout.unwrap() - t.now;
    t.at(t.now + 100);
    let d = t.feed(Input::RetryNow { now: t.now });
    let ups = d.upserts();
    assert_eq!(ups.len(), 1, "the retry goes now, not after {first_wait} ms");
    // It fails again: the second failure backs off 2 s (± jitter), so the first still counts.
    let d = t.feed(transient(ups[0].0, t.now));
    let wait = d.timeout.unwrap() - t.now;
    assert!((1_600..=2_400).contains(&wait), "{wait}");
    // Nothing waits: RetryNow changes nothing.
    let mut idle = T::ready(3);
    assert!(idle.feed(Input::RetryNow { now: idle.now }).upserts().is_empty());
}

#[test]
fn a_failure_while_offline_is_not_shown_as_failing() {
    let mut t = T::ready(9);
    let (id, _) = t.send("hi").upserts().remove(0);
    t.feed(Input::Online { online: false, now: t.now });
    t.feed(transient(id, t.now));
    let v = t.view();
    assert_eq!(v.entries[0].status, Some(MessageStatus::Pending));
    assert_eq!((v.entries[0].failure.clone(), v.entries[0].retry_at, v.sending_fails), (None, None, false));
}

#[test]
fn rate_limits_wait_at_least_retry_after_and_spend_no_retry() {
    let mut t = T::ready(5);
    let (mut id, _) = t.send("hi").upserts().remove(0);
    for _ in 0..10 {
        let d =
            t.feed(Input::UpsertErr { id, error: RequestError::RateLimited { retry_after_ms: 30_000 }, now: t.now });
        let at = d.timeout.unwrap();
        assert!((30_000..=36_000).contains(&(at - t.now)), "{}", at - t.now);
        assert!(t.tick(at - 1).upserts().is_empty());
        id = t.tick(at).upserts()[0].0;
    }
    assert_eq!(statuses(&t), [MessageStatus::Sending], "rate limits never fail a message");
    assert!(matches!(t.view().error, Some(Problem::RateLimited { wait_s: 30 })), "{:?}", t.view().error);
}

#[test]
fn a_request_without_reply_times_out_as_a_transient_failure() {
    let mut t = T::ready(1);
    let start = t.now;
    let d = t.send("hi");
    let (id, rows) = d.upserts().remove(0);
    assert_eq!(d.timeout, Some(start + 10_000), "the request's deadline");
    let d = t.tick(start + 10_000);
    assert!(d.upserts().is_empty());
    assert_eq!(statuses(&t), [MessageStatus::Pending]);
    let id2 = t.tick(d.timeout.unwrap()).upserts()[0].0;
    assert_ne!(id, id2);
    // The late reply to the abandoned request still counts: the row is stored.
    t.feed(Input::UpsertOk { id, rows: vec![stored(&rows[0], 3)], now: t.now });
    assert_eq!(t.view().entries[0].seq, Some(3));
    // The retry's reply leaves it out (a duplicate): nothing changes, nothing doubles.
    t.feed(Input::UpsertOk { id: id2, rows: vec![], now: t.now });
    let v = t.view();
    assert_eq!(v.entries.len(), 1);
    assert_eq!(v.entries[0].status, Some(MessageStatus::Sent));
    assert_eq!(v.queue_count, 0);
}

#[test]
fn manual_retry_restarts_the_schedule_as_the_newest_message() {
    let mut t = T::ready(1);
    let (id, rows) = t.send("first").upserts().remove(0);
    let failed_id = rows[0].id;
    t.feed(Input::UpsertErr { id, error: RequestError::Permanent("403".into()), now: t.now });
    let (id, rows) = t.send("second").upserts().remove(0);
    t.feed(Input::UpsertOk { id, rows: vec![stored(&rows[0], 1)], now: t.now });

    let d = t.feed(Input::Retry { message_id: failed_id, now: t.now });
    let ups = d.upserts();
    assert_eq!(ups.len(), 1, "retried at once");
    assert_eq!(ups[0].1[0].id, failed_id);
    assert_eq!(ups[0].1[0].client_seq, 3, "a fresh client_seq after `second`");
    t.feed(Input::UpsertOk { id: ups[0].0, rows: vec![stored(&ups[0].1[0], 2)], now: t.now });
    let v = t.view();
    let bodies: Vec<&str> = v.entries.iter().map(|e| e.body.as_str()).collect();
    assert_eq!(bodies, ["second", "first"]);
    assert_eq!(statuses(&t), [MessageStatus::Sent, MessageStatus::Sent]);
}

#[test]
fn manual_retry_of_a_waiting_message_sends_now_with_a_fresh_budget() {
    let mut t = T::ready(1);
    let (id, rows) = t.send("a").upserts().remove(0);
    let d = t.feed(transient(id, t.now));
    assert!(d.timeout.unwrap() > t.now);
    let d = t.feed(Input::Retry { message_id: rows[0].id, now: t.now });
    assert_eq!(d.upserts().len(), 1);
}

#[test]
fn retry_and_discard_of_unknown_or_unfailed_messages_are_refused() {
    let mut t = T::ready(1);
    let unknown = Uuid::from_u128(99);
    assert_eq!(
        t.e.handle_input(Input::Retry { message_id: unknown, now: t.now }),
        Err(Rejected::UnknownMessage(unknown))
    );
    let (_, rows) = t.send("a").upserts().remove(0);
    assert_eq!(
        t.e.handle_input(Input::Discard { message_id: rows[0].id, now: t.now }),
        Err(Rejected::NotFailed(rows[0].id))
    );
}

#[test]
fn a_failed_message_can_be_discarded() {
    let mut t = T::ready(1);
    let (id, rows) = t.send("a").upserts().remove(0);
    t.feed(Input::UpsertErr { id, error: RequestError::Permanent("x".into()), now: t.now });
    let d = t.feed(Input::Discard { message_id: rows[0].id, now: t.now });
    assert!(d.persisted.last().unwrap().outbox.is_empty());
    assert_eq!(t.view().queue_count, 0);
}

// ---- reconnect: flush, then catch up ---------------------------------------------------

#[test]
fn every_subscription_flushes_the_outbox_then_catches_up_from_the_last_seen_seq() {
    let mut t = T::new(1);
    let d = t.feed(Input::Online { online: true, now: t.now });
    let (cid, after) = d.catch_ups()[0];
    assert_eq!(after, 0, "start-up catch-up from 0");
    let partner_msg = translated(row(Uuid::from_u128(1), PARTNER, 1, 4, "hola"), "hello");
    t.feed(Input::CatchUpOk { id: cid, rows: vec![partner_msg], now: t.now });
    assert_eq!(t.view().last_seen_seq, 4);

    for round in 0..3 {
        // A message backing off after a failure ...
        let (id, _) = t.send(&format!("m{round}")).upserts().remove(0);
        let d = t.feed(transient(id, t.now));
        assert!(d.timeout.unwrap() > t.now);
        // ... goes out at once on the (re)subscription, then the catch-up follows.
        let d = t.status(ChannelStatus::Subscribed);
        assert!(matches!(d.requests[0], Request::Upsert { .. }), "{:?}", d.requests);
        let (cid, after) = d.catch_ups()[0];
        assert_eq!(after, 4, "from the last seen seq");
        let (uid, rows) = d.upserts().remove(0);
        assert_eq!(rows.len(), 1);
        t.feed(Input::UpsertOk { id: uid, rows: vec![stored(&rows[0], 5 + round)], now: t.now });
        t.feed(Input::CatchUpOk { id: cid, rows: vec![], now: t.now });
        t.feed(Input::SocketState { generation: t.channel, state: SocketState::Closed, now: t.now });
        assert_eq!(t.view().connection, ConnectionState::Reconnecting);
    }
}

#[test]
fn resubscribe_emits_upsert_before_catch_up() {
    let mut t = T::ready(1);
    t.feed(Input::Online { online: false, now: t.now });
    t.send("a");
    t.send("b");
    t.feed(Input::SocketState { generation: t.channel, state: SocketState::Closed, now: t.now });
    // Back online (which asks for a new channel) and that channel subscribed in one go (no
    // drain in between). Going offline ended channel g (so g + 1 is gone too); the new one is
    // g + 2.
    t.e.handle_input(Input::Online { online: true, now: t.now }).unwrap();
    let generation = t.channel + 2;
    t.e.handle_input(Input::ChannelStatus { generation, status: ChannelStatus::Subscribed, now: t.now }).unwrap();
    let d = drain(&mut t.e);
    let kinds: Vec<&str> = d
        .requests
        .iter()
        .map(|r| match r {
            Request::Upsert { .. } => "upsert",
            Request::CatchUp { .. } => "catch_up",
            Request::Ack { .. } => "ack",
            Request::ReadParticipants { .. } => "read_participants",
            Request::LoadEarlier { .. } => "load_earlier",
            Request::Reconnect { generation: g } => {
                assert_eq!(*g, generation);
                "reconnect"
            }
        })
        .collect();
    assert_eq!(kinds, ["reconnect", "upsert", "catch_up", "read_participants"]);
    assert_eq!(d.upserts()[0].1.len(), 2);
}

#[test]
fn catch_up_resumes_after_the_last_seen_seq() {
    let rows: Vec<Message> = [(1, "uno", "one"), (2, "dos", "two")]
        .into_iter()
        .map(|(seq, es, en)| translated(row(Uuid::from_u128(seq as u128), PARTNER, seq, seq, es), en))
        .collect();
    let mut t = T::new(1);
    t.connect_and_sync(&rows);
    assert_eq!(t.view().last_seen_seq, 2);
    t.status(ChannelStatus::ChannelError);
    let d = t.status(ChannelStatus::Subscribed);
    assert_eq!(d.catch_ups().iter().map(|c| c.1).collect::<Vec<_>>(), [2]);
}

#[test]
fn a_realtime_insert_beyond_the_next_seq_reveals_a_lost_event_and_catches_up() {
    // Subscribed and caught up to seq 1; realtime then loses seq 2 (a dropped frame) while
    // the channel stays subscribed. Seq 3 arriving reveals the gap.
    // Translated rows, so the catch-up does not reach back for a pending translation.
    let first = translated(row(Uuid::from_u128(1), PARTNER, 1, 1, "uno"), "one");
    let mut t = T::new(1);
    t.connect_and_sync(&[first]);
    let next = translated(row(Uuid::from_u128(2), PARTNER, 2, 2, "dos"), "two");
    let d = t.feed(Input::RealtimeInsert { generation: t.channel, row: next, now: t.now });
    assert!(d.catch_ups().is_empty(), "seq 2 follows seq 1: no gap");
    let after_gap = translated(row(Uuid::from_u128(4), PARTNER, 4, 4, "cuatro"), "four");
    let d = t.feed(Input::RealtimeInsert { generation: t.channel, row: after_gap, now: t.now });
    assert_eq!(d.catch_ups().iter().map(|c| c.1).collect::<Vec<_>>(), [1]);
}

#[test]
fn an_upsert_reply_beyond_the_next_seq_reveals_a_lost_event_and_catches_up() {
    let mut t = T::new(1);
    t.connect_and_sync(&[translated(row(Uuid::from_u128(1), PARTNER, 1, 1, "uno"), "one")]);
    let (id, rows) = t.send("hello").upserts().remove(0);
    // The partner's seq 2 never arrived over realtime; ours got seq 3.
    let d = t.feed(Input::UpsertOk { id, rows: vec![stored(&rows[0], 3)], now: t.now });
    assert_eq!(d.catch_ups().iter().map(|c| c.1).collect::<Vec<_>>(), [1]);
    // Without a gap, no catch-up.
    let (id, rows) = t.send("again").upserts().remove(0);
    let d = t.feed(Input::UpsertOk { id, rows: vec![stored(&rows[0], 4)], now: t.now });
    assert!(d.catch_ups().is_empty());
}

#[test]
fn catch_up_reaches_back_to_the_oldest_message_still_waiting_for_its_translation() {
    let rows = vec![
        translated(row(Uuid::from_u128(1), PARTNER, 1, 1, "uno"), "one"),
        row(Uuid::from_u128(2), PARTNER, 2, 2, "dos"),
        translated(row(Uuid::from_u128(3), PARTNER, 3, 3, "tres"), "three"),
    ];
    let mut t = T::new(1);
    t.connect_and_sync(&rows);
    assert_eq!(t.view().last_seen_seq, 3);
    // The translation of seq 2 happened while the channel was down: its UPDATE is lost.
    t.status(ChannelStatus::ChannelError);
    let d = t.status(ChannelStatus::Subscribed);
    let (cid, after) = d.catch_ups()[0];
    assert_eq!(after, 1, "refetches from seq 2 on");
    let fixed = translated(rows[1].clone(), "two");
    t.feed(Input::CatchUpOk { id: cid, rows: vec![fixed, rows[2].clone()], now: t.now });
    let texts: Vec<String> = t.view().entries.iter().map(|e| e.text.clone()).collect();
    assert_eq!(texts, ["one", "two", "three"]);
    t.status(ChannelStatus::ChannelError);
    let d = t.status(ChannelStatus::Subscribed);
    assert_eq!(d.catch_ups()[0].1, 3, "nothing outstanding: from the last seen seq");
}

#[test]
fn a_failed_catch_up_is_retried_with_backoff() {
    let mut t = T::new(1);
    let d = t.feed(Input::Online { online: true, now: t.now });
    let (id, _) = d.catch_ups()[0];
    let d = t.feed(Input::CatchUpErr { id, error: RequestError::Transient("502".into()), now: t.now });
    assert!(d.catch_ups().is_empty());
    let at = d.timeout.unwrap();
    assert!((800..=1200).contains(&(at - t.now)));
    assert_eq!(t.tick(at).catch_ups().len(), 1);
}

#[test]
fn a_refused_catch_up_is_shown_and_still_retried() {
    let mut t = T::new(1);
    let d = t.feed(Input::Online { online: true, now: t.now });
    let (id, _) = d.catch_ups()[0];
    let d = t.feed(Input::CatchUpErr { id, error: RequestError::Permanent("401".into()), now: t.now });
    assert_eq!(t.view().error, Some(Problem::CatchUpRefused(Refusal::Other("401".into()))));
    assert_eq!(t.tick(d.timeout.unwrap()).catch_ups().len(), 1);
}

// ---- the timeline ----------------------------------------------------------------------

#[test]
fn one_entry_per_id_across_optimistic_reply_echo_and_catch_up() {
    let mut t = T::ready(1);
    let (id, rows) = t.send("once").upserts().remove(0);
    // Seq 1: the first message of the session (a higher one would reveal a gap and catch up).
    let m = stored(&rows[0], 1);
    t.feed(Input::RealtimeInsert { generation: t.channel, row: m.clone(), now: t.now });
    t.feed(Input::UpsertOk { id, rows: vec![m.clone()], now: t.now });
    t.feed(Input::RealtimeInsert { generation: t.channel, row: m.clone(), now: t.now });
    t.feed(Input::History { rows: vec![m.clone()], now: t.now });
    t.status(ChannelStatus::ChannelError);
    let d = t.status(ChannelStatus::Subscribed);
    let (cid, _) = d.catch_ups()[0];
    t.feed(Input::CatchUpOk { id: cid, rows: vec![m], now: t.now });
    let v = t.view();
    assert_eq!(v.entries.len(), 1);
    assert_eq!(v.entries[0].seq, Some(1));
    assert_eq!(v.queue_count, 0);
}

#[test]
fn timeline_is_ordered_by_seq_with_own_unsent_after() {
    let mut t = T::ready(1);
    t.feed(Input::Online { online: false, now: t.now });
    t.send("unsent 1");
    t.send("unsent 2");
    for seq in [5, 3, 9] {
        let r = row(Uuid::from_u128(seq as u128), PARTNER, seq, seq, &format!("p{seq}"));
        t.feed(Input::History { rows: vec![r], now: t.now });
    }
    let v = t.view();
    let seqs: Vec<Option<i64>> = v.entries.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [Some(3), Some(5), Some(9), None, None]);
    assert_eq!(v.entries[3].body, "unsent 1");
    assert_eq!(v.entries[4].body, "unsent 2");
}

#[test]
fn a_row_the_server_already_had_waits_for_its_seq_from_catch_up() {
    let mut t = T::ready(1);
    let (id, rows) = t.send("dup").upserts().remove(0);
    // The reply leaves the row out: it was stored by an earlier attempt.
    let d = t.feed(Input::UpsertOk { id, rows: vec![], now: t.now });
    let v = t.view();
    assert_eq!(v.entries[0].status, Some(MessageStatus::Sent));
    assert_eq!(v.entries[0].seq, None);
    let (cid, after) = d.catch_ups()[0];
    assert_eq!(after, 0);
    t.feed(Input::CatchUpOk { id: cid, rows: vec![stored(&rows[0], 8)], now: t.now });
    let v = t.view();
    assert_eq!(v.entries.len(), 1);
    assert_eq!(v.entries[0].seq, Some(8));
    assert_eq!(v.queue_count, 0);
}

#[test]
fn a_stored_row_missing_from_catch_up_triggers_a_full_catch_up_then_a_resend() {
    let rows = vec![translated(row(Uuid::from_u128(1), PARTNER, 1, 1, "uno"), "one")];
    let mut t = T::new(1);
    t.connect_and_sync(&rows);
    let (id, sent) = t.send("lost?").upserts().remove(0);
    let d = t.feed(Input::UpsertOk { id, rows: vec![], now: t.now });
    let (cid, after) = d.catch_ups()[0];
    assert_eq!(after, 1);
    let d = t.feed(Input::CatchUpOk { id: cid, rows: vec![], now: t.now });
    let (cid, after) = d.catch_ups()[0];
    assert_eq!(after, 0, "from the start");
    let d = t.feed(Input::CatchUpOk { id: cid, rows: rows.clone(), now: t.now });
    let ups = d.upserts();
    assert_eq!(ups.len(), 1, "sent again");
    assert_eq!(ups[0].1[0].id, sent[0].id);
}

#[test]
fn rows_of_other_sessions_are_ignored() {
    let mut t = T::ready(1);
    let mut r = row(Uuid::from_u128(1), PARTNER, 1, 1, "x");
    r.session_id = OTHER_SESSION;
    t.feed(Input::RealtimeInsert { generation: t.channel, row: r, now: t.now });
    assert!(t.view().entries.is_empty());
}

#[test]
fn own_messages_from_another_tab_are_own_and_move_client_seq_on() {
    let mut t = T::ready(1);
    t.feed(Input::RealtimeInsert {
        generation: t.channel,
        row: row(Uuid::from_u128(1), ME, 7, 1, "other tab"),
        now: t.now,
    });
    let v = t.view();
    assert!(v.entries[0].own);
    assert_eq!(v.entries[0].status, Some(MessageStatus::Sent));
    let rows = t.send("here").upserts().remove(0).1;
    assert_eq!(rows[0].client_seq, 8);
}

// ---- receipts --------------------------------------------------------------------------

#[test]
fn own_statuses_follow_the_partners_watermarks() {
    let mut t = T::ready(1);
    for (i, body) in ["a", "b", "c"].iter().enumerate() {
        let (id, rows) = t.send(body).upserts().remove(0);
        t.feed(Input::UpsertOk { id, rows: vec![stored(&rows[0], i as i64 + 1)], now: t.now });
    }
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: partner_row(2, 1), now: t.now });
    assert_eq!(statuses(&t), [MessageStatus::Read, MessageStatus::Delivered, MessageStatus::Sent]);
    // A stale row arriving late does not lower the watermarks.
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: partner_row(0, 0), now: t.now });
    assert_eq!(statuses(&t), [MessageStatus::Read, MessageStatus::Delivered, MessageStatus::Sent]);
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: partner_row(3, 3), now: t.now });
    assert_eq!(statuses(&t), [MessageStatus::Read; 3]);
    assert_eq!(t.view().partner.unwrap().display_name, "Bea");
}

#[test]
fn acks_delivered_on_receipt_and_read_only_while_visible() {
    let mut t = T::ready(1);
    t.feed(Input::Visible { visible: false, now: t.now });
    let d = t.feed(Input::RealtimeInsert {
        generation: t.channel,
        row: row(Uuid::from_u128(1), PARTNER, 1, 4, "hola"),
        now: t.now,
    });
    let acks = d.acks();
    assert_eq!(acks.len(), 1);
    assert_eq!((acks[0].1, acks[0].2), (4, 0), "delivered, not read while hidden");
    let d = t.feed(Input::AckOk { id: acks[0].0, now: t.now });
    assert!(d.acks().is_empty());
    let d = t.feed(Input::Visible { visible: true, now: t.now });
    let acks = d.acks();
    assert_eq!((acks[0].1, acks[0].2), (4, 4), "read once shown");
}

#[test]
fn acks_are_coalesced_cumulative_and_only_raised() {
    let mut t = T::ready(1);
    let d = t.feed(Input::RealtimeInsert {
        generation: t.channel,
        row: row(Uuid::from_u128(1), PARTNER, 1, 1, "a"),
        now: t.now,
    });
    let first = d.acks()[0];
    for seq in 2..=5 {
        let d = t.feed(Input::RealtimeInsert {
            generation: t.channel,
            row: row(Uuid::from_u128(seq as u128), PARTNER, seq, seq, "x"),
            now: t.now,
        });
        assert!(d.acks().is_empty(), "one ack in flight at a time");
    }
    let d = t.feed(Input::AckOk { id: first.0, now: t.now });
    let acks = d.acks();
    assert_eq!(acks.len(), 1);
    assert_eq!((acks[0].1, acks[0].2), (5, 5), "one cumulative ack for the rest");
    t.feed(Input::AckOk { id: acks[0].0, now: t.now });
    // An older message arriving late (catch-up) does not lower or repeat anything.
    let d = t.feed(Input::RealtimeInsert {
        generation: t.channel,
        row: row(Uuid::from_u128(99), PARTNER, 0, 0, "old"),
        now: t.now,
    });
    assert!(d.acks().is_empty());
    // Own messages are never acked.
    let d = t.feed(Input::RealtimeInsert {
        generation: t.channel,
        row: row(Uuid::from_u128(98), ME, 1, 6, "mine"),
        now: t.now,
    });
    assert!(d.acks().is_empty());
}

#[test]
fn a_failed_ack_is_retried_and_our_participant_row_counts_as_acked() {
    let mut t = T::ready(1);
    let d = t.feed(Input::RealtimeInsert {
        generation: t.channel,
        row: row(Uuid::from_u128(1), PARTNER, 1, 3, "a"),
        now: t.now,
    });
    let (id, _, _) = d.acks()[0];
    let d = t.feed(Input::AckErr { id, error: RequestError::Transient("500".into()), now: t.now });
    assert!(d.acks().is_empty());
    let at = d.timeout.unwrap();
    let acks = t.tick(at).acks();
    assert_eq!((acks[0].1, acks[0].2), (3, 3));
    // The server row already says 3/3 (e.g. another tab acked): no further ack needed.
    let mut me_row = partner_row(3, 3);
    me_row.user_id = ME;
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: me_row, now: t.now });
    let d = t.feed(Input::AckErr { id: acks[0].0, error: RequestError::Transient("500".into()), now: t.now });
    assert!(d.acks().is_empty());
    assert!(t.tick(t.now + 60_000).acks().is_empty());
}

// ---- translation -----------------------------------------------------------------------

#[test]
fn translation_updates_merge_into_the_entry() {
    let mut t = T::ready(1);
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: partner_row(0, 0), now: t.now });
    let m = row(Uuid::from_u128(1), PARTNER, 1, 1, "hola");
    t.feed(Input::RealtimeInsert { generation: t.channel, row: m.clone(), now: t.now });
    let e = &t.view().entries[0];
    assert_eq!((e.translation, e.text.as_str()), (TranslationState::Pending, "hola"));

    let mut failed = m.clone();
    failed.translation_error = Some("provider down".into());
    t.feed(Input::RealtimeUpdate { generation: t.channel, row: failed, now: t.now });
    assert_eq!(t.view().entries[0].translation, TranslationState::Failed);

    let mut done = m.clone();
    done.translated_body = Some("hello".into());
    done.target_lang = Some("en".into());
    t.feed(Input::RealtimeUpdate { generation: t.channel, row: done, now: t.now });
    let e = &t.view().entries[0];
    assert_eq!((e.translation, e.text.as_str(), e.body.as_str()), (TranslationState::Done, "hello", "hola"));

    // A catch-up snapshot taken before the translation does not undo it.
    t.feed(Input::History { rows: vec![m], now: t.now });
    assert_eq!(t.view().entries[0].text, "hello");
    assert_eq!(t.view().entries.len(), 1);
}

#[test]
fn no_translation_between_speakers_of_one_language() {
    let mut t = T::ready(1);
    let mut p = partner_row(0, 0);
    p.language = "en".into();
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: p, now: t.now });
    let mut m = row(Uuid::from_u128(1), PARTNER, 1, 1, "hi");
    m.source_lang = "en".into();
    t.feed(Input::RealtimeInsert { generation: t.channel, row: m, now: t.now });
    t.send("hey");
    let tr: Vec<TranslationState> = t.view().entries.iter().map(|e| e.translation).collect();
    assert_eq!(tr, [TranslationState::None, TranslationState::None]);
}

#[test]
fn a_text_found_in_the_readers_language_is_shown_untranslated() {
    // The partner's setting is Spanish, but they wrote English to this English reader.
    let mut t = T::ready(1);
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: partner_row(0, 0), now: t.now });
    let m = row(Uuid::from_u128(1), PARTNER, 1, 1, "see you at six");
    t.feed(Input::RealtimeInsert { generation: t.channel, row: m.clone(), now: t.now });
    assert_eq!(t.view().entries[0].translation, TranslationState::Pending);
    let mut written_in_english = m.clone();
    written_in_english.target_lang = Some("en".into());
    written_in_english.detected_lang = Some("en".into());
    t.feed(Input::RealtimeUpdate { generation: t.channel, row: written_in_english, now: t.now });
    let e = &t.view().entries[0];
    assert_eq!((e.translation, e.text.as_str()), (TranslationState::None, "see you at six"));
    assert_eq!((e.detected_lang.as_deref(), e.translated_by.as_deref()), (Some("en"), None));
    // A snapshot from before the columns were filled does not clear them.
    t.feed(Input::History { rows: vec![m], now: t.now });
    assert_eq!(t.view().entries[0].detected_lang.as_deref(), Some("en"));
    assert_eq!(t.view().entries[0].translation, TranslationState::None);
}

#[test]
fn a_text_found_in_another_language_than_the_setting_is_translated_even_for_the_settings_reader() {
    // Both use English, but the partner wrote Spanish.
    let mut t = T::ready(1);
    let mut p = partner_row(0, 0);
    p.language = "en".into();
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: p, now: t.now });
    let mut m = row(Uuid::from_u128(1), PARTNER, 1, 1, "nos vemos a las seis");
    m.source_lang = "en".into();
    t.feed(Input::RealtimeInsert { generation: t.channel, row: m.clone(), now: t.now });
    assert_eq!(t.view().entries[0].translation, TranslationState::None, "nothing to expect before detection");
    m.detected_lang = Some("es".into());
    m.translated_by = Some("apertium es>en".into());
    m.translated_body = Some("see you at six".into());
    m.target_lang = Some("en".into());
    t.feed(Input::RealtimeUpdate { generation: t.channel, row: m, now: t.now });
    let e = &t.view().entries[0];
    assert_eq!((e.translation, e.text.as_str()), (TranslationState::Done, "see you at six"));
    assert_eq!(e.translated_by.as_deref(), Some("apertium es>en"));
}

#[test]
fn rows_without_the_origin_columns_still_parse() {
    let old = serde_json::json!({
        "id": Uuid::from_u128(1), "session_id": SESSION, "sender_id": PARTNER, "client_seq": 1, "seq": 1,
        "body": "hola", "source_lang": "es", "translated_body": "hello", "target_lang": "en",
        "translation_error": null, "created_at": "2026-01-01T00:00:00Z"
    });
    let m: Message = serde_json::from_value(old).unwrap();
    assert_eq!((m.detected_lang, m.translated_by), (None, None));
    let mut new = serde_json::to_value(row(Uuid::from_u128(2), PARTNER, 2, 2, "hola")).unwrap();
    new["detected_lang"] = "ar".into();
    new["translation_error"] = format!("{}ar>en", session_sync::domain::NO_ROUTE).into();
    let m: Message = serde_json::from_value(new).unwrap();
    assert_eq!((m.written_in(), m.untranslatable()), ("ar", true));
}

// ---- connection state ------------------------------------------------------------------

#[test]
fn connection_states_follow_socket_channel_and_network() {
    let mut t = T::new(1);
    assert_eq!(t.view().connection, ConnectionState::Connecting);
    t.feed(Input::SocketState { generation: t.channel, state: SocketState::Open, now: t.now });
    assert_eq!(t.view().connection, ConnectionState::Connecting);
    t.status(ChannelStatus::Subscribed);
    assert_eq!(t.view().connection, ConnectionState::Connected);
    t.status(ChannelStatus::TimedOut);
    assert_eq!(t.view().connection, ConnectionState::Reconnecting);
    t.status(ChannelStatus::Subscribed);
    t.feed(Input::SocketState { generation: t.channel, state: SocketState::Closed, now: t.now });
    assert_eq!(t.view().connection, ConnectionState::Reconnecting);
    t.feed(Input::Online { online: false, now: t.now });
    assert_eq!(t.view().connection, ConnectionState::Disconnected);
    let d = t.feed(Input::Online { online: true, now: t.now });
    assert_eq!(d.reconnects(), 1, "back online: reconnect at once");
    assert_eq!(t.view().connection, ConnectionState::Reconnecting);
    t.status(ChannelStatus::Subscribed);
    assert_eq!(t.view().connection, ConnectionState::Connected);
}

#[test]
fn first_load_offline_is_disconnected() {
    let mut t = T::new(1);
    let d = t.feed(Input::Online { online: false, now: t.now });
    assert_eq!(t.view().connection, ConnectionState::Disconnected);
    assert!(d.requests.is_empty());
}

#[test]
fn a_closed_channel_is_replaced_and_a_stall_forces_reconnects_until_given_up() {
    let mut t = T::ready(1);
    let d = t.status(ChannelStatus::Closed);
    assert_eq!(d.reconnects(), 1, "a closed channel never rejoins by itself");
    let mut forced = 1;
    let mut last = t.now;
    while let Some(at) = drain(&mut t.e).timeout {
        let d = t.tick(at);
        if d.reconnects() == 0 {
            break;
        }
        assert!(at - last >= 20_000, "no faster than the stall time");
        last = at;
        forced += d.reconnects();
    }
    assert_eq!(forced, 6);
    let v = t.view();
    assert_eq!(v.connection, ConnectionState::Disconnected, "given up");
    assert_eq!(v.error, Some(Problem::ReconnectGaveUp));
    // The user (or the network coming back) restarts it; a subscription recovers fully.
    assert_eq!(t.feed(Input::Reconnect { now: t.now }).reconnects(), 1);
    assert_eq!(t.view().connection, ConnectionState::Reconnecting);
    t.status(ChannelStatus::Subscribed);
    assert_eq!(t.view().connection, ConnectionState::Connected);
}

#[test]
fn showing_the_tab_while_disconnected_reconnects_at_once() {
    let mut t = T::ready(1);
    t.feed(Input::Visible { visible: false, now: t.now });
    t.status(ChannelStatus::ChannelError);
    let d = t.tick(t.now + 120_000);
    assert_eq!(d.reconnects(), 0, "no forced reconnects in a hidden tab");
    assert_eq!(t.feed(Input::Visible { visible: true, now: t.now }).reconnects(), 1);
}

// ---- persistence -----------------------------------------------------------------------

#[test]
fn every_change_is_persisted_and_only_changes() {
    let mut t = T::ready(1);
    let d = t.send("a");
    assert_eq!(d.persisted.len(), 1);
    assert_eq!(d.persisted[0].outbox.len(), 1);
    assert_eq!(d.persisted[0].next_client_seq, 2);
    let d = t.tick(t.now + 1);
    assert!(d.persisted.is_empty(), "nothing changed");
    assert!(!d.view_changed);
}

#[test]
fn the_outbox_and_history_survive_a_reload() {
    let mut t = T::ready(1);
    t.feed(Input::RealtimeInsert {
        generation: t.channel,
        row: row(Uuid::from_u128(1), PARTNER, 1, 1, "hola"),
        now: t.now,
    });
    let (_, rows) = t.send("sending at reload").upserts().remove(0);
    t.feed(Input::Online { online: false, now: t.now });
    let d = t.send("pending at reload");
    let state = d.persisted.last().unwrap().clone();
    assert_eq!(state, t.e.persisted());
    let json = serde_json::to_string(&state).unwrap();
    let back: PersistedState = serde_json::from_str(&json).unwrap();
    assert_eq!(back, state);
    assert_eq!(back.outbox.len(), 2);
    assert!(back.outbox.iter().all(|e| e.state == PersistedEntryState::Pending));

    let mut r = T::restored(back, 2);
    let v = r.view();
    assert_eq!(v.entries.len(), 3);
    assert_eq!(v.entries[0].body, "hola", "history shown with no network");
    assert_eq!(statuses(&r), [MessageStatus::Pending, MessageStatus::Pending]);
    let d = r.feed(Input::Online { online: true, now: r.now });
    let ups = d.upserts();
    assert_eq!(ups.len(), 1);
    assert_eq!(ups[0].1.iter().map(|m| m.client_seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(ups[0].1[0].id, rows[0].id, "same ids: a resend is never a duplicate");
    assert_eq!(d.catch_ups().iter().map(|c| c.1).collect::<Vec<_>>(), [0], "last seen was 0");
    assert_eq!(r.send("after reload").upserts().len(), 0);
    assert_eq!(r.e.persisted().next_client_seq, 4);
}

#[test]
fn state_of_another_session_or_user_is_not_restored() {
    let mut t = T::ready(1);
    t.feed(Input::Online { online: false, now: t.now });
    t.send("x");
    let mut state = t.e.persisted();
    state.user_id = PARTNER;
    let r = T::restored(state, 2);
    assert!(r.view().entries.is_empty());
}

#[test]
fn a_failed_entry_saved_before_typed_failures_still_loads() {
    let mut t = T::ready(1);
    let (id, _) = t.send("bad").upserts().remove(0);
    t.feed(Input::UpsertErr { id, error: RequestError::Permanent(Refusal::SessionExpired), now: t.now });
    let state = t.e.persisted();
    // What is saved now: the English reason (older versions read it) and the typed failure.
    let json = serde_json::to_value(&state).unwrap();
    let entry = &json["outbox"][0]["state"];
    assert_eq!(entry["state"], "failed");
    assert_eq!(entry["reason"], "rejected by the server: this session has expired");
    let typed = SendFailure::Refused(Refusal::SessionExpired);
    let r = T::restored(serde_json::from_value(json.clone()).unwrap(), 2);
    assert_eq!(r.view().entries[0].failure, Some(typed));

    // What an older version saved: `{"state": "failed", "reason": "..."}` and nothing else.
    let mut old = json;
    old["outbox"][0] = serde_json::json!({
        "id": id_of(&state, 0), "client_seq": 1, "body": "bad", "source_lang": "en", "attempts": 0,
        "state": {"state": "failed", "reason": "not sent after 5 retries: network error: Failed to fetch"},
    });
    let restored: PersistedState = serde_json::from_value(old).unwrap();
    let r = T::restored(restored, 3);
    let v = r.view();
    assert_eq!(v.entries[0].status, Some(MessageStatus::Failed));
    let detail = "not sent after 5 retries: network error: Failed to fetch".to_string();
    assert_eq!(v.entries[0].failure, Some(SendFailure::Unknown { detail }));
}

fn id_of(state: &PersistedState, i: usize) -> String {
    state.outbox[i].id.to_string()
}

#[test]
fn failed_and_stored_entries_keep_their_state_across_a_reload() {
    let mut t = T::ready(1);
    let (id, _) = t.send("bad").upserts().remove(0);
    t.feed(Input::UpsertErr { id, error: RequestError::Permanent("no".into()), now: t.now });
    let (id, rows) = t.send("dup").upserts().remove(0);
    t.feed(Input::UpsertOk { id, rows: vec![], now: t.now });
    let state = t.e.persisted();
    let kinds: Vec<_> = state.outbox.iter().map(|e| e.state.clone()).collect();
    assert!(matches!(kinds[0], PersistedEntryState::Failed { .. }));
    assert_eq!(kinds[1], PersistedEntryState::Stored);
    let mut r = T::restored(state, 3);
    assert_eq!(statuses(&r), [MessageStatus::Failed, MessageStatus::Sent]);
    let d = r.feed(Input::Online { online: true, now: r.now });
    assert!(d.upserts().is_empty(), "neither is sent again by itself");
    let (cid, _) = d.catch_ups()[0];
    r.feed(Input::CatchUpOk { id: cid, rows: vec![stored(&rows[0], 1)], now: r.now });
    assert_eq!(statuses(&r), [MessageStatus::Sent, MessageStatus::Failed]);
}

// ---- the output loop -------------------------------------------------------------------

#[test]
fn the_drain_ends_with_a_future_deadline_or_none() {
    let mut t = T::new(1);
    assert_eq!(drain(&mut t.e).timeout, Some(0), "before any input: feed a timeout now");
    let d = t.feed(Input::Timeout { now: t.now });
    assert_eq!(d.catch_ups().len(), 1);
    assert!(d.timeout.unwrap() > t.now);
}

#[test]
fn ids_are_unique_even_when_a_seed_is_reused_across_reloads() {
    let mut a = T::ready(7);
    let id1 = a.send("one").upserts()[0].1[0].id;
    let state = a.e.persisted();
    let mut b = T { e: Engine::new(Config::default(), me(), Some(state), 7), now: a.now, channel: 0 };
    b.connect_and_sync(&[]);
    let ids: Vec<Uuid> = b.view().entries.iter().map(|e| e.id).collect();
    b.e.handle_input(Input::Send { body: "two".into(), now: b.now }).unwrap();
    let id2 = b.view().entries.last().unwrap().id;
    assert!(ids.contains(&id1));
    assert_ne!(id1, id2);
}

#[test]
fn a_lost_last_event_is_found_by_the_periodic_catch_up() {
    // Subscribed and caught up; the partner's next message is lost in transit and nothing
    // follows it, so no gap ever shows. The periodic catch-up finds it.
    let first = translated(row(Uuid::from_u128(1), PARTNER, 1, 1, "uno"), "one");
    let interval = Config::default().poll_interval_ms;
    let mut t = T::with_config(Config::default(), 1);
    let synced_at = t.now;
    t.connect_and_sync(std::slice::from_ref(&first));

    let now = synced_at + interval - 1;
    let d = t.at(now).feed(Input::Timeout { now });
    assert!(d.catch_ups().is_empty(), "not due yet");
    let now = synced_at + interval;
    let d = t.at(now).feed(Input::Timeout { now });
    let polls = d.catch_ups();
    assert_eq!(polls.iter().map(|c| c.1).collect::<Vec<_>>(), [1]);

    let lost = translated(row(Uuid::from_u128(2), PARTNER, 2, 2, "dos"), "two");
    t.feed(Input::CatchUpOk { id: polls[0].0, rows: vec![lost], now });
    assert_eq!(t.view().entries.iter().map(|e| e.id).collect::<Vec<_>>(), [first.id, Uuid::from_u128(2)]);

    // Re-armed after each catch-up: the next poll is one interval after this one.
    let now = now + interval - 1;
    assert!(t.at(now).feed(Input::Timeout { now }).catch_ups().is_empty());
    let now = now + 1;
    assert_eq!(t.at(now).feed(Input::Timeout { now }).catch_ups().len(), 1);
}

#[test]
fn no_periodic_catch_up_while_not_subscribed() {
    let mut t = T::with_config(Config::default(), 1);
    t.connect_and_sync(&[]);
    t.status(ChannelStatus::ChannelError);
    let interval = Config::default().poll_interval_ms;
    let now = t.now + 3 * interval;
    let d = t.at(now).feed(Input::Timeout { now });
    assert!(d.catch_ups().is_empty(), "{:?}", d.catch_ups());
}

#[test]
fn the_partner_survives_a_reload_so_an_offline_reload_still_knows_who_reads() {
    let mut t = T::ready(1);
    let (id, rows) = t.send("hello").upserts().remove(0);
    t.feed(Input::UpsertOk { id, rows: vec![stored(&rows[0], 1)], now: t.now });
    t.feed(Input::ParticipantUpdate { generation: t.channel, participant: partner_row(1, 1), now: t.now });
    let state = t.e.persisted();
    let json = serde_json::to_string(&state).unwrap();

    let r = T::restored(serde_json::from_str(&json).unwrap(), 2);
    let partner = r.view().partner.expect("partner restored");
    assert_eq!((partner.display_name.as_str(), partner.language.as_str()), ("Bea", "es"));
    assert_eq!(statuses(&r), [MessageStatus::Read], "receipts restored with the partner");

    // A state saved before the partner was persisted still loads.
    let mut old: serde_json::Value = serde_json::from_str(&json).unwrap();
    old.as_object_mut().unwrap().remove("partner");
    let r = T::restored(serde_json::from_value(old).unwrap(), 3);
    assert_eq!(r.view().partner, None);
    assert_eq!(r.view().entries.len(), 1);
}

#[test]
fn older_history_pages_merge_into_the_timeline_without_moving_catch_up() {
    // The server holds seq 1..=260; a first open reads only the newest 50.
    let all: Vec<Message> = (1..=260)
        .map(|seq| {
            let sender = if seq % 2 == 0 { ME } else { PARTNER };
            let m = row(Uuid::from_u128(0xface_0000 + seq as u128), sender, seq, seq, &format!("m{seq}"));
            // One old message never got its translation.
            if seq == 20 {
                m
            } else {
                translated(m, &format!("t{seq}"))
            }
        })
        .collect();
    let mut t = T::new(7);
    t.connect_and_sync(&all[60..]);
    t.feed(Input::Online { online: false, now: t.now });
    t.send("unsent");
    assert_eq!(t.view().entries.len(), 51);
    assert!(t.view().can_load_earlier);

    // Older rows, newest first as `order('seq', {ascending: false})` returns them,
    // overlapping what is held by two rows.
    let page: Vec<Message> = all[8..212].iter().rev().cloned().collect();
    let d = t.feed(Input::History { rows: page, now: t.now });
    assert!(d.view_changed);
    let v = t.view();
    let seqs: Vec<Option<i64>> = v.entries.iter().map(|e| e.seq).collect();
    let mut expected: Vec<Option<i64>> = (9..=260).map(Some).collect();
    expected.push(None);
    assert_eq!(seqs, expected, "seq order, no duplicates, the unsent one last");
    assert_eq!(v.entries.last().unwrap().body, "unsent");
    assert_eq!(v.last_seen_seq, 260);
    // The same page again changes nothing.
    let again: Vec<Message> = all[8..212].to_vec();
    t.feed(Input::History { rows: again, now: t.now });
    assert_eq!(t.view(), v);

    // What is kept across a reload stays the newest `history_cache`; catch-up resumes after 260
    // (the untranslated seq 20 of the older page does not pull it back).
    let p = t.e.persisted();
    assert_eq!(p.history.len(), 200);
    assert_eq!(p.history.first().map(|m| m.seq), Some(61));
    assert_eq!(p.last_seen_seq, 260);
    let d = t.feed(Input::Online { online: true, now: t.now });
    assert_eq!(d.catch_ups().first().map(|c| c.1), Some(260));
}

#[test]
fn events_of_a_replaced_channel_are_ignored() {
    let mut t = T::ready(1);
    assert_eq!(t.channel, 0, "the driver's first channel is generation 0");
    let d = t.status(ChannelStatus::Closed);
    assert_eq!(d.reconnect_generation(), Some(1), "a closed channel is replaced by generation 1");
    // The old channel still reports (its teardown, a late rejoin, a row): nothing counts.
    for status in [ChannelStatus::Subscribed, ChannelStatus::ChannelError, ChannelStatus::Closed] {
        let d = t.feed(Input::ChannelStatus { generation: 0, status, now: t.now });
        assert!(d.requests.is_empty(), "{status:?} of the old channel: {:?}", d.requests);
    }
    t.feed(Input::SocketState { generation: 0, state: SocketState::Open, now: t.now });
    let stale = row(Uuid::from_u128(1), PARTNER, 1, 1, "late");
    t.feed(Input::RealtimeInsert { generation: 0, row: stale.clone(), now: t.now });
    t.feed(Input::RealtimeUpdate { generation: 0, row: stale, now: t.now });
    t.feed(Input::ParticipantUpdate { generation: 0, participant: partner_row(0, 0), now: t.now });
    let v = t.view();
    assert_eq!(v.connection, ConnectionState::Reconnecting);
    assert!(v.entries.is_empty() && v.partner.is_none());
    // The new one does.
    let d = t.status(ChannelStatus::Subscribed);
    assert_eq!(t.view().connection, ConnectionState::Connected);
    assert_eq!(d.catch_ups().len(), 1);
}

#[test]
fn going_offline_ends_the_channel_and_coming_back_asks_for_a_new_one() {
    let mut t = T::ready(1);
    t.feed(Input::Online { online: false, now: t.now });
    // Whatever the old channel reports afterwards is ignored...
    t.feed(Input::ChannelStatus { generation: 0, status: ChannelStatus::Subscribed, now: t.now });
    let d = t.feed(Input::Online { online: true, now: t.now });
    // ...and coming back asks for a new channel, whose events are the ones that count.
    let generation = d.reconnect_generation().expect("a new channel is asked for");
    assert!(generation > 0);
    assert_eq!(t.view().connection, ConnectionState::Reconnecting);
    t.feed(Input::ChannelStatus { generation: 0, status: ChannelStatus::Subscribed, now: t.now });
    assert_eq!(t.view().connection, ConnectionState::Reconnecting);
    t.status(ChannelStatus::Subscribed);
    assert_eq!(t.view().connection, ConnectionState::Connected);
}

#[test]
fn every_catch_up_comes_with_a_participants_read_which_finds_a_lost_receipt() {
    let mut t = T::with_config(Config { poll_interval_ms: 15_000, ..T::config() }, 1);
    let d = t.connect_and_sync(&[]);
    assert!(d.requests.is_empty(), "start-up catch-up and read answered: {:?}", d.requests);
    let (id, _) = t.send("hola?").upserts().remove(0);
    let mine = {
        let n = t.e.persisted().outbox[0].clone();
        Message { seq: 1, ..row(n.id, ME, n.client_seq, 1, &n.body) }
    };
    t.feed(Input::UpsertOk { id, rows: vec![mine], now: t.now });
    // The partner's receipt UPDATE is lost; the periodic catch-up brings a read with it.
    let d = t.tick(t.now + 15_000);
    let (cid, _) = d.catch_ups()[0];
    let reads = d.participant_reads();
    assert_eq!(reads.len(), 1, "{:?}", d.requests);
    t.feed(Input::CatchUpOk { id: cid, rows: vec![], now: t.now });
    t.feed(Input::ParticipantsOk { id: reads[0], rows: vec![partner_row(1, 1)], now: t.now });
    assert_eq!(statuses(&t), [MessageStatus::Read]);
}

#[test]
fn a_failed_participants_read_is_retried_with_backoff() {
    let mut t = T::ready(1);
    let d = t.status(ChannelStatus::ChannelError);
    assert!(d.requests.is_empty());
    let d = t.status(ChannelStatus::Subscribed);
    let (cid, _) = d.catch_ups()[0];
    t.feed(Input::CatchUpOk { id: cid, rows: vec![], now: t.now });
    let read = d.participant_reads()[0];
    let d = t.feed(Input::ParticipantsErr { id: read, error: RequestError::Transient("502".into()), now: t.now });
    assert!(d.participant_reads().is_empty(), "not at once");
    let at = d.timeout.expect("a retry is scheduled");
    assert!((800..=1_200).contains(&(at - t.now)), "after the first backoff step: {}", at - t.now);
    let d = t.tick(at);
    assert_eq!(d.participant_reads().len(), 1, "retried");
    assert!(d.catch_ups().is_empty(), "without another catch-up");
    // A reply that never comes times out like any request, and is retried too.
    let d = t.tick(t.now + 10_000);
    assert!(d.timeout.is_some());
    let d = t.tick(d.timeout.unwrap());
    assert_eq!(d.participant_reads().len(), 1);
}

#[test]
fn a_participants_read_is_asked_when_the_driver_sees_an_unknown_participant() {
    let mut t = T::ready(1);
    let d = t.feed(Input::ParticipantsStale { now: t.now });
    let reads = d.participant_reads();
    assert_eq!(reads.len(), 1);
    assert!(d.catch_ups().is_empty());
    t.feed(Input::ParticipantsOk { id: reads[0], rows: vec![partner_row(0, 0)], now: t.now });
    assert_eq!(t.view().partner.map(|p| p.display_name), Some("Bea".into()));
    // At most one in flight: asking again while one runs waits for it.
    let first = t.feed(Input::ParticipantsStale { now: t.now }).participant_reads();
    assert!(t.feed(Input::ParticipantsStale { now: t.now }).participant_reads().is_empty());
    let d = t.feed(Input::ParticipantsOk { id: first[0], rows: vec![], now: t.now });
    assert_eq!(d.participant_reads().len(), 1, "the second ask runs after the first");
}

// ---- "Load earlier messages" ------------------------------------------------------------

/// The `Request::LoadEarlier`s in `d`: (id, before_seq, limit).
fn earlier_requests(d: &Drained) -> Vec<(session_sync::engine::RequestId, i64, u32)> {
    d.requests
        .iter()
        .filter_map(|r| match *r {
            Request::LoadEarlier { id, before_seq, limit } => Some((id, before_seq, limit)),
            _ => None,
        })
        .collect()
}

/// Partner messages with these seqs.
fn partner_rows(seqs: std::ops::RangeInclusive<i64>) -> Vec<Message> {
    seqs.map(|s| row(Uuid::from_u128(s as u128), PARTNER, s, s, &format!("m{s}"))).collect()
}

#[test]
fn earlier_pages_go_one_at_a_time_until_a_short_page() {
    let mut t = T::new(1);
    t.connect_and_sync(&partner_rows(1..=120));
    let v = t.view();
    assert_eq!(v.entries.first().and_then(|e| e.seq), Some(71), "a first open holds the newest 50");
    assert!(v.can_load_earlier && !v.loading_earlier);

    let d = t.feed(Input::LoadEarlier { now: t.now });
    let asked = earlier_requests(&d);
    assert_eq!(asked.iter().map(|r| (r.1, r.2)).collect::<Vec<_>>(), [(71, 50)], "a page of 50 before the oldest");
    assert!(d.view_changed && t.view().loading_earlier);
    assert!(earlier_requests(&t.feed(Input::LoadEarlier { now: t.now })).is_empty(), "one page in flight");

    // A full page, newest first: merged by seq; older ones may still exist.
    let page: Vec<Message> = partner_rows(21..=70).into_iter().rev().collect();
    t.feed(Input::EarlierOk { id: asked[0].0, rows: page, now: t.now });
    let v = t.view();
    assert_eq!(v.entries.iter().map(|e| e.seq).collect::<Vec<_>>(), (21..=120).map(Some).collect::<Vec<_>>());
    assert!(v.can_load_earlier && !v.loading_earlier);
    assert_eq!(v.last_seen_seq, 120);

    // A short page: nothing older exists, the control goes.
    let asked = earlier_requests(&t.feed(Input::LoadEarlier { now: t.now }));
    assert_eq!(asked[0].1, 21);
    t.feed(Input::EarlierOk { id: asked[0].0, rows: partner_rows(11..=20), now: t.now });
    let v = t.view();
    assert!(!v.can_load_earlier && !v.loading_earlier);
    assert_eq!(v.entries.len(), 110);
    assert!(earlier_requests(&t.feed(Input::LoadEarlier { now: t.now })).is_empty());
}

#[test]
fn holding_seq_1_means_nothing_earlier() {
    let mut t = T::new(1);
    assert!(!t.view().can_load_earlier, "an empty timeline has nothing to page back from");
    t.connect_and_sync(&partner_rows(1..=5));
    assert!(!t.view().can_load_earlier);
    assert!(earlier_requests(&t.feed(Input::LoadEarlier { now: t.now })).is_empty());
}

#[test]
fn a_failed_page_is_shown_and_can_be_asked_again() {
    let mut t = T::new(1);
    t.connect_and_sync(&partner_rows(1..=109));
    let asked = earlier_requests(&t.feed(Input::LoadEarlier { now: t.now }));
    let error = RequestError::Transient("Failed to fetch".into());
    t.feed(Input::EarlierErr { id: asked[0].0, error, now: t.now });
    let v = t.view();
    assert_eq!(v.error, Some(Problem::EarlierFailed { detail: "Failed to fetch".into() }));
    assert!(v.can_load_earlier && !v.loading_earlier);
    let again = earlier_requests(&t.feed(Input::LoadEarlier { now: t.now }));
    assert_eq!(again.iter().map(|r| r.1).collect::<Vec<_>>(), [60]);
    assert_ne!(again[0].0, asked[0].0);
    // A late reply to the failed request still merges its rows but does not end paging.
    t.feed(Input::EarlierOk { id: asked[0].0, rows: partner_rows(59..=59), now: t.now });
    assert_eq!(t.view().entries.first().and_then(|e| e.seq), Some(59));
    assert!(t.view().loading_earlier && t.view().can_load_earlier);
}

#[test]
fn a_page_with_no_reply_is_given_up_after_the_request_timeout() {
    let mut t = T::new(1);
    t.connect_and_sync(&partner_rows(1..=109));
    let asked = earlier_requests(&t.feed(Input::LoadEarlier { now: t.now }));
    let timeout = Config::default().request_timeout_ms;
    let start = t.now;
    t.tick(start + timeout - 1);
    assert!(t.view().loading_earlier, "still waiting just before the timeout");
    t.tick(start + timeout);
    let v = t.view();
    assert!(!v.loading_earlier && v.can_load_earlier);
    assert_eq!(v.error, Some(Problem::EarlierFailed { detail: "no reply within 10 s".into() }));
    let again = earlier_requests(&t.feed(Input::LoadEarlier { now: t.now }));
    assert_eq!(again.len(), 1);
    assert_ne!(again[0].0, asked[0].0);
}

#[test]
fn restored_history_pages_back_from_its_oldest_message() {
    let mut t = T::new(1);
    t.connect_and_sync(&partner_rows(1..=260));
    // Paged back to the start, as the user could.
    t.feed(Input::History { rows: partner_rows(1..=210), now: t.now });
    let mut r = T::restored(t.e.persisted(), 2);
    let v = r.view();
    assert_eq!(v.entries.first().and_then(|e| e.seq), Some(61), "the newest 200 are kept");
    assert!(v.can_load_earlier);
    let asked = earlier_requests(&r.feed(Input::LoadEarlier { now: r.now }));
    assert_eq!(asked.iter().map(|a| (a.1, a.2)).collect::<Vec<_>>(), [(61, 50)]);
}

#[test]
fn trailing_whitespace_is_not_sent_and_blank_is_refused() {
    let mut t = T::ready(1);
    let ups = t.send("hola  \n\n").upserts();
    assert_eq!(ups[0].1[0].body, "hola");
    assert_eq!(t.view().entries[0].body, "hola");
    let r = t.e.handle_input(Input::Send { body: " \n\t ".into(), now: t.now });
    assert_eq!(r, Err(Rejected::InvalidBody));
    // Leading whitespace is part of the text.
    t.e.handle_input(Input::Send { body: "  indented".into(), now: t.now }).unwrap();
    assert_eq!(t.view().entries.last().unwrap().body, "  indented");
}

// ---- Long conversations: a first open, catch-up in pages, a bounded timeline -------------

/// The `Request::CatchUp`s in `d`: (id, after_seq, limit, newest).
fn catch_up_pages(d: &Drained) -> Vec<(session_sync::engine::RequestId, i64, u32, bool)> {
    d.requests
        .iter()
        .filter_map(|r| match *r {
            Request::CatchUp { id, after_seq, limit, newest } => Some((id, after_seq, limit, newest)),
            _ => None,
        })
        .collect()
}

/// Partner messages with these seqs, each with its translation.
fn read_rows(seqs: std::ops::RangeInclusive<i64>) -> Vec<Message> {
    partner_rows(seqs).into_iter().map(|m| translated(m, "t")).collect()
}

/// Online and subscribed again: what both asked for.
fn back_online(t: &mut T) -> Drained {
    let mut d = t.feed(Input::Online { online: true, now: t.now });
    d.requests.extend(t.status(ChannelStatus::Subscribed).requests);
    d
}

/// Feeds `T`'s catch-ups from `server` until none is asked for; returns the pages asked
/// (after_seq, limit, newest) and how many participants reads went with them.
fn answer_catch_ups(t: &mut T, first: Drained, server: &[Message]) -> (Vec<(i64, u32, bool)>, usize) {
    let (mut asked, mut reads) = (Vec::new(), first.participant_reads().len());
    let mut pending = catch_up_pages(&first);
    while let Some((id, after_seq, limit, newest)) = pending.pop() {
        asked.push((after_seq, limit, newest));
        let d = t.feed(Input::CatchUpOk { id, rows: page(server, after_seq, limit, newest), now: t.now });
        reads += d.participant_reads().len();
        pending.extend(catch_up_pages(&d));
    }
    (asked, reads)
}

#[test]
fn a_first_open_reads_only_the_newest_page() {
    let server = read_rows(1..=10_000);
    let mut t = T::new(1);
    let d = back_online(&mut t);
    let (asked, _) = answer_catch_ups(&mut t, d, &server);
    assert_eq!(asked[0], (0, 50, true), "one read of the newest 50, whatever the length");
    assert!(asked[1..].iter().all(|a| a.0 >= 10_000 && !a.2), "nothing older is read: {asked:?}");
    let v = t.view();
    assert_eq!(v.entries.iter().map(|e| e.seq).collect::<Vec<_>>(), (9_951..=10_000).map(Some).collect::<Vec<_>>());
    assert_eq!(v.last_seen_seq, 10_000);
    assert!(v.can_load_earlier);
    assert_eq!(t.e.persisted().history.len(), 50);

    // A conversation shorter than a page comes whole: nothing earlier to load.
    let mut short = T::new(2);
    short.connect_and_sync(&partner_rows(1..=49));
    assert_eq!(short.view().entries.len(), 49);
    assert!(!short.view().can_load_earlier);
}

#[test]
fn a_long_gap_is_caught_up_in_pages_with_one_participants_read() {
    let mut t = T::new(1);
    t.connect_and_sync(&read_rows(1..=20));
    assert_eq!(t.view().last_seen_seq, 20);
    t.feed(Input::Online { online: false, now: t.now });
    t.status(ChannelStatus::Closed);
    // 680 messages arrive while offline.
    let server = read_rows(1..=700);
    let d = back_online(&mut t);
    let (asked, reads) = answer_catch_ups(&mut t, d, &server);
    assert_eq!(asked[..4], [(20, 200, false), (220, 200, false), (420, 200, false), (620, 200, false)]);
    // (The subscription's own ask runs after, from the top.)
    assert!(asked[4..].iter().all(|a| a.0 == 700), "{asked:?}");
    assert_eq!(reads, 1, "one participants read per run, not per page");
    let v = t.view();
    assert_eq!(v.entries.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=700).map(Some).collect::<Vec<_>>());
    assert_eq!(v.last_seen_seq, 700);
}

#[test]
fn a_catch_up_asked_for_during_a_run_runs_again_after_it() {
    // Message 5 is still waiting for its translation.
    let mut all: Vec<Message> = read_rows(1..=45);
    all[4].translated_body = None;
    let mut t = T::with_config(Config { catch_up_page: 10, ..T::config() }, 1);
    t.connect_and_sync(&all[..20]);
    t.feed(Input::Online { online: false, now: t.now });
    t.status(ChannelStatus::Closed);
    let d = back_online(&mut t);
    let first = catch_up_pages(&d);
    assert_eq!(first.iter().map(|p| p.1).collect::<Vec<_>>(), [4], "from just before the untranslated message");
    let d = t.feed(Input::CatchUpOk { id: first[0].0, rows: page(&all, 4, 10, false), now: t.now });
    // While the second page is out, message 5 gets its translation; its UPDATE is lost, and
    // the channel is replaced (which asks for a catch-up): the run must not swallow that ask.
    all[4] = translated(all[4].clone(), "late");
    t.status(ChannelStatus::Closed);
    t.status(ChannelStatus::Subscribed);
    let (asked, _) = answer_catch_ups(&mut t, d, &all);
    assert_eq!(asked.iter().take(3).map(|a| a.0).collect::<Vec<_>>(), [14, 24, 34], "the run goes on first");
    assert!(asked.iter().skip(1).any(|a| a.0 < 5), "then a new run from before the untranslated message: {asked:?}");
    let v = t.view();
    assert_eq!(v.entries[4].translated_body.as_deref(), Some("late"));
    assert_eq!(v.entries.len(), 45);
}

#[test]
fn new_messages_beyond_the_timeline_bound_push_the_oldest_out() {
    let cfg = Config { timeline_max: 300, ..T::config() };
    let mut t = T::with_config(cfg, 1);
    t.connect_and_sync(&read_rows(1..=20));
    t.feed(Input::Online { online: false, now: t.now });
    t.status(ChannelStatus::Closed);
    let server = read_rows(1..=1_000);
    let d = back_online(&mut t);
    answer_catch_ups(&mut t, d, &server);
    let v = t.view();
    assert_eq!(v.entries.len(), 300);
    assert_eq!(v.entries.first().and_then(|e| e.seq), Some(701));
    assert!(v.can_load_earlier, "what was pushed out can be paged back");
    // A live message pushes one more out.
    let extra = read_rows(1_001..=1_001).remove(0);
    t.feed(Input::RealtimeInsert { generation: t.channel, row: extra, now: t.now });
    assert_eq!(t.view().entries.first().and_then(|e| e.seq), Some(702));
    let asked = earlier_requests(&t.feed(Input::LoadEarlier { now: t.now }));
    assert_eq!(asked.iter().map(|a| a.1).collect::<Vec<_>>(), [702]);
    // A page the user asked for is kept whole, beyond the bound.
    t.feed(Input::EarlierOk { id: asked[0].0, rows: partner_rows(652..=701), now: t.now });
    assert_eq!(t.view().entries.len(), 350);
}

#[test]
fn an_update_of_a_message_older_than_what_is_held_is_left_for_paging() {
    let mut t = T::new(1);
    t.connect_and_sync(&read_rows(1..=120));
    assert_eq!(t.view().entries.first().and_then(|e| e.seq), Some(71));
    // The server finishes something for message 3 (a translation, a detection): not held.
    let old = translated(partner_rows(3..=3).remove(0), "late");
    t.feed(Input::RealtimeUpdate { generation: t.channel, row: old, now: t.now });
    let v = t.view();
    assert_eq!(v.entries.len(), 50, "no lone old message above the held range");
    assert_eq!(v.entries.first().and_then(|e| e.seq), Some(71));
    // One held changes, and one newer than anything known (its INSERT was lost) is taken.
    let held = translated(partner_rows(100..=100).remove(0), "changed");
    t.feed(Input::RealtimeUpdate { generation: t.channel, row: held, now: t.now });
    assert_eq!(t.view().entries[29].translated_body.as_deref(), Some("changed"));
    let newer = translated(partner_rows(121..=121).remove(0), "new");
    t.feed(Input::RealtimeUpdate { generation: t.channel, row: newer, now: t.now });
    assert_eq!(t.view().entries.last().and_then(|e| e.seq), Some(121));
}

#[test]
fn an_update_before_the_first_page_arrives_waits_for_it() {
    let mut t = T::new(1);
    t.feed(Input::Online { online: true, now: t.now });
    t.status(ChannelStatus::Subscribed);
    let row = translated(partner_rows(7..=7).remove(0), "t");
    t.feed(Input::RealtimeUpdate { generation: t.channel, row, now: t.now });
    assert!(t.view().entries.is_empty(), "the newest page decides what is held");
}

#[test]
fn an_update_that_overtakes_its_page_is_folded_in_when_the_page_arrives() {
    let mut t = T::new(1);
    t.connect_and_sync(&read_rows(1..=120));
    let asked = earlier_requests(&t.feed(Input::LoadEarlier { now: t.now }));
    // Reading the page made the server translate message 60; its UPDATE comes first, and the
    // page's row (read before the translation) after it.
    let translated_60 = translated(partner_rows(60..=60).remove(0), "sesenta");
    t.feed(Input::RealtimeUpdate { generation: t.channel, row: translated_60, now: t.now });
    assert_eq!(t.view().entries.len(), 50, "not held yet: kept aside");
    let mut page = read_rows(21..=70);
    page[39].translated_body = None; // seq 60, as the page read it
    t.feed(Input::EarlierOk { id: asked[0].0, rows: page, now: t.now });
    let v = t.view();
    let sixty = v.entries.iter().find(|e| e.seq == Some(60)).unwrap();
    assert_eq!(sixty.translated_body.as_deref(), Some("sesenta"));
    assert_eq!(v.entries.len(), 100);
}
