//! The background translation of stored messages (design.md §3): after a message is committed
//! the REST layer enqueues it here and answers at once; a worker translates it into the
//! partner's language, stores `translated_body`/`target_lang` (or `translation_error`) and
//! publishes the row as a messages UPDATE, which both participants receive.
//!
//! The queue is bounded and never awaited by requests: when it is full the message is marked
//! failed instead ("retry" in the app enqueues it again). Translations run concurrently up to
//! `--translation-workers`; a session's backlog (messages sent before the partner joined) is
//! translated in `seq` order by one task.

use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, Semaphore};
use uuid::Uuid;

use super::Translator;
use crate::clock;
use crate::db::Db;
use crate::realtime::Realtime;
use crate::store::messages::{self, TranslationOutcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// A message that was just stored, or whose translation was asked for again.
    Message(Uuid),
    /// Every message of the session that was never translated: the partner has just joined.
    Session(Uuid),
}

/// How many jobs may wait; far above what two people can type, so a full queue means the
/// engine is stuck, and failing fast is better than growing without bound.
pub const QUEUE: usize = 1024;

#[derive(Clone)]
pub struct Pipeline {
    inner: Arc<Inner>,
}

struct Inner {
    jobs: mpsc::Sender<Job>,
    /// The worker until it is started: it needs a tokio runtime, which `AppState::new` may not
    /// run in (the same arrangement as the realtime hub).
    pending: Mutex<Option<(Worker, mpsc::Receiver<Job>)>>,
    ctx: Ctx,
}

#[derive(Clone)]
struct Ctx {
    db: Db,
    realtime: Realtime,
    translator: Arc<Translator>,
}

struct Worker {
    ctx: Ctx,
    permits: Arc<Semaphore>,
}

impl Pipeline {
    pub fn new(db: Db, realtime: Realtime, translator: Arc<Translator>, concurrency: usize) -> Self {
        let (jobs, receiver) = mpsc::channel(QUEUE);
        let ctx = Ctx { db, realtime, translator };
        let worker = Worker { ctx: ctx.clone(), permits: Arc::new(Semaphore::new(concurrency.max(1))) };
        let pipeline = Pipeline { inner: Arc::new(Inner { jobs, pending: Mutex::new(Some((worker, receiver))), ctx }) };
        pipeline.start();
        pipeline
    }

    fn start(&self) {
        let Ok(handle) = tokio::runtime::Handle::try_current() else { return };
        let taken = self.inner.pending.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some((worker, receiver)) = taken {
            handle.spawn(worker.run(receiver));
        }
    }

    /// Queues a job without waiting.
    pub fn enqueue(&self, job: Job) {
        self.start();
        match self.inner.jobs.try_send(job) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(Job::Message(id))) => {
                tracing::warn!(message = %id, "translation queue full");
                let ctx = self.inner.ctx.clone();
                tokio::spawn(async move { ctx.record_failure(id, "translation queue is full; try again").await });
            }
            Err(err) => tracing::warn!(job = ?err.into_inner(), "translation job dropped: queue full or closed"),
        }
    }
}

impl Worker {
    async fn run(self, mut jobs: mpsc::Receiver<Job>) {
        while let Some(job) = jobs.recv().await {
            let Ok(permit) = self.permits.clone().acquire_owned().await else { return };
            let ctx = self.ctx.clone();
            tokio::spawn(async move {
                match job {
                    Job::Message(id) => ctx.translate_message(id).await,
                    Job::Session(session) => {
                        let ids = ctx.db.with(|c| messages::untranslated(c, session)).unwrap_or_else(|err| {
                            tracing::error!(%err, %session, "cannot list untranslated messages");
                            Vec::new()
                        });
                        for id in ids {
                            ctx.translate_message(id).await;
                        }
                    }
                }
                drop(permit);
            });
        }
    }
}

impl Ctx {
    async fn translate_message(&self, id: Uuid) {
        let job = match self.db.with(|c| messages::translation_job(c, id)) {
            Ok(Some(job)) => job,
            Ok(None) => return,
            Err(err) => return tracing::error!(%err, message = %id, "cannot load message to translate"),
        };
        let (message, partner_language) = job;
        // Alone in the session: translated when the partner joins (`Job::Session`).
        let Some(target) = partner_language else { return };
        let settled = message.target_lang.as_deref() == Some(target.as_str())
            && message.translation_error.is_none()
            && (message.translated_body.is_some() || message.source_lang == target);
        if settled {
            return;
        }
        let outcome = if message.source_lang == target {
            TranslationOutcome::SameLanguage
        } else {
            match self.translator.translate(&message.body, &message.source_lang, &target).await {
                Ok(done) => TranslationOutcome::Translated(done.text),
                Err(err) => {
                    tracing::info!(message = %id, %err, "translation failed");
                    TranslationOutcome::Failed(err.to_string())
                }
            }
        };
        self.store(id, &target, &outcome);
    }

    fn store(&self, id: Uuid, target: &str, outcome: &TranslationOutcome) {
        let now = clock::now();
        // Published while the connection is held, like the REST layer does, so this UPDATE
        // reaches subscribers in commit order relative to other requests' changes.
        let result = self.db.with(|c| {
            let change = messages::set_translation(c, id, target, outcome, now)?;
            if let Some(change) = change {
                self.realtime.publish(change);
            }
            Ok::<_, rusqlite::Error>(())
        });
        if let Err(err) = result {
            tracing::error!(%err, message = %id, "cannot store translation");
        }
    }

    async fn record_failure(&self, id: Uuid, error: &str) {
        let target = match self.db.with(|c| messages::translation_job(c, id)) {
            Ok(Some((_, Some(target)))) => target,
            _ => return,
        };
        self.store(id, &target, &TranslationOutcome::Failed(error.to_owned()));
    }
}
