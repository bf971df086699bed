//! When a campaign ends by itself — pure rules, no I/O.
//!
//! - **Single Day**: "the campaign stops when the time window ends and does
//!   not resume". The run's day is the window open when it started, or, if
//!   it started while closed, the next window to open; at that window's
//!   closing the campaign completes (live calls finish).
//! - **Multi Day** without Always-on: completes when no contact can be
//!   dialled again — none new, none waiting for a retry or a callback, and
//!   no call live (a live call may still end in a retry).
//! - **Always-on**: never completes by itself; contacts appended later are dialled.

use chrono::{DateTime, Utc};
use outdial_shared::config::{CampaignConfig, Mode};
use outdial_shared::window::CallingWindow;

use super::store::Progress;

/// The instant a Single Day run that started at `started_at` completes;
/// `None` for Multi Day, or if the window never opens.
pub fn single_day_deadline(
    config: &CampaignConfig,
    window: &CallingWindow,
    started_at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if config.mode() != Mode::SingleDay {
        return None;
    }
    if let Some(closing) = window.current_closing(started_at) {
        return Some(closing);
    }
    let opening = window.next_opening(started_at)?;
    window.current_closing(opening)
}

/// Whether a campaign with this much left is finished.
pub fn nothing_left(config: &CampaignConfig, progress: Progress) -> bool {
    config.auto_completes() && progress.live == 0 && progress.waiting == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use outdial_shared::config::CampaignInput;

    fn config(mode: &str, always_on: bool) -> CampaignConfig {
        let json = serde_json::json!({
            "name": "Renewals", "bot_id": 1, "number_ids": [1], "mode": mode,
            "always_on": always_on,
            "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
            "working_days": ["mon", "tue", "wed", "thu", "fri"]
        });
        serde_json::from_value::<CampaignInput>(json)
            .unwrap()
            .parse()
            .unwrap()
    }

    fn ist(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Kolkata
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn single_day_started_inside_the_window_ends_at_that_days_closing() {
        let c = config("single_day", false);
        let w = CallingWindow::from_config(&c);
        // Monday 2026-11-30, 10:00 IST.
        assert_eq!(
            single_day_deadline(&c, &w, ist(2026, 11, 30, 10, 0)),
            Some(ist(2026, 11, 30, 18, 0))
        );
    }

    #[test]
    fn single_day_started_before_opening_or_on_a_weekend_runs_the_next_window() {
        let c = config("single_day", false);
        let w = CallingWindow::from_config(&c);
        assert_eq!(
            single_day_deadline(&c, &w, ist(2026, 11, 30, 7, 0)),
            Some(ist(2026, 11, 30, 18, 0))
        );
        // Saturday 2026-11-28 → Monday's window.
        assert_eq!(
            single_day_deadline(&c, &w, ist(2026, 11, 28, 12, 0)),
            Some(ist(2026, 11, 30, 18, 0))
        );
    }

    #[test]
    fn multi_day_has_no_deadline() {
        let c = config("multi_day", false);
        let w = CallingWindow::from_config(&c);
        assert_eq!(single_day_deadline(&c, &w, ist(2026, 11, 30, 10, 0)), None);
    }

    #[test]
    fn a_campaign_with_nothing_left_completes_unless_always_on() {
        let done = Progress {
            live: 0,
            waiting: 0,
        };
        assert!(nothing_left(&config("multi_day", false), done));
        assert!(!nothing_left(&config("multi_day", true), done));
        let live = Progress {
            live: 1,
            waiting: 0,
        };
        assert!(!nothing_left(&config("multi_day", false), live));
        let waiting = Progress {
            live: 0,
            waiting: 3,
        };
        assert!(!nothing_left(&config("multi_day", false), waiting));
    }
}
