//! The calling window as instants: is dialling allowed at instant T, when
//! does it next open, and when does the current opening close — in the
//! campaign's IANA timezone, on its working days, correct across DST.
//!
//! # Model
//! Each working day D contributes one half-open interval
//! `[open(D), close(D))`: `open(D)` is `start` on D's wall clock and
//! `close(D)` is `end` on D's wall clock, or on D+1 when the window crosses
//! midnight (end before start). A window therefore belongs to the working
//! day on which it **opens**: 22:00–02:00 on a Friday-only campaign runs
//! Friday 22:00 → Saturday 02:00, and Saturday's early hours are open only
//! because Friday's window spills into them.
//!
//! Local times are turned into instants as described in [`resolve`]: a
//! time skipped by spring-forward resolves to the first valid instant after
//! the gap, and a time repeated by fall-back resolves to the earlier
//! instant, for openings and closings alike (so dialling never happens at a
//! wall time past the end). A day whose opening and closing resolve to the
//! same instant (both inside one gap) has no opening.

mod resolve;
mod state;
mod zone;

pub use state::{running_notice, WindowSchedule, WindowState};
pub use zone::{clock, local_day_time, local_time, offset_name, LocalTimes};

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use crate::config::{CampaignConfig, DailyWindow, TimeOfDay, Timezone, WorkingDays};

/// How many days ahead [`CallingWindow::next_opening`] looks. With at least
/// one working day an opening always exists within a week; the margin
/// covers a working day whose whole window falls inside a DST gap.
const SEARCH_DAYS: u64 = 21;

/// A campaign's calling schedule: a daily window and the working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallingWindow {
    daily: DailyWindow,
    working_days: WorkingDays,
}

impl CallingWindow {
    /// A window from its parts (the [`DailyWindow`] guarantees start ≠ end,
    /// [`WorkingDays`] at least one day).
    pub fn new(daily: DailyWindow, working_days: WorkingDays) -> Self {
        Self {
            daily,
            working_days,
        }
    }

    /// The window of a campaign.
    pub fn from_config(config: &CampaignConfig) -> Self {
        Self::new(*config.window(), config.working_days())
    }

    /// When dialling may begin each working day.
    pub fn start(&self) -> TimeOfDay {
        self.daily.start()
    }

    /// When dialling stops (exclusive).
    pub fn end(&self) -> TimeOfDay {
        self.daily.end()
    }

    /// The zone the window is measured in.
    pub fn timezone(&self) -> Timezone {
        self.daily.timezone()
    }

    /// The days on which the window opens.
    pub fn working_days(&self) -> WorkingDays {
        self.working_days
    }

    /// Whether a call may start at `at`.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        self.current_closing(at).is_some()
    }

    /// The first instant `>= at` at which a call may start: `at` itself when
    /// the window is open. `None` only if the window never opens again
    /// within the representable range.
    pub fn next_opening(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let today = self.local_date(at);
        let first = today.pred_opt().unwrap_or(today);
        (0..=SEARCH_DAYS)
            .map_while(|n| first.checked_add_days(Days::new(n)))
            .filter_map(|day| self.interval(day))
            .find(|(_, close)| *close > at)
            .map(|(open, _)| open.max(at))
    }

    /// When the opening that contains `at` ends, or `None` if the window is
    /// closed at `at`. The dialler stops new calls at this instant, and a
    /// Single Day campaign completes there.
    pub fn current_closing(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let today = self.local_date(at);
        [today.pred_opt(), Some(today), today.succ_opt()]
            .into_iter()
            .flatten()
            .filter_map(|day| self.interval(day))
            .find(|(open, close)| *open <= at && at < *close)
            .map(|(_, close)| close)
    }

    /// The opening that belongs to working day `day`, or `None` if `day` is
    /// not a working day or its window vanishes in a DST gap.
    pub fn interval(&self, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.working_days.contains(day.weekday()) {
            return None;
        }
        let tz = self.timezone().tz();
        let open = resolve::resolve(tz, day.and_time(self.start().to_naive_time()))?;
        let close_day = if self.daily.crosses_midnight() {
            day.succ_opt()?
        } else {
            day
        };
        let close = resolve::resolve(tz, close_day.and_time(self.end().to_naive_time()))?;
        (open < close).then_some((open, close))
    }

    fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.timezone().tz()).date_naive()
    }
}

impl From<&CampaignConfig> for CallingWindow {
    fn from(config: &CampaignConfig) -> Self {
        Self::from_config(config)
    }
}

#[cfg(test)]
mod tests;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
