//! `/dashboard/campaigns/{id}`: one campaign's live counts and controls.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CampaignDetailPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <A href="/dashboard/campaigns" attr:class="back-link">
            "← Campaigns"
        </A>
        <h1>"Campaign " {id}</h1>
    }
}
