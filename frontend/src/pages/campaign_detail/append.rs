//! Append contacts: a CSV dropped on the detail page, checked in the
//! browser with the wizard's own check and preview (`components/
//! contact_file.rs`), then added to the campaign's list with
//! `POST /api/campaigns/{id}/contacts`. Numbers already in the campaign are
//! the server's duplicates and are not added twice. Any campaign but a
//! completed one takes new contacts.
//!
//! The section is folded: its code (the check's page side and the upload)
//! loads when the operator opens it (`page_chunks::append_contacts`), so
//! the dashboard does not download it first.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::contacts::Report;
use outdial_shared::lifecycle::ContactsStep;

use crate::browser;
use crate::components::contact_file::ContactFile;
use crate::components::field_message::FieldMessage;
use crate::components::lazy_view::LazyView;
use crate::csv_check::{self, CsvState};
use crate::{page_chunks, upload};

/// "Added 1,204 contacts. Not added: 3 invalid rows, 2 duplicates (already
/// in the campaign or earlier in the file)."
fn added_words(report: &Report) -> String {
    let count = |n: u32, one: &str, many: &str| {
        format!(
            "{} {}",
            browser::thousands(u64::from(n)),
            if n == 1 { one } else { many }
        )
    };
    let mut words = format!("Added {}.", count(report.valid, "contact", "contacts"));
    let mut left = Vec::new();
    if report.invalid > 0 {
        left.push(count(report.invalid, "invalid row", "invalid rows"));
    }
    if report.duplicates > 0 {
        left.push(format!(
            "{} (already in the campaign or earlier in the file)",
            count(report.duplicates, "duplicate", "duplicates")
        ));
    }
    if !left.is_empty() {
        words.push_str(&format!(" Not added: {}.", left.join(", ")));
    }
    words
}

/// The folded section; opening it loads and shows [`AppendSection`].
#[component]
pub fn AppendFold(
    campaign_id: i64,
    /// The E.164 text of the campaign's first outbound number.
    region: Signal<Option<String>>,
    /// False for a completed campaign.
    open: Signal<bool>,
    on_added: Callback<()>,
) -> impl IntoView {
    let opened = RwSignal::new(false);
    view! {
        <section class="card tool-card wide append" aria-labelledby="append-title">
            <details on:toggle=move |_| opened.set(true)>
                <summary>
                    <h2 id="append-title">"Append contacts"</h2>
                </summary>
                <Show when=move || opened.get()>
                    <LazyView load=move || {
                        page_chunks::append_contacts(campaign_id, region, open, on_added)
                    } />
                </Show>
            </details>
        </section>
    }
}

/// What the open section shows.
#[component]
pub fn AppendSection(
    campaign_id: i64,
    /// The E.164 text of the campaign's first outbound number.
    region: Signal<Option<String>>,
    /// False for a completed campaign.
    open: Signal<bool>,
    on_added: Callback<()>,
) -> impl IntoView {
    let csv = CsvState::new();
    // Percent of the file sent, while the upload runs.
    let sending = RwSignal::new(None::<u32>);
    let error = RwSignal::new(None::<String>);
    let added = RwSignal::new(None::<String>);
    // What keeps the file from being appended, once one is chosen.
    let problem = Signal::derive(move || {
        csv.file
            .with(Option::is_some)
            .then(|| csv.problem(ContactsStep::Required))
            .flatten()
    });
    let ready = move || csv.report.with(Option::is_some) && problem.get().is_none();
    let append = move |_| {
        let Some(file) = csv.file.get_untracked() else {
            return;
        };
        let phone_column = csv.phone_column.get_untracked();
        error.set(None);
        added.set(None);
        sending.set(Some(0));
        spawn_local(async move {
            let body = match csv_check::upload_body(&file, phone_column.as_deref()).await {
                Ok(body) => body,
                Err(message) => {
                    sending.set(None);
                    error.set(Some(message));
                    return;
                }
            };
            let progress = move |sent: f64, total: f64| {
                let percent = if total > 0.0 {
                    sent / total * 100.0
                } else {
                    0.0
                };
                sending.try_set(Some(percent.round() as u32));
            };
            match upload::append_contacts(campaign_id, &body, progress).await {
                Ok(report) => {
                    added.set(Some(added_words(&report)));
                    csv.cancel();
                    on_added.run(());
                }
                Err(e) => error.set(Some(e.message)),
            }
            sending.set(None);
        });
    };
    view! {
        <Show
            when=move || open.get()
            fallback=|| {
                view! {
                    <p class="note">
                        "A completed campaign takes no new contacts. Restart it, or clone it for a new list."
                    </p>
                }
            }
        >
            <p class="muted">
                "Add contacts from a CSV with a phone_number column: it is checked here first, then added to this campaign's list. Numbers already in the campaign are counted as duplicates and not added twice; excluded numbers stay excluded."
            </p>
            <ContactFile csv region />
            <FieldMessage
                id="contacts-message"
                error=Signal::derive(move || error.get().or_else(|| problem.get()))
            />
            <div class="row-actions">
                <button
                    type="button"
                    class="button primary"
                    disabled=move || !ready() || sending.with(Option::is_some)
                    on:click=append
                >
                    {move || match sending.get() {
                        Some(percent) => format!("Uploading… {percent}%"),
                        None => "Append contacts".to_owned(),
                    }}
                </button>
            </div>
            <p class="form-ok" role="status">{move || added.get().unwrap_or_default()}</p>
        </Show>
    }
}
