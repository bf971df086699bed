//! The dialler's decision core: pure, I/O-free rules that the scheduler loop
//! (database claims, telephony, the `simulate` command) is built on.
//!
//! - [`pacing`]: how many calls a campaign may start at an instant and from
//!   which of its numbers — the tighter of its concurrency seats and its
//!   carriers' calls-per-second, with CPS shared by every campaign on a carrier.
//! - [`events`]: the event-log line (`dial`, `answer`, `end`, `status`) that a
//!   run writes, one JSON object per line.
//! - [`checker`]: reads an event log as a stream and reports every breach of
//!   the dialler invariants (docs/architecture.md, 1–6) it can see.
//!
//! # Time
//! Instants are `chrono::DateTime<Utc>`, as in [`crate::window`] and
//! [`crate::retry`], so the loop feeds one clock (real or virtual) to all of
//! them. Nothing here reads a clock: every decision takes `now`.

pub mod checker;
pub mod events;
pub mod pacing;
mod start_window;

use serde::{Deserialize, Serialize};

pub use checker::{
    check_events, check_json_lines, CampaignRules, CheckSetup, Checker, Report, Violation,
    ViolationKind, MAX_REPORTED_VIOLATIONS,
};
pub use events::{AnswerEvent, DialEvent, EndEvent, Event, EventLine, StatusEvent};
pub use pacing::{DialBudget, DialGrant, Pacer, PacerError, PoolNumber, Wait};

/// A campaign's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CampaignId(pub i64);

/// A carrier's database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CarrierId(pub i64);

impl std::fmt::Display for CampaignId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "campaign {}", self.0)
    }
}

impl std::fmt::Display for CarrierId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "carrier {}", self.0)
    }
}

#[cfg(test)]
mod tests;
