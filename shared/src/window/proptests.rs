//! Properties of the window that must hold for every zone, window and instant.

use chrono::{DateTime, TimeDelta, Utc, Weekday};
use proptest::prelude::*;

use super::CallingWindow;
use crate::config::{DailyWindow, TimeOfDay, Timezone, WorkingDays};

const ZONES: [&str; 8] = [
    "UTC",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Pacific/Chatham",
];

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn any_window() -> impl Strategy<Value = CallingWindow> {
    (0..ZONES.len(), 0u16..1440, 1u16..1440, 1u8..128).prop_map(|(zone, start, len, days)| {
        let end = (start + len) % 1440;
        let time = |m: u16| TimeOfDay::new((m / 60) as u8, (m % 60) as u8).unwrap();
        let daily = DailyWindow::new(
            time(start),
            time(end),
            Timezone::parse(ZONES[zone]).unwrap(),
        )
        .unwrap();
        let days = WorkingDays::new(
            DAYS.iter()
                .copied()
                .filter(|d| days & 1 << d.num_days_from_monday() != 0),
        )
        .unwrap();
        CallingWindow::new(daily, days)
    })
}

/// Instants from 2025 to 2028, at one-second resolution, so DST changes are covered.
fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (1_735_689_600i64..1_830_297_600).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn next_opening_is_open_and_not_before_the_instant(w in any_window(), t in any_instant()) {
        let next = w.next_opening(t).expect("a window with working days opens again");
        prop_assert!(next >= t);
        prop_assert!(w.is_open(next), "{next} should be open");
    }

    #[test]
    fn nothing_between_an_instant_and_the_next_opening_is_open(w in any_window(), t in any_instant()) {
        let next = w.next_opening(t).unwrap();
        let gap = next - t;
        if gap > TimeDelta::zero() {
            prop_assert!(!w.is_open(t));
            for k in 1..64 {
                let sample = t + gap * k / 64;
                if sample < next {
                    prop_assert!(!w.is_open(sample), "{sample} is open before {next}");
                }
            }
            let last_second = next - TimeDelta::seconds(1);
            if last_second > t {
                prop_assert!(!w.is_open(last_second));
            }
        }
    }

    #[test]
    fn open_exactly_when_the_next_opening_is_now(w in any_window(), t in any_instant()) {
        prop_assert_eq!(w.is_open(t), w.next_opening(t) == Some(t));
    }

    #[test]
    fn the_current_closing_is_later_and_the_window_stays_open_until_it(w in any_window(), t in any_instant()) {
        match w.current_closing(t) {
            Some(close) => {
                prop_assert!(w.is_open(t));
                prop_assert!(close > t);
                prop_assert!(w.is_open(close - TimeDelta::seconds(1)));
                prop_assert!(close - t <= TimeDelta::hours(26));
            }
            None => prop_assert!(!w.is_open(t)),
        }
    }
}
