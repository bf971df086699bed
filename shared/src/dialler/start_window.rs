//! One carrier's recent call starts, for its calls-per-second limit.
//!
//! # The rule
//! "At most `cps` starts in any second" means: for every instant `t`, the
//! starts in `[t, t + 1s)` number at most `cps`. It holds exactly when every
//! start is admitted only if fewer than `cps` starts happened in
//! `(now − 1s, now]` — if `cps + 1` starts fell in some `[t, t + 1s)`, the
//! last of them would have seen the other `cps` inside its own trailing
//! second. So a window keeps only the last `cps` starts, oldest first: a
//! start is allowed when it holds fewer than `cps`, or its oldest is at
//! least one second old.

use std::collections::VecDeque;

use chrono::{DateTime, TimeDelta, Utc};

const SECOND: TimeDelta = TimeDelta::seconds(1);

/// The last `cps` starts through one carrier, oldest first.
#[derive(Debug, Clone)]
pub(crate) struct StartWindow {
    cps: u32,
    starts: VecDeque<DateTime<Utc>>,
}

impl StartWindow {
    /// An empty window for a limit of `cps` starts per second (0 starts nothing).
    pub(crate) fn new(cps: u32) -> Self {
        Self {
            cps,
            starts: VecDeque::with_capacity(cps.min(4_096) as usize),
        }
    }

    /// Changes the limit, keeping the newest starts that still matter.
    pub(crate) fn set_cps(&mut self, cps: u32) {
        self.cps = cps;
        while self.starts.len() > cps as usize {
            self.starts.pop_front();
        }
    }

    /// Whether a start at `now` keeps the rule. O(1).
    pub(crate) fn allows(&self, now: DateTime<Utc>) -> bool {
        if self.starts.len() < self.cps as usize {
            return true;
        }
        self.starts
            .front()
            .is_some_and(|oldest| *oldest + SECOND <= now)
    }

    /// How many starts may still happen at `now`. O(log cps).
    pub(crate) fn free(&self, now: DateTime<Utc>) -> u32 {
        let expired = self.starts.partition_point(|t| *t + SECOND <= now);
        let recent = (self.starts.len() - expired) as u32;
        self.cps.saturating_sub(recent)
    }

    /// The earliest instant `>= now` at which a start is allowed; `None`
    /// when the limit is 0.
    pub(crate) fn frees_at(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.cps == 0 {
            return None;
        }
        if self.allows(now) {
            return Some(now);
        }
        self.starts.front().map(|oldest| *oldest + SECOND)
    }

    /// Records a start at `now`, which must be allowed and not earlier than
    /// the last one recorded. O(1).
    pub(crate) fn record(&mut self, now: DateTime<Utc>) {
        if self.cps == 0 {
            return;
        }
        if self.starts.len() == self.cps as usize {
            self.starts.pop_front();
        }
        self.starts.push_back(now);
    }

    /// Forgets every start and records `starts` instead (the newest `cps`
    /// of them, in time order): the window as the database sees it.
    pub(crate) fn reset(&mut self, starts: impl IntoIterator<Item = DateTime<Utc>>) {
        self.starts.clear();
        if self.cps == 0 {
            return;
        }
        let mut all: Vec<DateTime<Utc>> = starts.into_iter().collect();
        all.sort_unstable();
        let skip = all.len().saturating_sub(self.cps as usize);
        self.starts.extend(all.into_iter().skip(skip));
    }

    /// Records a start made elsewhere (before a restart, or by another
    /// instance), possibly older than starts already recorded: it is put in
    /// time order and only the newest `cps` are kept. O(cps) at worst.
    pub(crate) fn note(&mut self, at: DateTime<Utc>) {
        if self.cps == 0 {
            return;
        }
        let position = self.starts.partition_point(|t| *t <= at);
        self.starts.insert(position, at);
        while self.starts.len() > self.cps as usize {
            self.starts.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(1_700_000_000_000 + n).unwrap()
    }

    #[test]
    fn a_full_window_allows_the_next_start_exactly_one_second_after_its_oldest() {
        let mut window = StartWindow::new(2);
        window.record(ms(0));
        window.record(ms(400));
        assert!(!window.allows(ms(999)));
        assert_eq!(window.frees_at(ms(999)), Some(ms(1_000)));
        assert!(window.allows(ms(1_000)));
        assert_eq!(window.free(ms(1_000)), 1);
        assert_eq!(window.free(ms(1_400)), 2);
    }

    #[test]
    fn a_zero_limit_never_allows_a_start_nor_promises_one() {
        let window = StartWindow::new(0);
        assert!(!window.allows(ms(0)));
        assert_eq!(window.free(ms(0)), 0);
        assert_eq!(window.frees_at(ms(0)), None);
    }

    #[test]
    fn lowering_the_limit_keeps_the_newest_starts() {
        let mut window = StartWindow::new(3);
        for t in [0, 100, 200] {
            window.record(ms(t));
        }
        window.set_cps(1);
        assert!(!window.allows(ms(1_100)));
        assert!(window.allows(ms(1_200)));
    }

    #[test]
    fn a_reset_window_holds_exactly_the_given_starts() {
        let mut window = StartWindow::new(2);
        window.record(ms(0));
        window.record(ms(10));
        window.reset([ms(900), ms(300), ms(600)]);
        assert_eq!(window.free(ms(1_000)), 0);
        assert_eq!(window.frees_at(ms(1_000)), Some(ms(1_600)));
        window.reset([]);
        assert_eq!(window.free(ms(1_000)), 2);
    }

    #[test]
    fn a_start_noted_out_of_order_is_counted_in_time_order() {
        let mut window = StartWindow::new(2);
        window.record(ms(500));
        window.note(ms(100));
        assert!(!window.allows(ms(1_000)));
        assert_eq!(window.frees_at(ms(1_000)), Some(ms(1_100)));
        window.note(ms(50));
        assert_eq!(window.frees_at(ms(1_000)), Some(ms(1_100)));
    }
}
