//! The reader's rules, one test per rule. Every test here also runs in
//! Chromium as a wasm test (`cargo test --target wasm32-unknown-unknown`).

mod encoding;
mod header;
mod limits;
mod phone;
#[cfg(not(target_arch = "wasm32"))]
mod properties;
mod rows;
mod split;
mod timing;

use super::*;

/// Options reading national numbers as Indian.
pub(super) fn india() -> ReaderOptions {
    ReaderOptions::new(Some(DefaultRegion::parse("IN").unwrap()))
}

/// Reads `text` as a file, with Indian numbers by default.
pub(super) fn read(text: &str) -> (Vec<Contact>, Report) {
    read_bytes(text.as_bytes(), india())
}

pub(super) fn check(text: &str) -> Report {
    read(text).1
}

/// The reasons of a report's errors, by row.
pub(super) fn reasons(report: &Report) -> Vec<(u32, String)> {
    report
        .errors
        .iter()
        .map(|error| (error.row, error.reason.clone()))
        .collect()
}

/// Pushes `bytes` in chunks of `size` and returns contacts and report.
pub(super) fn read_in_chunks(
    bytes: &[u8],
    size: usize,
    options: ReaderOptions,
) -> (Vec<Contact>, Report) {
    let mut reader = ContactReader::new(options);
    let mut contacts = Vec::new();
    for chunk in bytes.chunks(size.max(1)) {
        if reader.push(chunk, &mut contacts).is_err() {
            break;
        }
    }
    let report = reader.finish(&mut contacts);
    (contacts, report)
}
