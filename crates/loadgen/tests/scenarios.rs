//! The engine, driven natively, against a real session-server: two clients in one session with
//! scripted faults. Each scenario ends with both screens equal to the server's messages (by id,
//! in seq order), nothing duplicated, each sender's messages in client_seq order, and every own
//! message `read` once the partner acknowledged it.

mod common;

use std::time::{Duration, Instant};

use common::{bodies, converge, pair, pair_with, WAIT};
use session_loadgen::{RequestKind, RestFault};
use session_sync::engine::{Config, MessageStatus, Problem, Refusal, SendFailure};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_sends_arrive_in_order_exactly_once_when_back_online() {
    let p = pair(1).await;
    p.a.send("before").await.unwrap();
    converge(&p, 1).await;

    p.a.set_online(false);
    let mut ids = Vec::new();
    for i in 1..=5 {
        ids.push(p.a.send(&format!("offline {i}")).await.unwrap());
    }
    let s = p.a.wait_until(WAIT, |s| !s.online && s.view.queue_count == 5).await.unwrap();
    for id in &ids {
        assert_eq!(s.status_of(*id), Some(MessageStatus::Pending), "queued while offline");
    }
    assert_eq!(p.b.snapshot().stored().count(), 1, "the partner has seen nothing yet");

    p.a.set_online(true);
    let rows = converge(&p, 6).await;
    assert_eq!(bodies(&rows), ["before", "offline 1", "offline 2", "offline 3", "offline 4", "offline 5"]);
    let b = p.b.snapshot();
    let seen: Vec<_> = b.stored().map(|e| e.body.as_str()).collect();
    assert_eq!(seen, bodies(&rows));
    assert_eq!(p.a.snapshot().deliveries.len(), 1, "one offline period measured");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_lost_after_the_server_stored_it_is_retried_without_a_duplicate() {
    let p = pair(2).await;
    // The upsert lands but its reply is lost, and so is the realtime echo: only the retry (which
    // the server answers without the row, as a duplicate) and a catch-up can settle it.
    p.a.faults.script(RequestKind::Upsert, RestFault::DropReply);
    p.a.faults.drop_frames(1);
    let id = p.a.send("hello once").await.unwrap();
    let rows = converge(&p, 1).await;
    assert_eq!(rows[0].id, id);
    assert_eq!(p.a.faults.injected().dropped_replies, 1);
    assert_eq!(p.a.faults.injected().dropped_frames, 1);

    // The same with a batch, and with B sending meanwhile.
    p.a.faults.script(RequestKind::Upsert, RestFault::DropReply);
    p.a.set_online(false);
    for i in 1..=3 {
        p.a.send(&format!("batch {i}")).await.unwrap();
    }
    p.b.send("from B").await.unwrap();
    p.a.set_online(true);
    let rows = converge(&p, 5).await;
    let from_a: Vec<_> = rows.iter().filter(|m| m.sender_id == p.a.user_id).map(|m| m.body.as_str()).collect();
    assert_eq!(from_a, ["hello once", "batch 1", "batch 2", "batch 3"]);
    assert_eq!(p.a.faults.injected().dropped_replies, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_killed_mid_stream_is_made_up_for_by_the_catch_up() {
    let p = pair(3).await;
    p.a.send("one").await.unwrap();
    converge(&p, 1).await;

    // B's socket dies; realtime-js waits a second before reconnecting, and everything A sends
    // meanwhile is missed by Realtime (no replay).
    p.b.kill_socket();
    p.b.wait_until(WAIT, |s| !s.connected()).await.unwrap();
    for i in 2..=6 {
        p.a.send(&format!("during the gap {i}")).await.unwrap();
    }
    p.a.wait_until(WAIT, |s| s.view.queue_count == 0).await.unwrap();
    // And some of what is sent once B is back, with realtime frames lost on the way.
    // (once its catch-up after the resubscription has brought the gap: seqs 2 to 6)
    p.b.wait_until(WAIT, |s| s.connected() && s.view.last_seen_seq == 6).await.unwrap();
    p.b.faults.drop_frames(2);
    for i in 7..=9 {
        p.a.send(&format!("after {i}")).await.unwrap();
    }
    // The third frame reveals the gap (seq 9 after 6): the engine catches up at once.
    converge(&p, 9).await;
    assert_eq!(p.b.faults.injected().dropped_frames, 2);

    // A lost frame of the latest message shows no gap; the next subscription makes up for it.
    p.b.faults.drop_frames(1);
    p.a.send("last").await.unwrap();
    p.a.wait_until(WAIT, |s| s.view.queue_count == 0).await.unwrap();
    p.b.kill_socket();
    let rows = converge(&p, 10).await;
    assert_eq!(rows[9].body, "last");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_with_a_queued_outbox_delivers_it_after_restore() {
    let p = pair(4).await;
    p.a.set_online(false);
    let mut ids = Vec::new();
    for i in 1..=3 {
        ids.push(p.a.send(&format!("queued {i}")).await.unwrap());
    }
    let saved = p.a.persisted().await.expect("saved");
    assert_eq!(saved.outbox.iter().map(|e| e.id).collect::<Vec<_>>(), ids);

    // Reload while still offline: the restored outbox is on the screen, still pending.
    p.a.reload();
    let s = p.a.wait_until(WAIT, |s| s.incarnation == 2 && s.view.queue_count == 3).await.unwrap();
    let shown: Vec<_> = s.view.entries.iter().map(|e| e.id).collect();
    assert_eq!(shown, ids);
    p.a.set_online(true);
    let rows = converge(&p, 3).await;
    assert_eq!(rows.iter().map(|m| m.id).collect::<Vec<_>>(), ids);

    // Reload online with an upsert in flight that never answers: the new page sends the
    // outbox again and the server ignores the copy it already had.
    p.a.faults.script(RequestKind::Upsert, RestFault::Hang);
    p.a.send("in flight at reload").await.unwrap();
    p.a.reload();
    let rows = converge(&p, 4).await;
    assert_eq!(rows[3].body, "in flight at reload");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restart_mid_conversation_loses_nothing() {
    let mut p = pair(5).await;
    for i in 1..=3 {
        p.a.send(&format!("a{i}")).await.unwrap();
        p.b.send(&format!("b{i}")).await.unwrap();
    }
    // Killed at once: requests in flight, sockets and the realtime hub go down with it.
    p.server.restart().unwrap();
    for i in 4..=6 {
        p.a.send(&format!("a{i}")).await.unwrap();
        p.b.send(&format!("b{i}")).await.unwrap();
    }
    let rows = converge(&p, 12).await;
    let from = |user| rows.iter().filter(|m| m.sender_id == user).map(|m| m.body.clone()).collect::<Vec<_>>();
    assert_eq!(from(p.a.user_id), ["a1", "a2", "a3", "a4", "a5", "a6"]);
    assert_eq!(from(p.b.user_id), ["b1", "b2", "b3", "b4", "b5", "b6"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permanently_rejected_message_ends_failed_with_the_reason() {
    let p = pair(6).await;
    p.a.send("while it lasts").await.unwrap();
    converge(&p, 1).await;

    // The session expires: the server refuses new messages for good (P0001 session_expired).
    p.server.state().db.with(|c| {
        c.execute(
            "UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000000+00:00' WHERE id = ?1",
            [p.session.to_string()],
        )
        .unwrap();
    });
    let id = p.a.send("too late").await.unwrap();
    let s =
        p.a.wait_until(WAIT, |s| s.status_of(id) == Some(MessageStatus::Failed))
            .await
            .unwrap_or_else(|s| panic!("not failed: {:?}", s.view.entries.last()));
    let entry = s.view.entries.iter().find(|e| e.id == id).unwrap();
    // The reason the app shows (session_sync::classify), for P0001 session_expired.
    let expired = SendFailure::Refused(Refusal::SessionExpired);
    assert_eq!(entry.failure, Some(expired.clone()));
    assert_eq!(s.view.error, Some(Problem::NotSent { count: 1, failure: expired }));
    let rows = p.api.messages_after(&p.auth_a, p.session, 0).await.unwrap();
    assert_eq!(bodies(&rows), ["while it lasts"], "nothing stored");
    assert_eq!(s.view.queue_count, 1, "the failed message stays, with its retry action");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_sender_is_refused_and_shown_failed() {
    let p = pair(7).await;
    let mut opts = session_loadgen::ClientOptions::new(p.api.clone(), p.auth_b.clone(), p.session, "en", 70);
    // B's token, but the engine writes A's id as the sender.
    opts.sender_override = Some(p.a.user_id);
    let forger = session_loadgen::Client::spawn(opts);
    let id = forger.send("not really from A").await.unwrap();
    let s = forger
        .wait_until(WAIT, |s| s.status_of(id) == Some(MessageStatus::Failed))
        .await
        .unwrap_or_else(|s| panic!("not failed: {:?}", s.view.entries.last()));
    let reason = s.view.entries.iter().find(|e| e.id == id).unwrap().failure.clone().unwrap();
    // The reason the app shows (session_sync::classify) for 42501.
    assert_eq!(reason, SendFailure::Refused(Refusal::NotAllowed));
    assert!(p.api.messages_after(&p.auth_a, p.session, 0).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_receipt_is_found_by_the_periodic_catch_up() {
    // A polls every 2 s instead of 15 s so the test stays short; nothing else is scaled.
    let interval = Duration::from_millis(2_000);
    let config = Config { poll_interval_ms: interval.as_millis() as u64, ..Config::default() };
    let p = pair_with(8, config).await;
    // Every participants UPDATE frame on A's socket is lost from now on: B's receipts reach A
    // only through the participants read that goes with each catch-up.
    p.a.faults.drop_participant_frames(u64::MAX / 2);
    let polls_before = p.a.requests().polls;
    let id = p.a.send("did you read this?").await.unwrap();
    let seq =
        p.b.wait_until(WAIT, |s| s.has_stored(id))
            .await
            .expect("B receives it")
            .stored()
            .find(|e| e.id == id)
            .and_then(|e| e.seq)
            .unwrap();

    // B (visible) acknowledges it as read: wait for the server to hold the receipt.
    let read_on_server = Instant::now() + WAIT;
    loop {
        let rows = p.api.participants(&p.auth_a, p.session).await.unwrap();
        if rows.iter().any(|r| r.user_id == p.b.user_id && r.read_seq >= seq) {
            break;
        }
        assert!(Instant::now() < read_on_server, "B never acknowledged seq {seq}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let acked = Instant::now();
    // Within one poll interval (plus a round trip) A shows it read, though the frame is lost.
    let s =
        p.a.wait_until(interval + Duration::from_secs(2), |s| s.status_of(id) == Some(MessageStatus::Read))
            .await
            .unwrap_or_else(|s| panic!("still {:?} {:?} after B read it", s.status_of(id), acked.elapsed()));
    assert!(acked.elapsed() <= interval + Duration::from_secs(2));
    assert!(p.a.faults.injected().dropped_frames >= 1, "B's receipt frame was dropped");
    let requests = p.a.requests();
    assert!(requests.polls > polls_before, "a periodic catch-up ran: {requests:?}");
    assert_eq!(requests.participants, requests.catch_ups, "one participants read per catch-up");
    assert_eq!(s.view.partner.as_ref().map(|p| p.read_seq >= seq), Some(true));
    converge(&p, 1).await;
}
