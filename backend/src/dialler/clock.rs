//! The dialler's one source of time. `serve` reads the system clock; the
//! simulator and the tests drive a [`VirtualClock`], so time-driven rules
//! (windows, retry delays, CPS seconds, leases) run without sleeps.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, SubsecRound, Utc};

/// Where the dialler reads `now` from.
pub trait Clock: Send + Sync + 'static {
    /// The current instant, to the millisecond (what the store keeps).
    fn now(&self) -> DateTime<Utc>;
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(3)
    }
}

/// A clock that only moves when told to; clones share one time.
#[derive(Debug, Clone)]
pub struct VirtualClock(Arc<Mutex<DateTime<Utc>>>);

impl VirtualClock {
    /// A clock stopped at `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        VirtualClock(Arc::new(Mutex::new(at.trunc_subsecs(3))))
    }

    /// Moves the clock to `at`; an earlier instant leaves it where it is.
    pub fn advance_to(&self, at: DateTime<Utc>) {
        let mut now = self.0.lock().expect("clock lock");
        *now = (*now).max(at.trunc_subsecs(3));
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock lock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_virtual_clock_moves_only_forward_and_clones_share_it() {
        let start = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let clock = VirtualClock::new(start);
        let other = clock.clone();
        clock.advance_to(start + chrono::Duration::seconds(5));
        clock.advance_to(start);
        assert_eq!(other.now(), start + chrono::Duration::seconds(5));
    }
}
