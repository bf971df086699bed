//! The forecast's answer (`GET /api/campaigns/{id}/forecast`,
//! `POST /api/forecast`) and the pure arithmetic behind it: percentiles of
//! several simulated runs, and time counted in the calling window's open
//! hours, which is how a sampled run is scaled up to the whole list
//! (docs/forecast.md). The runs themselves are the real scheduler on a
//! virtual clock, in the server.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::config::CampaignInput;
use crate::contacts::with_commas;
use crate::window::{local_day_time, CallingWindow, LocalTimes};

/// How the forecast came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ForecastOutcome {
    /// The figures below are ranges over the runs.
    Ranges,
    /// The calling window never opens: nothing will ever be dialled.
    Never,
    /// No contact is left to call.
    NothingToCall,
}

/// Where the outcome rates (answers, machines, rejections, talk time) came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RatesSource {
    /// This campaign's own ended attempts.
    Campaign,
    /// The recent ended attempts of the carriers of its numbers.
    Carriers,
    /// The documented defaults (no history yet).
    Defaults,
}

impl RatesSource {
    /// The sentence the forecast gives for it.
    pub fn describe(self, attempts: u64) -> String {
        match self {
            RatesSource::Campaign => format!(
                "Outcome rates from this campaign's own {} ended attempts.",
                crate::contacts::with_commas(attempts)
            ),
            RatesSource::Carriers => format!(
                "Outcome rates from the {} attempts its carriers ended in the last 7 days.",
                crate::contacts::with_commas(attempts)
            ),
            RatesSource::Defaults => "Outcome rates are the defaults (45 % answered, 15 % of \
                                      those by a machine): there is no call history yet."
                .to_owned(),
        }
    }
}

/// An instant as a range: the 10th and 90th percentile of the runs. `null`
/// for a bound the runs did not reach within the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeRange {
    pub p10: Option<DateTime<Utc>>,
    pub p90: Option<DateTime<Utc>>,
}

/// A count as a range: the 10th and 90th percentile of the runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountRange {
    pub p10: u64,
    pub p90: u64,
}

/// The forecast of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Forecast {
    pub outcome: ForecastOutcome,
    /// When the forecast starts from (now, or the moment it was asked).
    pub from: DateTime<Utc>,
    /// Contacts forecast (those still to call).
    pub contacts: u64,
    /// When every contact has had its first attempt.
    pub first_pass_end: TimeRange,
    /// When the last call ends: every contact done, or the campaign completed.
    pub campaign_end: TimeRange,
    /// Attempts the campaign places from now.
    pub attempts: CountRange,
    /// Contacts expected to end without being reached.
    pub unreached: CountRange,
    /// Days simulated at most; a bound past it is `null`.
    pub horizon_days: u32,
    /// Runs simulated (seeds).
    pub runs: u32,
    /// Contacts simulated in each run: fewer than `contacts` when sampled.
    pub simulated_contacts: u64,
    pub rates_from: RatesSource,
    /// Probability that a call is answered, in the rates used.
    pub answer_rate: f64,
    /// How the forecast was made, in sentences (sampling, rates).
    pub notes: Vec<String>,
    /// Milliseconds the forecast took.
    pub took_ms: u64,
}

/// The body of `POST /api/forecast`: the wizard's form and how many contacts
/// its file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastRequest {
    /// The configuration as `POST /api/campaigns` takes it.
    pub campaign: CampaignInput,
    /// Contacts to forecast (the file's valid rows), at most a list's 500,000.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(maximum = 500_000))]
    pub contacts: u64,
}

impl TimeRange {
    /// "Tue 3 Mar, 14:00 IST – Wed 4 Mar, 11:00 IST", one time when both
    /// bounds read alike, "after …" when the later bound is past the
    /// horizon, "not within 90 days" when neither is reached.
    pub fn describe(&self, zone: &dyn LocalTimes, horizon_days: u32) -> String {
        match (self.p10, self.p90) {
            (Some(low), Some(high)) => {
                let (low, high) = (local_day_time(low, zone), local_day_time(high, zone));
                if low == high {
                    low
                } else {
                    format!("{low} – {high}")
                }
            }
            (Some(low), None) => format!(
                "{} or later (some runs not within {horizon_days} days)",
                local_day_time(low, zone)
            ),
            _ => format!("not within {horizon_days} days"),
        }
    }
}

impl CountRange {
    /// "1,504 – 1,564", or one figure when both bounds are equal.
    pub fn describe(&self) -> String {
        if self.p10 == self.p90 {
            with_commas(self.p10)
        } else {
            format!("{} – {}", with_commas(self.p10), with_commas(self.p90))
        }
    }
}

/// The `p`th percentile (0–100) of `values` by the nearest-rank method;
/// `None` sorts after every value (a run that did not get there).
pub fn percentile<T: Ord + Copy>(values: &[Option<T>], p: u32) -> Option<T> {
    if values.is_empty() {
        return None;
    }
    let mut sorted: Vec<Option<T>> = values.to_vec();
    sorted.sort_by(|a, b| match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let rank = (u64::from(p) * sorted.len() as u64).div_ceil(100).max(1) as usize;
    sorted[rank - 1]
}

/// The local days whose openings can overlap `from..to`, in the window's zone.
fn days(window: &CallingWindow, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<NaiveDate> {
    let tz = window.timezone().tz();
    let first = from.with_timezone(&tz).date_naive() - Days::new(1);
    let last = to.with_timezone(&tz).date_naive() + Days::new(1);
    first.iter_days().take_while(|d| *d <= last).collect()
}

/// Seconds of the window open between `from` and `to`.
pub fn open_seconds(window: &CallingWindow, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    if to <= from {
        return 0;
    }
    days(window, from, to)
        .into_iter()
        .filter_map(|day| window.interval(day))
        .map(|(open, close)| (close.min(to) - open.max(from)).num_seconds().max(0))
        .sum()
}

/// The instant at which `seconds` of open window have passed since `from`;
/// `None` when that is later than `limit` (or the window never opens).
pub fn after_open_seconds(
    window: &CallingWindow,
    from: DateTime<Utc>,
    seconds: i64,
    limit: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let mut left = seconds.max(0);
    for day in days(window, from, limit) {
        let Some((open, close)) = window.interval(day) else {
            continue;
        };
        let start = open.max(from);
        if close <= start {
            continue;
        }
        let span = (close - start).num_seconds();
        if span >= left {
            let at = start + Duration::seconds(left);
            return (at <= limit).then_some(at);
        }
        left -= span;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn window(extra: serde_json::Value) -> CallingWindow {
        let mut base = json!({
            "name": "F", "bot_id": 1, "number_ids": [1], "mode": "multi_day",
            "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
            "working_days": ["mon", "tue", "wed", "thu", "fri"]
        });
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        let input: CampaignInput = serde_json::from_value(base).unwrap();
        CallingWindow::from_config(&input.parse().unwrap())
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_tenth_and_ninetieth_percentiles_are_nearest_ranks_and_missing_runs_sort_last() {
        let runs: Vec<Option<u64>> = (1..=10).map(Some).collect();
        assert_eq!(percentile(&runs, 10), Some(1));
        assert_eq!(percentile(&runs, 90), Some(9));
        let five = [Some(3u64), Some(1), None, Some(2), Some(5)];
        assert_eq!(percentile(&five, 10), Some(1));
        assert_eq!(percentile(&five, 90), None);
        assert_eq!(percentile::<u64>(&[], 50), None);
    }

    #[test]
    fn ranges_read_as_the_operator_sees_them() {
        let zone = crate::config::Timezone::parse("Asia/Kolkata").unwrap();
        let range = TimeRange {
            p10: Some(at("2026-03-03T08:30:00Z")),
            p90: Some(at("2026-03-04T05:30:00Z")),
        };
        assert_eq!(
            range.describe(&zone, 90),
            "Tue 3 Mar, 14:00 IST – Wed 4 Mar, 11:00 IST"
        );
        let same = TimeRange {
            p10: range.p10,
            p90: range.p10,
        };
        assert_eq!(same.describe(&zone, 90), "Tue 3 Mar, 14:00 IST");
        let open = TimeRange {
            p10: range.p10,
            p90: None,
        };
        assert_eq!(
            open.describe(&zone, 90),
            "Tue 3 Mar, 14:00 IST or later (some runs not within 90 days)"
        );
        let never = TimeRange {
            p10: None,
            p90: None,
        };
        assert_eq!(never.describe(&zone, 90), "not within 90 days");
        assert_eq!(
            CountRange {
                p10: 1504,
                p90: 1564
            }
            .describe(),
            "1,504 – 1,564"
        );
        assert_eq!(CountRange { p10: 7, p90: 7 }.describe(), "7");
    }

    #[test]
    fn open_seconds_count_only_the_windows_hours_on_working_days() {
        let w = window(json!({}));
        // Fri 09:00 IST to Mon 10:00 IST: Friday's 9 h and Monday's 1 h.
        let from = at("2026-03-06T03:30:00Z");
        let to = at("2026-03-09T04:30:00Z");
        assert_eq!(open_seconds(&w, from, to), 10 * 3600);
        assert_eq!(open_seconds(&w, to, from), 0);
    }

    #[test]
    fn after_open_seconds_walks_the_windows_hours_forward() {
        let w = window(json!({}));
        // From Friday 17:00 IST, two open hours end Monday 10:00 IST.
        let from = at("2026-03-06T11:30:00Z");
        let limit = from + Duration::days(30);
        assert_eq!(
            after_open_seconds(&w, from, 2 * 3600, limit),
            Some(at("2026-03-09T04:30:00Z"))
        );
        assert_eq!(after_open_seconds(&w, from, 0, limit), Some(from));
        // A thousand open hours are further than 30 days away.
        assert_eq!(after_open_seconds(&w, from, 1000 * 3600, limit), None);
    }

    #[test]
    fn open_seconds_and_after_open_seconds_agree() {
        let w = window(json!({"working_days": ["mon", "wed", "sat"]}));
        let from = at("2026-03-03T01:00:00Z");
        let limit = from + Duration::days(60);
        for hours in [1, 7, 9, 10, 30, 100] {
            let end = after_open_seconds(&w, from, hours * 3600, limit).unwrap();
            assert_eq!(open_seconds(&w, from, end), hours * 3600, "{hours} h");
        }
    }
}
