//! `/dashboard/campaigns`: the campaign list, newest first, with each
//! campaign's status and progress.

use leptos::prelude::*;
use leptos_router::components::A;
use outdial_shared::api::Campaign;

use crate::api;
use crate::browser;
use crate::components::dialler_banner::DiallerBanner;
use crate::components::empty_state::EmptyState;
use crate::components::load_error::LoadError;
use crate::routes;

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let campaigns = LocalResource::new(api::campaigns);
    view! {
        <div class="page-head">
            <h1>"Campaigns"</h1>
            <A href=routes::NEW_CAMPAIGN attr:class="button primary">
                "New campaign"
            </A>
        </div>
        <DiallerBanner />
        <Transition fallback=|| view! { <p class="loading">"Loading campaigns…"</p> }>
            {move || {
                campaigns
                    .get()
                    .map(|result| match result {
                        Ok(page) if page.items.is_empty() => {
                            view! {
                                <EmptyState
                                    title="No campaigns yet"
                                    hint="Create a campaign to start calling a contact list with one of your bots."
                                />
                            }
                                .into_any()
                        }
                        Ok(page) => view! { <CampaignTable campaigns=page.items /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn CampaignTable(campaigns: Vec<Campaign>) -> impl IntoView {
    view! {
        <table class="data-table">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"Status"</th>
                    <th class="numeric">"Contacts"</th>
                    <th class="numeric">"Done"</th>
                    <th>"Created"</th>
                </tr>
            </thead>
            <tbody>
                {campaigns
                    .into_iter()
                    .map(|campaign| {
                        let href = routes::campaign(campaign.id);
                        let status = campaign.status.as_str();
                        view! {
                            <tr>
                                <td>
                                    <A href=href>{campaign.config.name().as_str().to_string()}</A>
                                </td>
                                <td>
                                    <span class=format!("status status-{status}")>{status}</span>
                                </td>
                                <td class="numeric">{campaign.counts.total}</td>
                                <td class="numeric">{campaign.counts.done}</td>
                                <td>{browser::utc_minute(campaign.created_at)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
