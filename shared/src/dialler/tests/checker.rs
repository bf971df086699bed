//! The checker on hand-made logs: each kind of breach is caught, and good
//! logs pass.

use chrono::Weekday;

use super::at_ms;
use crate::config::{ConcurrencyLimit, DailyWindow, MaxAttempts, TimeOfDay, Timezone, WorkingDays};
use crate::dialler::{
    check_events, check_json_lines, AnswerEvent, CampaignRules, CheckSetup, DialEvent, EndEvent,
    EventLine, Report, StatusEvent, ViolationKind,
};
use crate::lifecycle::Status;
use crate::retry::CallStatus;
use crate::window::CallingWindow;

const EXCLUDED: &str = "+441134960000";

/// Campaign 1: 2 seats, 2 attempts, 09:00–18:00 London on weekdays, one
/// excluded number. Carrier "Acme" at 2 CPS. (`at_ms(0)` is Monday 09:00 in London.)
fn setup() -> CheckSetup {
    let time = |h| TimeOfDay::new(h, 0).unwrap();
    let daily = DailyWindow::new(time(9), time(18), Timezone::parse("Europe/London").unwrap());
    let weekdays = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
    let rules = CampaignRules {
        concurrency: ConcurrencyLimit::new(2).unwrap(),
        max_attempts: MaxAttempts::new(2).unwrap(),
        window: CallingWindow::new(daily.unwrap(), WorkingDays::new(weekdays).unwrap()),
        excluded: Default::default(),
    }
    .excluding([EXCLUDED]);
    CheckSetup::new().campaign(1, rules).carrier("Acme", 2)
}

fn status(ms: i64, status: Status) -> EventLine {
    EventLine::new(
        at_ms(ms),
        StatusEvent {
            campaign: 1,
            status,
        },
    )
}

fn dial(ms: i64, contact: i64, attempt: i64, attempt_no: u32) -> EventLine {
    EventLine::new(
        at_ms(ms),
        DialEvent {
            campaign: 1,
            contact,
            attempt,
            attempt_no,
            phone: format!("+4420794600{contact:02}"),
            from: "+441614960001".into(),
            carrier: "Acme".into(),
        },
    )
}

fn end(ms: i64, contact: i64, attempt: i64) -> EventLine {
    EventLine::new(
        at_ms(ms),
        EndEvent {
            campaign: 1,
            contact,
            attempt,
            disposition: CallStatus::NoAnswer,
            duration_s: 0,
            machine: false,
        },
    )
}

fn check(log: Vec<EventLine>) -> Report {
    check_events(setup(), log)
}

fn running(mut rest: Vec<EventLine>) -> Vec<EventLine> {
    rest.insert(0, status(0, Status::Running));
    rest
}

#[test]
fn a_good_log_passes_with_its_counts() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        dial(400, 2, 11, 1),
        EventLine::new(
            at_ms(900),
            AnswerEvent {
                campaign: 1,
                contact: 1,
                attempt: 10,
                machine: false,
            },
        ),
        end(1_000, 1, 10),
        // The seat freed at 1 s is taken at 1 s; the second since 0 ms has passed.
        dial(1_000, 1, 12, 2),
        end(5_000, 2, 11),
        end(6_000, 1, 12),
        status(7_000, Status::Completed),
    ]));
    assert!(report.is_clean(), "{report}");
    assert_eq!(
        (report.lines, report.dials, report.answers, report.ends),
        (9, 3, 1, 3)
    );
    assert_eq!(report.max_live[&1], 2);
    assert_eq!(report.max_per_second["Acme"], 2);
}

#[test]
fn a_third_live_call_over_two_seats_is_caught() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        dial(1_000, 2, 11, 1),
        dial(2_000, 3, 12, 1),
        end(3_000, 1, 10),
        end(3_000, 2, 11),
        end(3_000, 3, 12),
    ]));
    assert_eq!(report.kinds(), ["over_concurrency"]);
    let violation = &report.violations[0];
    assert_eq!((violation.line, violation.at), (4, Some(at_ms(2_000))));
    assert_eq!(
        violation.kind,
        ViolationKind::OverConcurrency { live: 3, limit: 2 }
    );
    assert_eq!(
        violation.to_string(),
        "line 4 (2025-03-10T09:00:02Z) campaign 1: 3 live calls, over the concurrency limit of 2"
    );
    assert_eq!(report.max_live[&1], 3);
}

#[test]
fn a_seat_freed_at_an_instant_is_free_for_a_dial_at_that_instant_in_either_line_order() {
    // Two instances' logs merged: the dial of one is written before the
    // end (at the same millisecond) that freed its seat in the other.
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        dial(100, 2, 11, 1),
        dial(2_000, 3, 12, 1),
        end(2_000, 1, 10),
        end(3_000, 2, 11),
        end(3_000, 3, 12),
    ]));
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.max_live[&1], 2);
}

#[test]
fn two_dials_at_one_instant_over_the_seats_are_caught_even_when_an_end_follows_later() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        dial(0, 2, 11, 1),
        end(0, 1, 10),
        dial(1_500, 3, 12, 1),
        end(1_500, 2, 11),
        dial(1_500, 4, 13, 1),
        end(1_501, 3, 12),
        end(1_501, 4, 13),
    ]));
    // At 1.5 s: calls 12 and 13 live after 11 ended — two, on two seats.
    assert!(report.is_clean(), "{report}");
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        dial(1_000, 2, 11, 1),
        dial(1_000, 3, 12, 1),
        end(1_400, 1, 10),
        end(1_400, 2, 11),
        end(1_400, 3, 12),
    ]));
    assert_eq!(report.kinds(), ["over_concurrency"]);
    assert_eq!(report.violations[0].line, 4, "the instant's last dial");
}

#[test]
fn a_third_start_within_one_second_over_a_cps_of_two_is_caught() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        end(10, 1, 10),
        dial(500, 2, 11, 1),
        end(510, 2, 11),
        dial(999, 3, 12, 1),
        end(1_000, 3, 12),
    ]));
    assert_eq!(report.kinds(), ["over_cps"]);
    assert_eq!(
        report.violations[0].kind,
        ViolationKind::OverCps {
            carrier: "Acme".into(),
            starts: 3,
            cps: 2
        }
    );
    assert_eq!(report.max_per_second["Acme"], 3);
}

#[test]
fn an_event_earlier_than_the_line_before_it_is_caught() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        end(1, 1, 10),
        dial(0, 2, 11, 1),
        end(1, 2, 11),
    ]));
    assert_eq!(report.kinds(), ["time_went_backwards"]);
    assert_eq!(report.violations[0].line, 4);
}

#[test]
fn starts_exactly_one_second_apart_fall_in_different_seconds() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        dial(0, 2, 11, 1),
        end(1, 1, 10),
        end(1, 2, 11),
        dial(1_000, 3, 12, 1),
        dial(1_000, 4, 13, 1),
        end(1_001, 3, 12),
        end(1_001, 4, 13),
    ]));
    assert!(report.is_clean(), "{report}");
}

#[test]
fn a_dial_after_the_window_closes_or_on_a_saturday_is_caught() {
    let nine_hours = 9 * 3_600_000;
    let saturday_ten = 5 * 86_400_000 + 3_600_000;
    let report = check(running(vec![
        dial(nine_hours - 1, 1, 10, 1),
        end(nine_hours, 1, 10),
        dial(nine_hours, 2, 11, 1),
        end(nine_hours + 1, 2, 11),
        dial(saturday_ten, 3, 12, 1),
        end(saturday_ten + 1, 3, 12),
    ]));
    assert_eq!(report.kinds(), ["outside_window", "outside_window"]);
    assert_eq!(
        report.violations.iter().map(|v| v.line).collect::<Vec<_>>(),
        [4, 6]
    );
}

#[test]
fn a_dial_to_a_contact_with_a_live_attempt_is_caught() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        dial(100, 1, 11, 2),
        end(200, 1, 10),
        end(300, 1, 11),
    ]));
    assert_eq!(report.kinds(), ["contact_already_live"]);
    assert_eq!(report.violations[0].line, 3);
}

#[test]
fn a_third_attempt_over_max_attempts_of_two_is_caught() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        end(10, 1, 10),
        dial(2_000, 1, 11, 2),
        end(2_010, 1, 11),
        dial(4_000, 1, 12, 3),
        end(4_010, 1, 12),
    ]));
    assert_eq!(report.kinds(), ["over_max_attempts"]);
    assert_eq!(
        report.violations[0].kind,
        ViolationKind::OverMaxAttempts {
            contact: 1,
            attempts: 3,
            max: 2
        }
    );
}

#[test]
fn a_restart_gives_contacts_a_fresh_max_attempts_budget_but_not_one_on_a_call() {
    // at_ms(0) is a working-day morning; restart comes after a stop.
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        end(10, 1, 10),
        dial(2_000, 1, 11, 2),
        end(2_010, 1, 11),
        dial(2_100, 2, 20, 1),
        status(3_000, Status::Completed),
        status(4_000, Status::Running),
        dial(5_000, 1, 12, 1),
        end(5_010, 1, 12),
        end(5_100, 2, 20),
        dial(6_000, 2, 21, 2),
        end(6_010, 2, 21),
    ]));
    assert!(report.is_clean(), "{:?}", report.violations);
}

#[test]
fn an_attempt_number_that_skips_or_repeats_is_caught() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        end(10, 1, 10),
        dial(2_000, 1, 11, 1),
        end(2_010, 1, 11),
        dial(4_000, 2, 12, 3),
        end(4_010, 2, 12),
    ]));
    assert_eq!(
        report.kinds(),
        [
            "attempt_number_mismatch",
            "attempt_number_mismatch",
            "over_max_attempts"
        ]
    );
}

#[test]
fn dials_before_the_start_while_paused_and_after_completion_are_caught() {
    let report = check(vec![
        dial(0, 1, 10, 1),
        end(10, 1, 10),
        status(100, Status::Running),
        dial(200, 2, 11, 1),
        status(300, Status::Paused),
        dial(1_400, 3, 12, 1),
        status(1_500, Status::Running),
        dial(1_600, 4, 13, 1),
        status(1_700, Status::Completed),
        dial(2_800, 5, 14, 1),
        end(3_000, 2, 11),
        end(3_000, 3, 12),
        end(3_000, 4, 13),
        end(3_000, 5, 14),
    ]);
    assert_eq!(
        report.kinds(),
        [
            "not_running",
            "not_running",
            "over_concurrency",
            "not_running",
            "over_concurrency"
        ]
    );
    let lines: Vec<u64> = report
        .violations
        .iter()
        .filter(|v| v.kind.name() == "not_running")
        .map(|v| v.line)
        .collect();
    assert_eq!(lines, [1, 6, 10]);
    assert_eq!(
        report.violations[1].kind,
        ViolationKind::NotRunning {
            status: Some(Status::Paused)
        }
    );
}

#[test]
fn a_dial_to_an_excluded_number_is_caught() {
    let mut excluded = dial(0, 1, 10, 1);
    if let crate::dialler::Event::Dial(d) = &mut excluded.event {
        d.phone = EXCLUDED.into();
    }
    let report = check(running(vec![excluded, end(10, 1, 10)]));
    assert_eq!(report.kinds(), ["excluded"]);
}

#[test]
fn a_dial_that_never_ends_and_an_end_without_a_dial_are_caught() {
    let report = check(running(vec![
        dial(0, 1, 10, 1),
        end(10, 2, 99),
        dial(20, 3, 11, 1),
        end(30, 3, 11),
        end(40, 3, 11),
    ]));
    assert_eq!(
        report.kinds(),
        ["end_without_dial", "end_without_dial", "dial_without_end"]
    );
    let last = report.violations.last().unwrap();
    assert_eq!((last.line, last.at), (2, Some(at_ms(0))));
    assert_eq!(last.kind, ViolationKind::DialWithoutEnd { attempt: 10 });
}

#[test]
fn answers_and_ends_must_match_a_live_dial() {
    let report = check(running(vec![
        EventLine::new(
            at_ms(0),
            AnswerEvent {
                campaign: 1,
                contact: 1,
                attempt: 10,
                machine: false,
            },
        ),
        dial(10, 1, 10, 1),
        end(20, 2, 10),
        dial(30, 2, 10, 1),
        dial(40, 3, 10, 1),
        end(50, 2, 10),
    ]));
    assert_eq!(
        report.kinds(),
        [
            "answer_without_dial",
            "mismatched_attempt",
            "duplicate_attempt"
        ]
    );
}

#[test]
fn unknown_campaigns_and_carriers_are_reported() {
    let mut other_carrier = dial(0, 1, 10, 1);
    if let crate::dialler::Event::Dial(d) = &mut other_carrier.event {
        d.carrier = "Nobody".into();
    }
    let stranger = EventLine::new(
        at_ms(5),
        StatusEvent {
            campaign: 9,
            status: Status::Running,
        },
    );
    let report = check(running(vec![other_carrier, stranger, end(10, 1, 10)]));
    assert_eq!(report.kinds(), ["unknown_carrier", "unknown_campaign"]);
}

#[test]
fn json_lines_are_checked_with_their_line_numbers_and_bad_lines_reported() {
    let lines = [
        serde_json::to_string(&status(0, Status::Running)).unwrap(),
        String::new(),
        "{\"at\":\"2025-03-10T09:00:01Z\",\"event\":\"ring\"}".into(),
        serde_json::to_string(&dial(2_000, 1, 10, 1)).unwrap(),
        serde_json::to_string(&end(3_000, 1, 10)).unwrap(),
    ];
    let report = check_json_lines(setup(), &lines);
    assert_eq!(report.lines, 5);
    assert_eq!(report.dials, 1);
    assert_eq!(report.kinds(), ["unparsable"]);
    assert_eq!(
        (report.violations[0].line, report.violations[0].at),
        (3, None)
    );
}

#[test]
fn a_log_with_endless_breaches_keeps_only_the_first_thousand() {
    let log = (0..1_500).map(|i| end(i, 1, i));
    let report = check_events(setup(), log);
    assert_eq!(report.violation_count, 1_500);
    assert_eq!(
        report.violations.len(),
        crate::dialler::MAX_REPORTED_VIOLATIONS
    );
    assert!(!report.is_clean());
    assert!(report.to_string().contains("… and 500 more violations"));
}
