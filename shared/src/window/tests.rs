//! Examples of the window across working days, midnight and DST changes.

use chrono::{DateTime, Utc, Weekday};

use super::CallingWindow;
use crate::config::{DailyWindow, TimeOfDay, Timezone, WorkingDays};

fn window(start: &str, end: &str, zone: &str, days: &[Weekday]) -> CallingWindow {
    let daily = DailyWindow::new(
        TimeOfDay::parse(start).unwrap(),
        TimeOfDay::parse(end).unwrap(),
        Timezone::parse(zone).unwrap(),
    )
    .unwrap();
    CallingWindow::new(daily, WorkingDays::new(days.iter().copied()).unwrap())
}

fn every_day(start: &str, end: &str, zone: &str) -> CallingWindow {
    window(
        start,
        end,
        zone,
        &WorkingDays::ALL.iter().collect::<Vec<_>>(),
    )
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];

#[test]
fn the_default_window_is_open_from_nine_until_just_before_six_local_time() {
    let w = every_day("09:00", "18:00", "Asia/Kolkata");
    assert!(!w.is_open(utc("2026-01-05T03:29:59Z")));
    assert!(w.is_open(utc("2026-01-05T03:30:00Z")));
    assert!(w.is_open(utc("2026-01-05T12:29:59Z")));
    assert!(!w.is_open(utc("2026-01-05T12:30:00Z")));
}

#[test]
fn next_opening_is_now_when_the_window_is_open() {
    let w = every_day("09:00", "18:00", "Asia/Kolkata");
    let now = utc("2026-01-05T06:00:00Z");
    assert_eq!(w.next_opening(now), Some(now));
}

#[test]
fn before_the_start_the_next_opening_is_today_and_after_the_end_tomorrow() {
    let w = every_day("09:00", "18:00", "UTC");
    assert_eq!(
        w.next_opening(utc("2026-01-05T07:00:00Z")),
        Some(utc("2026-01-05T09:00:00Z"))
    );
    assert_eq!(
        w.next_opening(utc("2026-01-05T18:00:00Z")),
        Some(utc("2026-01-06T09:00:00Z"))
    );
}

#[test]
fn a_friday_evening_skips_the_weekend_to_monday_morning() {
    let w = window("09:00", "18:00", "Europe/Berlin", &WEEKDAYS);
    // Friday 2026-01-09 19:00 CET.
    let friday_evening = utc("2026-01-09T18:00:00Z");
    assert_eq!(
        w.next_opening(friday_evening),
        Some(utc("2026-01-12T08:00:00Z"))
    );
    assert!(
        !w.is_open(utc("2026-01-10T10:00:00Z")),
        "Saturday is not a working day"
    );
}

#[test]
fn a_window_crossing_midnight_belongs_to_the_day_it_opens() {
    let w = window("22:00", "02:00", "UTC", &[Weekday::Fri]);
    // Friday 2026-01-09.
    assert!(w.is_open(utc("2026-01-09T23:00:00Z")));
    assert!(w.is_open(utc("2026-01-10T01:59:59Z")));
    assert!(!w.is_open(utc("2026-01-10T02:00:00Z")));
    assert!(
        !w.is_open(utc("2026-01-10T23:00:00Z")),
        "Saturday's own window never opens"
    );
    assert_eq!(
        w.current_closing(utc("2026-01-09T23:00:00Z")),
        Some(utc("2026-01-10T02:00:00Z"))
    );
    assert_eq!(
        w.next_opening(utc("2026-01-10T03:00:00Z")),
        Some(utc("2026-01-16T22:00:00Z"))
    );
}

#[test]
fn the_early_hours_of_a_working_day_are_closed_when_the_day_before_is_not_working() {
    let w = window("22:00", "02:00", "UTC", &[Weekday::Mon]);
    // Monday 2026-01-12 01:00: Sunday's window would cover it, but Sunday is off.
    assert!(!w.is_open(utc("2026-01-12T01:00:00Z")));
    assert_eq!(
        w.next_opening(utc("2026-01-12T01:00:00Z")),
        Some(utc("2026-01-12T22:00:00Z"))
    );
}

#[test]
fn current_closing_is_none_when_closed_and_the_end_when_open() {
    let w = every_day("09:00", "18:00", "UTC");
    assert_eq!(w.current_closing(utc("2026-01-05T08:59:59Z")), None);
    assert_eq!(
        w.current_closing(utc("2026-01-05T09:00:00Z")),
        Some(utc("2026-01-05T18:00:00Z"))
    );
}

#[test]
fn on_the_new_york_spring_forward_day_a_window_opening_in_the_gap_opens_at_three() {
    let w = every_day("02:30", "05:00", "America/New_York");
    // Sunday 2026-03-08 00:00 EST.
    let midnight = utc("2026-03-08T05:00:00Z");
    assert_eq!(w.next_opening(midnight), Some(utc("2026-03-08T07:00:00Z")));
    assert_eq!(
        w.current_closing(utc("2026-03-08T07:00:00Z")),
        Some(utc("2026-03-08T09:00:00Z"))
    );
    assert!(!w.is_open(utc("2026-03-08T06:59:59Z")));
}

#[test]
fn a_business_hours_window_follows_the_new_york_offset_change() {
    let w = every_day("09:00", "18:00", "America/New_York");
    assert_eq!(
        w.interval("2026-03-07".parse().unwrap()),
        Some((utc("2026-03-07T14:00:00Z"), utc("2026-03-07T23:00:00Z")))
    );
    assert_eq!(
        w.interval("2026-03-08".parse().unwrap()),
        Some((utc("2026-03-08T13:00:00Z"), utc("2026-03-08T22:00:00Z")))
    );
}

#[test]
fn on_the_new_york_fall_back_day_an_ambiguous_opening_is_the_earlier_instant() {
    let w = every_day("01:30", "03:00", "America/New_York");
    // 01:30 EDT = 05:30Z; 03:00 EST = 08:00Z.
    assert_eq!(
        w.interval("2026-11-01".parse().unwrap()),
        Some((utc("2026-11-01T05:30:00Z"), utc("2026-11-01T08:00:00Z")))
    );
}

#[test]
fn on_the_new_york_fall_back_day_an_ambiguous_closing_is_the_earlier_instant() {
    let w = every_day("00:00", "01:30", "America/New_York");
    // Closes at 01:30 EDT (05:30Z); the repeated 01:10 EST (06:10Z) is closed.
    assert_eq!(
        w.current_closing(utc("2026-11-01T05:00:00Z")),
        Some(utc("2026-11-01T05:30:00Z"))
    );
    assert!(!w.is_open(utc("2026-11-01T06:10:00Z")));
    assert_eq!(
        w.next_opening(utc("2026-11-01T06:10:00Z")),
        Some(utc("2026-11-02T05:00:00Z"))
    );
}

#[test]
fn a_london_window_inside_the_spring_gap_does_not_open_that_day() {
    let w = every_day("01:00", "01:45", "Europe/London");
    assert_eq!(w.interval("2026-03-29".parse().unwrap()), None);
    // Saturday noon → Monday 01:00 BST, skipping the vanished Sunday window.
    assert_eq!(
        w.next_opening(utc("2026-03-28T12:00:00Z")),
        Some(utc("2026-03-30T00:00:00Z"))
    );
}

#[test]
fn a_london_window_in_the_fall_overlap_uses_the_first_pass_of_the_clock() {
    let w = every_day("01:00", "01:30", "Europe/London");
    assert_eq!(
        w.interval("2026-10-25".parse().unwrap()),
        Some((utc("2026-10-25T00:00:00Z"), utc("2026-10-25T00:30:00Z")))
    );
    assert!(
        !w.is_open(utc("2026-10-25T01:10:00Z")),
        "01:10 GMT is the clock's second pass"
    );
}

#[test]
fn a_window_crossing_midnight_into_the_spring_gap_closes_at_the_end_of_the_gap() {
    let w = window("22:00", "02:00", "America/New_York", &[Weekday::Sat]);
    // Saturday 2026-03-07 22:00 EST → Sunday 02:00, which does not exist → 03:00 EDT.
    assert_eq!(
        w.interval("2026-03-07".parse().unwrap()),
        Some((utc("2026-03-08T03:00:00Z"), utc("2026-03-08T07:00:00Z")))
    );
}

#[test]
fn with_no_opening_in_range_next_opening_is_none() {
    let w = every_day("09:00", "18:00", "UTC");
    assert_eq!(w.next_opening(DateTime::<Utc>::MAX_UTC), None);
}
