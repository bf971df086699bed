//! Contacts by state as one stacked bar, with a legend that gives each
//! part's count and share (the legend is the accessible form: the bar
//! itself is decoration for screen readers).

use leptos::prelude::*;
use outdial_shared::dashboard::{share_text, Segment};

use crate::browser;

#[component]
pub fn ContactsBar(#[prop(into)] segments: Signal<Vec<Segment>>) -> impl IntoView {
    view! {
        <div class="stacked-bar" aria-hidden="true">
            <For
                each=move || segments.get()
                key=|segment| (segment.key.clone(), segment.count)
                let:segment
            >
                <div
                    class="stacked-part"
                    data-part=segment.key.clone()
                    style=format!("width: {:.3}%", segment.share)
                    title=format!("{}: {}", segment.label, browser::thousands(segment.count))
                ></div>
            </For>
        </div>
        <ul class="chart-legend" aria-label="Contacts by state">
            <For
                each=move || segments.get()
                key=|segment| (segment.key.clone(), segment.count)
                let:segment
            >
                <li>
                    <span class="swatch" data-part=segment.key.clone()></span>
                    <span class="legend-label">{segment.label.clone()}</span>
                    <span class="legend-value">
                        {format!(
                            "{} ({})",
                            browser::thousands(segment.count),
                            share_text(segment.share),
                        )}
                    </span>
                </li>
            </For>
        </ul>
        <Show when=move || segments.with(Vec::is_empty)>
            <p class="chart-empty">"No contacts yet."</p>
        </Show>
    }
}
