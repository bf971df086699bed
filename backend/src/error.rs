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
    /// The path names nothing that exists.
    #[error("{0}")]
    NotFound(String),
    /// An unexpected failure; its text is logged, never sent.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
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
        let message = match &self {
            AppError::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed");
                "Something went wrong on the server. It has been logged.".to_string()
            }
            other => other.to_string(),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.to_string(),
                message,
                fields: BTreeMap::new(),
            },
        };
        (status, Json(body)).into_response()
    }
}
