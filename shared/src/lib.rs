//! The rules both halves of Outdial run: the browser validates instantly with
//! them and the server re-checks everything it receives with the same code.
//!
//! Nothing here performs I/O, so the crate builds for `wasm32-unknown-unknown`
//! as well as natively.

pub mod api;
pub mod config;
pub mod contacts;
pub mod dashboard;
pub mod dialler;
pub mod forecast;
pub mod lifecycle;
pub mod names;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod preflight;
pub mod retry;
pub mod why;
pub mod window;

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
