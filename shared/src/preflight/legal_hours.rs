//! The usual legal calling hours for outbound calls, by country, in the
//! called person's local time. A small table, easy to extend: add a row with
//! its source. The pre-launch check warns when a campaign's window, seen
//! from the contacts' own country, falls outside these hours.

use chrono::{DateTime, Days, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::window::CallingWindow;

/// One country's hours: calls may start from `from` and must not start at or
/// after `until`, on any day, in each of `zones`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalHours {
    /// ISO 3166 region code, as the phone library names it ("IN").
    pub region: &'static str,
    pub from: (u32, u32),
    pub until: (u32, u32),
    /// The zones the country's people live in; every one is checked.
    pub zones: &'static [Tz],
    /// Where the rule comes from.
    pub source: &'static str,
}

/// The table.
pub const LEGAL_HOURS: &[LegalHours] = &[
    LegalHours {
        region: "IN",
        from: (9, 0),
        until: (21, 0),
        zones: &[Tz::Asia__Kolkata],
        source: "TRAI, Telecom Commercial Communications Customer Preference Regulations 2018: \
                 commercial calls only between 09:00 and 21:00",
    },
    LegalHours {
        region: "US",
        from: (8, 0),
        until: (21, 0),
        zones: &[
            Tz::America__New_York,
            Tz::America__Chicago,
            Tz::America__Denver,
            Tz::America__Phoenix,
            Tz::America__Los_Angeles,
            Tz::America__Anchorage,
            Tz::Pacific__Honolulu,
        ],
        source: "TCPA, 47 CFR 64.1200(c)(1): no telephone solicitation before 08:00 or after \
                 21:00 at the called party's location",
    },
];

/// The table's row for a region, if it has one.
pub fn legal_hours(region: &str) -> Option<&'static LegalHours> {
    LEGAL_HOURS.iter().find(|h| h.region == region)
}

/// Where the window leaves a country's legal hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideLegalHours {
    /// The zone in which it does.
    pub zone: Tz,
    /// The window's opening there, as local clock times ("08:00–20:00").
    pub local_from: NaiveTime,
    pub local_until: NaiveTime,
}

/// Checks the window's openings over the week from `now` against `hours`,
/// zone by zone; the first zone where an opening starts before `from`, ends
/// after `until`, or runs across local midnight.
pub fn window_outside(
    window: &CallingWindow,
    hours: &LegalHours,
    now: DateTime<Utc>,
) -> Option<OutsideLegalHours> {
    let from = NaiveTime::from_hms_opt(hours.from.0, hours.from.1, 0)?;
    let until = NaiveTime::from_hms_opt(hours.until.0, hours.until.1, 0)?;
    let today = now.with_timezone(&window.timezone().tz()).date_naive();
    let openings: Vec<_> = (0..8)
        .filter_map(|n| today.checked_add_days(Days::new(n)))
        .filter_map(|day| window.interval(day))
        .collect();
    for zone in hours.zones {
        for (open, close) in &openings {
            let start = open.with_timezone(zone).naive_local();
            let end = close.with_timezone(zone).naive_local();
            let same_day = start.date() == end.date();
            if start.time() < from || !same_day || end.time() > until {
                return Some(OutsideLegalHours {
                    zone: *zone,
                    local_from: start.time(),
                    local_until: end.time(),
                });
            }
        }
    }
    None
}
