//! The rules both halves of Outdial run: the browser validates instantly with
//! them and the server re-checks everything it receives with the same code.
//!
//! Nothing here performs I/O, so the crate builds for `wasm32-unknown-unknown`
//! as well as natively.

pub mod api;
pub mod config;
