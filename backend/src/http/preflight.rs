//! `GET /api/campaigns/{id}/preflight` and `POST /api/preflight`: the
//! pre-launch check of a stored campaign and of a configuration not saved
//! yet. The handlers gather the facts (bot, numbers and their carriers, the list's counts and
//! countries, the operator's display zone); [`outdial_shared::preflight`]
//! judges them, so the wizard and the page read one set of rules.

use std::collections::HashMap;

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use outdial_shared::api::ErrorBody;
use outdial_shared::config::{CampaignConfig, Timezone};
use outdial_shared::contacts::count_sampled_regions;
use outdial_shared::preflight::{
    preflight as judge, BotFacts, ContactFacts, NumberFacts, Preflight, PreflightInput,
    PreflightRequest,
};

use super::campaigns::{config_error, load};
use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::auth::Actor;
use crate::error::AppError;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/preflight", get(preflight))
        .route("/preflight", post(preflight_unsaved))
}

/// The spec's "Before you start", answered from the data: each item pass,
/// warn or fail with its reasons (docs/preflight.md).
#[utoipa::path(get, path = "/api/campaigns/{id}/preflight", operation_id = "campaign_preflight", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses(
        (status = 200, body = Preflight),
    ))]
async fn preflight(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
) -> Result<AppJson<Preflight>, AppError> {
    let campaign = load(&state, id).await?;
    let contacts = stored_list(&state, id).await?;
    judged(&state, &actor, &campaign.config, contacts).await
}

/// The pre-launch check of a configuration not saved yet (the wizard's
/// Review step): the form as `POST /api/campaigns` takes it, with the
/// figures of the file about to be uploaded, or, without a file, the stored
/// list of the campaign being edited.
#[utoipa::path(post, path = "/api/preflight", operation_id = "preflight_unsaved", tag = "campaigns",
    request_body = PreflightRequest,
    responses(
        (status = 200, body = Preflight),
        (status = 404, description = "`campaign_id` names no campaign", body = ErrorBody),
    ))]
async fn preflight_unsaved(
    State(state): State<AppState>,
    actor: Actor,
    AppJson(request): AppJson<PreflightRequest>,
) -> Result<AppJson<Preflight>, AppError> {
    let config = request.campaign.parse().map_err(|e| config_error(&e))?;
    let contacts = match (request.contacts, request.campaign_id) {
        (Some(file), _) => ContactFacts {
            total: file.total,
            excluded: 0,
            by_region: file.regions,
            from_file: true,
        },
        (None, Some(id)) => {
            load(&state, id).await?;
            stored_list(&state, id).await?
        }
        (None, None) => ContactFacts::default(),
    };
    judged(&state, &actor, &config, contacts).await
}

/// The campaign's current list: its counts and its countries.
async fn stored_list(state: &AppState, id: i64) -> Result<ContactFacts, AppError> {
    let counts = store::campaigns::counts(&state.db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok(ContactFacts {
        total: counts.total,
        excluded: counts.excluded,
        by_region: count_sampled_regions(
            store::contacts::by_number_prefix(&state.db, id)
                .await?
                .into_iter()
                .map(|(sample, count)| (sample, count.max(0) as u64)),
        ),
        from_file: false,
    })
}

/// Gathers the bot, the numbers with their carriers and the operator's zone,
/// and judges them with the list.
async fn judged(
    state: &AppState,
    actor: &Actor,
    config: &CampaignConfig,
    contacts: ContactFacts,
) -> Result<AppJson<Preflight>, AppError> {
    let bot = store::bots::get(&state.db, config.bot_id().get())
        .await?
        .map(|bot| BotFacts {
            name: bot.name,
            ready: bot.ready,
            callback_enabled: bot.callback_enabled,
            last_passed_test_call: bot.last_passed_test_call,
        });
    let numbers = pool_of(state, config)
        .await?
        .into_iter()
        .map(|n| NumberFacts {
            phone: n.phone,
            inbound_only: n.inbound_only,
            carrier: n.carrier,
            carrier_cps: n.carrier_cps,
        })
        .collect();
    let campaign_zone = config.window().timezone();
    let operator = store::users::find(&state.db, actor.user_id)
        .await?
        .and_then(|user| user.display_timezone)
        .and_then(|name| Timezone::parse(&name))
        .filter(|zone| *zone != campaign_zone);
    Ok(AppJson(judge(&PreflightInput {
        config,
        bot,
        numbers,
        contacts,
        now: Utc::now(),
        campaign_zone: &campaign_zone,
        operator_zone: operator
            .as_ref()
            .map(|zone| (zone as _, zone.name().to_owned())),
    })))
}

/// One number of a campaign's pool, with its carrier.
pub(super) struct PoolNumber {
    pub phone: String,
    pub inbound_only: bool,
    pub carrier_id: i64,
    pub carrier: String,
    pub carrier_cps: u32,
}

/// The numbers of the configuration's pool that still exist, each with its
/// carrier's name and calls per second, in the pool's order.
pub(super) async fn pool_of(
    state: &AppState,
    config: &CampaignConfig,
) -> Result<Vec<PoolNumber>, AppError> {
    let mut carriers: HashMap<i64, (String, u32)> = HashMap::new();
    let mut numbers = Vec::new();
    for number_id in config.number_ids().ids() {
        let Some(number) = store::numbers::get(&state.db, number_id.get()).await? else {
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = carriers.entry(number.carrier_id) {
            if let Some(carrier) = store::carriers::get(&state.db, number.carrier_id).await? {
                slot.insert((carrier.name, u32::try_from(carrier.cps_limit).unwrap_or(0)));
            }
        }
        let (carrier, carrier_cps) = carriers
            .get(&number.carrier_id)
            .cloned()
            .unwrap_or_default();
        numbers.push(PoolNumber {
            phone: number.number,
            inbound_only: number.inbound_only,
            carrier_id: number.carrier_id,
            carrier,
            carrier_cps,
        });
    }
    Ok(numbers)
}
