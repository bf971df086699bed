//! Extractors that answer in the API's error shape instead of axum's plain
//! text: [`AppJson`] for bodies and [`AppPath`] for path parameters.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::AppError;

/// How large a JSON body may be. Routes that take files (CSV uploads) lift
/// this limit for themselves with `DefaultBodyLimit::disable()`.
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;

/// `Json` whose rejections are [`AppError`]s; also a response type.
///
/// Every JSON body the API reads is an object, and only an object is read:
/// serde would otherwise fill a struct from an array of its fields in
/// order (`[null, null]` was a valid bot patch), a shape no client means
/// and the document does not describe.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJson<T>(pub T);

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let Json(value) = Json::<Value>::from_request(request, state).await?;
        if !value.is_object() {
            return Err(AppError::Validation {
                message: "The body must be a JSON object.".into(),
                fields: Default::default(),
            });
        }
        serde_path_to_error::deserialize(value)
            .map(AppJson)
            .map_err(|error| AppError::Validation {
                message: format!("The JSON does not have the expected shape: {error}"),
                fields: Default::default(),
            })
    }
}

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
