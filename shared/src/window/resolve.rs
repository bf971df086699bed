//! Turning a wall-clock time in a zone into one instant, across DST changes.
//!
//! - A local time that exists once maps to that instant.
//! - A local time in a spring-forward gap (it never appears on the wall
//!   clock) maps to the first valid instant after the gap: the transition
//!   itself, e.g. 02:30 on 2026-03-08 in New York → 03:00 EDT.
//! - A local time in a fall-back overlap (it appears twice) maps to the
//!   earlier of the two instants. This is used for openings *and* closings:
//!   closing at the first occurrence means the dialler never calls at a wall
//!   time past the window's end, at the cost of up to an hour of calling
//!   time on that one night.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant at which the wall clock of `tz` first shows `local` or later.
/// `None` only at the edges of the representable range.
pub(crate) fn resolve(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Some(earlier.with_timezone(&Utc)),
        LocalResult::None => first_instant_at_or_after(tz, local),
    }
}

/// Binary search for the first instant whose local time is `>= local`.
/// Offsets are within ±1 day, so a ±2 day bracket holds the answer; local
/// time only goes backwards in an overlap, and `local` sits in a gap, so the
/// predicate is monotone over the bracket for every real zone.
fn first_instant_at_or_after(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    const TWO_DAYS: i64 = 2 * 86_400;
    let guess = local.and_utc().timestamp();
    let instant = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0);
    let reached =
        |secs: i64| instant(secs).is_some_and(|at| at.with_timezone(&tz).naive_local() >= local);
    // Whole seconds: transitions fall on them, and so does every local time
    // this module resolves. Invariant: !reached(lo) && reached(hi).
    let (mut lo, mut hi) = (guess - TWO_DAYS, guess + TWO_DAYS);
    if reached(lo) || !reached(hi) {
        return None;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reached(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    instant(hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn an_ordinary_local_time_maps_to_its_instant() {
        let at = resolve(chrono_tz::Asia::Kolkata, local(2026, 1, 5, 9, 0));
        assert_eq!(at, Some(utc("2026-01-05T03:30:00Z")));
    }

    #[test]
    fn a_time_in_the_new_york_spring_gap_maps_to_the_end_of_the_gap() {
        let at = resolve(chrono_tz::America::New_York, local(2026, 3, 8, 2, 30));
        assert_eq!(at, Some(utc("2026-03-08T07:00:00Z")));
    }

    #[test]
    fn a_time_in_the_london_spring_gap_maps_to_the_end_of_the_gap() {
        let at = resolve(chrono_tz::Europe::London, local(2026, 3, 29, 1, 15));
        assert_eq!(at, Some(utc("2026-03-29T01:00:00Z")));
    }

    #[test]
    fn a_time_in_the_new_york_fall_overlap_maps_to_the_earlier_instant() {
        let at = resolve(chrono_tz::America::New_York, local(2026, 11, 1, 1, 30));
        assert_eq!(at, Some(utc("2026-11-01T05:30:00Z")));
    }

    #[test]
    fn a_time_in_the_london_fall_overlap_maps_to_the_earlier_instant() {
        let at = resolve(chrono_tz::Europe::London, local(2026, 10, 25, 1, 30));
        assert_eq!(at, Some(utc("2026-10-25T00:30:00Z")));
    }
}
