//! What a campaign's dashboard draws, worked out from its figures
//! ([`CampaignStats`]) without I/O so it is tested natively: the contacts
//! by state for the stacked bar (done split by reason), the live calls
//! against the concurrency limit, the attempts of the last 24 hours hour by
//! hour with each hour named in the campaign's timezone, the outcomes by
//! disposition (connected calls split into people and answering machines)
//! and the answer rate.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::api::{CampaignStats, ContactCounts, ContactState};
use crate::config::SystemDisposition;
use crate::retry::DoneReason;
use crate::window::{clock, LocalTimes};

/// One part of the contacts bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Stable name for styling and tests: `pending`, `in_call`, `retry`,
    /// `callback`, `done_<reason>`, `excluded`.
    pub key: String,
    /// What the operator reads: "Pending", "Done: reached", ….
    pub label: String,
    /// Contacts in this part.
    pub count: u64,
    /// Its share of all contacts, in percent (0–100, not rounded).
    pub share: f64,
}

/// The contacts bar's parts in the order a contact moves through them,
/// empty parts left out. Done contacts are split by reason; done contacts
/// whose reason the figures do not give (a count that moved between two
/// reads) stay one "Done" part, so the parts always add up to the total.
pub fn contact_segments(
    counts: &ContactCounts,
    done_reasons: &BTreeMap<String, u64>,
) -> Vec<Segment> {
    let part = |state: ContactState, count: u64| {
        (state.as_str().to_owned(), state.label().to_owned(), count)
    };
    let mut parts: Vec<(String, String, u64)> = vec![
        part(ContactState::Pending, counts.pending),
        part(ContactState::InCall, counts.in_call),
        part(ContactState::Retry, counts.retry),
        part(ContactState::Callback, counts.callback),
    ];
    let mut unexplained = counts.done;
    let mut by_reason: Vec<(String, String, u64)> = Vec::new();
    for (name, count) in done_reasons {
        let count = (*count).min(unexplained);
        unexplained -= count;
        by_reason.push((format!("done_{name}"), DoneReason::label_of(name), count));
    }
    by_reason.sort_by_key(|(key, _, _)| {
        DoneReason::ALL
            .iter()
            .position(|r| key.strip_prefix("done_") == Some(r.as_str()))
            .unwrap_or(DoneReason::ALL.len())
    });
    parts.extend(by_reason);
    parts.push(part(ContactState::Done, unexplained));
    parts.push(part(ContactState::Excluded, counts.excluded));
    let total: u64 = parts.iter().map(|(_, _, count)| count).sum();
    parts
        .into_iter()
        .filter(|(_, _, count)| *count > 0)
        .map(|(key, label, count)| Segment {
            key,
            label,
            count,
            share: count as f64 * 100.0 / total as f64,
        })
        .collect()
}

/// A share for reading: "37%", "<1%" for a part too small to round to 1,
/// "0%" only for nothing.
pub fn share_text(share: f64) -> String {
    if share > 0.0 && share < 0.5 {
        "<1%".to_owned()
    } else {
        format!("{:.0}%", share.clamp(0.0, 100.0))
    }
}

/// The live calls gauge: how full the campaign's seats are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gauge {
    /// Calls live now.
    pub live: u64,
    /// The campaign's Concurrency Limit.
    pub limit: u64,
    /// `live / limit`, between 0 and 1 (a limit of 0 reads as empty).
    pub fill: f64,
}

/// The gauge for `live` calls of `limit` seats.
pub fn gauge(live: u64, limit: u64) -> Gauge {
    let fill = if limit == 0 {
        0.0
    } else {
        (live as f64 / limit as f64).min(1.0)
    };
    Gauge { live, limit, fill }
}

/// One bar of the attempts-per-hour chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HourBar {
    /// The start of the hour (UTC; the server counts by UTC hours).
    pub starts_at: DateTime<Utc>,
    /// The hour's start in the campaign's timezone: "14:00", or "14:30" in a
    /// zone half an hour off UTC.
    pub label: String,
    /// Attempts dialled in that hour.
    pub attempts: u64,
}

/// The 24 hours up to and including the one `now` is in, oldest first,
/// hours without attempts as 0, labelled in `tz`. Hours in the figures
/// outside those 24 are left out.
pub fn hourly_bars(
    hours: &[crate::api::HourlyAttempts],
    now: DateTime<Utc>,
    tz: &dyn LocalTimes,
) -> Vec<HourBar> {
    let current = now.duration_trunc(Duration::hours(1)).unwrap_or(now);
    (0..24)
        .rev()
        .map(|back| {
            let starts_at = current - Duration::hours(back);
            let attempts = hours
                .iter()
                .filter(|h| h.hour == starts_at)
                .map(|h| h.attempts)
                .sum();
            HourBar {
                starts_at,
                label: clock(starts_at, tz),
                attempts,
            }
        })
        .collect()
}

/// One row of the outcomes chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeRow {
    /// `person`, `machine`, a system disposition's wire name, or another
    /// name the server counted.
    pub key: String,
    /// What the operator reads.
    pub label: String,
    /// Ended attempts with this outcome.
    pub count: u64,
}

/// Ended attempts by outcome: connected calls as "Connected: person" and
/// "Connected: answering machine", then the system dispositions in the
/// spec's order, then any other name the server counted; empty rows left
/// out.
pub fn outcome_rows(stats: &CampaignStats) -> Vec<OutcomeRow> {
    let connected = stats.dispositions.get("connected").copied().unwrap_or(0);
    let machines = stats.answering_machines.min(connected);
    let mut rows = vec![
        OutcomeRow {
            key: "person".into(),
            label: "Connected: person".into(),
            count: connected - machines,
        },
        OutcomeRow {
            key: "machine".into(),
            label: "Connected: answering machine".into(),
            count: machines,
        },
    ];
    for disposition in SystemDisposition::ALL {
        rows.push(OutcomeRow {
            key: disposition.as_str().into(),
            label: disposition.label().into(),
            count: stats
                .dispositions
                .get(disposition.as_str())
                .copied()
                .unwrap_or(0),
        });
    }
    let known = |name: &str| {
        name == "connected" || SystemDisposition::ALL.iter().any(|d| d.as_str() == name)
    };
    for (name, count) in &stats.dispositions {
        if !known(name) {
            rows.push(OutcomeRow {
                key: name.clone(),
                label: name.replace('_', " "),
                count: *count,
            });
        }
    }
    rows.retain(|row| row.count > 0);
    rows
}

/// The business dispositions the bot reported, most frequent first (ties
/// by name), empty ones left out.
pub fn business_rows(stats: &CampaignStats) -> Vec<OutcomeRow> {
    let mut rows: Vec<OutcomeRow> = stats
        .business_dispositions
        .iter()
        .filter(|(name, count)| !name.is_empty() && **count > 0)
        .map(|(name, count)| OutcomeRow {
            key: name.clone(),
            label: name.clone(),
            count: *count,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// The answer rate: ended attempts a person answered (connected, not an
/// answering machine) out of all ended attempts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnswerRate {
    /// Attempts a person answered.
    pub answered: u64,
    /// Ended attempts.
    pub ended: u64,
    /// `answered / ended` in percent, or `None` before any attempt ended.
    pub percent: Option<f64>,
}

/// The answer rate of the campaign's ended attempts (every run).
pub fn answer_rate(stats: &CampaignStats) -> AnswerRate {
    let ended: u64 = stats.dispositions.values().sum();
    let connected = stats.dispositions.get("connected").copied().unwrap_or(0);
    let answered = connected - stats.answering_machines.min(connected);
    AnswerRate {
        answered,
        ended,
        percent: (ended > 0).then(|| answered as f64 * 100.0 / ended as f64),
    }
}

#[cfg(test)]
mod tests;
