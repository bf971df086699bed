//! Who is calling: operators sign in for a session cookie, scripts send an
//! API token. [`require_actor`] guards every protected `/api` route and puts
//! the [`Actor`] into the request, which handlers take as an extractor.
//!
//! Secrets (session cookies, tokens) are random, sent to the client once, and
//! stored only as their SHA-256 hash; passwords are hashed with argon2 off the
//! async executor (see [`password`]).

pub mod bootstrap;
pub mod password;
pub mod secret;
pub mod throttle;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use outdial_shared::api::AuthMethod;

use crate::error::AppError;
use crate::http::AppState;
use crate::store::{self, Timestamp};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "outdial_session";

/// How long a session lasts after sign-in.
pub const SESSION_LIFETIME: chrono::Duration = chrono::Duration::days(7);

/// The operator (or the operator's token) behind a request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub via: Via,
}

/// Which credential authenticated the request.
#[derive(Debug, Clone)]
pub enum Via {
    /// A session; `token_hash` identifies it for sign-out.
    Session { token_hash: String },
    /// An API token.
    Token { token_id: i64 },
}

impl Actor {
    pub fn method(&self) -> AuthMethod {
        match self.via {
            Via::Session { .. } => AuthMethod::Session,
            Via::Token { .. } => AuthMethod::Token,
        }
    }

    /// How the audit trail names this actor: `user:admin` or `token:3`.
    pub fn audit_name(&self) -> String {
        match self.via {
            Via::Session { .. } => format!("user:{}", self.username),
            Via::Token { token_id } => format!("token:{token_id}"),
        }
    }

    /// Refuses requests made with an API token: managing tokens is for a
    /// signed-in operator, so a leaked token cannot mint more.
    pub fn require_session(&self) -> Result<(), AppError> {
        match self.via {
            Via::Session { .. } => Ok(()),
            Via::Token { .. } => Err(AppError::Forbidden(
                "API tokens cannot manage tokens; sign in as an operator.".into(),
            )),
        }
    }
}

fn unauthorized() -> AppError {
    AppError::Unauthorized(
        "Sign in, or send an API token as `Authorization: Bearer <token>`.".into(),
    )
}

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .ok_or_else(unauthorized)
    }
}

/// Middleware for the protected routes: authenticates the request or answers 401.
pub async fn require_actor(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let actor = authenticate(&state, request.headers()).await?;
    request.extensions_mut().insert(actor);
    Ok(next.run(request).await)
}

/// A bearer token wins over a cookie; a bearer token that does not work is a
/// 401 even when a valid cookie came along.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Actor, AppError> {
    let now = Timestamp::now();
    if let Some(value) = headers.get(AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(unauthorized)?;
        let user = store::tokens::authenticate(&state.db, &secret::hash(token), now)
            .await?
            .ok_or_else(|| {
                AppError::Unauthorized("The API token is not valid or was revoked.".into())
            })?;
        return Ok(Actor {
            user_id: user.user_id,
            username: user.username,
            via: Via::Token {
                token_id: user.token_id,
            },
        });
    }
    let cookie = session_cookie(headers).ok_or_else(unauthorized)?;
    let token_hash = secret::hash(&cookie);
    let user = store::sessions::find_live(&state.db, &token_hash, now)
        .await?
        .ok_or_else(|| AppError::Unauthorized("Your session has ended; sign in again.".into()))?;
    Ok(Actor {
        user_id: user.user_id,
        username: user.username,
        via: Via::Session { token_hash },
    })
}

/// The value of the `outdial_session` cookie, from any `Cookie` header.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

/// The `Set-Cookie` value that starts a session.
pub fn session_set_cookie(secret: &str) -> String {
    format!(
        "{SESSION_COOKIE}={secret}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}",
        SESSION_LIFETIME.num_seconds()
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn session_clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(
            COOKIE,
            HeaderValue::from_static("a=1; outdial_session=abc ; b=2"),
        );
        assert_eq!(session_cookie(&headers).as_deref(), Some("abc"));
    }

    #[test]
    fn an_empty_session_cookie_is_no_cookie() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("outdial_session="));
        assert_eq!(session_cookie(&headers), None);
    }
}
