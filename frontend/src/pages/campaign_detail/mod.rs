//! `/dashboard/campaigns/{id}`: one campaign's header with its buttons
//! (Edit, and Start, Pause, Resume, Stop, Restart, Clone — only those its
//! status allows, from the shared lifecycle rules — and Delete for a draft;
//! see [`crate::components::campaign_actions`]), the window notice, the
//! configuration at a glance, the pre-launch check while the campaign is
//! not running ([`preflight`]), the forecast ([`forecast`]), the live
//! dashboard ([`dashboard`]), which
//! follows the campaign's event stream while the page is shown (see
//! [`crate::live`]); then its contacts ([`contacts`]), the callbacks
//! scheduled ([`callbacks`]), Append ([`append`]),
//! exclusions ([`exclusions`]) and audit trail ([`audit`]).

pub(crate) mod append;
mod audit;
mod callbacks;
mod contacts;
mod dashboard;
mod exclusions;
mod forecast;
mod preflight;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use outdial_shared::api::{Bot, Campaign, Carrier};
use outdial_shared::config::{bot_name, numbers_text, summary};
use outdial_shared::lifecycle::Status;
use outdial_shared::window::{running_notice, LocalTimes};

use crate::api;
use crate::browser;
use crate::components::campaign_actions::{CampaignActions, Done};
use crate::components::config_summary::ConfigSummary;
use crate::components::dialler_banner::DiallerBanner;
use crate::components::load_error::LoadError;
use crate::components::status_badge::StatusBadge;
use crate::live::{CampaignStream, LiveEvent, StatsFeed};
use crate::routes;
use crate::session::use_session;
use crate::zone;
use append::AppendFold;
use audit::AuditSection;
use callbacks::CallbacksSection;
use contacts::ContactsSection;
use dashboard::Dashboard;
use exclusions::ExclusionsSection;
use forecast::ForecastSection;
use preflight::PreflightSection;

/// How often the window notice is read again at the page's clock.
const NOTICE_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

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
    // The bot's and the numbers' names for the configuration; without them
    // it names them by id.
    let names = LocalResource::new(|| async {
        Names {
            bots: api::bots().await.unwrap_or_default(),
            carriers: api::carriers().await.unwrap_or_default(),
        }
    });
    let stats = feed.stats();
    // The contact table outlives the campaign's reloads (its filters and
    // the history open stay); only a new timezone builds it again.
    let zone = Memo::new(move |_| {
        campaign.with(|loaded| match loaded {
            Some(Ok(c)) => Some((c.config.window().timezone(), c.config.sticky_exclusion())),
            _ => None,
        })
    });
    // Bumped after an exclusion or an append: the contact list reads its
    // page again.
    let contacts_changed = RwSignal::new(0u32);
    let on_exclusion = Callback::new(move |()| {
        contacts_changed.update(|v| *v += 1);
        feed.refresh();
    });
    // Append: the first outbound number's country reads national numbers;
    // a completed campaign takes none.
    let region = Signal::derive(move || {
        let first = campaign.with(|loaded| match loaded {
            Some(Ok(c)) => c.config.number_ids().ids().first().map(|id| id.get()),
            _ => None,
        })?;
        names.get().and_then(|names| {
            names
                .carriers
                .iter()
                .flat_map(|c| c.numbers.iter())
                .find(|n| n.id == first)
                .map(|n| n.number.clone())
        })
    });
    // The status, for the parts that outlive the campaign's reloads.
    let status = Memo::new(move |_| {
        campaign.with(|loaded| match loaded {
            Some(Ok(c)) => Some(c.status),
            _ => None,
        })
    });
    let startable = move || status.get().is_some_and(|s| s != Status::Running);
    let appendable = Signal::derive(move || {
        campaign.with(|loaded| matches!(loaded, Some(Ok(c)) if c.status != Status::Completed))
    });

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
                            let limit = u64::from(campaign.config.concurrency_limit().get());
                            let tz = campaign.config.window().timezone();
                            let names = names.get().unwrap_or_default();
                            view! {
                                <Summary campaign names reload action_error live />
                                <Dashboard stats limit tz />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    })
            }}
            <Show when=move || action_error.get().is_some()>
                <p class="form-error" role="alert">
                    {move || action_error.get().unwrap_or_default()}
                </p>
            </Show>
        </Transition>
        {move || {
            zone.get()
                .map(|(tz, sticky)| {
                    view! {
                        <Show when=startable>
                            <PreflightSection campaign_id=id version />
                        </Show>
                        <ForecastSection campaign_id=id status tz version />
                        <ContactsSection campaign_id=id tz stats changed=contacts_changed />
                        <CallbacksSection campaign_id=id tz stats />
                        <AppendFold campaign_id=id region open=appendable on_added=on_exclusion />
                        <div class="tools">
                            <ExclusionsSection campaign_id=id sticky on_change=on_exclusion />
                            <AuditSection campaign_id=id version />
                        </div>
                    }
                })
        }}
    }
}

/// What the configuration names by id.
#[derive(Clone, Default)]
struct Names {
    bots: Vec<Bot>,
    carriers: Vec<Carrier>,
}

#[component]
fn Summary(
    campaign: Campaign,
    names: Names,
    reload: impl Fn() + Copy + Send + Sync + 'static,
    action_error: RwSignal<Option<String>>,
    live: RwSignal<bool>,
) -> impl IntoView {
    let navigate = use_navigate();
    let id = campaign.id;
    let tz = campaign.config.window().timezone();
    let rows = summary(
        &campaign.config,
        bot_name(campaign.config.bot_id(), &names.bots),
        numbers_text(campaign.config.number_ids(), &names.carriers),
    );
    // The window's notice at the page's clock, from the schedule the
    // server sent with the campaign; past its next opening the campaign is
    // read again for a new one.
    let clock = browser::ticking_clock(NOTICE_EVERY);
    let (schedule, status, mode) = (campaign.schedule, campaign.status, campaign.config.mode());
    let (session, created_at) = (use_session(), campaign.created_at);
    let notice = move || match schedule.state_at(clock.get()) {
        Some(state) => {
            // The operator's display timezone beside the campaign's when they differ.
            let viewer = Some(zone::of(session.display_timezone()));
            running_notice(
                state,
                status,
                mode,
                &*zone::of(tz),
                viewer.as_deref().map(|v| v as &dyn LocalTimes),
            )
        }
        None => {
            reload();
            None
        }
    };
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
            <div class="head-actions">
            <a class="button" href=format!("/api/campaigns/{id}/contacts.csv") download="">
                "Export CSV"
            </a>
            <CampaignActions
                id
                status=campaign.status
                name=campaign.config.name().as_str().to_string()
                error=action_error
                on_done
                bot_id=campaign.config.bot_id().get()
            />
            </div>
        </div>
        {move || notice().map(|notice| view! { <p class="window-notice" role="status">{notice}</p> })}
        <dl class="facts card">
            <dt>"Contacts"</dt>
            <dd>{browser::thousands(campaign.counts.total)}</dd>
            <dt>"Run"</dt>
            <dd>{campaign.run_no}</dd>
            <dt>"Created"</dt>
            <dd>{move || zone::dated(created_at, session.display_timezone())}</dd>
        </dl>
        <details class="card configuration">
            <summary>"Configuration"</summary>
            <ConfigSummary rows />
        </details>
    }
}
