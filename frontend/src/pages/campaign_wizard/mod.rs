//! `/dashboard/campaigns/new` and `/dashboard/campaigns/{id}/edit`: the
//! five-step campaign wizard.

use leptos::prelude::*;
use leptos_router::components::A;

/// The wizard's steps, in order, as the pills across the top name them.
const STEPS: [&str; 5] = [
    "Basics",
    "Number Pool",
    "Dialler Config",
    "Upload CSV",
    "Review",
];

#[component]
pub fn CampaignWizardPage() -> impl IntoView {
    view! {
        <A href="/dashboard/campaigns" attr:class="back-link">
            "← Campaigns"
        </A>
        <h1>"Create a campaign"</h1>
        <ol class="wizard-steps">
            {STEPS
                .iter()
                .enumerate()
                .map(|(index, step)| {
                    view! {
                        <li class:current=index == 0>
                            <span class="step-number">{index + 1}</span>
                            {*step}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
