//! Any address the router does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="empty-state">
            <h1>"Page not found"</h1>
            <p>
                "There is nothing at this address. " <A href=routes::CAMPAIGNS>"Go to Campaigns"</A>
            </p>
        </section>
    }
}
