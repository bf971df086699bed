//! Local times written for reading ("18:00 IST", "Mon 7 Dec, 09:00 IST"),
//! from any source of a zone's offsets: natively chrono-tz's database
//! ([`Timezone`]), in the browser its own `Intl` database, so the page's
//! wasm does without chrono-tz's transition tables (about 170 KB gzip; see
//! docs/frontend.md). The wording is written once, here.

use chrono::{DateTime, Datelike, NaiveDateTime, Offset, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::OffsetName;

use crate::config::Timezone;

/// A timezone as far as wording needs it.
pub trait LocalTimes {
    /// Seconds east of UTC at `at` (IST: 19,800).
    fn utc_offset(&self, at: DateTime<Utc>) -> i32;

    /// The zone's letters at `at` ("IST", "EST", "BST"), or its offset
    /// ([`offset_name`]) for a zone that has none.
    fn abbreviation(&self, at: DateTime<Utc>) -> String;

    /// The wall-clock reading at `at`.
    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.naive_utc() + TimeDelta::seconds(i64::from(self.utc_offset(at)))
    }
}

impl LocalTimes for Timezone {
    fn utc_offset(&self, at: DateTime<Utc>) -> i32 {
        self.tz()
            .offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc()
    }

    fn abbreviation(&self, at: DateTime<Utc>) -> String {
        let offset = self.tz().offset_from_utc_datetime(&at.naive_utc());
        match offset.abbreviation().filter(|short| !short.is_empty()) {
            Some(short) => short.to_owned(),
            None => offset_name(offset.fix().local_minus_utc()),
        }
    }
}

/// An offset as a zone's name: "UTC", "UTC+4", "UTC-3:30", "UTC+5:45".
pub fn offset_name(seconds: i32) -> String {
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

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "14:30": the wall-clock hour and minute in `zone`.
pub fn clock(at: DateTime<Utc>, zone: &dyn LocalTimes) -> String {
    let local = zone.local(at);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// "18:00 IST": the wall-clock time in `zone` and the zone's abbreviation.
pub fn local_time(at: DateTime<Utc>, zone: &dyn LocalTimes) -> String {
    format!("{} {}", clock(at, zone), zone.abbreviation(at))
}

/// "Mon 7 Dec, 09:00 IST": weekday, day, month and time in `zone`.
pub fn local_day_time(at: DateTime<Utc>, zone: &dyn LocalTimes) -> String {
    let local = zone.local(at);
    format!(
        "{} {} {}, {}",
        local.weekday(),
        local.day(),
        MONTHS[local.month0() as usize],
        local_time(at, zone)
    )
}
