//! The background translation of stored messages (docs/contracts.md §3): after a message is committed
//! the REST layer enqueues it here and answers at once; a worker translates it into the
//! partner's language, stores `translated_body`/`target_lang` (or `translation_error`) and
//! publishes the row as a messages UPDATE, which both participants receive.
//!
//! The queue is never awaited by requests, and it is fair: each session has its own queue, the
//! `--translation-workers` workers serve the sessions round-robin, and a session may have at
//! most `--translation-queue-per-session` jobs waiting. Over that (or over [`QUEUE`] in all)
//! the message is marked failed instead ("retry" in the app enqueues it again), so one session
//! sending a flood delays itself, not everyone. A session's backlog (messages sent before the
//! partner joined) is translated newest first (the partner opens on the newest page), one
//! message per turn, down to [`BACKLOG_WINDOW`] seqs below the newest; an older message is
//! translated when a read first returns it (`rest::read`, [`Pipeline::translate_read`]), so a
//! long conversation's join costs 200 translations and 200 UPDATEs, not one per message.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;
use uuid::Uuid;

use super::{detect, GlossaryTerm, Scope, TextContext, TranslateError, Translator};
use crate::clock;
use crate::db::Db;
use crate::realtime::Realtime;
use crate::store::glossary;
use crate::store::messages::{self, TranslationJob, TranslationOutcome};
use session_sync::domain::NO_ROUTE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    /// A message that was just stored, or whose translation was asked for again.
    Message { session: Uuid, id: Uuid },
    /// The session's messages that were never translated, newest first from below seq `below`
    /// (the partner has just joined: [`Job::backlog`]); each turn takes one and queues the rest.
    Backlog { session: Uuid, below: i64 },
}

impl Job {
    /// The whole backlog of `session`, from its newest message.
    pub fn backlog(session: Uuid) -> Job {
        Job::Backlog { session, below: i64::MAX }
    }

    pub fn session(&self) -> Uuid {
        match *self {
            Job::Message { session, .. } | Job::Backlog { session, .. } => session,
        }
    }
}

/// How many jobs may wait in all; far above what the sessions of one server can type, so a
/// full queue means the engine is stuck, and failing fast is better than growing without bound.
pub const QUEUE: usize = 1024;

/// Why a job was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    SessionFull,
    QueueFull,
}

impl Refused {
    /// The `translation_error` the reader sees.
    pub fn reason(self) -> &'static str {
        match self {
            Refused::SessionFull => "too many messages of this conversation are waiting for translation; try again",
            Refused::QueueFull => "translation queue is full; try again",
        }
    }
}

/// How far below a session's newest seq its backlog is translated eagerly when the partner
/// joins: the newest 200, which is what the app restores after a reload and more than a first
/// open shows (50). Older messages are translated as reads return them.
pub const BACKLOG_WINDOW: i64 = 200;

/// Jobs waiting, one queue per session, handed out round-robin (sans IO).
#[derive(Debug)]
pub struct FairQueue {
    per_session: usize,
    total: usize,
    queues: HashMap<Uuid, VecDeque<Job>>,
    /// Sessions with waiting jobs, in the order they are served.
    turns: VecDeque<Uuid>,
    /// Every waiting job, so asking twice for one does not queue it twice.
    waiting: HashSet<Job>,
}

impl FairQueue {
    pub fn new(per_session: usize, total: usize) -> Self {
        FairQueue {
            per_session: per_session.max(1),
            total,
            queues: HashMap::new(),
            turns: VecDeque::new(),
            waiting: HashSet::new(),
        }
    }

    /// Queues `job` behind its session's other jobs; a job already waiting is not added again.
    pub fn push(&mut self, job: Job) -> Result<(), Refused> {
        if self.waiting.contains(&job) {
            return Ok(());
        }
        if self.waiting.len() >= self.total {
            return Err(Refused::QueueFull);
        }
        let session = job.session();
        let queue = self.queues.entry(session).or_default();
        // A session's backlog is one job (at most one waits), so it may pass the cap: refusing
        // it would leave those messages untranslated with nothing to say so.
        if queue.len() >= self.per_session && matches!(job, Job::Message { .. }) {
            return Err(Refused::SessionFull);
        }
        if queue.is_empty() {
            self.turns.push_back(session);
        }
        queue.push_back(job);
        self.waiting.insert(job);
        Ok(())
    }

    /// The next job: the first of the session whose turn it is; that session then goes to the
    /// back of the line.
    pub fn pop(&mut self) -> Option<Job> {
        let session = self.turns.pop_front()?;
        let queue = self.queues.get_mut(&session).expect("a session in turns has a queue");
        let job = queue.pop_front().expect("a session in turns has a job");
        if queue.is_empty() {
            self.queues.remove(&session);
        } else {
            self.turns.push_back(session);
        }
        self.waiting.remove(&job);
        Some(job)
    }

    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }
}

#[derive(Clone)]
pub struct Pipeline {
    inner: Arc<Inner>,
}

struct Inner {
    shared: Arc<Shared>,
    workers: usize,
    /// Whether the workers run: they need a tokio runtime, which `AppState::new` may not run
    /// in (the same arrangement as the realtime hub), so the first enqueue starts them.
    started: AtomicBool,
    ctx: Ctx,
}

/// What the workers share with the pipeline; they stop once it is gone.
struct Shared {
    queue: Mutex<FairQueue>,
    ready: Notify,
    closed: AtomicBool,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.shared.closed.store(true, Ordering::SeqCst);
        self.shared.ready.notify_waiters();
    }
}

#[derive(Clone)]
struct Ctx {
    db: Db,
    realtime: Realtime,
    translator: Arc<Translator>,
    claims: Arc<Claims>,
}

/// The messages the workers are translating right now.
#[derive(Default)]
struct Claims(Mutex<HashSet<Uuid>>);

/// A worker's hold on one message; dropping it (the translation stored, failed or abandoned)
/// lets the message be taken again.
struct Claim<'a> {
    claims: &'a Claims,
    id: Uuid,
}

impl Claims {
    fn take(&self, id: Uuid) -> Option<Claim<'_>> {
        let fresh = self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(id);
        fresh.then_some(Claim { claims: self, id })
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.claims.0.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}

impl Pipeline {
    pub fn new(db: Db, realtime: Realtime, translator: Arc<Translator>, workers: usize, per_session: usize) -> Self {
        let shared = Arc::new(Shared {
            queue: Mutex::new(FairQueue::new(per_session, QUEUE)),
            ready: Notify::new(),
            closed: AtomicBool::new(false),
        });
        let inner = Inner {
            shared,
            workers: workers.max(1),
            started: AtomicBool::new(false),
            ctx: Ctx { db, realtime, translator, claims: Arc::default() },
        };
        let pipeline = Pipeline { inner: Arc::new(inner) };
        pipeline.start();
        pipeline
    }

    fn start(&self) {
        let Ok(handle) = tokio::runtime::Handle::try_current() else { return };
        if self.inner.started.swap(true, Ordering::SeqCst) {
            return;
        }
        for _ in 0..self.inner.workers {
            handle.spawn(work(self.inner.shared.clone(), self.inner.ctx.clone()));
        }
    }

    /// Asks for the translation of messages a read returned from below a backlog's window.
    /// Unlike a new message's job, a refusal (a full queue) is not recorded as a failure: the
    /// message stays untranslated, and the next read that returns it asks again.
    pub fn translate_read(&self, messages: Vec<(Uuid, Uuid)>) {
        if messages.is_empty() {
            return;
        }
        self.start();
        for (session, id) in messages {
            if let Err(refused) = self.inner.shared.push(Job::Message { session, id }) {
                tracing::debug!(message = %id, ?refused, "translation on read deferred");
            }
        }
    }

    /// Queues a job without waiting; a refused message is marked failed with the reason.
    pub fn enqueue(&self, job: Job) {
        self.start();
        match self.inner.shared.push(job) {
            Ok(()) => {}
            Err(refused) => match job {
                Job::Message { id, .. } => {
                    tracing::warn!(message = %id, ?refused, "translation job refused");
                    let ctx = self.inner.ctx.clone();
                    tokio::spawn(async move { ctx.record_failure(id, refused.reason()).await });
                }
                Job::Backlog { session, .. } => {
                    tracing::warn!(%session, ?refused, "translation of the backlog refused")
                }
            },
        }
    }
}

impl Shared {
    fn push(&self, job: Job) -> Result<(), Refused> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner()).push(job)?;
        self.ready.notify_one();
        Ok(())
    }

    /// The next job, or `None` once the pipeline is gone.
    async fn next(&self) -> Option<Job> {
        loop {
            let notified = self.ready.notified();
            tokio::pin!(notified);
            // Registered before looking, so neither a push nor the close can slip between the
            // look and the wait (`notify_one` also keeps a permit when nobody waits).
            notified.as_mut().enable();
            if self.closed.load(Ordering::SeqCst) {
                return None;
            }
            if let Some(job) = self.queue.lock().unwrap_or_else(|p| p.into_inner()).pop() {
                return Some(job);
            }
            notified.await;
        }
    }
}

async fn work(shared: Arc<Shared>, ctx: Ctx) {
    while let Some(job) = shared.next().await {
        match job {
            Job::Message { id, .. } => ctx.translate_message(id).await,
            Job::Backlog { session, below } => {
                // One message per turn, so a long backlog shares the workers like a flood.
                if let Some(taken) = ctx.translate_backlog_turn(session, below).await {
                    if let Err(refused) = shared.push(Job::Backlog { session, below: taken }) {
                        tracing::warn!(%session, ?refused, "translation of the backlog refused");
                    }
                }
            }
        }
    }
}

impl Ctx {
    /// Translates the session's newest untranslated message below seq `below`; its seq, where
    /// the next turn goes on, or `None` when the backlog is done. The turns only go down, so a
    /// message that arrives during the backlog is left to its own job, and one another worker is
    /// translating (its claim) is passed over.
    async fn translate_backlog_turn(&self, session: Uuid, below: i64) -> Option<i64> {
        let next = self.db.with(|c| messages::latest_untranslated(c, session, BACKLOG_WINDOW, below));
        let (id, seq) = next.unwrap_or_else(|err| {
            tracing::error!(%err, %session, "cannot find untranslated messages");
            None
        })?;
        self.translate_message(id).await;
        Some(seq)
    }

    async fn translate_message(&self, id: Uuid) {
        // Asked for twice at once (its own job and a backlog's turn, or two reads), a message
        // is translated by the first worker; the other finds the result stored or coming.
        let Some(_claim) = self.claims.take(id) else { return };
        let job = match self.db.with(|c| messages::translation_job(c, id)) {
            Ok(Some(job)) => job,
            Ok(None) => return,
            Err(err) => return tracing::error!(%err, message = %id, "cannot load message to translate"),
        };
        let TranslationJob { message, partner_language, names } = job;
        // Alone in the session: translated when the partner joins (`Job::backlog`).
        let Some(target) = partner_language else { return };
        let settled = message.target_lang.as_deref() == Some(target.as_str())
            && message.translation_error.is_none()
            && (message.translated_body.is_some() || message.written_in() == target);
        if settled {
            return;
        }
        // Translated from the language the text is in, not the sender's setting
        // (docs/features/translation.md, "Detection").
        let mut candidates = self.translator.languages().to_vec();
        candidates.extend([message.source_lang.clone(), target.clone()]);
        let detected = detect::detect(&message.body, &message.source_lang, &candidates, &names);
        let outcome = if detected == target {
            TranslationOutcome::SameLanguage
        } else {
            let context = self.context(message.session_id, names);
            match self
                .translator
                .translate(Scope::Session(message.session_id), &message.body, &detected, &target, &context)
                .await
            {
                Ok(done) => TranslationOutcome::Translated { text: done.text, route: done.route },
                // No engine goes from there to here: a permanent state the app words itself.
                Err(TranslateError::Unsupported { .. }) => {
                    TranslationOutcome::Failed(format!("{NO_ROUTE}{detected}>{target}"))
                }
                Err(err) => {
                    tracing::info!(message = %id, %err, "translation failed");
                    TranslationOutcome::Failed(err.to_string())
                }
            }
        };
        self.store(id, &target, Some(&detected), &outcome).await;
    }

    /// The participants' names and the session's pinned terms, which the translation keeps or
    /// fixes (docs/features/glossary.md). A glossary that cannot be read leaves the names.
    fn context(&self, session: Uuid, names: Vec<String>) -> TextContext {
        let glossary = self.db.with(|c| glossary::terms(c, session)).unwrap_or_else(|err| {
            tracing::error!(%err, %session, "cannot read the glossary");
            Vec::new()
        });
        with_glossary(names, glossary)
    }

    async fn store(&self, id: Uuid, target: &str, detected: Option<&str>, outcome: &TranslationOutcome) {
        let now = clock::now();
        let (target, detected, outcome) = (target.to_owned(), detected.map(str::to_owned), outcome.clone());
        let realtime = self.realtime.clone();
        // Through the writer's group commit, like the message it translates; the UPDATE is
        // published in commit order relative to every other write (see `Db::write`).
        let result = self
            .db
            .write(
                move |c| messages::set_translation(c, id, &target, detected.as_deref(), &outcome, now),
                move |change| {
                    if let Some(change) = change.take() {
                        realtime.publish(change);
                    }
                },
            )
            .await;
        if let Err(err) = result {
            tracing::error!(%err, message = %id, "cannot store translation");
        }
    }

    async fn record_failure(&self, id: Uuid, error: &str) {
        let target = match self.db.with(|c| messages::translation_job(c, id)) {
            Ok(Some(TranslationJob { partner_language: Some(target), .. })) => target,
            _ => return,
        };
        self.store(id, &target, None, &TranslationOutcome::Failed(error.to_owned())).await;
    }
}

fn with_glossary(names: Vec<String>, glossary: Vec<session_sync::domain::GlossaryTerm>) -> TextContext {
    let glossary =
        glossary.into_iter().map(|term| GlossaryTerm { term: term.term, translation: term.translation }).collect();
    TextContext { names, glossary }
}

/// What a translation of `session` keeps or fixes: both display names and the pinned terms.
/// The translate function uses it for a participant's preview, so the preview reads as the
/// message will.
pub fn session_context(conn: &rusqlite::Connection, session: Uuid) -> rusqlite::Result<TextContext> {
    Ok(with_glossary(messages::display_names(conn, session)?, glossary::terms(conn, session)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(session: Uuid) -> Job {
        Job::Message { session, id: Uuid::new_v4() }
    }

    #[test]
    fn sessions_are_served_in_turn_whatever_their_backlog() {
        let (flood, quiet) = (Uuid::new_v4(), Uuid::new_v4());
        let mut queue = FairQueue::new(100, QUEUE);
        let flooded: Vec<Job> = (0..50).map(|_| message(flood)).collect();
        for job in &flooded {
            queue.push(*job).unwrap();
        }
        let late = message(quiet);
        queue.push(late).unwrap();
        assert_eq!(queue.pop(), Some(flooded[0]));
        assert_eq!(queue.pop(), Some(late), "the quiet session's message is next, not 50th");
        let rest: Vec<Job> = std::iter::from_fn(|| queue.pop()).collect();
        assert_eq!(rest, flooded[1..], "a session's own jobs keep their order");
        assert!(queue.is_empty());
    }

    #[test]
    fn caps_per_session_and_in_all_and_no_duplicates() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let mut queue = FairQueue::new(3, 5);
        let first = message(a);
        queue.push(first).unwrap();
        queue.push(first).unwrap();
        assert_eq!(queue.len(), 1, "asking again for a waiting message does not queue it twice");
        queue.push(message(a)).unwrap();
        queue.push(message(a)).unwrap();
        assert_eq!(queue.push(message(a)), Err(Refused::SessionFull));
        queue.push(Job::backlog(a)).unwrap();
        queue.push(message(b)).unwrap();
        assert_eq!(queue.push(message(b)), Err(Refused::QueueFull));
        assert_eq!(queue.pop(), Some(first));
        queue.push(message(b)).unwrap();
        assert_eq!(queue.len(), 5);
    }
}
