//! Translations each user has running, so one user cannot occupy every engine slot with
//! `/functions/v1/translate` calls.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use uuid::Uuid;

#[derive(Debug, Default)]
pub struct InFlight {
    counts: Mutex<HashMap<Uuid, usize>>,
}

/// One running call; dropping it (the call ended, failed or was cancelled) frees the place.
#[derive(Debug)]
pub struct Slot {
    owner: Arc<InFlight>,
    user: Uuid,
}

impl InFlight {
    /// A place for `user` if fewer than `limit` of their calls are running.
    pub fn try_take(self: &Arc<Self>, user: Uuid, limit: usize) -> Option<Slot> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        let count = counts.entry(user).or_default();
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(Slot { owner: self.clone(), user })
    }

    pub fn running(&self, user: Uuid) -> usize {
        self.counts.lock().unwrap_or_else(|p| p.into_inner()).get(&user).copied().unwrap_or(0)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.owner.counts.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = counts.get_mut(&self.user) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.user);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_user_and_frees_on_drop() {
        let in_flight = Arc::new(InFlight::default());
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let first = in_flight.try_take(a, 2).unwrap();
        let second = in_flight.try_take(a, 2).unwrap();
        assert!(in_flight.try_take(a, 2).is_none(), "a's two places are taken");
        assert!(in_flight.try_take(b, 2).is_some(), "b has their own");
        drop(first);
        let third = in_flight.try_take(a, 2).unwrap();
        drop((second, third));
        assert_eq!(in_flight.running(a), 0);
        assert!(in_flight.counts.lock().unwrap().is_empty(), "no entry is kept for idle users");
    }
}
