//! The one error shape, for malformed requests and unexpected failures.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use crate::helpers::{Auth, TestApp};

engine_tests!(
    malformed_json_is_a_400_in_the_error_shape,
    json_of_the_wrong_shape_is_a_422,
    a_body_that_is_not_json_is_a_415,
    a_body_over_one_mebibyte_is_a_413,
    unknown_routes_and_methods_answer_in_the_error_shape,
    a_store_failure_is_a_500_that_hides_its_cause,
);

fn raw(
    app: &TestApp,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, &app.admin_cookie);
    if let Some(content_type) = content_type {
        builder = builder.header(header::CONTENT_TYPE, content_type);
    }
    builder.body(body.into()).unwrap()
}

async fn malformed_json_is_a_400_in_the_error_shape(app: TestApp) {
    for body in ["{\"name\": ", "not json", ""] {
        let request = raw(
            &app,
            Method::POST,
            "/api/bots",
            Some("application/json"),
            body,
        );
        let error = app
            .send(request)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "bad_request");
        assert_eq!(error["message"], "The body is not valid JSON.");
    }
    let request = raw(
        &app,
        Method::POST,
        "/api/auth/login",
        Some("application/json"),
        "{",
    );
    app.send(request)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "bad_request");
}

async fn json_of_the_wrong_shape_is_a_422(app: TestApp) {
    let error = app
        .post("/api/bots", json!({ "name": 5 }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(
        error["message"].as_str().unwrap().contains("name"),
        "{error}"
    );
    app.post("/api/bots", json!({ "name": "ok", "ready": "yes" }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(app.get("/api/bots").await.expect(StatusCode::OK), json!([]));
}

async fn a_body_that_is_not_json_is_a_415(app: TestApp) {
    let request = raw(
        &app,
        Method::POST,
        "/api/bots",
        Some("text/plain"),
        "{\"name\":\"x\"}",
    );
    app.send(request)
        .await
        .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let request = raw(&app, Method::POST, "/api/bots", None, "{\"name\":\"x\"}");
    app.send(request)
        .await
        .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
}

async fn a_body_over_one_mebibyte_is_a_413(app: TestApp) {
    let big = json!({ "name": "x", "description": "y".repeat(1024 * 1024) }).to_string();
    let request = raw(
        &app,
        Method::POST,
        "/api/bots",
        Some("application/json"),
        big,
    );
    let error = app
        .send(request)
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert!(
        error["message"].as_str().unwrap().contains("1024 KiB"),
        "{error}"
    );
    // Just under the limit is read (and then refused by the description rule).
    let near = json!({ "name": "x", "description": "y".repeat(1000 * 1000) }).to_string();
    let request = raw(
        &app,
        Method::POST,
        "/api/bots",
        Some("application/json"),
        near,
    );
    app.send(request)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
}

async fn unknown_routes_and_methods_answer_in_the_error_shape(app: TestApp) {
    app.get("/api/no-such-thing")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    app.request(Method::PUT, "/api/bots", Auth::Admin, Some(json!({})))
        .await
        .expect_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    app.request(Method::DELETE, "/api/health", Auth::Anonymous, None)
        .await
        .expect_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
}

async fn a_store_failure_is_a_500_that_hides_its_cause(app: TestApp) {
    // Health needs no store; everything else checks the session in it.
    app.db.close().await;
    let error = app
        .request(Method::GET, "/api/health", Auth::Anonymous, None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(error["status"], "ok");
    let error = app
        .get("/api/bots")
        .await
        .expect_error(StatusCode::INTERNAL_SERVER_ERROR, "internal");
    assert_eq!(
        error["message"],
        "Something went wrong on the server. It has been logged."
    );
    assert!(error.get("fields").is_none());
    let text = error.to_string().to_lowercase();
    assert!(!text.contains("pool") && !text.contains("sqlx"), "{error}");
}
