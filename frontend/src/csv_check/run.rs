//! The workers of one check and the messages between them (see the module
//! above and `outdial_shared::contacts::worker_messages`).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::{Array, Function, Promise};
use outdial_shared::contacts::split::{plan_ranges, share_starts, PartFix, PartSummary, QuoteScan};
use outdial_shared::contacts::worker_messages::{FromWorker, ToWorker};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Event, File, MessageEvent, Worker};

use super::{js_message, CheckRequest, CheckUpdate, Preview, MAX_WORKERS, SPLIT_MIN_BYTES};

/// The worker script Trunk writes (`data-type="worker"`, `data-loader-shim`).
const WORKER_URL: &str = "/csv-worker_loader.js";
/// At most one progress update per this many milliseconds.
const PROGRESS_MS: f64 = 50.0;
/// Without news from the workers for this long, the last progress is
/// repeated (with the time elapsed), checked every [`TICK_MS`].
const HEARTBEAT_MS: f64 = 40.0;
const TICK_MS: i32 = 45;

type Handlers = (Closure<dyn Fn(MessageEvent)>, Closure<dyn Fn(Event)>);

struct Slot {
    worker: Worker,
    ready: bool,
    /// Messages waiting for the worker's `Ready`.
    queue: Vec<(Array, Array)>,
    /// Bytes and rows of this worker's part so far.
    progress: (u64, u32),
    scan: Option<QuoteScan>,
    part: Option<(PartSummary, [JsValue; 4])>,
    rejected: Option<JsValue>,
    alive: bool,
    _handlers: Option<Handlers>,
}

struct Run {
    slots: Vec<Slot>,
    file: File,
    size: u64,
    shares: Vec<u64>,
    /// Worker 0 reads alone (no split, or the merge asked for it).
    alone: bool,
    /// Workers taking part in the check (a prefix of `slots`).
    active: usize,
    prefix: Option<JsValue>,
    header_end: u64,
    fixes: Option<Vec<PartFix>>,
    started: f64,
    last_progress: f64,
    finished: bool,
    waiting_rejected: Option<(Function, Function)>,
    /// Repeats the last progress while no worker has news (the scan, the
    /// merge), so the page hears at least ten times a second.
    ticker: Option<(i32, Closure<dyn Fn()>)>,
}

struct Inner {
    run: RefCell<Run>,
    on_update: Box<dyn Fn(CheckUpdate)>,
}

/// A running (or finished) check; see the module docs. Dropping it
/// terminates its workers, which is also how a check is cancelled.
pub struct CsvCheck {
    inner: Rc<Inner>,
}

impl std::fmt::Debug for CsvCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let run = self.inner.run.borrow();
        f.debug_struct("CsvCheck")
            .field("file", &run.file.name())
            .field("workers", &run.active)
            .field("finished", &run.finished)
            .finish()
    }
}

/// A worker started ahead of a check, and whether it has said `Ready`.
struct Warm {
    worker: Worker,
    ready: Rc<std::cell::Cell<bool>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
}

thread_local! {
    static WARM: RefCell<Vec<Warm>> = const { RefCell::new(Vec::new()) };
}

fn take_warm() -> Option<(Worker, bool)> {
    let warm = WARM.with(|warm| warm.borrow_mut().pop())?;
    warm.worker.set_onmessage(None);
    Some((warm.worker, warm.ready.get()))
}

/// The number of workers a check of a large file uses here.
pub fn worker_count() -> usize {
    let cores = web_sys::window()
        .map(|window| window.navigator().hardware_concurrency())
        .unwrap_or(1.0) as usize;
    cores.clamp(2, MAX_WORKERS)
}

/// Starts the workers a check will use (loading and compiling their wasm)
/// before there is a file, so that the preview of a dropped file comes at
/// once: call it when the page that checks files is shown. Idempotent; the
/// next [`CsvCheck::start`] takes them. Workers of an abandoned page are
/// terminated by [`drop_warm_workers`].
pub fn prewarm() -> Result<(), String> {
    let have = WARM.with(|warm| warm.borrow().len());
    for _ in have..worker_count() {
        let worker = Worker::new(WORKER_URL).map_err(js_message)?;
        let ready = Rc::new(std::cell::Cell::new(false));
        let flag = ready.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |_: MessageEvent| {
            // The only message an idle worker sends is `Ready`.
            flag.set(true);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        WARM.with(|warm| {
            warm.borrow_mut().push(Warm {
                worker,
                ready,
                _on_message: on_message,
            })
        });
    }
    Ok(())
}

/// Terminates the workers [`prewarm`] started and no check took.
pub fn drop_warm_workers() {
    for warm in WARM.with(|warm| std::mem::take(&mut *warm.borrow_mut())) {
        warm.worker.terminate();
        warm.worker.set_onmessage(None);
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

fn message(message: &ToWorker, extras: &[JsValue]) -> Array {
    let data = Array::new();
    data.push(&JsValue::from_str(
        &serde_json::to_string(message).unwrap_or_default(),
    ));
    for extra in extras {
        data.push(extra);
    }
    data
}

impl Slot {
    fn send(&mut self, data: Array, transfer: Array) {
        if !self.alive {
            return;
        }
        if self.ready {
            let _ = self.worker.post_message_with_transfer(&data, &transfer);
        } else {
            self.queue.push((data, transfer));
        }
    }

    fn stop(&mut self) {
        if self.alive {
            self.alive = false;
            self.worker.terminate();
            self.worker.set_onmessage(None);
            self.worker.set_onerror(None);
            self.queue.clear();
        }
    }
}

impl CsvCheck {
    /// Starts checking `request.file`; `on_update` gets every update, on the
    /// UI thread. Fails only when a worker cannot be created.
    pub fn start(
        request: CheckRequest,
        on_update: impl Fn(CheckUpdate) + 'static,
    ) -> Result<CsvCheck, String> {
        let size = request.file.size() as u64;
        let workers = if (size as f64) < SPLIT_MIN_BYTES {
            1
        } else {
            worker_count()
        };
        let shares = share_starts(size, workers);
        let mut slots = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (worker, ready) = match take_warm() {
                Some(warm) => warm,
                None => (Worker::new(WORKER_URL).map_err(js_message)?, false),
            };
            slots.push(Slot {
                worker,
                ready,
                queue: Vec::new(),
                progress: (0, 0),
                scan: None,
                part: None,
                rejected: None,
                alive: true,
                _handlers: None,
            });
        }
        let inner = Rc::new(Inner {
            run: RefCell::new(Run {
                slots,
                file: request.file.clone(),
                size,
                shares: shares.clone(),
                alone: workers == 1,
                active: workers,
                prefix: None,
                header_end: 0,
                fixes: None,
                started: now(),
                last_progress: 0.0,
                finished: false,
                waiting_rejected: None,
                ticker: None,
            }),
            on_update: Box::new(on_update),
        });
        {
            let mut run = inner.run.borrow_mut();
            for (index, slot) in run.slots.iter_mut().enumerate() {
                let weak = Rc::downgrade(&inner);
                let on_message =
                    Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                        received(&weak, index, event.data());
                    });
                let weak = Rc::downgrade(&inner);
                let on_error = Closure::<dyn Fn(Event)>::new(move |event: Event| {
                    event.prevent_default();
                    // An `ErrorEvent` when the worker threw; a plain `Event`
                    // when its script could not be loaded.
                    let detail = js_sys::Reflect::get(&event, &"message".into())
                        .ok()
                        .and_then(|message| message.as_string())
                        .unwrap_or_else(|| "the worker could not be loaded".to_owned());
                    fail(&weak, format!("The contact check stopped: {detail}"));
                });
                slot.worker
                    .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                slot.worker
                    .set_onerror(Some(on_error.as_ref().unchecked_ref()));
                slot._handlers = Some((on_message, on_error));
                let start = ToWorker::Start {
                    index,
                    shares: shares.clone(),
                    region_from_number: request.region_from_number.clone(),
                    phone_column: request.phone_column.clone(),
                };
                slot.send(
                    message(&start, &[request.file.clone().into()]),
                    Array::new(),
                );
            }
            let weak = Rc::downgrade(&inner);
            let tick = Closure::<dyn Fn()>::new(move || {
                let Some(inner) = weak.upgrade() else { return };
                let update = {
                    let mut run = inner.run.borrow_mut();
                    if run.finished || now() - run.last_progress < HEARTBEAT_MS {
                        None
                    } else {
                        run.progress(true)
                    }
                };
                if let Some(update) = update {
                    (inner.on_update)(update);
                }
            });
            let id = web_sys::window().and_then(|window| {
                window
                    .set_interval_with_callback_and_timeout_and_arguments_0(
                        tick.as_ref().unchecked_ref(),
                        TICK_MS,
                    )
                    .ok()
            });
            run.ticker = id.map(|id| (id, tick));
        }
        Ok(CsvCheck { inner })
    }

    /// Stops the check: terminates its workers (the same as dropping it).
    pub fn cancel(self) {
        drop(self);
    }

    /// The rejected rows as CSV — the header, every row that will not be
    /// imported with its fields as written, and a `reason` column — once the
    /// check is done. Fields are quoted per RFC 4180; formula-like values
    /// (leading `=`, `+`, `-`, `@`) are left as written, because the file is
    /// meant to be fixed and uploaded again.
    pub async fn rejected_rows_csv(&self) -> Result<Blob, String> {
        let promise = {
            let mut run = self.inner.run.borrow_mut();
            let Some(fixes) = run.fixes.clone() else {
                return Err("The check has not finished yet.".to_owned());
            };
            if run.waiting_rejected.is_some() {
                return Err("The rejected rows are already being prepared.".to_owned());
            }
            let mut callbacks = None;
            let promise = Promise::new(&mut |resolve, reject| callbacks = Some((resolve, reject)));
            run.waiting_rejected = callbacks;
            let active = run.active;
            for (index, slot) in run.slots.iter_mut().take(active).enumerate() {
                slot.rejected = None;
                let fix = fixes.get(index).cloned().unwrap_or_default();
                slot.send(message(&ToWorker::Rejected { fix }, &[]), Array::new());
            }
            promise
        };
        let blob = JsFuture::from(promise).await.map_err(js_message)?;
        Ok(blob.unchecked_into())
    }
}

impl Run {
    fn stop_ticker(&mut self) {
        if let Some((id, _)) = self.ticker.take() {
            if let Some(window) = web_sys::window() {
                window.clear_interval_with_handle(id);
            }
        }
    }
}

impl Drop for CsvCheck {
    fn drop(&mut self) {
        let mut run = self.inner.run.borrow_mut();
        run.stop_ticker();
        for slot in &mut run.slots {
            slot.stop();
        }
        if let Some((_, reject)) = run.waiting_rejected.take() {
            let _ = reject.call1(&JsValue::NULL, &"The check was cancelled.".into());
        }
    }
}

fn fail(weak: &Weak<Inner>, reason: String) {
    let Some(inner) = weak.upgrade() else { return };
    {
        let mut run = inner.run.borrow_mut();
        if run.finished && run.waiting_rejected.is_none() {
            return;
        }
        run.finished = true;
        run.stop_ticker();
        for slot in &mut run.slots {
            slot.stop();
        }
        if let Some((_, reject)) = run.waiting_rejected.take() {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&reason));
        }
    }
    (inner.on_update)(CheckUpdate::Failed(reason));
}

fn received(weak: &Weak<Inner>, index: usize, data: JsValue) {
    let Some(inner) = weak.upgrade() else { return };
    let data: Array = data.unchecked_into();
    let parsed = data
        .get(0)
        .as_string()
        .and_then(|json| serde_json::from_str::<FromWorker>(&json).ok());
    let Some(parsed) = parsed else {
        return fail(
            weak,
            "The contact check sent a message it should not.".to_owned(),
        );
    };
    // A worker already terminated (the file went to worker 0 alone) may
    // still have messages on their way.
    if !inner.run.borrow().slots[index].alive {
        return;
    }
    if let FromWorker::Failed(reason) = parsed {
        return fail(weak, reason);
    }
    let updates = inner.run.borrow_mut().handle(index, parsed, &data);
    for update in updates {
        (inner.on_update)(update);
    }
}

impl Run {
    fn elapsed(&self) -> f64 {
        now() - self.started
    }

    fn progress(&mut self, force: bool) -> Option<CheckUpdate> {
        let now = now();
        if !force && now - self.last_progress < PROGRESS_MS {
            return None;
        }
        self.last_progress = now;
        let (bytes, rows) = self
            .slots
            .iter()
            .take(self.active)
            .fold((0, 0), |(bytes, rows), slot| {
                (bytes + slot.progress.0, rows + slot.progress.1)
            });
        Some(CheckUpdate::Progress {
            bytes: bytes.min(self.size),
            total_bytes: self.size,
            rows,
            elapsed_ms: now - self.started,
        })
    }

    /// Keeps only worker 0 (it reads the whole file alone).
    fn go_alone(&mut self) {
        self.alone = true;
        self.active = 1;
        for slot in self.slots.iter_mut().skip(1) {
            slot.stop();
        }
        self.slots[0].progress = (0, 0);
    }

    fn handle(&mut self, index: usize, message: FromWorker, data: &Array) -> Vec<CheckUpdate> {
        let mut updates = Vec::new();
        match message {
            FromWorker::Ready => {
                let slot = &mut self.slots[index];
                slot.ready = true;
                for (data, transfer) in std::mem::take(&mut slot.queue) {
                    let _ = slot.worker.post_message_with_transfer(&data, &transfer);
                }
            }
            FromWorker::Preview {
                columns,
                phone_column,
                suggested_phone_column,
                rows,
                region,
                split,
            } => {
                if !split && !self.alone {
                    self.go_alone();
                }
                updates.push(CheckUpdate::Preview(Preview {
                    columns,
                    phone_column,
                    suggested_phone_column,
                    rows,
                    region,
                }));
            }
            FromWorker::Scanned { scan, header_end } => {
                self.slots[index].scan = Some(scan);
                if let Some(end) = header_end {
                    self.header_end = end;
                    self.prefix = Some(data.get(1));
                }
                self.plan();
            }
            FromWorker::Progress { bytes, rows } => {
                self.slots[index].progress = (bytes, rows);
                updates.extend(self.progress(false));
            }
            FromWorker::PartDone { summary } => {
                let arrays = [data.get(1), data.get(2), data.get(3), data.get(4)];
                self.slots[index].part = Some((summary, arrays));
                self.send_merge();
            }
            FromWorker::Restarted => self.go_alone(),
            FromWorker::Done { report, fixes } => {
                self.finished = true;
                self.stop_ticker();
                self.fixes = Some(fixes);
                let size = self.size;
                for slot in self.slots.iter_mut().take(self.active) {
                    slot.progress.0 = size;
                }
                self.slots[0].progress.1 = report.rows;
                for slot in self.slots.iter_mut().take(self.active).skip(1) {
                    slot.progress.1 = 0;
                }
                updates.extend(self.progress(true));
                updates.push(CheckUpdate::Done {
                    report,
                    elapsed_ms: self.elapsed(),
                });
            }
            FromWorker::Rejected => {
                self.slots[index].rejected = Some(data.get(1));
                self.send_rejected();
            }
            FromWorker::Failed(_) => {}
        }
        updates
    }

    /// Once every share is scanned: cut the file into parts and start them.
    fn plan(&mut self) {
        if self.alone || self.slots.iter().any(|slot| slot.scan.is_none()) {
            return;
        }
        let scans: Vec<QuoteScan> = self.slots.iter().filter_map(|slot| slot.scan).collect();
        let ranges = plan_ranges(self.size, self.header_end, &self.shares, &scans);
        self.active = ranges.len();
        for slot in self.slots.iter_mut().skip(ranges.len()) {
            slot.stop();
        }
        let prefix = self.prefix.clone().unwrap_or(JsValue::UNDEFINED);
        for (index, &(from, to)) in ranges.iter().enumerate() {
            let check = ToWorker::Check { from, to };
            let extras = if index == 0 {
                Vec::new()
            } else {
                vec![prefix.clone()]
            };
            self.slots[index].send(message(&check, &extras), Array::new());
        }
        if ranges.len() == 1 {
            self.send_merge();
        }
    }

    /// Once every part after the first is read: hand them to worker 0.
    fn send_merge(&mut self) {
        let parts = &self.slots[1..self.active];
        if parts.iter().any(|slot| slot.part.is_none()) {
            return;
        }
        let mut summaries = Vec::new();
        let mut extras = Vec::new();
        let transfer = Array::new();
        for slot in &mut self.slots[1..self.active] {
            let (summary, arrays) = slot.part.take().expect("checked");
            summaries.push(summary);
            for array in arrays {
                if let Ok(buffer) = js_sys::Reflect::get(&array, &"buffer".into()) {
                    transfer.push(&buffer);
                }
                extras.push(array);
            }
        }
        let merge = message(&ToWorker::Merge { parts: summaries }, &extras);
        self.slots[0].send(merge, transfer);
    }

    /// Once every part's rejected rows are in: one CSV blob, in file order.
    fn send_rejected(&mut self) {
        let active = &self.slots[..self.active];
        if active.iter().any(|slot| slot.rejected.is_none()) {
            return;
        }
        let parts: Array = active
            .iter()
            .filter_map(|slot| slot.rejected.clone())
            .collect();
        let Some((resolve, reject)) = self.waiting_rejected.take() else {
            return;
        };
        let options = BlobPropertyBag::new();
        options.set_type("text/csv;charset=utf-8");
        match Blob::new_with_blob_sequence_and_options(&parts, &options) {
            Ok(blob) => {
                let _ = resolve.call1(&JsValue::NULL, &blob);
            }
            Err(error) => {
                let _ = reject.call1(&JsValue::NULL, &error);
            }
        }
    }
}
