//! What the worker does with each message (see the crate docs).

use std::cell::RefCell;

use js_sys::{Array, BigUint64Array, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, DedicatedWorkerGlobalScope, File, FileReaderSync};

use outdial_shared::contacts::split::{
    merge, rejected_csv, Keep, PartCheck, PartFix, PartNumbers, PartSummary, QuoteScanner,
    RejectedRow,
};
use outdial_shared::contacts::worker_messages::{FromWorker, ToWorker};
use outdial_shared::contacts::{
    find_column, header_end, preview, reason_column, rename_column, write_csv_record,
    DefaultRegion, Encoding, ReaderOptions, MAX_FILE_BYTES, PHONE_COLUMN,
};

/// Bytes read from the file at once (one `FileReaderSync` call).
const SLICE: u64 = 2 << 20;
/// Bytes pushed into the reader between two looks at the clock.
const PUSH: usize = 256 << 10;
/// Bytes of the file's start read for the preview and the header line.
const HEAD: u64 = 1 << 20;
/// Data rows in the preview.
const PREVIEW_ROWS: usize = 20;
/// Milliseconds between progress messages.
const PROGRESS_MS: f64 = 50.0;

#[derive(Default)]
struct State {
    index: usize,
    file: Option<File>,
    shares: Vec<u64>,
    region: Option<DefaultRegion>,
    phone_column: Option<String>,
    /// The header line as the reader gets it (renamed if asked).
    prefix: Vec<u8>,
    /// Where the header line ends in the file.
    header_end: u64,
    /// This worker's part of the file, once known.
    range: (u64, u64),
    /// The header's columns, once read.
    columns: Vec<String>,
    /// Worker 0: its own part's outcome, waiting for the merge.
    own: Option<(PartSummary, PartNumbers)>,
    /// Worker 0: the other parts, if they came before its own part ended.
    pending_merge: Option<Vec<(PartSummary, PartNumbers)>>,
    rejected: Vec<RejectedRow>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Posts `message` with its extra values, transferring `transfer`.
pub(crate) fn post(message: &FromWorker, extras: &[JsValue], transfer: &[JsValue]) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let json = serde_json::to_string(message).unwrap_or_default();
    let data = Array::new();
    data.push(&JsValue::from_str(&json));
    for extra in extras {
        data.push(extra);
    }
    let transfer: Array = transfer.iter().collect();
    let _ = scope.post_message_with_transfer(&data, &transfer);
}

fn fail(message: impl Into<String>) {
    post(&FromWorker::Failed(message.into()), &[], &[]);
}

fn js_error(error: JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            js_sys::Reflect::get(&error, &"message".into())
                .ok()?
                .as_string()
        })
        .unwrap_or_else(|| "the browser could not read the file".to_owned())
}

pub(crate) fn on_message(data: JsValue) {
    let data: Array = data.unchecked_into();
    let Some(json) = data.get(0).as_string() else {
        return fail("a message the worker does not understand");
    };
    let message: ToWorker = match serde_json::from_str(&json) {
        Ok(message) => message,
        Err(error) => return fail(format!("a message the worker does not understand: {error}")),
    };
    let outcome = match message {
        ToWorker::Start {
            index,
            shares,
            region_from_number,
            phone_column,
        } => start(
            data.get(1).unchecked_into(),
            index,
            shares,
            region_from_number,
            phone_column,
        ),
        ToWorker::Check { from, to } => {
            let prefix = data.get(1);
            check(
                from,
                to,
                (!prefix.is_undefined()).then(|| Uint8Array::new(&prefix).to_vec()),
            )
        }
        ToWorker::Merge { parts } => {
            let mut joined = Vec::with_capacity(parts.len());
            for (index, summary) in parts.into_iter().enumerate() {
                let at = |offset: u32| data.get(1 + 4 * index as u32 + offset);
                let numbers = PartNumbers {
                    numbers: BigUint64Array::new(&at(0)).to_vec(),
                    rows: Uint32Array::new(&at(1)).to_vec(),
                    raw_text: Uint8Array::new(&at(2)).to_vec(),
                    raw_ends: Uint32Array::new(&at(3)).to_vec(),
                };
                joined.push((summary, numbers));
            }
            STATE.with(|state| state.borrow_mut().pending_merge = Some(joined));
            try_merge()
        }
        ToWorker::Rejected { fix } => rejected(fix),
    };
    if let Err(error) = outcome {
        fail(error);
    }
}

/// Reads `from..to` of `file` in slices, handing over pieces of at most
/// [`PUSH`] bytes; `each` returns false to stop. Calls `progress` with the
/// bytes handed over at most every [`PROGRESS_MS`].
fn read_range(
    file: &File,
    from: u64,
    to: u64,
    mut each: impl FnMut(&[u8]) -> bool,
    mut progress: impl FnMut(u64),
) -> Result<(), String> {
    let reader = FileReaderSync::new().map_err(js_error)?;
    let mut buffer = Vec::new();
    let mut at = from;
    let mut last = js_sys::Date::now();
    while at < to {
        let end = (at + SLICE).min(to);
        read_into(&reader, file, at, end, &mut buffer)?;
        for piece in buffer.chunks(PUSH) {
            if !each(piece) {
                return Ok(());
            }
            let now = js_sys::Date::now();
            if now - last >= PROGRESS_MS {
                last = now;
                progress(at - from + piece.len() as u64);
            }
        }
        at = end;
    }
    progress(to - from);
    Ok(())
}

fn read_into(
    reader: &FileReaderSync,
    file: &File,
    from: u64,
    to: u64,
    buffer: &mut Vec<u8>,
) -> Result<(), String> {
    let slice = file
        .slice_with_f64_and_f64(from as f64, to as f64)
        .map_err(js_error)?;
    let bytes = Uint8Array::new(
        &reader
            .read_as_array_buffer(&slice)
            .map_err(js_error)?
            .into(),
    );
    buffer.resize(bytes.length() as usize, 0);
    bytes.copy_to(buffer);
    Ok(())
}

fn options(region: Option<DefaultRegion>, declared_size: Option<u64>) -> ReaderOptions {
    ReaderOptions {
        declared_size,
        ..ReaderOptions::new(region)
    }
}

fn start(
    file: File,
    index: usize,
    shares: Vec<u64>,
    region_from_number: Option<String>,
    phone_column: Option<String>,
) -> Result<(), String> {
    let region = region_from_number
        .as_deref()
        .and_then(DefaultRegion::of_number);
    let size = file.size() as u64;
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        state.index = index;
        state.file = Some(file.clone());
        state.shares = shares.clone();
        state.region = region;
        state.phone_column = phone_column.clone();
    });
    if index > 0 {
        let from = shares.get(index).copied().unwrap_or(size);
        let to = shares.get(index + 1).copied().unwrap_or(size);
        let scan = scan(&file, from, to)?;
        post(
            &FromWorker::Scanned {
                scan,
                header_end: None,
            },
            &[],
            &[],
        );
        return Ok(());
    }
    let reader = FileReaderSync::new().map_err(js_error)?;
    let mut head = Vec::new();
    read_into(&reader, &file, 0, HEAD.min(size), &mut head)?;
    let complete = head.len() as u64 == size;
    let shown = preview(&head, complete, PREVIEW_ROWS);
    let (prefix, end, phone) = match phone_column.as_deref() {
        Some(name) if !name.trim().eq_ignore_ascii_case(PHONE_COLUMN) => {
            let column = find_column(&shown.columns, name)
                .ok_or_else(|| format!("The header has no column called \"{name}\"."))?;
            let (line, end) = rename_column(&head, column)?;
            (line, end, Some(column))
        }
        _ => match header_end(&head) {
            Some(end) => (head[..end].to_vec(), end, shown.phone_column),
            None => (Vec::new(), 0, shown.phone_column),
        },
    };
    let split = shares.len() > 1
        && shown.encoding == Some(Encoding::Utf8)
        && end > 0
        && phone.is_some()
        && size <= MAX_FILE_BYTES;
    post(
        &FromWorker::Preview {
            columns: shown.columns.clone(),
            phone_column: phone,
            suggested_phone_column: shown.suggested_phone_column,
            rows: shown.rows,
            region: region.map(|region| (region.code(), region.name())),
            split,
        },
        &[],
        &[],
    );
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        state.prefix = prefix.clone();
        state.header_end = end as u64;
        state.columns = shown.columns;
    });
    if split {
        let scan = scan(&file, 0, shares[1])?;
        let line = Uint8Array::from(&prefix[..]);
        post(
            &FromWorker::Scanned {
                scan,
                header_end: Some(end as u64),
            },
            &[line.into()],
            &[],
        );
        Ok(())
    } else {
        check_alone()
    }
}

/// Worker 0 reads the whole file by itself.
fn check_alone() -> Result<(), String> {
    let (file, region, prefix, end) = STATE.with(|state| {
        let state = state.borrow();
        (
            state.file.clone(),
            state.region,
            state.prefix.clone(),
            state.header_end,
        )
    });
    let file = file.ok_or("no file")?;
    let size = file.size() as u64;
    let mut part = PartCheck::new(options(region, Some(size)), &[], Keep::Rejected);
    let _ = part.push(&prefix);
    read_part(&file, end, size, &mut part, end)?;
    let (summary, _, rejected) = part.finish();
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        state.rejected = rejected;
        state.range = (0, size);
        if !summary.columns.is_empty() {
            state.columns = summary.columns.clone();
        }
    });
    post(
        &FromWorker::Done {
            report: summary.report,
            fixes: vec![PartFix::default()],
        },
        &[],
        &[],
    );
    Ok(())
}

/// Pushes `from..to` into `part`, posting progress (`already` bytes of the
/// file counted as read before `from`).
fn read_part(
    file: &File,
    from: u64,
    to: u64,
    part: &mut PartCheck,
    already: u64,
) -> Result<(), String> {
    let rows = std::cell::Cell::new(0);
    let part = RefCell::new(part);
    read_range(
        file,
        from,
        to,
        |piece| {
            let mut part = part.borrow_mut();
            let ok = part.push(piece).is_ok();
            rows.set(part.rows_read());
            ok
        },
        |bytes| {
            post(
                &FromWorker::Progress {
                    bytes: already + bytes,
                    rows: rows.get(),
                },
                &[],
                &[],
            )
        },
    )
}

fn scan(
    file: &File,
    from: u64,
    to: u64,
) -> Result<outdial_shared::contacts::split::QuoteScan, String> {
    let scanner = RefCell::new(QuoteScanner::new(from));
    read_range(
        file,
        from,
        to,
        |piece| {
            scanner.borrow_mut().push(piece);
            true
        },
        // Nothing is checked yet, but the page hears from the workers.
        |_| post(&FromWorker::Progress { bytes: 0, rows: 0 }, &[], &[]),
    )?;
    Ok(scanner.into_inner().finish())
}

fn check(from: u64, to: u64, prefix: Option<Vec<u8>>) -> Result<(), String> {
    let (index, file, region) = STATE.with(|state| {
        let state = state.borrow();
        (state.index, state.file.clone(), state.region)
    });
    let file = file.ok_or("no file")?;
    if index == 0 {
        let (prefix, end) = STATE.with(|state| {
            let state = state.borrow();
            (state.prefix.clone(), state.header_end)
        });
        let mut part = PartCheck::new(
            options(region, Some(file.size() as u64)),
            &[],
            Keep::Numbers,
        );
        let _ = part.push(&prefix);
        read_part(&file, end, to, &mut part, end)?;
        let (summary, numbers, rejected) = part.finish();
        STATE.with(|state| {
            let mut state = state.borrow_mut();
            state.rejected = rejected;
            state.range = (0, to);
            state.columns = summary.columns.clone();
            state.own = Some((summary, numbers));
        });
        return try_merge();
    }
    let prefix = prefix.ok_or("no header line for the part")?;
    let mut part = PartCheck::new(options(region, None), &prefix, Keep::NumbersAndFields);
    read_part(&file, from, to, &mut part, 0)?;
    let (summary, numbers, rejected) = part.finish();
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        state.rejected = rejected;
        state.range = (from, to);
        state.prefix = prefix;
        state.columns = summary.columns.clone();
    });
    let arrays: [JsValue; 4] = [
        BigUint64Array::from(&numbers.numbers[..]).into(),
        Uint32Array::from(&numbers.rows[..]).into(),
        Uint8Array::from(&numbers.raw_text[..]).into(),
        Uint32Array::from(&numbers.raw_ends[..]).into(),
    ];
    let buffers: Vec<JsValue> = arrays
        .iter()
        .map(|array| js_sys::Reflect::get(array, &"buffer".into()).unwrap_or_default())
        .collect();
    post(&FromWorker::PartDone { summary }, &arrays, &buffers);
    Ok(())
}

/// Worker 0: merges once its own part and the others' are both in.
fn try_merge() -> Result<(), String> {
    let ready = STATE.with(|state| {
        let mut state = state.borrow_mut();
        if state.own.is_none() || state.pending_merge.is_none() {
            return None;
        }
        let mut parts = vec![state.own.take().expect("checked")];
        parts.extend(state.pending_merge.take().expect("checked"));
        Some(parts)
    });
    let Some(parts) = ready else {
        return Ok(());
    };
    match merge(&parts) {
        Some(merged) => {
            drop(parts);
            post(
                &FromWorker::Done {
                    report: merged.report,
                    fixes: merged.fixes,
                },
                &[],
                &[],
            );
            Ok(())
        }
        None => {
            drop(parts);
            post(&FromWorker::Restarted, &[], &[]);
            check_alone()
        }
    }
}

fn rejected(fix: PartFix) -> Result<(), String> {
    let (index, file, region, prefix, range, columns, rejected) = STATE.with(|state| {
        let mut state = state.borrow_mut();
        (
            state.index,
            state.file.clone(),
            state.region,
            state.prefix.clone(),
            state.range,
            state.columns.clone(),
            std::mem::take(&mut state.rejected),
        )
    });
    let mut captured = Vec::new();
    if !fix.crossed.is_empty() {
        let file = file.ok_or("no file")?;
        let rows = fix.crossed.iter().map(|&(row, _)| row).collect();
        let part = RefCell::new(PartCheck::recapture(options(region, None), &prefix, rows));
        read_range(
            &file,
            range.0,
            range.1,
            |piece| part.borrow_mut().push(piece).is_ok(),
            |_| {},
        )?;
        captured = part.into_inner().finish_recapture();
    }
    let mut csv = Vec::new();
    if index == 0 {
        let reason = reason_column(&columns);
        write_csv_record(
            &mut csv,
            columns.iter().map(String::as_str).chain([reason.as_str()]),
        );
    }
    csv.extend(rejected_csv(columns.len(), &rejected, &captured, &fix));
    STATE.with(|state| state.borrow_mut().rejected = rejected);
    let parts: Array = std::iter::once(JsValue::from(Uint8Array::from(&csv[..]))).collect();
    let kind = BlobPropertyBag::new();
    kind.set_type("text/csv;charset=utf-8");
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &kind).map_err(js_error)?;
    post(&FromWorker::Rejected, &[blob.into()], &[]);
    Ok(())
}
