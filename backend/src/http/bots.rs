//! Bots: `GET|POST /api/bots`, `GET|PATCH|DELETE /api/bots/{id}`. A bot that
//! a campaign uses cannot be deleted.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use outdial_shared::api::{Bot, BotPatch, ErrorBody, NewBot};
use serde_json::json;

use super::extract::{AppJson, AppPath};
use super::{campaign_list, AppState};
use crate::auth::Actor;
use crate::domain::{Description, FieldErrors, Name};
use crate::error::{AppError, ConstraintViolation};
use crate::store::bots::{BotChanges, BotFields};
use crate::store::{self, Timestamp};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/bots", get(list).post(create))
        .route("/bots/{id}", get(read).patch(update).delete(remove))
}

fn not_found() -> AppError {
    AppError::NotFound("There is no bot with this id.".into())
}

fn name_taken(name: &str) -> impl FnOnce() -> AppError + '_ {
    move || AppError::Conflict(format!("A bot named {name:?} already exists."))
}

/// Every bot, by name.
#[utoipa::path(get, path = "/api/bots", operation_id = "list_bots", tag = "bots",
    responses((status = 200, body = [Bot])))]
async fn list(State(state): State<AppState>) -> Result<AppJson<Vec<Bot>>, AppError> {
    Ok(AppJson(store::bots::list(&state.db).await?))
}

/// Creates a bot.
#[utoipa::path(post, path = "/api/bots", operation_id = "create_bot", tag = "bots",
    request_body = NewBot,
    responses(
        (status = 201, body = Bot),
        (status = 409, description = "The name is taken", body = ErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    AppJson(input): AppJson<NewBot>,
) -> Result<impl IntoResponse, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", Name::parse(&input.name));
    let description = errors.check("description", Description::parse(&input.description));
    let (Some(name), Some(description)) = (name, description) else {
        return Err(errors.into_error());
    };
    let fields = BotFields {
        name: name.into_inner(),
        description: description.into_inner(),
        callback_enabled: input.callback_enabled,
        ready: input.ready,
    };
    let now = Timestamp::now();
    let bot = store::bots::insert(&state.db, &fields, now)
        .await
        .on_unique_violation(name_taken(&fields.name))?;
    let details = json!({ "bot_id": bot.id, "name": bot.name });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "bot_created",
        &details,
        now,
    )
    .await?;
    Ok((StatusCode::CREATED, AppJson(bot)))
}

/// One bot.
#[utoipa::path(get, path = "/api/bots/{id}", operation_id = "read_bot", tag = "bots",
    params(("id" = i64, Path, description = "The bot's id")),
    responses(
        (status = 200, body = Bot),
    ))]
async fn read(
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> Result<AppJson<Bot>, AppError> {
    let bot = store::bots::get(&state.db, id)
        .await?
        .ok_or_else(not_found)?;
    Ok(AppJson(bot))
}

/// Changes the fields present in the body.
#[utoipa::path(patch, path = "/api/bots/{id}", operation_id = "update_bot", tag = "bots",
    params(("id" = i64, Path, description = "The bot's id")),
    request_body = BotPatch,
    responses(
        (status = 200, body = Bot),
        (status = 409, description = "The new name is taken", body = ErrorBody),
    ))]
async fn update(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
    AppJson(patch): AppJson<BotPatch>,
) -> Result<AppJson<Bot>, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.check_optional("name", patch.name.as_deref().map(Name::parse));
    let description = errors.check_optional(
        "description",
        patch.description.as_deref().map(Description::parse),
    );
    let (Some(name), Some(description)) = (name, description) else {
        return Err(errors.into_error());
    };
    let changes = BotChanges {
        name: name.map(Name::into_inner),
        description: description.map(Description::into_inner),
        callback_enabled: patch.callback_enabled,
        ready: patch.ready,
    };
    let now = Timestamp::now();
    let bot = store::bots::update(&state.db, id, &changes, now)
        .await
        .on_unique_violation(name_taken(changes.name.as_deref().unwrap_or_default()))?
        .ok_or_else(not_found)?;
    let details =
        json!({ "bot_id": id, "changed": serde_json::to_value(&patch).unwrap_or_default() });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "bot_edited",
        &details,
        now,
    )
    .await?;
    Ok(AppJson(bot))
}

/// Deletes a bot that no campaign uses.
#[utoipa::path(delete, path = "/api/bots/{id}", operation_id = "delete_bot", tag = "bots",
    params(("id" = i64, Path, description = "The bot's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "A campaign uses the bot", body = ErrorBody),
    ))]
async fn remove(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
) -> Result<StatusCode, AppError> {
    let bot = store::bots::get(&state.db, id)
        .await?
        .ok_or_else(not_found)?;
    let in_use = |campaigns: &[String]| {
        AppError::Conflict(format!(
            "The bot {:?} cannot be deleted: it is used by {}.",
            bot.name,
            campaign_list(campaigns)
        ))
    };
    let campaigns = store::bots::campaigns_using(&state.db, id).await?;
    if !campaigns.is_empty() {
        return Err(in_use(&campaigns));
    }
    // A campaign created since the check above is caught by the foreign key.
    if !store::bots::delete(&state.db, id)
        .await
        .on_foreign_key_violation(|| in_use(&[]))?
    {
        return Err(not_found());
    }
    let details = json!({ "bot_id": id, "name": bot.name });
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "bot_deleted",
        &details,
        Timestamp::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
