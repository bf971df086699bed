//! Extractors that answer in the API's error shape instead of axum's plain
//! text: [`AppJson`] for bodies and [`AppPath`] for path parameters.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::error::AppError;

/// How large a JSON body may be. Routes that take files (CSV uploads) lift
/// this limit for themselves with `DefaultBodyLimit::disable()`.
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;

/// `Json` whose rejections are [`AppError`]s; also a response type.
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct AppJson<T>(pub T);

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(format!(
                "The body is larger than {} KiB.",
                JSON_BODY_LIMIT / 1024
            )),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType(
                "Send the body as JSON with `Content-Type: application/json`.".into(),
            ),
            StatusCode::UNPROCESSABLE_ENTITY => AppError::Validation {
                message: format!(
                    "The JSON does not have the expected shape: {}",
                    data_error(&rejection)
                ),
                fields: Default::default(),
            },
            _ => AppError::BadRequest("The body is not valid JSON.".into()),
        }
    }
}

/// serde's description of a shape mismatch, without axum's preamble. It
/// names the field and the expected type, and nothing of the server.
fn data_error(rejection: &JsonRejection) -> String {
    let text = rejection.body_text();
    text.strip_prefix("Failed to deserialize the JSON body into the target type: ")
        .unwrap_or(&text)
        .to_string()
}

/// `Path` whose rejections are [`AppError`]s: an id that is not a number
/// names nothing, so it is a 404.
#[derive(Debug, Clone, Copy, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct AppPath<T>(pub T);

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        AppError::NotFound("There is nothing at this path.".into())
    }
}
