//! The contact-check Web Worker: reads a dropped `File` in slices with
//! `FileReaderSync` (never the whole file as one string), pushes them into
//! the shared reader, and posts a preview, progress and the report to the
//! UI thread (`frontend/src/csv_check`). Several of these read one file in
//! parts (`outdial_shared::contacts::split`); worker 0 also merges.
//!
//! Messages: `outdial_shared::contacts::worker_messages`.

mod check;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use outdial_shared::contacts::worker_messages::FromWorker;
use outdial_shared::contacts::{normalise, DefaultRegion};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        check::on_message(event.data());
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    check::post(&FromWorker::Ready, &[], &[]);
    // Load the phone metadata and its patterns now, while the worker waits
    // for a file (workers are started ahead by `csv_check::prewarm`), not
    // between the file and its preview.
    let region = DefaultRegion::parse("IN").ok();
    let _ = normalise("98765 43210", region);
    let _ = normalise("+1 415 555 2671", region);
}
