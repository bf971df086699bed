//! Outbound numbers across carriers: `GET /api/numbers`,
//! `PATCH|DELETE /api/numbers/{id}` (they are added under their carrier).
//! A number in a campaign's pool cannot be deleted or made inbound-only.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::Router;
use outdial_shared::api::{ErrorBody, PhoneNumber, PhoneNumberPatch};
use serde_json::json;

use super::extract::{AppJson, AppPath};
use super::{campaign_list, AppState};
use crate::auth::Actor;
use crate::domain::{E164Number, FieldErrors, Label, Region};
use crate::error::{AppError, ConstraintViolation};
use crate::store::numbers::NumberChanges;
use crate::store::{self, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/numbers", get(list))
        .route("/numbers/{id}", patch(update).delete(remove))
}

fn not_found() -> AppError {
    AppError::NotFound("There is no number with this id.".into())
}

pub(super) fn number_taken(number: &str) -> impl FnOnce() -> AppError + '_ {
    move || AppError::Conflict(format!("The number {number} is already configured."))
}

/// Reads an optional `default_region`: `None` when it is invalid (and recorded).
pub(super) fn parse_region(errors: &mut FieldErrors, raw: Option<&str>) -> Option<Option<Region>> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty());
    errors.check_optional("default_region", raw.map(Region::parse))
}

/// Every number of every carrier, in E.164 order.
#[utoipa::path(get, path = "/api/numbers", operation_id = "list_numbers", tag = "numbers",
    responses((status = 200, body = [PhoneNumber])))]
async fn list(State(state): State<AppState>) -> Result<AppJson<Vec<PhoneNumber>>, AppError> {
    Ok(AppJson(store::numbers::list(&state.db, None).await?))
}

/// Changes the fields present in the body.
#[utoipa::path(patch, path = "/api/numbers/{id}", operation_id = "update_number", tag = "numbers",
    params(("id" = i64, Path, description = "The number's id")),
    request_body = PhoneNumberPatch,
    responses(
        (status = 200, body = PhoneNumber),
        (status = 409, description = "The new number exists already, or a campaign uses a number being made inbound-only", body = ErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
    AppJson(patch): AppJson<PhoneNumberPatch>,
) -> Result<AppJson<PhoneNumber>, AppError> {
    let current = store::numbers::get(&state.db, id)
        .await?
        .ok_or_else(not_found)?;
    let mut errors = FieldErrors::default();
    let region = parse_region(&mut errors, patch.default_region.as_deref());
    let number = match region {
        Some(region) => errors.check_optional(
            "number",
            patch
                .number
                .as_deref()
                .map(|raw| E164Number::parse(raw, region)),
        ),
        None => None,
    };
    let label = errors.check_optional(
        "label",
        patch.label.as_deref().map(|l| Label::parse(Some(l))),
    );
    if let Some(carrier_id) = patch.carrier_id {
        if !store::carriers::exists(&state.db, carrier_id).await? {
            errors.check::<()>(
                "carrier_id",
                Err("There is no carrier with this id.".into()),
            );
        }
    }
    let (Some(number), Some(label)) = (number, label) else {
        return Err(errors.into_error());
    };
    if errors.has_errors() {
        return Err(errors.into_error());
    }

    if patch.inbound_only == Some(true) && !current.inbound_only {
        let campaigns = store::numbers::campaigns_using(&state.db, id).await?;
        if !campaigns.is_empty() {
            return Err(AppError::Conflict(format!(
                "The number {} cannot be made inbound-only: it is in the number pool of {}.",
                current.number,
                campaign_list(&campaigns)
            )));
        }
    }

    let changes = NumberChanges {
        carrier_id: patch.carrier_id,
        number: number.map(E164Number::into_inner),
        label: label.map(Label::into_inner),
        inbound_only: patch.inbound_only,
    };
    let now = Timestamp::now();
    let updated = store::numbers::update(&state.db, id, &changes, now)
        .await
        .on_unique_violation(number_taken(changes.number.as_deref().unwrap_or_default()))?
        .ok_or_else(not_found)?;
    let details =
        json!({ "number_id": id, "changed": serde_json::to_value(&patch).unwrap_or_default() });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "number_edited",
        &details,
        now,
    )
    .await?;
    Ok(AppJson(updated))
}

/// Deletes a number that no campaign's pool holds.
#[utoipa::path(delete, path = "/api/numbers/{id}", operation_id = "delete_number", tag = "numbers",
    params(("id" = i64, Path, description = "The number's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "A campaign uses the number", body = ErrorBody),
    ))]
async fn remove(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
) -> Result<StatusCode, AppError> {
    let number = store::numbers::get(&state.db, id)
        .await?
        .ok_or_else(not_found)?;
    let in_use = |campaigns: &[String]| {
        AppError::Conflict(format!(
            "The number {} cannot be deleted: it is in the number pool of {}.",
            number.number,
            campaign_list(campaigns)
        ))
    };
    let campaigns = store::numbers::campaigns_using(&state.db, id).await?;
    if !campaigns.is_empty() {
        return Err(in_use(&campaigns));
    }
    if !store::numbers::delete(&state.db, id)
        .await
        .on_foreign_key_violation(|| in_use(&[]))?
    {
        return Err(not_found());
    }
    let details = json!({ "number_id": id, "number": number.number });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "number_deleted",
        &details,
        Timestamp::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
