//! `/dashboard/campaigns/{id}`: one campaign's counts and its lifecycle
//! buttons (Start, Pause, Resume, Stop, Restart, Clone — only those its
//! status allows, from the shared lifecycle rules).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use outdial_shared::api::{Campaign, CampaignStats};
use outdial_shared::lifecycle::Action;

use crate::api;
use crate::components::load_error::LoadError;

#[component]
pub fn CampaignDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    };
    // Bumped after every action so both loads run again.
    let version = RwSignal::new(0u32);
    let campaign = LocalResource::new(move || {
        version.track();
        api::campaign(id())
    });
    let stats = LocalResource::new(move || {
        version.track();
        api::campaign_stats(id())
    });
    let action_error = RwSignal::new(None::<String>);

    view! {
        <A href="/dashboard/campaigns" attr:class="back-link">
            "← Campaigns"
        </A>
        <Transition fallback=|| view! { <p class="loading">"Loading campaign…"</p> }>
            {move || {
                campaign
                    .get()
                    .map(|result| match result {
                        Ok(campaign) => {
                            view! { <Summary campaign version action_error /> }.into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    })
            }}
            <Show when=move || action_error.get().is_some()>
                <p class="form-error" role="alert">
                    {move || action_error.get().unwrap_or_default()}
                </p>
            </Show>
            {move || {
                stats.get().and_then(Result::ok).map(|stats| view! { <StatsGrid stats /> })
            }}
        </Transition>
    }
}

fn action_label(action: Action) -> &'static str {
    match action {
        Action::Start => "Start",
        Action::Pause => "Pause",
        Action::Resume => "Resume",
        Action::Stop => "Stop",
        Action::Restart => "Restart",
        Action::Clone => "Clone",
    }
}

#[component]
fn Summary(
    campaign: Campaign,
    version: RwSignal<u32>,
    action_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let id = campaign.id;
    let status = campaign.status.as_str();
    let window = campaign.config.window();
    let schedule = format!(
        "{}–{} {}",
        window.start(),
        window.end(),
        window.timezone().name()
    );
    let buttons = campaign
        .status
        .allowed_actions()
        .into_iter()
        .map(|action| {
            let navigate = navigate.clone();
            let run = move |_| {
                let navigate = navigate.clone();
                action_error.set(None);
                spawn_local(async move {
                    match api::campaign_action(id, action).await {
                        Ok(copy) if action == Action::Clone => navigate(
                            &format!("/dashboard/campaigns/{}", copy.id),
                            Default::default(),
                        ),
                        Ok(_) => version.update(|v| *v += 1),
                        Err(error) => action_error.set(Some(error.message)),
                    }
                });
            };
            let class = if action.begins_a_run() {
                "button primary"
            } else {
                "button"
            };
            view! {
                <button class=class on:click=run>
                    {action_label(action)}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="page-head">
            <h1>
                {campaign.config.name().as_str().to_string()} " "
                <span class=format!("status status-{status}")>{status}</span>
            </h1>
            <div class="actions">{buttons}</div>
        </div>
        <dl class="facts card">
            <dt>"Contacts"</dt>
            <dd>{campaign.counts.total}</dd>
            <dt>"Concurrency Limit"</dt>
            <dd>{campaign.config.concurrency_limit().get()}</dd>
            <dt>"Time Window"</dt>
            <dd>{schedule}</dd>
            <dt>"Max Attempts"</dt>
            <dd>{campaign.config.max_attempts().get()}</dd>
            <dt>"Run"</dt>
            <dd>{campaign.run_no}</dd>
        </dl>
    }
}

#[component]
fn StatsGrid(stats: CampaignStats) -> impl IntoView {
    let tiles = [
        ("Pending", stats.contacts.pending),
        ("In call", stats.contacts.in_call),
        ("Retry", stats.contacts.retry),
        ("Callback", stats.contacts.callback),
        ("Done", stats.contacts.done),
        ("Excluded", stats.contacts.excluded),
        ("Live calls", stats.live_calls),
        ("Attempts", stats.attempts_total),
        ("Answering machines", stats.answering_machines),
    ];
    view! {
        <div class="stat-grid">
            {tiles
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <div class="stat card">
                            <span class="stat-value">{value}</span>
                            <span class="stat-label">{label}</span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}
