//! Carriers and the numbers they own: `GET|POST /api/carriers`,
//! `GET|PATCH|DELETE /api/carriers/{id}`, `POST /api/carriers/{id}/numbers`.
//! A carrier whose numbers a campaign uses cannot be deleted.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use outdial_shared::api::{
    Carrier, CarrierPatch, ErrorBody, NewCarrier, NewPhoneNumber, CPS_LIMIT_DEFAULT,
};
use serde_json::json;

use super::extract::{AppJson, AppPath};
use super::numbers::{number_taken, parse_region};
use super::{campaign_list, AppState};
use crate::auth::Actor;
use crate::domain::{CpsLimit, E164Number, FieldErrors, Label, Name};
use crate::error::{AppError, ConstraintViolation};
use crate::store::carriers::{CarrierChanges, CarrierFields};
use crate::store::numbers::NumberFields;
use crate::store::{self, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/carriers", get(list).post(create))
        .route("/carriers/{id}", get(read).patch(update).delete(remove))
        .route("/carriers/{id}/numbers", post(add_number))
}

fn not_found() -> AppError {
    AppError::NotFound("There is no carrier with this id.".into())
}

fn name_taken(name: &str) -> impl FnOnce() -> AppError + '_ {
    move || AppError::Conflict(format!("A carrier named {name:?} already exists."))
}

/// Every carrier with its numbers, by name.
#[utoipa::path(get, path = "/api/carriers", operation_id = "list_carriers", tag = "carriers",
    responses((status = 200, body = [Carrier])))]
async fn list(State(state): State<AppState>) -> Result<AppJson<Vec<Carrier>>, AppError> {
    Ok(AppJson(store::carriers::list(&state.db).await?))
}

/// Creates a carrier (calls-per-second limit 10 unless given, 1..=1000).
#[utoipa::path(post, path = "/api/carriers", operation_id = "create_carrier", tag = "carriers",
    request_body = NewCarrier,
    responses(
        (status = 201, body = Carrier),
        (status = 409, description = "The name is taken", body = ErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    AppJson(input): AppJson<NewCarrier>,
) -> Result<impl IntoResponse, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", Name::parse(&input.name));
    let cps = errors.check(
        "cps_limit",
        CpsLimit::parse(input.cps_limit.unwrap_or(CPS_LIMIT_DEFAULT)),
    );
    let (Some(name), Some(cps)) = (name, cps) else {
        return Err(errors.into_error());
    };
    let fields = CarrierFields {
        name: name.into_inner(),
        cps_limit: cps.get(),
    };
    let now = Timestamp::now();
    let carrier = store::carriers::insert(&state.db, &fields, now)
        .await
        .on_unique_violation(name_taken(&fields.name))?;
    let details =
        json!({ "carrier_id": carrier.id, "name": carrier.name, "cps_limit": carrier.cps_limit });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "carrier_created",
        &details,
        now,
    )
    .await?;
    Ok((StatusCode::CREATED, AppJson(carrier)))
}

/// One carrier with its numbers.
#[utoipa::path(get, path = "/api/carriers/{id}", operation_id = "read_carrier", tag = "carriers",
    params(("id" = i64, Path, description = "The carrier's id")),
    responses(
        (status = 200, body = Carrier),
    ))]
async fn read(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> Result<AppJson<Carrier>, AppError> {
    let carrier = store::carriers::get(&state.db, id)
        .await?
        .ok_or_else(not_found)?;
    Ok(AppJson(carrier))
}

/// Changes the fields present in the body.
#[utoipa::path(patch, path = "/api/carriers/{id}", operation_id = "update_carrier", tag = "carriers",
    params(("id" = i64, Path, description = "The carrier's id")),
    request_body = CarrierPatch,
    responses(
        (status = 200, body = Carrier),
        (status = 409, description = "The new name is taken", body = ErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
    AppJson(patch): AppJson<CarrierPatch>,
) -> Result<AppJson<Carrier>, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.check_optional("name", patch.name.as_deref().map(Name::parse));
    let cps = errors.check_optional("cps_limit", patch.cps_limit.map(CpsLimit::parse));
    let (Some(name), Some(cps)) = (name, cps) else {
        return Err(errors.into_error());
    };
    let changes = CarrierChanges {
        name: name.map(Name::into_inner),
        cps_limit: cps.map(CpsLimit::get),
    };
    let now = Timestamp::now();
    let carrier = store::carriers::update(&state.db, id, &changes, now)
        .await
        .on_unique_violation(name_taken(changes.name.as_deref().unwrap_or_default()))?
        .ok_or_else(not_found)?;
    let details =
        json!({ "carrier_id": id, "changed": serde_json::to_value(&patch).unwrap_or_default() });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "carrier_edited",
        &details,
        now,
    )
    .await?;
    Ok(AppJson(carrier))
}

/// Deletes a carrier and its numbers, unless a campaign uses one of them.
#[utoipa::path(delete, path = "/api/carriers/{id}", operation_id = "delete_carrier", tag = "carriers",
    params(("id" = i64, Path, description = "The carrier's id")),
    responses(
        (status = 204, description = "Deleted, with its numbers"),
        (status = 409, description = "A campaign uses one of its numbers", body = ErrorBody),
    ))]
async fn remove(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
) -> Result<StatusCode, AppError> {
    let carrier = store::carriers::get(&state.db, id)
        .await?
        .ok_or_else(not_found)?;
    let in_use = |campaigns: &[String]| {
        AppError::Conflict(format!(
            "The carrier {:?} cannot be deleted: its numbers are used by {}.",
            carrier.name,
            campaign_list(campaigns)
        ))
    };
    let campaigns = store::carriers::campaigns_using(&state.db, id).await?;
    if !campaigns.is_empty() {
        return Err(in_use(&campaigns));
    }
    // A campaign that took one of its numbers since the check is caught by the foreign key.
    if !store::carriers::delete(&state.db, id)
        .await
        .on_foreign_key_violation(|| in_use(&[]))?
    {
        return Err(not_found());
    }
    let details = json!({ "carrier_id": id, "name": carrier.name });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "carrier_deleted",
        &details,
        Timestamp::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds an outbound number to the carrier, stored in E.164.
#[utoipa::path(post, path = "/api/carriers/{id}/numbers", operation_id = "add_number", tag = "numbers",
    params(("id" = i64, Path, description = "The carrier's id")),
    request_body = NewPhoneNumber,
    responses(
        (status = 201, body = outdial_shared::api::PhoneNumber),
        (status = 404, description = "No such carrier", body = ErrorBody),
        (status = 409, description = "The number exists already", body = ErrorBody),
    ))]
async fn add_number(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(carrier_id): AppPath<i64>,
    AppJson(input): AppJson<NewPhoneNumber>,
) -> Result<impl IntoResponse, AppError> {
    if !store::carriers::exists(&state.db, carrier_id).await? {
        return Err(not_found());
    }
    let mut errors = FieldErrors::default();
    let region = parse_region(&mut errors, input.default_region.as_deref());
    let number =
        region.and_then(|region| errors.check("number", E164Number::parse(&input.number, region)));
    let label = errors.check("label", Label::parse(input.label.as_deref()));
    let (Some(number), Some(label)) = (number, label) else {
        return Err(errors.into_error());
    };
    let fields = NumberFields {
        carrier_id,
        number: number.into_inner(),
        label: label.into_inner(),
        inbound_only: input.inbound_only,
    };
    let now = Timestamp::now();
    let number = store::numbers::insert(&state.db, &fields, now)
        .await
        .on_unique_violation(number_taken(&fields.number))?;
    let details =
        json!({ "number_id": number.id, "carrier_id": carrier_id, "number": number.number });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "number_added",
        &details,
        now,
    )
    .await?;
    Ok((StatusCode::CREATED, AppJson(number)))
}
