//! Chaos run: two clients exchange messages through a real session-server while the fault layer
//! drops requests, replies and realtime frames, kills sockets, takes clients offline, reloads
//! them and restarts the server; then everything settles and the outcome is checked.
//!
//! `cargo run --release -p session-loadgen --bin chaos -- --messages 1000 --seed 7`
//! (`--url http://host:port` to use a running server instead of one in this process; the
//! server restart is then skipped). The engine runs with its default configuration: real
//! 1/2/4/8/16 s retries and 10 s request timeouts.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use session_loadgen::faults::Injected;
use session_loadgen::{Api, Client, ClientOptions, LocalServer, Odds};
use session_sync::engine::{MessageStatus, Rejected};
use uuid::Uuid;

struct Args {
    messages: usize,
    seed: u64,
    url: Option<String>,
    restarts: u32,
}

fn args() -> Args {
    let mut a = Args { messages: 1000, seed: 1, url: None, restarts: 1 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--messages" => a.messages = value().parse().expect("--messages N"),
            "--seed" => a.seed = value().parse().expect("--seed N"),
            "--url" => a.url = Some(value()),
            "--restarts" => a.restarts = value().parse().expect("--restarts N"),
            "-h" | "--help" => {
                println!("chaos [--messages 1000] [--seed 1] [--restarts 1] [--url http://127.0.0.1:54321]");
                std::process::exit(0);
            }
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

const ODDS: Odds =
    Odds { drop_request: 0.03, drop_reply: 0.03, hang: 0.005, delay: 0.10, max_delay_ms: 800, drop_frame: 0.05 };

#[derive(Default)]
struct Counters {
    refused: AtomicU64,
    failed_retried: AtomicU64,
    offline_periods: AtomicU64,
    reloads: AtomicU64,
    socket_kills: AtomicU64,
}

/// One user: sends `n` messages numbered `tag-1..n` at a human-fast pace, waiting when the
/// outbox is full (the refusal is counted; the text is sent again, as a person would).
async fn user(client: Arc<Client>, tag: &'static str, n: usize, seed: u64, counters: Arc<Counters>) -> Vec<Uuid> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut ids = Vec::with_capacity(n);
    for i in 1..=n {
        let body = format!("{tag}-{i}");
        loop {
            match client.send(&body).await {
                Ok(id) => {
                    ids.push(id);
                    break;
                }
                Err(Rejected::OutboxFull { limit }) => {
                    counters.refused.fetch_add(1, Ordering::Relaxed);
                    // Failed messages hold places too: the person taps their retry.
                    for e in client.snapshot().view.entries.iter() {
                        if e.status == Some(MessageStatus::Failed) {
                            counters.failed_retried.fetch_add(1, Ordering::Relaxed);
                            client.retry(e.id);
                        }
                    }
                    let _ = client.wait_until(Duration::from_secs(120), |s| s.view.queue_count < limit).await;
                }
                Err(e) => panic!("send refused: {e}"),
            }
        }
        tokio::time::sleep(Duration::from_millis(rng.gen_range(20..110))).await;
    }
    ids
}

/// Random trouble for one client until `stop` says the users are done.
async fn chaos(client: Arc<Client>, seed: u64, counters: Arc<Counters>, mut done: tokio::sync::watch::Receiver<bool>) {
    let mut rng = StdRng::seed_from_u64(seed);
    loop {
        let pause = Duration::from_millis(rng.gen_range(300..2_000));
        tokio::select! {
            _ = done.wait_for(|d| *d) => break,
            _ = tokio::time::sleep(pause) => {}
        }
        match rng.gen_range(0..10) {
            0..=3 => {
                counters.offline_periods.fetch_add(1, Ordering::Relaxed);
                client.set_online(false);
                tokio::time::sleep(Duration::from_millis(rng.gen_range(300..4_000))).await;
                client.set_online(true);
            }
            4..=5 => {
                counters.reloads.fetch_add(1, Ordering::Relaxed);
                client.reload();
            }
            6..=7 => {
                counters.socket_kills.fetch_add(1, Ordering::Relaxed);
                client.kill_socket();
            }
            _ => {}
        }
    }
    client.set_online(true);
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn add(a: Injected, b: Injected) -> Injected {
    Injected {
        dropped_requests: a.dropped_requests + b.dropped_requests,
        dropped_replies: a.dropped_replies + b.dropped_replies,
        hung: a.hung + b.hung,
        delayed: a.delayed + b.delayed,
        dropped_frames: a.dropped_frames + b.dropped_frames,
        offline_failures: a.offline_failures + b.offline_failures,
    }
}

#[tokio::main]
async fn main() {
    let args = args();
    let started = Instant::now();
    let dir = std::env::temp_dir().join(format!("session-chaos-{}", Uuid::new_v4()));
    let mut server = None;
    let api = match &args.url {
        Some(url) => Api::discover(url).await.expect("server reachable"),
        None => {
            std::fs::create_dir_all(&dir).unwrap();
            let db = dir.join("session.db");
            let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
            let s = LocalServer::start(db.to_str().unwrap(), addr).expect("server starts");
            let api = Api::new(&s.url, &s.anon_key);
            server = Some(s);
            api
        }
    };
    let auth_a = api.sign_up().await.expect("sign up");
    let auth_b = api.sign_up().await.expect("sign up");
    let (session, code) = api.create_session(&auth_a, "Ana", "en").await.expect("create");
    api.join_session(&auth_b, &code, "Ben", "en").await.expect("join");
    let a = Arc::new(Client::spawn(ClientOptions::new(api.clone(), auth_a.clone(), session, "en", args.seed * 2)));
    let b = Arc::new(Client::spawn(ClientOptions::new(api.clone(), auth_b.clone(), session, "en", args.seed * 2 + 1)));
    for c in [&a, &b] {
        c.wait_until(Duration::from_secs(30), |s| s.connected()).await.expect("connects");
        c.faults.set_odds(ODDS);
    }

    // Phase 1: conversation under fire.
    let counters = Arc::new(Counters::default());
    let (done_tx, done) = tokio::sync::watch::channel(false);
    let per_user = args.messages.div_ceil(2);
    let ua = tokio::spawn(user(a.clone(), "A", per_user, args.seed ^ 0xa, counters.clone()));
    let ub = tokio::spawn(user(b.clone(), "B", per_user, args.seed ^ 0xb, counters.clone()));
    let ca = tokio::spawn(chaos(a.clone(), args.seed ^ 0xca, counters.clone(), done.clone()));
    let cb = tokio::spawn(chaos(b.clone(), args.seed ^ 0xcb, counters.clone(), done.clone()));
    let progress = {
        let (a, b) = (a.clone(), b.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                for (name, c) in [("A", &a), ("B", &b)] {
                    let s = c.snapshot();
                    let failed: Vec<_> =
                        s.view.entries.iter().filter(|e| e.status == Some(MessageStatus::Failed)).collect();
                    eprintln!(
                        "[{name}] stored {} queue {} failed {} {:?} online {} error {:?} first failure {:?}",
                        s.stored().count(),
                        s.view.queue_count,
                        failed.len(),
                        s.view.connection,
                        s.online,
                        s.view.error,
                        failed.first().and_then(|e| e.failure.clone())
                    );
                }
            }
        })
    };
    let mut restarts = 0;
    if let Some(server) = server.as_mut() {
        for k in 1..=args.restarts {
            // Restart when the conversation is k/(restarts+1) of the way through.
            let target = (2 * per_user * k as usize) / (args.restarts as usize + 1);
            let _ = a.wait_until(Duration::from_secs(300), |s| s.seen.len() >= target).await;
            tokio::task::block_in_place(|| server.restart()).expect("server restarts");
            restarts += 1;
        }
    }
    let ids_a = ua.await.unwrap();
    let ids_b = ub.await.unwrap();
    let chaos_wall = started.elapsed();
    let (conv_a, conv_b) = (a.requests(), b.requests());
    progress.abort();
    done_tx.send_replace(true);
    ca.await.unwrap();
    cb.await.unwrap();

    // Phase 2: settle. No more faults; failed messages are retried once by their user.
    let settle_started = Instant::now();
    let mut failed_seen = 0;
    for c in [&a, &b] {
        c.faults.clear();
        c.set_online(true);
    }
    let total = ids_a.len() + ids_b.len();
    let mut settled = false;
    let stored_all = |s: &session_loadgen::Snapshot| s.view.queue_count == 0 && s.seen.len() >= total;
    let all_read =
        |s: &session_loadgen::Snapshot| s.stored().filter(|e| e.own).all(|e| e.status == Some(MessageStatus::Read));
    // A receipt lost with a dropped participants frame is re-read with the next catch-up (the
    // periodic one every 15 s at the latest): no resubscription is forced here.
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        for c in [&a, &b] {
            let s = c.snapshot();
            for e in s.view.entries.iter().filter(|e| e.status == Some(MessageStatus::Failed)) {
                failed_seen += 1;
                eprintln!("failed: {:?}", e.failure);
                c.retry(e.id);
            }
        }
        let ok = |s: &session_loadgen::Snapshot| stored_all(s) && all_read(s);
        let ra = a.wait_until(Duration::from_secs(5), ok).await;
        let rb = b.wait_until(Duration::from_secs(5), ok).await;
        if ra.is_ok() && rb.is_ok() {
            settled = true;
            break;
        }
    }
    let settle_time = settle_started.elapsed();
    let (req_a, req_b) = (a.requests(), b.requests());

    // Verdict.
    let server_rows = api.messages_after(&auth_a, session, 0).await.expect("server rows");
    let stored_ids: HashSet<Uuid> = server_rows.iter().map(|m| m.id).collect();
    let sa = a.snapshot();
    let sb = b.snapshot();
    if !settled {
        for (name, s) in [("A", &sa), ("B", &sb)] {
            let mut statuses: HashMap<&str, usize> = HashMap::new();
            for e in s.view.entries.iter().filter(|e| e.own) {
                *statuses.entry(e.status.map_or("-", |x| x.as_str())).or_default() += 1;
            }
            println!(
                "  unsettled {name}: queue {}, seen {}, {:?}, statuses {statuses:?}, error {:?}",
                s.view.queue_count,
                s.seen.len(),
                s.view.connection,
                s.view.error
            );
        }
    }
    // Stale receipts: own messages on a final screen not `read` though the partner's read_seq on
    // the server covers them.
    let participants = api.participants(&auth_a, session).await.expect("participants rows");
    let read_by = |user: Uuid| participants.iter().find(|p| p.user_id == user).map_or(0, |p| p.read_seq);
    let stale = |s: &session_loadgen::Snapshot, partner: Uuid| {
        let read = read_by(partner);
        s.stored()
            .filter(|e| e.own && e.seq.is_some_and(|q| q <= read) && e.status != Some(MessageStatus::Read))
            .count()
    };
    let stale_receipts = stale(&sa, b.user_id) + stale(&sb, a.user_id);
    let screen = |s: &session_loadgen::Snapshot| s.stored().map(|e| e.id).collect::<Vec<_>>();
    let (screen_a, screen_b) = (screen(&sa), screen(&sb));
    let (set_a, set_b): (HashSet<Uuid>, HashSet<Uuid>) =
        (screen_a.iter().copied().collect(), screen_b.iter().copied().collect());
    let (seen_a, seen_b) = (sa.seen.clone(), sb.seen.clone());
    // Lost: accepted by an engine, but not stored, or not on the partner's (or own) screen.
    let mut lost = 0;
    for (ids, own, partner) in [(&ids_a, &*seen_a, &*seen_b), (&ids_b, &*seen_b, &*seen_a)] {
        for id in ids {
            if !stored_ids.contains(id) || !partner.contains(id) || !own.contains(id) {
                lost += 1;
            }
        }
    }
    // Duplicated: an id twice on a screen (now or in any view during the run), or one text
    // stored under two ids.
    let mut bodies: HashMap<&str, u32> = HashMap::new();
    for m in &server_rows {
        *bodies.entry(m.body.as_str()).or_default() += 1;
    }
    let dup_bodies = bodies.values().filter(|&&n| n > 1).count() as u64;
    let dup_screen = (screen_a.len() - set_a.len()) as u64 + (screen_b.len() - set_b.len()) as u64;
    let dup_views = sa.audit.duplicate_views + sb.audit.duplicate_views;
    // Out of order: a screen that is not the server's order, a sender's messages not in
    // client_seq order on the server, or a misordered view during the run.
    let server_order: Vec<Uuid> = server_rows.iter().map(|m| m.id).collect();
    let mut misordered = 0u64;
    // A reloaded page shows its cached history (the latest 200) plus what is newer: the final
    // screen must be the tail of the server's order.
    for s in [&screen_a, &screen_b] {
        if !server_order.ends_with(s) {
            misordered += 1;
        }
    }
    let mut last: HashMap<Uuid, i64> = HashMap::new();
    for m in &server_rows {
        if last.insert(m.sender_id, m.client_seq).unwrap_or(0) >= m.client_seq {
            misordered += 1;
        }
    }
    let misordered_views = sa.audit.misordered_views
        + sb.audit.misordered_views
        + sa.audit.own_misordered_views
        + sb.audit.own_misordered_views;
    // Send order kept, by the numbers in the texts (a manual retry moves a message later).
    let mut text_order_breaks = 0;
    for tag in ["A-", "B-"] {
        let nums: Vec<u64> =
            server_rows.iter().filter_map(|m| m.body.strip_prefix(tag).and_then(|n| n.parse().ok())).collect();
        text_order_breaks += nums.windows(2).filter(|w| w[0] >= w[1]).count();
    }

    let mut deliveries: Vec<Duration> = sa.deliveries.iter().chain(&sb.deliveries).copied().collect();
    deliveries.sort();
    let injected = add(a.faults.injected(), b.faults.injected());
    let ms = |d: Duration| d.as_millis();

    println!("chaos run: seed {}, {} messages requested", args.seed, args.messages);
    println!("  settled: {settled} (settle phase {:.1} s)", settle_time.as_secs_f64());
    println!("  sent (accepted by the engines): {} (A {}, B {})", total, ids_a.len(), ids_b.len());
    println!("  stored on the server: {}", server_rows.len());
    println!(
        "  shown at least once: A {} of {}, B {} of {}; final screens hold A {}, B {} (the tail of the server's order after reloads)",
        seen_a.len(),
        server_rows.len(),
        seen_b.len(),
        server_rows.len(),
        screen_a.len(),
        screen_b.len()
    );
    println!("  refused with outbox full (visible, sent again): {}", counters.refused.load(Ordering::Relaxed));
    println!(
        "  failed after retries (visible, retried by the user): {} during the run, {failed_seen} in settle",
        counters.failed_retried.load(Ordering::Relaxed)
    );
    println!("  LOST: {lost}");
    println!("  STALE RECEIPTS: {stale_receipts} (own messages not `read` though the partner's read_seq covers them)");
    println!(
        "  DUPLICATED: {} (ids twice on final screens {dup_screen}, views with a duplicate {dup_views}, texts stored twice {dup_bodies})",
        dup_screen + dup_views + dup_bodies
    );
    println!(
        "  OUT OF ORDER: {} (final screens != server order or client_seq breaks {misordered}, misordered views {misordered_views}); send-order breaks by text {text_order_breaks}",
        misordered + misordered_views
    );
    println!(
        "  chaos: {} offline periods, {} reloads, {} socket kills, {restarts} server restarts",
        counters.offline_periods.load(Ordering::Relaxed),
        counters.reloads.load(Ordering::Relaxed),
        counters.socket_kills.load(Ordering::Relaxed)
    );
    println!(
        "  injected: {} dropped requests, {} dropped replies, {} hung requests, {} delayed replies, {} dropped frames, {} requests failed offline",
        injected.dropped_requests,
        injected.dropped_replies,
        injected.hung,
        injected.delayed,
        injected.dropped_frames,
        injected.offline_failures
    );
    let sum = |x: session_loadgen::RequestCounts, y: session_loadgen::RequestCounts| session_loadgen::RequestCounts {
        upserts: x.upserts + y.upserts,
        catch_ups: x.catch_ups + y.catch_ups,
        polls: x.polls + y.polls,
        acks: x.acks + y.acks,
        participants: x.participants + y.participants,
        reconnects: x.reconnects + y.reconnects,
    };
    let (conv, all) = (sum(conv_a, conv_b), sum(req_a, req_b));
    println!(
        "  requests (A+B): {} upserts, {} catch-ups of which {} periodic ({} during the conversation, {} in settle), {} acks, {} participants reads, {} reconnects",
        all.upserts,
        all.catch_ups,
        all.polls,
        conv.polls,
        all.polls - conv.polls,
        all.acks,
        all.participants,
        all.reconnects
    );
    println!(
        "  online -> outbox delivered: {} periods measured ({} cut short), p50 {} ms, p99 {} ms, max {} ms",
        deliveries.len(),
        sa.interrupted_deliveries + sb.interrupted_deliveries,
        ms(percentile(&deliveries, 50.0)),
        ms(percentile(&deliveries, 99.0)),
        ms(deliveries.last().copied().unwrap_or_default())
    );
    println!(
        "  wall time: {:.1} s total ({:.1} s conversation, {:.1} s settle); views checked {}",
        started.elapsed().as_secs_f64(),
        chaos_wall.as_secs_f64(),
        settle_time.as_secs_f64(),
        sa.audit.views + sb.audit.views
    );
    for e in sa.audit.examples.iter().chain(&sb.audit.examples) {
        println!("  example: {e}");
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    let bad = !settled
        || stale_receipts > 0
        || lost > 0
        || dup_screen + dup_views + dup_bodies > 0
        || misordered + misordered_views > 0;
    std::process::exit(i32::from(bad));
}
