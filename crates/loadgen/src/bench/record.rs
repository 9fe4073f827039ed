//! What was sent when, and when the partner heard of it: the bench's one source of latency
//! and loss figures.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The high half of every bench message id (`Uuid::from_u64_pair(MARK, n)`), so a received
/// row is recognised as the bench's and its number read back without a lookup.
pub const MARK: u64 = 0x5e55_10b3_be4c_0000;

struct Pending {
    to: u32,
    at: Instant,
    delivered: bool,
    translated: bool,
}

#[derive(Default)]
struct Book {
    pending: HashMap<u64, Pending>,
    /// Microseconds from send to the partner's event.
    delivered: Vec<u32>,
    /// …to the partner's UPDATE carrying the translation (REST path only).
    translated: Vec<u32>,
    /// …to the HTTP reply of the insert (REST path only).
    replies: Vec<u32>,
    /// Sends the transport refused (HTTP status other than 201, a closed socket).
    failed: u64,
}

/// Shared by the senders and every peer's reader task.
#[derive(Default)]
pub struct Recorder {
    book: Mutex<Book>,
    /// Whether a message is done only once its translation arrived too (the REST path with a
    /// translator), or at delivery.
    wants_translation: AtomicBool,
}

/// One level's raw figures.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub sent: u64,
    pub delivered: Vec<u32>,
    pub translated: Vec<u32>,
    pub replies: Vec<u32>,
    /// Never reached the partner (includes `failed`).
    pub lost: u64,
    pub failed: u64,
    /// Reached the partner but its translation did not (REST path with a translator).
    pub untranslated: u64,
}

fn micros(since: Instant, now: Instant) -> u32 {
    u32::try_from(now.duration_since(since).as_micros()).unwrap_or(u32::MAX)
}

impl Recorder {
    pub fn new(wants_translation: bool) -> Recorder {
        Recorder { book: Mutex::default(), wants_translation: AtomicBool::new(wants_translation) }
    }

    /// Sets what the next level waits for (see `wants_translation`).
    pub fn expect_translation(&self, yes: bool) {
        self.wants_translation.store(yes, Ordering::Relaxed);
    }

    fn wants_translation(&self) -> bool {
        self.wants_translation.load(Ordering::Relaxed)
    }

    pub fn sent(&self, id: u64, to: u32, at: Instant) {
        let mut book = self.book.lock().unwrap();
        book.pending.insert(id, Pending { to, at, delivered: false, translated: false });
    }

    pub fn reply(&self, at: Instant, ok: bool) {
        let now = Instant::now();
        let mut book = self.book.lock().unwrap();
        if ok {
            book.replies.push(micros(at, now));
        } else {
            book.failed += 1;
        }
    }

    /// The partner `by` saw message `id` (an INSERT event, a broadcast, a relayed frame).
    pub fn delivered(&self, id: u64, by: u32) {
        let now = Instant::now();
        let mut book = self.book.lock().unwrap();
        let Some(p) = book.pending.get_mut(&id).filter(|p| p.to == by && !p.delivered) else { return };
        p.delivered = true;
        let (at, done) = (p.at, p.translated || !self.wants_translation());
        book.delivered.push(micros(at, now));
        if done {
            book.pending.remove(&id);
        }
    }

    /// The partner `by` saw message `id`'s translation (an UPDATE event).
    pub fn translated(&self, id: u64, by: u32) {
        if !self.wants_translation() {
            return;
        }
        let now = Instant::now();
        let mut book = self.book.lock().unwrap();
        let Some(p) = book.pending.get_mut(&id).filter(|p| p.to == by && !p.translated) else { return };
        p.translated = true;
        let (at, done) = (p.at, p.delivered);
        book.translated.push(micros(at, now));
        if done {
            book.pending.remove(&id);
        }
    }

    /// Messages still waiting for delivery (or translation).
    pub fn outstanding(&self) -> usize {
        self.book.lock().unwrap().pending.len()
    }

    /// Ends the level: everything still pending is counted, and the book starts over.
    pub fn take(&self, sent: u64) -> Tally {
        let book = std::mem::take(&mut *self.book.lock().unwrap());
        let lost = book.pending.values().filter(|p| !p.delivered).count() as u64;
        let untranslated = book.pending.values().filter(|p| p.delivered && !p.translated).count() as u64;
        Tally {
            sent,
            delivered: book.delivered,
            translated: book.translated,
            replies: book.replies,
            lost,
            failed: book.failed,
            untranslated,
        }
    }
}

/// `q` (0..=1) of `samples`, in milliseconds; `None` when there are none.
pub fn percentile_ms(samples: &[u32], q: f64) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(f64::from(sorted[rank - 1]) / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_partner_delivers_and_the_rest_is_lost() {
        let r = Recorder::new(false);
        let t = Instant::now();
        r.sent(1, 7, t);
        r.sent(2, 7, t);
        r.delivered(1, 6); // the sender's own echo does not count
        r.delivered(1, 7);
        r.delivered(1, 7); // nor does a duplicate
        let tally = r.take(2);
        assert_eq!(tally.delivered.len(), 1);
        assert_eq!(tally.lost, 1);
    }

    #[test]
    fn translation_is_waited_for_when_asked() {
        let r = Recorder::new(true);
        let t = Instant::now();
        r.sent(1, 1, t);
        r.delivered(1, 1);
        assert_eq!(r.outstanding(), 1);
        r.translated(1, 1);
        assert_eq!(r.outstanding(), 0);
        r.sent(2, 1, t);
        r.delivered(2, 1);
        let tally = r.take(2);
        assert_eq!((tally.lost, tally.untranslated, tally.translated.len()), (0, 1, 1));
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples: Vec<u32> = (1..=100).map(|ms| ms * 1000).collect();
        assert_eq!(percentile_ms(&samples, 0.5), Some(50.0));
        assert_eq!(percentile_ms(&samples, 0.99), Some(99.0));
        assert_eq!(percentile_ms(&samples, 1.0), Some(100.0));
        assert_eq!(percentile_ms(&[], 0.5), None);
    }
}
