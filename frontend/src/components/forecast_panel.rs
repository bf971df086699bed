//! The forecast (`outdial_shared::forecast`): when the first pass and the
//! campaign are expected to end, attempts and contacts left unreached, each
//! as the 10th–90th percentile of simulated runs, with how it was made.
//! Shown on the wizard's Review step and on the campaign's page.

use leptos::prelude::*;
use outdial_shared::config::Timezone;
use outdial_shared::forecast::{Forecast, ForecastOutcome};

use crate::browser;
use crate::zone;

#[component]
pub fn ForecastPanel(forecast: Forecast, tz: Timezone) -> impl IntoView {
    let zone = zone::of(tz);
    let horizon = forecast.horizon_days;
    let body = match forecast.outcome {
        ForecastOutcome::Never => view! {
            <p class="forecast-never" role="status">
                "Never: the calling window never opens, so no contact will be called."
            </p>
        }
        .into_any(),
        ForecastOutcome::NothingToCall => view! {
            <p class="muted" role="status">"No contact is left to call."</p>
        }
        .into_any(),
        ForecastOutcome::Ranges => view! {
            <dl class="forecast-figures">
                <div>
                    <dt>"First pass ends"</dt>
                    <dd>{forecast.first_pass_end.describe(&*zone, horizon)}</dd>
                </div>
                <div>
                    <dt>"Campaign ends"</dt>
                    <dd>{forecast.campaign_end.describe(&*zone, horizon)}</dd>
                </div>
                <div>
                    <dt>"Attempts"</dt>
                    <dd>{forecast.attempts.describe()}</dd>
                </div>
                <div>
                    <dt>"Contacts left unreached"</dt>
                    <dd>{forecast.unreached.describe()}</dd>
                </div>
            </dl>
        }
        .into_any(),
    };
    let how = format!(
        "{} contacts; {} simulated runs of the dialler's own scheduler, 10th–90th percentile; \
         answer rate {:.0} %; worked out in {} ms.",
        browser::thousands(forecast.contacts),
        forecast.runs,
        forecast.answer_rate * 100.0,
        forecast.took_ms
    );
    view! {
        <section class="card forecast" aria-labelledby="forecast-title">
            <h2 id="forecast-title">"Forecast"</h2>
            {body}
            <ul class="forecast-notes">
                {forecast.notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
                <li>{how}</li>
            </ul>
        </section>
    }
}
