//! What the operator is told about a campaign's calling window at an
//! instant — open until when, opening when, or never — and the wording of
//! a local time ("Mon 7 Dec, 09:00 IST"), so the campaign list, the detail
//! page and any other screen say it alike. Written by hand rather than with
//! chrono's `format`, whose strftime engine would enlarge the browser's wasm.

use chrono::{DateTime, Datelike, Offset, TimeZone, Timelike, Utc};
use chrono_tz::OffsetName;

use super::CallingWindow;
use crate::config::{Mode, Timezone};
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
}

impl WindowState {
    /// "Open until 18:00 IST", "Opens Mon 7 Dec, 09:00 IST", "Never opens",
    /// in the campaign's timezone `tz`.
    pub fn describe(self, tz: Timezone) -> String {
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
    window: &CallingWindow,
    status: Status,
    mode: Mode,
    at: DateTime<Utc>,
    viewer: Option<Timezone>,
) -> Option<String> {
    if status != Status::Running {
        return None;
    }
    let tz = window.timezone();
    match window.state(at) {
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
fn same_clock(at: DateTime<Utc>, a: Timezone, b: Option<Timezone>) -> bool {
    let Some(b) = b else { return true };
    let offset = |tz: Timezone| {
        tz.tz()
            .offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc()
    };
    offset(a) == offset(b)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The zone's abbreviation at `at` ("IST", "EST", "BST"); for a zone the
/// database gives no letters, its offset ("UTC+4", "UTC-3:30").
fn abbreviation(at: DateTime<Utc>, tz: Timezone) -> String {
    let offset = tz.tz().offset_from_utc_datetime(&at.naive_utc());
    if let Some(short) = offset.abbreviation().filter(|short| !short.is_empty()) {
        return short.to_owned();
    }
    let seconds = offset.fix().local_minus_utc();
    if seconds == 0 {
        return "UTC".to_owned();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    match minutes % 60 {
        0 => format!("UTC{sign}{}", minutes / 60),
        rest => format!("UTC{sign}{}:{rest:02}", minutes / 60),
    }
}

/// "18:00 IST": the wall-clock time in `tz` and the zone's abbreviation.
pub fn local_time(at: DateTime<Utc>, tz: Timezone) -> String {
    let local = at.with_timezone(&tz.tz());
    format!(
        "{:02}:{:02} {}",
        local.hour(),
        local.minute(),
        abbreviation(at, tz)
    )
}

/// "Mon 7 Dec, 09:00 IST": weekday, day, month and time in `tz`.
pub fn local_day_time(at: DateTime<Utc>, tz: Timezone) -> String {
    let local = at.with_timezone(&tz.tz());
    format!(
        "{} {} {}, {}",
        local.weekday(),
        local.day(),
        MONTHS[local.month0() as usize],
        local_time(at, tz)
    )
}

#[cfg(test)]
mod tests {
    use chrono::Weekday;

    use super::*;
    use crate::config::{DailyWindow, TimeOfDay, WorkingDays};

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
        window.state(utc(at)).describe(window.timezone())
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
        running_notice(&window, Status::Running, mode, utc(at), viewer)
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
            assert_eq!(
                running_notice(
                    &window,
                    status,
                    Mode::MultiDay,
                    utc("2026-12-01T14:00:00Z"),
                    None
                ),
                None
            );
        }
    }

    #[test]
    fn utc_is_called_utc() {
        assert_eq!(
            told("UTC", "2026-12-01T20:00:00Z"),
            "Opens Wed 2 Dec, 09:00 UTC"
        );
    }
}
