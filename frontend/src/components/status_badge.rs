//! A campaign's status as a coloured badge ("Running"), the same on every page.

use leptos::prelude::*;
use outdial_shared::lifecycle::Status;

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let name = status.as_str();
    view! { <span class=format!("status status-{name}")>{name}</span> }
}
