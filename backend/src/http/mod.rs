//! The HTTP surface: `/api/*` routes, one module per resource, and the built
//! frontend for every other path.

mod health;

use axum::Router;
use tower_http::trace::TraceLayer;

use crate::db::Db;
use crate::error::AppError;
use crate::static_files;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
}

/// The whole application; tests call it with `oneshot` and no socket.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .fallback(|| async { AppError::NotFound("There is no such API route.".into()) });
    Router::new()
        .nest("/api", api)
        .merge(static_files::router())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
