//! `/dashboard/campaigns/{id}`: one campaign's counts and its buttons
//! (Edit, and Start, Pause, Resume, Stop, Restart, Clone — only those its
//! status allows, from the shared lifecycle rules — and Delete for a draft;
//! see [`crate::components::campaign_actions`]). The counts follow the
//! campaign's event stream while the page is shown (see [`crate::live`]).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use outdial_shared::api::{Campaign, CampaignStats};
use outdial_shared::config::Timezone;
use outdial_shared::window::{running_notice, CallingWindow};

use crate::api;
use crate::browser;
use crate::components::campaign_actions::{CampaignActions, Done};
use crate::components::dialler_banner::DiallerBanner;
use crate::components::load_error::LoadError;
use crate::components::status_badge::StatusBadge;
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
    let window = campaign.config.window();
    let schedule = format!(
        "{}–{} {}",
        window.start(),
        window.end(),
        window.timezone().name()
    );
    // Worked out when the campaign is (re)loaded: each status change and
    // each stats snapshot that finds the summary stale reloads it.
    let notice = running_notice(
        &CallingWindow::from_config(&campaign.config),
        campaign.status,
        campaign.config.mode(),
        browser::now(),
        browser::timezone().and_then(|zone| Timezone::parse(&zone)),
    );
    let on_done = Callback::new(move |done: Done| match done {
        Done::Changed => reload(),
        Done::Deleted => navigate(routes::CAMPAIGNS, Default::default()),
    });
    view! {
        <div class="page-head">
            <h1>
                {campaign.config.name().as_str().to_string()} " "
                <StatusBadge status=campaign.status />
                <Show when=move || live.get()>
                    <span
                        class="live-indicator"
                        title="Counts update as calls start and end"
                    >
                        "Live"
                    </span>
                </Show>
            </h1>
            <CampaignActions
                id
                status=campaign.status
                name=campaign.config.name().as_str().to_string()
                error=action_error
                on_done
            />
        </div>
        {notice.map(|notice| view! { <p class="window-notice" role="status">{notice}</p> })}
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
