//! The bar across the top of every page: the product name and the three
//! sections. The router marks the current section with `aria-current="page"`.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="app-header">
            <a class="brand" href="/dashboard/campaigns">
                "Outdial"
            </a>
            <nav class="app-nav" aria-label="Main">
                <A href="/dashboard/campaigns">"Campaigns"</A>
                <A href="/dashboard/bots">"Bots"</A>
                <A href="/dashboard/carriers">"Carriers"</A>
            </nav>
        </header>
    }
}
