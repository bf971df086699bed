//! Signing in and out: `POST /api/auth/login` (open), `POST /api/auth/logout`
//! and `GET /api/auth/me` (protected); the operator's own settings
//! (`PUT /api/auth/me/settings`) and password (`PUT /api/auth/password`).

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::Router;
use outdial_shared::api::{
    new_password_problem, AuthMethod, ErrorBody, LoginRequest, Me, OperatorSettings, PasswordChange,
};
use outdial_shared::config::Timezone;
use serde_json::json;

use super::extract::AppJson;
use super::AppState;
use crate::auth::{self, secret, Actor, Via};
use crate::domain::FieldErrors;
use crate::error::AppError;
use crate::store::{self, Timestamp};

/// Routes anyone may call.
pub fn open_router() -> Router<AppState> {
    Router::new().route("/auth/login", post(login))
}

/// Routes for a signed-in caller.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/auth/me/settings", put(update_settings))
        .route("/auth/password", put(change_password))
}

/// Signs an operator in and sets the `outdial_session` cookie.
#[utoipa::path(post, path = "/api/auth/login", operation_id = "login", security(()), tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me,
            headers(("set-cookie" = String, description = "outdial_session=…; HttpOnly; SameSite=Strict; Path=/"))),
        (status = 401, description = "Wrong username or password", body = ErrorBody),
        (status = 422, description = "Username or password missing", body = ErrorBody),
        (status = 429, description = "Too many failed sign-ins for this username; see Retry-After", body = ErrorBody),
    ))]
async fn login(
    State(state): State<AppState>,
    AppJson(input): AppJson<LoginRequest>,
) -> Result<impl IntoResponse, AppError> {
    let mut errors = FieldErrors::default();
    if input.username.trim().is_empty() {
        errors.check::<()>("username", Err("Enter your username.".into()));
    }
    if input.password.is_empty() {
        errors.check::<()>("password", Err("Enter your password.".into()));
    }
    if errors.has_errors() {
        return Err(errors.into_error());
    }

    let username = input.username.trim();
    if let Err(wait) = state.login_throttle.check(username) {
        tracing::warn!(username, "sign-in throttled after repeated failures");
        return Err(throttled("failed sign-ins", wait));
    }
    let user = store::users::find_by_username(&state.db, username).await?;
    // Always run argon2, even for an unknown user, so timing reveals nothing.
    let stored_hash = user.as_ref().map(|u| u.password_hash.clone());
    let password_ok = state.passwords.verify(input.password, stored_hash).await?;
    let user = match user {
        Some(user) if password_ok => user,
        _ => {
            tracing::info!(username, "sign-in refused");
            state.login_throttle.record_failure(username);
            return Err(AppError::Unauthorized(
                "The username or password is wrong.".into(),
            ));
        }
    };
    state.login_throttle.record_success(username);

    let now = Timestamp::now();
    store::sessions::delete_expired(&state.db, now).await?;
    let session = secret::session_secret();
    let expires_at = now + auth::SESSION_LIFETIME;
    store::sessions::create(&state.db, &secret::hash(&session), user.id, now, expires_at).await?;
    let me = Me {
        user_id: user.id,
        username: user.username,
        auth: AuthMethod::Session,
        display_timezone: user.display_timezone,
    };
    Ok((
        [(SET_COOKIE, auth::session_set_cookie(&session))],
        AppJson(me),
    ))
}

/// The 429 of the sign-in throttle: "Too many {what} for this username; …".
fn throttled(what: &str, wait: std::time::Duration) -> AppError {
    let minutes = wait.as_secs().div_ceil(60);
    AppError::TooManyRequests {
        message: format!("Too many {what} for this username; try again in {minutes} minute(s)."),
        retry_after_secs: wait.as_secs().max(1),
    }
}

/// Ends the caller's session (a token caller has none to end) and clears the cookie.
#[utoipa::path(post, path = "/api/auth/logout", operation_id = "logout", tag = "auth",
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
    ))]
async fn logout(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<impl IntoResponse, AppError> {
    if let Via::Session { token_hash } = &actor.via {
        store::sessions::delete(&state.db, token_hash).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, auth::session_clear_cookie())],
    ))
}

/// Who the caller is, with their settings.
#[utoipa::path(get, path = "/api/auth/me", operation_id = "me", tag = "auth",
    responses(
        (status = 200, description = "The signed-in operator", body = Me),
    ))]
async fn me(State(state): State<AppState>, actor: Actor) -> Result<AppJson<Me>, AppError> {
    me_of(&state, actor).await.map(AppJson)
}

async fn me_of(state: &AppState, actor: Actor) -> Result<Me, AppError> {
    let display_timezone = store::users::find(&state.db, actor.user_id)
        .await?
        .and_then(|user| user.display_timezone);
    Ok(Me {
        user_id: actor.user_id,
        auth: actor.method(),
        username: actor.username,
        display_timezone,
    })
}

/// Saves the caller's own settings: the zone the app shows times in.
#[utoipa::path(put, path = "/api/auth/me/settings", operation_id = "update_settings", tag = "auth",
    request_body = OperatorSettings,
    responses(
        (status = 200, description = "Saved; the operator with their settings", body = Me),
        (status = 422, description = "Not a timezone Outdial knows", body = ErrorBody),
    ))]
async fn update_settings(
    State(state): State<AppState>,
    actor: Actor,
    AppJson(input): AppJson<OperatorSettings>,
) -> Result<AppJson<Me>, AppError> {
    let zone = match input.display_timezone.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(name) => match Timezone::parse(name) {
            Some(zone) => Some(zone.name()),
            None => {
                return Err(AppError::invalid_field(
                    "display_timezone",
                    format!(
                        "\"{name}\" is not a timezone Outdial knows; choose one from the list \
                         (an IANA name such as Asia/Kolkata)."
                    ),
                ))
            }
        },
    };
    store::users::set_display_timezone(&state.db, actor.user_id, zone).await?;
    Ok(AppJson(Me {
        user_id: actor.user_id,
        auth: actor.method(),
        username: actor.username,
        display_timezone: zone.map(str::to_owned),
    }))
}

/// Changes the caller's password and signs out their other sessions.
#[utoipa::path(put, path = "/api/auth/password", operation_id = "change_password", tag = "auth",
    security(("session" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; every other session of this operator has ended"),
        (status = 403, description = "Called with an API token", body = ErrorBody),
        (status = 422, description = "The current password is wrong, or the new one is refused", body = ErrorBody),
        (status = 429, description = "Too many wrong current passwords; see Retry-After", body = ErrorBody),
    ))]
async fn change_password(
    State(state): State<AppState>,
    actor: Actor,
    AppJson(input): AppJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    actor.require_session()?;
    let Via::Session { token_hash } = &actor.via else {
        unreachable!("require_session admits sessions only")
    };
    let mut errors = FieldErrors::default();
    if input.current_password.is_empty() {
        errors.check::<()>(
            "current_password",
            Err("Enter your current password.".into()),
        );
    }
    if let Some(problem) = new_password_problem(&input.new_password, &input.current_password) {
        errors.check::<()>("new_password", Err(problem));
    }
    if errors.has_errors() {
        return Err(errors.into_error());
    }
    // Wrong current passwords count with failed sign-ins: a session left
    // open must not become a way to guess the password.
    let username = actor.username.as_str();
    if let Err(wait) = state.login_throttle.check(username) {
        return Err(throttled("wrong passwords", wait));
    }
    let stored = store::users::find(&state.db, actor.user_id)
        .await?
        .map(|user| user.password_hash);
    if !state
        .passwords
        .verify(input.current_password, stored)
        .await?
    {
        state.login_throttle.record_failure(username);
        return Err(AppError::invalid_field(
            "current_password",
            "The current password is wrong.",
        ));
    }
    state.login_throttle.record_success(username);
    let hash = state.passwords.hash(input.new_password).await?;
    let ended = store::users::change_password(&state.db, actor.user_id, &hash, token_hash).await?;
    store::audit::record(
        &state.db,
        None,
        &actor.audit_name(),
        "password_changed",
        &json!({ "other_sessions_ended": ended }),
        Timestamp::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
