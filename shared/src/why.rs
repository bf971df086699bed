//! Why a contact is, or is not, due to be dialled — the answer the contact
//! page shows, from the same rules the dialler runs: the retry policy's
//! explained decision on the contact's last ended attempt
//! ([`crate::retry::decide_explained`], whose step *is* the dialler's
//! [`crate::retry::decide`]), the calling window and the campaign's status.
//!
//! The decision is worked out again from what the dialler recorded (the
//! attempt's outcome, the attempts made, the instant it ended). When it
//! gives the step the dialler stored, its sentence is shown and
//! [`Why::from_last_attempt`] is true. When the campaign's rules changed
//! since (an edit while paused), the recomputation may differ; then the
//! stored state is worded by itself and `from_last_attempt` is false, so
//! the page never claims a reason the dialler did not act on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::ContactState;
use crate::config::CampaignConfig;
use crate::lifecycle::Status;
use crate::retry::{
    decide_explained, AttemptOutcome, DoneReason, NextStep, RetryContext, RetryRules,
};
use crate::window::{local_day_time, CallingWindow};

/// What the dialler recorded about a contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    /// Its state.
    pub state: ContactState,
    /// Attempts in the current run.
    pub attempts: u32,
    /// When it may next be dialled (retry or callback).
    pub next_eligible_at: Option<DateTime<Utc>>,
    /// Why a `done` contact is done (the wire name).
    pub done_reason: Option<String>,
}

/// The contact's last ended attempt of the current run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedAttempt {
    /// How it ended.
    pub outcome: AttemptOutcome,
    /// When it ended (the instant the dialler decided at).
    pub ended_at: DateTime<Utc>,
}

/// The campaign as the answer needs it.
#[derive(Debug, Clone, Copy)]
pub struct CampaignFacts<'a> {
    /// Its configuration (rules, window, sticky exclusion).
    pub config: &'a CampaignConfig,
    /// Its status now.
    pub status: Status,
    /// The bot's callback setting (the bot half of the double gate).
    pub bot_callbacks: bool,
}

/// The answer: one sentence for the operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Why {
    /// "Next attempt after Wed 7 Jan, 14:32 IST (retry delay 30 min after a
    /// no_answer)", "Done: 3 of 3 attempts used (…)", "Due now: …",
    /// "Waiting for the window: opens Mon 7 Dec, 09:00 IST", ….
    pub text: String,
    /// The text is the retry policy's decision on the last attempt, the same
    /// step the dialler recorded; false when the state is worded by itself
    /// (no attempt yet, or the rules changed since the decision).
    pub from_last_attempt: bool,
}

/// Why `contact` is or is not due at `now`.
pub fn why(
    campaign: CampaignFacts<'_>,
    contact: &ContactRecord,
    last: Option<&EndedAttempt>,
    now: DateTime<Utc>,
) -> Why {
    let tz = campaign.config.window().timezone();
    let plain = |text: String| Why {
        text,
        from_last_attempt: false,
    };
    match contact.state {
        ContactState::Excluded => {
            return plain(if campaign.config.sticky_exclusion() {
                "Excluded (sticky): never dialled, and the number stays excluded if the contact is added again".to_owned()
            } else {
                "Excluded: never dialled while excluded (not sticky: the number is dialled again if the contact is added again)".to_owned()
            })
        }
        ContactState::InCall => return plain("In a call now".to_owned()),
        ContactState::Pending => return plain(due(campaign, now)),
        ContactState::Retry | ContactState::Callback | ContactState::Done => {}
    }
    let decided = last.map(|last| {
        let rules = RetryRules::from_config(campaign.config);
        let ctx = RetryContext {
            attempts_so_far: contact.attempts,
            excluded: false,
            bot_callbacks_enabled: campaign.bot_callbacks,
            now: last.ended_at,
        };
        decide_explained(&rules, &last.outcome, &ctx)
    });
    let recorded = recorded_step(contact);
    let waiting_until = match recorded {
        Some(NextStep::RetryAt(at) | NextStep::CallbackAt(at)) => Some(at),
        _ => None,
    };
    // Due already: the sentence is the campaign's, not the decision's.
    if let Some(at) = waiting_until.filter(|at| *at <= now) {
        let kind = if contact.state == ContactState::Callback {
            "callback"
        } else {
            "retry"
        };
        return plain(format!(
            "Its {kind} was due at {}. {}",
            local_day_time(at, &tz),
            due(campaign, now)
        ));
    }
    let (text, from_last_attempt) = match decided.filter(|d| Some(d.next) == recorded) {
        Some(decision) => (decision.describe(tz), true),
        None => (describe_record(contact, recorded, tz), false),
    };
    let text = match (waiting_until, campaign.status) {
        (Some(_), Status::Paused) => format!("{text}; the campaign is paused"),
        (Some(_), Status::Draft) => format!("{text}; the campaign is not started"),
        (Some(_), Status::Completed) => format!("{text}; the campaign is completed"),
        _ => text,
    };
    Why {
        text,
        from_last_attempt,
    }
}

/// The step the dialler recorded, read back from the contact.
fn recorded_step(contact: &ContactRecord) -> Option<NextStep> {
    match contact.state {
        ContactState::Retry => contact.next_eligible_at.map(NextStep::RetryAt),
        ContactState::Callback => contact.next_eligible_at.map(NextStep::CallbackAt),
        ContactState::Done => contact
            .done_reason
            .as_deref()
            .and_then(DoneReason::parse)
            .map(NextStep::Done),
        _ => None,
    }
}

/// The recorded state in words, without the rule behind it.
fn describe_record(
    contact: &ContactRecord,
    recorded: Option<NextStep>,
    tz: crate::config::Timezone,
) -> String {
    match recorded {
        Some(NextStep::RetryAt(at)) => format!("Next attempt after {}", local_day_time(at, &tz)),
        Some(NextStep::CallbackAt(at)) => format!("Callback at {}", local_day_time(at, &tz)),
        Some(NextStep::Done(DoneReason::Exhausted)) => {
            format!("Done: {} attempts used", contact.attempts)
        }
        Some(NextStep::Done(reason)) => reason.label().to_owned(),
        None => match &contact.done_reason {
            Some(reason) => DoneReason::label_of(reason),
            None => "Done".to_owned(),
        },
    }
}

/// Whether a contact that may be dialled now will be, by the campaign.
fn due(campaign: CampaignFacts<'_>, now: DateTime<Utc>) -> String {
    match campaign.status {
        Status::Draft => "Not dialled until the campaign is started".to_owned(),
        Status::Paused => "Paused: dialled when the campaign resumes".to_owned(),
        Status::Completed => {
            "Not dialled: the campaign is completed (Restart makes unreached contacts eligible again)"
                .to_owned()
        }
        Status::Running => {
            let window = CallingWindow::from_config(campaign.config);
            if window.is_open(now) {
                "Due now: dialled as soon as a seat and the carrier's calls-per-second allow".to_owned()
            } else {
                match window.next_opening(now) {
                    Some(at) => format!(
                        "Waiting for the window: opens {}",
                        local_day_time(at, &window.timezone())
                    ),
                    None => "Waiting for the window: it never opens".to_owned(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
