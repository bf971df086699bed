//! A campaign's configuration at a glance, row by row with the spec's
//! labels (`outdial_shared::config::summary`): the wizard's Review step and
//! the campaign's detail page.

use leptos::prelude::*;

#[component]
pub fn ConfigSummary(
    rows: Vec<(&'static str, String)>,
    /// Rows the caller adds after the configuration's (the Review step's CSV line).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <dl class="review-grid">
            {rows
                .into_iter()
                .map(|(label, value)| view! {
                    <div>
                        <dt>{label}</dt>
                        <dd>{value}</dd>
                    </div>
                })
                .collect_view()}
            {children.map(|children| children())}
        </dl>
    }
}
