use chrono::{DateTime, Utc};
use serde_json::json;

use super::*;
use crate::config::{CampaignInput, SystemDisposition};

/// Weekdays 09:00–18:00 in India, 3 attempts, 30 min delay, `retry_on`
/// ticked.
fn config_retrying(sticky: bool, retry_on: &[&str]) -> CampaignConfig {
    let input: CampaignInput = serde_json::from_value(json!({
        "name": "Why", "bot_id": 1, "number_ids": [1], "mode": "multi_day",
        "window": {"start": "09:00", "end": "18:00", "timezone": "Asia/Kolkata"},
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "retry_on_system_dispositions": retry_on,
        "sticky_exclusion": sticky
    }))
    .unwrap();
    input.parse().unwrap()
}

/// The same with no_answer retried.
fn config(sticky: bool) -> CampaignConfig {
    config_retrying(sticky, &["no_answer"])
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn facts(config: &CampaignConfig, status: Status) -> CampaignFacts<'_> {
    CampaignFacts {
        config,
        status,
        bot_callbacks: false,
    }
}

fn record(
    state: ContactState,
    attempts: u32,
    next: Option<&str>,
    reason: Option<&str>,
) -> ContactRecord {
    ContactRecord {
        state,
        attempts,
        next_eligible_at: next.map(utc),
        done_reason: reason.map(str::to_owned),
    }
}

/// A no_answer that ended Wednesday 7 Jan 2026, 14:02 IST.
fn no_answer() -> EndedAttempt {
    EndedAttempt {
        outcome: AttemptOutcome::system(SystemDisposition::NoAnswer),
        ended_at: utc("2026-01-07T08:32:00Z"),
    }
}

#[test]
fn a_retry_the_dialler_scheduled_is_explained_by_the_rule_that_scheduled_it() {
    let config = config(false);
    let contact = record(ContactState::Retry, 1, Some("2026-01-07T09:02:00Z"), None);
    let why = why(
        facts(&config, Status::Running),
        &contact,
        Some(&no_answer()),
        utc("2026-01-07T08:40:00Z"),
    );
    assert_eq!(
        why.text,
        "Next attempt after Wed 7 Jan, 14:32 IST (retry delay 30 min after a no_answer)"
    );
    assert!(why.from_last_attempt);
}

#[test]
fn a_retry_while_paused_says_the_campaign_is_paused() {
    let config = config(false);
    let contact = record(ContactState::Retry, 1, Some("2026-01-07T09:02:00Z"), None);
    let why = why(
        facts(&config, Status::Paused),
        &contact,
        Some(&no_answer()),
        utc("2026-01-07T08:40:00Z"),
    );
    assert!(
        why.text.ends_with("; the campaign is paused"),
        "{}",
        why.text
    );
}

#[test]
fn used_up_attempts_are_counted() {
    let config = config(false);
    let contact = record(ContactState::Done, 3, None, Some("exhausted"));
    let why = why(
        facts(&config, Status::Running),
        &contact,
        Some(&no_answer()),
        utc("2026-01-07T08:40:00Z"),
    );
    assert_eq!(
        why.text,
        "Done: 3 of 3 attempts used (the last ended with a no_answer)"
    );
    assert!(why.from_last_attempt);
}

#[test]
fn a_decision_the_current_rules_would_not_make_is_worded_from_the_record_alone() {
    // Recorded as a retry, but no_answer is no longer ticked (edited since).
    let config = config_retrying(false, &[]);
    let contact = record(ContactState::Retry, 1, Some("2026-01-07T09:02:00Z"), None);
    let why = why(
        facts(&config, Status::Running),
        &contact,
        Some(&no_answer()),
        utc("2026-01-07T08:40:00Z"),
    );
    assert_eq!(why.text, "Next attempt after Wed 7 Jan, 14:32 IST");
    assert!(!why.from_last_attempt);
}

#[test]
fn a_pending_contact_is_due_inside_the_window_and_waits_outside_it() {
    let config = config(false);
    let pending = record(ContactState::Pending, 0, None, None);
    let inside = why(
        facts(&config, Status::Running),
        &pending,
        None,
        utc("2026-01-07T08:40:00Z"),
    );
    assert_eq!(
        inside.text,
        "Due now: dialled as soon as a seat and the carrier's calls-per-second allow"
    );
    // Saturday 10 Jan: the window opens on Monday.
    let weekend = why(
        facts(&config, Status::Running),
        &pending,
        None,
        utc("2026-01-10T06:00:00Z"),
    );
    assert_eq!(
        weekend.text,
        "Waiting for the window: opens Mon 12 Jan, 09:00 IST"
    );
    let draft = why(
        facts(&config, Status::Draft),
        &pending,
        None,
        utc("2026-01-07T08:40:00Z"),
    );
    assert_eq!(draft.text, "Not dialled until the campaign is started");
}

#[test]
fn a_retry_already_due_is_explained_by_the_campaign() {
    let config = config(false);
    let contact = record(ContactState::Retry, 1, Some("2026-01-07T09:02:00Z"), None);
    let why = why(
        facts(&config, Status::Paused),
        &contact,
        Some(&no_answer()),
        utc("2026-01-07T10:00:00Z"),
    );
    assert_eq!(
        why.text,
        "Its retry was due at Wed 7 Jan, 14:32 IST. Paused: dialled when the campaign resumes"
    );
}

#[test]
fn an_excluded_contact_says_whether_the_exclusion_is_sticky() {
    let excluded = record(ContactState::Excluded, 0, None, None);
    let now = utc("2026-01-07T08:40:00Z");
    let sticky = config(true);
    assert!(why(facts(&sticky, Status::Running), &excluded, None, now)
        .text
        .starts_with("Excluded (sticky)"));
    let plain = config(false);
    assert!(why(facts(&plain, Status::Running), &excluded, None, now)
        .text
        .contains("not sticky"));
}

#[test]
fn a_contact_in_a_call_says_so() {
    let config = config(false);
    let contact = record(ContactState::InCall, 1, None, None);
    assert_eq!(
        why(
            facts(&config, Status::Running),
            &contact,
            None,
            utc("2026-01-07T08:40:00Z")
        )
        .text,
        "In a call now"
    );
}
