//! The operator's sentence for each rule of the precedence, in the
//! campaign's timezone; and the explained decision's step is `decide`'s.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;
use crate::config::{
    CampaignInput, ConnectRule, CustomDispositions, SystemDisposition, SystemDispositions, Timezone,
};

/// Window 09:00–18:00 Asia/Kolkata, Monday to Friday; 3 attempts, 30 minutes delay.
fn rules() -> RetryRules {
    let input: CampaignInput = serde_json::from_value(json!({
        "name": "Why test", "bot_id": 1, "number_ids": [1],
        "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
        "working_days": ["mon", "tue", "wed", "thu", "fri"]
    }))
    .unwrap();
    RetryRules::from_config(&input.parse().unwrap())
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Wednesday 2026-01-07 14:02 IST.
fn ctx(attempts: u32) -> RetryContext {
    RetryContext {
        attempts_so_far: attempts,
        excluded: false,
        bot_callbacks_enabled: true,
        now: utc("2026-01-07T08:32:00Z"),
    }
}

fn why(rules: &RetryRules, outcome: &AttemptOutcome, ctx: &RetryContext) -> String {
    let decision = decide_explained(rules, outcome, ctx);
    assert_eq!(
        decision.next,
        decide(rules, outcome, ctx),
        "the page says what the dialler does"
    );
    decision.describe(Timezone::parse("Asia/Kolkata").unwrap())
}

fn ticking(dispositions: &[&str]) -> RetryRules {
    RetryRules {
        retry_on: SystemDispositions::parse(dispositions).unwrap(),
        ..rules()
    }
}

#[test]
fn a_retry_says_when_and_after_which_outcome() {
    assert_eq!(
        why(
            &ticking(&["no_answer"]),
            &AttemptOutcome::system(SystemDisposition::NoAnswer),
            &ctx(1)
        ),
        "Next attempt after Wed 7 Jan, 14:32 IST (retry delay 30 min after a no_answer)"
    );
}

#[test]
fn a_retry_outside_the_window_says_it_waits_for_the_opening() {
    let late = RetryContext {
        now: utc("2026-01-07T12:15:00Z"), // 17:45 IST: +30 min is past 18:00
        ..ctx(1)
    };
    assert_eq!(
        why(&ticking(&["rnr"]), &AttemptOutcome::system(SystemDisposition::Rnr), &late),
        "Next attempt at Thu 8 Jan, 09:00 IST, when the window opens (retry delay 30 min after an RNR)"
    );
}

#[test]
fn a_meaningful_connect_says_it_was_longer_than_the_threshold() {
    let rules = RetryRules {
        stop_after_meaningful_connect: ConnectRule::stop_redials_from_input(true, Some("30"))
            .unwrap(),
        ..ticking(&["no_answer"])
    };
    assert_eq!(
        why(&rules, &AttemptOutcome::connected(48), &ctx(1)),
        "Done: reached (a 48 s connect is longer than the 30 s meaningful-connect threshold)"
    );
}

#[test]
fn a_short_connect_says_it_was_shorter_than_the_threshold() {
    let rules = RetryRules {
        redial_after_short_connect: ConnectRule::short_connect_from_input(true, Some("15"))
            .unwrap(),
        ..rules()
    };
    assert_eq!(
        why(&rules, &AttemptOutcome::connected(9), &ctx(1)),
        "Next attempt after Wed 7 Jan, 14:32 IST (retry delay 30 min after a 9 s connect, \
         shorter than the 15 s short-connect threshold)"
    );
}

#[test]
fn a_custom_disposition_names_the_business_disposition() {
    let rules = RetryRules {
        custom: CustomDispositions::parse(&["not_available"]).unwrap(),
        ..rules()
    };
    let outcome = AttemptOutcome::connected(20).with_disposition("Not_Available");
    assert_eq!(
        why(&rules, &outcome, &ctx(1)),
        "Next attempt after Wed 7 Jan, 14:32 IST (retry delay 30 min after the business \
         disposition \"Not_Available\")"
    );
}

#[test]
fn used_up_attempts_say_how_many_of_how_many() {
    assert_eq!(
        why(
            &ticking(&["no_answer"]),
            &AttemptOutcome::system(SystemDisposition::NoAnswer),
            &ctx(3)
        ),
        "Done: 3 of 3 attempts used (the last ended with a no_answer)"
    );
}

#[test]
fn an_outcome_nobody_retries_names_the_unticked_disposition() {
    assert_eq!(
        why(
            &rules(),
            &AttemptOutcome::system(SystemDisposition::Rejected),
            &ctx(1)
        ),
        "Done: not retried (a rejected; rejected is not ticked in Retry on System Dispositions)"
    );
    assert_eq!(
        why(
            &rules(),
            &AttemptOutcome::connected(12).by_machine(),
            &ctx(1)
        ),
        "Done: not retried (an answering machine (counted as no_answer); no_answer is not \
         ticked in Retry on System Dispositions)"
    );
}

#[test]
fn a_machine_retried_as_no_answer_says_so() {
    assert_eq!(
        why(
            &ticking(&["no_answer"]),
            &AttemptOutcome::connected(12).by_machine(),
            &ctx(1)
        ),
        "Next attempt after Wed 7 Jan, 14:32 IST (retry delay 30 min after an answering \
         machine, counted as no_answer)"
    );
}

#[test]
fn a_person_answering_with_no_redial_rule_is_reached() {
    assert_eq!(
        why(&rules(), &AttemptOutcome::connected(48), &ctx(1)),
        "Done: reached (a person answered for 48 s and no rule redials them)"
    );
}

#[test]
fn a_callback_says_when_as_the_contact_asked() {
    let rules = RetryRules {
        callback_detection: true,
        ..rules()
    };
    let asked = utc("2026-01-08T05:00:00Z"); // Thu 10:30 IST
    let outcome = AttemptOutcome::connected(40).with_callback(asked);
    assert_eq!(
        why(&rules, &outcome, &ctx(1)),
        "Callback at Thu 8 Jan, 10:30 IST, as the contact asked"
    );
    let at_night = utc("2026-01-07T17:00:00Z"); // 22:30 IST
    let outcome = AttemptOutcome::connected(40).with_callback(at_night);
    assert_eq!(
        why(&rules, &outcome, &ctx(1)),
        "Callback at Thu 8 Jan, 09:00 IST, when the window opens (the contact asked for Wed 7 \
         Jan, 22:30 IST)"
    );
}

#[test]
fn an_excluded_contact_is_excluded() {
    let excluded = RetryContext {
        excluded: true,
        ..ctx(1)
    };
    let outcome = AttemptOutcome::system(SystemDisposition::NoAnswer);
    assert_eq!(
        why(&ticking(&["no_answer"]), &outcome, &excluded),
        "Excluded"
    );
}
