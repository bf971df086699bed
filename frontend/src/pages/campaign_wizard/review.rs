//! Step 5 — Review: everything configured, read-only, the pre-launch check
//! of the form and its file (`POST /api/preflight`), the forecast
//! (`POST /api/forecast`), the spec's checklist, then Create Campaign (or Save).

use leptos::prelude::*;
use outdial_shared::config::Timezone;
use outdial_shared::config::{numbers_text, summary, CampaignConfig, Step};
use outdial_shared::contacts::Report;
use outdial_shared::forecast::ForecastRequest;
use outdial_shared::preflight::{PlannedContacts, PreflightRequest};

use super::state::{use_wizard, Wizard};
use crate::api;
use crate::browser;
use crate::components::config_summary::ConfigSummary;
use crate::components::forecast_panel::ForecastPanel;
use crate::components::loaded::Loaded;
use crate::components::preflight_panel::PreflightPanel;

#[component]
pub fn ReviewStep() -> impl IntoView {
    let w = use_wizard();
    view! {
        <section class="wizard-step" aria-labelledby="step-title">
            <h2 id="step-title">"Review"</h2>
            {move || match w.form.with(|f| f.parse()) {
                Ok(config) => {
                    let tz = config.window().timezone();
                    view! { <ReviewGrid config /> <ReviewPreflight /> <ReviewForecast tz /> }.into_any()
                }
                Err(errors) => {
                    let step = errors.first_step_with_errors().unwrap_or(Step::Basics);
                    view! {
                        <p class="form-error" role="alert">
                            {format!("{} needs attention before the campaign can be saved.", step.label())}
                        </p>
                    }
                        .into_any()
                }
            }}
            <h3>"Before you click Create Campaign, confirm:"</h3>
            <ul class="checklist">
                <li>"the bot name is correct"</li>
                <li>"the number-pool count matches what you intended"</li>
                <li>"the CSV preview looks right"</li>
                <li>"concurrency is safe for available capacity"</li>
                <li>"the time window and working days are correct"</li>
                <li>"the retry and redial rules match the campaign brief"</li>
            </ul>
            <p class="note">
                "A newly created campaign stays in draft status and does not dial anything until you press Start on the campaign list or detail page. This gives you a final chance to review before live calls begin."
            </p>
            {move || w.server_report.get().map(|server| view! { <ServerReport server /> })}
        </section>
    }
}

fn csv_line(w: Wizard) -> String {
    let existing = w.existing.with(|c| c.as_ref().map(|c| c.counts.total));
    match (w.csv.file.get(), w.csv.report.get()) {
        (Some(file), Some(r)) => format!(
            "{} — {} rows: {} valid, {} invalid, {} duplicates",
            file.name(),
            browser::thousands(u64::from(r.rows)),
            browser::thousands(u64::from(r.valid)),
            browser::thousands(u64::from(r.invalid)),
            browser::thousands(u64::from(r.duplicates)),
        ),
        (Some(file), None) => format!("{} — not checked yet", file.name()),
        (None, _) => match existing {
            Some(total) => format!(
                "No new file: the {} contacts already uploaded stay",
                browser::thousands(total)
            ),
            None => "None: contacts will be added over time".to_owned(),
        },
    }
}

#[component]
fn ReviewGrid(config: CampaignConfig) -> impl IntoView {
    let w = use_wizard();
    let bot = w
        .bot()
        .map(|b| b.name)
        .unwrap_or_else(|| format!("bot #{}", config.bot_id().get()));
    let numbers = w
        .carriers
        .with_value(|carriers| numbers_text(config.number_ids(), carriers));
    let rows = summary(&config, bot, numbers);
    view! {
        <ConfigSummary rows>
            <div>
                <dt>"CSV"</dt>
                <dd>{move || csv_line(w)}</dd>
            </div>
        </ConfigSummary>
    }
}

/// The server's pre-launch check of the form as it stands, with the
/// dropped file's figures from the browser's check (or, editing without a
/// new file, the campaign's stored list).
#[component]
fn ReviewPreflight() -> impl IntoView {
    let w = use_wizard();
    let preflight = LocalResource::new(move || {
        let request = PreflightRequest {
            campaign: w.form.get(),
            contacts: w.csv.report.get().map(|report| PlannedContacts {
                total: u64::from(report.valid),
                regions: report.regions,
            }),
            campaign_id: w.existing.with(|c| c.as_ref().map(|c| c.id)),
        };
        async move { api::preflight_unsaved(&request).await }
    });
    view! {
        <Loaded resource=preflight loading="Checking the campaign before start…" let:preflight>
            <PreflightPanel preflight />
        </Loaded>
    }
}

/// The forecast of the form as it stands, for the dropped file's valid
/// contacts (or, editing without a new file, those already uploaded).
#[component]
fn ReviewForecast(tz: Timezone) -> impl IntoView {
    let w = use_wizard();
    let forecast = LocalResource::new(move || {
        let contacts = match w.csv.report.get() {
            Some(report) => u64::from(report.valid),
            None => w
                .existing
                .with(|c| c.as_ref().map_or(0, |c| c.counts.total)),
        };
        let request = ForecastRequest {
            campaign: w.form.get(),
            contacts,
        };
        async move { api::forecast_unsaved(&request).await }
    });
    view! {
        <Loaded resource=forecast loading="Forecasting…" let:forecast>
            <ForecastPanel forecast tz />
        </Loaded>
    }
}

/// The server read the file differently from the browser: its figures win.
#[component]
fn ServerReport(server: Report) -> impl IntoView {
    let w = use_wizard();
    let id = w.existing.with(|c| c.as_ref().map(|c| c.id));
    view! {
        <div class="notice" role="alert">
            <p>
                {format!(
                    "The server's check of the file differs from the browser's. The server kept {} valid contacts ({} invalid, {} duplicates, of {} rows).",
                    browser::thousands(u64::from(server.valid)),
                    browser::thousands(u64::from(server.invalid)),
                    browser::thousands(u64::from(server.duplicates)),
                    browser::thousands(u64::from(server.rows)),
                )}
            </p>
            {id.map(|id| view! {
                <a class="button" href=crate::routes::campaign(id)>"Open the campaign"</a>
            })}
        </div>
    }
}
