//! Create Campaign / Save: sends the configuration, then the CSV (streamed
//! from disk with a progress bar), then opens the campaign. A refusal lands
//! on the step and field it concerns and nothing entered is lost: when the
//! campaign was created but its CSV was refused, the wizard goes on editing
//! that draft, so the next press saves it instead of creating another.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::config::{Field, Step};
use outdial_shared::lifecycle::ContactsStep;

use super::state::{Submitting, Wizard};
use crate::{api, csv_check, routes, upload};

/// Saves the wizard; `open(path)` leaves for the campaign on success.
pub fn submit(w: Wizard, open: impl Fn(String) + 'static) {
    if w.submitting.get_untracked().is_some() || w.read_only() {
        return;
    }
    w.notice.set(None);
    w.server_report.set(None);
    w.submitting.set(Some(Submitting::Saving));
    spawn_local(async move {
        let form = w.form.get_untracked();
        let existing = w.existing.get_untracked().map(|c| c.id);
        let saved = match existing {
            Some(id) => api::update_campaign(id, &form).await,
            None => api::create_campaign(&form).await,
        };
        let campaign = match saved {
            Ok(campaign) => campaign,
            Err(error) => {
                w.submitting.set(None);
                w.refused(error);
                return;
            }
        };
        let id = campaign.id;
        let created = existing.is_none();
        w.existing.set(Some(campaign));
        let file = w.csv.file.get_untracked();
        if let (Some(file), false) = (file, w.contacts_step() == ContactsStep::Locked) {
            if let Err(message) = upload_file(w, id, &file).await {
                w.submitting.set(None);
                let prefix = if created {
                    "The campaign was saved as a draft, but its contacts were not uploaded: "
                } else {
                    "The settings were saved, but the contacts were not uploaded: "
                };
                w.notice.set(Some(format!("{prefix}{message}")));
                w.step.set(Step::UploadCsv);
                return;
            }
            if w.server_report.with_untracked(Option::is_some) {
                w.submitting.set(None);
                return;
            }
        }
        w.submitting.set(None);
        open(routes::campaign(id));
    });
}

/// Uploads the file, noting the server's report when it disagrees with the
/// browser's. Answers the reason when the upload is refused.
async fn upload_file(w: Wizard, id: i64, file: &web_sys::File) -> Result<(), String> {
    let phone_column = w.csv.phone_column.get_untracked();
    let body = csv_check::upload_body(file, phone_column.as_deref()).await?;
    let total = file.size();
    w.submitting
        .set(Some(Submitting::Uploading { sent: 0.0, total }));
    let progress = move |sent: f64, total: f64| {
        w.submitting
            .try_set(Some(Submitting::Uploading { sent, total }));
    };
    match upload::put_contacts(id, &body, progress).await {
        Ok(server) => {
            let browser = w.csv.report.get_untracked();
            let agrees = browser.is_some_and(|b| {
                (b.rows, b.valid, b.invalid, b.duplicates)
                    == (server.rows, server.valid, server.invalid, server.duplicates)
            });
            if !agrees {
                w.server_report.set(Some(server));
            }
            Ok(())
        }
        Err(error) => {
            w.refused(api::ApiError {
                fields: error
                    .fields
                    .clone()
                    .into_iter()
                    .chain(error.fields.is_empty().then(|| {
                        (
                            Field::Contacts.json_name().to_owned(),
                            error.message.clone(),
                        )
                    }))
                    .collect(),
                ..error.clone()
            });
            Err(error.message)
        }
    }
}
