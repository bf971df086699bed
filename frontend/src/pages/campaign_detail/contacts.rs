//! The campaign's contacts: a table 50 a page, filtered by state and by
//! the last attempt's disposition, searched by phone or a variable. Each
//! contact's History opens its attempts (every run, newest first) and why
//! it is or is not due to be dialled, in the shared rules' own words
//! (`GET /api/campaigns/{id}/contacts/{contact_id}`, `outdial_shared::why`).

use leptos::prelude::*;
use outdial_shared::api::{
    CampaignContact, CampaignStats, ContactAttempt, ContactState, PAGE_SIZE,
};
use outdial_shared::config::Timezone;
use outdial_shared::retry::DoneReason;

use crate::address;
use crate::api::{self, ContactQuery};
use crate::browser;
use crate::components::load_error::LoadError;
use crate::components::loaded::Loaded;
use crate::components::pager::Pager;
use crate::zone;

/// "Mon 7 Dec, 09:00 IST" in the campaign's zone, or "—".
fn when(at: Option<chrono::DateTime<chrono::Utc>>, tz: Timezone) -> String {
    at.map(|at| zone::day_time(at, tz))
        .unwrap_or_else(|| "—".to_owned())
}

#[component]
pub fn ContactsSection(
    campaign_id: i64,
    tz: Timezone,
    /// The live figures, for the disposition filter's choices; a change in
    /// them reads the page again.
    stats: Signal<Option<CampaignStats>>,
    /// Bumped when contacts change without a call (an exclusion).
    changed: RwSignal<u32>,
) -> impl IntoView {
    // The filters open as the address says, and stay in it.
    let state = RwSignal::new(address::query_value("state").and_then(|s| ContactState::parse(&s)));
    let disposition = RwSignal::new(address::query_value("disposition").unwrap_or_default());
    let search = RwSignal::new(address::query_value("q").unwrap_or_default());
    let page = RwSignal::new(address::query_page("page"));
    address::keep_in_address(move || {
        vec![
            (
                "state",
                state
                    .get()
                    .map(|s| s.as_str())
                    .unwrap_or_default()
                    .to_owned(),
            ),
            ("disposition", disposition.get()),
            ("q", search.get()),
            ("page", page.get().to_string()),
        ]
    });
    let open = RwSignal::new(None::<i64>);
    // The figures' attempt total: each ended call reads the page again, at
    // most as often as the figures arrive (about once a second).
    let attempts = Memo::new(move |_| stats.with(|s| s.as_ref().map(|s| s.attempts_total)));
    let contacts = LocalResource::new(move || {
        attempts.track();
        changed.track();
        let query = ContactQuery {
            state: state.get(),
            disposition: disposition.get(),
            search: search.get(),
            page: page.get(),
        };
        async move { api::contacts(campaign_id, &query).await }
    });
    let choices = Memo::new(move |_| {
        stats.with(|s| {
            let mut names: Vec<String> = s
                .iter()
                .flat_map(|s| s.dispositions.keys().chain(s.business_dispositions.keys()))
                .filter(|name| !name.is_empty())
                .cloned()
                .collect();
            names.sort();
            names.dedup();
            names
        })
    });
    view! {
        <section class="card contacts-section" aria-labelledby="contacts-table-title">
            <h2 id="contacts-table-title">"Contact list"</h2>
            <div class="filters">
                <div class="field">
                    <label for="contact-state">"State"</label>
                    <select
                        id="contact-state"
                        on:change=move |event| {
                            state.set(ContactState::parse(&event_target_value(&event)));
                            page.set(1);
                        }
                    >
                        <option value="">"All states"</option>
                        {ContactState::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s.as_str() selected=move || state.get() == Some(s)>
                                        {s.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="contact-disposition">"Disposition"</label>
                    <select
                        id="contact-disposition"
                        on:change=move |event| {
                            disposition.set(event_target_value(&event));
                            page.set(1);
                        }
                        prop:value=move || disposition.get()
                    >
                        <option value="">"Any disposition"</option>
                        {move || {
                            choices
                                .get()
                                .into_iter()
                                .map(|name| {
                                    let chosen = disposition.with_untracked(|d| *d == name);
                                    view! {
                                        <option value=name.clone() selected=chosen>
                                            {name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="contact-search">"Search phone or variable"</label>
                    <input
                        id="contact-search"
                        type="search"
                        placeholder="+9198… or a name"
                        prop:value=move || search.get()
                        on:change=move |event| {
                            search.set(event_target_value(&event));
                            page.set(1);
                        }
                    />
                </div>
            </div>
            <Loaded resource=contacts loading="Loading contacts…" let:found>
                {
                    let total = found.total;
                    let matching = match total {
                        1 => "1 contact".to_owned(),
                        n => format!("{} contacts", browser::thousands(n)),
                    };
                    view! {
                        <p class="table-count">{matching}</p>
                        <ContactTable items=found.items tz open campaign_id />
                        <Pager page total=Signal::derive(move || total) page_size=u64::from(PAGE_SIZE) />
                    }
                }
            </Loaded>
        </section>
    }
}

#[component]
fn ContactTable(
    items: Vec<CampaignContact>,
    tz: Timezone,
    open: RwSignal<Option<i64>>,
    campaign_id: i64,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="chart-empty">"No contact matches."</p> }.into_any();
    }
    view! {
        <table class="data-table stack-table contact-table">
            <thead>
                <tr>
                    <th scope="col">"Row"</th>
                    <th scope="col">"Phone"</th>
                    <th scope="col">"State"</th>
                    <th scope="col" class="numeric">"Attempts"</th>
                    <th scope="col">"Last disposition"</th>
                    <th scope="col">"Next eligible"</th>
                    <th scope="col"><span class="visually-hidden">"History"</span></th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|contact| {
                        let id = contact.id;
                        let phone = contact.phone_number.clone();
                        let state = match (&contact.state, &contact.done_reason) {
                            (ContactState::Done, Some(reason)) => DoneReason::label_of(reason),
                            (state, _) => state.label().to_owned(),
                        };
                        let shown = move || open.get() == Some(id);
                        view! {
                            <tr>
                                <td data-label="Row">{contact.row_no}</td>
                                <td data-label="Phone">{phone.clone()}</td>
                                <td data-label="State">{state}</td>
                                <td data-label="Attempts" class="numeric">{contact.attempts}</td>
                                <td data-label="Last disposition">
                                    {contact.last_disposition.clone().unwrap_or_else(|| "—".to_owned())}
                                </td>
                                <td data-label="Next eligible">{when(contact.next_eligible_at, tz)}</td>
                                <td>
                                    <button
                                        class="button"
                                        aria-expanded=move || shown().to_string()
                                        aria-label=format!("History of {phone}")
                                        on:click=move |_| {
                                            open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })
                                        }
                                    >
                                        "History"
                                    </button>
                                </td>
                            </tr>
                            <Show when=shown>
                                <tr class="history-row">
                                    <td colspan="7">
                                        <ContactHistory campaign_id contact_id=id tz />
                                    </td>
                                </tr>
                            </Show>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// One contact's why and its attempts.
#[component]
fn ContactHistory(campaign_id: i64, contact_id: i64, tz: Timezone) -> impl IntoView {
    let detail = LocalResource::new(move || api::contact_detail(campaign_id, contact_id));
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading history…"</p> }>
            {move || {
                detail
                    .get()
                    .map(|result| match result {
                        Ok(detail) => {
                            view! {
                                <div class="contact-history">
                                    <p class="why" role="status">
                                        <strong>"Why: "</strong>
                                        {detail.why.text.clone()}
                                    </p>
                                    <Variables
                                        contact=detail.contact.clone()
                                        order=detail.variable_order.clone()
                                    />
                                    <AttemptTable attempts=detail.attempts tz />
                                </div>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// The contact's variables in the file's column order (`order`; any name
/// it lacks after them, alphabetically).
#[component]
fn Variables(contact: CampaignContact, order: Vec<String>) -> impl IntoView {
    let mut entries: Vec<(String, String)> = contact
        .variables
        .into_iter()
        .map(|(name, value)| {
            let value = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.to_string());
            (name, value)
        })
        .collect();
    entries.sort_by_key(|(name, _)| order.iter().position(|n| n == name).unwrap_or(usize::MAX));
    (!entries.is_empty()).then(|| {
        view! {
            <dl class="variables">
                {entries
                    .into_iter()
                    .map(|(name, value)| {
                        view! {
                            <div>
                                <dt>{name}</dt>
                                <dd>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        }
    })
}

#[component]
fn AttemptTable(attempts: Vec<ContactAttempt>, tz: Timezone) -> impl IntoView {
    if attempts.is_empty() {
        return view! { <p class="chart-empty">"Not dialled yet."</p> }.into_any();
    }
    view! {
        <table class="data-table stack-table attempt-table">
            <caption>"Attempts, newest first"</caption>
            <thead>
                <tr>
                    <th scope="col">"Run"</th>
                    <th scope="col">"Attempt"</th>
                    <th scope="col">"Started"</th>
                    <th scope="col">"From"</th>
                    <th scope="col">"Carrier"</th>
                    <th scope="col">"Disposition"</th>
                    <th scope="col" class="numeric">"Duration"</th>
                    <th scope="col">"Machine"</th>
                    <th scope="col">"Business disposition"</th>
                    <th scope="col">"Callback"</th>
                </tr>
            </thead>
            <tbody>
                {attempts
                    .into_iter()
                    .map(|a| {
                        let dash = || "—".to_owned();
                        let disposition = match a.ended_at {
                            None => "live".to_owned(),
                            Some(_) => a.disposition.clone().unwrap_or_else(dash),
                        };
                        view! {
                            <tr>
                                <td data-label="Run">{a.run_no}</td>
                                <td data-label="Attempt">{a.attempt_no}</td>
                                <td data-label="Started">{when(a.dialed_at, tz)}</td>
                                <td data-label="From">{a.from_number.clone().unwrap_or_else(dash)}</td>
                                <td data-label="Carrier">{a.carrier.clone().unwrap_or_else(dash)}</td>
                                <td data-label="Disposition">{disposition}</td>
                                <td data-label="Duration" class="numeric">
                                    {a.duration_seconds.map(|s| format!("{s} s")).unwrap_or_else(dash)}
                                </td>
                                <td data-label="Machine">
                                    {match a.machine {
                                        Some(true) => "yes",
                                        Some(false) => "no",
                                        None => "—",
                                    }}
                                </td>
                                <td data-label="Business disposition">
                                    {a.business_disposition.clone().unwrap_or_else(dash)}
                                </td>
                                <td data-label="Callback">{when(a.callback_at, tz)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
