//! A hook for the browser benchmark (`tests/bench/csv_check.mjs`): a
//! wasm-bindgen export the benchmark calls through `window.wasmBindings`
//! (index.html's start script), never reached from the operator's pages. It
//! runs [`CsvCheck`] exactly as the wizard does and reports each update to a
//! JS callback. The exports are thin: their work is in the chunk
//! `csv_check_bench` (`crate::split`), so the page's first download does not
//! carry the check for them. `csvCheckPrewarm` loads that chunk too, so a
//! warm run's timing does not include fetching it.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::File;

use super::{prewarm, CheckRequest, CheckUpdate, CsvCheck};
use crate::split::split_fn;

thread_local! {
    static RUNNING: RefCell<Option<CsvCheck>> = const { RefCell::new(None) };
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

/// Starts the workers ahead of a file, as the wizard does on step 4.
#[wasm_bindgen(js_name = csvCheckPrewarm)]
pub async fn csv_check_prewarm() -> Result<(), JsValue> {
    bench_prewarm()
        .await
        .map_err(|error| JsValue::from_str(&error))
}

split_fn!(csv_check_bench;
    fn bench_prewarm() -> Result<(), String> {
        prewarm()
    }
);

/// Checks `file`, calling `on_update(kind, details)` for each update:
/// `preview` (columns, rows, phoneColumn, suggestedPhoneColumn, region), `progress` (bytes, rows, elapsedMs), `done`
/// (rows, valid, invalid, duplicates, errors, fileError, elapsedMs, report
/// as JSON) or `failed` (message).
#[wasm_bindgen(js_name = csvCheckBench)]
pub async fn csv_check_bench(
    file: File,
    region_from_number: Option<String>,
    phone_column: Option<String>,
    on_update: Function,
) -> Result<(), JsValue> {
    bench_start(file, region_from_number, phone_column, on_update)
        .await
        .map_err(|error| JsValue::from_str(&error))
}

split_fn!(csv_check_bench;
fn bench_start(
    file: File,
    region_from_number: Option<String>,
    phone_column: Option<String>,
    on_update: Function,
) -> Result<(), String> {
    let request = CheckRequest {
        file,
        region_from_number,
        phone_column,
    };
    let check = CsvCheck::start(request, move |update| {
        let (kind, details) = match update {
            CheckUpdate::Preview(preview) => (
                "preview",
                object(&[
                    (
                        "columns",
                        preview
                            .columns
                            .iter()
                            .map(|name| JsValue::from_str(name))
                            .collect::<js_sys::Array>()
                            .into(),
                    ),
                    ("rows", preview.rows.len().into()),
                    (
                        "phoneColumn",
                        preview.phone_column.map_or(JsValue::NULL, |i| i.into()),
                    ),
                    (
                        "suggestedPhoneColumn",
                        preview
                            .suggested_phone_column
                            .map_or(JsValue::NULL, |i| i.into()),
                    ),
                    (
                        "region",
                        preview
                            .region
                            .map(|(code, name)| JsValue::from_str(&format!("{name} ({code})")))
                            .unwrap_or(JsValue::NULL),
                    ),
                ]),
            ),
            CheckUpdate::Progress {
                bytes,
                rows,
                elapsed_ms,
                ..
            } => (
                "progress",
                object(&[
                    ("bytes", (bytes as f64).into()),
                    ("rows", rows.into()),
                    ("elapsedMs", elapsed_ms.into()),
                ]),
            ),
            CheckUpdate::Done { report, elapsed_ms } => (
                "done",
                object(&[
                    ("rows", report.rows.into()),
                    ("valid", report.valid.into()),
                    ("invalid", report.invalid.into()),
                    ("duplicates", report.duplicates.into()),
                    ("errors", report.errors.len().into()),
                    (
                        "fileError",
                        report
                            .file_error
                            .clone()
                            .map_or(JsValue::NULL, JsValue::from),
                    ),
                    ("elapsedMs", elapsed_ms.into()),
                    (
                        "report",
                        serde_json::to_string(&report).unwrap_or_default().into(),
                    ),
                ]),
            ),
            CheckUpdate::Failed(message) => ("failed", JsValue::from_str(&message)),
        };
        let _ = on_update.call2(&JsValue::NULL, &kind.into(), &details);
    })?;
    RUNNING.with(|running| *running.borrow_mut() = Some(check));
    Ok(())
}
);

/// The last check's rejected rows as a CSV `Blob` (after `done`).
#[wasm_bindgen(js_name = csvCheckBenchRejected)]
pub async fn csv_check_bench_rejected() -> Result<web_sys::Blob, JsValue> {
    bench_rejected()
        .await
        .await
        .map_err(|error| JsValue::from_str(&error))
}

/// The work of a split function must be synchronous: this one hands back
/// the future that reads the rejected rows.
type RejectedRows = Pin<Box<dyn Future<Output = Result<web_sys::Blob, String>>>>;

split_fn!(csv_check_bench;
fn bench_rejected() -> RejectedRows {
    Box::pin(async {
        let check = RUNNING.with(|running| running.borrow_mut().take());
        let Some(check) = check else {
            return Err("no check has run".to_owned());
        };
        let blob = check.rejected_rows_csv().await;
        RUNNING.with(|running| *running.borrow_mut() = Some(check));
        blob
    })
}
);

/// Terminates the last check's workers.
#[wasm_bindgen(js_name = csvCheckBenchCancel)]
pub fn csv_check_bench_cancel() {
    RUNNING.with(|running| running.borrow_mut().take());
}
