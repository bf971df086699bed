//! Signing in and out: `POST /api/auth/login` (open), `POST /api/auth/logout`
//! and `GET /api/auth/me` (protected).

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use outdial_shared::api::{AuthMethod, ErrorBody, LoginRequest, Me};

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
        let minutes = wait.as_secs().div_ceil(60);
        return Err(AppError::TooManyRequests {
            message: format!(
                "Too many failed sign-ins for this username; try again in {minutes} minute(s)."
            ),
            retry_after_secs: wait.as_secs().max(1),
        });
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
    };
    Ok((
        [(SET_COOKIE, auth::session_set_cookie(&session))],
        AppJson(me),
    ))
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

/// Who the caller is.
#[utoipa::path(get, path = "/api/auth/me", operation_id = "me", tag = "auth",
    responses(
        (status = 200, description = "The signed-in operator", body = Me),
    ))]
async fn me(actor: Actor) -> AppJson<Me> {
    AppJson(Me {
        user_id: actor.user_id,
        auth: actor.method(),
        username: actor.username,
    })
}
