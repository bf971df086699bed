//! Step 4 — Upload CSV: drop a file or Browse; it is checked in Web Workers
//! with a progress bar and Cancel, previewed, then summarised with its row
//! errors (`components/contact_file.rs`); the file is uploaded when the
//! campaign is saved.

use leptos::prelude::*;
use outdial_shared::config::Field;
use outdial_shared::lifecycle::{ContactsStep, CSV_LOCKED_NOTICE, CSV_REPLACES_NOTICE};

use super::state::use_wizard;
use crate::components::contact_file::ContactFile;
use crate::components::field_message::FieldMessage;

#[component]
pub fn UploadCsvStep() -> impl IntoView {
    let w = use_wizard();
    let step = move || w.contacts_step();
    // Start the checking workers now, before a file is dropped, so its
    // preview comes at once (they take ~0.3 s to load and compile). A
    // failure here shows when a check starts.
    if step() != ContactsStep::Locked {
        let _ = crate::csv_check::prewarm();
    }
    // A change of the first outbound number changes the country national
    // numbers are read in: check the file again (only then: the memo
    // changes with the number, not with every keystroke).
    let region = Memo::new(move |_| w.region_number());
    Effect::new(move |_| {
        let number = region.get();
        let csv = w.csv;
        let idle = csv.progress.with_untracked(Option::is_none)
            && csv.refusal.with_untracked(Option::is_none);
        let stale = csv.checked_with.get_untracked() != number;
        if csv.file.with_untracked(Option::is_some) && idle && stale {
            csv.run(number);
        }
    });
    view! {
        <section class="wizard-step" aria-labelledby="step-title">
            <h2 id="step-title">"Upload CSV"</h2>
            <p class="step-intro">
                "Upload the contact list: a CSV with a phone_number column. Any other columns become per-call variables the bot can use. Maximum 100 MB or 500,000 rows."
            </p>
            {move || match step() {
                ContactsStep::Locked => {
                    view! { <p class="notice" role="note">{CSV_LOCKED_NOTICE}</p> }.into_any()
                }
                requirement => {
                    view! {
                        {(w.existing.with(Option::is_some))
                            .then(|| view! { <p class="notice" role="note">{CSV_REPLACES_NOTICE}</p> })}
                        {(requirement == ContactsStep::Optional && w.existing.with(Option::is_none))
                            .then(|| {
                                view! {
                                    <p class="note">
                                        "Always-on: the CSV is optional, because contacts can be added over time."
                                    </p>
                                }
                            })}
                        <ContactFile
                            csv=w.csv
                            region=Signal::derive(move || w.region_number())
                            on_choose=Callback::new(move |()| {
                                // A new file clears the server's refusal of the last one.
                                w.edit(Field::Contacts, |_| {});
                            })
                        />
                    }
                        .into_any()
                }
            }}
            <FieldMessage id="contacts-message" error=Signal::derive(move || w.error(Field::Contacts)) />
        </section>
    }
}
