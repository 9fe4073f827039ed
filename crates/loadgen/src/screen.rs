//! What a client's screen showed, checked and measured: every view the engine hands out is
//! audited for what must never be shown, and each offline period with an outbox is timed
//! until that outbox is stored. The chaos binary and the tests read it as [`Snapshot`]s.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use session_sync::engine::{ConnectionState, Entry, MessageStatus, View};
use tokio::time::Instant;
use uuid::Uuid;

/// What the screen must never show, counted over every view.
#[derive(Clone, Debug, Default)]
pub struct Audit {
    /// Views checked (one per `ViewChanged`).
    pub views: u64,
    /// Views in which an id appeared twice.
    pub duplicate_views: u64,
    /// Views whose stored entries were not strictly by seq, or had an unsent entry before a
    /// stored one.
    pub misordered_views: u64,
    /// Views in which the stored own messages were not in `client_seq` order.
    pub own_misordered_views: u64,
    /// The first few problems, for a report.
    pub examples: Vec<String>,
}

impl Audit {
    fn check(&mut self, view: &View) {
        self.views += 1;
        let mut ids = HashSet::new();
        let mut problems = Vec::new();
        if !view.entries.iter().all(|e| ids.insert(e.id)) {
            self.duplicate_views += 1;
            problems.push("an id shown twice");
        }
        let (mut last_seq, mut last_own_cs) = (0, 0);
        let (mut unsent_seen, mut misordered, mut own_misordered) = (false, false, false);
        for e in &view.entries {
            let Some(seq) = e.seq else {
                unsent_seen = true;
                continue;
            };
            misordered |= seq <= last_seq || unsent_seen;
            last_seq = seq;
            if e.own {
                own_misordered |= e.client_seq <= last_own_cs;
                last_own_cs = e.client_seq;
            }
        }
        if misordered {
            self.misordered_views += 1;
            problems.push("stored entries out of seq order");
        }
        if own_misordered {
            self.own_misordered_views += 1;
            problems.push("own messages out of client_seq order");
        }
        for p in problems {
            if self.examples.len() < 10 {
                self.examples.push(format!("view {}: {p}", self.views));
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct Snapshot {
    pub view: View,
    /// Engines so far (1 + reloads).
    pub incarnation: u64,
    pub online: bool,
    pub audit: Audit,
    /// For every period offline with a non-empty outbox: the time from going online until
    /// every message that was in the outbox was stored (had its seq on this screen).
    pub deliveries: Vec<Duration>,
    /// Such periods cut short by going offline again before the outbox was delivered.
    pub interrupted_deliveries: u64,
    /// Every message id ever shown as stored on this screen, across reloads (a reloaded page
    /// shows only the engine's cached history plus what is newer).
    pub seen: Arc<HashSet<Uuid>>,
}

impl Snapshot {
    /// Entries that are stored (have a seq), in view order.
    pub fn stored(&self) -> impl Iterator<Item = &Entry> {
        self.view.entries.iter().filter(|e| e.seq.is_some())
    }

    pub fn has_stored(&self, id: Uuid) -> bool {
        self.stored().any(|e| e.id == id)
    }

    pub fn status_of(&self, id: Uuid) -> Option<MessageStatus> {
        self.view.entries.iter().find(|e| e.id == id).and_then(|e| e.status)
    }

    pub fn connected(&self) -> bool {
        self.view.connection == ConnectionState::Connected
    }
}

/// The running measurements behind the snapshots.
#[derive(Debug, Default)]
pub(crate) struct Screen {
    audit: Audit,
    /// Went online at this instant with these messages in the outbox.
    waiting: Option<(Instant, Vec<Uuid>)>,
    deliveries: Vec<Duration>,
    interrupted: u64,
    seen: Arc<HashSet<Uuid>>,
}

impl Screen {
    pub fn went_offline(&mut self) {
        if self.waiting.take().is_some() {
            self.interrupted += 1;
        }
    }

    /// Back online with these messages (not failed) in the outbox.
    pub fn went_online(&mut self, outbox: Vec<Uuid>) {
        if !outbox.is_empty() {
            self.waiting = Some((Instant::now(), outbox));
        }
    }

    /// A new view: audit it, and take the measurements it completes.
    pub fn show(&mut self, view: View, incarnation: u64, online: bool) -> Snapshot {
        self.audit.check(&view);
        if view.entries.iter().any(|e| e.seq.is_some() && !self.seen.contains(&e.id)) {
            Arc::make_mut(&mut self.seen).extend(view.entries.iter().filter(|e| e.seq.is_some()).map(|e| e.id));
        }
        if let Some((since, ids)) = &self.waiting {
            let stored: HashSet<Uuid> = view.entries.iter().filter(|e| e.seq.is_some()).map(|e| e.id).collect();
            let failed = view.entries.iter().any(|e| ids.contains(&e.id) && e.status == Some(MessageStatus::Failed));
            if ids.iter().all(|id| stored.contains(id)) {
                self.deliveries.push(since.elapsed());
                self.waiting = None;
            } else if failed {
                self.interrupted += 1;
                self.waiting = None;
            }
        }
        Snapshot {
            view,
            incarnation,
            online,
            audit: self.audit.clone(),
            deliveries: self.deliveries.clone(),
            interrupted_deliveries: self.interrupted,
            seen: self.seen.clone(),
        }
    }
}
