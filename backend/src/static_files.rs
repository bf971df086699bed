//! The built frontend (Trunk's `dist/`), embedded into the binary at compile
//! time so that `outdial serve` alone serves the app. Any path that is not a
//! file gets `index.html`, so deep links such as `/dashboard/campaigns/new`
//! survive a reload; `/` redirects to the campaign list.

use axum::body::Body;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../dist"]
#[allow_missing = true]
struct Frontend;

/// Shown when the binary was built before the frontend was.
const NOT_BUILT: &str = "<!doctype html><title>Outdial</title><h1>Outdial</h1>\
<p>This binary was built without the web app. Build it first with \
<code>trunk build --release</code>, then <code>cargo build --release --bin outdial</code> \
(or use <code>scripts/run.sh</code>, which does both).</p>";

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/",
            get(|| async { Redirect::temporary("/dashboard/campaigns") }),
        )
        .fallback(get(serve))
}

async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(file) = Frontend::get(path) {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        // Trunk fingerprints the wasm, JS and CSS names, so they never change.
        let cache = if path.contains('-') && !path.ends_with(".html") {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        return (
            [
                (header::CONTENT_TYPE, mime.as_ref().to_string()),
                (header::CACHE_CONTROL, cache.to_string()),
            ],
            Body::from(file.data.into_owned()),
        )
            .into_response();
    }
    if looks_like_a_file(path) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match Frontend::get("index.html") {
        Some(index) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            Body::from(index.data.into_owned()),
        )
            .into_response(),
        None => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            NOT_BUILT,
        )
            .into_response(),
    }
}

/// A missing `/app-123.wasm` is a 404, not the app shell.
fn looks_like_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::looks_like_a_file;

    #[test]
    fn app_routes_are_not_mistaken_for_files() {
        assert!(!looks_like_a_file("dashboard/campaigns/new"));
        assert!(looks_like_a_file("outdial-frontend-1a2b.wasm"));
    }
}
