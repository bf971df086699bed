//! The dialler's rules, each on a simulated run: the real engine on a
//! virtual clock with the in-memory store and the seeded simulated carrier
//! (`outdial simulate`). Every run's event log also goes through the shared
//! invariant checker, which must find nothing.

use chrono::Datelike;
use chrono::{DateTime, Duration, TimeZone, Timelike, Utc, Weekday};
use outdial::dialler::simulate::scenario::Scenario;
use outdial::dialler::simulate::{run, Summary};
use outdial_shared::dialler::{Event, EventLine};
use outdial_shared::lifecycle::Status;
use outdial_shared::retry::CallStatus;
use serde_json::{json, Value};

/// A Multi Day campaign in India, 09:00–18:00 Mon–Fri, one carrier at 5 CPS,
/// starting Monday 2026-11-30 08:30 IST, for `contacts` contacts.
fn base(contacts: u64) -> Value {
    json!({
        "campaign": {
            "name": "Rules",
            "concurrency_limit": 10,
            "mode": "multi_day",
            "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
            "working_days": ["mon", "tue", "wed", "thu", "fri"],
            "max_attempts": 3,
            "retry_delay_minutes": 30
        },
        "carriers": [{"name": "Acme", "cps": 5, "numbers": ["+912240000001", "+912240000002"]}],
        "contacts": {"count": contacts},
        "start": "2026-11-30T03:00:00Z",
        "end": "2026-12-05T00:00:00Z",
        "seed": 11
    })
}

async fn simulate(scenario: Value) -> (Summary, Vec<EventLine>) {
    let scenario = Scenario::from_json(&scenario.to_string()).expect("a valid scenario");
    let mut log = Vec::new();
    let summary = run(&scenario, &mut log).await.expect("the simulation runs");
    assert_eq!(
        summary.violations, 0,
        "the checker found breaches: {:?}",
        summary.violation_samples
    );
    (summary, log)
}

fn dials(log: &[EventLine]) -> impl Iterator<Item = &EventLine> {
    log.iter().filter(|l| matches!(l.event, Event::Dial(_)))
}

fn statuses(log: &[EventLine]) -> Vec<(DateTime<Utc>, Status)> {
    log.iter()
        .filter_map(|l| match &l.event {
            Event::Status(s) => Some((l.at, s.status)),
            _ => None,
        })
        .collect()
}

fn ist(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    let (month, day) = if d > 30 { (12, d - 30) } else { (11, d) };
    chrono_tz::Asia::Kolkata
        .with_ymd_and_hms(2026, month, day, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn the_first_dial_goes_out_when_the_window_opens_and_every_call_ends() {
    let (summary, log) = simulate(base(200)).await;
    assert_eq!(summary.first_dial_at, Some(ist(30, 9, 0)));
    let ends = log
        .iter()
        .filter(|l| matches!(l.event, Event::End(_)))
        .count();
    assert_eq!(ends as u64, summary.dials);
    assert_eq!(summary.status, Status::Completed);
}

#[tokio::test]
async fn concurrency_is_the_seat_budget_and_is_used_when_calls_are_long() {
    let mut s = base(2_000);
    s["campaign"]["concurrency_limit"] = 7.into();
    s["outcomes"] = json!({"answer_rate": 1.0, "reject_rate": 0.0, "error_rate": 0.0, "machine_rate": 0.0, "callback_rate": 0.0,
                           "talk_seconds": {"min": 100, "max": 200}, "dispositions": {}});
    let (summary, _) = simulate(s).await;
    assert_eq!(summary.max_live_calls, 7);
}

#[tokio::test]
async fn cps_holds_in_every_second_and_is_used_to_at_least_95_percent_when_demand_is_there() {
    let mut s = base(5_000);
    s["campaign"]["concurrency_limit"] = 1000.into();
    s["end"] = "2026-11-30T04:00:00Z".into();
    let (_, log) = simulate(s).await;
    let mut per_second = std::collections::BTreeMap::<i64, u32>::new();
    for dial in dials(&log) {
        *per_second.entry(dial.at.timestamp()).or_default() += 1;
    }
    // Between 09:00:00 and 09:09:59 IST demand is unlimited (5,000 contacts, 1,000 seats).
    let from = ist(30, 9, 0).timestamp();
    let seconds = 10 * 60;
    let started: u32 = (from..from + seconds)
        .map(|s| per_second.get(&s).copied().unwrap_or(0))
        .sum();
    assert!(per_second.values().all(|n| *n <= 5));
    assert!(
        f64::from(started) >= 0.95 * 5.0 * seconds as f64,
        "{started} starts in {seconds} s at 5 CPS"
    );
}

#[tokio::test]
async fn numbers_rotate_across_the_pool() {
    let (_, log) = simulate(base(300)).await;
    let mut by_number = std::collections::BTreeMap::<String, u32>::new();
    for dial in dials(&log) {
        if let Event::Dial(d) = &dial.event {
            *by_number.entry(d.from.clone()).or_default() += 1;
        }
    }
    let counts: Vec<u32> = by_number.values().copied().collect();
    assert_eq!(counts.len(), 2);
    assert!(counts[0].abs_diff(counts[1]) <= 1, "{by_number:?}");
}

#[tokio::test]
async fn multi_day_pauses_at_the_cutoff_and_resumes_at_the_next_working_days_opening() {
    let mut s = base(60_000);
    s["start"] = "2026-12-04T03:00:00Z".into(); // Friday
    s["end"] = "2026-12-08T00:00:00Z".into();
    let (summary, log) = simulate(s).await;
    let local: Vec<DateTime<chrono_tz::Tz>> = dials(&log)
        .map(|d| d.at.with_timezone(&chrono_tz::Asia::Kolkata))
        .collect();
    assert!(local.iter().all(|t| t.hour() >= 9 && t.hour() < 18));
    assert!(local
        .iter()
        .all(|t| !matches!(t.weekday(), Weekday::Sat | Weekday::Sun)));
    let monday: Vec<_> = local
        .iter()
        .filter(|t| t.weekday() == Weekday::Mon)
        .collect();
    assert_eq!(
        monday.first().map(|t| (t.hour(), t.minute(), t.second())),
        Some((9, 0, 0))
    );
    assert_eq!(
        summary.status,
        Status::Running,
        "still running between days"
    );
    assert_eq!(statuses(&log).len(), 1, "no status change at the cutoff");
}

#[tokio::test]
async fn single_day_completes_when_the_window_ends_and_does_not_resume() {
    let mut s = base(60_000);
    s["campaign"]["mode"] = "single_day".into();
    let (summary, log) = simulate(s).await;
    let statuses = statuses(&log);
    assert_eq!(statuses.last(), Some(&(ist(30, 18, 0), Status::Completed)));
    assert!(dials(&log).all(|d| d.at < ist(30, 18, 0)));
    assert_eq!(summary.status, Status::Completed);
    assert!(summary.contacts.pending > 0, "contacts were left uncalled");
}

#[tokio::test]
async fn a_window_that_closes_mid_call_lets_the_call_finish_and_starts_none_after() {
    let mut s = base(60_000);
    s["outcomes"] = json!({"answer_rate": 1.0, "reject_rate": 0.0, "error_rate": 0.0, "machine_rate": 0.0, "callback_rate": 0.0,
                           "talk_seconds": {"min": 600, "max": 900}, "dispositions": {}});
    s["end"] = "2026-11-30T18:00:00Z".into();
    let (_, log) = simulate(s).await;
    let close = ist(30, 18, 0);
    assert!(dials(&log).all(|d| d.at < close));
    let late_ends = log
        .iter()
        .filter(|l| matches!(l.event, Event::End(_)) && l.at > close)
        .count();
    assert!(late_ends > 0, "calls live at the cutoff ended after it");
}

#[tokio::test]
async fn always_on_never_completes_by_itself() {
    let mut s = base(50);
    s["campaign"]["always_on"] = true.into();
    let (summary, log) = simulate(s).await;
    assert_eq!(summary.status, Status::Running);
    assert_eq!(summary.contacts.done + summary.contacts.excluded, 50);
    assert_eq!(statuses(&log).len(), 1);
}

#[tokio::test]
async fn multi_day_completes_when_no_contact_can_be_dialled_again() {
    let (summary, log) = simulate(base(50)).await;
    assert_eq!(summary.status, Status::Completed);
    let last_end = log
        .iter()
        .rfind(|l| matches!(l.event, Event::End(_)))
        .unwrap()
        .at;
    let completed = statuses(&log).last().unwrap().0;
    assert!(completed >= last_end);
}

#[tokio::test]
async fn pause_stops_new_dials_at_once_and_resume_continues() {
    let mut s = base(20_000);
    s["actions"] = json!([
        {"at": "2026-11-30T04:00:00Z", "action": "pause"},
        {"at": "2026-11-30T04:30:00Z", "action": "resume"}
    ]);
    let (_, log) = simulate(s).await;
    let pause: DateTime<Utc> = "2026-11-30T04:00:00Z".parse().unwrap();
    let resume: DateTime<Utc> = "2026-11-30T04:30:00Z".parse().unwrap();
    assert!(dials(&log).all(|d| d.at < pause || d.at >= resume));
    assert_eq!(
        dials(&log).find(|d| d.at >= resume).map(|d| d.at),
        Some(resume)
    );
    assert!(log
        .iter()
        .any(|l| matches!(l.event, Event::End(_)) && l.at > pause && l.at < resume));
}

#[tokio::test]
async fn stop_completes_and_restart_dials_the_contacts_still_eligible_as_a_new_run() {
    let mut s = base(20_000);
    s["actions"] = json!([
        {"at": "2026-11-30T04:00:00Z", "action": "stop"},
        {"at": "2026-11-30T05:00:00Z", "action": "restart"}
    ]);
    let (_, log) = simulate(s).await;
    let stop: DateTime<Utc> = "2026-11-30T04:00:00Z".parse().unwrap();
    let restart: DateTime<Utc> = "2026-11-30T05:00:00Z".parse().unwrap();
    assert!(dials(&log).all(|d| d.at < stop || d.at >= restart));
    let after: Vec<_> = dials(&log).filter(|d| d.at >= restart).collect();
    assert!(!after.is_empty());
    let Event::Dial(first) = &after[0].event else {
        unreachable!()
    };
    assert_eq!(first.attempt_no, 1, "a new run numbers attempts from 1");
}

#[tokio::test]
async fn no_answer_is_retried_after_the_retry_delay_up_to_max_attempts() {
    let mut s = base(40);
    s["campaign"]["retry_on_system_dispositions"] = json!(["no_answer"]);
    s["outcomes"] = json!({"answer_rate": 0.0, "reject_rate": 0.0, "error_rate": 0.0});
    let (summary, log) = simulate(s).await;
    let mut per_contact = std::collections::BTreeMap::<i64, Vec<(DateTime<Utc>, u32)>>::new();
    let mut ends = std::collections::BTreeMap::<i64, DateTime<Utc>>::new();
    for line in &log {
        match &line.event {
            Event::Dial(d) => per_contact
                .entry(d.contact)
                .or_default()
                .push((line.at, d.attempt_no)),
            Event::End(e) => {
                assert_eq!(e.disposition, CallStatus::NoAnswer);
                ends.insert(e.attempt, line.at);
            }
            _ => {}
        }
    }
    for dials in per_contact.values() {
        assert_eq!(dials.len(), 3, "Max Attempts 3");
        for pair in dials.windows(2) {
            assert!(pair[1].0 - pair[0].0 >= Duration::minutes(30));
        }
    }
    assert_eq!(summary.contacts.done_reasons.get("exhausted"), Some(&40));
}

#[tokio::test]
async fn a_callback_is_dialled_at_the_requested_time_when_both_gates_are_on() {
    let mut s = base(20);
    s["campaign"]["callback_detection"] = true.into();
    s["outcomes"] = json!({"answer_rate": 1.0, "reject_rate": 0.0, "error_rate": 0.0, "machine_rate": 0.0, "callback_rate": 1.0,
                           "callback_after_minutes": {"min": 120, "max": 120},
                           "talk_seconds": {"min": 20, "max": 20}, "ring_seconds": {"min": 5, "max": 5},
                           "dispositions": {}});
    let (_, log) = simulate(s).await;
    let firsts: Vec<DateTime<Utc>> = dials(&log)
        .filter(|d| matches!(&d.event, Event::Dial(x) if x.attempt_no == 1))
        .map(|d| d.at)
        .collect();
    let seconds: Vec<DateTime<Utc>> = dials(&log)
        .filter(|d| matches!(&d.event, Event::Dial(x) if x.attempt_no == 2))
        .map(|d| d.at)
        .collect();
    assert_eq!(firsts.len(), 20);
    assert_eq!(seconds.len(), 20, "every contact called back");
    // Asked 2 h after a 25 s call.
    assert_eq!(
        seconds[0] - firsts[0],
        Duration::seconds(25) + Duration::hours(2)
    );
}

#[tokio::test]
async fn a_callback_request_is_ignored_when_the_bots_callback_setting_is_off() {
    let mut s = base(20);
    s["campaign"]["callback_detection"] = true.into();
    s["bot_callbacks"] = false.into();
    s["outcomes"] = json!({"answer_rate": 1.0, "reject_rate": 0.0, "error_rate": 0.0, "machine_rate": 0.0, "callback_rate": 1.0, "dispositions": {}});
    let (summary, log) = simulate(s).await;
    assert_eq!(dials(&log).count(), 20);
    assert_eq!(summary.contacts.done_reasons.get("reached"), Some(&20));
}

#[tokio::test]
async fn an_excluded_number_is_never_dialled() {
    let mut s = base(100);
    s["exclusions"] = json!(["+919000000003", "+919000000050"]);
    let (summary, log) = simulate(s).await;
    assert!(dials(&log).all(|d| !matches!(&d.event, Event::Dial(x) if x.phone == "+919000000003" || x.phone == "+919000000050")));
    assert_eq!(summary.contacts.excluded, 2);
}

#[tokio::test]
async fn a_crash_mid_run_reconciles_the_orphaned_calls_as_error_and_never_redials_them_blindly() {
    let mut s = base(20_000);
    s["campaign"]["concurrency_limit"] = 20.into();
    s["outcomes"] = json!({"answer_rate": 1.0, "reject_rate": 0.0, "error_rate": 0.0, "machine_rate": 0.0, "callback_rate": 0.0,
                           "talk_seconds": {"min": 300, "max": 400}, "dispositions": {}});
    s["actions"] = json!([{"at": "2026-11-30T05:00:00Z", "action": "crash"}]);
    s["end"] = "2026-11-30T07:00:00Z".into();
    let (summary, log) = simulate(s).await;
    assert_eq!(summary.crashes, 1);
    let crash: DateTime<Utc> = "2026-11-30T05:00:00Z".parse().unwrap();
    let errors: Vec<&EventLine> = log
        .iter()
        .filter(|l| matches!(&l.event, Event::End(e) if e.disposition == CallStatus::Error))
        .collect();
    assert_eq!(errors.len(), 20, "the 20 calls live at the crash");
    // Closed once their leases (30 s) and the grace for late events (60 s) ran out.
    assert!(errors
        .iter()
        .all(|e| e.at > crash + Duration::seconds(60) && e.at <= crash + Duration::seconds(100)));
    // Their seats stayed taken until then: nothing dialled in between.
    assert!(dials(&log).all(|d| d.at <= crash || d.at >= errors[0].at));
}

#[tokio::test]
async fn dst_moves_the_window_with_local_time() {
    // London: clocks go back on Sunday 2026-10-25. 09:00 local is 08:00 UTC
    // on Friday the 23rd and 09:00 UTC on Monday the 26th.
    let mut s = base(100_000);
    s["campaign"]["window"] =
        json!({"start": "09:00", "end": "17:00", "timezone": "Europe/London"});
    s["carriers"] = json!([{"name": "Acme", "cps": 1, "numbers": ["+442079460001"]}]);
    s["start"] = "2026-10-23T07:00:00Z".into();
    s["end"] = "2026-10-27T00:00:00Z".into();
    let (_, log) = simulate(s).await;
    let first_on = |day: u32| dials(&log).find(|d| d.at.day() == day).map(|d| d.at);
    assert_eq!(first_on(23), Some("2026-10-23T08:00:00Z".parse().unwrap()));
    assert_eq!(first_on(26), Some("2026-10-26T09:00:00Z".parse().unwrap()));
    assert_eq!(first_on(24), None);
    assert_eq!(first_on(25), None);
}

#[tokio::test]
async fn a_window_across_midnight_dials_until_it_closes_the_next_morning() {
    let mut s = base(100_000);
    s["campaign"]["window"] = json!({"start": "22:00", "end": "02:00", "timezone": "UTC"});
    s["campaign"]["working_days"] = json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    s["carriers"] = json!([{"name": "Acme", "cps": 1, "numbers": ["+912240000001"]}]);
    s["start"] = "2026-11-30T12:00:00Z".into();
    s["end"] = "2026-12-01T12:00:00Z".into();
    let (_, log) = simulate(s).await;
    let hours: std::collections::BTreeSet<u32> = dials(&log).map(|d| d.at.hour()).collect();
    assert_eq!(hours.into_iter().collect::<Vec<_>>(), [0, 1, 22, 23]);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_run() {
    let (_, a) = simulate(base(500)).await;
    let (_, b) = simulate(base(500)).await;
    assert_eq!(a, b);
    let mut other = base(500);
    other["seed"] = 12.into();
    let (_, c) = simulate(other).await;
    assert_ne!(a, c);
}

#[tokio::test]
async fn a_short_connect_is_redialled_and_a_meaningful_one_stops_redials() {
    let mut s = base(30);
    s["campaign"]["redial_after_short_connect"] = json!({"enabled": true, "seconds": 15});
    s["campaign"]["stop_redials_after_meaningful_connect"] =
        json!({"enabled": true, "seconds": 30});
    s["campaign"]["custom_retry_dispositions"] = json!(["not_available"]);
    // Every call a person answers talks 5 s: short, so redialled to Max Attempts.
    s["outcomes"] = json!({"answer_rate": 1.0, "reject_rate": 0.0, "error_rate": 0.0, "machine_rate": 0.0,
                           "callback_rate": 0.0, "talk_seconds": {"min": 5, "max": 5},
                           "dispositions": {"not_available": 1.0}});
    let (summary, _) = simulate(s.clone()).await;
    assert_eq!(summary.dials, 90);
    assert_eq!(summary.contacts.done_reasons.get("exhausted"), Some(&30));
    // 60 s talks are meaningful: one call each, even with a custom retry disposition.
    s["outcomes"]["talk_seconds"] = json!({"min": 60, "max": 60});
    let (summary, _) = simulate(s.clone()).await;
    assert_eq!(summary.dials, 30);
    assert_eq!(summary.contacts.done_reasons.get("reached"), Some(&30));
    // 20 s talks are neither: the custom disposition `not_available` redials.
    s["outcomes"]["talk_seconds"] = json!({"min": 20, "max": 20});
    let (summary, _) = simulate(s).await;
    assert_eq!(summary.dials, 90);
}

#[tokio::test]
async fn answering_machines_are_retried_as_no_answer_only_when_it_is_ticked() {
    let mut s = base(20);
    s["outcomes"] =
        json!({"answer_rate": 1.0, "reject_rate": 0.0, "error_rate": 0.0, "machine_rate": 1.0});
    let (summary, _) = simulate(s.clone()).await;
    assert_eq!(summary.dials, 20);
    assert_eq!(
        summary.contacts.done_reasons.get("not_retryable"),
        Some(&20)
    );
    s["campaign"]["retry_on_system_dispositions"] = json!(["no_answer"]);
    let (summary, _) = simulate(s).await;
    assert_eq!(summary.dials, 60);
}
