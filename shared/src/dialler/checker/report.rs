//! What the checker found: counts, and each violation with the line that
//! shows it and a reason an operator can read.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::lifecycle::Status;

/// Violations kept in [`Report::violations`]; later ones are only counted,
/// so a badly broken log cannot make the report grow with its length.
pub const MAX_REPORTED_VIOLATIONS: usize = 1_000;

/// The result of checking one event log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Lines read (blank lines included, so line numbers match the file).
    pub lines: u64,
    /// `dial` events.
    pub dials: u64,
    /// `answer` events.
    pub answers: u64,
    /// `end` events.
    pub ends: u64,
    /// The most live calls each campaign had at once.
    pub max_live: BTreeMap<i64, u32>,
    /// The most starts each carrier made in any one second.
    pub max_per_second: BTreeMap<String, u32>,
    /// Every violation found, in log order (the first
    /// [`MAX_REPORTED_VIOLATIONS`]).
    pub violations: Vec<Violation>,
    /// How many violations there were in all.
    pub violation_count: u64,
}

impl Report {
    /// Whether the log keeps every invariant checked.
    pub fn is_clean(&self) -> bool {
        self.violation_count == 0
    }

    /// The names of the violations found, in order (see [`ViolationKind::name`]).
    pub fn kinds(&self) -> Vec<&'static str> {
        self.violations.iter().map(|v| v.kind.name()).collect()
    }

    pub(crate) fn push(&mut self, violation: Violation) {
        self.violation_count += 1;
        if self.violations.len() < MAX_REPORTED_VIOLATIONS {
            self.violations.push(violation);
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} lines: {} dials, {} answers, {} ends, {} violations",
            self.lines, self.dials, self.answers, self.ends, self.violation_count
        )?;
        for (campaign, live) in &self.max_live {
            writeln!(f, "campaign {campaign}: at most {live} live calls")?;
        }
        for (carrier, starts) in &self.max_per_second {
            writeln!(
                f,
                "carrier {carrier}: at most {starts} starts in one second"
            )?;
        }
        for violation in &self.violations {
            writeln!(f, "{violation}")?;
        }
        let unlisted = self.violation_count - self.violations.len() as u64;
        if unlisted > 0 {
            writeln!(f, "… and {unlisted} more violations")?;
        }
        Ok(())
    }
}

/// One breach, where it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The 1-based line of the offending event (for a dial that never
    /// ended, the dial's line).
    pub line: u64,
    /// The event's instant; `None` for a line that is not an event.
    pub at: Option<DateTime<Utc>>,
    /// The campaign concerned, when known.
    pub campaign: Option<i64>,
    /// What is wrong.
    pub kind: ViolationKind,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(at) = self.at {
            write!(f, " ({})", at.to_rfc3339_opts(SecondsFormat::AutoSi, true))?;
        }
        if let Some(campaign) = self.campaign {
            write!(f, " campaign {campaign}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

/// What is wrong, with the figures that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ViolationKind {
    /// Invariant 1: more live calls than the Concurrency Limit.
    OverConcurrency {
        /// Live calls after this dial.
        live: u32,
        /// The limit.
        limit: u32,
    },
    /// Invariant 2: more starts through a carrier within one second than its CPS.
    OverCps {
        /// The carrier's name.
        carrier: String,
        /// Starts in the second ending at this dial, this one included.
        starts: u32,
        /// The limit.
        cps: u32,
    },
    /// Invariant 3: a dial outside the window or on a non-working day.
    OutsideWindow,
    /// Invariant 4: a dial to a contact that already has a live attempt.
    ContactAlreadyLive {
        /// The contact.
        contact: i64,
    },
    /// Invariant 4: more attempts for a contact than Max Attempts.
    OverMaxAttempts {
        /// The contact.
        contact: i64,
        /// Its attempts, this one included.
        attempts: u32,
        /// The limit.
        max: u32,
    },
    /// A dial whose `attempt_no` is not the contact's count of dials in the log.
    AttemptNumberMismatch {
        /// The contact.
        contact: i64,
        /// `attempt_no` as written.
        written: u32,
        /// Dials to the contact in the log, this one included.
        counted: u32,
    },
    /// Invariant 5: a dial while the campaign was not running.
    NotRunning {
        /// The campaign's status then; `None` before its first status event.
        status: Option<Status>,
    },
    /// Invariant 6: a dial to an excluded number.
    Excluded {
        /// The number dialled.
        phone: String,
    },
    /// A dial reusing the id of an attempt that is still live.
    DuplicateAttempt {
        /// The attempt.
        attempt: i64,
    },
    /// A dial with no `end` by the end of the log.
    DialWithoutEnd {
        /// The attempt.
        attempt: i64,
    },
    /// An `end` for no live attempt (never dialled, or already ended).
    EndWithoutDial {
        /// The attempt.
        attempt: i64,
    },
    /// An `answer` for no live attempt.
    AnswerWithoutDial {
        /// The attempt.
        attempt: i64,
    },
    /// An `answer` or `end` naming another campaign or contact than its dial.
    MismatchedAttempt {
        /// The attempt.
        attempt: i64,
    },
    /// A campaign the setup does not describe.
    UnknownCampaign,
    /// A carrier the setup does not describe.
    UnknownCarrier {
        /// The carrier's name.
        carrier: String,
    },
    /// An event earlier than the line before it.
    TimeWentBackwards {
        /// The previous line's instant.
        previous: DateTime<Utc>,
    },
    /// A line that is not an event.
    Unparsable {
        /// Why it could not be read.
        error: String,
    },
}

impl ViolationKind {
    /// A stable snake_case name, the `kind` key of the JSON form.
    pub fn name(&self) -> &'static str {
        match self {
            ViolationKind::OverConcurrency { .. } => "over_concurrency",
            ViolationKind::OverCps { .. } => "over_cps",
            ViolationKind::OutsideWindow => "outside_window",
            ViolationKind::ContactAlreadyLive { .. } => "contact_already_live",
            ViolationKind::OverMaxAttempts { .. } => "over_max_attempts",
            ViolationKind::AttemptNumberMismatch { .. } => "attempt_number_mismatch",
            ViolationKind::NotRunning { .. } => "not_running",
            ViolationKind::Excluded { .. } => "excluded",
            ViolationKind::DuplicateAttempt { .. } => "duplicate_attempt",
            ViolationKind::DialWithoutEnd { .. } => "dial_without_end",
            ViolationKind::EndWithoutDial { .. } => "end_without_dial",
            ViolationKind::AnswerWithoutDial { .. } => "answer_without_dial",
            ViolationKind::MismatchedAttempt { .. } => "mismatched_attempt",
            ViolationKind::UnknownCampaign => "unknown_campaign",
            ViolationKind::UnknownCarrier { .. } => "unknown_carrier",
            ViolationKind::TimeWentBackwards { .. } => "time_went_backwards",
            ViolationKind::Unparsable { .. } => "unparsable",
        }
    }
}

impl fmt::Display for ViolationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ViolationKind::*;
        match self {
            OverConcurrency { live, limit } => write!(
                f,
                "{live} live calls, over the concurrency limit of {limit}"
            ),
            OverCps {
                carrier,
                starts,
                cps,
            } => write!(
                f,
                "carrier {carrier} started {starts} calls within one second, over its CPS of {cps}"
            ),
            OutsideWindow => f.write_str("dialled outside the calling window or on a non-working day"),
            ContactAlreadyLive { contact } => {
                write!(f, "contact {contact} dialled while another attempt is live")
            }
            OverMaxAttempts {
                contact,
                attempts,
                max,
            } => write!(
                f,
                "contact {contact} dialled {attempts} times, over Max Attempts of {max}"
            ),
            AttemptNumberMismatch {
                contact,
                written,
                counted,
            } => write!(
                f,
                "contact {contact}'s dial says attempt_no {written} but it is dial {counted} in the log"
            ),
            NotRunning { status: Some(status) } => {
                write!(f, "dialled while the campaign is {status}")
            }
            NotRunning { status: None } => {
                f.write_str("dialled before the campaign's first status event")
            }
            Excluded { phone } => write!(f, "dialled excluded number {phone}"),
            DuplicateAttempt { attempt } => {
                write!(f, "attempt {attempt} dialled again while still live")
            }
            DialWithoutEnd { attempt } => {
                write!(f, "attempt {attempt} was dialled but never ended")
            }
            EndWithoutDial { attempt } => write!(f, "attempt {attempt} ended but is not live"),
            AnswerWithoutDial { attempt } => {
                write!(f, "attempt {attempt} answered but is not live")
            }
            MismatchedAttempt { attempt } => write!(
                f,
                "attempt {attempt} names another campaign or contact than its dial"
            ),
            UnknownCampaign => f.write_str("the campaign is not in the check's setup"),
            UnknownCarrier { carrier } => {
                write!(f, "carrier {carrier} is not in the check's setup")
            }
            TimeWentBackwards { previous } => write!(
                f,
                "earlier than the line before it ({})",
                previous.to_rfc3339_opts(SecondsFormat::AutoSi, true)
            ),
            Unparsable { error } => write!(f, "not an event: {error}"),
        }
    }
}
