//! What the operator is told about a campaign's calling window at an
//! instant — open until when, opening when, or never — so the campaign
//! list, the detail page and any other screen say it alike. The server
//! works the window out ([`CallingWindow::schedule`]); the browser reads
//! the state at its own clock from that schedule ([`WindowSchedule::state_at`])
//! and words it with its own zone data ([`LocalTimes`]). Times are written
//! by hand rather than with chrono's `format`, whose strftime engine would
//! enlarge the browser's wasm.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::zone::{local_day_time, local_time, LocalTimes};
use super::CallingWindow;
use crate::config::Mode;
use crate::lifecycle::Status;

/// The window as seen at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowState {
    /// Calls may start now, until `closes_at`.
    Open { closes_at: DateTime<Utc> },
    /// Closed now; the next opening is `at`.
    Opens { at: DateTime<Utc> },
    /// No opening ahead (every working day's window falls in a DST gap).
    Never,
}

impl CallingWindow {
    /// The window at `at`.
    pub fn state(&self, at: DateTime<Utc>) -> WindowState {
        if let Some(closes_at) = self.current_closing(at) {
            return WindowState::Open { closes_at };
        }
        match self.next_opening(at) {
            Some(opening) => WindowState::Opens { at: opening },
            None => WindowState::Never,
        }
    }

    /// The window from `at` on, for a reader with its own clock: the
    /// current opening's close, if open, and the next opening after that.
    pub fn schedule(&self, at: DateTime<Utc>) -> WindowSchedule {
        let closes_at = self.current_closing(at);
        WindowSchedule {
            closes_at,
            next_opening: self.next_opening(closes_at.unwrap_or(at)),
        }
    }
}

/// A campaign's window from the instant the server answered, so a page can
/// tell the state at its own clock without the zone's rules: open until
/// `closes_at` (if set), then closed until `next_opening`. Past
/// `next_opening` the schedule is stale and must be read again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowSchedule {
    /// When the window open at the answer closes; `null` when it was closed.
    pub closes_at: Option<DateTime<Utc>>,
    /// The next opening after that (after the answer when closed); `null`
    /// when the window never opens again.
    pub next_opening: Option<DateTime<Utc>>,
}

impl WindowSchedule {
    /// The state at `now`, or `None` once `now` is past the next opening
    /// (the schedule must be read again). `now` before the answer is read
    /// as the answer's instant.
    pub fn state_at(&self, now: DateTime<Utc>) -> Option<WindowState> {
        if let Some(closes_at) = self.closes_at.filter(|closes_at| now < *closes_at) {
            return Some(WindowState::Open { closes_at });
        }
        match self.next_opening {
            Some(at) if now < at => Some(WindowState::Opens { at }),
            Some(_) => None,
            None => Some(WindowState::Never),
        }
    }
}

impl WindowState {
    /// "Open until 18:00 IST", "Opens Mon 7 Dec, 09:00 IST", "Never opens",
    /// in the campaign's timezone `tz`.
    pub fn describe(self, tz: &dyn LocalTimes) -> String {
        match self {
            WindowState::Open { closes_at } => format!("Open until {}", local_time(closes_at, tz)),
            WindowState::Opens { at } => format!("Opens {}", local_day_time(at, tz)),
            WindowState::Never => "Never opens".to_owned(),
        }
    }
}

/// What the campaign's page says about its window while it runs, or
/// `None` when there is nothing to say (not running, or open with no end
/// to announce): "Waiting — the next window opens at Mon 7 Dec, 09:00 IST
/// (Mon 7 Dec, 03:30 UTC your time)" when closed, the viewer's zone only
/// when its clock differs; "This Single Day campaign completes when the
/// window closes at 18:00 IST." while a Single Day campaign's window is
/// open.
pub fn running_notice(
    state: WindowState,
    status: Status,
    mode: Mode,
    tz: &dyn LocalTimes,
    viewer: Option<&dyn LocalTimes>,
) -> Option<String> {
    if status != Status::Running {
        return None;
    }
    match state {
        WindowState::Opens { at: opening } => {
            let theirs = local_day_time(opening, tz);
            let yours = viewer
                .map(|viewer| local_day_time(opening, viewer))
                .filter(|yours| *yours != theirs && !same_clock(opening, tz, viewer));
            Some(match yours {
                Some(yours) => {
                    format!("Waiting — the next window opens at {theirs} ({yours} your time)")
                }
                None => format!("Waiting — the next window opens at {theirs}"),
            })
        }
        WindowState::Open { closes_at } if mode == Mode::SingleDay => Some(format!(
            "This Single Day campaign completes when the window closes at {}.",
            local_time(closes_at, tz)
        )),
        WindowState::Open { .. } => None,
        WindowState::Never => Some(
            "Waiting — the window never opens: its working days' hours fall in a daylight-saving gap."
                .to_owned(),
        ),
    }
}

/// Whether two zones' clocks read the same at `at` (Asia/Calcutta and
/// Asia/Kolkata): the viewer's time would only repeat the campaign's.
fn same_clock(at: DateTime<Utc>, a: &dyn LocalTimes, b: Option<&dyn LocalTimes>) -> bool {
    b.is_none_or(|b| a.utc_offset(at) == b.utc_offset(at))
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;
    use crate::config::{DailyWindow, TimeOfDay, Timezone, WorkingDays};

    fn weekdays_nine_to_six(zone: &str) -> CallingWindow {
        let daily = DailyWindow::new(
            TimeOfDay::parse("09:00").unwrap(),
            TimeOfDay::parse("18:00").unwrap(),
            Timezone::parse(zone).unwrap(),
        )
        .unwrap();
        let days = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ];
        CallingWindow::new(daily, WorkingDays::new(days).unwrap())
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn told(zone: &str, at: &str) -> String {
        let window = weekdays_nine_to_six(zone);
        window.state(utc(at)).describe(&window.timezone())
    }

    #[test]
    fn an_open_window_says_when_it_closes_in_the_campaign_timezone() {
        // Tuesday 1 Dec 2026, 10:30 in Kolkata.
        assert_eq!(
            told("Asia/Kolkata", "2026-12-01T05:00:00Z"),
            "Open until 18:00 IST"
        );
    }

    #[test]
    fn before_the_start_the_window_opens_the_same_day() {
        assert_eq!(
            told("Asia/Kolkata", "2026-12-01T02:00:00Z"),
            "Opens Tue 1 Dec, 09:00 IST"
        );
    }

    #[test]
    fn at_the_weekend_the_window_opens_on_the_next_working_day() {
        // Saturday 5 Dec 2026 noon in New York.
        assert_eq!(
            told("America/New_York", "2026-12-05T17:00:00Z"),
            "Opens Mon 7 Dec, 09:00 EST"
        );
    }

    #[test]
    fn the_abbreviation_follows_daylight_saving() {
        assert_eq!(
            told("Europe/London", "2026-07-01T07:00:00Z"),
            "Opens Wed 1 Jul, 09:00 BST"
        );
        assert_eq!(
            told("Europe/London", "2026-12-01T07:00:00Z"),
            "Opens Tue 1 Dec, 09:00 GMT"
        );
    }

    #[test]
    fn a_zone_without_an_abbreviation_is_shown_by_its_offset() {
        // These zones have no letters in the database, only offsets.
        assert_eq!(
            told("Asia/Dubai", "2026-12-01T06:00:00Z"),
            "Open until 18:00 UTC+4"
        );
        assert_eq!(
            told("America/Caracas", "2026-12-01T14:00:00Z"),
            "Open until 18:00 UTC-4"
        );
        assert_eq!(
            told("Asia/Kathmandu", "2026-12-01T06:00:00Z"),
            "Open until 18:00 UTC+5:45"
        );
    }

    fn notice(zone: &str, mode: Mode, at: &str, viewer: Option<&str>) -> Option<String> {
        let window = weekdays_nine_to_six(zone);
        let viewer = viewer.map(|v| Timezone::parse(v).unwrap());
        let state = window.state(utc(at));
        running_notice(
            state,
            Status::Running,
            mode,
            &window.timezone(),
            viewer.as_ref().map(|v| v as &dyn LocalTimes),
        )
    }

    #[test]
    fn a_running_campaign_outside_its_window_waits_for_the_next_opening_in_both_zones() {
        assert_eq!(
            notice("Asia/Kolkata", Mode::MultiDay, "2026-12-01T14:00:00Z", Some("Europe/London"))
                .as_deref(),
            Some("Waiting — the next window opens at Wed 2 Dec, 09:00 IST (Wed 2 Dec, 03:30 GMT your time)")
        );
        // The viewer's own zone, or one whose clock reads the same, is not repeated.
        for viewer in [None, Some("Asia/Kolkata"), Some("Asia/Calcutta")] {
            assert_eq!(
                notice(
                    "Asia/Kolkata",
                    Mode::MultiDay,
                    "2026-12-01T14:00:00Z",
                    viewer
                )
                .as_deref(),
                Some("Waiting — the next window opens at Wed 2 Dec, 09:00 IST"),
                "{viewer:?}"
            );
        }
    }

    #[test]
    fn a_single_day_campaign_says_it_completes_at_the_close_while_its_window_is_open() {
        assert_eq!(
            notice(
                "Asia/Kolkata",
                Mode::SingleDay,
                "2026-12-01T05:00:00Z",
                None
            )
            .as_deref(),
            Some("This Single Day campaign completes when the window closes at 18:00 IST.")
        );
        assert_eq!(
            notice("Asia/Kolkata", Mode::MultiDay, "2026-12-01T05:00:00Z", None),
            None,
            "a Multi Day campaign's open window needs no notice"
        );
    }

    #[test]
    fn only_a_running_campaign_has_a_window_notice() {
        let window = weekdays_nine_to_six("Asia/Kolkata");
        for status in [Status::Draft, Status::Paused, Status::Completed] {
            let state = window.state(utc("2026-12-01T14:00:00Z"));
            assert_eq!(
                running_notice(state, status, Mode::MultiDay, &window.timezone(), None),
                None
            );
        }
    }

    #[test]
    fn a_schedule_read_at_a_later_clock_tells_the_same_state_as_the_window() {
        let window = weekdays_nine_to_six("Asia/Kolkata");
        // Answered on Friday 4 Dec 2026 at 17:00 IST: open until 18:00,
        // then closed over the weekend until Monday 09:00.
        let schedule = window.schedule(utc("2026-12-04T11:30:00Z"));
        assert_eq!(schedule.closes_at, Some(utc("2026-12-04T12:30:00Z")));
        assert_eq!(schedule.next_opening, Some(utc("2026-12-07T03:30:00Z")));
        for at in [
            "2026-12-04T11:30:00Z",
            "2026-12-04T12:29:59Z",
            "2026-12-04T12:30:00Z",
            "2026-12-05T08:00:00Z",
            "2026-12-07T03:29:59Z",
        ] {
            assert_eq!(
                schedule.state_at(utc(at)),
                Some(window.state(utc(at))),
                "{at}"
            );
        }
        assert_eq!(
            schedule.state_at(utc("2026-12-07T03:30:00Z")),
            None,
            "past the next opening the schedule is stale"
        );
        let closed = window.schedule(utc("2026-12-05T08:00:00Z"));
        assert_eq!(closed.closes_at, None);
        assert_eq!(closed.next_opening, Some(utc("2026-12-07T03:30:00Z")));
    }

    #[test]
    fn a_schedule_with_no_opening_ahead_never_opens() {
        let schedule = WindowSchedule {
            closes_at: None,
            next_opening: None,
        };
        assert_eq!(
            schedule.state_at(utc("2026-12-05T08:00:00Z")),
            Some(WindowState::Never)
        );
    }

    #[test]
    fn utc_is_called_utc() {
        assert_eq!(
            told("UTC", "2026-12-01T20:00:00Z"),
            "Opens Wed 2 Dec, 09:00 UTC"
        );
    }
}
