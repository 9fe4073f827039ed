//! A bounded map `(text, source, target) → translation`. Chats repeat short texts ("ok",
//! "thanks", "see you"), and a retried or re-joined session asks for the same ones again.
//!
//! Eviction is least-recently-used by a logical clock: a hit refreshes the entry, and when full
//! the oldest eighth goes at once, so the O(n) scan is paid rarely rather than on every insert.

use std::collections::HashMap;
use std::sync::Mutex;

type Key = (String, String, String);

pub struct Cache {
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    map: HashMap<Key, (String, u64)>,
    tick: u64,
}

impl Cache {
    pub fn new(capacity: usize) -> Self {
        Cache { capacity, inner: Mutex::new(Inner::default()) }
    }

    fn key(text: &str, source: &str, target: &str) -> Key {
        (text.to_owned(), source.to_owned(), target.to_owned())
    }

    pub fn get(&self, text: &str, source: &str, target: &str) -> Option<String> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.tick += 1;
        let tick = inner.tick;
        let entry = inner.map.get_mut(&Self::key(text, source, target))?;
        entry.1 = tick;
        Some(entry.0.clone())
    }

    pub fn put(&self, text: &str, source: &str, target: &str, translation: String) {
        if self.capacity == 0 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.tick += 1;
        let tick = inner.tick;
        if inner.map.len() >= self.capacity {
            let mut ages: Vec<u64> = inner.map.values().map(|(_, t)| *t).collect();
            ages.sort_unstable();
            let cut = ages[(self.capacity / 8).min(ages.len() - 1)];
            inner.map.retain(|_, (_, t)| *t > cut);
        }
        inner.map.insert(Self::key(text, source, target), (translation, tick));
    }

    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_bounded_and_keeps_recently_used_entries() {
        let cache = Cache::new(16);
        cache.put("keep", "en", "es", "guardar".into());
        for i in 0..100 {
            assert_eq!(cache.get("keep", "en", "es").as_deref(), Some("guardar"));
            cache.put(&format!("t{i}"), "en", "es", format!("x{i}"));
            assert!(cache.len() <= 16);
        }
        assert_eq!(cache.get("t99", "en", "es").as_deref(), Some("x99"));
        assert_eq!(cache.get("t0", "en", "es"), None, "old entries were evicted");
        assert_eq!(cache.get("keep", "en", "fr"), None, "the pair is part of the key");
        let off = Cache::new(0);
        off.put("a", "en", "es", "b".into());
        assert!(off.is_empty());
    }
}
