//! Outdial's server as a library, so that integration tests drive the real
//! router (`http::app`) without opening a socket.

pub mod auth;
pub mod cli;
pub mod contacts_check;
pub mod db;
pub mod demo;
pub mod dialler;
pub mod domain;
pub mod error;
pub mod forecast;
pub mod http;
pub mod serve;
pub mod static_files;
pub mod store;
pub mod telemetry;
