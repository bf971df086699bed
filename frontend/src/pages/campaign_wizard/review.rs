//! Step 5 — Review: everything configured, read-only, with the spec's
//! checklist, then Create Campaign (or Save).

use leptos::prelude::*;
use outdial_shared::config::{labels, CampaignConfig, Step};
use outdial_shared::contacts::Report;

use super::dialler_config::day_label;
use super::state::{use_wizard, Wizard};
use crate::browser;

#[component]
pub fn ReviewStep() -> impl IntoView {
    let w = use_wizard();
    view! {
        <section class="wizard-step" aria-labelledby="step-title">
            <h2 id="step-title">"Review"</h2>
            {move || match w.form.with(|f| f.parse()) {
                Ok(config) => view! { <ReviewGrid config /> }.into_any(),
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

fn on_off(on: bool) -> &'static str {
    if on {
        "On"
    } else {
        "Off"
    }
}

fn numbers(w: Wizard, config: &CampaignConfig) -> String {
    let listed: Vec<String> = config
        .number_ids()
        .ids()
        .iter()
        .map(|id| match w.number(id.get()) {
            Some(n) => match n.label {
                Some(label) => format!("{} ({label})", n.number),
                None => n.number,
            },
            None => format!("number #{}", id.get()),
        })
        .collect();
    format!("{} — {}", listed.len(), listed.join(", "))
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
    let window = config.window();
    let days: Vec<&str> = config.working_days().iter().map(day_label).collect();
    let system: Vec<&str> = config
        .retry_on_system_dispositions()
        .iter()
        .map(|d| d.label())
        .collect();
    let custom = config.custom_retry_dispositions().to_text();
    let stop = config.stop_redials_after_meaningful_connect();
    let short = config.redial_after_short_connect();
    let rows: Vec<(&'static str, String)> = vec![
        (labels::CAMPAIGN_NAME, config.name().as_str().to_owned()),
        (labels::BOT, bot),
        ("Selected numbers", numbers(w, &config)),
        (
            labels::CONCURRENCY_LIMIT,
            config.concurrency_limit().get().to_string(),
        ),
        (labels::CAMPAIGN_MODE, config.mode().label().to_owned()),
        (labels::ALWAYS_ON, on_off(config.always_on()).to_owned()),
        (
            "Time window",
            format!(
                "{}–{} {}",
                window.start(),
                window.end(),
                window.timezone().name()
            ),
        ),
        (labels::WORKING_DAYS, days.join(", ")),
        (
            labels::MAX_ATTEMPTS,
            config.max_attempts().get().to_string(),
        ),
        (
            labels::RETRY_DELAY,
            config.retry_delay().minutes().to_string(),
        ),
        (
            labels::RETRY_ON_SYSTEM_DISPOSITIONS,
            if system.is_empty() {
                "None".to_owned()
            } else {
                system.join(", ")
            },
        ),
        (
            labels::CUSTOM_RETRY_DISPOSITIONS,
            if custom.is_empty() {
                "None".to_owned()
            } else {
                custom
            },
        ),
        (
            labels::STOP_REDIALS,
            if stop.enabled() {
                format!("On — connected longer than {} s", stop.seconds())
            } else {
                "Off".to_owned()
            },
        ),
        (
            labels::REDIAL_SHORT_CONNECT,
            if short.enabled() {
                format!("On — connected shorter than {} s", short.seconds())
            } else {
                "Off".to_owned()
            },
        ),
        (
            labels::CALLBACK_DETECTION,
            on_off(config.callback_detection()).to_owned(),
        ),
        (
            labels::STICKY_EXCLUSION,
            on_off(config.sticky_exclusion()).to_owned(),
        ),
    ];
    view! {
        <dl class="review-grid">
            {rows
                .into_iter()
                .map(|(label, value)| view! {
                    <div>
                        <dt>{label}</dt>
                        <dd>{value}</dd>
                    </div>
                })
                .collect_view()}
            <div>
                <dt>"CSV"</dt>
                <dd>{move || csv_line(w)}</dd>
            </div>
        </dl>
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
