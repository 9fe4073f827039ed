//! Two clients in one session against a `session-server` in this process, and the checks every
//! scenario ends with. Waits are for conditions, each with a timeout; nothing sleeps.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use session_loadgen::{Api, Auth, Client, ClientOptions, LocalServer, Snapshot};
use session_sync::domain::Message;
use session_sync::engine::{Config, MessageStatus};
use uuid::Uuid;

pub const WAIT: Duration = Duration::from_secs(30);

pub struct Pair {
    pub server: LocalServer,
    pub api: Api,
    pub session: Uuid,
    pub auth_a: Auth,
    pub auth_b: Auth,
    pub a: Client,
    pub b: Client,
    dir: PathBuf,
}

impl Drop for Pair {
    fn drop(&mut self) {
        self.server.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A fresh server on a temporary SQLite file; A creates a session, B joins it; both clients
/// running, online and subscribed.
pub async fn pair(seed: u64) -> Pair {
    pair_with(seed, Config::default()).await
}

/// [`pair`], with A's engine on `config_a`.
pub async fn pair_with(seed: u64, config_a: Config) -> Pair {
    let dir = std::env::temp_dir().join(format!("session-loadgen-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("session.db");
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let server = LocalServer::start(db.to_str().unwrap(), addr).unwrap();
    let api = Api::new(&server.url, &server.anon_key);
    let auth_a = api.sign_up().await.unwrap();
    let auth_b = api.sign_up().await.unwrap();
    let (session, code) = api.create_session(&auth_a, "Ana", "en").await.unwrap();
    assert_eq!(api.join_session(&auth_b, &code, "Ben", "en").await.unwrap(), session);
    let mut opts_a = ClientOptions::new(api.clone(), auth_a.clone(), session, "en", seed);
    opts_a.engine = config_a;
    let a = Client::spawn(opts_a);
    let b = Client::spawn(ClientOptions::new(api.clone(), auth_b.clone(), session, "en", seed + 1));
    for c in [&a, &b] {
        c.wait_until(WAIT, |s| s.connected() && s.view.partner.is_some())
            .await
            .expect("both clients connect and see their partner");
    }
    Pair { server, api, session, auth_a, auth_b, a, b, dir }
}

/// Every own message stored and read by the partner, `n` stored messages on the screen.
fn settled(s: &Snapshot, n: usize) -> bool {
    s.view.queue_count == 0
        && s.stored().count() == n
        && s.stored().filter(|e| e.own).all(|e| e.status == Some(MessageStatus::Read))
}

/// Waits until both screens hold `n` stored messages, every own one `read`, nothing queued;
/// then checks them against the server's rows and returns those.
pub async fn converge(p: &Pair, n: usize) -> Vec<Message> {
    for (name, c) in [("A", &p.a), ("B", &p.b)] {
        if let Err(s) = c.wait_until(WAIT, |s| settled(s, n)).await {
            panic!(
                "{name} did not settle on {n} messages: queue {}, stored {}, statuses {:?}, error {:?}",
                s.view.queue_count,
                s.stored().count(),
                s.view.entries.iter().map(|e| e.status).collect::<Vec<_>>(),
                s.view.error
            );
        }
    }
    let server = p.api.messages_after(&p.auth_a, p.session, 0).await.unwrap();
    assert_eq!(server.len(), n, "the server stores each message once");
    check_server(&server);
    for (name, c) in [("A", &p.a), ("B", &p.b)] {
        let s = c.snapshot();
        let shown: Vec<Uuid> = s.view.entries.iter().map(|e| e.id).collect();
        let stored: Vec<Uuid> = server.iter().map(|m| m.id).collect();
        assert_eq!(shown, stored, "{name}'s timeline is the server's messages in seq order");
        let a = &s.audit;
        assert_eq!(
            (a.duplicate_views, a.misordered_views, a.own_misordered_views),
            (0, 0, 0),
            "{name}'s screen never showed a duplicate or a misordered timeline: {:?}",
            a.examples
        );
    }
    server
}

/// Seqs strictly increasing, ids unique, each sender's messages in client_seq order.
pub fn check_server(rows: &[Message]) {
    let ids: HashSet<Uuid> = rows.iter().map(|m| m.id).collect();
    assert_eq!(ids.len(), rows.len(), "no id stored twice");
    assert!(rows.windows(2).all(|w| w[0].seq < w[1].seq), "seq strictly increasing");
    let mut last: HashMap<Uuid, i64> = HashMap::new();
    for m in rows {
        let prev = last.insert(m.sender_id, m.client_seq).unwrap_or(0);
        assert!(m.client_seq > prev, "sender {}'s messages in client_seq order", m.sender_id);
    }
}

/// The bodies of the stored messages, in seq order.
pub fn bodies(rows: &[Message]) -> Vec<&str> {
    rows.iter().map(|m| m.body.as_str()).collect()
}
