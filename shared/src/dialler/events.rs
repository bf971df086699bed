//! The event log a dialler run writes, one JSON object per line:
//!
//! ```json
//! {"at":"2025-03-10T09:00:00.250Z","event":"dial","campaign":1,"contact":42,"attempt":7,"attempt_no":1,"phone":"+919876543210","from":"+912240000001","carrier":"Acme"}
//! {"at":"2025-03-10T09:00:04Z","event":"answer","campaign":1,"contact":42,"attempt":7,"machine":false}
//! {"at":"2025-03-10T09:00:40Z","event":"end","campaign":1,"contact":42,"attempt":7,"disposition":"connected","duration_s":36,"machine":false}
//! {"at":"2025-03-10T09:00:00Z","event":"status","campaign":1,"status":"running"}
//! ```
//!
//! # Decisions
//! - **Fields that do not apply are omitted**, never `null`: each event type
//!   is its own struct. Reading is lenient: keys that do not belong to the
//!   event type (including `null`s from other writers) are ignored.
//! - **`at`** is RFC 3339 in UTC with a `Z`, with as many fractional digits
//!   as the instant needs (none on a whole second, else 3, 6 or 9). Any
//!   RFC 3339 offset is accepted when reading.
//! - **`campaign`, `contact`, `attempt`** are database ids; `attempt_no` is
//!   the contact's attempt count including this one (1 for the first call).
//! - **`carrier`** is the carrier's name (the checker's CPS limits are keyed
//!   by it); `phone` and `from` are E.164.
//! - **`disposition`** is the system outcome of the call, as
//!   [`CallStatus`]: `connected`, `no_answer`, `rejected`, `rnr`, `error` or
//!   `timeout` (an attempt closed by crash reconciliation ends as `error`).
//!   `duration_s` is the connected time (0 when not connected); `machine`
//!   says an answering machine picked up.
//! - **Order.** Lines are written in the order things happened, so at one
//!   instant a call's `end` comes before the `dial` that takes its seat.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::lifecycle::Status;
use crate::retry::CallStatus;

/// One line of the event log: when, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLine {
    /// When it happened.
    #[serde(with = "rfc3339_utc")]
    pub at: DateTime<Utc>,
    /// What happened; its `event` key names the type.
    #[serde(flatten)]
    pub event: Event,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A call started.
    Dial(DialEvent),
    /// A call was answered.
    Answer(AnswerEvent),
    /// A call ended.
    End(EndEvent),
    /// The campaign's status changed (the first one is its start).
    Status(StatusEvent),
}

/// A call started: from this moment it holds a seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialEvent {
    /// Campaign id.
    pub campaign: i64,
    /// Contact id.
    pub contact: i64,
    /// Attempt id.
    pub attempt: i64,
    /// The contact's attempt count including this one.
    pub attempt_no: u32,
    /// The number dialled, E.164.
    pub phone: String,
    /// The caller id, E.164.
    pub from: String,
    /// The name of the carrier of `from`.
    pub carrier: String,
}

/// A call was answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerEvent {
    /// Campaign id.
    pub campaign: i64,
    /// Contact id.
    pub contact: i64,
    /// Attempt id.
    pub attempt: i64,
    /// An answering machine picked up.
    #[serde(default)]
    pub machine: bool,
}

/// A call ended: its seat is free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndEvent {
    /// Campaign id.
    pub campaign: i64,
    /// Contact id.
    pub contact: i64,
    /// Attempt id.
    pub attempt: i64,
    /// The system outcome.
    pub disposition: CallStatus,
    /// Connected seconds (0 when not connected).
    #[serde(default)]
    pub duration_s: u32,
    /// An answering machine picked up.
    #[serde(default)]
    pub machine: bool,
}

/// The campaign's status changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    /// Campaign id.
    pub campaign: i64,
    /// The new status.
    pub status: Status,
}

impl EventLine {
    /// A line for `event` at `at`.
    pub fn new(at: DateTime<Utc>, event: impl Into<Event>) -> Self {
        Self {
            at,
            event: event.into(),
        }
    }

    /// The campaign the event belongs to.
    pub fn campaign(&self) -> i64 {
        match &self.event {
            Event::Dial(e) => e.campaign,
            Event::Answer(e) => e.campaign,
            Event::End(e) => e.campaign,
            Event::Status(e) => e.campaign,
        }
    }

    /// The event type as written in the log: `dial`, `answer`, `end` or `status`.
    pub fn kind(&self) -> &'static str {
        match &self.event {
            Event::Dial(_) => "dial",
            Event::Answer(_) => "answer",
            Event::End(_) => "end",
            Event::Status(_) => "status",
        }
    }
}

impl From<DialEvent> for Event {
    fn from(e: DialEvent) -> Self {
        Event::Dial(e)
    }
}

impl From<AnswerEvent> for Event {
    fn from(e: AnswerEvent) -> Self {
        Event::Answer(e)
    }
}

impl From<EndEvent> for Event {
    fn from(e: EndEvent) -> Self {
        Event::End(e)
    }
}

impl From<StatusEvent> for Event {
    fn from(e: StatusEvent) -> Self {
        Event::Status(e)
    }
}

/// `at` as RFC 3339 with `Z`, fractional digits only when needed.
mod rfc3339_utc {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|at| at.with_timezone(&Utc))
            .map_err(|e| D::Error::custom(format!("\"{text}\" is not an RFC 3339 instant: {e}")))
    }
}
