//! A bar of `done` out of `total` with the figures beside it, readable by
//! screen readers as a progress bar.

use leptos::prelude::*;

use outdial_shared::api::percent;

use crate::browser;

#[component]
pub fn ProgressBar(
    #[prop(into)] done: Signal<u64>,
    #[prop(into)] total: Signal<u64>,
    /// What the bar measures, for screen readers ("Contacts done").
    label: &'static str,
) -> impl IntoView {
    let share = move || percent(done.get(), total.get());
    view! {
        <div class="progress">
            <div
                class="progress-track"
                role="progressbar"
                aria-label=label
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=move || share().to_string()
            >
                <div class="progress-fill" style=move || format!("width: {}%", share())></div>
            </div>
            <span class="progress-figures">
                {move || {
                    format!(
                        "{} of {}",
                        browser::thousands(done.get()),
                        browser::thousands(total.get()),
                    )
                }}
            </span>
        </div>
    }
}
