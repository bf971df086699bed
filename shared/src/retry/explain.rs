//! Which rule of the precedence decided a contact's next step, and the
//! sentence the operator reads for it ("Next attempt after Mon 7 Dec, 14:32
//! IST (retry delay 30 min after a no_answer)"). [`super::decide`] is this decision's
//! step, so what the page says is what the dialler did.

use chrono::{DateTime, Utc};

use super::{DoneReason, NextStep};
use crate::config::{SystemDisposition, Timezone};
use crate::window::local_day_time;

/// The rule that decided, with the figures it compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// 1. The contact is excluded.
    Excluded,
    /// 2. The contact asked for a callback at `requested` and both halves
    ///    of the double gate are on.
    Callback { requested: DateTime<Utc> },
    /// 3. A person was connected for `seconds`, longer than the
    ///    meaningful-connect `threshold`.
    MeaningfulConnect { seconds: u32, threshold: u32 },
    /// 4. A person was connected for `seconds`, shorter than the
    ///    short-connect `threshold`.
    ShortConnect { seconds: u32, threshold: u32 },
    /// 5. The business disposition is one of Custom Retry Dispositions.
    CustomDisposition { disposition: String },
    /// 6. The system disposition is ticked in Retry on System Dispositions
    ///    (`machine`: an answering machine, counted as `no_answer`).
    SystemDisposition {
        disposition: SystemDisposition,
        machine: bool,
    },
    /// 7. A person answered for `seconds` and no rule redials them.
    Answered { seconds: u32 },
    /// 7. Nobody answered and no rule retries the outcome: its system
    ///    `disposition` (`no_answer` for an answering machine, `machine`).
    NotRetried {
        disposition: SystemDisposition,
        machine: bool,
    },
}

/// A decision: the step, the rule behind it, and what changed it after
/// the rule (Max Attempts, the calling window).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// What the dialler does next.
    pub next: NextStep,
    /// The rule of the precedence that matched.
    pub rule: Rule,
    /// The rule asked for a retry or callback but Max Attempts is used up:
    /// `(attempts made, Max Attempts)`.
    pub capped: Option<(u32, u32)>,
    /// The rule's instant (`now` + Retry Delay, or the requested callback)
    /// fell outside the calling window, which moved it to the next opening.
    pub moved_from: Option<DateTime<Utc>>,
    /// The campaign's Retry Delay, in minutes (for the wording).
    pub retry_delay_minutes: u32,
}

impl Rule {
    /// What happened on the call, as the reason's tail: "a no_answer", "a
    /// 9 s connect, shorter than the 15 s short-connect threshold", ….
    fn cause(&self) -> String {
        match self {
            Rule::Excluded => "the number's exclusion".to_owned(),
            Rule::Callback { .. } => "the contact's callback request".to_owned(),
            Rule::MeaningfulConnect { seconds, threshold } => format!(
                "a {seconds} s connect is longer than the {threshold} s meaningful-connect threshold"
            ),
            Rule::ShortConnect { seconds, threshold } => format!(
                "a {seconds} s connect, shorter than the {threshold} s short-connect threshold"
            ),
            Rule::CustomDisposition { disposition } => {
                format!("the business disposition \"{disposition}\"")
            }
            Rule::SystemDisposition {
                disposition,
                machine: true,
            } => format!(
                "an answering machine, counted as {}",
                disposition.label()
            ),
            Rule::SystemDisposition { disposition, .. } => with_article(*disposition),
            Rule::Answered { seconds } => {
                format!("a person answered for {seconds} s and no rule redials them")
            }
            Rule::NotRetried {
                disposition,
                machine,
            } => {
                let what = if *machine {
                    format!("an answering machine (counted as {})", disposition.label())
                } else {
                    with_article(*disposition)
                };
                format!(
                    "{what}; {} is not ticked in Retry on System Dispositions",
                    disposition.label()
                )
            }
        }
    }
}

impl Decision {
    /// The operator's sentence for this decision, times in `tz`:
    /// - "Next attempt after Mon 7 Dec, 14:32 IST (retry delay 30 min after
    ///   a no_answer)"
    /// - "Next attempt at Mon 7 Dec, 09:00 IST, when the window opens (retry
    ///   delay 30 min after a no_answer)"
    /// - "Callback at Mon 7 Dec, 10:00 IST, as the contact asked"
    /// - "Done: reached (a 48 s connect is longer than the 30 s
    ///   meaningful-connect threshold)"
    /// - "Done: 3 of 3 attempts used (the last ended with a no_answer)"
    pub fn describe(&self, tz: Timezone) -> String {
        let retry_cause = || {
            format!(
                "retry delay {} min after {}",
                self.retry_delay_minutes,
                self.rule.cause()
            )
        };
        match self.next {
            NextStep::RetryAt(at) => match self.moved_from {
                Some(_) => format!(
                    "Next attempt at {}, when the window opens ({})",
                    local_day_time(at, &tz),
                    retry_cause()
                ),
                None => format!(
                    "Next attempt after {} ({})",
                    local_day_time(at, &tz),
                    retry_cause()
                ),
            },
            NextStep::CallbackAt(at) => match self.moved_from {
                Some(requested) => format!(
                    "Callback at {}, when the window opens (the contact asked for {})",
                    local_day_time(at, &tz),
                    local_day_time(requested, &tz)
                ),
                None => format!(
                    "Callback at {}, as the contact asked",
                    local_day_time(at, &tz)
                ),
            },
            NextStep::Done(DoneReason::Exhausted) => {
                let (made, max) = self.capped.unwrap_or((0, 0));
                let last = match &self.rule {
                    Rule::Callback { .. } => "the last asked for a callback".to_owned(),
                    rule => format!("the last ended with {}", rule.cause()),
                };
                format!("Done: {made} of {max} attempts used ({last})")
            }
            NextStep::Done(DoneReason::Excluded) => "Excluded".to_owned(),
            NextStep::Done(DoneReason::WindowNeverOpens) => format!(
                "Done: the calling window never opens again (after {})",
                self.rule.cause()
            ),
            NextStep::Done(DoneReason::Reached) => {
                format!("Done: reached ({})", self.rule.cause())
            }
            NextStep::Done(DoneReason::NotRetryable) => {
                format!("Done: not retried ({})", self.rule.cause())
            }
        }
    }
}

/// "a no_answer", "an RNR", "an error", "a timeout", "a rejected".
fn with_article(disposition: SystemDisposition) -> String {
    let article = match disposition {
        SystemDisposition::Rnr | SystemDisposition::Error => "an",
        _ => "a",
    };
    format!("{article} {}", disposition.label())
}
