//! `/dashboard/campaigns`: the campaign list, newest first — each campaign
//! with its bot, status, progress, live calls of its concurrency, window
//! state and the actions its status allows; filtered by status, searched by
//! name, 50 a page. One stream (`GET /api/events`) keeps every row's counts
//! live and reloads the page when a campaign is created, changes status, is
//! edited or deleted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use outdial_shared::api::{Bot, Campaign, ContactCounts, Page, PAGE_SIZE};
use outdial_shared::lifecycle::Status;

use crate::address;
use crate::api::{self, ApiError, CampaignQuery};
use crate::browser;
use crate::components::campaign_actions::{CampaignActions, Done};
use crate::components::dialler_banner::DiallerBanner;
use crate::components::load_error::LoadError;
use crate::components::pager::Pager;
use crate::components::progress_bar::ProgressBar;
use crate::components::status_badge::StatusBadge;
use crate::live::{ListEvent, ListStream};
use crate::routes;
use crate::session::use_session;
use crate::zone;

/// How often the window states are worked out again.
const CLOCK_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// What the page shows for each campaign besides the campaign itself.
#[derive(Clone, Copy)]
struct Shared {
    /// Counts pushed by the stream since the page was read, by campaign.
    live: RwSignal<HashMap<i64, ContactCounts>>,
    /// Bot names by id.
    bots: Memo<HashMap<i64, String>>,
    /// The time the window states are worked out for.
    clock: ReadSignal<DateTime<Utc>>,
    /// Bumped to read the page again.
    version: RwSignal<u32>,
    /// A refused action's message.
    action_error: RwSignal<Option<String>>,
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    // The filters open as the address says, and stay in it.
    let status = RwSignal::new(address::query_value("status").and_then(|s| Status::parse(&s)));
    let name = RwSignal::new(address::query_value("q").unwrap_or_default());
    let page = RwSignal::new(address::query_page("page"));
    address::keep_in_address(move || {
        vec![
            (
                "status",
                status
                    .get()
                    .map(Status::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            ),
            ("q", name.get()),
            ("page", page.get().to_string()),
        ]
    });
    let version = RwSignal::new(0u32);
    let live = RwSignal::new(HashMap::<i64, ContactCounts>::new());
    let campaigns = LocalResource::new(move || {
        version.track();
        let query = CampaignQuery {
            status: status.get(),
            name: name.get(),
            page: page.get(),
        };
        async move {
            let loaded = api::campaigns(&query).await;
            // The page now holds counts as new as the pushed ones.
            live.try_set(HashMap::new());
            loaded
        }
    });
    let bot_list = LocalResource::new(api::bots);
    let bots = Memo::new(move |_| {
        bot_list
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|bot: Bot| (bot.id, bot.name))
            .collect::<HashMap<_, _>>()
    });
    let clock = browser::ticking_clock(CLOCK_EVERY);
    let connected = RwSignal::new(false);
    let stream = ListStream::open(connected, move |event| match event {
        ListEvent::Counts(pushed) => live.update(|live| {
            live.insert(pushed.campaign_id, pushed.counts);
        }),
        ListEvent::Reload => version.update(|v| *v += 1),
    });
    let stream = StoredValue::new_local(stream);
    on_cleanup(move || stream.dispose());
    let shared = Shared {
        live,
        bots,
        clock,
        version,
        action_error: RwSignal::new(None),
    };
    let filtered = move || status.get().is_some() || !name.get().trim().is_empty();
    let clear = move |_| {
        status.set(None);
        name.set(String::new());
        page.set(1);
    };

    view! {
        <div class="page-head">
            <h1>
                "Campaigns "
                <Show when=move || connected.get()>
                    <span class="live-indicator" title="Counts update as calls start and end">
                        "Live"
                    </span>
                </Show>
            </h1>
            <A href=routes::NEW_CAMPAIGN attr:class="button primary">
                "New campaign"
            </A>
        </div>
        <DiallerBanner />
        <div class="filters">
            <div class="field">
                <label for="status-filter">"Status"</label>
                <select
                    id="status-filter"
                    on:change=move |event| {
                        status.set(Status::parse(&event_target_value(&event)));
                        page.set(1);
                    }
                    prop:value=move || status.get().map(Status::as_str).unwrap_or_default()
                >
                    <option value="">"All statuses"</option>
                    {Status::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=move || status.get() == Some(s)>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="name-search">"Search by name"</label>
                <input
                    id="name-search"
                    type="search"
                    placeholder="Part of a campaign name"
                    prop:value=move || name.get()
                    on:input=move |event| {
                        name.set(event_target_value(&event));
                        page.set(1);
                    }
                />
            </div>
        </div>
        {move || {
            shared
                .action_error
                .get()
                .map(|message| view! { <p class="form-error" role="alert">{message}</p> })
        }}
        <Transition fallback=|| view! { <p class="loading">"Loading campaigns…"</p> }>
            {move || {
                campaigns
                    .get()
                    .map(|result| match result {
                        Ok(found) if found.items.is_empty() && filtered() => {
                            view! {
                                <section class="empty-state">
                                    <h2>"No campaigns match"</h2>
                                    <p>"No campaign has this status and name."</p>
                                    <button class="button" on:click=clear>
                                        "Clear filters"
                                    </button>
                                </section>
                            }
                                .into_any()
                        }
                        Ok(found) if found.items.is_empty() => view! { <NoCampaigns /> }.into_any(),
                        Ok(found) => view! { <CampaignTable found shared page /> }.into_any(),
                        Err(error) => view! { <Failed error campaigns /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn NoCampaigns() -> impl IntoView {
    view! {
        <section class="empty-state">
            <h2>"No campaigns yet"</h2>
            <p>"Create a campaign to start calling a contact list with one of your bots."</p>
            <A href=routes::NEW_CAMPAIGN attr:class="button primary">
                "Create a campaign"
            </A>
        </section>
    }
}

#[component]
fn Failed(
    error: ApiError,
    campaigns: LocalResource<Result<Page<Campaign>, ApiError>>,
) -> impl IntoView {
    view! {
        <LoadError error />
        <button class="button" on:click=move |_| campaigns.refetch()>
            "Retry"
        </button>
    }
}

#[component]
fn CampaignTable(found: Page<Campaign>, shared: Shared, page: RwSignal<u32>) -> impl IntoView {
    let total = found.total;
    view! {
        <table class="data-table stack-table campaign-list">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Bot"</th>
                    <th>"Status"</th>
                    <th>"Progress"</th>
                    <th class="numeric">"Live calls"</th>
                    <th>"Window"</th>
                    <th>"Created"</th>
                    <th>"Actions"</th>
                </tr>
            </thead>
            <tbody>
                {found
                    .items
                    .into_iter()
                    .map(|campaign| view! { <CampaignRow campaign shared /> })
                    .collect_view()}
            </tbody>
        </table>
        <Pager page total=Signal::derive(move || total) page_size=u64::from(PAGE_SIZE) />
    }
}

#[component]
fn CampaignRow(campaign: Campaign, shared: Shared) -> impl IntoView {
    let id = campaign.id;
    let loaded = campaign.counts;
    let counts = Memo::new(move |_| {
        shared
            .live
            .with(|live| live.get(&id).copied().unwrap_or(loaded))
    });
    let bot_id = campaign.config.bot_id().get();
    let bot = move || {
        shared
            .bots
            .with(|bots| bots.get(&bot_id).cloned())
            .unwrap_or_else(|| format!("Bot {bot_id}"))
    };
    let limit = campaign.config.concurrency_limit().get();
    let schedule = campaign.schedule;
    let tz = campaign.config.window().timezone();
    let created_at = campaign.created_at;
    let session = use_session();
    let dials = campaign.status != Status::Completed;
    let window_state = move || {
        if !dials {
            return "—".to_owned();
        }
        match schedule.state_at(shared.clock.get()) {
            Some(state) => state.describe(&*zone::of(tz)),
            // Past the next opening the server's schedule is old: read the
            // list again (it says "Opens …" until the new one arrives).
            None => {
                shared.version.update(|v| *v += 1);
                "Opening now".to_owned()
            }
        }
    };
    let name = campaign.config.name().as_str().to_string();
    let link_text = name.clone();
    let on_done = Callback::new(move |_: Done| shared.version.update(|v| *v += 1));
    view! {
        <tr>
            <td data-label="Name">
                <A href=routes::campaign(id)>{link_text}</A>
            </td>
            <td data-label="Bot">{bot}</td>
            <td data-label="Status">
                <StatusBadge status=campaign.status />
            </td>
            <td data-label="Progress">
                <ProgressBar
                    done=Signal::derive(move || counts.get().done)
                    total=Signal::derive(move || counts.get().total)
                    label="Contacts done"
                />
            </td>
            <td data-label="Live calls" class="numeric">
                {move || format!("{} / {limit}", counts.get().in_call)}
            </td>
            <td data-label="Window">{window_state}</td>
            <td data-label="Created">
                {move || zone::dated(created_at, session.display_timezone())}
            </td>
            <td data-label="Actions">
                <CampaignActions
                    id
                    status=campaign.status
                    name
                    error=shared.action_error
                    on_done
                    bot_id
                />
            </td>
        </tr>
    }
}
