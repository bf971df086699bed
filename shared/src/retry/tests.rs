//! One test per rule of the precedence, plus timing, the cap and machines.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;
use crate::config::{
    CampaignInput, ConnectRule, CustomDispositions, SystemDisposition, SystemDispositions,
};

/// Window 09:00–18:00 UTC, Monday to Friday; 3 attempts, 30 minutes delay.
fn rules() -> RetryRules {
    let input: CampaignInput = serde_json::from_value(json!({
        "name": "Retry test", "bot_id": 1, "number_ids": [1],
        "window": {"start": "09:00", "end": "18:00", "timezone": "UTC"},
        "working_days": ["mon", "tue", "wed", "thu", "fri"]
    }))
    .unwrap();
    RetryRules::from_config(&input.parse().unwrap())
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Wednesday 2026-01-07 12:00 UTC, well inside the window.
fn ctx() -> RetryContext {
    RetryContext {
        attempts_so_far: 1,
        excluded: false,
        bot_callbacks_enabled: true,
        now: utc("2026-01-07T12:00:00Z"),
    }
}

fn retry_in_30() -> NextStep {
    NextStep::RetryAt(utc("2026-01-07T12:30:00Z"))
}

fn on(seconds: &str) -> Option<ConnectRule> {
    ConnectRule::stop_redials_from_input(true, Some(seconds)).ok()
}

fn ticking(dispositions: &[&str]) -> RetryRules {
    RetryRules {
        retry_on: SystemDispositions::parse(dispositions).unwrap(),
        ..rules()
    }
}

#[test]
fn rule_1_an_excluded_contact_is_done_whatever_happened() {
    let ctx = RetryContext {
        excluded: true,
        ..ctx()
    };
    let outcome = AttemptOutcome::system(SystemDisposition::NoAnswer).with_callback(ctx.now);
    let rules = RetryRules {
        callback_detection: true,
        ..ticking(&["no_answer"])
    };
    assert_eq!(
        decide(&rules, &outcome, &ctx),
        NextStep::Done(DoneReason::Excluded)
    );
}

#[test]
fn rule_2_a_callback_is_scheduled_when_both_gates_are_on() {
    let rules = RetryRules {
        callback_detection: true,
        ..rules()
    };
    let at = utc("2026-01-08T10:15:00Z");
    let outcome = AttemptOutcome::connected(90).with_callback(at);
    assert_eq!(decide(&rules, &outcome, &ctx()), NextStep::CallbackAt(at));
}

#[test]
fn rule_2_a_callback_is_ignored_when_the_campaign_gate_is_off() {
    let outcome = AttemptOutcome::connected(90).with_callback(utc("2026-01-08T10:15:00Z"));
    assert_eq!(
        decide(&rules(), &outcome, &ctx()),
        NextStep::Done(DoneReason::Reached)
    );
}

#[test]
fn rule_2_a_callback_is_ignored_when_the_bot_gate_is_off() {
    let rules = RetryRules {
        callback_detection: true,
        ..rules()
    };
    let ctx = RetryContext {
        bot_callbacks_enabled: false,
        ..ctx()
    };
    let outcome = AttemptOutcome::connected(90).with_callback(utc("2026-01-08T10:15:00Z"));
    assert_eq!(
        decide(&rules, &outcome, &ctx),
        NextStep::Done(DoneReason::Reached)
    );
}

#[test]
fn rule_2_a_callback_outranks_the_stop_rule() {
    let rules = RetryRules {
        callback_detection: true,
        stop_after_meaningful_connect: on("30").unwrap(),
        ..rules()
    };
    let at = utc("2026-01-08T10:15:00Z");
    let outcome = AttemptOutcome::connected(300).with_callback(at);
    assert_eq!(decide(&rules, &outcome, &ctx()), NextStep::CallbackAt(at));
}

#[test]
fn a_callback_in_the_past_is_due_now() {
    let rules = RetryRules {
        callback_detection: true,
        ..rules()
    };
    let outcome = AttemptOutcome::connected(90).with_callback(utc("2026-01-01T10:00:00Z"));
    assert_eq!(
        decide(&rules, &outcome, &ctx()),
        NextStep::CallbackAt(ctx().now)
    );
}

#[test]
fn a_callback_outside_the_window_moves_to_the_next_opening() {
    let rules = RetryRules {
        callback_detection: true,
        ..rules()
    };
    // Saturday 10:00 → Monday 09:00.
    let outcome = AttemptOutcome::connected(90).with_callback(utc("2026-01-10T10:00:00Z"));
    assert_eq!(
        decide(&rules, &outcome, &ctx()),
        NextStep::CallbackAt(utc("2026-01-12T09:00:00Z"))
    );
}

#[test]
fn rule_3_a_meaningful_connect_stops_redials() {
    let rules = RetryRules {
        stop_after_meaningful_connect: on("30").unwrap(),
        ..rules()
    };
    let outcome = AttemptOutcome::connected(31).with_disposition("not_available");
    let rules = RetryRules {
        custom: CustomDispositions::parse(&["not_available"]).unwrap(),
        ..rules
    };
    assert_eq!(
        decide(&rules, &outcome, &ctx()),
        NextStep::Done(DoneReason::Reached)
    );
}

#[test]
fn rule_3_a_connect_of_exactly_the_threshold_is_not_meaningful() {
    let rules = RetryRules {
        stop_after_meaningful_connect: on("30").unwrap(),
        custom: CustomDispositions::parse(&["not_available"]).unwrap(),
        ..rules()
    };
    let outcome = AttemptOutcome::connected(30).with_disposition("not_available");
    assert_eq!(decide(&rules, &outcome, &ctx()), retry_in_30());
}

#[test]
fn rule_4_a_short_connect_is_redialled() {
    let rules = RetryRules {
        redial_after_short_connect: ConnectRule::short_connect_from_input(true, None).unwrap(),
        ..rules()
    };
    assert_eq!(
        decide(&rules, &AttemptOutcome::connected(14), &ctx()),
        retry_in_30()
    );
    assert_eq!(
        decide(&rules, &AttemptOutcome::connected(15), &ctx()),
        NextStep::Done(DoneReason::Reached)
    );
}

#[test]
fn rule_4_needs_the_rule_switched_on() {
    assert_eq!(
        decide(&rules(), &AttemptOutcome::connected(3), &ctx()),
        NextStep::Done(DoneReason::Reached)
    );
}

#[test]
fn rule_5_a_custom_disposition_is_retried_ignoring_case() {
    let rules = RetryRules {
        custom: CustomDispositions::parse(&["Not_Available"]).unwrap(),
        ..rules()
    };
    let outcome = AttemptOutcome::connected(60).with_disposition("NOT_AVAILABLE");
    assert_eq!(decide(&rules, &outcome, &ctx()), retry_in_30());
    let other = AttemptOutcome::connected(60).with_disposition("sale");
    assert_eq!(
        decide(&rules, &other, &ctx()),
        NextStep::Done(DoneReason::Reached)
    );
}

#[test]
fn rule_6_a_ticked_system_disposition_is_retried() {
    let rules = ticking(&["rnr", "timeout"]);
    for d in [SystemDisposition::Rnr, SystemDisposition::Timeout] {
        assert_eq!(
            decide(&rules, &AttemptOutcome::system(d), &ctx()),
            retry_in_30()
        );
    }
}

#[test]
fn rule_7_an_unticked_system_disposition_is_not_retryable() {
    let rules = ticking(&["rnr"]);
    assert_eq!(
        decide(
            &rules,
            &AttemptOutcome::system(SystemDisposition::Rejected),
            &ctx()
        ),
        NextStep::Done(DoneReason::NotRetryable)
    );
}

#[test]
fn rule_7_a_person_reached_with_no_rule_matching_is_reached() {
    assert_eq!(
        decide(
            &ticking(&["no_answer"]),
            &AttemptOutcome::connected(45),
            &ctx()
        ),
        NextStep::Done(DoneReason::Reached)
    );
}

#[test]
fn max_attempts_caps_retries() {
    let ctx = RetryContext {
        attempts_so_far: 3,
        ..ctx()
    };
    let outcome = AttemptOutcome::system(SystemDisposition::NoAnswer);
    assert_eq!(
        decide(&ticking(&["no_answer"]), &outcome, &ctx),
        NextStep::Done(DoneReason::Exhausted)
    );
    let second = RetryContext {
        attempts_so_far: 2,
        ..ctx
    };
    assert_eq!(
        decide(&ticking(&["no_answer"]), &outcome, &second),
        retry_in_30()
    );
}

#[test]
fn max_attempts_caps_callbacks_too() {
    let rules = RetryRules {
        callback_detection: true,
        ..rules()
    };
    let ctx = RetryContext {
        attempts_so_far: 3,
        ..ctx()
    };
    let outcome = AttemptOutcome::connected(90).with_callback(utc("2026-01-08T10:15:00Z"));
    assert_eq!(
        decide(&rules, &outcome, &ctx),
        NextStep::Done(DoneReason::Exhausted)
    );
}

#[test]
fn a_retry_due_after_the_window_closes_moves_to_the_next_working_morning() {
    // Friday 2026-01-09 17:45 + 30 min = 18:15, closed → Monday 09:00.
    let ctx = RetryContext {
        now: utc("2026-01-09T17:45:00Z"),
        ..ctx()
    };
    let outcome = AttemptOutcome::system(SystemDisposition::NoAnswer);
    assert_eq!(
        decide(&ticking(&["no_answer"]), &outcome, &ctx),
        NextStep::RetryAt(utc("2026-01-12T09:00:00Z"))
    );
}

#[test]
fn the_retry_delay_is_taken_from_the_rules() {
    let rules = RetryRules {
        retry_delay: crate::config::RetryDelay::from_minutes(120).unwrap(),
        ..ticking(&["error"])
    };
    assert_eq!(
        decide(
            &rules,
            &AttemptOutcome::system(SystemDisposition::Error),
            &ctx()
        ),
        NextStep::RetryAt(utc("2026-01-07T14:00:00Z"))
    );
}

#[test]
fn a_machine_answer_is_retried_like_no_answer_when_no_answer_is_ticked() {
    let outcome = AttemptOutcome::connected(40).by_machine();
    assert_eq!(
        decide(&ticking(&["no_answer"]), &outcome, &ctx()),
        retry_in_30()
    );
}

#[test]
fn a_machine_answer_is_not_retryable_when_no_answer_is_not_ticked() {
    let outcome = AttemptOutcome::connected(40).by_machine();
    assert_eq!(
        decide(&ticking(&["rnr"]), &outcome, &ctx()),
        NextStep::Done(DoneReason::NotRetryable)
    );
}

#[test]
fn a_machine_answer_is_never_a_meaningful_or_short_connect() {
    let rules = RetryRules {
        stop_after_meaningful_connect: on("30").unwrap(),
        redial_after_short_connect: ConnectRule::short_connect_from_input(true, None).unwrap(),
        ..ticking(&["no_answer"])
    };
    // Long machine call: not "reached"; retried as no_answer instead.
    assert_eq!(
        decide(&rules, &AttemptOutcome::connected(120).by_machine(), &ctx()),
        retry_in_30()
    );
    // Short machine call without no_answer ticked: not a short connect.
    let rules = RetryRules {
        retry_on: SystemDispositions::none(),
        ..rules
    };
    assert_eq!(
        decide(&rules, &AttemptOutcome::connected(5).by_machine(), &ctx()),
        NextStep::Done(DoneReason::NotRetryable)
    );
}

#[test]
fn a_retry_that_can_never_land_in_the_window_ends_the_contact() {
    let ctx = RetryContext {
        now: DateTime::<Utc>::MAX_UTC,
        ..ctx()
    };
    assert_eq!(
        decide(
            &ticking(&["no_answer"]),
            &AttemptOutcome::system(SystemDisposition::NoAnswer),
            &ctx
        ),
        NextStep::Done(DoneReason::WindowNeverOpens)
    );
}

#[test]
fn outcomes_and_steps_use_snake_case_wire_names() {
    let outcome: AttemptOutcome = serde_json::from_value(json!({
        "status": "connected", "duration_seconds": 12, "answered_by_machine": false,
        "disposition": "callback_requested", "callback_at": "2026-01-08T10:00:00Z"
    }))
    .unwrap();
    assert_eq!(outcome.status, CallStatus::Connected);
    let names: Vec<_> = [
        CallStatus::NoAnswer,
        CallStatus::Rejected,
        CallStatus::Rnr,
        CallStatus::Error,
        CallStatus::Timeout,
        CallStatus::Connected,
    ]
    .iter()
    .map(|s| serde_json::to_value(s).unwrap())
    .collect();
    assert_eq!(
        names,
        [
            json!("no_answer"),
            json!("rejected"),
            json!("rnr"),
            json!("error"),
            json!("timeout"),
            json!("connected")
        ]
    );
    assert_eq!(
        serde_json::to_value(NextStep::Done(DoneReason::NotRetryable)).unwrap(),
        json!({"step": "done", "reason": "not_retryable"})
    );
    let retry = NextStep::RetryAt(utc("2026-01-07T12:30:00Z"));
    assert_eq!(
        serde_json::to_value(retry).unwrap(),
        json!({"step": "retry_at", "at": "2026-01-07T12:30:00Z"})
    );
    let back: NextStep =
        serde_json::from_value(json!({"step": "callback_at", "at": "2026-01-07T12:30:00Z"}))
            .unwrap();
    assert_eq!(back, NextStep::CallbackAt(utc("2026-01-07T12:30:00Z")));
}

#[test]
fn a_system_outcome_with_only_a_status_deserialises_with_defaults() {
    let outcome: AttemptOutcome = serde_json::from_value(json!({"status": "rnr"})).unwrap();
    assert_eq!(outcome, AttemptOutcome::system(SystemDisposition::Rnr));
}
