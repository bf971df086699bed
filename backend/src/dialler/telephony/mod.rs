//! How calls are placed: the [`Telephony`] interface and its two
//! implementations, chosen by `outdial serve --telephony`:
//! - [`simulated::SimulatedCarrier`], the default: seeded, realistic
//!   outcomes, so a campaign visibly dials, rings, connects and finishes
//!   with no voice infrastructure;
//! - [`gateway::HttpGateway`]: a dial request POSTed to a voice-bot runtime,
//!   whose call events come back on the signed webhook (`crate::http::telephony_webhook`).
//!
//! A dial request only places the call. What happens to it arrives later as
//! [`CallEvent`]s, which the store applies whichever instance receives them.

pub mod gateway;
pub mod simulated;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, Utc};
use outdial_shared::retry::AttemptOutcome;
use serde::{Deserialize, Serialize};

/// One call to place. The attempt row already exists (invariant 7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DialRequest {
    pub attempt_id: i64,
    pub campaign_id: i64,
    pub contact_id: i64,
    /// The contact's attempt count including this call.
    pub attempt_no: u32,
    /// Caller id, E.164.
    pub from: String,
    /// The number to call, E.164.
    pub to: String,
    pub bot_id: i64,
    /// The contact's CSV columns besides the phone number.
    pub variables: serde_json::Value,
}

/// Something that happened to a placed call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallEvent {
    pub attempt_id: i64,
    pub at: DateTime<Utc>,
    pub kind: CallEventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum CallEventKind {
    /// The far end is ringing.
    Ringing,
    /// Someone (or a machine) picked up.
    Answered { machine: bool },
    /// The call is over; the outcome goes through the retry policy.
    Ended(AttemptOutcome),
}

/// Why a dial request did not place a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialError {
    /// The gateway is saturated or unreachable (429, 503, connection
    /// refused): the call was not placed, the attempt is withdrawn and the
    /// contact stays eligible. Not a failed attempt.
    Backpressure { retry_after: Duration },
    /// The gateway refused this call: the attempt ends as `error` and goes
    /// through the retry policy.
    Failed(String),
}

/// A dial request in flight.
pub type DialFuture<'a> = Pin<Box<dyn Future<Output = Result<(), DialError>> + Send + 'a>>;

/// Places calls.
pub trait Telephony: Send + Sync + 'static {
    /// Asks for `request`'s call to be placed.
    fn dial(&self, request: DialRequest) -> DialFuture<'_>;
}
