//! The pre-launch check's answer (`outdial_shared::preflight`): each
//! question of the spec's "Before you start" with its verdict and reasons,
//! the worst first. Shown on the wizard's Review step and on the page of a
//! campaign that can be started.

use leptos::prelude::*;
use outdial_shared::preflight::Preflight;

#[component]
pub fn PreflightPanel(preflight: Preflight) -> impl IntoView {
    let verdict = preflight.verdict;
    let items = preflight
        .items
        .into_iter()
        .map(|item| {
            let reasons = item
                .reasons
                .into_iter()
                .map(|reason| view! { <li>{reason}</li> })
                .collect_view();
            view! {
                <li class=format!("preflight-item verdict-{}", item.verdict.as_str())>
                    <span class="verdict-mark">{item.verdict.label()}</span>
                    <div>
                        <h3>{item.title}</h3>
                        <ul class="preflight-reasons">{reasons}</ul>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card preflight" aria-labelledby="preflight-title">
            <h2 id="preflight-title">"Pre-launch check"</h2>
            <p class=format!("preflight-verdict verdict-{}", verdict.as_str()) role="status">
                {verdict.summary()}
            </p>
            <ul class="preflight-items">{items}</ul>
        </section>
    }
}
