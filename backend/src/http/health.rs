//! `GET /api/health`: liveness for operators, load balancers and tests.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use outdial_shared::api::Health;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// Liveness: answers whenever the server runs, and says whether this
/// instance's dialler is running, degraded (failing and retrying, with its
/// last error) or stopped.
#[utoipa::path(get, path = "/api/health", operation_id = "health", security(()), tag = "meta",
    responses((status = 200, body = Health)))]
pub(super) async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: state.db.engine(),
        dialler: state.dialler.report(),
    })
}
