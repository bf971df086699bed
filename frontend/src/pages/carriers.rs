//! `/dashboard/carriers`: carriers, their dial rate and their outbound numbers.

use leptos::prelude::*;

use crate::components::empty_state::EmptyState;

#[component]
pub fn CarriersPage() -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>"Carriers"</h1>
        </div>
        <EmptyState
            title="No carriers yet"
            hint="Add a carrier with its calls-per-second limit and the outbound numbers campaigns may dial from."
        />
    }
}
