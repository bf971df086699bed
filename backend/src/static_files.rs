//! The built frontend (Trunk's `dist/`), embedded into the binary at compile
//! time so that `outdial serve` alone serves the app. Any path that is not a
//! file gets `index.html`, so deep links such as `/dashboard/campaigns/new`
//! survive a reload; `/` redirects to the campaign list. A browser that
//! accepts gzip gets the `.gz` copy the build wrote beside a file
//! (scripts/build-page.sh compresses the page's wasm, JS and CSS once, at
//! `gzip -9`), so the page downloads compressed without the server
//! compressing on every request.

use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode, Uri};
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

async fn serve(uri: Uri, request: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if let Some(file) = Frontend::get(path) {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let cache = if fingerprinted(path) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            mime.as_ref().parse().expect("a MIME type"),
        );
        headers.insert(header::CACHE_CONTROL, cache.parse().expect("a cache rule"));
        // Caches must keep the gzip and plain answers apart.
        headers.insert(
            header::VARY,
            "accept-encoding".parse().expect("a header name"),
        );
        let gzipped = accepts_gzip(&request)
            .then(|| Frontend::get(&format!("{path}.gz")))
            .flatten();
        let data = match gzipped {
            Some(gz) => {
                headers.insert(header::CONTENT_ENCODING, "gzip".parse().expect("gzip"));
                gz.data
            }
            None => file.data,
        };
        return (headers, Body::from(data.into_owned())).into_response();
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

/// Whether the browser said it takes gzip (`Accept-Encoding: gzip, br`;
/// not `gzip;q=0`).
fn accepts_gzip(request: &HeaderMap) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let weight = parts
                .find_map(|part| part.strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
            (name.eq_ignore_ascii_case("gzip") || name == "*") && weight.is_some_and(|q| q > 0.0)
        })
}

/// Whether a file's address names its content, so that a browser may keep
/// it for good: a name with Trunk's hash (`main-1a2b3c4d5e6f7a8b.css`), or
/// anything in the page's folder (`page-1a2b3c4d5e6f7a8b/…`, named by
/// scripts/build-page.sh for the hash of all it holds). Anything else
/// (`index.html`, the icon, and the CSV check's worker, whose names Trunk
/// leaves unhashed because the page creates it by name) is checked each time.
fn fingerprinted(path: &str) -> bool {
    // Trunk writes its 64-bit hash as `{:x}`, without leading zeros.
    let hashed = |name: &str| {
        name.match_indices('-').any(|(at, _)| {
            let rest = &name.as_bytes()[at + 1..];
            let digits = rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
            (8..=16).contains(&digits) && matches!(rest.get(digits), None | Some(b'.' | b'_'))
        })
    };
    match path.split_once('/') {
        Some((folder, _)) => folder.starts_with("page-") && hashed(folder),
        None => hashed(path),
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
    use axum::http::{header, HeaderMap};

    use super::{accepts_gzip, fingerprinted, looks_like_a_file};

    #[test]
    fn gzip_goes_only_to_a_browser_that_takes_it() {
        let asking = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_ENCODING, value.parse().unwrap());
            accepts_gzip(&headers)
        };
        assert!(asking("gzip, deflate, br, zstd"));
        assert!(asking("br;q=1.0, gzip;q=0.8"));
        assert!(asking("*"));
        assert!(!asking("br, zstd"));
        assert!(!asking("gzip;q=0, br"));
        assert!(!asking("gzip; q=0.000"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn only_names_that_carry_their_content_hash_are_cached_for_good() {
        for kept in [
            "main-1a2b3c4d5e6f7a8b.css",
            "favicon-9a0b1c2d3e4f5a6.svg",
            "page-0123456789abcdef/outdial-frontend.js",
            "page-0123456789abcdef/split_campaigns.wasm",
        ] {
            assert!(fingerprinted(kept), "{kept}");
        }
        for checked in [
            "index.html",
            "csv-worker_loader.js",
            "csv-worker_bg.wasm",
            "csv-worker.js",
            "favicon-a1b2.svg",
            "page-0123/outdial-frontend.js",
            "other-0123456789abcdef/x.js",
            "main-0123456789abcdefg.css",
        ] {
            assert!(!fingerprinted(checked), "{checked}");
        }
    }

    #[test]
    fn app_routes_are_not_mistaken_for_files() {
        assert!(!looks_like_a_file("dashboard/campaigns/new"));
        assert!(looks_like_a_file("outdial-frontend-1a2b.wasm"));
    }
}
