//! The campaign's forecast on its page: before Start, and while it runs,
//! worked out again every minute (and whenever the campaign is read again)
//! for the contacts still to call.

use leptos::prelude::*;
use outdial_shared::config::Timezone;
use outdial_shared::lifecycle::Status;

use crate::api;
use crate::browser;
use crate::components::forecast_panel::ForecastPanel;
use crate::components::loaded::Loaded;

/// How often a running campaign's forecast is worked out again.
const EVERY: std::time::Duration = std::time::Duration::from_secs(60);

#[component]
pub fn ForecastSection(
    campaign_id: i64,
    #[prop(into)] status: Signal<Option<Status>>,
    tz: Timezone,
    version: RwSignal<u32>,
) -> impl IntoView {
    let clock = browser::ticking_clock(EVERY);
    let forecast = LocalResource::new(move || {
        version.track();
        if status.get() == Some(Status::Running) {
            clock.track();
        }
        api::forecast(campaign_id)
    });
    view! {
        <Loaded resource=forecast loading="Forecasting…" let:forecast>
            <ForecastPanel forecast tz />
        </Loaded>
    }
}
