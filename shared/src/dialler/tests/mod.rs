//! Tests of the dialler's decision core, and helpers they share.

mod checker;
mod events;
mod pacing;

#[cfg(not(target_arch = "wasm32"))]
mod checker_props;
#[cfg(not(target_arch = "wasm32"))]
mod pacing_props;

use chrono::{DateTime, TimeDelta, Utc};

use super::pacing::PoolNumber;
use super::CarrierId;
use crate::config::NumberId;
use crate::contacts::normalise;

/// Monday 2025-03-10 09:00:00 UTC plus `ms` milliseconds.
pub(super) fn at_ms(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_741_597_200, 0).unwrap() + TimeDelta::milliseconds(ms)
}

/// Pool number `id` on `carrier`, dialling from a distinct UK number.
pub(super) fn number(id: i64, carrier: i64) -> PoolNumber {
    PoolNumber {
        id: NumberId::new(id).unwrap(),
        phone: normalise(&format!("+4420794600{id:02}"), None).unwrap(),
        carrier: CarrierId(carrier),
    }
}
