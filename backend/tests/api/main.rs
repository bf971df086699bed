//! The API's integration tests, in one binary: each test builds the real
//! router on a fresh database and drives it with `oneshot`, no socket.
//!
//! Every test runs twice, as `<test>::sqlite` and `<test>::postgres` (see
//! [`helpers::engine_tests!`]). The PostgreSQL half needs
//! `OUTDIAL_TEST_POSTGRES_URL` (e.g. `postgres://root@127.0.0.1:5432/test`)
//! and panics without it; skip those with `cargo test -- --skip postgres`.

#[macro_use]
mod helpers;

mod auth;
mod bots;
mod campaign_detail;
mod campaigns;
mod carriers;
mod contacts;
mod demo;
mod dialler;
mod dialler_bench;
mod dialler_supervision;
mod errors;
mod forecast;
mod gateway;
mod ingest_bench;
mod migrations;
mod numbers;
mod openapi;
mod preflight;
mod settings;
mod store_contract;
mod test_calls;
mod tokens;
mod upload_isolation;
mod variables;
