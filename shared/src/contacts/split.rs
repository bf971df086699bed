//! Reading one file as several parts at once (the browser runs one Web
//! Worker per part) with the same outcome as one reader of the whole file.
//!
//! 1. Each worker scans an even share of the bytes ([`QuoteScanner`]): how
//!    many `"` it holds, and where its first line feed is if the share starts
//!    outside quotes (an even number of quotes before it) or inside.
//! 2. [`plan_ranges`] resolves the quote parity at every share's start and
//!    cuts the file at row boundaries that respect quotes.
//! 3. Each part is read by its own [`ContactReader`] ([`PartCheck`]); parts
//!    after the first get the header line first, so they number rows from the
//!    header as if they were whole files (row numbers relative to the part).
//! 4. [`merge`] offsets the row numbers, finds numbers repeated across parts
//!    (the earliest row wins) and builds the [`Report`] one reader would have
//!    given — or says the file must be read by one reader after all (a part
//!    that did not end at a record boundary, an encoding other than UTF-8, a
//!    file error after the first part, too many rows).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use serde::{Deserialize, Serialize};

use super::browser::write_csv_record;
use super::contact::{Contact, ContactSink, RowFields};
use super::encoding::Encoding;
use super::reader::{ContactReader, DigitsHasher, FileError, ReaderOptions};
use super::report::{Report, RowError, MAX_REPORTED_ERRORS};

/// What [`QuoteScanner`] found in one share of a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteScan {
    /// The `"` bytes in the share.
    pub quotes: u64,
    /// The file offset just after the share's first line feed preceded (within
    /// the share) by an even number of quotes, then by an odd number.
    pub after_newline: [Option<u64>; 2],
}

/// Counts quotes and finds candidate row starts in one share of a file,
/// pushed in chunks.
#[derive(Debug, Clone)]
pub struct QuoteScanner {
    offset: u64,
    scan: QuoteScan,
}

impl QuoteScanner {
    /// A scanner for the share starting at file offset `start`.
    pub fn new(start: u64) -> QuoteScanner {
        QuoteScanner {
            offset: start,
            scan: QuoteScan::default(),
        }
    }

    /// Scans the share's next bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        let mut at = 0;
        while at < bytes.len() && self.scan.after_newline.iter().any(Option::is_none) {
            let parity = (self.scan.quotes & 1) as usize;
            let rest = &bytes[at..];
            if self.scan.after_newline[parity].is_some() {
                // This parity's row start is known: only a quote changes
                // anything now.
                match rest.iter().position(|&byte| byte == b'"') {
                    Some(quote) => {
                        self.scan.quotes += 1;
                        at += quote + 1;
                    }
                    None => at = bytes.len(),
                }
                continue;
            }
            match rest.iter().position(|&byte| byte == b'"' || byte == b'\n') {
                Some(found) if rest[found] == b'"' => {
                    self.scan.quotes += 1;
                    at += found + 1;
                }
                Some(found) => {
                    self.scan.after_newline[parity] = Some(self.offset + (at + found + 1) as u64);
                    at += found + 1;
                }
                None => at = bytes.len(),
            }
        }
        // Both candidates found: only the count is left.
        self.scan.quotes += bytes[at..].iter().filter(|&&byte| byte == b'"').count() as u64;
        self.offset += bytes.len() as u64;
    }

    /// What the share held.
    pub fn finish(self) -> QuoteScan {
        self.scan
    }
}

/// Where each of `parts` shares of a `file_len`-byte file starts.
pub fn share_starts(file_len: u64, parts: usize) -> Vec<u64> {
    let parts = parts.max(1) as u64;
    (0..parts).map(|index| file_len * index / parts).collect()
}

/// The row-aligned byte ranges to read, one per part, from the shares'
/// starts (as [`share_starts`]) and scans. A share without a usable row
/// start (no line feed outside quotes, or one inside the header) joins the
/// part before it, so there may be fewer ranges than shares.
pub fn plan_ranges(
    file_len: u64,
    header_end: u64,
    starts: &[u64],
    scans: &[QuoteScan],
) -> Vec<(u64, u64)> {
    let mut cuts = vec![0u64];
    let mut parity = 0u64;
    for index in 1..starts.len().min(scans.len()) {
        parity ^= scans[index - 1].quotes & 1;
        let candidate = scans[index].after_newline[parity as usize];
        if let Some(cut) = candidate {
            let share_end = starts.get(index + 1).copied().unwrap_or(file_len);
            if cut > header_end && cut < share_end && cut > *cuts.last().unwrap_or(&0) {
                cuts.push(cut);
            }
        }
    }
    let mut ranges: Vec<(u64, u64)> = cuts.windows(2).map(|pair| (pair[0], pair[1])).collect();
    ranges.push((*cuts.last().unwrap_or(&0), file_len));
    ranges
}

/// A rejected row kept for the rejected-rows file: its error (rows relative
/// to its part) and its fields as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// The reader's error for the row.
    pub error: RowError,
    text: String,
    ends: Vec<u32>,
}

impl RejectedRow {
    fn new(error: RowError, fields: RowFields<'_>) -> RejectedRow {
        let mut text = String::new();
        let mut ends = Vec::with_capacity(fields.len());
        for field in fields.iter() {
            text.push_str(field);
            ends.push(text.len() as u32);
        }
        RejectedRow { error, text, ends }
    }

    /// The row's fields as written.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.ends.iter().enumerate().map(|(index, &end)| {
            let start = if index == 0 {
                0
            } else {
                self.ends[index - 1] as usize
            };
            &self.text[start..end as usize]
        })
    }
}

/// The numbers a part turned into contacts, in row order, for [`merge`]:
/// E.164 digits, the (relative) row, and — for parts after the first — the
/// phone field as written (trimmed), which a duplicate's error repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartNumbers {
    /// [`E164::as_u64`](super::E164::as_u64) of each contact.
    pub numbers: Vec<u64>,
    /// The row of each contact.
    pub rows: Vec<u32>,
    /// The phone fields, trimmed, one after another (empty for the first part).
    pub raw_text: Vec<u8>,
    /// The end of each phone field in `raw_text`.
    pub raw_ends: Vec<u32>,
}

impl PartNumbers {
    fn raw(&self, index: usize) -> String {
        let (Some(&end), start) = (
            self.raw_ends.get(index),
            index
                .checked_sub(1)
                .map_or(0, |before| self.raw_ends[before]),
        ) else {
            return String::new();
        };
        String::from_utf8_lossy(&self.raw_text[start as usize..end as usize]).into_owned()
    }
}

/// What a [`PartCheck`] keeps as it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Rejected rows only (one reader for the whole file).
    Rejected,
    /// Rejected rows and the numbers, for the first part.
    Numbers,
    /// Rejected rows, the numbers and the phone fields, for later parts.
    NumbersAndFields,
}

/// The sink of a [`PartCheck`]: rejected rows (for the download), and the
/// numbers the merge needs; or, reading a part again, the fields of chosen
/// accepted rows (those that turned out to repeat a number of an earlier part).
#[derive(Debug, Default)]
pub struct PartSink {
    keep_numbers: bool,
    keep_raw: bool,
    keep_rejected: bool,
    numbers: PartNumbers,
    rejected: Vec<RejectedRow>,
    /// Reading again: the rows wanted (ascending) and where we are in them.
    capture: Vec<u32>,
    captured: Vec<(u32, RejectedRow)>,
}

impl ContactSink for PartSink {
    fn contact(&mut self, contact: Contact) {
        drop(contact);
    }

    fn rejected_row(&mut self, error: &RowError, fields: RowFields<'_>) {
        if self.keep_rejected {
            self.rejected.push(RejectedRow::new(error.clone(), fields));
        }
    }

    fn accepted_row(&mut self, contact: &Contact, fields: RowFields<'_>) {
        if self.keep_numbers {
            self.numbers.numbers.push(contact.phone_number.as_u64());
            self.numbers.rows.push(contact.row);
            if self.keep_raw {
                let raw = fields.phone().unwrap_or_default().trim();
                self.numbers.raw_text.extend_from_slice(raw.as_bytes());
                self.numbers
                    .raw_ends
                    .push(self.numbers.raw_text.len() as u32);
            }
        }
        if self.capture.binary_search(&contact.row).is_ok() {
            let raw = fields.phone().unwrap_or_default().trim().to_owned();
            let error = RowError::duplicate(contact.row, None, raw, 0);
            self.captured
                .push((contact.row, RejectedRow::new(error, fields)));
        }
    }
}

/// What one part's reader says, apart from its numbers; serde, to travel
/// between workers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartSummary {
    /// The part's report, rows relative to the part.
    pub report: Report,
    /// The (relative) row the part's first record would be on.
    pub start_row: u32,
    /// The (relative) row a record after the part would be on.
    pub end_row: u32,
    /// The part ended at a record boundary.
    pub aligned: bool,
    /// The header line given first read as exactly the header.
    pub prefix_ok: bool,
    /// The phone column's name as written, once the header is read.
    pub phone_column: Option<String>,
    /// The header's columns as written.
    pub columns: Vec<String>,
}

/// One part of a file being read: the header line first (for parts after
/// the first), then the part's bytes in chunks.
pub struct PartCheck {
    reader: ContactReader,
    sink: PartSink,
    start_row: u32,
    prefix_ok: bool,
}

impl PartCheck {
    /// A part read with `options`; `prefix` is the header line for parts
    /// after the first (empty for the first, which reads it itself).
    pub fn new(options: ReaderOptions, prefix: &[u8], keep: Keep) -> PartCheck {
        let mut reader = ContactReader::new(options);
        let mut sink = PartSink {
            keep_numbers: keep != Keep::Rejected,
            keep_raw: keep == Keep::NumbersAndFields,
            keep_rejected: true,
            ..PartSink::default()
        };
        let prefix_ok = prefix.is_empty()
            || (reader.push(prefix, &mut sink).is_ok()
                && reader.header().is_some()
                && reader.rows_read() == 0
                && reader.at_record_boundary());
        PartCheck {
            start_row: reader.next_row(),
            reader,
            sink,
            prefix_ok,
        }
    }

    /// Reading a part again to collect the fields of `rows` (relative,
    /// ascending), which became duplicates of an earlier part's rows.
    pub fn recapture(options: ReaderOptions, prefix: &[u8], rows: Vec<u32>) -> PartCheck {
        let mut check = PartCheck::new(options, prefix, Keep::Rejected);
        check.sink.keep_rejected = false;
        check.sink.capture = rows;
        check
    }

    /// Reads the part's next bytes.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), FileError> {
        self.reader.push(bytes, &mut self.sink)
    }

    /// Bytes read, the header line given first included.
    pub fn bytes_read(&self) -> u64 {
        self.reader.bytes_read()
    }

    /// Contact rows read so far.
    pub fn rows_read(&self) -> u32 {
        self.reader.rows_read()
    }

    /// The header's columns and phone column, once read.
    pub fn header(&self) -> Option<(&[String], usize)> {
        self.reader.header()
    }

    /// The encoding, once settled.
    pub fn encoding(&self) -> Option<Encoding> {
        self.reader.encoding()
    }

    /// Ends the part.
    pub fn finish(mut self) -> (PartSummary, PartNumbers, Vec<RejectedRow>) {
        let aligned = self.reader.at_record_boundary();
        let end_row = self.reader.next_row();
        let (columns, phone_column) = match self.reader.header() {
            Some((columns, phone)) => (columns.to_vec(), columns.get(phone).cloned()),
            None => (Vec::new(), None),
        };
        let report = self.reader.finish(&mut self.sink);
        let summary = PartSummary {
            report,
            start_row: self.start_row,
            end_row,
            aligned,
            prefix_ok: self.prefix_ok,
            phone_column,
            columns,
        };
        (summary, self.sink.numbers, self.sink.rejected)
    }

    /// Ends a [`recapture`](Self::recapture): the rows asked for, with fields.
    pub fn finish_recapture(mut self) -> Vec<(u32, RejectedRow)> {
        let _ = self.reader.finish(&mut self.sink);
        self.sink.captured
    }
}

/// How to turn one part's relative rows into the file's rows, from [`merge`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartFix {
    /// Added to the part's row numbers.
    pub offset: u32,
    /// The part's contacts whose number an earlier part already had:
    /// `(relative row, the file row that had it first)`, ascending.
    pub crossed: Vec<(u32, u32)>,
}

impl PartFix {
    fn first_row(&self, relative: u32) -> u32 {
        match self
            .crossed
            .binary_search_by_key(&relative, |&(row, _)| row)
        {
            Ok(found) => self.crossed[found].1,
            Err(_) => relative + self.offset,
        }
    }

    /// A part's error in the file's row numbers.
    pub fn fix_error(&self, error: &RowError) -> RowError {
        let mut fixed = error.clone();
        fixed.row = error.row + self.offset;
        if let Some(first) = error.duplicate_of() {
            fixed =
                RowError::duplicate(fixed.row, fixed.column, fixed.value, self.first_row(first));
        }
        fixed
    }
}

/// The outcome of [`merge`]: the file's report and each part's fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// What one reader of the whole file reports.
    pub report: Report,
    /// One per part, in order.
    pub fixes: Vec<PartFix>,
}

/// Joins the parts' outcomes (in file order) into the report of one reader
/// of the whole file; `None` when the file must be read by one reader after
/// all (see the module documentation).
pub fn merge(parts: &[(PartSummary, PartNumbers)]) -> Option<Merged> {
    let (first, first_numbers) = parts.first()?;
    if first.report.file_error.is_some() {
        // One reader stops at the same place, with the same counts.
        let fixes = parts.iter().map(|_| PartFix::default()).collect();
        return Some(Merged {
            report: first.report.clone(),
            fixes,
        });
    }
    let last = parts.len() - 1;
    let sound = parts.iter().enumerate().all(|(index, (part, _))| {
        part.report.encoding == Some(Encoding::Utf8)
            && part.prefix_ok
            && (index == last || part.aligned)
            && (index == 0 || part.report.file_error.is_none())
    });
    let rows: u64 = parts
        .iter()
        .map(|(part, _)| u64::from(part.report.rows))
        .sum();
    if !sound || rows > u64::from(super::MAX_ROWS) {
        return None;
    }
    let mut seen: HashMap<u64, u32, BuildHasherDefault<DigitsHasher>> = HashMap::default();
    seen.reserve(rows as usize);
    for (number, row) in first_numbers.numbers.iter().zip(&first_numbers.rows) {
        seen.insert(*number, *row);
    }
    let mut report = first.report.clone();
    let mut fixes = vec![PartFix::default()];
    let mut next = first.end_row;
    let mut total_errors = u64::from(report.invalid) + u64::from(report.duplicates);
    for (part, numbers) in &parts[1..] {
        let offset = next - part.start_row;
        next += part.end_row - part.start_row;
        let mut fix = PartFix {
            offset,
            crossed: Vec::new(),
        };
        let mut crossed_errors = Vec::new();
        for (index, (&number, &row)) in numbers.numbers.iter().zip(&numbers.rows).enumerate() {
            match seen.entry(number) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    let first = *first.get();
                    fix.crossed.push((row, first));
                    if crossed_errors.len() < MAX_REPORTED_ERRORS {
                        crossed_errors.push(RowError::duplicate(
                            row + offset,
                            part.phone_column.clone(),
                            numbers.raw(index),
                            first,
                        ));
                    }
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(row + offset);
                }
            }
        }
        let crossed = fix.crossed.len() as u32;
        report.rows += part.report.rows;
        report.valid += part.report.valid - crossed;
        report.invalid += part.report.invalid;
        report.duplicates += part.report.duplicates + crossed;
        total_errors += u64::from(part.report.invalid + part.report.duplicates + crossed);
        // Both lists are in row order; the first MAX_REPORTED_ERRORS of
        // their union come from the first MAX_REPORTED_ERRORS of each.
        let own: Vec<RowError> = part
            .report
            .errors
            .iter()
            .map(|e| fix.fix_error(e))
            .collect();
        let room = MAX_REPORTED_ERRORS.saturating_sub(report.errors.len());
        let (mut a, mut b) = (
            own.into_iter().peekable(),
            crossed_errors.into_iter().peekable(),
        );
        for _ in 0..room {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.row < y.row,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let error = if take_a { a.next() } else { b.next() };
            report.errors.extend(error);
        }
        fixes.push(fix);
    }
    report.errors_omitted = (total_errors - report.errors.len() as u64) as u32;
    report.regions = super::count_regions(seen.keys().copied());
    Some(Merged { report, fixes })
}

/// One part's share of the rejected-rows file (see
/// [`write_csv_record`]): its own rejected rows and the rows that repeated
/// an earlier part's number (`captured`, from [`PartCheck::recapture`]),
/// in row order, each with its reason in the file's row numbers as the last
/// field. Rows with fewer fields than `columns` are padded so the reason
/// stays in its column.
pub fn rejected_csv(
    columns: usize,
    own: &[RejectedRow],
    captured: &[(u32, RejectedRow)],
    fix: &PartFix,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut write = |row: &RejectedRow, reason: &str| {
        let padding = columns.saturating_sub(row.ends.len());
        write_csv_record(
            &mut out,
            row.fields()
                .chain(std::iter::repeat_n("", padding))
                .chain(std::iter::once(reason)),
        );
    };
    let (mut a, mut b) = (own.iter().peekable(), captured.iter().peekable());
    loop {
        let take_own = match (a.peek(), b.peek()) {
            (Some(x), Some((row, _))) => x.error.row < *row,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if take_own {
            let row = a.next().expect("peeked");
            write(row, &fix.fix_error(&row.error).reason);
        } else {
            let (relative, row) = b.next().expect("peeked");
            let error = RowError::duplicate(0, None, String::new(), fix.first_row(*relative));
            write(row, &error.reason);
        }
    }
    out
}
