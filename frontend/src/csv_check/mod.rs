//! The contact CSV check in the browser, off the UI thread.
//!
//! [`CsvCheck::start`] hands a dropped `File` to Web Workers
//! (`frontend/csv-worker`, built by Trunk as `csv-worker_loader.js`; created
//! only when a check starts, so the page never loads the phone metadata).
//! Worker 0 reads the file's start and sends a [`Preview`]; a UTF-8 file of
//! [`SPLIT_MIN_BYTES`] or more is then read in parts by up to [`MAX_WORKERS`]
//! workers at once (row boundaries that respect quotes, see
//! `outdial_shared::contacts::split`), whose outcomes worker 0 merges into
//! exactly the report one reader would give. Updates arrive on the UI
//! thread, from the workers' `onmessage`. Dropping the check (or
//! [`CsvCheck::cancel`]) terminates the workers.
//!
//! [`upload_body`] builds the upload with a chosen phone column renamed in
//! the header line, without reading the file into memory.

mod bench;
mod run;
mod state;

pub use run::{drop_warm_workers, prewarm, worker_count, CsvCheck};
pub use state::{CsvState, Progress};

use js_sys::{Array, Uint8Array};
use outdial_shared::contacts::{find_column, preview, rename_column, Report, PHONE_COLUMN};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File};

/// Files smaller than this are read by one worker: a second one would cost
/// more to start than it saves.
pub const SPLIT_MIN_BYTES: f64 = 8.0 * 1024.0 * 1024.0;
/// At most this many workers read one file.
pub const MAX_WORKERS: usize = 4;
/// Bytes of a file's start read to find and rename its header line.
const HEAD_BYTES: f64 = 1024.0 * 1024.0;

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckRequest {
    /// The dropped or chosen file.
    pub file: File,
    /// The E.164 text of the campaign's first selected outbound number:
    /// numbers without a country code are read in its region.
    pub region_from_number: Option<String>,
    /// A column to read as `phone_number` (by name, as in the preview), for
    /// a file whose header has none.
    pub phone_column: Option<String>,
}

/// The first rows of the file, as soon as they are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The header's columns as written.
    pub columns: Vec<String>,
    /// Index of the `phone_number` column (after a rename asked for in the
    /// request), if any.
    pub phone_column: Option<usize>,
    /// The column that most likely holds the numbers when there is no
    /// `phone_number` column (`suggest_phone_column`).
    pub suggested_phone_column: Option<usize>,
    /// The first data rows (up to 20), fields as written.
    pub rows: Vec<Vec<String>>,
    /// The region numbers without a country code are read in: (code, name),
    /// e.g. ("IN", "India"). `None` when no number was given or it belongs
    /// to no single region.
    pub region: Option<(String, String)>,
}

/// What the check reports: `Progress` at least ten times a second until the
/// end (the first ones, with 0 bytes, may come before the preview while
/// the workers load or scan), one `Preview` as soon as the first rows are
/// read, then `Done` — or `Failed`, after which nothing more comes.
#[derive(Debug, Clone)]
pub enum CheckUpdate {
    /// How far the check is.
    Progress {
        /// Bytes of the file checked.
        bytes: u64,
        /// The file's size.
        total_bytes: u64,
        /// Contact rows read.
        rows: u32,
        /// Since [`CsvCheck::start`].
        elapsed_ms: f64,
    },
    /// The file's first rows.
    Preview(Preview),
    /// The whole file's report (a `file_error` rejects the file).
    Done {
        /// Exactly what the server's reader will report for the same bytes.
        report: Report,
        /// Since [`CsvCheck::start`].
        elapsed_ms: f64,
    },
    /// The workers could not run at all (not loaded, crashed, unreadable file).
    Failed(String),
}

fn js_message(error: wasm_bindgen::JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            js_sys::Reflect::get(&error, &"message".into())
                .ok()?
                .as_string()
        })
        .unwrap_or_else(|| "the browser refused".to_owned())
}

/// The upload body for `file`: the file itself, or — with `phone_column`
/// naming a column other than `phone_number` — the file with that column
/// renamed to `phone_number` in the header line and nothing else changed.
/// Only the header's bytes are read; the rest of the body is a slice of
/// the file (`Blob` of [new header line, `file.slice(header_end)`]).
pub async fn upload_body(file: &File, phone_column: Option<&str>) -> Result<Blob, String> {
    let Some(name) = phone_column.filter(|name| !name.trim().eq_ignore_ascii_case(PHONE_COLUMN))
    else {
        return Ok(file.clone().into());
    };
    let size = file.size();
    let head = file
        .slice_with_f64_and_f64(0.0, HEAD_BYTES.min(size))
        .map_err(js_message)?;
    let buffer = JsFuture::from(head.array_buffer())
        .await
        .map_err(js_message)?;
    let head = Uint8Array::new(&buffer).to_vec();
    let shown = preview(&head, head.len() as f64 >= size, 0);
    let column = find_column(&shown.columns, name)
        .ok_or_else(|| format!("The header has no column called \"{name}\"."))?;
    let (line, header_end) = rename_column(&head, column)?;
    let rest = file.slice_with_f64(header_end as f64).map_err(js_message)?;
    let parts = Array::of2(&Uint8Array::from(&line[..]), &rest);
    let options = BlobPropertyBag::new();
    options.set_type(&file.type_());
    Blob::new_with_blob_sequence_and_options(parts.unchecked_ref(), &options).map_err(js_message)
}
