//! One error type for every route. It renders as the API's single error shape
//! `{"error":{"code","message","fields"}}` and never sends internal text to a
//! client: unexpected failures are logged and answered with a generic 500.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use outdial_shared::api::{ErrorBody, ErrorDetail};

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed (e.g. its body is not JSON).
    #[error("{0}")]
    BadRequest(String),
    /// No valid session or API token came with the request, or sign-in failed.
    #[error("{0}")]
    Unauthorized(String),
    /// The caller is known but may not do this (e.g. a token managing tokens).
    #[error("{0}")]
    Forbidden(String),
    /// The path names nothing that exists.
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not for this method.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// The request clashes with the stored state (a duplicate, a resource in use).
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts; try again after `retry_after_secs`.
    #[error("{message}")]
    TooManyRequests {
        message: String,
        retry_after_secs: u64,
    },
    /// The body is larger than the route accepts.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body is not of a type the route reads.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The input was understood but breaks a rule; `fields` says which and why.
    #[error("{message}")]
    Validation {
        message: String,
        fields: BTreeMap<String, String>,
    },
    /// This server cannot do it as started (e.g. it places no calls).
    #[error("{0}")]
    Unavailable(String),
    /// An unexpected failure; its text is logged, never sent.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A validation error about one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::Validation {
            message: message.clone(),
            fields: BTreeMap::from([(field.to_string(), message)]),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            AppError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::Validation { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "validation"),
            AppError::TooManyRequests { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
            }
            AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::Internal(error.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let retry_after = match &self {
            AppError::TooManyRequests {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        };
        let (message, fields) = match self {
            AppError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                (
                    "Something went wrong on the server. It has been logged.".to_string(),
                    BTreeMap::new(),
                )
            }
            AppError::Validation { message, fields } => (message, fields),
            other => (other.to_string(), BTreeMap::new()),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.to_string(),
                message,
                fields,
            },
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

/// Turns the store's constraint violations into the API's answers, so a
/// duplicate name is a 409 that says so rather than a 500:
/// `store::bots::insert(..).await.on_unique_violation(|| AppError::Conflict(..))?`.
pub trait ConstraintViolation<T> {
    /// A unique constraint refused the write: answer with `conflict()`.
    fn on_unique_violation(self, conflict: impl FnOnce() -> AppError) -> Result<T, AppError>;
    /// A foreign key refused the write (a row still in use, or a missing parent).
    fn on_foreign_key_violation(self, conflict: impl FnOnce() -> AppError) -> Result<T, AppError>;
}

impl<T> ConstraintViolation<T> for Result<T, sqlx::Error> {
    fn on_unique_violation(self, conflict: impl FnOnce() -> AppError) -> Result<T, AppError> {
        self.map_err(|error| match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => conflict(),
            _ => error.into(),
        })
    }

    fn on_foreign_key_violation(self, conflict: impl FnOnce() -> AppError) -> Result<T, AppError> {
        self.map_err(|error| match &error {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => conflict(),
            _ => error.into(),
        })
    }
}
