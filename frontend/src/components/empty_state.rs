//! The friendly block a page shows when it has nothing to list yet.

use leptos::prelude::*;

#[component]
pub fn EmptyState(title: &'static str, hint: &'static str) -> impl IntoView {
    view! {
        <section class="empty-state">
            <h2>{title}</h2>
            <p>{hint}</p>
        </section>
    }
}
