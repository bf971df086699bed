//! What a check of a contact file says: the per-row errors and the summary.
//! These are also the JSON body of the upload response, so the browser's
//! preview and the server's answer read the same.

use serde::{Deserialize, Serialize};

use super::encoding::Encoding;
use super::header::Delimiter;
use super::regions::RegionCount;

/// At most this many row errors are kept in a report; the rest are counted
/// in [`Report::errors_omitted`].
pub const MAX_REPORTED_ERRORS: usize = 1_000;

/// One row that will not be dialled, and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// Spreadsheet row number: the header is row 1, the first contact row 2.
    pub row: u32,
    /// The column the problem is in; `null` when it concerns the whole row
    /// (too many fields).
    pub column: Option<String>,
    /// The offending value as written (for a whole-row problem, the row).
    pub value: String,
    /// A sentence an operator can act on.
    pub reason: String,
    /// What kind of problem it is; duplicates are counted apart from
    /// invalid rows.
    #[serde(skip)]
    pub kind: RowErrorKind,
}

const DUPLICATE_OF: &str = "duplicate of row ";

/// The reason given for a row whose number first appeared on `first_row`.
pub(crate) fn duplicate_reason(first_row: u32) -> String {
    format!("{DUPLICATE_OF}{first_row}")
}

impl RowError {
    /// For a duplicate, the row its number first appeared on.
    pub fn duplicate_of(&self) -> Option<u32> {
        if self.kind != RowErrorKind::Duplicate {
            return None;
        }
        self.reason.strip_prefix(DUPLICATE_OF)?.parse().ok()
    }

    /// A duplicate of `first_row`: the error the reader gives such a row.
    pub fn duplicate(row: u32, column: Option<String>, value: String, first_row: u32) -> RowError {
        RowError {
            row,
            column,
            value,
            reason: duplicate_reason(first_row),
            kind: RowErrorKind::Duplicate,
        }
    }
}

/// Whether a bad row is invalid or repeats an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowErrorKind {
    /// The row cannot be dialled.
    #[default]
    Invalid,
    /// The row's number is already in the file.
    Duplicate,
}

/// The outcome of checking a whole file.
///
/// `rows == valid + invalid + duplicates`. When `file_error` is set the file
/// is rejected as a whole and none of its contacts may be kept, whatever the
/// counts say about the part read before the problem.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Contact rows read (the header and blank lines are not counted).
    pub rows: u32,
    /// Rows that became contacts.
    pub valid: u32,
    /// Rows with an error other than a duplicate number.
    pub invalid: u32,
    /// Rows whose number appears earlier in the file.
    pub duplicates: u32,
    /// The per-call variable names: every column but `phone_number`, as written.
    pub variables: Vec<String>,
    /// The field separator found in the header line.
    pub delimiter: Option<Delimiter>,
    /// The text encoding the file was read in.
    pub encoding: Option<Encoding>,
    /// The first [`MAX_REPORTED_ERRORS`] row errors, in row order.
    pub errors: Vec<RowError>,
    /// Row errors not listed in `errors`.
    pub errors_omitted: u32,
    /// Why the file as a whole is rejected, if it is.
    pub file_error: Option<String>,
    /// The valid contacts by country, most first (see
    /// [`super::count_regions`]).
    #[serde(default)]
    pub regions: Vec<RegionCount>,
}

impl Report {
    /// True when every row became a contact and the file was accepted.
    pub fn all_valid(&self) -> bool {
        self.file_error.is_none() && self.invalid == 0 && self.duplicates == 0
    }
}

/// Formats a count with thousands separators: `104,857,600`.
pub fn with_commas(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}
