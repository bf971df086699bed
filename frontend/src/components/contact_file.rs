//! A contact CSV on a page: dropped or browsed, checked in the browser's Web
//! Workers with progress and Cancel, previewed (columns, first rows), then
//! summarised with its row errors and a download of the rejected rows. The
//! wizard's Upload CSV step and the detail page's Append use it, each with
//! its own [`CsvState`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::config::labels;
use outdial_shared::contacts::{Report, MAX_FILE_BYTES, MAX_ROWS, PHONE_COLUMN};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, File, HtmlInputElement};

use crate::browser;
use crate::csv_check::CsvState;

/// Row errors listed on the page; the rest are counted.
const ERRORS_SHOWN: usize = 100;

/// The drop zone and, once a file is chosen, its check: progress with
/// Cancel, the country national numbers are read in, the phone column picker
/// when the header has no `phone_number`, the preview, and the summary with
/// its row errors and the rejected rows' download. `region` is the E.164
/// text of the campaign's first outbound number; `on_choose` hears each
/// new file.
#[component]
pub fn ContactFile(
    csv: CsvState,
    #[prop(into)] region: Signal<Option<String>>,
    #[prop(optional)] on_choose: Option<Callback<()>>,
) -> impl IntoView {
    let choose = move |file: File| {
        if let Some(on_choose) = on_choose {
            on_choose.run(());
        }
        csv.choose(file, region.get_untracked());
    };
    view! {
        <Dropzone choose />
        <CheckView csv region />
    }
}

#[component]
fn Dropzone(choose: impl Fn(File) + Copy + Send + Sync + 'static) -> impl IntoView {
    let over = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        let file = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            choose(file);
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(target) = ev.target() else { return };
        let input: HtmlInputElement = target.unchecked_into();
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            choose(file);
        }
        // The same file may be picked again after a Cancel.
        input.set_value("");
    };
    view! {
        <div
            class="dropzone"
            class:over=move || over.get()
            aria-describedby="contacts-message"
            on:dragover=move |ev: DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <p class="dropzone-title">{labels::CONTACTS}</p>
            <p>"Drag a CSV file here, or"</p>
            <label for="csv-file" class="button">
                "Browse"
            </label>
            <input
                id="csv-file"
                node_ref=input
                class="visually-hidden"
                type="file"
                accept=".csv,text/csv,text/plain"
                on:change=on_pick
            />
            <p class="hint">
                {format!(
                    "Up to {} MB or {} rows.",
                    MAX_FILE_BYTES / 1_048_576,
                    browser::thousands(u64::from(MAX_ROWS)),
                )}
            </p>
        </div>
    }
}

#[component]
fn CheckView(csv: CsvState, region: Signal<Option<String>>) -> impl IntoView {
    view! {
        {move || {
            csv.file
                .get()
                .map(|file| {
                    view! {
                        <div class="csv-file">
                            <strong>{file.name()}</strong>
                            {format!(" · {}", browser::size(file.size() as u64))}
                            <button type="button" class="link-button" on:click=move |_| csv.cancel()>
                                {move || if csv.checking() { "Cancel" } else { "Remove" }}
                            </button>
                        </div>
                    }
                })
        }}
        {move || csv.progress.get().map(|p| {
            let percent = (p.fraction() * 100.0).round();
            view! {
                <div class="csv-progress">
                    <progress max="100" value=percent aria-label="Checking the file"></progress>
                    <span>
                        {format!(
                            "Checking… {} of {} · {} rows · {:.0} MB/s",
                            browser::size(p.bytes),
                            browser::size(p.total_bytes),
                            browser::thousands(u64::from(p.rows)),
                            p.mb_per_second(),
                        )}
                    </span>
                </div>
            }
        })}
        {move || csv.preview.get().and_then(|p| p.region.clone()).map(|(code, name)| {
            let from = csv.checked_with.get().unwrap_or_default();
            view! {
                <p class="note">
                    {format!("Numbers without a country code are read as {name} ({code}), the country of the first outbound number {from}.")}
                </p>
            }
        })}
        <PhoneColumnPicker csv region />
        <PreviewTable csv />
        {move || csv.report.get().map(|report| view! { <Summary csv report /> })}
    }
}

/// Shown when the file has no phone_number column: choose the column that
/// holds the numbers; it is sent as phone_number.
#[component]
fn PhoneColumnPicker(csv: CsvState, region: Signal<Option<String>>) -> impl IntoView {
    let missing = move || {
        csv.preview
            .with(|p| p.as_ref().is_some_and(|p| p.phone_column.is_none()))
            || csv.phone_column.with(Option::is_some)
    };
    view! {
        <Show when=missing>
            {move || {
                let preview = csv.preview.get();
                let columns = preview.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
                let suggested = preview
                    .as_ref()
                    .and_then(|p| p.suggested_phone_column)
                    .and_then(|i| columns.get(i).cloned());
                let chosen = csv.phone_column.get();
                view! {
                    <div class="field phone-column">
                        <p class="notice">
                            {format!(
                                "The file has no {PHONE_COLUMN} column. Choose the column that holds the phone numbers; it is uploaded as {PHONE_COLUMN}."
                            )}
                        </p>
                        <label for="phone-column">"Phone number column"</label>
                        <select
                            id="phone-column"
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                csv.phone_column.set((!value.is_empty()).then_some(value));
                                csv.run(region.get_untracked());
                            }
                        >
                            <option value="" selected=chosen.is_none()>
                                "Choose a column"
                            </option>
                            {columns
                                .into_iter()
                                .map(|name| {
                                    let suggestion = if suggested.as_deref() == Some(name.as_str()) {
                                        " (suggested)"
                                    } else {
                                        ""
                                    };
                                    let selected = chosen.as_deref() == Some(name.as_str());
                                    view! {
                                        <option value=name.clone() selected=selected>
                                            {format!("{name}{suggestion}")}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                }
            }}
        </Show>
    }
}

#[component]
fn PreviewTable(csv: CsvState) -> impl IntoView {
    move || {
        csv.preview.get().filter(|p| !p.columns.is_empty()).map(|preview| {
            let phone = preview.phone_column;
            view! {
                <h3>"Preview"</h3>
                <div class="table-scroll">
                    <table class="data-table preview-table">
                        <thead>
                            <tr>
                                {preview
                                    .columns
                                    .iter()
                                    .enumerate()
                                    .map(|(i, name)| {
                                        let kind = if Some(i) == phone { PHONE_COLUMN } else { "per-call variable" };
                                        view! {
                                            <th class:phone-column=Some(i) == phone>
                                                {name.clone()}
                                                <span class="column-kind">{kind}</span>
                                            </th>
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {preview
                                .rows
                                .iter()
                                .map(|row| {
                                    view! {
                                        <tr>
                                            {row.iter().map(|v| view! { <td>{v.clone()}</td> }).collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    }
}

#[component]
fn Summary(csv: CsvState, report: Report) -> impl IntoView {
    let took = csv.took_ms.get_untracked();
    let bad = report.invalid + report.duplicates;
    let more =
        report.errors.len().saturating_sub(ERRORS_SHOWN) as u64 + u64::from(report.errors_omitted);
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        spawn_local(async move {
            match csv.rejected_rows().await {
                Ok(blob) => browser::download(&blob, "rejected-rows.csv"),
                Err(message) => download_error.set(Some(message)),
            }
        });
    };
    view! {
        <h3>"Summary"</h3>
        <dl class="csv-summary">
            <div><dt>"Rows"</dt><dd>{browser::thousands(u64::from(report.rows))}</dd></div>
            <div><dt>"Valid"</dt><dd>{browser::thousands(u64::from(report.valid))}</dd></div>
            <div><dt>"Invalid"</dt><dd>{browser::thousands(u64::from(report.invalid))}</dd></div>
            <div><dt>"Duplicates"</dt><dd>{browser::thousands(u64::from(report.duplicates))}</dd></div>
        </dl>
        {took.map(|ms| view! { <p class="hint">{format!("Checked in {:.1} s.", ms / 1000.0)}</p> })}
        {report.file_error.clone().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        {(bad > 0).then(|| view! {
            <p>
                {format!(
                    "{} row{} will not be dialled.",
                    browser::thousands(u64::from(bad)),
                    if bad == 1 { "" } else { "s" },
                )}
                " "
                <button type="button" class="button" on:click=download>
                    "Download rejected rows"
                </button>
            </p>
            {move || download_error.get().map(|e| view! { <p class="form-error">{e}</p> })}
            <table class="data-table row-errors">
                <thead>
                    <tr>
                        <th class="numeric">"Row"</th>
                        <th>"Column"</th>
                        <th>"Value"</th>
                        <th>"Reason"</th>
                    </tr>
                </thead>
                <tbody>
                    {report
                        .errors
                        .iter()
                        .take(ERRORS_SHOWN)
                        .map(|e| view! {
                            <tr>
                                <td class="numeric">{browser::thousands(u64::from(e.row))}</td>
                                <td>{e.column.clone().unwrap_or_else(|| "(whole row)".into())}</td>
                                <td>{e.value.clone()}</td>
                                <td>{e.reason.clone()}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
            {(more > 0).then(|| view! {
                <p class="hint">
                    {format!(
                        "…and {} more; the download has them all.",
                        browser::thousands(more)
                    )}
                </p>
            })}
        })}
    }
}
