//! Attempts per hour over the last 24 hours as columns, each hour named in
//! the campaign's timezone on the axis (every third hour written out); each
//! column carries its figure as a tooltip, and the chart a summary for
//! screen readers. HTML rather than SVG, so the labels keep their size at
//! any width.

use leptos::prelude::*;
use outdial_shared::api::percent;
use outdial_shared::dashboard::HourBar;

use crate::browser;

#[component]
pub fn HourChart(
    #[prop(into)] bars: Signal<Vec<HourBar>>,
    /// The zone the hours are named in ("Asia/Kolkata").
    zone: String,
) -> impl IntoView {
    let peak = move || bars.with(|bars| bars.iter().map(|b| b.attempts).max().unwrap_or(0));
    let summary = move || {
        let total: u64 = bars.with(|bars| bars.iter().map(|b| b.attempts).sum());
        format!(
            "{} attempts in the last 24 hours, at most {} in one hour",
            browser::thousands(total),
            browser::thousands(peak()),
        )
    };
    view! {
        <div class="hour-chart" role="img" aria-label=summary>
            {move || {
                let peak = peak();
                bars.get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, bar)| {
                        let tip = format!(
                            "{}: {} attempts",
                            bar.label,
                            browser::thousands(bar.attempts),
                        );
                        let height = format!("height: {}%", percent(bar.attempts, peak));
                        view! {
                            <div class="hour-col" title=tip>
                                <div class="hour-plot">
                                    <div
                                        class="hour-bar"
                                        style=height
                                        data-attempts=bar.attempts.to_string()
                                    ></div>
                                </div>
                                <span class="hour-label">
                                    {(i % 3 == 0).then(|| bar.label.clone())}
                                </span>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
        <p class="chart-caption">{format!("Hour starting, {zone} time")}</p>
    }
}
