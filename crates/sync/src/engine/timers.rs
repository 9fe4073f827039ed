//! Every deadline the engine keeps, in one table indexed by [`Timer`] (the shape of
//! quinn-proto's `TimerTable`): sub-states arm and stop their timers here, and the driver's one
//! wake-up is the earliest armed timer.

use super::Millis;

/// The request kinds that hold a [`super::slot::Slot`]: at most one in flight each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Upsert,
    CatchUp,
    Ack,
    Participants,
}

impl Kind {
    pub(crate) const ALL: [Kind; 4] = [Kind::Upsert, Kind::CatchUp, Kind::Ack, Kind::Participants];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timer {
    /// The request of this kind in flight counts as a transient failure.
    Reply(Kind),
    /// The next request of this kind may start (backoff or rate limit).
    Retry(Kind),
    /// Not subscribed for too long (or the channel closed): ask for a fresh channel.
    Reconnect,
    /// The periodic catch-up while subscribed.
    Poll,
    /// The "load earlier messages" page in flight is given up (the control offers it again).
    EarlierReply,
}

impl Timer {
    const COUNT: usize = 2 * Kind::ALL.len() + 3;

    fn index(self) -> usize {
        let kind = |k| match k {
            Kind::Upsert => 0,
            Kind::CatchUp => 1,
            Kind::Ack => 2,
            Kind::Participants => 3,
        };
        match self {
            Timer::Reply(k) => kind(k),
            Timer::Retry(k) => Kind::ALL.len() + kind(k),
            Timer::Reconnect => 2 * Kind::ALL.len(),
            Timer::Poll => 2 * Kind::ALL.len() + 1,
            Timer::EarlierReply => 2 * Kind::ALL.len() + 2,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct TimerTable([Option<Millis>; Timer::COUNT]);

impl TimerTable {
    pub fn set(&mut self, timer: Timer, at: Millis) {
        self.0[timer.index()] = Some(at);
    }

    pub fn get(&self, timer: Timer) -> Option<Millis> {
        self.0[timer.index()]
    }

    pub fn stop(&mut self, timer: Timer) {
        self.0[timer.index()] = None;
    }

    /// Armed and due.
    pub fn expired(&self, timer: Timer, now: Millis) -> bool {
        self.get(timer).is_some_and(|at| now >= at)
    }

    /// Armed and not due yet.
    pub fn running(&self, timer: Timer, now: Millis) -> bool {
        self.get(timer).is_some_and(|at| now < at)
    }

    pub fn next_deadline(&self) -> Option<Millis> {
        self.0.iter().flatten().min().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_timer_has_its_own_entry() {
        let all: Vec<Timer> = Kind::ALL
            .into_iter()
            .map(Timer::Reply)
            .chain(Kind::ALL.into_iter().map(Timer::Retry))
            .chain([Timer::Reconnect, Timer::Poll, Timer::EarlierReply])
            .collect();
        assert_eq!(all.len(), Timer::COUNT);
        let mut t = TimerTable::default();
        for (i, timer) in all.iter().copied().enumerate() {
            t.set(timer, 100 + i as Millis);
        }
        for (i, timer) in all.iter().copied().enumerate() {
            assert_eq!(t.get(timer), Some(100 + i as Millis), "{timer:?}");
        }
        assert_eq!(t.next_deadline(), Some(100));
        t.stop(Timer::Reply(Kind::Upsert));
        assert_eq!(t.next_deadline(), Some(101));
        let poll = 100 + Timer::COUNT as Millis - 2;
        assert!(t.expired(Timer::Poll, poll) && !t.expired(Timer::Poll, poll - 1) && t.running(Timer::Poll, poll - 1));
    }
}
