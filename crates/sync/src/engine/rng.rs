//! The engine's only source of randomness: a small seeded generator (SplitMix64), so every
//! jittered delay and every generated id follows from the seed the driver passed in.

use uuid::Uuid;

#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// `ms` moved by a uniformly drawn amount within ±`percent`%.
    pub(crate) fn jitter(&mut self, ms: u64, percent: u32) -> u64 {
        let span = ms.saturating_mul(u64::from(percent.min(100))) / 100;
        if span == 0 {
            return ms;
        }
        ms - span + self.next_u64() % (2 * span + 1)
    }

    /// `ms` plus up to `percent`% more (never less: used where a server asked us to wait).
    pub(crate) fn jitter_up(&mut self, ms: u64, percent: u32) -> u64 {
        let span = ms.saturating_mul(u64::from(percent.min(100))) / 100;
        if span == 0 {
            return ms;
        }
        ms + self.next_u64() % (span + 1)
    }

    /// A version-4 shaped UUID. `salt` (the message's client_seq and the sender) is mixed in so
    /// that a driver that reuses a seed across reloads still gets fresh ids: client_seq only
    /// ever grows for a sender and is persisted with the outbox.
    pub(crate) fn uuid(&mut self, salt: u64) -> Uuid {
        let hi = self.next_u64() ^ mix(salt);
        let lo = self.next_u64() ^ mix(salt.rotate_left(32) ^ 0xA5A5_A5A5_5A5A_5A5A);
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&hi.to_be_bytes());
        bytes[8..].copy_from_slice(&lo.to_be_bytes());
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..10 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
    }

    #[test]
    fn jitter_stays_within_bounds() {
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let j = r.jitter(1000, 20);
            assert!((800..=1200).contains(&j), "{j}");
            let u = r.jitter_up(1000, 20);
            assert!((1000..=1200).contains(&u), "{u}");
        }
        assert_eq!(r.jitter(1000, 0), 1000);
    }

    #[test]
    fn uuids_are_v4_shaped_and_salted() {
        let mut r = Rng::new(3);
        let a = r.uuid(1);
        assert_eq!(a.get_version_num(), 4);
        assert_ne!(Rng::new(3).uuid(1), Rng::new(3).uuid(2));
    }
}
