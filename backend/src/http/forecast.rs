//! `GET /api/campaigns/{id}/forecast` and `POST /api/forecast`: when a
//! campaign will finish, as ranges over simulated runs of the real
//! scheduler (`crate::forecast`, docs/forecast.md).

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use chrono::{Duration, Utc};
use outdial_shared::config::CampaignConfig;
use outdial_shared::contacts::with_commas;
use outdial_shared::forecast::{Forecast, ForecastRequest, RatesSource};
use outdial_shared::lifecycle::Status;
use outdial_shared::window::local_day_time;

use super::campaigns::{config_error, load};
use super::extract::{AppJson, AppPath};
use super::preflight::pool_of;
use super::AppState;
use crate::error::AppError;
use crate::forecast::{carriers_of, forecast, rates_of, ForecastInput};
use crate::store;

/// The most contacts a forecast of an unsaved form takes (a file's limit).
const MAX_CONTACTS: u64 = outdial_shared::contacts::MAX_ROWS as u64;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/forecast", get(campaign_forecast))
        .route("/forecast", post(unsaved_forecast))
}

/// The campaign's forecast from now, for the contacts it still has to call
/// (pending, in a call, waiting for a retry or a callback: each forecast as
/// a contact not yet called), with outcome rates from its own history once
/// it has some, else its carriers', else the defaults.
#[utoipa::path(get, path = "/api/campaigns/{id}/forecast", operation_id = "campaign_forecast", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses((status = 200, body = Forecast)))]
async fn campaign_forecast(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> Result<AppJson<Forecast>, AppError> {
    let campaign = load(&state, id).await?;
    let counts = store::campaigns::counts(&state.db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let contacts = counts.pending + counts.in_call + counts.retry + counts.callback;
    let own = store::outcome_history::of_campaign(&state.db, id).await?;
    let input = gather(&state, &campaign.config, contacts, Some(own)).await?;
    let mut answer = forecast(input).await?;
    if campaign.status == Status::Running {
        let zone = campaign.config.window().timezone();
        answer.notes.push(format!(
            "Live: from the campaign's progress at {}: {} still to call ({} in a call, {} \
             waiting for a retry, {} for a callback), each forecast as not yet called.",
            local_day_time(answer.from, &zone),
            with_commas(contacts),
            with_commas(counts.in_call),
            with_commas(counts.retry),
            with_commas(counts.callback),
        ));
    }
    Ok(AppJson(answer))
}

/// The forecast of a form not saved yet (the wizard's Review step).
#[utoipa::path(post, path = "/api/forecast", operation_id = "forecast_unsaved", tag = "campaigns",
    request_body = ForecastRequest,
    responses((status = 200, body = Forecast)))]
async fn unsaved_forecast(
    State(state): State<AppState>,
    AppJson(request): AppJson<ForecastRequest>,
) -> Result<AppJson<Forecast>, AppError> {
    let config = request.campaign.parse().map_err(|e| config_error(&e))?;
    if request.contacts > MAX_CONTACTS {
        return Err(AppError::invalid_field(
            "contacts",
            format!("A campaign's list holds at most {MAX_CONTACTS} contacts."),
        ));
    }
    let input = gather(&state, &config, request.contacts, None).await?;
    Ok(AppJson(forecast(input).await?))
}

/// The pool, the bot's callback setting and the rates.
async fn gather(
    state: &AppState,
    config: &CampaignConfig,
    contacts: u64,
    own: Option<crate::forecast::History>,
) -> Result<ForecastInput, AppError> {
    let pool: Vec<_> = pool_of(state, config)
        .await?
        .into_iter()
        .filter(|n| !n.inbound_only && n.carrier_cps > 0)
        .collect();
    if pool.is_empty() {
        return Err(AppError::invalid_field(
            "number_ids",
            "No outbound number of the pool can dial: nothing can be forecast.",
        ));
    }
    let mut carrier_ids: Vec<i64> = pool.iter().map(|n| n.carrier_id).collect();
    carrier_ids.sort_unstable();
    carrier_ids.dedup();
    let bot_callbacks = store::bots::get(&state.db, config.bot_id().get())
        .await?
        .is_some_and(|bot| bot.callback_enabled);
    let (outcomes, rates_from, history) = match own.as_ref().and_then(rates_of) {
        Some(model) => (model, RatesSource::Campaign, own.map_or(0, |h| h.ended)),
        None => {
            let recent = store::outcome_history::of_carriers(
                &state.db,
                &carrier_ids,
                Utc::now() - Duration::days(7),
            )
            .await?;
            match rates_of(&recent) {
                Some(model) => (model, RatesSource::Carriers, recent.ended),
                None => (Default::default(), RatesSource::Defaults, 0),
            }
        }
    };
    Ok(ForecastInput {
        config: config.clone(),
        carriers: carriers_of(
            &pool
                .into_iter()
                .map(|n| (n.phone, n.carrier, n.carrier_cps))
                .collect::<Vec<_>>(),
        ),
        contacts,
        sample: crate::forecast::SAMPLE,
        outcomes,
        rates_from,
        history,
        bot_callbacks,
        from: Utc::now(),
    })
}
