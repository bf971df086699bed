//! When the campaign may dial: a daily time window in a timezone, and the
//! working days. The arithmetic on instants lives in `crate::window`.

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::labels;
use super::timezone::Timezone;

/// A wall-clock time of day in 24-hour `HH:MM`, from 00:00 to 23:59.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeOfDay {
    minutes: u16,
}

impl TimeOfDay {
    /// 09:00, the default window start.
    pub const DEFAULT_START: TimeOfDay = TimeOfDay { minutes: 9 * 60 };
    /// 18:00, the default window end.
    pub const DEFAULT_END: TimeOfDay = TimeOfDay { minutes: 18 * 60 };

    /// A time from hour (0–23) and minute (0–59).
    pub fn new(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then(|| Self {
            minutes: u16::from(hour) * 60 + u16::from(minute),
        })
    }

    /// Reads `HH:MM` or `H:MM` (24-hour; "9:00" means 09:00). "24:00",
    /// "9am", "25:10" and "9:5" are not times.
    pub fn parse(raw: &str) -> Option<Self> {
        let (hour, minute) = raw.trim().split_once(':')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(hour) && hour.len() <= 2 && digits(minute) && minute.len() == 2) {
            return None;
        }
        Self::new(hour.parse().ok()?, minute.parse().ok()?)
    }

    /// The hour, 0–23.
    pub fn hour(self) -> u8 {
        (self.minutes / 60) as u8
    }

    /// The minute, 0–59.
    pub fn minute(self) -> u8 {
        (self.minutes % 60) as u8
    }

    /// Minutes since midnight.
    pub fn minutes_since_midnight(self) -> u16 {
        self.minutes
    }

    /// As a chrono time.
    pub fn to_naive_time(self) -> NaiveTime {
        NaiveTime::from_hms_opt(u32::from(self.hour()), u32::from(self.minute()), 0)
            .expect("hour < 24 and minute < 60 by construction")
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl TryFrom<String> for TimeOfDay {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, String> {
        Self::parse(&raw).ok_or_else(|| format!("\"{raw}\" is not a 24-hour HH:MM time"))
    }
}

impl From<TimeOfDay> for String {
    fn from(t: TimeOfDay) -> String {
        t.to_string()
    }
}

/// The message for a start or end that is not a time.
pub(crate) fn time_format_error(label: &str) -> String {
    format!("{label} must be a 24-hour time in HH:MM format, for example 09:00.")
}

/// The daily calling window: `[start, end)` on the wall clock of `timezone`.
/// Start and end differ; an end earlier than the start means the window
/// crosses midnight and closes on the next day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawDailyWindow")]
pub struct DailyWindow {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::time))]
    start: TimeOfDay,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::time))]
    end: TimeOfDay,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    timezone: Timezone,
}

#[derive(Deserialize)]
struct RawDailyWindow {
    start: TimeOfDay,
    end: TimeOfDay,
    timezone: Timezone,
}

impl TryFrom<RawDailyWindow> for DailyWindow {
    type Error = String;
    fn try_from(raw: RawDailyWindow) -> Result<Self, String> {
        Self::new(raw.start, raw.end, raw.timezone)
    }
}

impl DailyWindow {
    /// A window; start equal to end is refused because the window would be empty.
    pub fn new(start: TimeOfDay, end: TimeOfDay, timezone: Timezone) -> Result<Self, String> {
        if start == end {
            return Err(format!(
                "{} must differ from {}: a window that starts and ends at {start} would be empty.",
                labels::WINDOW_END,
                labels::WINDOW_START
            ));
        }
        Ok(Self {
            start,
            end,
            timezone,
        })
    }

    /// When dialling may begin each working day.
    pub fn start(&self) -> TimeOfDay {
        self.start
    }

    /// When dialling stops (exclusive).
    pub fn end(&self) -> TimeOfDay {
        self.end
    }

    /// The zone the times are read in.
    pub fn timezone(&self) -> Timezone {
        self.timezone
    }

    /// Whether the window closes on the day after it opens (e.g. 22:00–02:00).
    pub fn crosses_midnight(&self) -> bool {
        self.end < self.start
    }
}

/// The days of the week the campaign may dial: at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct WorkingDays {
    /// Bit `n` set = `Weekday::num_days_from_monday() == n` is a working day.
    bits: u8,
}

impl WorkingDays {
    /// All seven days, the default.
    pub const ALL: WorkingDays = WorkingDays { bits: 0b111_1111 };

    /// The days given, ignoring repeats; an empty set is refused.
    pub fn new(days: impl IntoIterator<Item = Weekday>) -> Result<Self, String> {
        let bits = days
            .into_iter()
            .fold(0u8, |bits, d| bits | 1 << d.num_days_from_monday());
        if bits == 0 {
            return Err(format!(
                "{}: select at least one day.",
                labels::WORKING_DAYS
            ));
        }
        Ok(Self { bits })
    }

    /// Reads day names: `mon`, `Monday`, `TUE`… Unknown names are reported.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, String> {
        let mut days = Vec::with_capacity(names.len());
        for name in names {
            let name = name.as_ref();
            days.push(parse_weekday(name).ok_or_else(|| {
                format!(
                    "{}: \"{}\" is not a day of the week.",
                    labels::WORKING_DAYS,
                    name.trim()
                )
            })?);
        }
        Self::new(days)
    }

    /// Whether dialling is allowed on `day`.
    pub fn contains(self, day: Weekday) -> bool {
        self.bits & (1 << day.num_days_from_monday()) != 0
    }

    /// The working days from Monday to Sunday.
    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .filter(move |d| self.contains(*d))
    }
}

impl Default for WorkingDays {
    fn default() -> Self {
        Self::ALL
    }
}

/// The wire name of a day: `mon` … `sun`.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn parse_weekday(raw: &str) -> Option<Weekday> {
    let name = raw.trim().to_ascii_lowercase();
    let day = match name.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    let long = match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    };
    (name == weekday_name(day) || name == long).then_some(day)
}

impl TryFrom<Vec<String>> for WorkingDays {
    type Error = String;
    fn try_from(names: Vec<String>) -> Result<Self, String> {
        Self::parse(&names)
    }
}

impl From<WorkingDays> for Vec<String> {
    fn from(days: WorkingDays) -> Self {
        days.iter().map(|d| weekday_name(d).to_owned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_digit_hour_is_normalised_to_two_digits() {
        assert_eq!(TimeOfDay::parse("9:00").unwrap().to_string(), "09:00");
        assert_eq!(TimeOfDay::parse(" 23:59 ").unwrap().to_string(), "23:59");
        assert_eq!(
            TimeOfDay::parse("00:00").unwrap().minutes_since_midnight(),
            0
        );
    }

    #[test]
    fn times_that_are_not_24_hour_hh_mm_are_rejected() {
        for raw in [
            "24:00", "9am", "25:10", "9:5", "09:60", "0900", ":30", "-1:00", "09:00:00", "+9:00",
        ] {
            assert_eq!(TimeOfDay::parse(raw), None, "{raw}");
        }
    }

    #[test]
    fn a_window_starting_and_ending_at_the_same_time_is_empty_and_refused() {
        let nine = TimeOfDay::DEFAULT_START;
        let err = DailyWindow::new(nine, nine, Timezone::UTC).unwrap_err();
        assert_eq!(
            err,
            "Time Window: End must differ from Time Window: Start: a window that starts and ends at 09:00 would be empty."
        );
    }

    #[test]
    fn a_window_ending_before_it_starts_crosses_midnight() {
        let w = DailyWindow::new(
            TimeOfDay::parse("22:00").unwrap(),
            TimeOfDay::parse("02:00").unwrap(),
            Timezone::UTC,
        )
        .unwrap();
        assert!(w.crosses_midnight());
        assert!(!DailyWindow::new(
            TimeOfDay::DEFAULT_START,
            TimeOfDay::DEFAULT_END,
            Timezone::UTC
        )
        .unwrap()
        .crosses_midnight());
    }

    #[test]
    fn a_stored_window_with_equal_ends_does_not_deserialise() {
        let json = r#"{"start":"09:00","end":"09:00","timezone":"UTC"}"#;
        assert!(serde_json::from_str::<DailyWindow>(json).is_err());
    }

    #[test]
    fn working_days_read_short_and_long_names_and_serialise_mon_to_sun() {
        let days = WorkingDays::parse(&["Friday", "mon", "MON", "wed"]).unwrap();
        assert_eq!(
            serde_json::to_string(&days).unwrap(),
            r#"["mon","wed","fri"]"#
        );
        assert!(days.contains(Weekday::Fri));
        assert!(!days.contains(Weekday::Sat));
    }

    #[test]
    fn no_working_days_is_refused() {
        assert_eq!(
            WorkingDays::parse::<&str>(&[]),
            Err("Working Days: select at least one day.".into())
        );
    }

    #[test]
    fn an_unknown_day_name_is_refused() {
        assert_eq!(
            WorkingDays::parse(&["mon", "funday"]),
            Err("Working Days: \"funday\" is not a day of the week.".into())
        );
        assert!(WorkingDays::parse(&["mondays"]).is_err());
    }

    #[test]
    fn all_seven_days_serialise_in_the_contract_order() {
        assert_eq!(
            serde_json::to_string(&WorkingDays::ALL).unwrap(),
            r#"["mon","tue","wed","thu","fri","sat","sun"]"#
        );
    }
}
