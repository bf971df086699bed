//! Properties of the pacer over random arrival patterns: it never breaks a
//! limit, its budget is exact, it rotates fairly and uses the CPS it has.

use std::collections::HashMap;

use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;

use super::{at_ms, number};
use crate::config::{ConcurrencyLimit, DailyWindow, MaxAttempts, TimeOfDay, Timezone, WorkingDays};
use crate::dialler::{
    check_events, CampaignId, CampaignRules, CarrierId, CheckSetup, DialEvent, EndEvent, EventLine,
    Pacer, StatusEvent, Wait,
};
use crate::lifecycle::Status;
use crate::retry::CallStatus;
use crate::window::CallingWindow;

#[derive(Debug, Clone)]
struct Scenario {
    cps: Vec<u32>,
    /// Per campaign: seats and the carrier (index into `cps`) of each pool number.
    campaigns: Vec<(u32, Vec<usize>)>,
    /// Each step: milliseconds to advance, which campaign, and whether it
    /// tries to start a call (else one of its live calls, chosen by the
    /// number, ends).
    steps: Vec<(i64, usize, bool, usize)>,
}

fn any_scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(1u32..12, 1..4),
        prop::collection::vec((1u32..25, prop::collection::vec(0usize..4, 1..7)), 1..4),
        prop::collection::vec(
            (0i64..300, 0usize..4, prop::bool::weighted(0.7), 0usize..64),
            1..400,
        ),
    )
        .prop_map(|(cps, campaigns, steps)| {
            let carriers = cps.len();
            let campaigns = campaigns
                .into_iter()
                .map(|(seats, pool)| (seats, pool.into_iter().map(|c| c % carriers).collect()))
                .collect::<Vec<(u32, Vec<usize>)>>();
            let n = campaigns.len();
            let steps = steps
                .into_iter()
                .map(|(dt, c, start, pick)| (dt, c % n, start, pick))
                .collect();
            Scenario {
                cps,
                campaigns,
                steps,
            }
        })
}

fn carrier_name(carrier: CarrierId) -> String {
    format!("carrier-{}", carrier.0)
}

/// A window open all day every day but the minute before midnight; the
/// scenarios run for minutes from Monday 09:00.
fn open_window() -> CallingWindow {
    let daily = DailyWindow::new(
        TimeOfDay::new(0, 0).unwrap(),
        TimeOfDay::new(23, 59).unwrap(),
        Timezone::UTC,
    )
    .unwrap();
    CallingWindow::new(daily, WorkingDays::ALL)
}

/// Runs a scenario through a pacer, asserting the budget agrees with every
/// start, and returns the event log it produced.
fn run(scenario: &Scenario) -> Result<Vec<EventLine>, TestCaseError> {
    let mut pacer = Pacer::new();
    for (i, cps) in scenario.cps.iter().enumerate() {
        pacer.set_carrier(CarrierId(i as i64), *cps);
    }
    for (c, (seats, pool)) in scenario.campaigns.iter().enumerate() {
        let pool = pool
            .iter()
            .enumerate()
            .map(|(j, carrier)| number(c as i64 * 10 + j as i64 + 1, *carrier as i64))
            .collect();
        pacer
            .set_campaign(
                CampaignId(c as i64),
                ConcurrencyLimit::new(*seats).unwrap(),
                pool,
            )
            .unwrap();
    }
    let mut log: Vec<EventLine> = (0..scenario.campaigns.len())
        .map(|c| {
            EventLine::new(
                at_ms(0),
                StatusEvent {
                    campaign: c as i64,
                    status: Status::Running,
                },
            )
        })
        .collect();
    let mut live: Vec<Vec<i64>> = vec![Vec::new(); scenario.campaigns.len()];
    let mut next_attempt = 1;
    let mut now = 0;
    for &(dt, c, start, pick) in &scenario.steps {
        now += dt;
        let campaign = CampaignId(c as i64);
        if start {
            let budget = pacer.budget(campaign, at_ms(now));
            match pacer.start(campaign, at_ms(now)) {
                Ok(grant) => {
                    prop_assert!(budget.dials > 0, "started although the budget was 0");
                    log.push(EventLine::new(
                        grant.at,
                        DialEvent {
                            campaign: c as i64,
                            contact: next_attempt,
                            attempt: next_attempt,
                            attempt_no: 1,
                            phone: "+447700900000".into(),
                            from: grant.from.phone.to_string(),
                            carrier: carrier_name(grant.from.carrier),
                        },
                    ));
                    live[c].push(next_attempt);
                    next_attempt += 1;
                }
                Err(wait) => {
                    prop_assert_eq!(budget.dials, 0);
                    prop_assert_eq!(budget.wait, Some(wait));
                    if let Wait::Until(t) = wait {
                        prop_assert!(t > at_ms(now), "waits until a later instant");
                    }
                }
            }
        } else if !live[c].is_empty() {
            let index = pick % live[c].len();
            let attempt = live[c].swap_remove(index);
            prop_assert!(pacer.call_ended(campaign));
            log.push(end(now, c as i64, attempt));
        }
    }
    for (c, calls) in live.iter().enumerate() {
        for attempt in calls {
            log.push(end(now, c as i64, *attempt));
        }
    }
    Ok(log)
}

fn end(ms: i64, campaign: i64, attempt: i64) -> EventLine {
    EventLine::new(
        at_ms(ms),
        EndEvent {
            campaign,
            contact: attempt,
            attempt,
            disposition: CallStatus::NoAnswer,
            duration_s: 0,
            machine: false,
        },
    )
}

fn setup_for(scenario: &Scenario) -> CheckSetup {
    let mut setup = CheckSetup::new();
    for (i, cps) in scenario.cps.iter().enumerate() {
        setup = setup.carrier(carrier_name(CarrierId(i as i64)), *cps);
    }
    for (c, (seats, _)) in scenario.campaigns.iter().enumerate() {
        let rules = CampaignRules {
            concurrency: ConcurrencyLimit::new(*seats).unwrap(),
            max_attempts: MaxAttempts::new(1).unwrap(),
            window: open_window(),
            excluded: Default::default(),
        };
        setup = setup.campaign(c as i64, rules);
    }
    setup
}

/// The most starts any carrier made in one `[t, t + 1s)`, by brute force.
fn busiest_seconds(log: &[EventLine]) -> HashMap<String, u32> {
    let mut starts: HashMap<String, Vec<DateTime<Utc>>> = HashMap::new();
    for line in log {
        if let crate::dialler::Event::Dial(dial) = &line.event {
            starts
                .entry(dial.carrier.clone())
                .or_default()
                .push(line.at);
        }
    }
    starts
        .into_iter()
        .map(|(carrier, times)| {
            let most = times
                .iter()
                .map(|t| {
                    let until = *t + TimeDelta::seconds(1);
                    times.iter().filter(|s| *s >= t && **s < until).count() as u32
                })
                .max()
                .unwrap_or(0);
            (carrier, most)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_arrivals_never_exceed_any_carriers_cps_or_any_campaigns_seats(
        scenario in any_scenario()
    ) {
        let log = run(&scenario)?;
        for (carrier, most) in busiest_seconds(&log) {
            let index: usize = carrier.trim_start_matches("carrier-").parse().unwrap();
            prop_assert!(most <= scenario.cps[index], "{carrier}: {most} starts in one second");
        }
        let report = check_events(setup_for(&scenario), log);
        prop_assert!(report.is_clean(), "{}", report);
        for (campaign, live) in &report.max_live {
            prop_assert!(*live <= scenario.campaigns[*campaign as usize].0);
        }
    }

    #[test]
    fn with_uniform_capacity_every_number_is_used_equally_within_one(
        pool in prop::collection::vec(0usize..3, 1..9),
        dials in 1usize..200,
    ) {
        let mut pacer = Pacer::new();
        for carrier in 0..3 {
            pacer.set_carrier(CarrierId(carrier), 1_000);
        }
        let pool = pool
            .iter()
            .enumerate()
            .map(|(j, carrier)| number(j as i64 + 1, *carrier as i64))
            .collect::<Vec<_>>();
        let size = pool.len();
        pacer.set_campaign(CampaignId(1), ConcurrencyLimit::new(1_000).unwrap(), pool).unwrap();
        let mut uses = vec![0u32; size];
        for i in 0..dials {
            let grant = pacer.start(CampaignId(1), at_ms(i as i64 * 5)).unwrap();
            uses[grant.from.id.get() as usize - 1] += 1;
            pacer.call_ended(CampaignId(1));
        }
        let (most, least) = (uses.iter().max().unwrap(), uses.iter().min().unwrap());
        prop_assert!(most - least <= 1, "uses per number: {:?}", uses);
    }

    #[test]
    fn a_saturated_carriers_numbers_still_take_turns(
        cps in prop::collection::vec(1u32..6, 2..4),
        pool in prop::collection::vec(0usize..4, 2..9),
        gaps in prop::collection::vec(0i64..120, 50..300),
    ) {
        let mut pacer = Pacer::new();
        for (i, cps) in cps.iter().enumerate() {
            pacer.set_carrier(CarrierId(i as i64), *cps);
        }
        let carriers: Vec<i64> = pool.iter().map(|c| (*c % cps.len()) as i64).collect();
        let numbers = carriers
            .iter()
            .enumerate()
            .map(|(j, carrier)| number(j as i64 + 1, *carrier))
            .collect();
        pacer.set_campaign(CampaignId(1), ConcurrencyLimit::new(1_000).unwrap(), numbers).unwrap();
        let mut uses = vec![0u32; carriers.len()];
        let mut now = 0;
        for gap in gaps {
            now += gap;
            while let Ok(grant) = pacer.start(CampaignId(1), at_ms(now)) {
                uses[grant.from.id.get() as usize - 1] += 1;
                pacer.call_ended(CampaignId(1));
            }
        }
        for carrier in 0..cps.len() as i64 {
            let counts: Vec<u32> = (0..carriers.len())
                .filter(|j| carriers[*j] == carrier)
                .map(|j| uses[j])
                .collect();
            if let (Some(most), Some(least)) = (counts.iter().max(), counts.iter().min()) {
                prop_assert!(most - least <= 1, "carrier {}: {:?}", carrier, counts);
            }
        }
    }

    #[test]
    fn with_demand_waiting_at_least_95_percent_of_cps_is_used(
        cps in 1u32..300,
        campaigns in 1usize..4,
        lateness in prop::collection::vec(0i64..5, 64),
    ) {
        let mut pacer = Pacer::new();
        pacer.set_carrier(CarrierId(1), cps);
        for c in 0..campaigns {
            let pool = vec![number(c as i64 * 2 + 1, 1), number(c as i64 * 2 + 2, 1)];
            pacer.set_campaign(CampaignId(c as i64), ConcurrencyLimit::new(1_000).unwrap(), pool).unwrap();
        }
        let seconds = 20;
        let mut now = at_ms(0);
        let mut started = 0u32;
        let mut wakes = 0usize;
        while now < at_ms(seconds * 1_000) {
            let mut earliest = None;
            for c in 0..campaigns {
                loop {
                    match pacer.start(CampaignId(c as i64), now) {
                        Ok(_) => {
                            started += 1;
                            pacer.call_ended(CampaignId(c as i64));
                        }
                        Err(Wait::Until(t)) => {
                            earliest = Some(earliest.map_or(t, |e: DateTime<Utc>| e.min(t)));
                            break;
                        }
                        Err(other) => prop_assert!(false, "unexpected {:?}", other),
                    }
                }
            }
            // The loop sleeps until the pacer's wake-up, a few ms late.
            wakes += 1;
            now = earliest.unwrap() + TimeDelta::milliseconds(lateness[wakes % lateness.len()]);
        }
        let capacity = f64::from(cps) * seconds as f64;
        prop_assert!(f64::from(started) >= 0.95 * capacity, "{} of {}", started, capacity);
        prop_assert!(f64::from(started) <= capacity + f64::from(cps));
    }
}
