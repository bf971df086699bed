//! A labelled list of horizontal bars (outcomes by disposition, business
//! dispositions): each row's label, a bar as long as its share of the
//! largest row, and its count with its share of all rows.

use leptos::prelude::*;
use outdial_shared::api::percent;
use outdial_shared::dashboard::OutcomeRow;

use crate::browser;

#[component]
pub fn BarList(
    #[prop(into)] rows: Signal<Vec<OutcomeRow>>,
    /// What the list counts, for screen readers ("Outcomes").
    label: &'static str,
    /// Said when there is nothing to count yet.
    empty: &'static str,
) -> impl IntoView {
    let peak = move || rows.with(|rows| rows.iter().map(|r| r.count).max().unwrap_or(0));
    let total = move || rows.with(|rows| rows.iter().map(|r| r.count).sum::<u64>());
    view! {
        <Show
            when=move || rows.with(|rows| !rows.is_empty())
            fallback=move || view! { <p class="chart-empty">{empty}</p> }
        >
            <ul class="bar-list" aria-label=label>
                {move || {
                    let (peak, total) = (peak(), total());
                    rows.get()
                        .into_iter()
                        .map(|row| {
                            let width = format!("width: {}%", percent(row.count, peak));
                            view! {
                                <li data-outcome=row.key.clone()>
                                    <span class="bar-label">{row.label.clone()}</span>
                                    <span class="bar-track">
                                        <span class="bar-fill" style=width></span>
                                    </span>
                                    <span class="bar-value">
                                        {format!(
                                            "{} ({}%)",
                                            browser::thousands(row.count),
                                            percent(row.count, total),
                                        )}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}
