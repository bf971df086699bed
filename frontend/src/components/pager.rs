//! "Page 2 of 7" with Previous and Next, for a list the API pages.

use leptos::prelude::*;
use outdial_shared::api::page_count;

#[component]
pub fn Pager(
    /// The page shown, from 1.
    page: RwSignal<u32>,
    #[prop(into)] total: Signal<u64>,
    page_size: u64,
) -> impl IntoView {
    let pages = move || page_count(total.get(), page_size);
    let at_first = move || page.get() <= 1;
    let at_last = move || u64::from(page.get()) >= pages();
    view! {
        <nav class="pager" aria-label="Pages">
            <button
                class="button"
                disabled=at_first
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))
            >
                "Previous"
            </button>
            <span class="pager-position">
                {move || format!("Page {} of {}", page.get(), pages())}
            </span>
            <button
                class="button"
                disabled=at_last
                on:click=move |_| page.update(|p| *p = p.saturating_add(1))
            >
                "Next"
            </button>
        </nav>
    }
}
