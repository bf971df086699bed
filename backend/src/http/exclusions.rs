//! Exclusions: `POST /api/campaigns/{id}/exclusions {"phone_numbers":[…]}`
//! and `DELETE /api/campaigns/{id}/exclusions/{phone}`.
//!
//! An excluded number is never dialled: its waiting contacts become
//! `excluded` at once (a live call finishes; a done contact stays done).
//! An exclusion made while the campaign's Sticky exclusion is on stays
//! sticky: the number stays suppressed when it is re-added by upload or
//! append. Without it, a deliberate re-add lifts the exclusion and the
//! contact is dialled again.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, post};
use axum::Router;
use outdial_shared::api::{ErrorBody, Exclusions, NewExclusions};
use serde_json::json;

use super::campaigns::load;
use super::events::publish_counts;
use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::auth::Actor;
use crate::domain::{E164Number, Region};
use crate::error::AppError;
use crate::store::{self, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/exclusions", post(exclude))
        .route("/campaigns/{id}/exclusions/{phone}", delete(unexclude))
}

/// Reads a number as the campaign's contacts are read: in its default region.
fn normalise(raw: &str, region: Option<&str>) -> Result<String, String> {
    let region = region.and_then(|r| Region::parse(r).ok());
    E164Number::parse(raw, region).map(E164Number::into_inner)
}

/// Excludes numbers (normalised to E.164) from the campaign.
#[utoipa::path(post, path = "/api/campaigns/{id}/exclusions", operation_id = "exclude_numbers", tag = "contacts",
    params(("id" = i64, Path, description = "The campaign's id")),
    request_body = NewExclusions,
    responses(
        (status = 200, body = Exclusions),
        (status = 422, description = "A number is not valid, or none was given", body = ErrorBody),
    ))]
async fn exclude(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<NewExclusions>,
) -> Result<AppJson<Exclusions>, AppError> {
    let campaign = load(&state, id).await?;
    if input.phone_numbers.is_empty() {
        return Err(AppError::invalid_field(
            "phone_numbers",
            "Give at least one phone number to exclude.",
        ));
    }
    let mut numbers = Vec::new();
    let mut problems = Vec::new();
    for raw in &input.phone_numbers {
        match normalise(raw, campaign.default_region.as_deref()) {
            Ok(number) if !numbers.contains(&number) => numbers.push(number),
            Ok(_) => {}
            Err(reason) => problems.push(reason),
        }
    }
    if !problems.is_empty() {
        return Err(AppError::invalid_field("phone_numbers", problems.join(" ")));
    }
    let sticky = campaign.config.sticky_exclusion();
    let now = Timestamp::now();
    let actor_name = actor.audit_name();
    let contacts_excluded =
        store::contacts::exclude(&state.db, id, &numbers, sticky, &actor_name, now).await?;
    store::audit::record(
        &state.db,
        Some(id),
        &actor_name,
        "contacts_excluded",
        &json!({ "phone_numbers": numbers, "sticky": sticky, "contacts": contacts_excluded }),
        now,
    )
    .await?;
    publish_counts(&state, id).await?;
    Ok(AppJson(Exclusions {
        phone_numbers: numbers,
        sticky,
        contacts_excluded,
    }))
}

/// Lifts a number's exclusion; its excluded contacts become pending again.
#[utoipa::path(delete, path = "/api/campaigns/{id}/exclusions/{phone}", operation_id = "unexclude_number", tag = "contacts",
    params(
        ("id" = i64, Path, description = "The campaign's id"),
        ("phone" = String, Path, description = "The number, in any common format (URL-encode the +)"),
    ),
    responses(
        (status = 204, description = "No longer excluded"),
        (status = 404, description = "No such campaign, or the number is not excluded", body = ErrorBody),
        (status = 422, description = "The number is not a phone number", body = ErrorBody),
    ))]
async fn unexclude(
    State(state): State<AppState>,
    actor: Actor,
    AppPath((id, phone)): AppPath<(i64, String)>,
) -> Result<StatusCode, AppError> {
    let campaign = load(&state, id).await?;
    let number = normalise(&phone, campaign.default_region.as_deref())
        .map_err(|reason| AppError::invalid_field("phone", reason))?;
    let now = Timestamp::now();
    if !store::contacts::unexclude(&state.db, id, &number, now).await? {
        return Err(AppError::NotFound(format!(
            "{number} is not excluded from this campaign."
        )));
    }
    store::audit::record(
        &state.db,
        Some(id),
        &actor.audit_name(),
        "contacts_unexcluded",
        &json!({ "phone_number": number }),
        now,
    )
    .await?;
    publish_counts(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
