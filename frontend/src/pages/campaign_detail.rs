//! `/dashboard/campaigns/{id}`: one campaign's counts and its lifecycle
//! buttons (Start, Pause, Resume, Stop, Restart, Clone — only those its
//! status allows, from the shared lifecycle rules). The counts follow the
//! campaign's event stream while the page is shown (see [`crate::live`]).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use outdial_shared::api::{Campaign, CampaignStats};
use outdial_shared::lifecycle::Action;

use crate::api;
use crate::components::dialler_banner::DiallerBanner;
use crate::components::load_error::LoadError;
use crate::live::{CampaignStream, LiveEvent, StatsFeed};
use crate::routes;

#[component]
pub fn CampaignDetailPage() -> impl IntoView {
    let id = routes::use_campaign_id();
    // A new id (Clone opens the copy on this same route) builds the page
    // anew, so the old campaign's stream closes with its view.
    move || {
        let id = id.get().unwrap_or_default();
        view! { <CampaignDetail id /> }
    }
}

#[component]
fn CampaignDetail(id: i64) -> impl IntoView {
    // Bumped after every action and status change so the campaign loads again.
    let version = RwSignal::new(0u32);
    let campaign = LocalResource::new(move || {
        version.track();
        api::campaign(id)
    });
    let feed = StatsFeed::new(id);
    feed.refresh();
    let reload = move || {
        version.update(|v| *v += 1);
        feed.refresh();
    };
    let live = RwSignal::new(false);
    let stream = CampaignStream::open(id, live, move |event| match event {
        LiveEvent::Counts => feed.refresh(),
        LiveEvent::Status | LiveEvent::Edited => reload(),
        // The campaign's load now says it is gone; its figures go with it.
        LiveEvent::Deleted => {
            feed.clear();
            version.update(|v| *v += 1);
        }
        LiveEvent::Stats(stats) => {
            // A status change the stream did not tell (missed while it was
            // reconnecting) or new contacts: the summary is stale too.
            let stale = campaign.with_untracked(|loaded| {
                matches!(loaded, Some(Ok(c)) if c.status != stats.status
                    || c.run_no != stats.run_no
                    || c.counts.total != stats.contacts.total)
            });
            feed.snapshot(*stats);
            if stale {
                version.update(|v| *v += 1);
            }
        }
    });
    // Closed when the page is left (dropping the stream closes it).
    let stream = StoredValue::new_local(stream);
    on_cleanup(move || stream.dispose());
    let action_error = RwSignal::new(None::<String>);

    view! {
        <A href=routes::CAMPAIGNS attr:class="back-link">
            "← Campaigns"
        </A>
        <DiallerBanner />
        <Transition fallback=|| view! { <p class="loading">"Loading campaign…"</p> }>
            {move || {
                campaign
                    .get()
                    .map(|result| match result {
                        Ok(campaign) => {
                            view! { <Summary campaign reload action_error live /> }.into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    })
            }}
            <Show when=move || action_error.get().is_some()>
                <p class="form-error" role="alert">
                    {move || action_error.get().unwrap_or_default()}
                </p>
            </Show>
            <StatsGrid stats=feed.stats() />
        </Transition>
    }
}

#[component]
fn Summary(
    campaign: Campaign,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    action_error: RwSignal<Option<String>>,
    live: RwSignal<bool>,
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
                        Ok(copy) if action == Action::Clone => {
                            navigate(&routes::campaign(copy.id), Default::default())
                        }
                        Ok(_) => reload(),
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
                    {action.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="page-head">
            <h1>
                {campaign.config.name().as_str().to_string()} " "
                <span class=format!("status status-{status}")>{status}</span>
                <Show when=move || live.get()>
                    <span
                        class="live-indicator"
                        title="Counts update as calls start and end"
                    >
                        "Live"
                    </span>
                </Show>
            </h1>
            <div class="actions">
                {campaign
                    .status
                    .is_editable()
                    .then(|| {
                        view! {
                            <A href=routes::edit_campaign(id) attr:class="button">
                                "Edit"
                            </A>
                        }
                    })}
                {buttons}
            </div>
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

/// Reads one stat tile's number.
type TileValue = fn(&CampaignStats) -> u64;

/// The stat tiles: the label and how to read its number.
const TILES: [(&str, TileValue); 9] = [
    ("Pending", |s| s.contacts.pending),
    ("In call", |s| s.contacts.in_call),
    ("Retry", |s| s.contacts.retry),
    ("Callback", |s| s.contacts.callback),
    ("Done", |s| s.contacts.done),
    ("Excluded", |s| s.contacts.excluded),
    ("Live calls", |s| s.live_calls),
    ("Attempts", |s| s.attempts_total),
    ("Answering machines", |s| s.answering_machines),
];

/// The counts; each number follows the live figures in place.
#[component]
fn StatsGrid(stats: Signal<Option<CampaignStats>>) -> impl IntoView {
    view! {
        <Show when=move || stats.with(Option::is_some)>
            <div class="stat-grid">
                {TILES
                    .into_iter()
                    .map(|(label, read)| {
                        let value = move || {
                            stats.with(|s| s.as_ref().map(read).unwrap_or_default())
                        };
                        view! {
                            <div class="stat card">
                                <span class="stat-value">{value}</span>
                                <span class="stat-label">{label}</span>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </Show>
    }
}
