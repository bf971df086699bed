//! API tokens for scripts: `GET|POST /api/tokens`, `DELETE /api/tokens/{id}`.
//! Only a signed-in operator creates or revokes them; the secret is shown
//! once, in the answer to its creation.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{delete, get};
use axum::Router;
use outdial_shared::api::{ApiToken, CreatedApiToken, ErrorBody, NewApiToken};
use serde_json::json;

use super::extract::{AppJson, AppPath};
use super::AppState;
use crate::auth::{secret, Actor};
use crate::domain::{FieldErrors, Name};
use crate::error::AppError;
use crate::store::{self, Timestamp};

/// How many characters of a secret the list shows.
const SHOWN_PREFIX_CHARS: usize = 8;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tokens", get(list).post(create))
        .route("/tokens/{id}", delete(revoke))
}

/// Tokens that still work, newest first (never their secrets).
#[utoipa::path(get, path = "/api/tokens", operation_id = "list_tokens", tag = "tokens",
    responses(
        (status = 200, body = [ApiToken]),
    ))]
async fn list(
    State(state): State<AppState>,
    _actor: Actor,
) -> Result<AppJson<Vec<ApiToken>>, AppError> {
    Ok(AppJson(store::tokens::list_active(&state.db).await?))
}

/// Creates a token and shows its secret, this once.
#[utoipa::path(post, path = "/api/tokens", operation_id = "create_token", tag = "tokens",
    security(("session" = [])),
    request_body = NewApiToken,
    responses(
        (status = 201, body = CreatedApiToken),
        (status = 403, description = "Called with an API token", body = ErrorBody),
    ))]
async fn create(
    State(state): State<AppState>,
    actor: Actor,
    AppJson(input): AppJson<NewApiToken>,
) -> Result<impl IntoResponse, AppError> {
    actor.require_session()?;
    let mut errors = FieldErrors::default();
    let Some(name) = errors.check("name", Name::parse(&input.name)) else {
        return Err(errors.into_error());
    };
    let name = name.into_inner();
    let secret = secret::api_token();
    let prefix: String = secret.chars().take(SHOWN_PREFIX_CHARS).collect();
    let now = Timestamp::now();
    let token = store::tokens::create(
        &state.db,
        &name,
        &secret::hash(&secret),
        &prefix,
        actor.user_id,
        now,
    )
    .await?;
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "token_created",
        &json!({ "token_id": token.id, "name": name }),
        now,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        AppJson(CreatedApiToken { token, secret }),
    ))
}

/// Revokes a token; requests made with it fail from now on.
#[utoipa::path(delete, path = "/api/tokens/{id}", operation_id = "revoke_token", tag = "tokens",
    security(("session" = [])),
    params(("id" = i64, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Called with an API token", body = ErrorBody),
        (status = 404, description = "No such active token", body = ErrorBody),
    ))]
async fn revoke(
    State(state): State<AppState>,
    actor: Actor,
    AppPath(id): AppPath<i64>,
) -> Result<StatusCode, AppError> {
    actor.require_session()?;
    let now = Timestamp::now();
    let name = store::tokens::revoke(&state.db, id, now)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no active API token with this id.".into()))?;
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "token_revoked",
        &json!({ "token_id": id, "name": name }),
        now,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
