//! The contact CSV reader: the browser runs it on a dropped file before the
//! upload, the server runs it again on the upload stream, and `outdial
//! contacts check` runs it on a file on disk — one set of rules.
//!
//! It reads bytes pushed chunk by chunk ([`ContactReader::push`]), never the
//! whole file at once: a 100 MB file is never one string. It finds the
//! encoding ([`Encoding`]) and the delimiter ([`Delimiter`]), checks the
//! header (a `phone_number` column; every other column is a per-call
//! variable), splits records per RFC 4180, normalises phone numbers to E.164
//! with libphonenumber's metadata ([`normalise`]), reports duplicates, and
//! enforces the 100 MB / 500,000-row limits ([`Limits`]). The outcome is a
//! stream of [`Contact`]s and a [`Report`], which is also the JSON body of
//! the upload response.
//!
//! A report with a `file_error` rejects the whole file: callers that stored
//! contacts as they came (the server, in batches) must drop them.

mod browser;
mod contact;
mod encoding;
mod header;
mod phone;
mod reader;
mod region_names;
mod regions;
mod report;
pub mod split;
pub mod worker_messages;

#[cfg(test)]
mod tests;

pub use browser::{
    find_column, header_end, preview, reason_column, rename_column, write_csv_record, PreviewRows,
};
pub use contact::{Contact, ContactSink, CountOnly, RowFields, Variables};
pub use encoding::{Encoding, EncodingError};
pub use header::{suggest_phone_column, Delimiter, HeaderError, PHONE_COLUMN};
pub use phone::{
    normalise, supported_region_codes, DefaultRegion, PhoneError, UnknownRegion, E164,
};
pub use reader::{
    check_bytes, read_bytes, ContactReader, FileError, Limits, ReaderOptions, MAX_FILE_BYTES,
    MAX_ROWS, MAX_ROW_BYTES,
};
pub use regions::{count_regions, count_sampled_regions, RegionCount, UNKNOWN_REGION};
pub use report::{with_commas, Report, RowError, RowErrorKind, MAX_REPORTED_ERRORS};
