//! Stored messages, one per id, ordered by server `seq`.

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use crate::domain::Message;

#[derive(Debug, Default)]
pub(crate) struct Timeline {
    by_seq: BTreeMap<i64, Message>,
    seq_of: HashMap<Uuid, i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    New,
    Changed,
    Same,
    /// Another message already holds this seq: the row is ignored (a server bug).
    Conflict,
}

impl Timeline {
    pub fn contains(&self, id: Uuid) -> bool {
        self.seq_of.contains_key(&id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Message> {
        self.by_seq.values()
    }

    /// Highest seq held (0 when empty).
    pub fn max_seq(&self) -> i64 {
        self.by_seq.keys().next_back().copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.by_seq.len()
    }

    /// The last `n` messages.
    pub fn latest(&self, n: usize) -> Vec<Message> {
        let skip = self.by_seq.len().saturating_sub(n);
        self.by_seq.values().skip(skip).cloned().collect()
    }

    /// Drops the oldest messages until at most `max` remain; returns how many went.
    pub fn trim_oldest(&mut self, max: usize) -> usize {
        let excess = self.by_seq.len().saturating_sub(max);
        for _ in 0..excess {
            if let Some((_, m)) = self.by_seq.pop_first() {
                self.seq_of.remove(&m.id);
            }
        }
        excess
    }

    /// Adds a row or folds it into the one with the same id. Identity and order fields (seq,
    /// client_seq, body, ...) never change once known. Translation fields only move forward:
    /// a value that is present wins over an absent one, so a snapshot older than an update
    /// already seen (catch-up racing a realtime UPDATE, a reordered event) cannot undo it.
    pub fn merge(&mut self, row: Message) -> Merge {
        if let Some(seq) = self.seq_of.get(&row.id) {
            let old = self.by_seq.get_mut(seq).expect("index and map agree");
            let before = old.clone();
            if row.translated_body.is_some() {
                old.translated_body = row.translated_body;
                old.target_lang = row.target_lang.or(old.target_lang.take());
            } else if old.target_lang.is_none() {
                old.target_lang = row.target_lang;
            }
            if row.translation_error.is_some() {
                old.translation_error = row.translation_error;
            }
            if row.detected_lang.is_some() {
                old.detected_lang = row.detected_lang;
            }
            if row.translated_by.is_some() {
                old.translated_by = row.translated_by;
            }
            return if *old == before { Merge::Same } else { Merge::Changed };
        }
        if self.by_seq.contains_key(&row.seq) {
            return Merge::Conflict;
        }
        self.seq_of.insert(row.id, row.seq);
        self.by_seq.insert(row.seq, row);
        Merge::New
    }
}
