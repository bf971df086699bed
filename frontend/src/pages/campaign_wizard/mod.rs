//! `/dashboard/campaigns/new` and `/dashboard/campaigns/{id}/edit`: the
//! five-step campaign wizard. One step per file; the state in
//! [`state::Wizard`], provided as context; every rule from `shared`.
//!
//! The Back link (arrow) returns to the campaign list from a new campaign
//! and to the campaign's detail page when editing one.

mod basics;
mod dialler_config;
mod number_pool;
mod review;
mod state;
mod submit;
pub(crate) mod upload_csv;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use outdial_shared::api::{Bot, Campaign, Carrier};
use outdial_shared::config::{CampaignInput, Step};
use outdial_shared::lifecycle::{edit_notice, Action, Status};

use crate::api::{self, ApiError};
use crate::components::lazy_view::LazyView;
use crate::components::loaded::Loaded;
use crate::components::wizard_pills::{PillState, WizardPills};
use crate::session::use_session;
use crate::{page_chunks, routes};
use basics::BasicsStep;
use dialler_config::DiallerConfigStep;
use number_pool::NumberPoolStep;
use review::ReviewStep;
use state::{Submitting, Wizard};

/// What the wizard needs before it can show a step.
#[derive(Debug, Clone)]
struct WizardData {
    bots: Vec<Bot>,
    carriers: Vec<Carrier>,
    campaign: Option<Campaign>,
}

async fn load(id: Option<i64>) -> Result<WizardData, ApiError> {
    let bots = api::bots().await?;
    let carriers = api::carriers().await?;
    let campaign = match id {
        Some(id) => Some(api::campaign(id).await?),
        None => None,
    };
    Ok(WizardData {
        bots,
        carriers,
        campaign,
    })
}

#[component]
pub fn CampaignWizardPage() -> impl IntoView {
    let id = routes::use_campaign_id();
    move || {
        let id = id.get();
        let data = LocalResource::new(move || load(id));
        view! {
            <Loaded resource=data loading="Loading the wizard…" let:data>
                <WizardView data />
            </Loaded>
        }
    }
}

#[component]
fn WizardView(data: WizardData) -> impl IntoView {
    let form = match &data.campaign {
        Some(campaign) => CampaignInput::from(&campaign.config),
        // The operator's display timezone, as it is when the wizard opens.
        None => CampaignInput::defaults(untrack(|| use_session().display_timezone())),
    };
    let back = match &data.campaign {
        Some(c) => (routes::campaign(c.id), "← Campaign"),
        None => (routes::CAMPAIGNS.to_owned(), "← Campaigns"),
    };
    let title = match &data.campaign {
        Some(c) => format!("Edit {}", c.config.name().as_str()),
        None => "Create a campaign".to_owned(),
    };
    let editing = data.campaign.is_some();
    let w = Wizard::new(form, data.campaign, data.bots, data.carriers);
    provide_context(w);
    // A saved campaign passed every step: all of them can be opened.
    if editing {
        w.reached.set(Step::Review);
    }

    // Leaving the wizard stops any workers started ahead of a check.
    on_cleanup(crate::csv_check::drop_warm_workers);

    // Focus moves to the first field of each step shown.
    Effect::new(move |_| {
        w.step.track();
        request_animation_frame(focus_first_field);
    });

    let pill = move |step: Step| {
        let current = w.step.get();
        let reached = w.reached.get();
        PillState {
            current: step == current,
            // Review is never "done": it is done when the campaign is saved.
            done: step != current && step != Step::Review && step <= reached && !w.blocks(step),
            reachable: step != current
                && step <= reached
                && Step::ALL
                    .iter()
                    .take_while(|s| **s < step)
                    .all(|s| !w.blocks(*s)),
        }
    };

    view! {
        <A href=back.0 attr:class="back-link">
            {back.1}
        </A>
        <h1>{title}</h1>
        <EditNotice />
        <WizardPills state=pill on_select=move |step| w.go_to(step) />
        {move || w.notice.get().map(|n| view! { <p class="form-error" role="alert">{n}</p> })}
        {move || match w.step.get() {
            Step::Basics => view! { <BasicsStep /> }.into_any(),
            Step::NumberPool => view! { <NumberPoolStep /> }.into_any(),
            Step::DiallerConfig => view! { <DiallerConfigStep /> }.into_any(),
            // Its code (the CSV check's page side) loads when the step opens.
            Step::UploadCsv => {
                view! { <LazyView load=page_chunks::wizard_upload_csv /> }.into_any()
            }
            Step::Review => view! { <ReviewStep /> }.into_any(),
        }}
        <WizardButtons />
    }
}

fn focus_first_field() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(element)) = document.query_selector(
        ".wizard-step input:not([disabled]):not(.visually-hidden), .wizard-step select:not([disabled]), .wizard-step .dropzone label",
    ) {
        if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
            let _ = element.focus();
        }
    }
}

/// The spec's edit-mode notice, and for a running or completed campaign a
/// way out: Pause (running) or Clone.
#[component]
fn EditNotice() -> impl IntoView {
    let w = state::use_wizard();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    let act = move |action: Action| {
        let navigate = navigate.clone();
        move |_| {
            let Some(id) = w.existing.with_untracked(|c| c.as_ref().map(|c| c.id)) else {
                return;
            };
            let navigate = navigate.clone();
            spawn_local(async move {
                match api::campaign_action(id, action).await {
                    Ok(campaign) if action == Action::Clone => {
                        navigate(&routes::edit_campaign(campaign.id), Default::default())
                    }
                    Ok(campaign) => w.existing.set(Some(campaign)),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    move || {
        let campaign = w.existing.get()?;
        let notice = edit_notice(campaign.status, campaign.has_run)?;
        let running = campaign.status == Status::Running;
        let read_only = !campaign.status.is_editable();
        Some(view! {
            <div class="notice edit-notice" role="note">
                <p>{notice}</p>
                {read_only.then(|| view! {
                    <div class="actions">
                        {running.then(|| view! {
                            <button type="button" class="button" on:click=act(Action::Pause)>"Pause"</button>
                        })}
                        <button type="button" class="button" on:click=act(Action::Clone)>"Clone"</button>
                    </div>
                })}
                {move || error.get().map(|e| view! { <p class="form-error">{e}</p> })}
            </div>
        })
    }
}

/// Back, Next (disabled until the step passes, with the reasons beside it)
/// and, on Review, Create Campaign or Save.
#[component]
fn WizardButtons() -> impl IntoView {
    let w = state::use_wizard();
    let navigate = use_navigate();
    let step = move || w.step.get();
    let editing = move || w.existing.with(Option::is_some);
    let blocked_reasons = move || {
        let problems = w.problems(step());
        problems.into_iter().map(|(_, m)| m).collect::<Vec<_>>()
    };
    let save = move |_| {
        let navigate = navigate.clone();
        submit::submit(w, move |path| navigate(&path, Default::default()));
    };
    let save_label = move || match (w.submitting.get(), editing()) {
        (Some(Submitting::Saving), false) => "Creating…".to_owned(),
        (Some(Submitting::Saving), true) => "Saving…".to_owned(),
        (Some(Submitting::Uploading { sent, total }), _) => format!(
            "Uploading… {:.0}%",
            if total > 0.0 {
                sent / total * 100.0
            } else {
                0.0
            }
        ),
        (None, false) => "Create Campaign".to_owned(),
        (None, true) => "Save".to_owned(),
    };
    view! {
        <div class="wizard-buttons">
            {move || Wizard::previous_of(step()).map(|previous| view! {
                <button type="button" class="button" on:click=move |_| w.step.set(previous)>
                    "Back"
                </button>
            })}
            {move || match Wizard::next_of(step()) {
                Some(next) => view! {
                    <button
                        type="button"
                        class="button primary"
                        disabled=move || w.blocks(step())
                        aria-describedby="next-blocked"
                        on:click=move |_| w.go_to(next)
                    >
                        "Next"
                    </button>
                }
                    .into_any(),
                None => view! {
                    <button
                        type="button"
                        class="button primary"
                        disabled=move || {
                            w.read_only() || w.submitting.get().is_some()
                                || Step::ALL.iter().any(|s| w.blocks(*s))
                        }
                        on:click=save.clone()
                    >
                        {save_label}
                    </button>
                }
                    .into_any(),
            }}
            {move || w.submitting.get().and_then(|s| match s {
                Submitting::Uploading { sent, total } => Some(view! {
                    <progress max=total value=sent aria-label="Uploading the contacts"></progress>
                }),
                Submitting::Saving => None,
            })}
            <p id="next-blocked" class="blocked-reasons" aria-live="polite">
                {move || {
                    let reasons = blocked_reasons();
                    (!reasons.is_empty() && !w.read_only())
                        .then(|| format!("To continue: {}", reasons.join(" ")))
                }}
            </p>
        </div>
    }
}
