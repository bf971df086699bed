//! API tokens: created and revoked by a signed-in operator, shown once,
//! accepted as `Authorization: Bearer`.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Auth, TestApp};

engine_tests!(
    a_new_token_authenticates_requests_and_is_listed_without_its_secret,
    a_revoked_token_is_refused,
    a_token_cannot_create_or_revoke_tokens,
    a_token_needs_a_name,
    a_bad_bearer_token_is_refused_even_with_a_valid_cookie,
);

async fn create_token(app: &TestApp, name: &str) -> (i64, String) {
    let body = app
        .post("/api/tokens", json!({ "name": name }))
        .await
        .expect(StatusCode::CREATED);
    let secret = body["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("odt_"), "{body}");
    assert_eq!(body["token"]["name"], name);
    assert_eq!(body["token"]["created_by"], "admin");
    assert_eq!(body["token"]["prefix"].as_str().unwrap(), &secret[..8]);
    assert!(body["token"]["last_used_at"].is_null());
    (body["token"]["id"].as_i64().unwrap(), secret)
}

async fn a_new_token_authenticates_requests_and_is_listed_without_its_secret(app: TestApp) {
    let (id, secret) = create_token(&app, "CRM feed").await;

    let me = app
        .request(
            Method::GET,
            "/api/auth/me",
            Auth::Bearer(secret.clone()),
            None,
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(me["username"], "admin");
    assert_eq!(me["auth"], "token");
    let bot = app
        .request(
            Method::POST,
            "/api/bots",
            Auth::Bearer(secret.clone()),
            Some(json!({ "name": "Fed" })),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(bot["name"], "Fed");

    let list = app.get("/api/tokens").await.expect(StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);
    assert!(list[0]["last_used_at"].is_string(), "{list}");
    assert!(
        !list.to_string().contains(&secret),
        "the list must not show the secret"
    );
    assert!(list[0].get("secret").is_none());

    let actions = app.audit_actions().await;
    assert_eq!(actions, ["token_created", "bot_created"]);
}

async fn a_revoked_token_is_refused(app: TestApp) {
    let (id, secret) = create_token(&app, "Nightly import").await;
    let (other_id, other_secret) = create_token(&app, "Other").await;
    app.delete(&format!("/api/tokens/{id}"))
        .await
        .expect(StatusCode::NO_CONTENT);

    let error = app
        .request(Method::GET, "/api/bots", Auth::Bearer(secret), None)
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    assert!(
        error["message"].as_str().unwrap().contains("revoked"),
        "{error}"
    );
    app.request(Method::GET, "/api/bots", Auth::Bearer(other_secret), None)
        .await
        .expect(StatusCode::OK);

    let list = app.get("/api/tokens").await.expect(StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], other_id);
    app.delete(&format!("/api/tokens/{id}"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    app.delete("/api/tokens/999999")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

async fn a_token_cannot_create_or_revoke_tokens(app: TestApp) {
    let (id, secret) = create_token(&app, "Script").await;
    app.request(
        Method::POST,
        "/api/tokens",
        Auth::Bearer(secret.clone()),
        Some(json!({ "name": "more" })),
    )
    .await
    .expect_error(StatusCode::FORBIDDEN, "forbidden");
    app.request(
        Method::DELETE,
        &format!("/api/tokens/{id}"),
        Auth::Bearer(secret.clone()),
        None,
    )
    .await
    .expect_error(StatusCode::FORBIDDEN, "forbidden");
    // It may still list them, and it still works.
    let list = app
        .request(Method::GET, "/api/tokens", Auth::Bearer(secret), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
}

async fn a_token_needs_a_name(app: TestApp) {
    for body in [json!({}), json!({ "name": "   " })] {
        let error = app
            .post("/api/tokens", body)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(error["fields"]["name"], "Name is required.");
    }
    assert_eq!(
        app.get("/api/tokens").await.expect(StatusCode::OK),
        json!([])
    );
}

async fn a_bad_bearer_token_is_refused_even_with_a_valid_cookie(app: TestApp) {
    use axum::body::Body;
    use axum::http::{header, Request};
    for authorization in ["Bearer odt_not-a-token", "Bearer ", "Basic YWRtaW46eA=="] {
        let request = Request::builder()
            .uri("/api/bots")
            .header(header::COOKIE, &app.admin_cookie)
            .header(header::AUTHORIZATION, authorization)
            .body(Body::empty())
            .unwrap();
        app.send(request)
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
}
