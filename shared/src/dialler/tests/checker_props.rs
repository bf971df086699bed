//! The checker against a brute-force oracle on random logs: it measures the
//! busiest second and the most live calls (at any instant) exactly, and flags them exactly
//! when they exceed the limits.

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

use super::at_ms;
use crate::config::{ConcurrencyLimit, DailyWindow, MaxAttempts, TimeOfDay, Timezone, WorkingDays};
use crate::dialler::{
    check_events, CampaignRules, CheckSetup, DialEvent, EndEvent, Event, EventLine, StatusEvent,
};
use crate::lifecycle::Status;
use crate::retry::CallStatus;
use crate::window::CallingWindow;

/// A log of one campaign on one carrier: each step advances the clock and
/// either dials a new contact or ends one of the live calls.
fn any_log() -> impl Strategy<Value = Vec<EventLine>> {
    prop::collection::vec(
        (
            // Quarter-second steps put starts exactly one second apart.
            prop_oneof![0i64..400, (0i64..5).prop_map(|n| n * 250)],
            prop::bool::weighted(0.6),
            0usize..32,
        ),
        1..300,
    )
    .prop_map(|steps| {
        let mut log = vec![EventLine::new(
            at_ms(0),
            StatusEvent {
                campaign: 1,
                status: Status::Running,
            },
        )];
        let mut live: Vec<i64> = Vec::new();
        let mut now = 0;
        for (next, (dt, dial, pick)) in (1..).zip(steps) {
            now += dt;
            if dial || live.is_empty() {
                log.push(EventLine::new(
                    at_ms(now),
                    DialEvent {
                        campaign: 1,
                        contact: next,
                        attempt: next,
                        attempt_no: 1,
                        phone: "+447700900001".into(),
                        from: "+447700900002".into(),
                        carrier: "Acme".into(),
                    },
                ));
                live.push(next);
            } else {
                let attempt = live.swap_remove(pick % live.len());
                log.push(end(now, attempt));
            }
        }
        log.extend(live.into_iter().map(|attempt| end(now, attempt)));
        log
    })
}

fn end(ms: i64, attempt: i64) -> EventLine {
    EventLine::new(
        at_ms(ms),
        EndEvent {
            campaign: 1,
            contact: attempt,
            attempt,
            disposition: CallStatus::Rejected,
            duration_s: 0,
            machine: false,
        },
    )
}

fn setup(concurrency: u32, cps: u32) -> CheckSetup {
    let daily = DailyWindow::new(
        TimeOfDay::new(0, 0).unwrap(),
        TimeOfDay::new(23, 59).unwrap(),
        Timezone::UTC,
    )
    .unwrap();
    let rules = CampaignRules {
        concurrency: ConcurrencyLimit::new(concurrency).unwrap(),
        max_attempts: MaxAttempts::new(1).unwrap(),
        window: CallingWindow::new(daily, WorkingDays::ALL),
        excluded: Default::default(),
    };
    CheckSetup::new().campaign(1, rules).carrier("Acme", cps)
}

/// The most calls live at any instant (a call is live over `[dial, end)`),
/// and the most dials in any `[t, t + 1s)`.
fn oracle(log: &[EventLine]) -> (u32, u32) {
    let mut calls: std::collections::HashMap<i64, (DateTime<Utc>, Option<DateTime<Utc>>)> =
        Default::default();
    let mut dials = Vec::new();
    for line in log {
        match &line.event {
            Event::Dial(d) => {
                calls.insert(d.attempt, (line.at, None));
                dials.push(line.at);
            }
            Event::End(e) => {
                if let Some(call) = calls.get_mut(&e.attempt) {
                    call.1 = Some(line.at);
                }
            }
            _ => {}
        }
    }
    let most_live = dials
        .iter()
        .map(|t| {
            calls
                .values()
                .filter(|(from, until)| from <= t && until.is_none_or(|u| u > *t))
                .count()
        })
        .max()
        .unwrap_or(0);
    let busiest = dials
        .iter()
        .map(|t| {
            let until = *t + TimeDelta::seconds(1);
            dials.iter().filter(|s| *s >= t && **s < until).count()
        })
        .max()
        .unwrap_or(0);
    (most_live as u32, busiest as u32)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_checker_flags_concurrency_and_cps_exactly_when_the_oracle_exceeds_them(
        log in any_log(),
        concurrency in 1u32..12,
        cps in 1u32..8,
    ) {
        let (most_live, busiest) = oracle(&log);
        let report = check_events(setup(concurrency, cps), log);
        let kinds = report.kinds();
        prop_assert_eq!(report.max_live.get(&1).copied().unwrap_or(0), most_live);
        prop_assert_eq!(report.max_per_second.get("Acme").copied().unwrap_or(0), busiest);
        prop_assert_eq!(kinds.contains(&"over_concurrency"), most_live > concurrency);
        prop_assert_eq!(kinds.contains(&"over_cps"), busiest > cps);
        prop_assert!(
            kinds.iter().all(|k| *k == "over_concurrency" || *k == "over_cps"),
            "unexpected violations: {:?}", kinds
        );
    }
}
