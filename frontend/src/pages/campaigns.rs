//! `/dashboard/campaigns`: the campaign list.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::empty_state::EmptyState;

#[component]
pub fn CampaignsPage() -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>"Campaigns"</h1>
            <A href="/dashboard/campaigns/new" attr:class="button primary">
                "New campaign"
            </A>
        </div>
        <EmptyState
            title="No campaigns yet"
            hint="Create a campaign to start calling a contact list with one of your bots."
        />
    }
}
