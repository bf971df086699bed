//! A contact file's state on a page: the dropped file, its check running in
//! the Web Workers (see [`crate::csv_check`]), the preview and the report.
//! The wizard keeps one in its state (so Back and Next keep the file and its
//! check); the detail page's Append has its own.

use leptos::prelude::*;
use outdial_shared::contacts::{FileError, Report, MAX_FILE_BYTES};
use outdial_shared::lifecycle::ContactsStep;
use web_sys::File;

use super::{CheckRequest, CheckUpdate, CsvCheck, Preview};

/// How far the check has got.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Progress {
    /// Bytes read.
    pub bytes: u64,
    /// The file's size.
    pub total_bytes: u64,
    /// Contact rows read.
    pub rows: u32,
    /// Milliseconds since the check began.
    pub elapsed_ms: f64,
}

impl Progress {
    /// Share done, 0 to 1.
    pub fn fraction(&self) -> f64 {
        if self.total_bytes == 0 {
            0.0
        } else {
            self.bytes as f64 / self.total_bytes as f64
        }
    }

    /// Megabytes read per second.
    pub fn mb_per_second(&self) -> f64 {
        if self.elapsed_ms <= 0.0 {
            0.0
        } else {
            self.bytes as f64 / 1_048_576.0 / (self.elapsed_ms / 1000.0)
        }
    }
}

/// The file and what its check has said so far.
#[derive(Debug, Clone, Copy)]
pub struct CsvState {
    /// The file dropped or browsed (a browser object: local to this thread).
    pub file: RwSignal<Option<File>, LocalStorage>,
    /// The running (or finished) check; dropping it stops the workers.
    check: StoredValue<Option<CsvCheck>, LocalStorage>,
    /// Progress of the running check.
    pub progress: RwSignal<Option<Progress>>,
    /// The header and first rows.
    pub preview: RwSignal<Option<Preview>>,
    /// The final report.
    pub report: RwSignal<Option<Report>>,
    /// Milliseconds the whole check took.
    pub took_ms: RwSignal<Option<f64>>,
    /// Why the file cannot be checked or uploaded (too large, the workers
    /// failed), when that is known without a report.
    pub refusal: RwSignal<Option<String>>,
    /// The column chosen to hold the phone numbers when the file has no
    /// `phone_number` column.
    pub phone_column: RwSignal<Option<String>>,
    /// The outbound number whose country the check read national numbers in.
    pub checked_with: RwSignal<Option<String>>,
}

impl Default for CsvState {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvState {
    /// No file yet.
    pub fn new() -> CsvState {
        CsvState {
            file: RwSignal::new_local(None),
            check: StoredValue::new_local(None),
            progress: RwSignal::new(None),
            preview: RwSignal::new(None),
            report: RwSignal::new(None),
            took_ms: RwSignal::new(None),
            refusal: RwSignal::new(None),
            phone_column: RwSignal::new(None),
            checked_with: RwSignal::new(None),
        }
    }

    /// Takes a new file: a file over the size limit is refused at once,
    /// anything else is checked.
    pub fn choose(&self, file: File, region_number: Option<String>) {
        self.phone_column.set(None);
        self.file.set(Some(file.clone()));
        let size = file.size() as u64;
        if size > MAX_FILE_BYTES {
            self.stop();
            self.clear_results();
            self.refusal.set(Some(
                FileError::TooLarge {
                    size: Some(size),
                    limit: MAX_FILE_BYTES,
                }
                .to_string(),
            ));
            return;
        }
        self.run(region_number);
    }

    /// Checks the chosen file again (another phone column, another country).
    pub fn run(&self, region_number: Option<String>) {
        let Some(file) = self.file.get_untracked() else {
            return;
        };
        self.stop();
        self.clear_results();
        self.checked_with.set(region_number.clone());
        let request = CheckRequest {
            file,
            region_from_number: region_number,
            phone_column: self.phone_column.get_untracked(),
        };
        let state = *self;
        let started = CsvCheck::start(request, move |update| state.apply(update));
        match started {
            Ok(check) => {
                self.progress.set(Some(Progress::default()));
                self.check.set_value(Some(check));
            }
            Err(message) => self.refusal.set(Some(message)),
        }
    }

    fn apply(&self, update: CheckUpdate) {
        match update {
            CheckUpdate::Progress {
                bytes,
                total_bytes,
                rows,
                elapsed_ms,
            } => self.progress.set(Some(Progress {
                bytes,
                total_bytes,
                rows,
                elapsed_ms,
            })),
            CheckUpdate::Preview(preview) => self.preview.set(Some(preview)),
            CheckUpdate::Done { report, elapsed_ms } => {
                self.progress.set(None);
                self.took_ms.set(Some(elapsed_ms));
                self.report.set(Some(report));
            }
            CheckUpdate::Failed(message) => {
                self.progress.set(None);
                self.refusal.set(Some(message));
            }
        }
    }

    /// Cancel: stops the check and forgets the file.
    pub fn cancel(&self) {
        self.stop();
        self.clear_results();
        self.file.set(None);
        self.phone_column.set(None);
    }

    fn stop(&self) {
        if let Some(check) = self.check.try_update_value(Option::take).flatten() {
            check.cancel();
        }
    }

    fn clear_results(&self) {
        self.progress.set(None);
        self.preview.set(None);
        self.report.set(None);
        self.took_ms.set(None);
        self.refusal.set(None);
        self.checked_with.set(None);
    }

    /// Whether a check is running.
    pub fn checking(&self) -> bool {
        self.progress.with(Option::is_some)
    }

    /// Whether the file has no phone_number column and none was chosen.
    pub fn needs_phone_column(&self) -> bool {
        self.preview
            .with(|p| p.as_ref().is_some_and(|p| p.phone_column.is_none()))
            && self.phone_column.with(Option::is_none)
    }

    /// The rejected-rows CSV of the finished check.
    pub async fn rejected_rows(&self) -> Result<web_sys::Blob, String> {
        let check = self.check.try_update_value(Option::take).flatten();
        let Some(check) = check else {
            return Err("Check the file first.".into());
        };
        let blob = check.rejected_rows_csv().await;
        self.check.set_value(Some(check));
        blob
    }

    /// What keeps Step 4 from being passed, if anything.
    pub fn problem(&self, step: ContactsStep) -> Option<String> {
        if step == ContactsStep::Locked {
            return None;
        }
        if let Some(refusal) = self.refusal.get() {
            return Some(refusal);
        }
        if self.file.with(Option::is_none) {
            return (step == ContactsStep::Required)
                .then(|| "Drop a contact CSV here or Browse for one.".to_owned());
        }
        if self.needs_phone_column() {
            return Some("Choose the column that holds the phone numbers.".to_owned());
        }
        if self.checking() {
            return Some("Wait for the check to finish.".to_owned());
        }
        let report = self.report.get()?;
        if let Some(error) = report.file_error {
            return Some(error);
        }
        (report.valid == 0).then(|| "The file has no valid contacts to dial.".to_owned())
    }
}
