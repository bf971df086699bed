//! The dialler: places the calls of running campaigns inside every limit —
//! seats, carriers' calls per second, calling window and working days,
//! Max Attempts, exclusions — records every outcome, applies the retry
//! policy, and survives crashes and several instances on one PostgreSQL.
//!
//! - [`engine`]: the scheduler's step (claims, dials, completions).
//! - [`endings`]: when a campaign completes by itself (pure).
//! - [`store`]: the interface to what is stored, [`sql_store`] over the
//!   database and [`memory_store`] for the simulator.
//! - [`telephony`]: placing calls — simulated carrier or HTTP gateway.
//! - [`clock`]: real or virtual time.
//! - [`service`]: the engine as a task of `outdial serve`.
//! - [`simulate`]: `outdial simulate`, the engine on a virtual clock.
//!
//! docs/dialler.md explains the design and how to run several instances.

pub mod clock;
pub mod endings;
pub mod engine;
pub mod memory_store;
pub mod service;
pub mod simulate;
pub mod sql_store;
pub mod store;
pub mod supervisor;
pub mod telephony;
