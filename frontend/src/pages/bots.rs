//! `/dashboard/bots`: the voice bots campaigns can use.

use leptos::prelude::*;

use crate::components::empty_state::EmptyState;

#[component]
pub fn BotsPage() -> impl IntoView {
    view! {
        <div class="page-head">
            <h1>"Bots"</h1>
        </div>
        <EmptyState
            title="No bots yet"
            hint="Add the bot that will speak to contacts; a campaign needs one that has passed its test calls."
        />
    }
}
