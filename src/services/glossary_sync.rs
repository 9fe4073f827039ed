//! GlossaryService: the session's pinned terms as the panel shows them, kept live for both
//! participants (docs/features/glossary.md). It reads
//! `from('glossary_terms').select()`, writes through `rpc('pin_term')` / `rpc('unpin_term')`,
//! and after each write sends the channel's `glossary` broadcast; it reads the list again
//! whenever `MessageSync` says the list may be stale (the partner's broadcast, a
//! resubscription). The rules of the form are in `services::glossary`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;
use session_sync::domain::GlossaryTerm;
use uuid::Uuid;

use super::glossary::{check_form, Problem};
use super::message_sync::MessageSync;
use super::supabase;

#[derive(Clone, Copy)]
pub struct Glossary {
    sync: MessageSync,
    terms: RwSignal<Vec<GlossaryTerm>>,
    problem: RwSignal<Option<Problem>>,
    /// A pin or unpin is in flight: the form waits for it.
    busy: RwSignal<bool>,
    /// Reads are numbered so that an older answer arriving late cannot replace a newer one.
    reads: StoredValue<u64>,
}

impl Glossary {
    /// Reads the list now and again whenever it may be stale.
    pub fn start(sync: MessageSync) -> Glossary {
        let glossary = Glossary {
            sync,
            terms: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
            busy: RwSignal::new(false),
            reads: StoredValue::new(0),
        };
        Effect::new(move |_| {
            sync.glossary_stale();
            glossary.reload();
        });
        glossary
    }

    /// The pinned terms, oldest first.
    pub fn terms(self) -> Vec<GlossaryTerm> {
        self.terms.get()
    }

    pub fn count(self) -> usize {
        self.terms.with(Vec::len)
    }

    pub fn problem(self) -> Option<Problem> {
        self.problem.get()
    }

    pub fn busy(self) -> bool {
        self.busy.get()
    }

    fn reload(self) {
        let Some(read) = self.reads.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let session = self.sync.session_id().to_string();
        spawn_local(async move {
            let result = supabase::select_glossary::<Vec<GlossaryTerm>>(&session).await;
            if self.reads.try_get_value() != Some(read) {
                return;
            }
            match result {
                Ok(terms) => {
                    let _ = self.terms.try_set(terms);
                }
                Err(e) => leptos::logging::warn!("glossary: {}", e.message),
            }
        });
    }

    /// Pins what the add form holds. True when it was pinned (the form may then be cleared);
    /// otherwise `problem` says why.
    pub async fn pin(self, term: String, translation: String, keep: bool) -> bool {
        let (term, translation) = match check_form(&term, &translation, keep) {
            Ok(args) => args,
            Err(problem) => {
                self.problem.set(Some(problem));
                return false;
            }
        };
        let args = json!({"session_id": self.sync.session_id(), "term": term, "translation": translation});
        self.write("pin_term", args).await
    }

    pub async fn unpin(self, term_id: Uuid) -> bool {
        let args = json!({"session_id": self.sync.session_id(), "term_id": term_id});
        self.write("unpin_term", args).await
    }

    async fn write(self, function: &str, args: serde_json::Value) -> bool {
        self.busy.set(true);
        self.problem.set(None);
        let result = supabase::rpc::<_, serde_json::Value>(function, &args).await;
        let _ = self.busy.try_set(false);
        match result {
            Ok(_) => {
                self.reload();
                self.sync.announce_glossary();
                true
            }
            Err(e) => {
                leptos::logging::warn!("{function}: {}", e.message);
                let _ = self.problem.try_set(Some(Problem::from_server(&e.message)));
                false
            }
        }
    }
}
