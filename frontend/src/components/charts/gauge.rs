//! Live calls against the concurrency limit as a half-circle gauge, read
//! out as a meter.

use leptos::prelude::*;
use outdial_shared::dashboard::Gauge;

#[component]
pub fn LiveCallsGauge(#[prop(into)] gauge: Signal<Gauge>) -> impl IntoView {
    // The arc has a path length of 100, so the filled dash is the percent.
    let dash = move || format!("{:.2} 100", gauge.get().fill * 100.0);
    view! {
        <div
            class="gauge"
            role="meter"
            aria-label="Live calls of the Concurrency Limit"
            aria-valuemin="0"
            aria-valuemax=move || gauge.get().limit.to_string()
            aria-valuenow=move || gauge.get().live.to_string()
        >
            <svg viewBox="0 0 120 68" aria-hidden="true">
                <path class="gauge-track" d="M10 60 A50 50 0 0 1 110 60" pathLength="100" />
                <path
                    class="gauge-fill"
                    d="M10 60 A50 50 0 0 1 110 60"
                    pathLength="100"
                    stroke-dasharray=dash
                    stroke-opacity=move || if gauge.get().live == 0 { "0" } else { "1" }
                />
            </svg>
            <p class="gauge-figures">
                <span class="gauge-value">{move || gauge.get().live}</span>
                {move || format!(" of {}", gauge.get().limit)}
            </p>
        </div>
    }
}
