//! The inputs and output of the retry policy: what happened on an attempt,
//! the contact's situation, and the contact's next step. These travel in
//! webhook events and the simulator's event log, so their wire names are
//! fixed (`no_answer`, `rejected`, `rnr`, `error`, `timeout`, `connected`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::{
    CampaignConfig, ConnectRule, CustomDispositions, MaxAttempts, RetryDelay, SystemDisposition,
    SystemDispositions,
};
use crate::window::CallingWindow;

/// How an attempt ended, as the carrier reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallStatus {
    /// Rang out unanswered.
    NoAnswer,
    /// Declined.
    Rejected,
    /// Ring, no reply.
    Rnr,
    /// Failed for a technical reason.
    Error,
    /// Timed out.
    Timeout,
    /// Answered (by a person or, see [`AttemptOutcome::answered_by_machine`], a machine).
    Connected,
}

impl CallStatus {
    /// The system disposition this status is, or `None` for `connected`.
    pub fn system_disposition(self) -> Option<SystemDisposition> {
        match self {
            CallStatus::NoAnswer => Some(SystemDisposition::NoAnswer),
            CallStatus::Rejected => Some(SystemDisposition::Rejected),
            CallStatus::Rnr => Some(SystemDisposition::Rnr),
            CallStatus::Error => Some(SystemDisposition::Error),
            CallStatus::Timeout => Some(SystemDisposition::Timeout),
            CallStatus::Connected => None,
        }
    }
}

impl From<SystemDisposition> for CallStatus {
    fn from(d: SystemDisposition) -> Self {
        match d {
            SystemDisposition::NoAnswer => CallStatus::NoAnswer,
            SystemDisposition::Rejected => CallStatus::Rejected,
            SystemDisposition::Rnr => CallStatus::Rnr,
            SystemDisposition::Error => CallStatus::Error,
            SystemDisposition::Timeout => CallStatus::Timeout,
        }
    }
}

/// Everything known about one finished attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptOutcome {
    /// How the call ended.
    pub status: CallStatus,
    /// Connected time in seconds (0 when not connected).
    #[serde(default)]
    pub duration_seconds: u32,
    /// The call was answered by a machine (voicemail), not a person.
    #[serde(default)]
    pub answered_by_machine: bool,
    /// The business disposition from post-call analysis, e.g. `not_available`.
    #[serde(default)]
    pub disposition: Option<String>,
    /// When the contact asked to be called back, if they did.
    #[serde(default)]
    pub callback_at: Option<DateTime<Utc>>,
}

impl AttemptOutcome {
    /// An attempt that ended with a system disposition.
    pub fn system(disposition: SystemDisposition) -> Self {
        Self {
            status: disposition.into(),
            duration_seconds: 0,
            answered_by_machine: false,
            disposition: None,
            callback_at: None,
        }
    }

    /// An attempt a person answered, connected for `seconds`.
    pub fn connected(seconds: u32) -> Self {
        Self {
            status: CallStatus::Connected,
            duration_seconds: seconds,
            ..Self::system(SystemDisposition::NoAnswer)
        }
    }

    /// The same outcome, answered by a machine.
    pub fn by_machine(mut self) -> Self {
        self.answered_by_machine = true;
        self
    }

    /// The same outcome with a business disposition from post-call analysis.
    pub fn with_disposition(mut self, disposition: impl Into<String>) -> Self {
        self.disposition = Some(disposition.into());
        self
    }

    /// The same outcome with a callback request for `at`.
    pub fn with_callback(mut self, at: DateTime<Utc>) -> Self {
        self.callback_at = Some(at);
        self
    }

    /// A person answered: connected and not a machine.
    pub fn reached_a_person(&self) -> bool {
        self.status == CallStatus::Connected && !self.answered_by_machine
    }

    /// The system disposition used for "Retry on System Dispositions": a
    /// machine-answered call counts as `no_answer`.
    pub fn effective_system_disposition(&self) -> Option<SystemDisposition> {
        if self.status == CallStatus::Connected && self.answered_by_machine {
            Some(SystemDisposition::NoAnswer)
        } else {
            self.status.system_disposition()
        }
    }
}

/// The campaign rules the policy applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryRules {
    /// Hard cap on attempts per contact, callbacks included.
    pub max_attempts: MaxAttempts,
    /// Wait before a retry.
    pub retry_delay: RetryDelay,
    /// Retry on System Dispositions.
    pub retry_on: SystemDispositions,
    /// Custom Retry Dispositions.
    pub custom: CustomDispositions,
    /// Stop redials after a meaningful connect.
    pub stop_after_meaningful_connect: ConnectRule,
    /// Redial after a short connect.
    pub redial_after_short_connect: ConnectRule,
    /// The campaign half of the callback double gate.
    pub callback_detection: bool,
    /// Where retries and callbacks must land.
    pub window: CallingWindow,
}

impl RetryRules {
    /// The rules of a campaign.
    pub fn from_config(config: &CampaignConfig) -> Self {
        Self {
            max_attempts: config.max_attempts(),
            retry_delay: config.retry_delay(),
            retry_on: config.retry_on_system_dispositions().clone(),
            custom: config.custom_retry_dispositions().clone(),
            stop_after_meaningful_connect: config.stop_redials_after_meaningful_connect(),
            redial_after_short_connect: config.redial_after_short_connect(),
            callback_detection: config.callback_detection(),
            window: CallingWindow::from_config(config),
        }
    }
}

/// The contact's situation when the attempt finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryContext {
    /// Attempts made so far, including the one just finished.
    pub attempts_so_far: u32,
    /// The contact is excluded (opted out, removed).
    pub excluded: bool,
    /// The bot half of the callback double gate.
    pub bot_callbacks_enabled: bool,
    /// The current instant.
    pub now: DateTime<Utc>,
}

/// Why a contact needs no more attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoneReason {
    /// A person was reached.
    Reached,
    /// Max Attempts used up.
    Exhausted,
    /// The outcome is not one the campaign retries.
    NotRetryable,
    /// The contact is excluded.
    Excluded,
    /// A retry was due but the calling window never opens again (only at
    /// the edge of the representable time range).
    WindowNeverOpens,
}

impl DoneReason {
    /// Every reason, in the order the dashboard lists them.
    pub const ALL: [DoneReason; 5] = [
        DoneReason::Reached,
        DoneReason::Exhausted,
        DoneReason::NotRetryable,
        DoneReason::Excluded,
        DoneReason::WindowNeverOpens,
    ];

    /// The wire name, also the value stored in `contacts.done_reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            DoneReason::Reached => "reached",
            DoneReason::Exhausted => "exhausted",
            DoneReason::NotRetryable => "not_retryable",
            DoneReason::Excluded => "excluded",
            DoneReason::WindowNeverOpens => "window_never_opens",
        }
    }

    /// Reads a wire name.
    pub fn parse(name: &str) -> Option<DoneReason> {
        DoneReason::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The label of a stored reason's wire name: [`DoneReason::label`] for
    /// a known one, "Done: <name in words>" for any other, so no reason is
    /// dropped or shown raw.
    pub fn label_of(name: &str) -> String {
        match DoneReason::parse(name) {
            Some(reason) => reason.label().to_owned(),
            None => format!("Done: {}", name.replace('_', " ")),
        }
    }

    /// What the operator reads: "Done: reached", "Done: attempts used up", ….
    pub fn label(self) -> &'static str {
        match self {
            DoneReason::Reached => "Done: reached",
            DoneReason::Exhausted => "Done: attempts used up",
            DoneReason::NotRetryable => "Done: not retried",
            DoneReason::Excluded => "Done: excluded",
            DoneReason::WindowNeverOpens => "Done: window never opens",
        }
    }
}

/// What happens to the contact next. Serialises as
/// `{"step":"retry_at","at":"2026-…Z"}`, `{"step":"callback_at","at":…}` or
/// `{"step":"done","reason":"reached"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "NextStepRepr", into = "NextStepRepr")]
pub enum NextStep {
    /// No more attempts, for this reason.
    Done(DoneReason),
    /// Dial again at this instant (inside the window).
    RetryAt(DateTime<Utc>),
    /// Call back at this instant (inside the window), as the contact asked.
    CallbackAt(DateTime<Utc>),
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
enum NextStepRepr {
    Done { reason: DoneReason },
    RetryAt { at: DateTime<Utc> },
    CallbackAt { at: DateTime<Utc> },
}

impl From<NextStepRepr> for NextStep {
    fn from(repr: NextStepRepr) -> Self {
        match repr {
            NextStepRepr::Done { reason } => NextStep::Done(reason),
            NextStepRepr::RetryAt { at } => NextStep::RetryAt(at),
            NextStepRepr::CallbackAt { at } => NextStep::CallbackAt(at),
        }
    }
}

impl From<NextStep> for NextStepRepr {
    fn from(step: NextStep) -> Self {
        match step {
            NextStep::Done(reason) => NextStepRepr::Done { reason },
            NextStep::RetryAt(at) => NextStepRepr::RetryAt { at },
            NextStep::CallbackAt(at) => NextStepRepr::CallbackAt { at },
        }
    }
}
