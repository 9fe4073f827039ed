//! Finished translations kept in memory, bounded in bytes. Chats repeat short texts ("ok",
//! "thanks", "see you"), and a retried or re-joined session asks for the same ones again.
//!
//! Entries are scoped to one session (the pipeline) or one user (the translate function): a
//! hit answers many times faster than a miss, so a cache shared by everyone would tell anyone
//! whether some other conversation contained a text they guess. Eviction is moka's (TinyLFU
//! admission, LRU eviction) by the weight of each entry in bytes.

use moka::sync::Cache as Moka;
use uuid::Uuid;

/// Whose translations an entry belongs to; a hit needs the same scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Session(Uuid),
    User(Uuid),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    scope: Scope,
    source: String,
    target: String,
    text: String,
}

/// What an entry costs beyond its two texts: the key's scope and codes, moka's bookkeeping and
/// the two strings' headers (an estimate; it keeps many tiny entries from being nearly free).
const ENTRY_OVERHEAD: usize = 160;

pub struct Cache {
    /// `None` when the budget is 0: caching is off.
    inner: Option<Moka<Key, String>>,
}

impl Cache {
    pub fn new(budget_bytes: u64) -> Self {
        let inner = (budget_bytes > 0).then(|| {
            Moka::builder()
                .max_capacity(budget_bytes)
                .weigher(|key: &Key, value: &String| {
                    u32::try_from(key.text.len() + value.len() + ENTRY_OVERHEAD).unwrap_or(u32::MAX)
                })
                .build()
        });
        Cache { inner }
    }

    fn key(scope: Scope, text: &str, source: &str, target: &str) -> Key {
        Key { scope, source: source.to_owned(), target: target.to_owned(), text: text.to_owned() }
    }

    pub fn get(&self, scope: Scope, text: &str, source: &str, target: &str) -> Option<String> {
        self.inner.as_ref()?.get(&Self::key(scope, text, source, target))
    }

    pub fn put(&self, scope: Scope, text: &str, source: &str, target: &str, translation: String) {
        if let Some(inner) = &self.inner {
            inner.insert(Self::key(scope, text, source, target), translation);
        }
    }

    /// Bytes held, by the weigher's count, once pending evictions have run.
    pub fn weighted_size(&self) -> u64 {
        self.inner.as_ref().map_or(0, |inner| {
            inner.run_pending_tasks();
            inner.weighted_size()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_within_its_byte_budget() {
        let budget = 64 * 1024;
        let cache = Cache::new(budget);
        let scope = Scope::Session(Uuid::new_v4());
        let long = "x".repeat(4000);
        for i in 0..200 {
            cache.put(scope, &format!("{i}{long}"), "en", "es", long.clone());
        }
        let held = cache.weighted_size();
        assert!(held > 0 && held <= budget, "{held} bytes held for a budget of {budget}");
        // 200 entries of about 8 KB would be 1.6 MB: most were evicted or never admitted.
        let off = Cache::new(0);
        off.put(scope, "a", "en", "es", "b".into());
        assert_eq!((off.get(scope, "a", "en", "es"), off.weighted_size()), (None, 0));
    }

    #[test]
    fn a_hit_needs_the_same_scope_text_and_pair() {
        let cache = Cache::new(1 << 20);
        let (s1, s2, u1) =
            (Scope::Session(Uuid::new_v4()), Scope::Session(Uuid::new_v4()), Scope::User(Uuid::new_v4()));
        cache.put(s1, "secret", "en", "es", "secreto".into());
        assert_eq!(cache.get(s1, "secret", "en", "es").as_deref(), Some("secreto"));
        assert_eq!(cache.get(s2, "secret", "en", "es"), None, "another session");
        assert_eq!(cache.get(u1, "secret", "en", "es"), None, "a user's previews");
        assert_eq!(cache.get(s1, "secret", "en", "fr"), None, "another pair");
    }
}
