//! The upload pipeline behind `PUT|POST /api/campaigns/{id}/contacts`.
//!
//! Three stages run at once, so a 100 MB file is never held whole:
//! a task reads the request body chunk by chunk; a blocking thread pushes
//! the chunks through the shared [`ContactReader`] (the CPU-heavy part:
//! decoding, CSV, libphonenumber) and hands out batches of contacts; the
//! handler writes each batch under the upload's new list number
//! ([`Ingest`], through its [`Rows`]: on SQLite a short transaction a batch,
//! on PostgreSQL one `COPY` for the whole upload). Nothing becomes visible
//! unless the whole body arrived and the reader accepted the file (see
//! [`crate::store::contact_lists`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use futures_util::StreamExt;
use outdial_shared::api::ContactState;
use outdial_shared::contacts::{
    Contact, ContactReader, ContactSink, FileError, ReaderOptions, Report, RowError, RowErrorKind,
    MAX_REPORTED_ERRORS,
};
use tokio::sync::mpsc;

use crate::error::AppError;
use crate::store::contact_lists::{Existing, Ingest, NewContactRow, Rows, Swap};
use crate::store::variables::{self, Layout};
use crate::store::Timestamp;

/// Contacts handed from the reader to the writer at a time.
pub const BATCH_ROWS: usize = 5_000;

/// A contact as the reader thread prepares it for the store.
#[derive(Debug, Clone)]
pub struct ParsedContact {
    /// 1-based position among the upload's data rows.
    pub position: u32,
    /// The row number reports use for this contact.
    pub report_row: u32,
    pub phone: String,
    /// The names of `values`: the file's other columns.
    pub columns: Arc<[String]>,
    /// The values, a compact row ([`variables::encode`]).
    pub values: String,
}

impl From<Contact> for ParsedContact {
    fn from(contact: Contact) -> Self {
        ParsedContact {
            position: contact.row.saturating_sub(1),
            report_row: contact.row,
            phone: contact.phone_number.as_str().to_owned(),
            columns: contact.variables.names().clone(),
            values: variables::encode(contact.variables.values().map(Some)),
        }
    }
}

/// Collects contacts into batches and sends each full one to the writer.
struct BatchSink {
    batch: Vec<ParsedContact>,
    out: mpsc::Sender<Vec<ParsedContact>>,
    closed: bool,
}

impl BatchSink {
    fn flush(&mut self) {
        if self.batch.is_empty() || self.closed {
            return;
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH_ROWS));
        // The writer is gone only when it failed; its error is the answer.
        self.closed = self.out.blocking_send(batch).is_err();
    }
}

impl ContactSink for BatchSink {
    fn contact(&mut self, contact: Contact) {
        self.batch.push(contact.into());
        if self.batch.len() >= BATCH_ROWS {
            self.flush();
        }
    }
}

/// Runs on a blocking thread: reads every chunk, then the report.
fn read_chunks(
    options: ReaderOptions,
    mut chunks: mpsc::Receiver<Bytes>,
    out: mpsc::Sender<Vec<ParsedContact>>,
) -> Report {
    let mut reader = ContactReader::new(options);
    let mut sink = BatchSink {
        batch: Vec::with_capacity(BATCH_ROWS),
        out,
        closed: false,
    };
    while let Some(chunk) = chunks.blocking_recv() {
        if reader.push(&chunk, &mut sink).is_err() || sink.closed {
            break;
        }
    }
    // Stops the body reader: nothing after this point is read.
    drop(chunks);
    let report = reader.finish(&mut sink);
    sink.flush();
    report
}

/// Reads the body into `chunks`; `Err` when the client's body broke off.
async fn feed(body: Body, chunks: mpsc::Sender<Bytes>) -> Result<(), axum::Error> {
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if chunk.is_empty() {
            continue;
        }
        if chunks.send(chunk).await.is_err() {
            // The reader stopped (the file is rejected): the rest does not matter.
            break;
        }
    }
    Ok(())
}

/// Whether a rejected file's reason is one of the size limits (a 413).
pub fn is_over_limits(report: &Report, options: &ReaderOptions) -> bool {
    let Some(reason) = &report.file_error else {
        return false;
    };
    let limit = options.limits.max_bytes;
    [
        FileError::TooManyRows(options.limits.max_rows),
        FileError::TooLarge { size: None, limit },
        FileError::TooLarge {
            size: options.declared_size,
            limit,
        },
    ]
    .iter()
    .any(|error| error.to_string() == *reason)
}

/// Streams a CSV body through the reader into `writer`; the report as the
/// reader made it (the writer's own findings are added by [`Writer::finish`]).
pub async fn stream_csv(
    body: Body,
    options: ReaderOptions,
    tx: &mut Ingest,
    writer: &mut Writer,
) -> Result<Report, AppError> {
    let mut rows = tx.rows(writer.now).await?;
    let (chunk_tx, chunk_rx) = mpsc::channel::<Bytes>(8);
    let (batch_tx, mut batch_rx) = mpsc::channel::<Vec<ParsedContact>>(4);
    let reader = tokio::task::spawn_blocking(move || read_chunks(options, chunk_rx, batch_tx));
    let feeder = tokio::spawn(feed(body, chunk_tx));
    while let Some(batch) = batch_rx.recv().await {
        if let Err(error) = writer.write(&mut rows, batch).await {
            // Dropping the receiver stops the reader thread at its next batch.
            feeder.abort();
            // The write's own error is the answer, not the abort's.
            let _ = rows.abort().await;
            return Err(error);
        }
    }
    let report = match (reader.await, feeder.await) {
        (Ok(report), Ok(Ok(()))) => report,
        (reader, feeder) => {
            let error = match (reader, feeder) {
                (Err(e), _) | (_, Err(e)) => AppError::Internal(e.into()),
                _ => AppError::BadRequest(
                    "The upload broke off before the whole file arrived; nothing was saved.".into(),
                ),
            };
            let _ = rows.abort().await;
            return Err(error);
        }
    };
    if report.file_error.is_some() {
        // Rejected as a whole: the caller answers with the reason.
        rows.abort().await?;
    } else {
        rows.finish().await?;
    }
    Ok(report)
}

/// Writes contacts read in full (a JSON append) through `writer`.
pub async fn write_all(
    tx: &mut Ingest,
    writer: &mut Writer,
    contacts: Vec<ParsedContact>,
) -> Result<(), AppError> {
    let mut rows = tx.rows(writer.now).await?;
    let mut contacts = contacts.into_iter();
    loop {
        let batch: Vec<ParsedContact> = contacts.by_ref().take(BATCH_ROWS).collect();
        if batch.is_empty() {
            break;
        }
        if let Err(error) = writer.write(&mut rows, batch).await {
            let _ = rows.abort().await;
            return Err(error);
        }
    }
    rows.finish().await?;
    Ok(())
}

/// Decides each contact's state and writes the batches: the rules of
/// exclusions and (for an append) of numbers already in the campaign.
pub struct Writer {
    now: Timestamp,
    append: bool,
    /// Added to a contact's position: 0 for a replace, the last row number
    /// for an append, so the list keeps its order.
    row_base: i32,
    /// The campaign's Sticky exclusion setting.
    campaign_sticky: bool,
    exclusions: HashMap<String, bool>,
    /// For an append: the numbers already in the campaign.
    existing: Option<HashMap<String, Existing>>,
    lifted: HashSet<String>,
    reactivate: Vec<i64>,
    extra_errors: Vec<RowError>,
    extra_error_count: u32,
    /// Where the variables go: the campaign's names as the upload leaves them.
    layout: Layout,
    /// New contacts that stayed excluded (sticky exclusion).
    pub suppressed: u32,
    /// Excluded contacts a re-add made dialable again.
    pub readded: u32,
}

impl Writer {
    /// Prepares a replace or an append.
    pub async fn prepare(
        tx: &mut Ingest,
        append: bool,
        campaign_sticky: bool,
        now: Timestamp,
    ) -> Result<Writer, AppError> {
        let exclusions = tx.exclusions().await?;
        let (existing, row_base, layout) = if append {
            let names = tx.variable_names().await?;
            (
                Some(tx.existing().await?),
                tx.last_row_no().await?,
                Layout::append(names),
            )
        } else {
            (None, 0, Layout::replace())
        };
        Ok(Writer {
            now,
            append,
            row_base,
            campaign_sticky,
            exclusions,
            existing,
            lifted: HashSet::new(),
            reactivate: Vec::new(),
            extra_errors: Vec::new(),
            extra_error_count: 0,
            layout,
            suppressed: 0,
            readded: 0,
        })
    }

    fn sticky(&self, phone: &str) -> Option<bool> {
        self.exclusions
            .get(phone)
            .map(|sticky| *sticky || self.campaign_sticky)
    }

    fn refuse(&mut self, contact: &ParsedContact, reason: String) {
        self.extra_error_count += 1;
        if self.extra_errors.len() < MAX_REPORTED_ERRORS {
            self.extra_errors.push(RowError {
                row: contact.report_row,
                column: Some("phone_number".to_owned()),
                value: contact.phone.clone(),
                reason,
                kind: RowErrorKind::Duplicate,
            });
        }
    }

    /// Writes one batch under the upload's list number (SQLite: its own short
    /// transaction; PostgreSQL: into the upload's one `COPY`).
    pub async fn write(
        &mut self,
        out: &mut Rows<'_>,
        batch: Vec<ParsedContact>,
    ) -> Result<(), AppError> {
        let mut rows = Vec::with_capacity(batch.len());
        for contact in batch {
            let sticky = self.sticky(&contact.phone);
            if let Some(existing) = self
                .existing
                .as_ref()
                .and_then(|e| e.get(&contact.phone))
                .copied()
            {
                if existing.excluded && sticky != Some(true) {
                    self.reactivate.push(existing.id);
                    self.lifted.insert(contact.phone.clone());
                    self.readded += 1;
                } else if existing.excluded {
                    let reason = format!(
                        "{} is excluded from this campaign and stays suppressed (sticky exclusion)",
                        contact.phone
                    );
                    self.refuse(&contact, reason);
                } else {
                    let reason = format!("{} is already in this campaign", contact.phone);
                    self.refuse(&contact, reason);
                }
                continue;
            }
            let state = match sticky {
                Some(true) => {
                    self.suppressed += 1;
                    ContactState::Excluded
                }
                Some(false) => {
                    self.lifted.insert(contact.phone.clone());
                    ContactState::Pending
                }
                None => ContactState::Pending,
            };
            let row_no = self
                .row_base
                .saturating_add(i32::try_from(contact.position).unwrap_or(i32::MAX));
            let variables = self
                .layout
                .store(&contact.columns, contact.values)
                .map_err(sqlx::Error::from)?;
            rows.push(NewContactRow {
                row_no,
                phone: contact.phone,
                variables,
                state,
            });
        }
        if !rows.is_empty() {
            out.write(&rows).await?;
        }
        Ok(())
    }

    /// Folds the writer's refusals into `report` (as duplicates, in row
    /// order) and returns what the swap must apply: the re-adds.
    pub fn finish(&mut self, report: &mut Report) -> Swap {
        let swap = Swap {
            replace: !self.append,
            variable_names: self.layout.names().map(<[String]>::to_vec),
            reactivate: std::mem::take(&mut self.reactivate),
            lifted: self.lifted.drain().collect(),
        };
        if self.extra_error_count > 0 {
            report.valid = report.valid.saturating_sub(self.extra_error_count);
            report.duplicates += self.extra_error_count;
            let total = report.errors.len() as u32 + report.errors_omitted + self.extra_error_count;
            report.errors.append(&mut self.extra_errors);
            report.errors.sort_by_key(|error| error.row);
            report.errors.truncate(MAX_REPORTED_ERRORS);
            report.errors_omitted = total - report.errors.len() as u32;
        }
        swap
    }
}

/// Reads a JSON append (`[{"phone_number","variables"}]`) into contacts
/// and a report of the same shape as a file's; `row` is the 1-based
/// position in the array.
pub fn read_json(
    contacts: Vec<outdial_shared::api::NewContact>,
    options: &ReaderOptions,
) -> (Vec<ParsedContact>, Report) {
    let mut report = Report {
        rows: 0,
        valid: 0,
        invalid: 0,
        duplicates: 0,
        variables: Vec::new(),
        delimiter: None,
        encoding: None,
        errors: Vec::new(),
        errors_omitted: 0,
        file_error: None,
        regions: Vec::new(),
    };
    let mut seen = HashSet::new();
    let mut parsed = Vec::with_capacity(contacts.len());
    let record = |report: &mut Report, error: RowError| {
        if report.errors.len() < MAX_REPORTED_ERRORS {
            report.errors.push(error);
        } else {
            report.errors_omitted += 1;
        }
    };
    for (index, contact) in contacts.into_iter().enumerate() {
        let row = u32::try_from(index + 1).unwrap_or(u32::MAX);
        report.rows += 1;
        for name in contact.variables.keys() {
            if !report.variables.contains(name) {
                report.variables.push(name.clone());
            }
        }
        let phone = match outdial_shared::contacts::normalise(
            &contact.phone_number,
            options.default_region,
        ) {
            Ok(phone) => phone.as_str().to_owned(),
            Err(error) => {
                report.invalid += 1;
                let error = RowError {
                    row,
                    column: Some("phone_number".to_owned()),
                    value: contact.phone_number,
                    reason: error.to_string(),
                    kind: RowErrorKind::Invalid,
                };
                record(&mut report, error);
                continue;
            }
        };
        if !seen.insert(phone.clone()) {
            report.duplicates += 1;
            let error = RowError {
                row,
                column: Some("phone_number".to_owned()),
                value: contact.phone_number,
                reason: format!("{phone} appears earlier in the list"),
                kind: RowErrorKind::Duplicate,
            };
            record(&mut report, error);
            continue;
        }
        report.valid += 1;
        let mut values: Vec<Option<String>> = vec![None; report.variables.len()];
        for (name, value) in contact.variables {
            let text = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            if let Some(at) = report.variables.iter().position(|n| *n == name) {
                values[at] = Some(text);
            }
        }
        while values.last().is_some_and(Option::is_none) {
            values.pop();
        }
        parsed.push(ParsedContact {
            position: row,
            report_row: row,
            phone,
            // Each contact's names so far; they only grow, so the last
            // contact's are everyone's (set below).
            columns: Arc::from([]),
            values: variables::encode(values.iter().map(Option::as_deref)),
        });
    }
    // Every contact's values are in the order of the names found in all.
    let columns: Arc<[String]> = Arc::from(report.variables.clone());
    for contact in &mut parsed {
        contact.columns = columns.clone();
    }
    // E.164's digits after the `+`, as the file reader counts them.
    report.regions = outdial_shared::contacts::count_regions(
        parsed
            .iter()
            .filter_map(|contact| contact.phone.get(1..)?.parse::<u64>().ok()),
    );
    (parsed, report)
}
