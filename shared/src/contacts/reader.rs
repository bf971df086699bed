//! The streaming reader: bytes in, chunk by chunk; contacts and row errors
//! out. Only one record is held at a time, so memory does not grow with the
//! file beyond the duplicate set (one `u64` and row number per contact).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use csv_core::{ReadRecordResult, Reader as CsvReader, ReaderBuilder};

use super::contact::{Contact, ContactSink, RowFields, Variables};
use super::encoding::{Decoder, EncodingError};
use super::header::{Delimiter, Header, HeaderError};
use super::phone::{normalise, DefaultRegion};
use super::regions::count_regions;
use super::report::{
    duplicate_reason, with_commas, Report, RowError, RowErrorKind, MAX_REPORTED_ERRORS,
};

/// The largest file accepted: 100 MB.
pub const MAX_FILE_BYTES: u64 = 104_857_600;
/// The most contact rows a file may hold.
pub const MAX_ROWS: u32 = 500_000;
/// The longest single row (or header line) accepted. A longer one almost
/// always means a quote left open, which would swallow the rest of the file.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// The limits a file is checked against; [`Limits::default`] is the spec's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the file as uploaded.
    pub max_bytes: u64,
    /// Contact rows (not counting the header or blank lines).
    pub max_rows: u32,
    /// Bytes of one row after decoding.
    pub max_row_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: MAX_FILE_BYTES,
            max_rows: MAX_ROWS,
            max_row_bytes: MAX_ROW_BYTES,
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReaderOptions {
    /// The region of numbers written without a country code; without one,
    /// such numbers are errors.
    pub default_region: Option<DefaultRegion>,
    /// The limits; the spec's by default.
    pub limits: Limits,
    /// The file's size when the caller knows it up front (a `File`'s size, a
    /// `Content-Length`): an oversized file is then rejected before any byte
    /// is read, with its real size in the message.
    pub declared_size: Option<u64>,
}

impl ReaderOptions {
    /// The spec's limits, reading national numbers in `default_region`.
    pub fn new(default_region: Option<DefaultRegion>) -> ReaderOptions {
        ReaderOptions {
            default_region,
            ..ReaderOptions::default()
        }
    }
}

/// Why a file is rejected as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Over the size limit.
    #[error("{}", too_large_message(*.size, *.limit))]
    TooLarge {
        /// The declared size, if known; otherwise only "more than the limit".
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// Over the row limit.
    #[error(
        "The file has more than {} contact rows; the limit is {}. Split it into smaller files.",
        with_commas(u64::from(*.0)),
        with_commas(u64::from(*.0))
    )]
    TooManyRows(u32),
    /// A row longer than the row limit.
    #[error(
        "Row {row} is longer than {} bytes; a quote may have been left open.",
        with_commas(*.limit as u64)
    )]
    RowTooLong {
        /// The row it starts at.
        row: u32,
        /// The limit in bytes.
        limit: usize,
    },
    /// The file ended inside a quoted field: every line after the opening
    /// quote was read into that one cell. The file is rejected rather than
    /// that row alone, because the rows it swallowed are not known.
    #[error("{}", unclosed_quote_message(*.row, .column.as_deref(), *.lines))]
    UnclosedQuote {
        /// The row the quote opened in.
        row: u32,
        /// Its column, when the header is known.
        column: Option<String>,
        /// Line breaks read into the cell after the quote.
        lines: u32,
    },
    /// The bytes are not text in an encoding we read.
    #[error(transparent)]
    Encoding(#[from] EncodingError),
    /// The header row is unusable.
    #[error(transparent)]
    Header(#[from] HeaderError),
}

fn unclosed_quote_message(row: u32, column: Option<&str>, lines: u32) -> String {
    let place = match column {
        Some(column) => format!("Row {}, column {column}", with_commas(u64::from(row))),
        None => format!("Row {}", with_commas(u64::from(row))),
    };
    let rest = match lines {
        0 => "the rest of the row was read into this cell".to_owned(),
        1 => "the rest of the file (1 line) was read into this cell".to_owned(),
        n => format!(
            "the rest of the file ({} lines) was read into this cell",
            with_commas(u64::from(n))
        ),
    };
    format!("{place}: a quote opens here and never closes; {rest}. Close the quote, or remove it, and check the file again.")
}

fn too_large_message(size: Option<u64>, limit: u64) -> String {
    const MB: u64 = 1024 * 1024;
    let limit = if limit.is_multiple_of(MB) {
        format!("{} MB ({} bytes)", limit / MB, with_commas(limit))
    } else {
        format!("{} bytes", with_commas(limit))
    };
    match size {
        Some(size) => format!(
            "The file is {} bytes; the limit is {limit}.",
            with_commas(size)
        ),
        None => format!("The file is over the limit of {limit}."),
    }
}

/// Hashes the duplicate set's keys (E.164 digits, already well spread) with
/// one multiply instead of SipHash: nobody chooses these keys to collide
/// except the uploader, who only slows their own upload.
#[derive(Default)]
pub(crate) struct DigitsHasher(u64);

impl Hasher for DigitsHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (value ^ (value >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A push reader over one contact file.
///
/// ```
/// use outdial_shared::contacts::{ContactReader, DefaultRegion, ReaderOptions};
/// let region = DefaultRegion::parse("IN").unwrap();
/// let mut reader = ContactReader::new(ReaderOptions::new(Some(region)));
/// let mut contacts = Vec::new();
/// for chunk in [&b"phone_number,na"[..], b"me\n98765 43210,Asha\n"] {
///     reader.push(chunk, &mut contacts).unwrap();
/// }
/// let report = reader.finish(&mut contacts);
/// assert_eq!(contacts[0].phone_number.as_str(), "+919876543210");
/// assert_eq!(report.valid, 1);
/// ```
pub struct ContactReader {
    options: ReaderOptions,
    decoder: Decoder,
    bytes: u64,
    records: Records,
}

impl ContactReader {
    /// A reader for one file.
    pub fn new(options: ReaderOptions) -> ContactReader {
        let mut records = Records::new(options);
        if let Some(size) = options.declared_size {
            if size > options.limits.max_bytes {
                records.file_error = Some(FileError::TooLarge {
                    size: Some(size),
                    limit: options.limits.max_bytes,
                });
            }
        }
        ContactReader {
            options,
            decoder: Decoder::new(),
            bytes: 0,
            records,
        }
    }

    /// Reads the next chunk of the file (any size, cut anywhere), handing
    /// every row it completes to `sink`. Once the file is rejected, returns
    /// the reason and reads nothing more.
    pub fn push(&mut self, chunk: &[u8], sink: &mut impl ContactSink) -> Result<(), FileError> {
        if let Some(error) = &self.records.file_error {
            return Err(error.clone());
        }
        self.bytes += chunk.len() as u64;
        if self.bytes > self.options.limits.max_bytes {
            return Err(self.records.fail(FileError::TooLarge {
                size: None,
                limit: self.options.limits.max_bytes,
            }));
        }
        match self.decoder.decode(chunk) {
            Ok(text) => self.records.feed(text, sink),
            Err(error) => Err(self.records.fail(error.into())),
        }
    }

    /// Ends the file: reads its last row and returns the report.
    pub fn finish(mut self, sink: &mut impl ContactSink) -> Report {
        if self.records.file_error.is_none() {
            let result = match self.decoder.finish() {
                Ok(text) => self.records.feed(text, sink),
                Err(error) => Err(self.records.fail(error.into())),
            };
            if result.is_ok() {
                self.records.end(sink);
            }
        }
        self.records.report(self.decoder.encoding())
    }

    /// Bytes pushed so far, for progress.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Contact rows read so far, for progress.
    pub fn rows_read(&self) -> u32 {
        self.records.rows
    }

    /// The spreadsheet row the next record would be on, counting the blank
    /// lines read since the last one (the header is row 1). A reader that
    /// reads one part of a file reports, through this, how many rows its part
    /// spans.
    pub fn next_row(&self) -> u32 {
        self.records.next_row + self.records.blank_lines
    }

    /// True when everything pushed so far ended exactly at the end of a
    /// record (or of blank lines): no field, quote or line is left open.
    /// A reader given a part of a file checks this at the part's end: if it
    /// holds, a reader of the whole file would be at a record start there too.
    pub fn at_record_boundary(&self) -> bool {
        self.records.csv.is_some()
            && self.records.at_record_start
            && self.records.used == 0
            && self.records.ended == 0
            && !self.records.after_cr
    }

    /// The header's columns as written (trimmed) and the index of the
    /// `phone_number` column, once the header row has been read.
    pub fn header(&self) -> Option<(&[String], usize)> {
        let header = self.records.header.as_ref()?;
        Some((&header.columns, header.phone))
    }

    /// The encoding, once the first bytes have settled it.
    pub fn encoding(&self) -> Option<super::encoding::Encoding> {
        self.decoder.encoding()
    }
}

/// Reads a whole file held in memory; for tests and small inputs.
pub fn check_bytes(bytes: &[u8], options: ReaderOptions) -> Report {
    read_bytes(bytes, options).1
}

/// Reads a whole file held in memory, keeping its contacts.
pub fn read_bytes(bytes: &[u8], options: ReaderOptions) -> (Vec<Contact>, Report) {
    let mut reader = ContactReader::new(options);
    let mut contacts = Vec::new();
    // A rejected file's reason ends up in the report.
    let _ = reader.push(bytes, &mut contacts);
    let report = reader.finish(&mut contacts);
    (contacts, report)
}

/// Everything after decoding: delimiter detection, record splitting, row
/// checks and counts.
struct Records {
    options: ReaderOptions,
    /// Decoded text held until the header line is complete.
    head: Vec<u8>,
    csv: Option<CsvReader>,
    delimiter: Option<Delimiter>,
    header: Option<Header>,
    /// The record being assembled (unquoted field bytes and field ends).
    fields: Vec<u8>,
    ends: Vec<usize>,
    used: usize,
    ended: usize,
    /// Between records: skipping blank lines ourselves, so that they count
    /// as spreadsheet rows.
    at_record_start: bool,
    after_cr: bool,
    blank_lines: u32,
    /// Quote characters read so far in the record not yet complete: odd at
    /// the end of the file means a quote opened and never closed.
    open_quotes: u64,
    /// The spreadsheet row the next record is on (before blank lines).
    next_row: u32,
    rows: u32,
    valid: u32,
    invalid: u32,
    duplicates: u32,
    errors: Vec<RowError>,
    errors_omitted: u32,
    /// E.164 digits → the row that first had them.
    seen: HashMap<u64, u32, BuildHasherDefault<DigitsHasher>>,
    file_error: Option<FileError>,
}

impl Records {
    fn new(options: ReaderOptions) -> Records {
        Records {
            options,
            head: Vec::new(),
            csv: None,
            delimiter: None,
            header: None,
            fields: vec![0; 1024],
            ends: vec![0; 32],
            used: 0,
            ended: 0,
            at_record_start: true,
            after_cr: false,
            blank_lines: 0,
            next_row: 1,
            rows: 0,
            valid: 0,
            invalid: 0,
            duplicates: 0,
            errors: Vec::new(),
            errors_omitted: 0,
            seen: HashMap::default(),
            file_error: None,
            open_quotes: 0,
        }
    }

    fn fail(&mut self, error: FileError) -> FileError {
        self.file_error = Some(error.clone());
        error
    }

    fn feed(&mut self, text: &[u8], sink: &mut impl ContactSink) -> Result<(), FileError> {
        if text.is_empty() {
            return Ok(());
        }
        if self.csv.is_some() {
            return self.split(text, false, sink);
        }
        self.head.extend_from_slice(text);
        let start = self
            .head
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(self.head.len());
        match self.head[start..].iter().position(|b| *b == b'\n') {
            Some(end) => {
                let held = std::mem::take(&mut self.head);
                self.start_records(&held[start..start + end]);
                self.split(&held, false, sink)
            }
            None if self.head.len() > self.options.limits.max_row_bytes => {
                Err(self.fail(FileError::RowTooLong {
                    row: 1,
                    limit: self.options.limits.max_row_bytes,
                }))
            }
            None => Ok(()),
        }
    }

    fn start_records(&mut self, header_line: &[u8]) {
        let delimiter = Delimiter::detect(header_line);
        self.delimiter = Some(delimiter);
        self.csv = Some(ReaderBuilder::new().delimiter(delimiter.byte()).build());
    }

    /// Called once the file is over: a header-only line without a newline,
    /// and a last row without one, are read here.
    fn end(&mut self, sink: &mut impl ContactSink) {
        if self.csv.is_none() {
            let held = std::mem::take(&mut self.head);
            self.start_records(&held);
            if self.split(&held, false, sink).is_err() {
                return;
            }
        }
        // An odd count of quotes in a last record that spans lines: a quote
        // opened and the rest of the file went into its cell. (On a single
        // last line an odd count may be a literal quote inside an unquoted
        // field; that row is read as usual and its field count tells.)
        if self.open_quotes % 2 == 1 {
            if let FileError::UnclosedQuote { lines, .. } = self.unclosed_quote() {
                if lines > 0 {
                    let error = self.unclosed_quote();
                    self.fail(error);
                    return;
                }
            }
        }
        let _ = self.split(&[], true, sink);
        if self.header.is_none() && self.file_error.is_none() {
            self.fail(HeaderError::Empty.into());
        }
    }

    /// Splits decoded text into records; `at_end` (with empty `text`)
    /// tells csv-core the file is over.
    fn split(
        &mut self,
        mut text: &[u8],
        at_end: bool,
        sink: &mut impl ContactSink,
    ) -> Result<(), FileError> {
        loop {
            if self.at_record_start && !at_end {
                text = self.skip_blank_lines(text);
                if text.is_empty() {
                    return Ok(());
                }
                self.at_record_start = false;
            }
            let csv = self
                .csv
                .as_mut()
                .expect("records start after the header line");
            let (result, read, written, ended) = csv.read_record(
                text,
                &mut self.fields[self.used..],
                &mut self.ends[self.ended..],
            );
            let last = text[..read].last().copied();
            if !matches!(result, ReadRecordResult::Record) {
                // Only the bytes of a record still open are counted: the
                // tail of each chunk, not the whole file.
                self.open_quotes += text[..read].iter().filter(|b| **b == b'"').count() as u64;
            }
            text = &text[read..];
            self.used += written;
            self.ended += ended;
            match result {
                ReadRecordResult::InputEmpty => return Ok(()),
                ReadRecordResult::End => return Ok(()),
                ReadRecordResult::OutputFull => self.grow_fields()?,
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => {
                    self.open_quotes = 0;
                    self.after_cr = last == Some(b'\r');
                    self.at_record_start = true;
                    self.record(sink)?;
                    self.used = 0;
                    self.ended = 0;
                    if at_end {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// The file ended inside a quoted field: where it opened, and how much
    /// of the file it swallowed.
    fn unclosed_quote(&self) -> FileError {
        let field_start = if self.ended == 0 {
            0
        } else {
            self.ends[self.ended - 1]
        };
        let swallowed = &self.fields[field_start..self.used];
        let lines = swallowed.iter().filter(|b| **b == b'\n').count() as u32;
        let column = self
            .header
            .as_ref()
            .and_then(|header| header.column(self.ended))
            .map(str::to_owned);
        FileError::UnclosedQuote {
            row: self.next_row + self.blank_lines,
            column,
            lines,
        }
    }

    fn grow_fields(&mut self) -> Result<(), FileError> {
        let len = self.fields.len();
        if len >= self.options.limits.max_row_bytes {
            let row = self.next_row + self.blank_lines;
            return Err(self.fail(FileError::RowTooLong {
                row,
                limit: self.options.limits.max_row_bytes,
            }));
        }
        self.fields
            .resize((len * 2).min(self.options.limits.max_row_bytes), 0);
        Ok(())
    }

    /// Skips the line breaks between records, counting each blank line as a
    /// spreadsheet row (a `\r\n` is one break; so is a lone `\r` or `\n`).
    fn skip_blank_lines<'t>(&mut self, text: &'t [u8]) -> &'t [u8] {
        let mut skipped = 0;
        for &byte in text {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' => self.blank_lines += 1,
                b'\r' => {
                    self.blank_lines += 1;
                    self.after_cr = true;
                }
                _ => break,
            }
            skipped += 1;
        }
        if skipped < text.len() {
            self.after_cr = false;
        }
        &text[skipped..]
    }

    fn field(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        let bytes = &self.fields[start..self.ends[index]];
        // The decoder hands over UTF-8 and csv-core only splits at ASCII
        // bytes, so every field is UTF-8.
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    fn record(&mut self, sink: &mut impl ContactSink) -> Result<(), FileError> {
        let row = self.next_row + self.blank_lines;
        self.next_row = row + 1;
        self.blank_lines = 0;
        let count = self.ended;
        let Some(header) = &self.header else {
            let header = Header::parse((0..count).map(|index| self.field(index)));
            let header = header.map_err(|error| self.fail(error.into()))?;
            self.header = Some(header);
            return Ok(());
        };
        let (phone, columns, names) =
            (header.phone, header.columns.len(), header.variables.clone());
        if (0..count).all(|index| self.field(index).trim().is_empty()) {
            return Ok(());
        }
        self.rows += 1;
        if self.rows > self.options.limits.max_rows {
            self.rows -= 1;
            return Err(self.fail(FileError::TooManyRows(self.options.limits.max_rows)));
        }
        if count != columns {
            let error = RowError {
                row,
                column: None,
                value: self.joined(count),
                reason: format!(
                    "the row has {count} field{} but the header has {columns} column{}",
                    if count == 1 { "" } else { "s" },
                    if columns == 1 { "" } else { "s" },
                ),
                kind: RowErrorKind::Invalid,
            };
            self.reject(error, sink);
            return Ok(());
        }
        let raw = self.field(phone);
        let number = match normalise(raw, self.options.default_region) {
            Ok(number) => number,
            Err(problem) => {
                let error = RowError {
                    row,
                    column: self.phone_column(),
                    value: raw.trim().to_owned(),
                    reason: problem.to_string(),
                    kind: RowErrorKind::Invalid,
                };
                self.reject(error, sink);
                return Ok(());
            }
        };
        if let Some(first) = self.seen.get(&number.as_u64()) {
            let error = RowError {
                row,
                column: self.phone_column(),
                value: raw.trim().to_owned(),
                reason: duplicate_reason(*first),
                kind: RowErrorKind::Duplicate,
            };
            self.reject(error, sink);
            return Ok(());
        }
        let values = (0..count)
            .filter(|index| *index != phone)
            .map(|index| self.field(index));
        let variables = Variables::new(names, values);
        self.seen.insert(number.as_u64(), row);
        self.valid += 1;
        let contact = Contact {
            row,
            phone_number: number,
            variables,
        };
        sink.accepted_row(&contact, self.row_fields(count, phone));
        sink.contact(contact);
        Ok(())
    }

    fn phone_column(&self) -> Option<String> {
        let header = self.header.as_ref()?;
        header.column(header.phone).map(str::to_owned)
    }

    /// The row as one line, for errors about the whole row (shortened).
    fn joined(&self, count: usize) -> String {
        let separator = self.delimiter.unwrap_or(Delimiter::Comma).byte() as char;
        let mut line = String::new();
        for index in 0..count {
            if index > 0 {
                line.push(separator);
            }
            line.push_str(self.field(index));
            if line.len() > 200 {
                let cut = (0..=200)
                    .rev()
                    .find(|i| line.is_char_boundary(*i))
                    .unwrap_or(0);
                line.truncate(cut);
                line.push('…');
                break;
            }
        }
        line
    }

    fn row_fields(&self, count: usize, phone: usize) -> RowFields<'_> {
        RowFields {
            bytes: &self.fields[..self.used],
            ends: &self.ends[..count],
            phone,
        }
    }

    fn reject(&mut self, error: RowError, sink: &mut impl ContactSink) {
        match error.kind {
            RowErrorKind::Invalid => self.invalid += 1,
            RowErrorKind::Duplicate => self.duplicates += 1,
        }
        sink.row_error(&error);
        let phone = self.header.as_ref().map_or(0, |header| header.phone);
        sink.rejected_row(&error, self.row_fields(self.ended, phone));
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(error);
        } else {
            self.errors_omitted += 1;
        }
    }

    fn report(self, encoding: Option<super::encoding::Encoding>) -> Report {
        Report {
            rows: self.rows,
            valid: self.valid,
            invalid: self.invalid,
            duplicates: self.duplicates,
            variables: self
                .header
                .map(|header| header.variables.to_vec())
                .unwrap_or_default(),
            delimiter: self.delimiter,
            encoding,
            errors: self.errors,
            errors_omitted: self.errors_omitted,
            regions: count_regions(self.seen.keys().copied()),
            file_error: self.file_error.map(|error| error.to_string()),
        }
    }
}
