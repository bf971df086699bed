//! The messages between the browser's UI thread and the contact-check Web
//! Workers (`frontend/csv-worker`). Each message is posted as a JS array:
//! this enum as JSON first, then the values JSON cannot carry (the `File`,
//! byte buffers, a `Blob`), in the order each variant documents.

use serde::{Deserialize, Serialize};

use super::report::Report;
use super::split::{PartFix, PartSummary, QuoteScan};

/// Main thread → worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Begin with the file (extra 0: the `File`). Worker `index` 0 reads the
    /// start of the file and sends the preview; with more than one share it
    /// then scans its share like the others do.
    Start {
        /// Which worker this is, from 0.
        index: usize,
        /// Where each worker's share starts (one entry: no split).
        shares: Vec<u64>,
        /// The E.164 number whose region reads numbers without a country code.
        region_from_number: Option<String>,
        /// A column to read as `phone_number` (by name, as in the preview).
        phone_column: Option<String>,
    },
    /// Check the bytes `from..to` (extra 0, for workers after the first: the
    /// header line as a `Uint8Array`, read before them).
    Check {
        /// First byte of the part.
        from: u64,
        /// End of the part (exclusive).
        to: u64,
    },
    /// To worker 0: the other parts' outcomes, in file order (extras: four
    /// per part — numbers `BigUint64Array`, rows `Uint32Array`, phone fields
    /// `Uint8Array`, their ends `Uint32Array`).
    Merge {
        /// The parts after the first.
        parts: Vec<PartSummary>,
    },
    /// Send back this part's rejected rows as CSV (worker 0 writes the header
    /// line first).
    Rejected {
        /// The part's row fix from the merge (default when one reader read
        /// the whole file).
        fix: PartFix,
    },
}

/// Worker → main thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// Loaded and listening; messages sent before this are lost.
    Ready,
    /// The start of the file (worker 0).
    Preview {
        /// The header's columns as written.
        columns: Vec<String>,
        /// The `phone_number` column (after any rename).
        phone_column: Option<usize>,
        /// A likely phone column when there is none.
        suggested_phone_column: Option<usize>,
        /// The first data rows, fields as written.
        rows: Vec<Vec<String>>,
        /// The region numbers without a country code are read in: code, name.
        region: Option<(String, String)>,
        /// False when worker 0 reads the whole file alone (not UTF-8, one
        /// share, no usable header line): the other workers can go.
        split: bool,
    },
    /// A share scanned (worker 0 adds extra 0: the header line to give the
    /// other parts, renamed if asked, as a `Uint8Array`).
    Scanned {
        /// Quote count and candidate row starts.
        scan: QuoteScan,
        /// Where the header line ends in the file (worker 0).
        header_end: Option<u64>,
    },
    /// Progress of the part being checked.
    Progress {
        /// Bytes of the file read in this part.
        bytes: u64,
        /// Contact rows read in this part.
        rows: u32,
    },
    /// A part after the first is read (extras: its numbers, as in
    /// [`ToWorker::Merge`]).
    PartDone {
        /// The part's outcome.
        summary: PartSummary,
    },
    /// The merge found that one reader must read the file: worker 0 starts
    /// over alone; the other workers can go.
    Restarted,
    /// The whole file's report (worker 0).
    Done {
        /// What one reader of the whole file reports.
        report: Report,
        /// Each part's row fix, to ask for rejected rows with.
        fixes: Vec<PartFix>,
    },
    /// The part's rejected rows (extra 0: a `Blob` of CSV).
    Rejected,
    /// The worker cannot go on.
    Failed(String),
}
