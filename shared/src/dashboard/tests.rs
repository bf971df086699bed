use std::collections::BTreeMap;

use chrono::TimeZone;

use super::*;
use crate::api::HourlyAttempts;
use crate::config::Timezone;
use crate::lifecycle::Status;

fn stats(dispositions: &[(&str, u64)], machines: u64) -> CampaignStats {
    CampaignStats {
        status: Status::Running,
        run_no: 1,
        contacts: ContactCounts::default(),
        done_reasons: BTreeMap::new(),
        dispositions: dispositions
            .iter()
            .map(|(name, count)| (name.to_string(), *count))
            .collect(),
        business_dispositions: BTreeMap::new(),
        answering_machines: machines,
        attempts_total: dispositions.iter().map(|(_, c)| c).sum(),
        live_calls: 0,
        attempts_per_hour: Vec::new(),
        callbacks_scheduled: 0,
        next_callback_at: None,
    }
}

fn counts(pending: u64, in_call: u64, retry: u64, done: u64, excluded: u64) -> ContactCounts {
    ContactCounts {
        total: pending + in_call + retry + done + excluded,
        pending,
        in_call,
        retry,
        callback: 0,
        done,
        excluded,
    }
}

#[test]
fn the_contacts_bar_splits_done_by_reason_in_the_dashboards_order_and_leaves_out_empty_parts() {
    let reasons = BTreeMap::from([("exhausted".to_string(), 10), ("reached".to_string(), 30)]);
    let parts = contact_segments(&counts(50, 5, 5, 40, 0), &reasons);
    let keys: Vec<&str> = parts.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "pending",
            "in_call",
            "retry",
            "done_reached",
            "done_exhausted"
        ]
    );
    assert_eq!(parts[3].label, "Done: reached");
    assert_eq!(parts[4].label, "Done: attempts used up");
    let shares: f64 = parts.iter().map(|p| p.share).sum();
    assert!((shares - 100.0).abs() < 1e-9, "{shares}");
    assert_eq!(parts[0].share, 50.0);
}

#[test]
fn done_contacts_without_a_reason_in_the_figures_stay_one_done_part_so_the_bar_adds_up() {
    // The reasons were read a moment before the counts: 3 more are done.
    let reasons = BTreeMap::from([("reached".to_string(), 7)]);
    let parts = contact_segments(&counts(0, 0, 0, 10, 2), &reasons);
    let got: Vec<(&str, u64)> = parts.iter().map(|p| (p.key.as_str(), p.count)).collect();
    assert_eq!(got, [("done_reached", 7), ("done", 3), ("excluded", 2)]);
    // And reasons that count more than the done total are capped by it.
    let reasons = BTreeMap::from([("reached".to_string(), 12)]);
    let parts = contact_segments(&counts(0, 0, 0, 10, 0), &reasons);
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].count, 10);
}

#[test]
fn a_campaign_without_contacts_draws_an_empty_bar() {
    assert!(contact_segments(&ContactCounts::default(), &BTreeMap::new()).is_empty());
}

#[test]
fn an_unknown_done_reason_is_shown_by_its_name_rather_than_dropped() {
    let reasons = BTreeMap::from([("carrier_blocked".to_string(), 4)]);
    let parts = contact_segments(&counts(0, 0, 0, 4, 0), &reasons);
    assert_eq!(parts[0].label, "Done: carrier blocked");
    assert_eq!(parts[0].count, 4);
}

#[test]
fn the_gauge_is_the_share_of_seats_in_use_and_never_overflows() {
    assert_eq!(gauge(5, 20).fill, 0.25);
    assert_eq!(
        gauge(25, 20).fill,
        1.0,
        "a lowered limit with calls still live"
    );
    assert_eq!(gauge(0, 0).fill, 0.0);
}

#[test]
fn attempts_per_hour_are_the_last_24_hours_zero_filled_and_named_in_the_campaigns_timezone() {
    let now = Utc.with_ymd_and_hms(2026, 3, 10, 9, 40, 0).unwrap();
    let hours = vec![
        HourlyAttempts {
            hour: Utc.with_ymd_and_hms(2026, 3, 10, 8, 0, 0).unwrap(),
            attempts: 120,
        },
        HourlyAttempts {
            hour: Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap(),
            attempts: 45,
        },
        // Older than the 24 hours shown.
        HourlyAttempts {
            hour: Utc.with_ymd_and_hms(2026, 3, 9, 9, 0, 0).unwrap(),
            attempts: 999,
        },
    ];
    let kolkata = Timezone::parse("Asia/Kolkata").unwrap();
    let bars = hourly_bars(&hours, now, &kolkata);
    assert_eq!(bars.len(), 24);
    assert_eq!(
        bars.last().unwrap().starts_at,
        Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap()
    );
    assert_eq!(
        bars[0].starts_at,
        Utc.with_ymd_and_hms(2026, 3, 9, 10, 0, 0).unwrap()
    );
    assert_eq!(bars[23].attempts, 45);
    assert_eq!(bars[22].attempts, 120);
    assert_eq!(bars.iter().map(|b| b.attempts).sum::<u64>(), 165);
    // 09:00 UTC is 14:30 in India.
    assert_eq!(bars[23].label, "14:30");
    let new_york = Timezone::parse("America/New_York").unwrap();
    assert_eq!(hourly_bars(&hours, now, &new_york)[23].label, "05:00");
}

#[test]
fn outcomes_split_connected_calls_into_people_and_machines_then_list_dispositions_in_spec_order() {
    let figures = stats(
        &[
            ("timeout", 1),
            ("connected", 10),
            ("no_answer", 6),
            ("rnr", 2),
        ],
        3,
    );
    let rows: Vec<(String, u64)> = outcome_rows(&figures)
        .into_iter()
        .map(|r| (r.label, r.count))
        .collect();
    let expect = [
        ("Connected: person", 7),
        ("Connected: answering machine", 3),
        ("no_answer", 6),
        ("RNR", 2),
        ("timeout", 1),
    ];
    let expect: Vec<(String, u64)> = expect.iter().map(|(l, c)| (l.to_string(), *c)).collect();
    assert_eq!(rows, expect);
}

#[test]
fn an_outcome_the_dashboard_does_not_know_is_still_counted() {
    let rows = outcome_rows(&stats(&[("busy_signal", 2)], 0));
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].label.as_str(), rows[0].count), ("busy signal", 2));
}

#[test]
fn business_dispositions_are_listed_most_frequent_first() {
    let mut figures = stats(&[("connected", 9)], 0);
    figures.business_dispositions = [
        ("renewed", 2),
        ("not_interested", 5),
        ("", 2),
        ("callback", 2),
    ]
    .iter()
    .map(|(n, c)| (n.to_string(), *c))
    .collect();
    let names: Vec<String> = business_rows(&figures).into_iter().map(|r| r.key).collect();
    assert_eq!(names, ["not_interested", "callback", "renewed"]);
}

#[test]
fn the_answer_rate_counts_people_not_machines_out_of_every_ended_attempt() {
    let rate = answer_rate(&stats(&[("connected", 10), ("no_answer", 10)], 4));
    assert_eq!((rate.answered, rate.ended), (6, 20));
    assert_eq!(rate.percent, Some(30.0));
    assert_eq!(
        answer_rate(&stats(&[], 0)).percent,
        None,
        "nothing ended yet"
    );
}

#[test]
fn done_reasons_read_back_their_wire_names() {
    for reason in DoneReason::ALL {
        assert_eq!(DoneReason::parse(reason.as_str()), Some(reason));
        let wire = serde_json::to_value(reason).unwrap();
        assert_eq!(wire, serde_json::json!(reason.as_str()));
    }
}

#[test]
fn a_tiny_share_reads_as_under_one_percent_not_zero() {
    assert_eq!(share_text(0.0), "0%");
    assert_eq!(share_text(0.002), "<1%");
    assert_eq!(share_text(37.4), "37%");
    assert_eq!(share_text(99.6), "100%");
}
